#ifndef PYENVHOOK_VENVFILE_H
#define PYENVHOOK_VENVFILE_H

#include <stddef.h>

#include "err.h"

/* A .venv *file*: one line, either a path to the venv (PEP 832: relative to the file's
 * directory, or absolute) or, with no '/' in it, a name in $WORKON_HOME (the files
 * zsh-autoswitch-virtualenv and virtualfish write). */

#define VENVFILE_MAX 4096 /* PATH_MAX and a newline: anything longer is not a path */

enum venvfile_kind { VENVFILE_PATH, VENVFILE_NAME };

/* Parses text (len bytes and a NUL) read from path: the line without its line ending, in
 * *line (malloc'd), and its kind. A negative code, with e naming path and why, for an empty
 * file, more than one line, or bytes that cannot be part of a path (NUL, control characters). */
int venvfile_parse(const char *text, size_t len, const char *path, char **line,
                   enum venvfile_kind *kind, struct err *e);

#endif
