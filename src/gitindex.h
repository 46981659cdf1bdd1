#ifndef PYENVHOOK_GITINDEX_H
#define PYENVHOOK_GITINDEX_H

#include "err.h"
#include "sha256.h"

/* Whether files under dir came with the git repository around it (a venv committed to the
 * repository, or a file added under it by a pull): the digest of the repository's index
 * entries under dir, their paths, modes and object ids, read from .git/index without running
 * git, which a hostile repository's configuration could make run anything.
 *
 * out is "" when dir is in no repository, or nothing under it is tracked. Returns 0, or a
 * negative code when the index is there but cannot be read, which callers must treat as
 * "cannot tell". dir must be an absolute path without symlinks (strict_resolve's). */
int git_tracked_digest(const char *dir, char out[SHA256_HEX_LEN + 1], struct err *e);

#endif
