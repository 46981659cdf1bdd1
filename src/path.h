#ifndef PYENVHOOK_PATH_H
#define PYENVHOOK_PATH_H

#include <stddef.h>

#include "err.h"

/* All return malloc'd strings (NULL when out of memory) unless said otherwise. */
char *path_join(const char *dir, const char *name);
/* Lexical clean-up of an absolute path: no "//", "/./" or "/x/..", no trailing slash. Like
 * os.path.abspath, it does not resolve links, so paths stay the ones the user sees. */
char *path_normalize(const char *abs);
/* Resolves p against dir: absolute as is, "~" and "~/..." against $HOME, else dir/p. */
char *path_resolve(const char *dir, const char *p, struct err *e);
/* The last component of p; points into p. */
const char *path_base(const char *p);
/* The shell's idea of the working directory: $PWD when it names ".", else getcwd(). */
char *path_cwd(struct err *e);

/* Reads a whole regular file of at most max bytes into a NUL-terminated string. Returns 0, or
 * -errno (-ENOENT when missing, -EFBIG when larger than max) with a message naming path. */
int file_read(const char *path, size_t max, char **out, size_t *len, struct err *e);
/* Writes data to path atomically: a temporary file beside it, fsync, rename. */
int file_write_atomic(const char *path, const char *data, size_t len, struct err *e);

#endif
