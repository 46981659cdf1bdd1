#ifndef PYENVHOOK_TRUST_H
#define PYENVHOOK_TRUST_H

#include <cjson/cJSON.h>

#include "err.h"
#include "project.h"
#include "sha256.h"

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

#define TRUST_VERSION 2
#define TRUST_ENTRY_MAX (64 * 1024)

struct trust_fp {
        char *root;
        char *marker; /* NULL for a .venv without a marker; a convention's first file */
        char sha256[SHA256_HEX_LEN + 1];
        char sha256_whole[SHA256_HEX_LEN + 1]; /* a convention's files by their bytes alone,
                                                  when facts stand for some (conv.h); "" else */
        char *venv;
        char tracked[SHA256_HEX_LEN + 1]; /* "" when git tracks nothing in the venv */
};
/* The fingerprint of p as it is now. Paths are canonical (symlinks resolved where they
 * exist), so the same project reached by another path is the same project. */
int trust_fingerprint(const struct project *p, struct trust_fp *fp, struct err *e);
void trust_fp_free(struct trust_fp *fp);

enum trust_verdict {
        TRUST_ALLOWED = 0,
        TRUST_UNKNOWN = 1, /* never allowed, or denied */
        TRUST_CHANGED = 2, /* allowed, but the marker or the venv it names has changed since */
};
/* The verdict of one entry of the store for fp. */
enum trust_verdict trust_match(const cJSON *entry, const struct trust_fp *fp);
/* trust_match, and whether the entry matched only by the files' bytes (an entry written
 * before this convention's facts were): *by_bytes 1 then, to be written anew. */
enum trust_verdict trust_match_by(const cJSON *entry, const struct trust_fp *fp, int *by_bytes);

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

/* Calls fn for each entry of the store, in no particular order, with the entry's file; a
 * non-zero return from fn stops the walk and is returned. Files that are not entries (a
 * damaged one) are reported through fn with entry NULL and why filled. */
typedef int (*trust_each_fn)(const char *file, const cJSON *entry, const struct err *why,
                             void *arg);
int trust_each(trust_each_fn fn, void *arg, struct err *e);
/* Removes the file of an entry trust_each reported, and what killed writers left behind. */
int trust_remove_file(const char *file, struct err *e);
/* Removes temporary files that runs killed while writing left in the store; how many. */
int trust_clean_leftovers(void);

/* Members of an entry, as the store holds them (validated when read): NULL when absent. */
const char *trust_entry_str(const cJSON *entry, const char *key);

/* path if it resolves, else a copy of it: malloc'd, NULL when out of memory. */
char *trust_canonical(const char *path);

#endif
