#ifndef PYENVHOOK_WHEEL_H
#define PYENVHOOK_WHEEL_H

#include "err.h"
#include "venv_create.h"
#include "wheel_build.h"

/* Seeding a venv from ensurepip's own wheels without running ensurepip: each new venv gets a
 * private copy of a wheel unpacked and compiled once (see wheel_build.h) plus what pip itself
 * would write on install (launchers, INSTALLER, REQUESTED, RECORD). */

/* Installs the unpacked pure-Python wheel at unpacked (files: its manifest) into the venv
 * being built at tmp. -ENOTSUP for a wheel that needs more than this installer does (a .data
 * directory): the caller falls back to ensurepip; -ESTALE when a file changed since it was
 * recorded. *what gets "pip 24.2" (malloc'd) for the message. */
int wheel_install(const char *unpacked, const struct wheel_files *files, const char *tmp,
                  const struct venv_spec *s, char **what, struct err *e);

/* The entry a console script gets in bin/: pip's rules for its own and setuptools' scripts
 * (pip3.12 in a wheel becomes pipX, pipX.Y for the venv's Python). Exposed for tests. */
int wheel_launcher(struct buf *b, const char *shebang_exe, const char *entry);

#endif
