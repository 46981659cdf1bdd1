#ifndef PYENVHOOK_TRUST_STORE_H
#define PYENVHOOK_TRUST_STORE_H

#include <cjson/cJSON.h>

#include "err.h"
#include "trust_fp.h"

/* The store on disk (trust_store.c): trust.c reads and writes entries through these; the
 * commands list and prune through trust_each. */

#define TRUST_VERSION 2
#define TRUST_ENTRY_MAX (64 * 1024)

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

/* $XDG_DATA_HOME/pyenvhook and the store in it (malloc'd, not yet checked). */
int trust_store_dirs(char **base, char **store, struct err *e);
/* Resolves and checks the store for reading: -ENOENT when there is none yet. */
int trust_store_checked(const char *store, char **real, struct err *e);
/* The entry file for a canonical root (malloc'd), NULL when out of memory. */
char *trust_store_entry_path(const char *store, const char *root);
/* Reads one entry: 0 with *out, -ENOENT, or another negative code with why saying what is
 * wrong with the file. */
int trust_store_read(const char *path, cJSON **out, struct err *why);
/* Writes fp's entry atomically; allowed is the time to record, NULL for now. */
int trust_store_write(const char *store, const struct trust_fp *fp, const char *allowed,
                      struct err *e);
/* Carries a first-version store over, once: how many entries, with a note, 0 when there
 * was nothing to do, or a negative code. */
int trust_store_migrate(const char *base, const char *store, struct err *note, struct err *e);
/* The store made if need be, resolved and checked, with a first-version store carried
 * over; for the commands that change it. */
int trust_store_open_write(char **real, struct err *note, int *noted, struct err *e);

#endif
