/* The TOML reader's grammar (keys, values, [tables], [[arrays of tables]]) and the lookup
 * of one key, over the lexical layer in toml_lex.c. */
#include "toml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "path.h"
#include "toml_lex.h"

static int is_bare(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
}

static void path_clear(struct toml_parser *ps, size_t from, size_t to)
{
        for (size_t i = from; i < to; i++) {
                free(ps->path[i]);
                ps->path[i] = NULL;
        }
}

/* A dotted key, its parts appended to ps->path from *n on. */
static int parse_key(struct toml_parser *ps, size_t *n)
{
        for (;;) {
                toml_skip_ws(ps);
                if (*n >= KEY_MAX)
                        return toml_fail(ps, "keys nest too deep");
                struct buf b = {0};
                if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\'')) {
                        if (toml_starts(ps, "\"\"\"") || toml_starts(ps, "'''")) {
                                return toml_fail(ps, "a key cannot be a multi-line string");
                        }
                        int rc = toml_parse_string(ps, &b);
                        if (rc < 0) {
                                buf_free(&b);
                                return rc;
                        }
                } else {
                        const char *s = ps->p;
                        while (ps->p < ps->end && is_bare(*ps->p))
                                ps->p++;
                        if (ps->p == s)
                                return toml_fail(ps, "expected a key");
                        buf_add(&b, s, (size_t)(ps->p - s));
                }
                const char *k = buf_str(&b);
                if (!k || strlen(k) != b.len) {
                        buf_free(&b);
                        return k ? toml_fail(ps, "a key holds a NUL character")
                                 : err_set(ps->e, -ENOMEM, "out of memory");
                }
                ps->path[(*n)++] = b.p ? b.p : strdup("");
                if (!ps->path[*n - 1])
                        return err_set(ps->e, -ENOMEM, "out of memory");
                toml_skip_ws(ps);
                if (ps->p < ps->end && *ps->p == '.') {
                        ps->p++;
                        continue;
                }
                return 0;
        }
}

enum match { M_NONE, M_EXACT, M_INSIDE, M_ABOVE };

/* How the key path[0..n) relates to the key we look for. */
static enum match match(const struct toml_parser *ps, char *const *path, size_t n)
{
        size_t common = n < ps->nwant ? n : ps->nwant;
        for (size_t i = 0; i < common; i++)
                if (strcmp(path[i], ps->want[i]) != 0)
                        return M_NONE;
        return n == ps->nwant ? M_EXACT : n > ps->nwant ? M_INSIDE : M_ABOVE;
}

static void found(struct toml_parser *ps, enum toml_type t, struct buf *s, int b)
{
        if (ps->found)
                return;
        ps->found = 1;
        ps->out->type = t;
        ps->out->b = b;
        if (s) {
                ps->out->str = s->p ? s->p : strdup("");
                s->p = NULL;
                if (!ps->out->str)
                        ps->out->type = TOML_OTHER; /* out of memory: as if unreadable */
        }
}

static int parse_value(struct toml_parser *ps, size_t n, int inert, int depth);

/* KEY = VALUE, at the top or in an inline table: the key's parts go after path[0..n), and
 * are cleared again after the value. */
static int parse_keyval(struct toml_parser *ps, size_t n, int inert, int depth)
{
        size_t m = n;
        int rc = parse_key(ps, &m);
        if (rc >= 0) {
                if (ps->p >= ps->end || *ps->p != '=')
                        rc = toml_fail(ps, "expected = after a key");
                else
                        ps->p++;
        }
        if (rc >= 0)
                rc = parse_value(ps, m, inert, depth);
        path_clear(ps, n, m);
        return rc;
}

/* An inline table's key/value pairs; keys extend path[0..n) unless inert. */
static int parse_inline(struct toml_parser *ps, size_t n, int inert, int depth)
{
        ps->p++; /* { */
        int first = 1;
        for (;;) {
                int rc = toml_skip_blank(ps);
                if (rc < 0)
                        return rc;
                if (ps->p < ps->end && *ps->p == '}') {
                        ps->p++;
                        return 0;
                }
                if (!first) {
                        if (ps->p >= ps->end || *ps->p != ',')
                                return toml_fail(ps, "expected , or } in an inline table");
                        ps->p++;
                        rc = toml_skip_blank(ps);
                        if (rc < 0)
                                return rc;
                }
                first = 0;
                rc = parse_keyval(ps, n, inert, depth + 1);
                if (rc < 0)
                        return rc;
        }
}

/* Its values' keys (of inline tables in it) go after path[0..n), never matched. */
static int parse_array(struct toml_parser *ps, size_t n, int depth)
{
        ps->p++; /* [ */
        for (;;) {
                int rc = toml_skip_blank(ps);
                if (rc < 0)
                        return rc;
                if (ps->p < ps->end && *ps->p == ']') {
                        ps->p++;
                        return 0;
                }
                rc = parse_value(ps, n, 1, depth + 1);
                if (rc < 0)
                        return rc;
                rc = toml_skip_blank(ps);
                if (rc < 0)
                        return rc;
                if (ps->p < ps->end && *ps->p == ',') {
                        ps->p++;
                        continue;
                }
                if (ps->p < ps->end && *ps->p == ']') {
                        ps->p++;
                        return 0;
                }
                return toml_fail(ps, "expected , or ] in an array");
        }
}

