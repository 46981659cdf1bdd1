#include "conv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_core.h"
#include "conv_tools.h"
#include "strict.h"

/* The order in which conventions are tried at one directory level. PEP 832's .python-envs
 * comes first: it is the tools' shared answer now, and a list that names its default, where
 * the older .venv file (second, and still what uv's preview writes) names one venv; so with
 * both in one directory the list decides. The tools' own files after them; uv's
 * UV_PROJECT_ENVIRONMENT, the user's own choice for every uv project, before the tools that
 * guess from a pyproject.toml. The
 * settings key of each is conv_keys[id] (config.c). Functions of conventions not built yet
 * are declared in conv.h by whoever adds them. */
static const struct {
        enum conv_id id;
        conv_fn fn;
} table[] = {
    /* clang-format off */
    {CONV_PYTHON_ENVS, conv_python_envs},
    {CONV_VENV_FILE, conv_venv_file},
    {CONV_VENV_NAME, conv_venv_name},
    {CONV_PYENV_VIRTUALENV, conv_pyenv},
    {CONV_UV, conv_uv},
    {CONV_POETRY, conv_poetry},
    {CONV_PIPENV, conv_pipenv},
    {CONV_PDM, conv_pdm},
    /* clang-format on */
};

/* The files that decided are what a marker is to a marker project: used only when nobody
 * else could have written them. */
static int files_safe(const struct conv_hit *h, struct err *why)
{
        for (int i = 0; i < CONV_FILES_MAX && h->files[i]; i++) {
                char *real = NULL;
                int rc = strict_resolve(h->files[i], "a project file", 0, &real, why);
                free(real);
                if (rc == -EPERM)
                        return 0;
        }
        return 1;
}

int conv_find(const char *dir, const struct config *cfg, struct conv_hit *hit, int *unsafe,
              struct err *why, struct err *e)
{
        *unsafe = 0;
        for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
                if (cfg->conv_off[table[i].id])
                        continue;
                struct conv_hit h = {0};
                int rc = table[i].fn(dir, cfg, &h, e);
                if (rc == -EPERM) {
                        conv_hit_free(&h);
                        *why = *e;
                        *unsafe = 1;
                        return 0;
                }
                if (rc < 0) {
                        /* The file at fault, where the convention named it, stays for the hook
                         * to watch, so an edit that mends it is seen at the next prompt. */
                        free(h.venv);
                        h.venv = NULL;
                        *hit = h;
                        return rc;
                }
                if (rc == 0) {
                        conv_hit_free(&h); /* a convention may have begun filling it */
                        continue;
                }
                if (!files_safe(&h, why)) {
                        conv_hit_free(&h);
                        *unsafe = 1;
                        return 0;
                }
                *hit = h;
                return 1;
        }
        return 0;
}
