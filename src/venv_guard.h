#ifndef PYENVHOOK_VENV_GUARD_H
#define PYENVHOOK_VENV_GUARD_H

#include "err.h"

/* What `create --force` may replace: a directory that is a venv (it has pyvenv.cfg) and holds
 * at its top level nothing but what venv creators put there (python -m venv, virtualenv, uv,
 * and pip's data files). Never a symbolic link, the project's root or a directory above it,
 * or a directory holding a marker or a .git: those are someone's work, whatever else is in
 * them. */

enum { GUARD_VENV = 0, GUARD_ABSENT = 1 };

/* GUARD_VENV when venv may be replaced, GUARD_ABSENT when nothing is there, or a negative
 * code with a message that says what is in the way (and, being shown to the user as the
 * reason, gives no advice to force it). root is the project's directory. */
int venv_guard(const char *venv, const char *root, struct err *e);

/* 1 when path (which exists) is root or inside it, symbolic links resolved; 0 when it is
 * elsewhere. */
int venv_inside(const char *path, const char *root);

#endif
