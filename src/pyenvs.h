#ifndef PYENVHOOK_PYENVS_H
#define PYENVHOOK_PYENVS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* PEP 832's .python-envs (its draft since July 2026): at a project's root, one environment a
 * line, UTF-8, a relative line meaning the file's directory's; the last line is the default,
 * and a .venv directory beside the file counts as an implicit last line. Text a cloned
 * repository ships, so every line is checked as hostile before anything looks at it. */

#define PYENVS_NAME ".python-envs"
#define PYENVS_LOCK ".python-envs.lock"
#define PYENVS_MAX (64 * 1024) /* a few hundred paths; more is not a list of venvs */
#define PYENVS_LINE_MAX 4095   /* PATH_MAX less its NUL */

struct pyenvs_line {
        char *text;      /* without its line ending, malloc'd */
        unsigned lineno; /* 1-based, counting blank lines, as an editor shows it */
};

struct pyenvs {
        struct pyenvs_line *v;
        size_t n; /* blank lines are not entries */
};

/* Parses text (len bytes and a NUL) read from path. Blank lines (empty, or a lone "\r") name
 * nothing and are passed over; every other line must be valid UTF-8 of at most
 * PYENVS_LINE_MAX bytes with no control character (C0, DEL, C1: a NUL, an escape, a newline
 * inside a path cannot be meant). A negative code, with e naming path:line and why, for the
 * first line that is not; then out is empty. */
int pyenvs_parse(const char *text, size_t len, const char *path, struct pyenvs *out, struct err *e);
void pyenvs_free(struct pyenvs *p);

/* The absolute, normalized path a line names: relative lines are dir's. malloc'd or NULL. */
char *pyenvs_resolve(const char *dir, const char *line);

/* The file's text (len bytes, which pyenvs_parse accepted) with every line that names venv
 * (resolved against dir) taken out and line appended last, so that venv is the default; other
 * lines are kept byte for byte, in their order. out gets the whole new text. */
int pyenvs_make_default(const char *text, size_t len, const char *dir, const char *venv,
                        const char *line, struct buf *out, struct err *e);

#endif
