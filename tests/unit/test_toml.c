/* The TOML reader: the keys other tools' settings use, each kind of string, and broken text
 * that must be refused with the file and line named. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "path.h"
#include "toml.h"

static int get(const char *text, const char *const *key, struct toml_val *v, struct err *e)
{
        return toml_get(text, strlen(text), "t.toml", key, v, e);
}

static void want_str(const char *text, const char *const *key, const char *want)
{
        struct toml_val v;
        struct err e = {{0}};
        int rc = get(text, key, &v, &e);
        if (rc != 1 || v.type != TOML_STRING) {
                fprintf(stderr, "for [%s]: rc %d type %d (%s)\n", text, rc,
                        rc == 1 ? (int)v.type : -1, e.msg);
                check_failures++;
        } else {
                CHECK_STR(v.str, want);
        }
        toml_val_free(&v);
}

static void want_err(const char *text, const char *msg)
{
        static const char *const k[] = {"a", NULL};
        struct toml_val v;
        struct err e = {{0}};
        int rc = get(text, k, &v, &e);
        CHECK(rc < 0);
        if (rc < 0 && !strstr(e.msg, msg)) {
                fprintf(stderr, "for [%s]: message [%s], want [%s]\n", text, e.msg, msg);
                check_failures++;
        }
}

/* The type (and, for a string, the value) key has in text: rc 1 and that type, or rc 0. */
static void want_type(const char *text, const char *const *key, int rc_want, enum toml_type t)
{
        struct toml_val v;
        struct err e = {{0}};
        int rc = get(text, key, &v, &e);
        if (rc != rc_want || (rc == 1 && v.type != t)) {
                fprintf(stderr, "for key %s.%s...: rc %d type %d, want rc %d type %d (%s)\n",
                        key[0], key[1] ? key[1] : "", rc, rc == 1 ? (int)v.type : -1, rc_want,
                        (int)t, e.msg);
                check_failures++;
        }
        toml_val_free(&v);
}

/* A file from tests/unit/fixtures (see its README: what real tools wrote), malloc'd. */
static char *fixture(const char *dir, const char *name)
{
        char *path = path_join(dir, name), *text = NULL;
        size_t len;
        struct err e = {{0}};
        if (!path || file_read(path, TOML_MAX, &text, &len, &e) < 0) {
                fprintf(stderr, "cannot read the fixture %s: %s\n", name, e.msg);
                exit(1);
        }
        free(path);
        return text;
}

/* text with the bytes [from, to) moved to the front. */
static char *move_to_front(const char *text, const char *from, const char *to)
{
        const char *a = strstr(text, from), *b = a ? strstr(a, to) : NULL;
        if (!b) {
                fprintf(stderr, "the fixture no longer holds %s followed by %s\n", from, to);
                exit(1);
        }
        size_t n = strlen(text);
        char *out = malloc(n + 1);
        if (!out)
                exit(1);
        size_t k = (size_t)(b - a);
        memcpy(out, a, k);
        memcpy(out + k, text, (size_t)(a - text));
        strcpy(out + k + (size_t)(a - text), b);
        return out;
}

/* The same project written with dotted keys only: [tool.poetry]'s and
 * [tool.poetry.dependencies]' keys become poetry.KEY and poetry.dependencies.KEY under one
 * [tool], and the tables after them (the [[tool.poetry.source]] array) are dropped, so that
 * no header names tool.poetry at all. Poetry itself reads the result (adopt_tools.bats). */
static char *dotted(const char *text)
{
        size_t n = strlen(text);
        /* each prefixed line gains at most 20 bytes and is at least 2 long */
        char *out = malloc(11 * n + 64), *o = out;
        const char *prefix = NULL;
        if (!out)
                exit(1);
        for (const char *l = text; *l;) {
                const char *end = strchr(l, '\n');
                size_t len = end ? (size_t)(end - l + 1) : strlen(l);
                if (!strncmp(l, "[tool.poetry]\n", 14)) {
                        o += sprintf(o, "[tool]\n");
                        prefix = "poetry.";
                } else if (!strncmp(l, "[tool.poetry.dependencies]\n", 27)) {
                        prefix = "poetry.dependencies.";
                } else if (!strncmp(l, "[[", 2)) {
                        break;
                } else {
                        if (*l == '[')
                                prefix = NULL;
                        if (prefix && *l >= 'a' && *l <= 'z')
                                o += sprintf(o, "%s", prefix);
                        memcpy(o, l, len);
                        o += len;
                }
                l += len;
        }
        *o = '\0';
        return out;
}

