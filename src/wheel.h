#ifndef PYENVHOOK_WHEEL_H
#define PYENVHOOK_WHEEL_H

#include "err.h"
#include "venv_create.h"

/* Seeding a venv from ensurepip's own wheels without running ensurepip: each wheel is
 * unpacked once into the cache, and each new venv gets a copy of the unpacked files plus what
 * pip itself would write on install (launchers, INSTALLER, REQUESTED, RECORD). */

/* The unpacked tree for a wheel, unpacking it first when the cache lacks it. malloc'd. */
int wheel_unpacked(const char *wheel, char **dir, struct err *e);
/* Installs an unpacked pure-Python wheel into the venv being built at tmp. -ENOTSUP for a
 * wheel that needs more than this installer does (a .data directory): the caller falls back
 * to ensurepip. *what gets "pip 24.2" (malloc'd) for the message. */
int wheel_install(const char *unpacked, const char *tmp, const struct venv_spec *s, char **what,
                  struct err *e);

/* The entry a console script gets in bin/: pip's rules for its own and setuptools' scripts
 * (pip3.12 in a wheel becomes pipX, pipX.Y for the venv's Python). Exposed for tests. */
int wheel_launcher(struct buf *b, const char *shebang_exe, const char *entry);

#endif
