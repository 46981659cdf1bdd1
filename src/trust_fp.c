/* What is trusted: a project's fingerprint as it is now (its root, marker or convention
 * files and their digest, the venv, the venv files git tracks), and whether an entry of the
 * store matches it. */
#include "trust_fp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitindex.h"
#include "path.h"

const char *trust_entry_str(const cJSON *entry, const char *key)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
        return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *trust_canonical(const char *path)
{
        char *r = realpath(path, NULL);
        return r ? r : strdup(path);
}

/* The files a convention decided by, each by name, and by content or by the facts it read
 * from it (conv.h), in one digest: a pull that changes what decided asks the user again, as
 * a changed marker does. whole: every file by its bytes, as entries before facts were
 * written, so that those still match while the files are as they were allowed. */
static int conv_digest(const struct conv_hit *h, int whole, char hex[SHA256_HEX_LEN + 1],
                       struct err *e)
{
        struct sha256 s;
        sha256_init(&s);
        for (int i = 0; i < CONV_FILES_MAX && h->files[i]; i++) {
                /* A file that counts by its facts counts by nothing else, not even its
                 * name: a poetry.toml that `poetry config --local` makes for an installer
                 * setting changes no fact. */
                if (!whole && (h->facts_of & 1u << i))
                        continue;
                sha256_add(&s, h->files[i], strlen(h->files[i]) + 1);
                char *text, fhex[SHA256_HEX_LEN + 1];
                size_t len;
                int rc = file_read(h->files[i], CONV_FILE_MAX, &text, &len, e);
                if (rc < 0)
                        return rc;
                sha256_hex(text, len, fhex);
                free(text);
                sha256_add(&s, fhex, SHA256_HEX_LEN);
        }
        if (!whole && h->facts_of) {
                if (h->facts.oom)
                        return err_set(e, -ENOMEM, "out of memory");
                sha256_add(&s, "", 1);
                sha256_add(&s, h->facts.p ? h->facts.p : "", h->facts.len);
        }
        unsigned char d[32];
        sha256_done(&s, d);
        for (int i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", d[i]);
        return 0;
}

int trust_fingerprint(const struct project *p, struct trust_fp *fp, struct err *e)
{
        memset(fp, 0, sizeof *fp);
        fp->root = trust_canonical(p->root);
        fp->venv = trust_canonical(p->venv);
        if (fp->root && p->marker) {
                fp->marker = path_join(fp->root, MARKER_NAME);
                memcpy(fp->sha256, p->m.sha256, sizeof fp->sha256);
        }
        /* A convention's first file stands where the marker would, its digest covering all. */
        if (p->kind == PROJECT_CONV && p->conv.files[0]) {
                int rc = conv_digest(&p->conv, 0, fp->sha256, e);
                if (p->conv.facts_of)
                        fp->conv = &p->conv;
                if (rc < 0) {
                        trust_fp_free(fp);
                        return rc;
                }
                fp->marker = trust_canonical(p->conv.files[0]);
        }
        if (!fp->root || !fp->venv || ((p->marker || p->conv.files[0]) && !fp->marker)) {
                trust_fp_free(fp);
                return err_set(e, -ENOMEM, "out of memory");
        }
        int rc = git_tracked_digest(fp->venv, fp->tracked, e);
        if (rc < 0)
                trust_fp_free(fp);
        return rc;
}

void trust_fp_free(struct trust_fp *fp)
{
        free(fp->root);
        free(fp->marker);
        free(fp->venv);
        memset(fp, 0, sizeof *fp);
}

static int same(const char *a, const char *b)
{
        return a && b ? strcmp(a, b) == 0 : a == b;
}

enum trust_verdict trust_match_by(const cJSON *entry, const struct trust_fp *fp, int *by_bytes)
{
        *by_bytes = 0;
        if (!same(trust_entry_str(entry, "root"), fp->root))
                return TRUST_UNKNOWN;
        const char *sha = trust_entry_str(entry, "sha256");
        if (!same(trust_entry_str(entry, "marker"), fp->marker) ||
            !same(trust_entry_str(entry, "venv"), fp->venv) ||
            !same(trust_entry_str(entry, "tracked"), fp->tracked[0] ? fp->tracked : NULL))
                return TRUST_CHANGED;
        if (same(sha, fp->marker ? fp->sha256 : NULL))
                return TRUST_ALLOWED;
        /* Written before facts stood for some files: its digest is of every byte, computed
         * here, where the facts did not match, so that a check that matches reads no file
         * for it. A file that cannot be read now matches nothing. */
        char whole[SHA256_HEX_LEN + 1];
        struct err ignored;
        if (fp->marker && fp->conv && sha && conv_digest(fp->conv, 1, whole, &ignored) == 0 &&
            same(sha, whole)) {
                *by_bytes = 1;
                return TRUST_ALLOWED;
        }
        return TRUST_CHANGED;
}

enum trust_verdict trust_match(const cJSON *entry, const struct trust_fp *fp)
{
        int by_bytes;
        return trust_match_by(entry, fp, &by_bytes);
}
