#ifndef PYENVHOOK_TOML_LEX_H
#define PYENVHOOK_TOML_LEX_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct toml_val; /* toml.h: only the grammar fills it */

/* The TOML reader's state and its lexical layer (toml_lex.c): blanks, comments, newlines and
 * the four kinds of string, for the grammar of keys, values and tables in toml.c. */

/* Keys nest at most this deep (headers plus dotted keys plus inline tables); arrays and inline
 * tables at most NEST_MAX deep. Real settings files use three or four; the limits keep the
 * recursion bounded for hostile input. */
#define KEY_MAX 32
#define NEST_MAX 64

struct toml_parser {
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

/* Sets the error "FILE:LINE: why" and returns its code. */
int toml_fail(struct toml_parser *ps, const char *why);
/* The steps the grammar takes: over spaces and tabs (skip_ws); whether a newline (LF or
 * CRLF) is next, and over one; over a comment to the end of its line; over blank space,
 * comments and newlines where TOML allows them (skip_blank); whether s comes next; and one
 * string of any of the four kinds, its value into b (NULL to skip it). Each that can fail
 * returns 0 or toml_fail's code. */
void toml_skip_ws(struct toml_parser *ps);
int toml_at_newline(const struct toml_parser *ps);
void toml_eat_newline(struct toml_parser *ps);
int toml_skip_comment(struct toml_parser *ps);
int toml_skip_blank(struct toml_parser *ps);
int toml_starts(const struct toml_parser *ps, const char *s);
int toml_parse_string(struct toml_parser *ps, struct buf *b);

#endif
