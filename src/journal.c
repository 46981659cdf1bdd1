#include "journal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsx.h"
#include "marker.h"
#include "path.h"
#include "sha256.h"
#include "venv_guard.h"

#define JOURNAL_HEAD "pyenvhook-pending 1\n"
#define NO_MARKER "-"

int journal_write(const char *dir, const char *before, size_t before_len, const char *after,
                  size_t after_len, struct err *e)
{
        char hex[SHA256_HEX_LEN + 1];
        if (before)
                sha256_hex(before, before_len, hex);
        struct buf b = {0};
        buf_printf(&b, "%s%s\n", JOURNAL_HEAD, before ? hex : NO_MARKER);
        buf_add(&b, after, after_len);
        char *p = path_join(dir, VENV_JOURNAL_NAME);
        int rc = !p || !buf_str(&b) ? err_set(e, -ENOMEM, "out of memory")
                                    : fsx_write_new(p, b.p, b.len, 0644, e);
        free(p);
        buf_free(&b);
        return rc;
}

int journal_apply(const char *venv, const char *marker_path, struct err *e)
{
        char *p = path_join(venv, VENV_JOURNAL_NAME), *rec = NULL, *cur = NULL;
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        size_t rlen, clen = 0;
        /* At most a marker and its head. */
        int rc = file_read(p, MARKER_MAX + 256, &rec, &rlen, e);
        free(p);
        if (rc == -ENOENT)
                return JOURNAL_NONE;
        if (rc < 0)
                return rc;
        size_t hl = strlen(JOURNAL_HEAD);
        char *nl = rlen > hl ? memchr(rec + hl, '\n', rlen - hl) : NULL;
        if (strncmp(rec, JOURNAL_HEAD, hl) != 0 || !nl) {
                free(rec);
                return err_set(e, -EINVAL, "%s/%s: not a record pyenvhook wrote", venv,
                               VENV_JOURNAL_NAME);
        }
        *nl = '\0';
        const char *before = rec + hl, *after = nl + 1;
        size_t alen = rlen - (size_t)(after - rec);
        char now[SHA256_HEX_LEN + 1] = NO_MARKER, want[SHA256_HEX_LEN + 1];
        sha256_hex(after, alen, want);
        rc = file_read(marker_path, MARKER_MAX, &cur, &clen, e);
        if (rc == 0)
                sha256_hex(cur, clen, now);
        if (rc < 0 && rc != -ENOENT) {
                /* keep the record: a later create may read the marker */
        } else if (strcmp(now, want) == 0) {
                rc = JOURNAL_DONE;
        } else if (strcmp(now, before) == 0) {
                rc = file_write_atomic(marker_path, after, alen, e);
                if (rc == 0)
                        rc = JOURNAL_DONE;
        } else {
                rc = JOURNAL_STALE;
        }
        free(cur);
        free(rec);
        return rc;
}

int journal_remove(const char *venv, struct err *e)
{
        char *p = path_join(venv, VENV_JOURNAL_NAME);
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = unlink(p) == 0 || errno == ENOENT
                     ? 0
                     : err_set(e, -errno, "%s: cannot remove: %s", p, strerror(errno));
        free(p);
        return rc;
}
