#ifndef PYENVHOOK_BUF_H
#define PYENVHOOK_BUF_H

#include <stddef.h>

/* A growable byte string. An allocation failure is sticky (oom) and checked once at the end,
 * so output is written whole or not at all. */
struct buf {
        char *p;
        size_t len, cap;
        int oom;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
__attribute__((format(printf, 2, 3))) void buf_printf(struct buf *b, const char *fmt, ...);
/* Returns the NUL-terminated contents ("" when empty), or NULL after an allocation failure. */
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);
/* Writes the whole buffer to stdout and flushes; 0 on success, -1 on a write error. */
int buf_write_stdout(struct buf *b);

#endif
