/* Poetry's convention: where `poetry env info -p` would say the project's venv is, found
 * without running poetry (half a second). The rules are Poetry's EnvManager.get and
 * generate_env_name (poetry/utils/env.py in 1.x, poetry/utils/env/env_manager.py in 2.x) and
 * Config.get (poetry/config/config.py): settings come from POETRY_* variables first, then the
 * project's poetry.toml, then the user's config.toml. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conv_hit.h"
#include "conv_tools.h"
#include "path.h"
#include "toml.h"

struct settings {
        const char *local; /* the project's poetry.toml */
        char *user;        /* the user's config.toml */
};

/* The venv settings a project's poetry.toml can hold: those EnvManager reads. */
static const char *const k_inproj[] = {"virtualenvs", "in-project", NULL};
static const char *const k_create[] = {"virtualenvs", "create", NULL};
static const char *const k_vpath[] = {"virtualenvs", "path", NULL};
static const char *const k_cache[] = {"cache-dir", NULL};

/* One setting as Poetry's Config.get finds it. Returns 1 with *s (malloc'd) or *b filled, 0
 * when unset, negative on a broken file. env is the POETRY_* variable's name. */
static int setting(const struct settings *st, const char *const *key, const char *env,
                   int want_bool, char **s, int *b, struct err *e)
{
        const char *v = getenv(env);
        if (v) {
                /* Poetry's boolean_normalizer: only these two spellings are true */
                if (want_bool)
                        *b = !strcmp(v, "true") || !strcmp(v, "1");
                else if (!(*s = strdup(v)))
                        return err_set(e, -ENOMEM, "out of memory");
                return 1;
        }
        const char *files[] = {st->local, st->user};
        for (size_t i = 0; i < 2; i++) {
                if (!files[i])
                        continue;
                struct toml_val t;
                int rc = toml_get_file(files[i], key, &t, e);
                if (rc < 0)
                        return rc;
                if (rc == 0)
                        continue;
                if (want_bool && t.type == TOML_BOOL) {
                        *b = t.b;
                        return 1;
                }
                if (!want_bool && t.type == TOML_STRING) {
                        *s = t.str;
                        return 1;
                }
                toml_val_free(&t);
                return err_set(e, ERR_FAIL, "%s: %s.%s is not %s", files[i], key[0], key[1],
                               want_bool ? "true or false" : "a string");
        }
        return 0;
}

/* Config.virtualenvs_path: virtualenvs.path with "{cache-dir}" replaced, "~" expanded. */
static char *venvs_path(const struct settings *st, const char *dir, struct err *e)
{
        char *path = NULL, *cache = NULL;
        int rc = setting(st, k_vpath, "POETRY_VIRTUALENVS_PATH", 0, &path, NULL, e);
        if (rc < 0)
                return NULL;
        if (!path || strstr(path, "{cache-dir}")) {
                rc = setting(st, k_cache, "POETRY_CACHE_DIR", 0, &cache, NULL, e);
                if (rc < 0) {
                        free(path);
                        return NULL;
                }
                if (!cache || !cache[0]) {
                        free(cache);
                        cache = xdg_path(XDG_CACHE, "pypoetry");
                }
        }
        char *out = NULL;
        if (!path) {
                out = cache ? path_join(cache, "virtualenvs") : NULL;
        } else if (cache) {
                char *at = strstr(path, "{cache-dir}");
                size_t n = strlen(path) + strlen(cache);
                if ((out = malloc(n)))
                        snprintf(out, n, "%.*s%s%s", (int)(at - path), path, cache,
                                 at + strlen("{cache-dir}"));
        } else {
                out = strdup(path);
        }
        free(path);
        free(cache);
        char *home = out ? tool_expanduser(out) : NULL;
        free(out);
        /* poetry resolves a relative path against where it runs: the project, in practice */
        char *abs = home ? path_resolve(dir, home, e) : NULL;
        if (!home)
                err_set(e, ERR_FAIL, "Poetry's virtualenvs.path: HOME is not an absolute path");
        free(home);
        return abs;
}

