#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "json.h"
#include "path.h"

char *config_path(struct err *e)
{
        const char *xdg = getenv("XDG_CONFIG_HOME");
        char *p;
        /* The XDG spec says a relative value is to be ignored. */
        if (xdg && xdg[0] == '/') {
                p = path_join(xdg, "pyenvhook/config.json");
        } else {
                const char *home = getenv("HOME");
                if (!home || home[0] != '/') {
                        err_set(e, ERR_FAIL, "neither XDG_CONFIG_HOME nor HOME is set");
                        return NULL;
                }
                p = path_join(home, ".config/pyenvhook/config.json");
        }
        if (!p)
                err_set(e, -ENOMEM, "out of memory");
        return p;
}

int config_load(struct config *c, struct err *e)
{
        c->implicit_venv = 1;
        char *path = config_path(e);
        if (!path)
                return 0; /* no home: nothing to read, the defaults hold */
        cJSON *json;
        int rc = json_read_object(path, CONFIG_MAX, &json, e);
        if (rc == -ENOENT || rc == -ENOTDIR) {
                free(path);
                return 0;
        }
        if (rc < 0) {
                free(path);
                return rc;
        }
        rc = json_get_bool(json, "implicit_venv", &c->implicit_venv, path, e);
        cJSON_Delete(json);
        free(path);
        return rc < 0 ? rc : 0;
}
