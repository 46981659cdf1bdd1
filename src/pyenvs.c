/* Reading and rewriting the text of a .python-envs file (pyenvs.h); no file system here. */
#include "pyenvs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "utf8.h"

static int check_line(const char *s, size_t n, const char *path, unsigned lineno, struct err *e)
{
        if (n > PYENVS_LINE_MAX)
                return err_set(e, -EINVAL,
                               "%s:%u: %zu bytes long; a line names one directory (at most %d "
                               "bytes)",
                               path, lineno, n, PYENVS_LINE_MAX);
        const unsigned char *p = (const unsigned char *)s;
        for (size_t i = 0; i < n;) {
                unsigned cp;
                size_t len = utf8_len(p + i, n - i, &cp);
                if (!len)
                        return err_set(e, -EINVAL,
                                       "%s:%u: not UTF-8 (byte 0x%02x at column %zu); a line "
                                       "names one directory",
                                       path, lineno, p[i], i + 1);
                if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
                        return err_set(e, -EINVAL,
                                       "%s:%u: holds a control character (0x%02x at column "
                                       "%zu); a line names one directory",
                                       path, lineno, cp, i + 1);
                i += len;
        }
        return 0;
}

void pyenvs_free(struct pyenvs *p)
{
        for (size_t i = 0; i < p->n; i++)
                free(p->v[i].text);
        free(p->v);
        p->v = NULL;
        p->n = 0;
}

/* Calls fn for each line of text: its bytes without "\n" or "\r\n", and its number. A last
 * line without a newline is a line; the empty rest after a final newline is not. */
typedef int (*line_fn)(const char *s, size_t n, const char *raw, size_t rawlen, unsigned lineno,
                       void *ctx);
static int each_line(const char *text, size_t len, line_fn fn, void *ctx)
{
        unsigned lineno = 0;
        for (size_t at = 0; at < len;) {
                const char *nl = memchr(text + at, '\n', len - at);
                size_t end = nl ? (size_t)(nl - text) : len;
                size_t n = end - at;
                size_t rawlen = nl ? n + 1 : n;
                if (n && text[at + n - 1] == '\r')
                        n--;
                int rc = fn(text + at, n, text + at, rawlen, ++lineno, ctx);
                if (rc < 0)
                        return rc;
                at += rawlen;
        }
        return 0;
}

struct parse_ctx {
        const char *path;
        struct pyenvs *out;
        struct err *e;
};

static int parse_one(const char *s, size_t n, const char *raw, size_t rawlen, unsigned lineno,
                     void *ctx)
{
        (void)raw;
        (void)rawlen;
        struct parse_ctx *c = ctx;
        if (n == 0)
                return 0;
        int rc = check_line(s, n, c->path, lineno, c->e);
        if (rc < 0)
                return rc;
        struct pyenvs_line *v = realloc(c->out->v, (c->out->n + 1) * sizeof *v);
        if (!v)
                return err_set(c->e, -ENOMEM, "out of memory");
        c->out->v = v;
        if (!(v[c->out->n].text = strndup(s, n)))
                return err_set(c->e, -ENOMEM, "out of memory");
        v[c->out->n++].lineno = lineno;
        return 0;
}

int pyenvs_parse(const char *text, size_t len, const char *path, struct pyenvs *out, struct err *e)
{
        memset(out, 0, sizeof *out);
        struct parse_ctx c = {path, out, e};
        int rc = each_line(text, len, parse_one, &c);
        if (rc < 0)
                pyenvs_free(out);
        return rc;
}

char *pyenvs_resolve(const char *dir, const char *line)
{
        char *joined = line[0] == '/' ? strdup(line) : path_join(dir, line);
        char *abs = joined ? path_normalize(joined) : NULL;
        free(joined);
        return abs;
}

struct keep_ctx {
        const char *dir, *venv;
        struct buf *out;
};

static int keep_one(const char *s, size_t n, const char *raw, size_t rawlen, unsigned lineno,
                    void *ctx)
{
        (void)lineno;
        struct keep_ctx *c = ctx;
        if (n) {
                char *line = strndup(s, n);
                char *abs = line ? pyenvs_resolve(c->dir, line) : NULL;
                int same = abs && strcmp(abs, c->venv) == 0;
                free(line);
                free(abs);
                if (same)
                        return 0;
        }
        buf_add(c->out, raw, rawlen);
        if (rawlen && raw[rawlen - 1] != '\n')
                buf_addc(c->out, '\n'); /* the last line had none: the new one follows it */
        return 0;
}

int pyenvs_make_default(const char *text, size_t len, const char *dir, const char *venv,
                        const char *line, struct buf *out, struct err *e)
{
        struct keep_ctx c = {dir, venv, out};
        each_line(text, len, keep_one, &c);
        buf_adds(out, line);
        buf_addc(out, '\n');
        if (!buf_str(out))
                return err_set(e, -ENOMEM, "out of memory");
        return 0;
}
