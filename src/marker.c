#include "marker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "json.h"
#include "path.h"

static int dup_opt(const char *s, char **out)
{
        if (!s)
                return 0;
        *out = strdup(s);
        return *out ? 0 : -ENOMEM;
}

int marker_read(const char *path, struct marker *m, struct err *e)
{
        memset(m, 0, sizeof *m);
        m->system_site_packages = -1;
        char *text;
        size_t len;
        int rc = file_read(path, MARKER_MAX, &text, &len, e);
        if (rc < 0)
                return rc;
        rc = marker_parse(text, len, path, m, e);
        free(text);
        return rc;
}

int marker_parse(const char *text, size_t len, const char *path, struct marker *m, struct err *e)
{
        memset(m, 0, sizeof *m);
        m->system_site_packages = -1;
        /* The digest of exactly the bytes parsed, so trust cannot be checked against one
         * version of the file and the venv taken from another. */
        sha256_hex(text, len, m->sha256);
        cJSON *json;
        int rc = json_parse_object(text, len, path, &json, e);
        if (rc < 0)
                return rc;
        const char *venv = MARKER_DEFAULT_VENV, *python = NULL, *prompt = NULL;
        if ((rc = json_get_string(json, "venv", &venv, path, e)) < 0 ||
            (rc = json_get_string(json, "python", &python, path, e)) < 0 ||
            (rc = json_get_string(json, "prompt", &prompt, path, e)) < 0 ||
            (rc = json_get_bool(json, "system_site_packages", &m->system_site_packages, path, e)) <
                0)
                goto out;
        if (venv[0] == '\0') {
                rc = err_set(e, -EINVAL, "%s: \"venv\" must not be empty", path);
                goto out;
        }
        if (prompt && display_has_control(prompt)) {
                rc = err_set(e, -EINVAL,
                             "%s: \"prompt\" holds control characters, which would reach the "
                             "terminal raw",
                             path);
                goto out;
        }
        rc = 0;
        if (dup_opt(venv, &m->venv) < 0 || dup_opt(python, &m->python) < 0 ||
            dup_opt(prompt, &m->prompt) < 0)
                rc = err_set(e, -ENOMEM, "out of memory");
out:
        cJSON_Delete(json);
        if (rc < 0)
                marker_free(m);
        return rc;
}

void marker_free(struct marker *m)
{
        free(m->venv);
        free(m->python);
        free(m->prompt);
        m->venv = m->python = m->prompt = NULL;
}

/* Sets key to a string, or removes nothing when value is NULL. */
static int set_str(cJSON *o, const char *key, const char *value)
{
        if (!value)
                return 0;
        cJSON *v = cJSON_CreateString(value);
        if (!v)
                return -ENOMEM;
        if (cJSON_HasObjectItem(o, key))
                return cJSON_ReplaceItemInObjectCaseSensitive(o, key, v) ? 0 : -ENOMEM;
        return cJSON_AddItemToObject(o, key, v) ? 0 : -ENOMEM;
}

int marker_update(const char *path, const struct marker *set, struct err *e)
{
        cJSON *json;
        int rc = json_read_object(path, MARKER_MAX, &json, e);
        if (rc == -ENOENT)
                json = cJSON_CreateObject();
        else if (rc < 0)
                return rc;
        if (!json)
                return err_set(e, -ENOMEM, "out of memory");
        rc = set_str(json, "venv", set->venv);
        if (rc == 0)
                rc = set_str(json, "python", set->python);
        if (rc == 0)
                rc = set_str(json, "prompt", set->prompt);
        if (rc == 0 && set->system_site_packages >= 0) {
                cJSON *b = cJSON_CreateBool(set->system_site_packages);
                if (!b)
                        rc = -ENOMEM;
                else if (cJSON_HasObjectItem(json, "system_site_packages"))
                        rc = cJSON_ReplaceItemInObjectCaseSensitive(json, "system_site_packages", b)
                                 ? 0
                                 : -ENOMEM;
                else
                        rc = cJSON_AddItemToObject(json, "system_site_packages", b) ? 0 : -ENOMEM;
        }
        char *text = rc == 0 ? cJSON_Print(json) : NULL;
        cJSON_Delete(json);
        if (!text)
                return err_set(e, -ENOMEM, "out of memory");
        size_t n = strlen(text);
        char *withnl = realloc(text, n + 2);
        if (!withnl) {
                cJSON_free(text);
                return err_set(e, -ENOMEM, "out of memory");
        }
        withnl[n] = '\n';
        withnl[n + 1] = '\0';
        rc = file_write_atomic(path, withnl, n + 1, e);
        free(withnl);
        return rc;
}
