#ifndef PYENVHOOK_TRUST_H
#define PYENVHOOK_TRUST_H

#include <cjson/cJSON.h>

#include "err.h"
#include "project.h"

/* Which projects the user allowed, in $XDG_DATA_HOME/pyenvhook/trust.json (~/.local/share
 * when unset). What is trusted is a fingerprint: the project's root, its marker and the
 * SHA-256 of the marker's bytes, and the venv those lead to. A marker that changes (a git
 * pull) no longer matches, so the user is asked again.
 *
 * Readers never lock: writes are whole-file renames, so a reader sees the old store or the
 * new one. Writers take an flock on trust.json.lock and read the store again under it, so
 * concurrent allow and deny from many shells lose nothing. */

#define TRUST_MAX (4 * 1024 * 1024)
#define TRUST_VERSION 1

struct trust_store {
        char *path;      /* trust.json */
        int lock_fd;     /* -1 when not holding the lock */
        cJSON *json;     /* the document */
        cJSON *projects; /* its "projects" array, owned by json */
        int set_aside;   /* a corrupt store was moved aside; note says where */
        struct err note;
};

/* Reads the store (empty when missing). With for_write, creates its directory and holds the
 * lock until trust_close. A corrupt store is moved aside and read as empty: set_aside and
 * note tell the caller, which reports it once. Negative only when the store cannot be read
 * at all (or, for_write, cannot be locked). */
int trust_open(struct trust_store *s, int for_write, struct err *e);
/* Writes the store atomically; only after trust_open(s, 1). */
int trust_save(struct trust_store *s, struct err *e);
void trust_close(struct trust_store *s);

/* What a project would be trusted as. Paths are canonical (symlinks resolved where they
 * exist), so the same project reached by another path is the same project. */
struct trust_fp {
        char *root;
        char *marker; /* NULL for a .venv without a marker */
        char sha256[65];
        char *venv;
};
int trust_fingerprint(const struct project *p, struct trust_fp *fp, struct err *e);
void trust_fp_free(struct trust_fp *fp);

enum trust_verdict {
        TRUST_ALLOWED = 0,
        TRUST_UNKNOWN = 1, /* never allowed, or denied */
        TRUST_CHANGED = 2, /* allowed, but the marker or the venv it names has changed since */
};
/* The verdict for fp; the entry for its root, if any, in *entry. */
enum trust_verdict trust_lookup(const struct trust_store *s, const struct trust_fp *fp,
                                const cJSON **entry);

/* The check export and status make: a verdict, or a negative code when the store cannot be
 * read (then nothing is trusted). *noted is set, with note filled, when a corrupt store was
 * moved aside, for the caller to report. */
int trust_check(const struct project *p, int *noted, struct err *note, struct err *e);

/* Trusts the nearest project at or above root as it is now (its marker must be readable).
 * `pyenvhook create` calls this, so the venvs it makes are trusted at birth. Returns 0; or 1
 * when it worked but a corrupt store was moved aside, which e then says, for the caller to
 * print; or a negative code. */
int trust_allow_project(const char *root, struct err *e);
/* Adds or replaces the entry for fp; the store must be open for writing. */
int trust_put(struct trust_store *s, const struct trust_fp *fp, struct err *e);
/* Removes the entries whose root is root; returns how many. */
int trust_remove(struct trust_store *s, const char *root);

/* Members of an entry, as the store holds them (validated by trust_open): NULL when absent. */
const char *trust_entry_str(const cJSON *entry, const char *key);

/* path if it resolves, else a copy of it: malloc'd, NULL when out of memory. */
char *trust_canonical(const char *path);

#endif
