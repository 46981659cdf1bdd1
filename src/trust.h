#ifndef PYENVHOOK_TRUST_H
#define PYENVHOOK_TRUST_H

#include <cjson/cJSON.h>

#include "err.h"
#include "project.h"
#include "sha256.h"
#include "trust_fp.h"
#include "trust_store.h"

/* Which projects the user allowed. The store is a directory, $XDG_DATA_HOME/pyenvhook/trust
 * (~/.local/share when unset), with one small file per allowed project, named by the SHA-256
 * of the project's canonical root. So the check made when entering a project reads one file
 * however many projects are allowed; allow and deny write or remove one file with a rename,
 * so they need no lock and concurrent ones lose nothing; and a damaged file costs one project
 * its trust, never the others.
 *
 * What is trusted is a fingerprint: the project's root, its marker and the SHA-256 of the
 * marker's bytes, the venv those lead to, and the digest of the venv's files that git tracks
 * (gitindex.h); for a convention (conv.h), its first file and a digest of its files stand
 * for the marker and its SHA-256: of their bytes, or of the facts that decided for a file
 * that holds more (a pyproject.toml). A marker changed by a pull, or venv files added by
 * one, no longer match, so the user is asked again. */

/* The check export and status make: a verdict, or a negative code when the store cannot be
 * used (then nothing is trusted). *noted is set, with note filled, when something the user
 * should hear once happened on the way: an old store moved to the new layout, or this
 * project's entry damaged. */
int trust_check(const struct project *p, int *noted, struct err *note, struct err *e);

/* Trusts the nearest project at or above root as it is now (its marker must be readable).
 * `pyenvhook create` calls this, so the venvs it makes are trusted at birth. Returns 0; or 1
 * when it worked but there is a note for the user, which e then holds; or a negative code. */
int trust_allow_project(const char *root, struct err *e);
/* Forgets root (canonical): 1 when it was allowed, 0 when not, or a negative code. */
int trust_deny(const char *root, struct err *e);

#endif
