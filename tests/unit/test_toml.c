/* The TOML reader: the keys other tools' settings use, each kind of string, and broken text
 * that must be refused with the file and line named. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
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

int main(void)
{
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
