#ifndef PYENVHOOK_OWNWALK_H
#define PYENVHOOK_OWNWALK_H

#include <sys/stat.h>

#include "err.h"

/* The checks ssh's StrictModes makes, for everything that decides what runs in the user's
 * shell: a file is used only when it, every directory from it up to /, and every symlink on
 * the way belong to the user or root and nobody else can write them. Otherwise another
 * account could change what runs when this user types a command.
 *
 * Two exceptions, both as ssh has them: a directory above the file may be world-writable
 * when it is root's and sticky (/tmp: others can add names there, but not move ours); and
 * group write is harmless when every account in the group, as its primary group or as a
 * member, is the user or root (the user private groups of Debian, with umask 002). */

/* Refusals come back as -EPERM with a message naming the place and why; a missing file as
 * -ENOENT, a link loop as -ELOOP. */

/* The walk itself knows no settings: the one exception a user can make, a directory listed
 * in "safe_directories", comes in as vouched (strict.h passes the settings' list; the check
 * of the settings file itself passes NULL, since it cannot vouch for itself). */
typedef int (*ownwalk_vouch_fn)(const char *path);

/* Resolves the absolute path as realpath does, checking each step; *out (malloc'd) is the
 * resolved path, which is exactly what was checked. With missing_ok, a last component that
 * does not exist yet is no error: the directory it would be made in is checked and the path
 * comes back with that name appended. what names the file in messages ("the marker"). */
int ownwalk_resolve(const char *path, const char *what, int missing_ok, ownwalk_vouch_fn vouched,
                    char **out, struct err *e);

/* For a checker of the entries of a directory it has walked (strict_venv.c): whether uid is
 * the user's or root's; why st (at path) is unsafe ("owner", "write"), or NULL, where above
 * says it is a directory above the file; and the refusal for it, as ownwalk_resolve words it. */
int ownwalk_trusted_uid(uid_t uid);
const char *ownwalk_unsafe(const char *path, const struct stat *st, int above,
                           ownwalk_vouch_fn vouched);
int ownwalk_refuse(const char *final, const char *what, const char *place, const struct stat *st,
                   const char *why, struct err *e);

#endif
