#ifndef PYENVHOOK_STRICT_H
#define PYENVHOOK_STRICT_H

#include "err.h"
#include "project.h"

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

/* Resolves the absolute path as realpath does, checking each step; *out (malloc'd) is the
 * resolved path, which is exactly what was checked. With missing_ok, a last component that
 * does not exist yet is no error: the directory it would be made in is checked and the path
 * comes back with that name appended. what names the file in messages ("the marker"). */
int strict_resolve(const char *path, const char *what, int missing_ok, char **out, struct err *e);

/* Checks the project's venv (which must exist) and what inside it runs or is read at every
 * start (bin/ and each entry in it, pyvenv.cfg, site-packages and its .pth files, those that
 * are there: whether it is a venv at all is venv_probe's to say), and replaces p->venv with
 * its resolved path, so the directory put on PATH is the one checked. Also refuses a venv
 * path holding ':', which would split its PATH entry. */
int strict_check_project(struct project *p, struct err *e);

#endif
