#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsx.h"
#include "sha256.h"

/* Enough of the path's digest to tell files apart in one user's cache. */
#define KEY_LEN 16

/* Stamps of the same file for mtimes it no longer has, made more than a week ago. Not the
 * newer ones: another shell may still be watching with one, and would run the binary once
 * more for nothing. Best effort: a stamp left behind is an empty file. */
static void drop_older(const char *dir, const char *key, const char *keep)
{
        DIR *d = opendir(dir);
        if (!d)
                return;
        time_t week_ago = time(NULL) - 7 * 24 * 3600;
        struct dirent *ent;
        struct stat st;
        while ((ent = readdir(d))) {
                if (strncmp(ent->d_name, key, KEY_LEN) != 0 || ent->d_name[KEY_LEN] != '-' ||
                    strcmp(ent->d_name, keep) == 0)
                        continue;
                if (fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                    st.st_ctime < week_ago)
                        unlinkat(dirfd(d), ent->d_name, 0);
        }
        closedir(d);
}

/* The stamp for mtime m in dir, made if missing. Written under a temporary name and renamed,
 * so a shell never sees it with any other mtime. */
static int make_stamp(const char *dir, const char *name, const struct timespec *m, struct err *e)
{
        char *path = malloc(strlen(dir) + strlen(name) + 2);
        char *tmp = malloc(strlen(dir) + sizeof "/.new-XXXXXX");
        int rc = 0;
        if (!path || !tmp) {
                rc = err_set(e, -ENOMEM, "out of memory");
                goto out;
        }
        sprintf(path, "%s/%s", dir, name);
        if (access(path, F_OK) == 0)
                goto out;
        sprintf(tmp, "%s/.new-XXXXXX", dir);
        int fd = mkstemp(tmp);
        if (fd < 0) {
                rc = err_set(e, -errno, "%s: %s", dir, strerror(errno));
                goto out;
        }
        struct timespec times[2] = {*m, *m};
        if (futimens(fd, times) != 0 || rename(tmp, path) != 0) {
                rc = err_set(e, -errno, "%s: %s", path, strerror(errno));
                unlink(tmp);
        }
        close(fd);
out:
        free(path);
        free(tmp);
        return rc;
}

int watch_add(struct watch *w, const char *file, int after, struct err *e)
{
        struct stat st;
        /* stat, not lstat: the shells' -nt and -e follow links too. */
        if (stat(file, &st) != 0) {
                if (w->appear)
                        return 0;
                w->appear = strdup(file);
                return w->appear ? 0 : err_set(e, -ENOMEM, "out of memory");
        }
        int slot = 0;
        while (slot < WATCH_FILES && w->file[slot])
                slot++;
        if (slot == WATCH_FILES)
                return 0;
        struct timespec m = st.st_mtim;
        if (after && ++m.tv_nsec == 1000000000) {
                m.tv_sec++;
                m.tv_nsec = 0;
        }
        char *dir = fsx_cache_path("stamps");
        if (!dir)
                return err_set(e, -ENOENT, "no cache directory: set HOME or XDG_CACHE_HOME");
        char hex[SHA256_HEX_LEN + 1], name[KEY_LEN + 64];
        sha256_hex(file, strlen(file), hex);
        hex[KEY_LEN] = '\0';
        snprintf(name, sizeof name, "%s-%lld.%09ld", hex, (long long)m.tv_sec, m.tv_nsec);
        int rc = fsx_mkdirs(dir, e);
        if (rc == 0)
                rc = make_stamp(dir, name, &m, e);
        if (rc == 0) {
                drop_older(dir, hex, name);
                char *stamp = malloc(strlen(dir) + strlen(name) + 2);
                char *copy = stamp ? strdup(file) : NULL;
                if (copy) {
                        sprintf(stamp, "%s/%s", dir, name);
                        w->stamp[slot] = stamp;
                        w->file[slot] = copy;
                } else {
                        free(stamp);
                        rc = err_set(e, -ENOMEM, "out of memory");
                }
        }
        free(dir);
        return rc;
}

void watch_free(struct watch *w)
{
        for (int i = 0; i < WATCH_FILES; i++) {
                free(w->file[i]);
                free(w->stamp[i]);
                w->file[i] = w->stamp[i] = NULL;
        }
        free(w->appear);
        w->appear = NULL;
}
