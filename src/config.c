#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "json.h"
#include "path.h"

char *config_path(struct err *e)
{
        char *p = xdg_path(XDG_CONFIG, "pyenvhook/config.json");
        if (!p)
                err_set(e, -errno, "%s",
                        errno == ENOMEM ? "out of memory"
                                        : "neither XDG_CONFIG_HOME nor HOME is set");
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
