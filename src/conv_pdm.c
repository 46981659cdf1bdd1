/* PDM's convention: the project's interpreter is saved in .pdm-python (PDM 2.5 on) or as
 * [python] path in .pdm.toml (before; Debian 12 ships PDM 2.2); when it is inside a venv, that
 * venv is the project's (what `pdm info --python` names). PDM_IGNORE_SAVED_PYTHON makes PDM
 * disregard both, and so do we. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conv_hit.h"
#include "conv_tools.h"
#include "path.h"
#include "toml.h"

#define PDM_PYTHON_MAX 4096

/* The saved interpreter: 1 with *python and *file, 0 when neither file names one. */
static int saved_python(const char *dir, char **python, char **file, struct err *e)
{
        static const char *const k_path[] = {"python", "path", NULL};
        char *f = path_join(dir, ".pdm-python");
        if (!f)
                return err_set(e, -ENOMEM, "out of memory");
        char *text;
        size_t len;
        int rc = conv_file_safe(f, e); /* another account could write it: not read */
        if (rc < 0) {
                free(f);
                return rc;
        }
        rc = file_read(f, PDM_PYTHON_MAX, &text, &len, e);
        if (rc == 0) {
                /* one line: the path, maybe with a newline after it */
                while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
                        text[--len] = '\0';
                if (!len)
                        rc = err_set(e, ERR_FAIL, "%s: is empty; it should name an interpreter", f);
                else if (strlen(text) != len || strchr(text, '\n'))
                        rc = err_set(e, ERR_FAIL, "%s: is not one line naming an interpreter", f);
                if (rc < 0) {
                        free(text);
                        free(f);
                        return rc;
                }
                *python = text;
                *file = f;
                return 1;
        }
        free(f);
        if (rc != -ENOENT)
                return rc;
        if (!(f = path_join(dir, ".pdm.toml")))
                return err_set(e, -ENOMEM, "out of memory");
        struct toml_val t;
        if ((rc = conv_file_safe(f, e)) < 0) {
                free(f);
                return rc;
        }
        rc = toml_get_file(f, k_path, &t, e);
        if (rc == 1 && t.type != TOML_STRING)
                rc = err_set(e, ERR_FAIL, "%s: python.path is not a string", f);
        else if (rc == 1 && !t.str[0])
                rc = err_set(e, ERR_FAIL, "%s: python.path is empty", f);
        if (rc == 1) {
                *python = t.str;
                *file = f;
                return 1;
        }
        if (rc < 0 && t.type == TOML_STRING)
                toml_val_free(&t);
        free(f);
        return rc;
}

int conv_pdm(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        const char *ignore = getenv("PDM_IGNORE_SAVED_PYTHON");
        if (ignore && ignore[0])
                return 0;
        char *python = NULL, *file = NULL, *abs = NULL;
        int rc = saved_python(dir, &python, &file, e);
        if (rc <= 0)
                return rc;
        /* DIR/bin/python: the venv is two levels up. Links are not followed: a venv's python
         * links to the interpreter it was made from, which is not a venv. */
        abs = path_resolve(dir, python, e);
        rc = 0;
        if (!abs) {
                rc = ERR_FAIL;
                goto out;
        }
        char *slash = strrchr(abs, '/');
        if (slash && slash != abs) {
                *slash = '\0';
                if (!strcmp(path_base(abs), "bin") && (slash = strrchr(abs, '/')) && slash != abs) {
                        *slash = '\0';
                        if (tool_is_venv(abs)) {
                                hit->venv = abs;
                                abs = NULL;
                                hit->tool = "PDM";
                                rc = tool_hit_file(hit, file, e);
                                /* .pdm-python is the choice and nothing else, byte for byte;
                                 * PDM 2.2's .pdm.toml holds other settings too, and only
                                 * python.path of it chose */
                                if (!strcmp(path_base(file), ".pdm.toml")) {
                                        conv_fact(hit, "python.path", python);
                                        hit->facts_of = 1u;
                                }
                                if (rc < 0)
                                        conv_hit_free(hit);
                                else
                                        rc = 1;
                        }
                }
        }
out:
        free(python);
        free(file);
        free(abs);
        return rc;
}
