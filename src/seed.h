#ifndef PYENVHOOK_SEED_H
#define PYENVHOOK_SEED_H

#include "buf.h"
#include "err.h"
#include "venv_create.h"

/* pip (and setuptools where the interpreter seeds it) for the venv being built at tmp, from
 * the interpreter's own wheels through the cache in $XDG_CACHE_HOME/pyenvhook/wheels. The
 * cache only makes it faster: a damaged entry is rebuilt, and with no usable cache the wheel
 * is unpacked and compiled for this venv alone, with one line saying why. Returns 1 when it
 * cannot (no wheel, or one this installer does not handle): ensurepip is then the way;
 * SEED_AGAIN when a cache entry turned out damaged while it was copied: it is gone, and the
 * caller starts the venv again (the next call rebuilds the entry). what gets "pip 24.2,
 * setuptools 65.5.0". */
#define SEED_AGAIN 2
int seed_pip(const char *tmp, const struct venv_spec *s, struct buf *what, struct err *e);

#endif