/* The first executable NAME on PATH, malloc'd, or NULL. */
static char *on_path(const char *name)
{
        const char *p = getenv("PATH");
        while (p && *p) {
                const char *end = strchr(p, ':');
                size_t n = end ? (size_t)(end - p) : strlen(p);
                char cand[PATH_MAX];
                if (n && n + strlen(name) + 2 < sizeof cand) {
                        snprintf(cand, sizeof cand, "%.*s/%s", (int)n, p, name);
                        if (access(cand, X_OK) == 0)
                                return strdup(cand);
                }
                if (!end)
                        break;
                p = end + 1;
        }
        return NULL;
}

/* "3.12" when the interpreter at path resolves to a file named python3.12, else NULL: we read
 * links, never run it. */
static char *minor_of(const char *path)
{
        char real[PATH_MAX];
        unsigned minor;
        char tail, v[16];
        if (!path || !realpath(path, real) ||
            sscanf(path_base(real), "python3.%u%c", &minor, &tail) != 1)
                return NULL;
        snprintf(v, sizeof v, "3.%u", minor);
        return strdup(v);
}

/* The Python version Poetry makes and uses envs for when `poetry env use` has not chosen:
 * Poetry 1 uses the interpreter it runs on (its script's #! line), Poetry 2 the python3 on
 * PATH. The first that names its version wins. */
static char *default_minor(void)
{
        char *poetry = on_path("poetry");
        char line[PATH_MAX] = "";
        FILE *f = poetry ? fopen(poetry, "re") : NULL;
        free(poetry);
        if (f) {
                if (!fgets(line, sizeof line, f))
                        line[0] = '\0';
                fclose(f);
        }
        char *minor = NULL;
        if (line[0] == '#' && line[1] == '!') {
                line[strcspn(line, " \t\r\n")] = '\0';
                minor = minor_of(line + 2);
        }
        if (!minor) {
                char *py = on_path("python3");
                minor = minor_of(py);
                free(py);
        }
        return minor;
}

/* Which {base}-py{X.Y} under venvs is the project's when envs.toml does not say (see
 * docs/migrating.md): the one for default_minor(), else the only one there is. Several
 * and none for that version: no choice we could defend, so none. */
static char *pick_env(const char *venvs, const char *base)
{
        char *minor = default_minor();
        if (minor) {
                char name[256];
                snprintf(name, sizeof name, "%s-py%s", base, minor);
                free(minor);
                char *p = path_join(venvs, name);
                if (p && tool_is_venv(p))
                        return p;
                free(p);
        }
        DIR *d = opendir(venvs);
        if (!d)
                return NULL;
        char *only = NULL;
        int count = 0;
        size_t bl = strlen(base);
        struct dirent *de;
        while ((de = readdir(d))) {
                unsigned maj, min;
                int used = 0;
                if (strncmp(de->d_name, base, bl) != 0 ||
                    sscanf(de->d_name + bl, "-py%u.%u%n", &maj, &min, &used) != 2 ||
                    de->d_name[bl + (size_t)used] != '\0')
                        continue;
                char *p = path_join(venvs, de->d_name);
                if (p && tool_is_venv(p) && ++count == 1) {
                        only = p;
                        continue;
                }
                free(p);
        }
        closedir(d);
        if (count == 1)
                return only;
        free(only);
        return NULL;
}

/* The venv Poetry's env use chose, from envs.toml: 1 with *out, 0 when it has no entry, or
 * negative for a broken file. */
static int env_use(const char *venvs, const char *base, char **out, struct err *e)
{
        char *file = path_join(venvs, "envs.toml");
        if (!file)
                return err_set(e, -ENOMEM, "out of memory");
        const char *const key[] = {base, "minor", NULL};
        struct toml_val t;
        int rc = toml_get_file(file, key, &t, e);
        if (rc == 1 && t.type != TOML_STRING)
                rc = err_set(e, ERR_FAIL, "%s: [%s] minor is not a string", file, base);
        else if (rc == 1 && (strchr(t.str, '/') || !strcmp(t.str, "..") || !t.str[0]))
                rc = err_set(e, ERR_FAIL, "%s: [%s] minor is not a Python version", file, base);
        if (rc == 1) {
                char name[256];
                snprintf(name, sizeof name, "%s-py%s", base, t.str);
                *out = path_join(venvs, name);
                if (!*out)
                        rc = err_set(e, -ENOMEM, "out of memory");
        }
        if (rc == 1)
                toml_val_free(&t);
        free(file);
        return rc;
}