/* Numbers and dates: we never read them, only step over them. */
static int parse_scalar(struct toml_parser *ps)
{
        const char *s = ps->p;
        while (ps->p < ps->end) {
                char c = *ps->p;
                if (is_bare(c) || c == '+' || c == '.' || c == ':') {
                        ps->p++;
                } else if (c == ' ' && ps->p - s == 10 && s[4] == '-' && ps->p + 1 < ps->end &&
                           ps->p[1] >= '0' && ps->p[1] <= '9') {
                        ps->p++; /* "1979-05-27 07:32:00" */
                } else {
                        break;
                }
        }
        size_t n = (size_t)(ps->p - s);
        int number = n && ((*s >= '0' && *s <= '9') || *s == '+' || *s == '-');
        int special = (n == 3 && (!memcmp(s, "inf", 3) || !memcmp(s, "nan", 3)));
        if (!number && !special)
                return toml_fail(ps, n ? "a value that is not a string, number, boolean, array or "
                                         "table (a string needs quotes)"
                                       : "expected a value");
        return 0;
}

static int parse_value(struct toml_parser *ps, size_t n, int inert, int depth)
{
        if (depth > NEST_MAX)
                return toml_fail(ps, "values nest too deep");
        toml_skip_ws(ps);
        enum match m = inert ? M_NONE : match(ps, ps->path, n);
        if (m == M_INSIDE)
                found(ps, TOML_TABLE, NULL, 0);
        if (ps->p >= ps->end)
                return toml_fail(ps, "expected a value");
        char c = *ps->p;
        if (c == '"' || c == '\'') {
                struct buf b = {0};
                int rc = toml_parse_string(ps, m == M_EXACT ? &b : NULL);
                if (rc >= 0 && m == M_EXACT) {
                        const char *s = buf_str(&b);
                        if (!s)
                                rc = err_set(ps->e, -ENOMEM, "out of memory");
                        else if (strlen(s) != b.len)
                                rc = toml_fail(ps, "a string holds a NUL character");
                        else
                                found(ps, TOML_STRING, &b, 0);
                }
                buf_free(&b);
                return rc;
        }
        if (toml_starts(ps, "true") || toml_starts(ps, "false")) {
                int t = c == 't';
                const char *after = ps->p + (t ? 4 : 5);
                if (after >= ps->end || !is_bare(*after)) {
                        ps->p = after;
                        if (m == M_EXACT)
                                found(ps, TOML_BOOL, NULL, t);
                        return 0;
                }
        }
        if (c == '{') {
                if (m == M_EXACT)
                        found(ps, TOML_TABLE, NULL, 0);
                return parse_inline(ps, n, inert || m == M_NONE, depth);
        }
        if (m == M_EXACT)
                found(ps, TOML_OTHER, NULL, 0);
        if (c == '[')
                return parse_array(ps, n, depth);
        return parse_scalar(ps);
}

static int parse_header(struct toml_parser *ps)
{
        int array = toml_starts(ps, "[[");
        ps->p += array ? 2 : 1;
        path_clear(ps, 0, ps->nhdr);
        ps->nhdr = 0;
        int rc = parse_key(ps, &ps->nhdr);
        if (rc < 0)
                return rc;
        if (!(array ? toml_starts(ps, "]]") : toml_starts(ps, "]")))
                return toml_fail(ps, array ? "expected ]] after a table name"
                                           : "expected ] after a "
                                             "table name");
        ps->p += array ? 2 : 1;
        ps->hdr_inert = array;
        enum match m = match(ps, ps->path, ps->nhdr);
        if (m == M_EXACT)
                found(ps, array ? TOML_OTHER : TOML_TABLE, NULL, 0);
        else if (m == M_INSIDE)
                found(ps, TOML_TABLE, NULL, 0);
        return 0;
}

static int parse_line(struct toml_parser *ps)
{
        toml_skip_ws(ps);
        int rc = 0;
        if (ps->p < ps->end && *ps->p == '[') {
                rc = parse_header(ps);
        } else if (ps->p < ps->end && *ps->p != '#' && !toml_at_newline(ps)) {
                rc = parse_keyval(ps, ps->nhdr, ps->hdr_inert, 0);
        }
        if (rc < 0)
                return rc;
        toml_skip_ws(ps);
        rc = toml_skip_comment(ps);
        if (rc < 0)
                return rc;
        if (ps->p < ps->end && !toml_at_newline(ps))
                return toml_fail(ps, "expected the end of the line");
        if (ps->p < ps->end)
                toml_eat_newline(ps);
        return 0;
}

int toml_get(const char *text, size_t len, const char *file, const char *const *key,
             struct toml_val *out, struct err *e)
{
        memset(out, 0, sizeof *out);
        struct toml_parser ps = {
            .p = text, .end = text + len, .line = 1, .file = file, .e = e, .want = key, .out = out};
        while (key[ps.nwant])
                ps.nwant++;
        if (memchr(text, '\0', len))
                return err_set(e, ERR_FAIL, "%s: holds a NUL byte; it is not a TOML file", file);
        int rc = 0;
        while (rc >= 0 && ps.p < ps.end)
                rc = parse_line(&ps);
        path_clear(&ps, 0, KEY_MAX);
        if (rc < 0) {
                toml_val_free(out);
                return rc;
        }
        return ps.found;
}

void toml_val_free(struct toml_val *v)
{
        free(v->str);
        v->str = NULL;
}

int toml_get_file(const char *path, const char *const *key, struct toml_val *out, struct err *e)
{
        memset(out, 0, sizeof *out);
        char *text;
        size_t len;
        int rc = file_read(path, TOML_MAX, &text, &len, e);
        if (rc == -ENOENT)
                return 0;
        if (rc < 0)
                return rc;
        rc = toml_get(text, len, path, key, out, e);
        free(text);
        return rc;
}
