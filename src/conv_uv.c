/* uv's UV_PROJECT_ENVIRONMENT: where it is set, the venv of a uv project (a pyproject.toml
 * with uv.lock beside it, which uv writes at the workspace root) is the path it names, an
 * absolute one as it is, a relative one against that root, as uv resolves it (its
 * Workspace::venv). Without it, a uv project's venv is its .venv, which project.c finds. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_core.h"
#include "conv_tools.h"
#include "path.h"

/* The variable's value, or NULL when unset or empty (uv ignores an empty one too). */
static const char *project_environment(void)
{
        const char *v = getenv("UV_PROJECT_ENVIRONMENT");
        return v && *v ? v : NULL;
}

static int exists_in(const char *dir, const char *name)
{
        char *f = path_join(dir, name);
        struct stat st;
        int ok = f && stat(f, &st) == 0;
        free(f);
        return ok;
}

int conv_uv_applies(const char *dir, const struct config *cfg)
{
        return !cfg->conv_off[CONV_UV] && project_environment() && exists_in(dir, "uv.lock") &&
               exists_in(dir, "pyproject.toml");
}

int conv_uv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        const char *v = project_environment();
        if (!v || !conv_uv_applies(dir, cfg))
                return 0;
        /* No ~ expansion: uv takes the value as a path, and so must we, to find its venv. */
        char *joined = v[0] == '/' ? strdup(v) : path_join(dir, v);
        char *venv = joined ? path_normalize(joined) : NULL;
        free(joined);
        if (!venv)
                return err_set(e, -ENOMEM, "out of memory");
        if (!tool_is_venv(venv)) {
                free(venv);
                return 0; /* not made yet: uv sync makes it */
        }
        /* No project file decides: the user's own environment does, so trust covers the
         * project and the venv's path, and a change of either asks again. */
        hit->venv = venv;
        hit->tool = "uv's UV_PROJECT_ENVIRONMENT";
        return 1;
}
