#ifndef PYENVHOOK_REPLACE_H
#define PYENVHOOK_REPLACE_H

#include "err.h"

/* Putting a directory built beside its target in place, so that a kill -9 at any instant
 * leaves the old one or the new one whole at the target's name. The temporary names are
 * .<base>.pyenvhook-new-XXXXXX and .<base>.pyenvhook-old-XXXXXX beside the target
 * (fsx_temp_beside), so that what a killed run left can be told apart and removed. */

#define REPLACE_NEW_TAG "pyenvhook-new"
#define REPLACE_OLD_TAG "pyenvhook-old"

/* Moves the directory at built to target. When target exists and replace is set, the two are
 * swapped with
 * renameat2(RENAME_EXCHANGE) in one step, and *old is set (malloc'd) to where the old one now
 * is, for the caller to remove once it commits, or to put back with replace_undo. File
 * systems without the exchange get two renames (old aside, new in); a kill between them is
 * undone by the next replace_recover. When target is absent, *old is NULL. Without replace,
 * a target that exists (one that appeared since the caller looked) is left as it is and
 * -EEXIST returned. */
int replace_dir(const char *built, const char *target, int replace, char **old, struct err *e);
/* Puts the old directory back after replace_dir; the new one ends up at old's name. */
int replace_undo(const char *target, const char *old, struct err *e);

/* Removes the directory at target: first renamed to a temporary name, so that a kill while
 * it is being emptied leaves nothing half-removed at target's name, only a leftover. */
int replace_discard(const char *target, struct err *e);

/* What killed runs left beside target: a target moved aside by the two-rename fallback and
 * never replaced is put back; then the temporary directories (ours by name, and owned by this
 * user) are removed. Call it only while holding the project's lock (dirlock.h), as it cannot
 * tell a killed run's directories from a running one's. Returns how many it removed. */
int replace_recover(const char *target, struct err *e);

/* Removes the regular files in dir whose names start with prefix and that this user owns,
 * what a write killed between its temporary file and its rename leaves. How many. */
int replace_remove_files(const char *dir, const char *prefix);

#endif
