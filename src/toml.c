#include "toml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "path.h"

/* Keys nest at most this deep (headers plus dotted keys plus inline tables); arrays and inline
 * tables at most NEST_MAX deep. Real settings files use three or four; the limits keep the
 * recursion bounded for hostile input. */
#define KEY_MAX 32
#define NEST_MAX 64

struct parser {
        const char *p, *end;
        int line;
        const char *file;
        struct err *e;
        const char *const *want;
        size_t nwant;
        struct toml_val *out;
        int found;
        char *path[KEY_MAX]; /* the current [table] and, while reading a line, its key */
        size_t nhdr;         /* how many of path[] are the [table]'s */
        int hdr_inert;       /* under [[array.of.tables]]: its keys are never what we look for */
};

static int fail(struct parser *ps, const char *why)
{
        return err_set(ps->e, ERR_FAIL, "%s:%d: %s", ps->file, ps->line, why);
}

static void skip_ws(struct parser *ps)
{
        while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
                ps->p++;
}

static int at_newline(const struct parser *ps)
{
        return ps->p < ps->end &&
               (*ps->p == '\n' || (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n'));
}

static void eat_newline(struct parser *ps)
{
        ps->p += *ps->p == '\r' ? 2 : 1;
        ps->line++;
}

static int skip_comment(struct parser *ps)
{
        if (ps->p >= ps->end || *ps->p != '#')
                return 0;
        while (ps->p < ps->end && !at_newline(ps)) {
                unsigned char c = (unsigned char)*ps->p;
                if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return fail(ps, "a control character in a comment");
                ps->p++;
        }
        return 0;
}

/* Blank space, comments and newlines, where TOML allows them (inside arrays). */
static int skip_blank(struct parser *ps)
{
        for (;;) {
                skip_ws(ps);
                int rc = skip_comment(ps);
                if (rc < 0)
                        return rc;
                if (!at_newline(ps))
                        return 0;
                eat_newline(ps);
        }
}

static int starts(const struct parser *ps, const char *s)
{
        size_t n = strlen(s);
        return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, s, n) == 0;
}

static void add_utf8(struct buf *b, unsigned long cp)
{
        char u[4];
        size_t n;
        if (cp < 0x80) {
                u[0] = (char)cp;
                n = 1;
        } else if (cp < 0x800) {
                u[0] = (char)(0xc0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3f));
                n = 2;
        } else if (cp < 0x10000) {
                u[0] = (char)(0xe0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[2] = (char)(0x80 | (cp & 0x3f));
                n = 3;
        } else {
                u[0] = (char)(0xf0 | (cp >> 18));
                u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[3] = (char)(0x80 | (cp & 0x3f));
                n = 4;
        }
        buf_add(b, u, n);
}

static int escape(struct parser *ps, struct buf *b)
{
        ps->p++; /* the backslash */
        if (ps->p >= ps->end)
                return fail(ps, "a string ends inside an escape");
        char c = *ps->p++;
        const char *simple = strchr("btnfr\"\\", c);
        if (c && simple) {
                static const char to[] = "\b\t\n\f\r\"\\";
                buf_addc(b, to[simple - "btnfr\"\\"]);
                return 0;
        }
        int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (!digits)
                return fail(ps, "an unknown escape in a string");
        unsigned long cp = 0;
        for (int i = 0; i < digits; i++, ps->p++) {
                if (ps->p >= ps->end)
                        return fail(ps, "a string ends inside an escape");
                char h = *ps->p;
                int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (v < 0)
                        return fail(ps, "a \\u escape that is not hexadecimal");
                cp = cp * 16 + (unsigned long)v;
        }
        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return fail(ps, "a \\u escape that is not a character we accept");
        add_utf8(b, cp);
        return 0;
}

/* One string of any of the four kinds, its value in b (which may be NULL to skip it). */
static int parse_string(struct parser *ps, struct buf *b)
{
        struct buf scratch = {0};
        struct buf *o = b ? b : &scratch;
        char q = *ps->p;
        int literal = q == '\'';
        int multi = starts(ps, literal ? "'''" : "\"\"\"");
        int rc = 0;
        ps->p += multi ? 3 : 1;
        if (multi && at_newline(ps))
                eat_newline(ps); /* a newline just after the quotes is not part of it */
        for (;;) {
                if (ps->p >= ps->end) {
                        rc = fail(ps, "a string is not closed");
                        break;
                }
                char c = *ps->p;
                if (c == q) {
                        if (!multi) {
                                ps->p++;
                                break;
                        }
                        /* up to two quotes may end the content just before the closing three */
                        size_t run = 0;
                        while (ps->p + run < ps->end && ps->p[run] == q)
                                run++;
                        if (run >= 3) {
                                if (run > 5) {
                                        rc = fail(ps, "too many quotes ending a string");
                                        break;
                                }
                                buf_add(o, ps->p, run - 3);
                                ps->p += run;
                                break;
                        }
                        buf_add(o, ps->p, run);
                        ps->p += run;
                        continue;
                }
                if (at_newline(ps)) {
                        if (!multi) {
                                rc = fail(ps, "a string is not closed on its line");
                                break;
                        }
                        buf_addc(o, '\n');
                        eat_newline(ps);
                        continue;
                }
                if (c == '\\' && !literal) {
                        const char *after = ps->p + 1;
                        while (multi && after < ps->end && (*after == ' ' || *after == '\t'))
                                after++;
                        if (multi && after < ps->end &&
                            (*after == '\n' ||
                             (*after == '\r' && after + 1 < ps->end && after[1] == '\n'))) {
                                /* a line-ending backslash: the newline and the blank space
                                 * after it go */
                                ps->p = after;
                                while (ps->p < ps->end &&
                                       (*ps->p == ' ' || *ps->p == '\t' || at_newline(ps))) {
                                        if (at_newline(ps))
                                                eat_newline(ps);
                                        else
                                                ps->p++;
                                }
                                continue;
                        }
                        rc = escape(ps, o);
                        if (rc < 0)
                                break;
                        continue;
                }
                unsigned char u = (unsigned char)c;
                if ((u < 0x20 && c != '\t') || u == 0x7f) {
                        rc = fail(ps, "a control character in a string");
                        break;
                }
                buf_addc(o, c);
                ps->p++;
        }
        buf_free(&scratch);
        return rc;
}

static int is_bare(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
}

static void path_clear(struct parser *ps, size_t from, size_t to)
{
        for (size_t i = from; i < to; i++) {
                free(ps->path[i]);
                ps->path[i] = NULL;
        }
}

/* A dotted key, its parts appended to ps->path from *n on. */
static int parse_key(struct parser *ps, size_t *n)
{
        for (;;) {
                skip_ws(ps);
                if (*n >= KEY_MAX)
                        return fail(ps, "keys nest too deep");
                struct buf b = {0};
                if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\'')) {
                        if (starts(ps, "\"\"\"") || starts(ps, "'''")) {
                                return fail(ps, "a key cannot be a multi-line string");
                        }
                        int rc = parse_string(ps, &b);
                        if (rc < 0) {
                                buf_free(&b);
                                return rc;
                        }
                } else {
                        const char *s = ps->p;
                        while (ps->p < ps->end && is_bare(*ps->p))
                                ps->p++;
                        if (ps->p == s)
                                return fail(ps, "expected a key");
                        buf_add(&b, s, (size_t)(ps->p - s));
                }
                const char *k = buf_str(&b);
                if (!k || strlen(k) != b.len) {
                        buf_free(&b);
                        return k ? fail(ps, "a key holds a NUL character")
                                 : err_set(ps->e, -ENOMEM, "out of memory");
                }
                ps->path[(*n)++] = b.p ? b.p : strdup("");
                if (!ps->path[*n - 1])
                        return err_set(ps->e, -ENOMEM, "out of memory");
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == '.') {
                        ps->p++;
                        continue;
                }
                return 0;
        }
}

