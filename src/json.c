#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "path.h"
#include "utf8.h"

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

static int by_key(const void *a, const void *b)
{
        return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A key that occurs twice in one object, anywhere in v, or NULL (*oom set when it could not
 * tell). cJSON keeps both members in its list and finds the first, while jq and Python's json
 * take the last: a marker read one way by us and another by the user's tools says two things,
 * so it is refused rather than read either way. Sorted, so a large file costs n log n. */
static const char *duplicate_key(const cJSON *v, const char **parent, int *oom)
{
        size_t n = 0;
        for (const cJSON *it = v->child; it; it = it->next) {
                if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
                        const char *d = duplicate_key(it, parent, oom);
                        if (d || *oom) {
                                if (d && !*parent && cJSON_IsObject(v) && it->string)
                                        *parent = it->string;
                                return d;
                        }
                }
                n++;
        }
        if (!cJSON_IsObject(v) || n < 2)
                return NULL;
        const char **keys = malloc(n * sizeof *keys);
        if (!keys) {
                *oom = 1;
                return NULL;
        }
        size_t k = 0;
        for (const cJSON *it = v->child; it; it = it->next)
                keys[k++] = it->string ? it->string : "";
        qsort(keys, n, sizeof *keys, by_key);
        const char *d = NULL;
        for (k = 1; k < n && !d; k++)
                if (strcmp(keys[k - 1], keys[k]) == 0)
                        d = keys[k];
        free(keys);
        return d;
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
        const char *parent = NULL;
        int oom = 0, rc = 0;
        const char *dup = duplicate_key(json, &parent, &oom);
        if (oom)
                rc = err_set(e, -ENOMEM, "out of memory");
        else if (dup)
                rc = err_set(e, -EINVAL,
                             "%s: \"%s\" is given twice%s%s%s, which is ambiguous: tools differ "
                             "on which one counts",
                             path, dup, parent ? " in \"" : "", parent ? parent : "",
                             parent ? "\"" : "");
        if (rc < 0) {
                cJSON_Delete(json);
                return rc;
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

/* A JSON string whose bytes may be anything (file names are): valid UTF-8 passes, control
 * characters (C0, DEL, C1) are escaped so that the output never drives a terminal, and each
 * byte that is not UTF-8 becomes \udcXX, a lone low surrogate carrying the byte, as Python's
 * surrogateescape does: os.fsencode(json.loads(...)) gives the original bytes back. */
static void emit_string(const char *s, struct buf *b)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n = strlen(s);
        buf_addc(b, '"');
        for (size_t i = 0; i < n;) {
                unsigned c = p[i], cp;
                size_t len;
                if (c == '"' || c == '\\') {
                        buf_addc(b, '\\');
                        buf_addc(b, (char)c);
                        i++;
                } else if (c == '\n') {
                        buf_adds(b, "\\n");
                        i++;
                } else if (c == '\t') {
                        buf_adds(b, "\\t");
                        i++;
                } else if (c < 0x20 || c == 0x7f) {
                        buf_printf(b, "\\u%04x", c);
                        i++;
                } else if (c < 0x80) {
                        buf_addc(b, (char)c);
                        i++;
                } else if ((len = utf8_len(p + i, n - i, &cp)) == 0) {
                        buf_printf(b, "\\udc%02x", c);
                        i++;
                } else if (cp <= 0x9f) {
                        buf_printf(b, "\\u%04x", cp);
                        i += len;
                } else {
                        buf_add(b, s + i, len);
                        i += len;
                }
        }
        buf_addc(b, '"');
}

static void emit(const cJSON *v, struct buf *b)
{
        if (cJSON_IsString(v)) {
                emit_string(v->valuestring ? v->valuestring : "", b);
        } else if (cJSON_IsNumber(v)) {
                double d = v->valuedouble;
                if (d == (double)(long long)d)
                        buf_printf(b, "%lld", (long long)d);
                else
                        buf_printf(b, "%.17g", d);
        } else if (cJSON_IsBool(v)) {
                buf_adds(b, cJSON_IsTrue(v) ? "true" : "false");
        } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
                int obj = cJSON_IsObject(v);
                buf_addc(b, obj ? '{' : '[');
                for (const cJSON *it = v->child; it; it = it->next) {
                        if (it != v->child)
                                buf_addc(b, ',');
                        if (obj) {
                                emit_string(it->string ? it->string : "", b);
                                buf_addc(b, ':');
                        }
                        emit(it, b);
                }
                buf_addc(b, obj ? '}' : ']');
        } else {
                buf_adds(b, "null");
        }
}

int json_emit(cJSON *doc, struct buf *out)
{
        if (!doc)
                return -ENOMEM;
        emit(doc, out);
        buf_addc(out, '\n');
        cJSON_Delete(doc);
        return out->oom ? -ENOMEM : 0;
}
