#ifndef PYENVHOOK_FSX_H
#define PYENVHOOK_FSX_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "err.h"

/* File-system steps for building a tree (a venv, an unpacked wheel) inside a private
 * temporary directory that is renamed into place whole. Files there are written without
 * fsync: until the rename nobody sees them, and the rename is what makes the tree appear. */

/* mkdir -p; the path is not changed (a scratch copy is made). */
int fsx_mkdirs(const char *dir, struct err *e);
/* Creates path (which must not exist) with data and mode (umask applies). */
int fsx_write_new(const char *path, const char *data, size_t len, mode_t mode, struct err *e);
/* A private copy of from (relative to the directory fromdir, or AT_FDCWD) at to (relative to
 * todir; it must not exist), made the fastest way that shares nothing writable: a reflink
 * where the file system has them (the blocks are shared until one side writes, and then
 * copied), else the kernel's copy. from must still be what was recorded: a regular file of
 * want's size and modification time (else -ESTALE, also when it cannot be opened); the copy
 * gets want's permission bits (umask applied) and modification time, so bytecode made for the
 * source stays valid for the copy. 0 or a negative errno; no message (the caller knows the
 * full names). Safe to call from several threads at once. */
int fsx_clone_at(int fromdir, const char *from, int todir, const char *to, const struct stat *want);
int fsx_symlink(const char *target, const char *path, struct err *e);
/* rm -rf that does not follow links; 0 when path is already gone. */
int fsx_remove_tree(const char *path, struct err *e);
/* A new empty directory beside path, named .<base>.<tag>-XXXXXX, with the permissions a
 * plain mkdir would give (mkdtemp makes it 0700). malloc'd; NULL with a message. */
char *fsx_temp_beside(const char *path, const char *tag, struct err *e);
/* $XDG_CACHE_HOME/pyenvhook/REL (~/.cache when unset), malloc'd; NULL without either. */
char *fsx_cache_path(const char *rel);

#endif
