#include "marker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

/* A JSON string or number as cJSON writes it compactly (its escapes, its number form). */
static void scalar(struct buf *b, const cJSON *v)
{
        char *s = cJSON_PrintUnformatted(v);
        if (s)
                buf_adds(b, s);
        else
                b->oom = 1;
        cJSON_free(s);
}

static void key(struct buf *b, const char *k)
{
        cJSON *s = cJSON_CreateString(k);
        if (s)
                scalar(b, s);
        else
                b->oom = 1;
        cJSON_Delete(s);
}

static void indent(struct buf *b, int depth)
{
        for (int i = 0; i < depth; i++)
                buf_adds(b, "  ");
}

/* As Python's json.dumps(indent=2) lays it out, which is what most tools write. */
static void pretty(struct buf *b, const cJSON *v, int depth)
{
        int obj = cJSON_IsObject(v);
        if (!obj && !cJSON_IsArray(v)) {
                scalar(b, v);
                return;
        }
        if (!v->child) {
                buf_adds(b, obj ? "{}" : "[]");
                return;
        }
        buf_addc(b, obj ? '{' : '[');
        for (const cJSON *it = v->child; it; it = it->next) {
                buf_adds(b, it == v->child ? "\n" : ",\n");
                indent(b, depth + 1);
                if (obj) {
                        key(b, it->string ? it->string : "");
                        buf_adds(b, ": ");
                }
                pretty(b, it, depth + 1);
        }
        buf_addc(b, '\n');
        indent(b, depth);
        buf_addc(b, obj ? '}' : ']');
}

/* Puts v (owned) at key: in the place of the old value, or last. */
static int put(cJSON *o, const char *k, cJSON *v)
{
        if (!v)
                return -ENOMEM;
        if (cJSON_GetObjectItemCaseSensitive(o, k))
                return cJSON_ReplaceItemInObjectCaseSensitive(o, k, v) ? 0 : -ENOMEM;
        return cJSON_AddItemToObject(o, k, v) ? 0 : -ENOMEM;
}

static int differs(const char *want, const char *have)
{
        return want && (!have || strcmp(want, have) != 0);
}

int marker_render(const char *old, size_t old_len, const char *path, const struct marker *set,
                  struct buf *out, struct err *e)
{
        struct marker now;
        int rc = old ? marker_parse(old, old_len, path, &now, e) : 0;
        if (rc < 0)
                return rc;
        if (old) {
                int change = differs(set->venv, now.venv) || differs(set->python, now.python) ||
                             differs(set->prompt, now.prompt) ||
                             (set->system_site_packages >= 0 &&
                              set->system_site_packages != now.system_site_packages);
                /* marker_parse fills in the default venv; only a key actually written counts. */
                marker_free(&now);
                if (!change)
                        return 0;
        }
        cJSON *json = NULL;
        rc = old ? json_parse_object(old, old_len, path, &json, e) : 0;
        if (rc < 0)
                return rc;
        if (!json && !(json = cJSON_CreateObject()))
                return err_set(e, -ENOMEM, "out of memory");
        if (rc == 0 && set->venv)
                rc = put(json, "venv", cJSON_CreateString(set->venv));
        if (rc == 0 && set->python)
                rc = put(json, "python", cJSON_CreateString(set->python));
        if (rc == 0 && set->prompt)
                rc = put(json, "prompt", cJSON_CreateString(set->prompt));
        if (rc == 0 && set->system_site_packages >= 0)
                rc = put(json, "system_site_packages", cJSON_CreateBool(set->system_site_packages));
        if (rc == 0) {
                pretty(out, json, 0);
                buf_addc(out, '\n');
        }
        cJSON_Delete(json);
        if (rc < 0 || !buf_str(out))
                return err_set(e, -ENOMEM, "out of memory");
        if (out->len > MARKER_MAX)
                return err_set(e, -EFBIG,
                               "%s: the marker would be %zu bytes, more than the %d it may hold; "
                               "nothing was written",
                               path, out->len, MARKER_MAX);
        return 1;
}
