#include "journal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "marker.h"
#include "path.h"
#include "replace.h"
#include "sha256.h"

#define JOURNAL_HEAD "pyenvhook-pending 1\n"
#define NO_MARKER "-"

/* The record's path for the marker at marker_path: malloc'd, NULL with a message. With make,
 * its directory is made (private, as the trust store's is). */
static char *record_path(const char *marker_path, int make, struct err *e)
{
        /* Named by the project's real directory: the same project reached through a link
         * finds the same record. */
        char hex[SHA256_HEX_LEN + 1], rel[SHA256_HEX_LEN + 32];
        char *dir = strdup(marker_path), *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash)
                *slash = '\0';
        char *real = slash ? realpath(*dir ? dir : "/", NULL) : NULL;
        struct buf key = {0};
        if (real)
                buf_printf(&key, "%s/%s", real, slash + 1);
        else
                buf_adds(&key, marker_path);
        sha256_hex(buf_str(&key) ? buf_str(&key) : marker_path,
                   buf_str(&key) ? key.len : strlen(marker_path), hex);
        buf_free(&key);
        free(real);
        free(dir);
        snprintf(rel, sizeof rel, "pyenvhook/pending/%s", hex);
        char *p = xdg_path(XDG_DATA, rel);
        if (!p) {
                char why[256];
                err_set(e, errno == ENOMEM ? -ENOMEM : -ENOENT, "%s",
                        errno == ENOMEM ? "out of memory" : xdg_why(XDG_DATA, why, sizeof why));
                return NULL;
        }
        for (char *s = make ? strchr(p + 1, '/') : NULL; s; s = strchr(s + 1, '/')) {
                *s = '\0';
                if (*p && mkdir(p, 0700) != 0 && errno != EEXIST) {
                        err_set(e, -errno, "%s: cannot make the directory: %s", p, strerror(errno));
                        *s = '/';
                        free(p);
                        return NULL;
                }
                *s = '/';
        }
        return p;
}

/* A record is acted on (a marker written, a project trusted) only when nobody else could
 * have written it or its directory: a regular file of this user's that only they may write. */
static int private_to_us(const char *p)
{
        struct stat f, d;
        char *dir = strdup(p), *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash)
                *slash = '\0';
        int ok = slash && lstat(p, &f) == 0 && lstat(dir, &d) == 0 && S_ISREG(f.st_mode) &&
                 S_ISDIR(d.st_mode) && f.st_uid == geteuid() && d.st_uid == geteuid() &&
                 !(f.st_mode & 022) && !(d.st_mode & 022);
        free(dir);
        return ok;
}

int journal_write(const char *marker_path, const char *built, const char *before, size_t before_len,
                  const char *after, size_t after_len, struct err *e)
{
        struct stat st;
        if (stat(built, &st) != 0)
                return err_set(e, -errno, "%s: %s", built, strerror(errno));
        char hex[SHA256_HEX_LEN + 1];
        if (before)
                sha256_hex(before, before_len, hex);
        struct buf b = {0};
        buf_printf(&b, "%s%" PRIuMAX " %" PRIuMAX "\n%s\n", JOURNAL_HEAD, (uintmax_t)st.st_dev,
                   (uintmax_t)st.st_ino, before ? hex : NO_MARKER);
        buf_add(&b, after, after_len);
        char *p = record_path(marker_path, 1, e);
        int rc = !p             ? ERR_FAIL
                 : !buf_str(&b) ? err_set(e, -ENOMEM, "out of memory")
                                : file_write_atomic(p, b.p, b.len, e);
        free(p);
        buf_free(&b);
        return rc;
}

int journal_apply(const char *marker_path, const char *venv, struct err *e)
{
        char *p = record_path(marker_path, 0, e), *rec = NULL, *cur = NULL;
        if (!p)
                return JOURNAL_NONE; /* nowhere a record could be */
        /* What a write killed before its rename left beside the record. */
        size_t plen = strlen(p);
        char *tmps = malloc(plen + 6);
        if (tmps) {
                snprintf(tmps, plen + 6, "%s.tmp.", p);
                char *slash = strrchr(tmps, '/');
                *slash = '\0';
                replace_remove_files(tmps, slash + 1);
                free(tmps);
        }
        size_t rlen, clen = 0;
        /* At most a marker and its head. */
        int rc = file_read(p, MARKER_MAX + 256, &rec, &rlen, e);
        if (rc == 0 && !private_to_us(p))
                rc = err_set(e, -EINVAL, "%s: someone else could have written it", p);
        /* ENOTDIR: a directory on the way is a file (HOME one), so no record can be there;
         * that is said once, by what needs the directory, not here as well */
        if (rc == -ENOENT || rc == -ENOTDIR) {
                free(p);
                return JOURNAL_NONE;
        }
        /* head, "DEV INO\n", "BEFORE\n", then the marker's bytes */
        uintmax_t dev = 0, ino = 0;
        const char *before = NULL, *after = NULL;
        size_t hl = strlen(JOURNAL_HEAD);
        char *l1 = rc == 0 && strncmp(rec, JOURNAL_HEAD, hl) == 0 ? rec + hl : NULL;
        char *n1 = l1 ? strchr(l1, '\n') : NULL, *n2 = n1 ? strchr(n1 + 1, '\n') : NULL;
        if (n2) {
                *n1 = *n2 = '\0';
                before = n1 + 1;
                after = n2 + 1;
        }
        if (rc == 0 && (!n2 || sscanf(l1, "%" SCNuMAX " %" SCNuMAX, &dev, &ino) != 2))
                rc = err_set(e, -EINVAL, "%s: not a record pyenvhook wrote; removing it", p);
        if (rc < 0 && rc != -EINVAL) {
                free(p);
                free(rec);
                return rc;
        }
        struct stat st;
        if (rc < 0 || stat(venv, &st) != 0 || (uintmax_t)st.st_dev != dev ||
            (uintmax_t)st.st_ino != ino) {
                /* Not ours to read, or its venv never got in place: nothing to finish. */
                unlink(p);
                free(p);
                free(rec);
                return JOURNAL_NONE;
        }
        free(p);
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
                rc = JOURNAL_CHANGED;
        }
        free(cur);
        free(rec);
        return rc;
}

int journal_remove(const char *marker_path, struct err *e)
{
        char *p = record_path(marker_path, 0, e);
        if (!p)
                return 0;
        int rc = unlink(p) == 0 || errno == ENOENT
                     ? 0
                     : err_set(e, -errno, "%s: cannot remove: %s", p, strerror(errno));
        free(p);
        return rc;
}
