#ifndef PYENVHOOK_FSX_H
#define PYENVHOOK_FSX_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* File-system steps for building a tree (a venv, an unpacked wheel) inside a private
 * temporary directory that is renamed into place whole. Files there are written without
 * fsync: until the rename nobody sees them, and the rename is what makes the tree appear. */

/* mkdir -p; the path is not changed (a scratch copy is made). */
int fsx_mkdirs(const char *dir, struct err *e);
/* Creates path (which must not exist) with data and mode (umask applies). */
int fsx_write_new(const char *path, const char *data, size_t len, mode_t mode, struct err *e);
/* Copies a regular file's bytes into a new file with the same permission bits. */
int fsx_copy(const char *from, const char *to, struct err *e);
int fsx_symlink(const char *target, const char *path, struct err *e);
/* rm -rf that does not follow links; 0 when path is already gone. */
int fsx_remove_tree(const char *path, struct err *e);
/* A new empty directory beside path, named .<base>.<tag>-XXXXXX, with the permissions a
 * plain mkdir would give (mkdtemp makes it 0700). malloc'd; NULL with a message. */
char *fsx_temp_beside(const char *path, const char *tag, struct err *e);
/* $XDG_CACHE_HOME/pyenvhook/REL (~/.cache when unset), malloc'd; NULL without either. */
char *fsx_cache_path(const char *rel);

#endif
