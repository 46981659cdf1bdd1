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
        char why[128];
        if (prompt && display_refusal(prompt, why, sizeof why)) {
                rc = err_set(e, -EINVAL, "%s: \"prompt\" %s", path, why);
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
