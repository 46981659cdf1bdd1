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
enum xdg_dir { XDG_CONFIG, XDG_CACHE, XDG_DATA };
/* rel under the XDG base directory (XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME), or under
 * its default in $HOME (.config, .cache, .local/share) when the variable is unset or relative,
 * as the spec says. NULL with errno ENOENT when neither gives an absolute path, ENOMEM when
 * out of memory. */
char *xdg_path(enum xdg_dir which, const char *rel);
/* Why xdg_path found no directory (errno ENOENT), in out (size bytes), for a message: which of
 * the variable and HOME is unset and which is relative. Returns out. */
const char *xdg_why(enum xdg_dir which, char *out, size_t size);
/* The shell's idea of the working directory: $PWD when it names ".", else getcwd(). */
char *path_cwd(struct err *e);
/* 1 when dir is the user's home directory or /, symbolic links resolved: where create and
 * use want the project named, not taken for granted. */
int path_is_home_or_root(const char *dir);

/* Reads a whole regular file of at most max bytes into a NUL-terminated string. Returns 0, or
 * -errno (-ENOENT when missing, -EFBIG when larger than max) with a message naming path. */
int file_read(const char *path, size_t max, char **out, size_t *len, struct err *e);
/* fsync of the directory holding path, so that a rename or creation there survives a crash;
 * 0 where the file system cannot sync directories. */
int path_sync_parent(const char *path);
/* Writes data to path atomically and durably: a temporary file beside it, fsync, rename, fsync
 * of the directory. */
int file_write_atomic(const char *path, const char *data, size_t len, struct err *e);

#endif
