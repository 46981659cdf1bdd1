#ifndef PYENVHOOK_JSON_H
#define PYENVHOOK_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "err.h"

/* Reads path (at most max bytes) as one JSON object. A file of only white space gives an empty
 * object. Errors name the file and, for a syntax error, the line. -ENOENT when missing. */
int json_read_object(const char *path, size_t max, cJSON **out, struct err *e);
/* The same for text already read (len bytes and a NUL); path only names it in messages. */
int json_parse_object(const char *text, size_t len, const char *path, cJSON **out, struct err *e);

/* Optional typed members: 0 when absent (and *out untouched), 1 when present, a negative code
 * with a message naming path and key when present with the wrong type. */
int json_get_string(const cJSON *obj, const char *key, const char **out, const char *path,
                    struct err *e);
int json_get_bool(const cJSON *obj, const char *key, int *out, const char *path, struct err *e);

struct buf;
/* Appends doc as one line of compact JSON, the form every --json output takes, and deletes
 * doc (which may be NULL: an allocation that failed while it was built). -ENOMEM on failure.
 * The output is always valid UTF-8: control characters are escaped, and a byte of a string
 * that is not UTF-8 (file names may hold any) is written as \udcXX, XX being the byte, as
 * Python's surrogateescape error handler maps it; documented in pyenvhook(1). */
int json_emit(cJSON *doc, struct buf *out);

#endif
