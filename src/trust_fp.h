#ifndef PYENVHOOK_TRUST_FP_H
#define PYENVHOOK_TRUST_FP_H

#include <cjson/cJSON.h>

#include "err.h"
#include "project.h"
#include "sha256.h"

/* What is trusted (trust.h says why): a project's fingerprint, and whether an entry of the
 * store matches it. */

struct trust_fp {
        char *root;
        char *marker; /* NULL for a .venv without a marker; a convention's first file */
        char sha256[SHA256_HEX_LEN + 1];
        /* The convention's hit when facts stand for some of its files (conv_hit.h), for
         * matching an entry written before them by the files' bytes; NULL else. Points into
         * the project fingerprinted, so fp is matched only while that project is alive. */
        const struct conv_hit *conv;
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

/* Members of an entry, as the store holds them (validated when read): NULL when absent. */
const char *trust_entry_str(const cJSON *entry, const char *key);

/* path if it resolves, else a copy of it: malloc'd, NULL when out of memory. */
char *trust_canonical(const char *path);

#endif
