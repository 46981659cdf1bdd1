#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ownwalk.h"
#include "path.h"

const char *const conv_keys[CONV_COUNT] = {
    [CONV_PYTHON_ENVS] = "python_envs",
    [CONV_VENV_FILE] = "venv_file",
    [CONV_VENV_NAME] = "venv_name",
    [CONV_PYENV_VIRTUALENV] = "pyenv_virtualenv",
    [CONV_POETRY] = "poetry",
    [CONV_PIPENV] = "pipenv",
    [CONV_PDM] = "pdm",
    [CONV_UV] = "uv",
};

char *config_path(struct err *e)
{
        char *p = xdg_path(XDG_CONFIG, "pyenvhook/config.json");
        char why[256];
        if (!p)
                err_set(e, -errno, "%s",
                        errno == ENOMEM ? "out of memory" : xdg_why(XDG_CONFIG, why, sizeof why));
        return p;
}

/* The settings decide what counts as a project and what is vouched for, so they are read only
 * where nobody else could have written them. */
static int read_settings(const char *path, cJSON **json, struct err *e)
{
        *json = NULL;
        char *real = NULL;
        int rc = ownwalk_resolve(path, "a settings file", 0, NULL, &real, e);
        free(real);
        if (rc < 0)
                return rc;
        return json_read_object(path, CONFIG_MAX, json, e);
}

static int valid_dirs(const cJSON *dirs)
{
        const cJSON *it;
        if (!cJSON_IsArray(dirs))
                return 0;
        cJSON_ArrayForEach(it, dirs)
        {
                const char *s = cJSON_IsString(it) ? it->valuestring : NULL;
                if (!s || !(s[0] == '/' || (s[0] == '~' && (s[1] == '/' || !s[1]))))
                        return 0;
        }
        return 1;
}

/* "conventions": {"poetry": false, ...}. An unknown key is an error rather than ignored: a
 * misspelt name would otherwise leave on what the user meant to turn off. */
static int read_conventions(const cJSON *json, struct config *c, const char *path, struct err *e)
{
        const cJSON *conv = cJSON_GetObjectItemCaseSensitive(json, "conventions"), *it;
        if (!conv)
                return 0;
        if (!cJSON_IsObject(conv))
                return err_set(e, -EINVAL, "%s: \"conventions\" must be an object", path);
        cJSON_ArrayForEach(it, conv)
        {
                int id = 0;
                while (id < CONV_COUNT && strcmp(conv_keys[id], it->string) != 0)
                        id++;
                if (id == CONV_COUNT)
                        return err_set(e, -EINVAL,
                                       "%s: \"conventions\": unknown convention \"%s\" (known: "
                                       "venv_file, venv_name, pyenv_virtualenv, poetry, pipenv, "
                                       "pdm)",
                                       path, it->string);
                if (!cJSON_IsBool(it))
                        return err_set(e, -EINVAL,
                                       "%s: \"conventions\": \"%s\" must be true or false", path,
                                       it->string);
                c->conv_off[id] = !cJSON_IsTrue(it);
        }
        return 0;
}

int config_load(struct config *c, struct err *e)
{
        memset(c, 0, sizeof *c);
        c->implicit_venv = 1;
        char *path = config_path(e);
        if (!path)
                return 0; /* no home: nothing to read, the defaults hold */
        cJSON *json;
        int rc = read_settings(path, &json, e);
        if (rc == -ENOENT || rc == -ENOTDIR) {
                free(path);
                return 0;
        }
        if (rc < 0) {
                free(path);
                return rc;
        }
        rc = json_get_bool(json, "implicit_venv", &c->implicit_venv, path, e);
        if (rc >= 0)
                rc = read_conventions(json, c, path, e);
        const cJSON *dirs = cJSON_GetObjectItemCaseSensitive(json, "safe_directories");
        if (rc >= 0 && dirs && !valid_dirs(dirs))
                rc = err_set(e, -EINVAL,
                             "%s: \"safe_directories\" must be a list of absolute or ~/ paths",
                             path);
        cJSON_Delete(json);
        free(path);
        return rc < 0 ? rc : 0;
}

static struct safe_dirs safe;
static int safe_loaded;

static void safe_free(void)
{
        for (size_t i = 0; i < safe.n; i++)
                free(safe.v[i]);
        free(safe.v);
        safe.v = NULL;
        safe.n = 0;
}

const struct safe_dirs *config_safe_dirs(void)
{
        if (safe_loaded)
                return &safe;
        safe_loaded = 1;
        struct err e;
        char *path = config_path(&e);
        cJSON *json = NULL;
        if (!path || read_settings(path, &json, &e) < 0) {
                free(path);
                return &safe;
        }
        free(path);
        const cJSON *dirs = cJSON_GetObjectItemCaseSensitive(json, "safe_directories"), *it;
        int n = dirs && valid_dirs(dirs) ? cJSON_GetArraySize(dirs) : 0;
        if (n > 0 && (safe.v = calloc((size_t)n, sizeof *safe.v))) {
                atexit(safe_free);
                cJSON_ArrayForEach(it, dirs)
                {
                        char *p = path_resolve("/", it->valuestring, &e);
                        char *real = p ? realpath(p, NULL) : NULL;
                        if (real || p)
                                safe.v[safe.n++] = real ? real : p;
                        if (real)
                                free(p);
                }
        }
        cJSON_Delete(json);
        return &safe;
}
