#ifndef PYENVHOOK_JOURNAL_H
#define PYENVHOOK_JOURNAL_H

#include <stddef.h>

#include "err.h"

/* A venv and its marker are two names, and no file system renames two names in one step. So
 * the venv carries, into its place, a record of the marker that goes with it (VENV_JOURNAL_NAME
 * in venv_guard.h): putting the venv in place is the one step that commits a create, and the
 * marker follows from the record. The create that did it finishes it at once; if it was killed
 * first, the next create in the project does. The record also holds the digest of the marker
 * it expects to replace, so a marker changed since (a git pull) is never overwritten. */

/* Writes the record into the venv directory dir (not yet in place): the marker's bytes as
 * they are now (NULL when there is none) and as they must become. */
int journal_write(const char *dir, const char *before, size_t before_len, const char *after,
                  size_t after_len, struct err *e);

enum {
        JOURNAL_NONE = 0,  /* no record: nothing unfinished */
        JOURNAL_DONE = 1,  /* the marker is as the record says (written now, or before) */
        JOURNAL_STALE = 2, /* the marker changed since; left alone */
};
/* Finishes what the record in venv says for the marker at marker_path. Once the caller has
 * done its part (trust), journal_remove drops the record. */
int journal_apply(const char *venv, const char *marker_path, struct err *e);
int journal_remove(const char *venv, struct err *e);

#endif
