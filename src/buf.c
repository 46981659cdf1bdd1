#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct buf *b, size_t extra)
{
        if (b->oom)
                return -1;
        if (b->len + extra + 1 <= b->cap)
                return 0;
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + extra + 1)
                cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
                b->oom = 1;
                return -1;
        }
        b->p = p;
        b->cap = cap;
        return 0;
}

void buf_add(struct buf *b, const char *s, size_t n)
{
        if (grow(b, n) < 0)
                return;
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
        buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
        buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0 || grow(b, (size_t)n) < 0) {
                b->oom = 1;
                return;
        }
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
}

const char *buf_str(struct buf *b)
{
        if (b->oom)
                return NULL;
        return b->p ? b->p : "";
}

void buf_free(struct buf *b)
{
        free(b->p);
        b->p = NULL;
        b->len = b->cap = 0;
        b->oom = 0;
}

int buf_write_stdout(struct buf *b)
{
        if (b->oom)
                return -1;
        if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len)
                return -1;
        if (fflush(stdout) != 0 || ferror(stdout))
                return -1;
        return 0;
}
