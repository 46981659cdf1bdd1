#ifndef PYENVHOOK_JOURNAL_H
#define PYENVHOOK_JOURNAL_H

#include <stddef.h>

#include "err.h"

/* A venv and its marker are two names, and no file system renames two names in one step. So
 * before a new venv is put in place, a record of the marker that goes with it is written in
 * the user's own data directory ($XDG_DATA_HOME/pyenvhook/pending, one file per marker), naming
 * the new venv directory by device and inode. Putting the venv in place is then the one step
 * that commits a create: a record whose venv stands at the venv's path is finished (the
 * marker written as recorded), one whose venv does not is dropped. The create that wrote it
 * finishes it at once; if it was killed first, the next create in the project does.
 *
 * The record lives where only the user writes, never in the project or the venv: a clone
 * could bring a record, and finishing one trusts the project. It also holds the digest of the
 * marker it expects to replace, so a marker changed since (a git pull) is never overwritten. */

/* Records that the venv directory built (not yet in place) goes with the marker at
 * marker_path: its bytes now (NULL when there is none) and as they must become. */
int journal_write(const char *marker_path, const char *built, const char *before, size_t before_len,
                  const char *after, size_t after_len, struct err *e);

enum {
        JOURNAL_NONE = 0,    /* no record, or one whose venv never got in place (dropped) */
        JOURNAL_DONE = 1,    /* the venv stands, and the marker is as recorded (written now) */
        JOURNAL_CHANGED = 2, /* the venv stands, but the marker changed since; left alone */
};
/* Finishes the record for the marker at marker_path, whose venv is venv. After JOURNAL_DONE or
 * JOURNAL_CHANGED, once the caller has done its part (trust), journal_remove drops it. */
int journal_apply(const char *marker_path, const char *venv, struct err *e);
int journal_remove(const char *marker_path, struct err *e);

#endif
