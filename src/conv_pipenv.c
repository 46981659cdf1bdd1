/* Pipenv's convention: where `pipenv --venv` would say the project's venv is, found without
 * running pipenv. The rules are pipenv's Project.virtualenv_location, virtualenv_name and
 * _get_virtualenv_hash (pipenv/project.py), and get_workon_home (pipenv/utils/shell.py). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conv_hit.h"
#include "conv_tools.h"
#include "path.h"
#include "toml.h"

/* pipenv's get_from_env with env_to_bool: 1, 0, or -1 when unset (or a value that is
 * neither, which pipenv keeps as a string: truthy when not empty). */
static int env_flag(const char *name, const char *negated)
{
        static const char *const yes[] = {"1", "true", "yes", "on"};
        static const char *const no[] = {"0", "false", "no", "off"};
        const char *v = getenv(name);
        int flip = 0;
        if (!v && (v = getenv(negated)))
                flip = 1;
        if (!v)
                return -1;
        for (size_t i = 0; i < 4; i++) {
                if (!strcasecmp(v, yes[i]))
                        return !flip;
                if (!strcasecmp(v, no[i]))
                        return flip;
        }
        return flip ? -1 : v[0] ? 1 : -1;
}

/* $WORKON_HOME, else $XDG_DATA_HOME/virtualenvs, else ~/.local/share/virtualenvs. */
static char *workon_home(void)
{
        const char *w = getenv("WORKON_HOME");
        char *joined = NULL;
        if (!w || !w[0]) {
                const char *data = getenv("XDG_DATA_HOME");
                joined = path_join(data && data[0] ? data : "~/.local/share", "virtualenvs");
                if (!joined)
                        return NULL;
                w = joined;
        }
        char *out = tool_expanduser(w);
        free(joined);
        return out;
}

static char *venv_name(const char *pipfile_real)
{
        const char *custom = getenv("PIPENV_CUSTOM_VENV_NAME");
        if (custom && custom[0])
                return strdup(custom);
        /* the directory's name as it is (pipenv does not lower it) and the hash of the
         * Pipfile's real path */
        char *dir = strdup(pipfile_real);
        if (!dir)
                return NULL;
        char *slash = strrchr(dir, '/');
        if (slash)
                *slash = '\0';
        char *clean = tool_sanitize(path_base(dir), " &$`!*@\"()[]\\\r\n\t", 0);
        free(dir);
        if (!clean)
                return NULL;
        char h[9];
        tool_hash8(pipfile_real, h);
        /* PIPENV_PYTHON adds a suffix: the interpreter's file name, or the value itself */
        const char *py = getenv("PIPENV_PYTHON");
        const char *suffix = py && py[0] ? (py[0] == '/' ? path_base(py) : py) : NULL;
        size_t n = strlen(clean) + 11 + (suffix ? strlen(suffix) : 0);
        char *name = malloc(n);
        if (name)
                snprintf(name, n, "%s-%s%s%s", clean, h, suffix ? "-" : "", suffix ? suffix : "");
        free(clean);
        return name;
}

int conv_pipenv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        static const char *const k_any[] = {"requires", "python_version", NULL};
        char *pipfile = path_join(dir, "Pipfile");
        char *venv = NULL, *real = NULL, *home = NULL, *name = NULL;
        int rc = 0;
        if (!pipfile) {
                rc = err_set(e, -ENOMEM, "out of memory");
                goto out;
        }
        if (!tool_is_file(pipfile))
                goto out;
        if ((rc = conv_file_safe(pipfile, e)) < 0) /* another account could write it */
                goto out;
        /* pipenv refuses a Pipfile it cannot parse, and so do we: reading any key checks the
         * whole file */
        struct toml_val t;
        rc = toml_get_file(pipfile, k_any, &t, e);
        if (rc < 0)
                goto out;
        if (rc == 1)
                toml_val_free(&t);
        rc = 0;

        int in_project = env_flag("PIPENV_VENV_IN_PROJECT", "PIPENV_NO_VENV_IN_PROJECT");
        char *dotvenv = path_join(dir, ".venv");
        if (!dotvenv) {
                rc = err_set(e, -ENOMEM, "out of memory");
                goto out;
        }
        if (in_project == 1 || (in_project == -1 && tool_is_venv(dotvenv))) {
                venv = dotvenv;
        } else {
                free(dotvenv);
                real = realpath(pipfile, NULL);
                if (!real) {
                        rc = err_set(e, -errno, "%s: %s", pipfile, strerror(errno));
                        goto out;
                }
                home = workon_home();
                name = venv_name(real);
                if (!home || !name) {
                        rc = home ? err_set(e, -ENOMEM, "out of memory")
                                  : err_set(e, ERR_FAIL,
                                            "%s: pipenv's WORKON_HOME needs HOME "
                                            "set to an absolute path",
                                            pipfile);
                        goto out;
                }
                if (strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, ".")) {
                        rc = err_set(e, ERR_FAIL, "PIPENV_CUSTOM_VENV_NAME: not a name: %s", name);
                        goto out;
                }
                /* a relative WORKON_HOME is relative to wherever pipenv runs: no one place */
                if (home[0] != '/')
                        goto out;
                venv = path_join(home, name);
        }
        if (!venv || !tool_is_venv(venv))
                goto out;
        hit->venv = venv;
        venv = NULL;
        hit->tool = "Pipenv";
        rc = tool_hit_file(hit, pipfile, e);
        /* Nothing in a Pipfile chooses the venv: its name comes from the directory and the
         * Pipfile's path, its place from the user's environment. So the Pipfile counts by
         * name only, with no facts, and `pipenv install` leaves the project trusted. */
        hit->facts_of = 1u;
        if (rc < 0) {
                conv_hit_free(hit);
                goto out;
        }
        rc = 1;
out:
        free(pipfile);
        free(venv);
        free(real);
        free(home);
        free(name);
        return rc;
}