enum match { M_NONE, M_EXACT, M_INSIDE, M_ABOVE };

/* How the key path[0..n) relates to the key we look for. */
static enum match match(const struct parser *ps, char *const *path, size_t n)
{
        size_t common = n < ps->nwant ? n : ps->nwant;
        for (size_t i = 0; i < common; i++)
                if (strcmp(path[i], ps->want[i]) != 0)
                        return M_NONE;
        return n == ps->nwant ? M_EXACT : n > ps->nwant ? M_INSIDE : M_ABOVE;
}

static void found(struct parser *ps, enum toml_type t, struct buf *s, int b)
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

static int parse_value(struct parser *ps, size_t n, int inert, int depth);

/* KEY = VALUE, at the top or in an inline table: the key's parts go after path[0..n), and
 * are cleared again after the value. */
static int parse_keyval(struct parser *ps, size_t n, int inert, int depth)
{
        size_t m = n;
        int rc = parse_key(ps, &m);
        if (rc >= 0) {
                if (ps->p >= ps->end || *ps->p != '=')
                        rc = fail(ps, "expected = after a key");
                else
                        ps->p++;
        }
        if (rc >= 0)
                rc = parse_value(ps, m, inert, depth);
        path_clear(ps, n, m);
        return rc;
}

/* An inline table's key/value pairs; keys extend path[0..n) unless inert. */
static int parse_inline(struct parser *ps, size_t n, int inert, int depth)
{
        ps->p++; /* { */
        int first = 1;
        for (;;) {
                int rc = skip_blank(ps);
                if (rc < 0)
                        return rc;
                if (ps->p < ps->end && *ps->p == '}') {
                        ps->p++;
                        return 0;
                }
                if (!first) {
                        if (ps->p >= ps->end || *ps->p != ',')
                                return fail(ps, "expected , or } in an inline table");
                        ps->p++;
                        rc = skip_blank(ps);
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
static int parse_array(struct parser *ps, size_t n, int depth)
{
        ps->p++; /* [ */
        for (;;) {
                int rc = skip_blank(ps);
                if (rc < 0)
                        return rc;
                if (ps->p < ps->end && *ps->p == ']') {
                        ps->p++;
                        return 0;
                }
                rc = parse_value(ps, n, 1, depth + 1);
                if (rc < 0)
                        return rc;
                rc = skip_blank(ps);
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
                return fail(ps, "expected , or ] in an array");
        }
}

/* Numbers and dates: we never read them, only step over them. */
static int parse_scalar(struct parser *ps)
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
                return fail(ps, n ? "a value that is not a string, number, boolean, array or "
                                    "table (a string needs quotes)"
                                  : "expected a value");
        return 0;
}

static int parse_value(struct parser *ps, size_t n, int inert, int depth)
{
        if (depth > NEST_MAX)
                return fail(ps, "values nest too deep");
        skip_ws(ps);
        enum match m = inert ? M_NONE : match(ps, ps->path, n);
        if (m == M_INSIDE)
                found(ps, TOML_TABLE, NULL, 0);
        if (ps->p >= ps->end)
                return fail(ps, "expected a value");
        char c = *ps->p;
        if (c == '"' || c == '\'') {
                struct buf b = {0};
                int rc = parse_string(ps, m == M_EXACT ? &b : NULL);
                if (rc >= 0 && m == M_EXACT) {
                        const char *s = buf_str(&b);
                        if (!s)
                                rc = err_set(ps->e, -ENOMEM, "out of memory");
                        else if (strlen(s) != b.len)
                                rc = fail(ps, "a string holds a NUL character");
                        else
                                found(ps, TOML_STRING, &b, 0);
                }
                buf_free(&b);
                return rc;
        }
        if (starts(ps, "true") || starts(ps, "false")) {
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

static int parse_header(struct parser *ps)
{
        int array = starts(ps, "[[");
        ps->p += array ? 2 : 1;
        path_clear(ps, 0, ps->nhdr);
        ps->nhdr = 0;
        int rc = parse_key(ps, &ps->nhdr);
        if (rc < 0)
                return rc;
        if (!(array ? starts(ps, "]]") : starts(ps, "]")))
                return fail(ps, array ? "expected ]] after a table name"
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

static int parse_line(struct parser *ps)
{
        skip_ws(ps);
        int rc = 0;
        if (ps->p < ps->end && *ps->p == '[') {
                rc = parse_header(ps);
        } else if (ps->p < ps->end && *ps->p != '#' && !at_newline(ps)) {
                rc = parse_keyval(ps, ps->nhdr, ps->hdr_inert, 0);
        }
        if (rc < 0)
                return rc;
        skip_ws(ps);
        rc = skip_comment(ps);
        if (rc < 0)
                return rc;
        if (ps->p < ps->end && !at_newline(ps))
                return fail(ps, "expected the end of the line");
        if (ps->p < ps->end)
                eat_newline(ps);
        return 0;
}

int toml_get(const char *text, size_t len, const char *file, const char *const *key,
             struct toml_val *out, struct err *e)
{
        memset(out, 0, sizeof *out);
        struct parser ps = {
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
