#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "path.h"

static int blank(const char *s)
{
        for (; *s; s++)
                if (!strchr(" \t\r\n", *s))
                        return 0;
        return 1;
}

int json_read_object(const char *path, size_t max, cJSON **out, struct err *e)
{
        char *text;
        size_t len;
        *out = NULL;
        int rc = file_read(path, max, &text, &len, e);
        if (rc < 0)
                return rc;
        rc = json_parse_object(text, len, path, out, e);
        free(text);
        return rc;
}

int json_parse_object(const char *text, size_t len, const char *path, cJSON **out, struct err *e)
{
        *out = NULL;
        if (strlen(text) != len)
                return err_set(e, -EINVAL, "%s: not JSON (it holds a NUL byte)", path);
        cJSON *json;
        if (blank(text)) {
                json = cJSON_CreateObject();
        } else {
                const char *end = NULL;
                json = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
                if (!json) {
                        size_t line = 1;
                        const char *at = end ? end : cJSON_GetErrorPtr();
                        for (const char *p = text; at && p < at && *p; p++)
                                line += *p == '\n';
                        return err_set(e, -EINVAL, "%s: invalid JSON near line %zu", path, line);
                }
        }
        if (!json)
                return err_set(e, -ENOMEM, "out of memory");
        if (!cJSON_IsObject(json)) {
                cJSON_Delete(json);
                return err_set(e, -EINVAL, "%s: expected a JSON object ({...})", path);
        }
        *out = json;
        return 0;
}

int json_get_string(const cJSON *obj, const char *key, const char **out, const char *path,
                    struct err *e)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        if (!v)
                return 0;
        if (!cJSON_IsString(v) || !v->valuestring)
                return err_set(e, -EINVAL, "%s: \"%s\" must be a string", path, key);
        *out = v->valuestring;
        return 1;
}

int json_get_bool(const cJSON *obj, const char *key, int *out, const char *path, struct err *e)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        if (!v)
                return 0;
        if (!cJSON_IsBool(v))
                return err_set(e, -EINVAL, "%s: \"%s\" must be true or false", path, key);
        *out = cJSON_IsTrue(v);
        return 1;
}

int json_emit(cJSON *doc, struct buf *out)
{
        char *s = doc ? cJSON_PrintUnformatted(doc) : NULL;
        cJSON_Delete(doc);
        if (!s)
                return -ENOMEM;
        buf_adds(out, s);
        buf_addc(out, '\n');
        cJSON_free(s);
        return 0;
}