/* The project's name: [tool.poetry] name, or (Poetry 2) [project] name. Returns 1 when DIR is
 * a Poetry project, 0 when not, negative when its pyproject.toml is broken. */
static int project_name(const char *pyproject, int locked, char **name, const char **from,
                        struct err *e)
{
        static const char *const k_tool[] = {"tool", "poetry", NULL};
        static const char *const k_name[] = {"tool", "poetry", "name", NULL};
        static const char *const k_pep621[] = {"project", "name", NULL};
        char *text;
        size_t len;
        int rc = file_read(pyproject, TOML_MAX, &text, &len, e);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        struct toml_val t;
        rc = toml_get(text, len, pyproject, k_tool, &t, e);
        if (rc < 0) {
                /* someone else's broken pyproject.toml is not ours to report */
                int ours = locked || strstr(text, "tool.poetry");
                free(text);
                return ours ? rc : 0;
        }
        toml_val_free(&t);
        if (rc == 0 && !locked) {
                free(text);
                return 0;
        }
        const char *const *keys[] = {k_name, k_pep621};
        static const char *const key_names[] = {"tool.poetry.name", "project.name"};
        for (size_t i = 0; i < 2; i++) {
                rc = toml_get(text, len, pyproject, keys[i], &t, e);
                if (rc == 1 && t.type == TOML_STRING && t.str[0]) {
                        free(text);
                        *name = t.str;
                        *from = key_names[i];
                        return 1;
                }
                if (rc == 1)
                        toml_val_free(&t);
        }
        free(text);
        return err_set(e, ERR_FAIL, "%s: neither [tool.poetry] nor [project] gives a name",
                       pyproject);
}

/* packaging's canonicalize_name, which Poetry's package.name is: runs of -_. become "-" */
static void canonicalize(char *s)
{
        char *o = s;
        for (const char *p = s; *p;) {
                if (*p == '-' || *p == '_' || *p == '.') {
                        while (*p == '-' || *p == '_' || *p == '.')
                                p++;
                        *o++ = '-';
                } else {
                        *o++ = *p++;
                }
        }
        *o = '\0';
}

/* What of the project's files chose the venv, for trust (conv.h): the name and the key it
 * came from, and each venv setting in poetry.toml as it reads. Dependencies, the version,
 * scripts and every other table of pyproject.toml, and poetry.toml's other settings
 * (repositories, installer), cannot change which venv is used, and nothing in them runs
 * when it is activated. */
static int add_facts(struct conv_hit *hit, const char *name, const char *from, const char *local,
                     struct err *e)
{
        conv_fact(hit, from, name);
        hit->facts_of = local ? 3u : 1u; /* pyproject.toml, files[0]; poetry.toml, files[1] */
        static const char *const *keys[] = {k_inproj, k_create, k_vpath, k_cache};
        static const char *const names[] = {"virtualenvs.in-project", "virtualenvs.create",
                                            "virtualenvs.path", "cache-dir"};
        char *text = NULL;
        size_t len = 0;
        if (local) {
                int rc = file_read(local, TOML_MAX, &text, &len, e);
                if (rc < 0 && rc != -ENOENT) /* gone since: absent, as toml_get_file has it */
                        return rc;
        }
        /* each key, absent when there is no poetry.toml, so that one made for another
         * setting changes nothing; the file read once for all four */
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
                struct toml_val t;
                int rc = text ? toml_get(text, len, local, keys[i], &t, e) : 0;
                if (rc < 0) {
                        free(text);
                        return rc;
                }
                const char *v = NULL;
                if (rc == 1)
                        v = t.type == TOML_BOOL     ? (t.b ? "true" : "false")
                            : t.type == TOML_STRING ? t.str
                                                    : "(not a string or boolean)";
                conv_fact(hit, names[i], v);
                if (rc == 1)
                        toml_val_free(&t);
        }
        free(text);
        return 0;
}