/* pyproject.toml and poetry.toml as Poetry 1.3.2 writes them (tests/unit/fixtures/README.md):
 * every key the Poetry convention reads, and the tables around them. */
static void poetry_files(const char *dir)
{
        static const char *const k_tool[] = {"tool", NULL};
        static const char *const k_poetry[] = {"tool", "poetry", NULL};
        static const char *const k_name[] = {"tool", "poetry", "name", NULL};
        static const char *const k_readme[] = {"tool", "poetry", "readme", NULL};
        static const char *const k_packages[] = {"tool", "poetry", "packages", NULL};
        static const char *const k_pkg_include[] = {"tool", "poetry", "packages", "include", NULL};
        static const char *const k_deps[] = {"tool", "poetry", "dependencies", NULL};
        static const char *const k_python[] = {"tool", "poetry", "dependencies", "python", NULL};
        static const char *const k_source[] = {"tool", "poetry", "source", NULL};
        static const char *const k_source_name[] = {"tool", "poetry", "source", "name", NULL};
        static const char *const k_build[] = {"build-system", NULL};
        static const char *const k_backend[] = {"build-system", "build-backend", NULL};
        static const char *const k_requires[] = {"build-system", "requires", NULL};
        static const char *const k_project[] = {"project", "name", NULL};
        char *py = fixture(dir, "poetry-new.pyproject.toml");

        want_str(py, k_name, "demo-app");
        want_type(py, k_poetry, 1, TOML_TABLE);
        want_type(py, k_packages, 1, TOML_OTHER);
        /* packages = [{include = "demo_app"}]: a table in an array is no table we read */
        want_type(py, k_pkg_include, 0, TOML_OTHER);
        want_type(py, k_deps, 1, TOML_TABLE);
        want_str(py, k_python, "^3.11");
        /* the array of tables is there, but its keys are no table's we read */
        want_type(py, k_source, 1, TOML_OTHER);
        want_type(py, k_source_name, 0, TOML_OTHER);
        want_type(py, k_project, 0, TOML_OTHER);
        /* the [table] after the [[array]]: it exists, and its keys are read again */
        want_type(py, k_build, 1, TOML_TABLE);
        want_str(py, k_backend, "poetry.core.masonry.api");
        want_type(py, k_requires, 1, TOML_OTHER);

        /* the array of tables first, as a hand-edited file may have it: every table after
         * it is read as before */
        char *moved = move_to_front(py, "[[tool.poetry.source]]", "[build-system]");
        want_str(moved, k_name, "demo-app");
        want_str(moved, k_readme, "README.md");
        want_str(moved, k_python, "^3.11");
        want_str(moved, k_backend, "poetry.core.masonry.api");
        want_type(moved, k_source_name, 0, TOML_OTHER);
        free(moved);

        /* dotted keys alone make the tables they pass through */
        char *d = dotted(py);
        CHECK(strstr(d, "\npoetry.name = \"demo-app\"\n") && !strstr(d, "[tool.poetry"));
        want_type(d, k_tool, 1, TOML_TABLE);
        want_type(d, k_poetry, 1, TOML_TABLE);
        want_type(d, k_deps, 1, TOML_TABLE);
        want_str(d, k_name, "demo-app");
        want_str(d, k_python, "^3.11");
        want_type(d, k_source, 0, TOML_OTHER);
        free(d);
        free(py);

        static const char *const k_venvs[] = {"virtualenvs", NULL};
        static const char *const k_inproj[] = {"virtualenvs", "in-project", NULL};
        static const char *const k_path[] = {"virtualenvs", "path", NULL};
        char *local = fixture(dir, "poetry-new.poetry.toml");
        struct toml_val v;
        struct err e = {{0}};
        CHECK(get(local, k_inproj, &v, &e) == 1 && v.type == TOML_BOOL && v.b == 1);
        want_type(local, k_venvs, 1, TOML_TABLE);
        want_type(local, k_path, 0, TOML_OTHER);
        free(local);
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: test_toml FIXTURES-DIR\n");
                return 2;
        }
        poetry_files(argv[1]);
        static const char *const name[] = {"tool", "poetry", "name", NULL};
        static const char *const poetry[] = {"tool", "poetry", NULL};
        static const char *const a[] = {"a", NULL};
        static const char *const inproj[] = {"virtualenvs", "in-project", NULL};
        static const char *const minor[] = {"proj-AbC_12-x", "minor", NULL};
        struct toml_val v;
        struct err e = {{0}};

        const char *py = "# comment\n[build-system]\nrequires = [\"poetry-core\", # c\n"
                         "  \"x]\"]\n\n[tool.poetry]\nname = \"demo\" # trailing\n"
                         "version = \"0.1.0\"\n[tool.poetry.dependencies]\n"
                         "python = {version = \"^3.11\", extras = [\"a\", {b = 1}]}\n"
                         "date = 1979-05-27 07:32:00Z\nn = -1_000.5e3\n";
        want_str(py, name, "demo");
        CHECK(get(py, poetry, &v, &e) == 1 && v.type == TOML_TABLE);
        CHECK(get(py, a, &v, &e) == 0);
        /* dotted keys, quoted keys, whitespace around dots */
        want_str("tool . \"poetry\".'name' = 'x'\n", name, "x");
        want_str("[tool]\npoetry.name = \"y\"\n", name, "y");
        want_str("[ tool . poetry ]\r\nname = \"crlf\"\r\n", name, "crlf");
        /* an inline table in envs.toml, and the key's characters */
        want_str("\"proj-AbC_12-x\" = { minor = \"3.12\", patch = \"3.12.1\" }\n", minor, "3.12");
        want_str("[proj-AbC_12-x]\nminor = \"3.11\"\n", minor, "3.11");
        /* booleans */
        CHECK(get("[virtualenvs]\nin-project = true\n", inproj, &v, &e) == 1 &&
              v.type == TOML_BOOL && v.b == 1);
        CHECK(get("virtualenvs.in-project = false\n", inproj, &v, &e) == 1 && v.type == TOML_BOOL &&
              v.b == 0);
        CHECK(get("virtualenvs.in-project = \"true\"\n", inproj, &v, &e) == 1 &&
              v.type == TOML_STRING);
        toml_val_free(&v);
        /* escapes and the four kinds of string */
        want_str("a = \"q\\\"\\\\\\t\\u00e9\\U0001F600\"\n", a, "q\"\\\t\xc3\xa9\xf0\x9f\x98\x80");
        want_str("a = 'C:\\no\\escape'\n", a, "C:\\no\\escape");
        want_str("a = \"\"\"\nline1\n  line2 \\\n   joined\"\"\"\n", a, "line1\n  line2 joined");
        want_str("a = '''\nraw \\n ''quoted'''''\n", a, "raw \\n ''quoted''");
        want_str("a = \"\"\n", a, "");
        /* keys inside [[arrays of tables]] are never the ones we look for */
        CHECK(get("[[a]]\nb = 1\n", a, &v, &e) == 1 && v.type == TOML_OTHER);
        static const char *const ab[] = {"a", "b", NULL};
        CHECK(get("[[a]]\nb = \"x\"\n", ab, &v, &e) == 0);
        /* the first definition wins */
        want_str("a = \"1\"\na = \"2\"\n", a, "1");

        want_err("a = \"open\n", "t.toml:1: a string is not closed on its line");
        want_err("\n\na = \"\\q\"\n", "t.toml:3: an unknown escape");
        want_err("a = bare\n", "t.toml:1: a value that is not a string");
        want_err("a = \"x\" b\n", "expected the end of the line");
        want_err("[a\n", "expected ] after a table name");
        want_err("a = [1, 2\n", "expected , or ] in an array");
        want_err("a = {b = 1\n", "expected , or } in an inline table");
        want_err("a = \"\\u0000\"\n", "not a character we accept");
        want_err("a = \"\\ud800\"\n", "not a character we accept");
        want_err("= 1\n", "expected a key");
        want_err("a\n", "expected = after a key");
        want_err("a = \"x\x01\"\n", "a control character in a string");
        want_err("a = '''x\n", "a string is not closed");
        want_err("a = \"\"\"x\"\"\"\"\"\"\n", "too many quotes");
        CHECK(toml_get("a = 1\0", 6, "t.toml", a, &v, &e) < 0 && strstr(e.msg, "NUL"));
        /* deep nesting is refused, not a stack overflow */
        char deep[400] = "a = ";
        for (int i = 0; i < 200; i++)
                strcat(deep, "[");
        want_err(deep, "nest too deep");
        return CHECK_DONE();
}
