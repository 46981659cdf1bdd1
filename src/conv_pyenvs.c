/* The convention of PEP 832's .python-envs (pyenvs.h): which venv of the list is activated,
 * and why not when the default line names no venv. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_core.h"
#include "conv_tools.h"
#include "path.h"
#include "pyenvs.h"

/* The default line must name a venv now: a line that does not is the user's to fix, so it is
 * reported by file and line, never passed over for the line above it. */
static int check_default(const char *file, unsigned lineno, const char *venv, struct err *e)
{
        struct stat st;
        if (stat(venv, &st) != 0) {
                if (errno == ELOOP)
                        return err_set(e, -ELOOP, "%s:%u: %s is a loop of symbolic links", file,
                                       lineno, venv);
                return err_set(e, -ENOENT,
                               "%s:%u: the default environment (the last line) is %s, which "
                               "does not exist",
                               file, lineno, venv);
        }
        if (!S_ISDIR(st.st_mode) || !tool_is_venv(venv))
                return err_set(e, -EINVAL,
                               "%s:%u: the default environment (the last line) is %s, which is "
                               "not a venv (no pyvenv.cfg)",
                               file, lineno, venv);
        return 0;
}

int conv_python_envs(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        char *file = path_join(dir, PYENVS_NAME);
        if (!file)
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        if (lstat(file, &st) != 0) {
                free(file);
                return 0; /* none here: the common case */
        }
        int rc = conv_file_safe(file, e);
        char *text = NULL;
        size_t len = 0;
        if (rc == 0)
                rc = file_read(file, PYENVS_MAX, &text, &len, e);
        if (rc == -ELOOP)
                rc = err_set(e, rc, "%s: a loop of symbolic links", file);
        struct pyenvs envs = {0};
        if (rc == 0)
                rc = pyenvs_parse(text, len, file, &envs, e);
        free(text);
        if (rc < 0) {
                /* named for the hook to watch, unless it may not even be read (conv.h) */
                if (rc == -EPERM)
                        free(file);
                else
                        hit->files[0] = file;
                return rc;
        }
        /* A .venv beside the file is the implicit last line, so the default; project.c has
         * taken it already unless implicit_venv is off, and then it is this file's. */
        char *venv = path_join(dir, ".venv");
        unsigned lineno = 0;
        if (venv && !tool_is_venv(venv) && envs.n) {
                free(venv);
                lineno = envs.v[envs.n - 1].lineno;
                venv = pyenvs_resolve(dir, envs.v[envs.n - 1].text);
        } else if (venv && !tool_is_venv(venv)) {
                free(venv);
                venv = NULL;
                pyenvs_free(&envs);
                free(file);
                return 0; /* lists nothing, as a tool leaves it after removing the last */
        }
        /* Only the default chooses: a line added above it, as another tool adds its own
         * environment, leaves the project trusted (conv.h). */
        conv_fact(hit, "default", lineno ? envs.v[envs.n - 1].text : NULL);
        hit->facts_of = 1u;
        pyenvs_free(&envs);
        if (!venv)
                rc = err_set(e, -ENOMEM, "out of memory");
        else if (lineno)
                rc = check_default(file, lineno, venv, e);
        if (rc < 0) {
                free(venv);
                hit->files[0] = file; /* for the hook to watch (conv_hit.h) */
                return rc;
        }
        hit->venv = venv;
        hit->files[0] = file;
        hit->line = lineno;
        hit->tool =
            lineno ? "PEP 832 .python-envs" : "PEP 832 .python-envs, .venv its implicit last line";
        return 1;
}