int conv_poetry(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        char *pyproject = path_join(dir, "pyproject.toml");
        char *lock = path_join(dir, "poetry.lock");
        char *local = path_join(dir, "poetry.toml");
        char *conf_dir = getenv("POETRY_CONFIG_DIR") && getenv("POETRY_CONFIG_DIR")[0]
                             ? strdup(getenv("POETRY_CONFIG_DIR"))
                             : xdg_path(XDG_CONFIG, "pypoetry");
        struct settings st = {tool_is_file(local) ? local : NULL,
                              conf_dir ? path_join(conf_dir, "config.toml") : NULL};
        char *name = NULL, *venvs = NULL, *venv = NULL, *real = NULL, *base = NULL;
        const char *name_from = NULL;
        int rc;
        if (!pyproject || !lock || !local) {
                rc = err_set(e, -ENOMEM, "out of memory");
                goto out;
        }
        /* a file another account could write is not read (conv.h) */
        if ((rc = conv_file_safe(pyproject, e)) < 0 ||
            (st.local && (rc = conv_file_safe(st.local, e)) < 0))
                goto out;
        rc = project_name(pyproject, tool_is_file(lock), &name, &name_from, e);
        if (rc <= 0)
                goto out;

        /* EnvManager.get: an in-project .venv wins unless virtualenvs.in-project is false */
        int in_project = -1, create = 1;
        rc = setting(&st, k_inproj, "POETRY_VIRTUALENVS_IN_PROJECT", 1, NULL, &in_project, e);
        if (rc < 0)
                goto out;
        rc = setting(&st, k_create, "POETRY_VIRTUALENVS_CREATE", 1, NULL, &create, e);
        if (rc < 0)
                goto out;
        char *dotvenv = path_join(dir, ".venv");
        if (dotvenv && in_project != 0 && tool_is_venv(dotvenv)) {
                venv = dotvenv;
        } else {
                free(dotvenv);
                rc = 0;
                if (!create) /* poetry uses the interpreter it runs on: no venv of ours */
                        goto out;
                if (!(venvs = venvs_path(&st, dir, e))) {
                        rc = e->msg[0] ? ERR_FAIL : err_set(e, -ENOMEM, "out of memory");
                        goto out;
                }
                /* generate_env_name: the name lowered and made shell-safe, then 8 characters
                 * of the hash of the project's real path */
                real = realpath(dir, NULL);
                char *canon = strdup(name);
                if (canon)
                        canonicalize(canon);
                char *clean = canon ? tool_sanitize(canon, " $`!*@\"\\\r\n\t", 1) : NULL;
                free(canon);
                char h[9];
                if (!real || !clean) {
                        free(clean);
                        rc = real ? err_set(e, -ENOMEM, "out of memory")
                                  : err_set(e, -errno, "%s: %s", dir, strerror(errno));
                        goto out;
                }
                tool_hash8(real, h);
                size_t n = strlen(clean) + 10;
                base = malloc(n);
                if (base)
                        snprintf(base, n, "%s-%s", clean, h);
                free(clean);
                if (!base) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                        goto out;
                }
                rc = env_use(venvs, base, &venv, e);
                if (rc < 0)
                        goto out;
                if (rc == 0)
                        venv = pick_env(venvs, base);
                if (!venv || !tool_is_venv(venv)) {
                        rc = 0;
                        goto out;
                }
        }
        hit->venv = venv;
        venv = NULL;
        hit->tool = "Poetry";
        rc = tool_hit_file(hit, pyproject, e);
        if (rc >= 0 && st.local)
                rc = tool_hit_file(hit, st.local, e);
        if (rc >= 0)
                rc = add_facts(hit, name, name_from, st.local, e);
        rc = rc < 0 ? rc : 1;
        if (rc < 0)
                conv_hit_free(hit);
out:
        free(pyproject);
        free(lock);
        free(local);
        free(conf_dir);
        free(st.user);
        free(name);
        free(venvs);
        free(venv);
        free(real);
        free(base);
        return rc;
}
