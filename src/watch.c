#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsx.h"
#include "sha256.h"

/* Enough of the path's digest to tell files apart in one user's cache. */
#define KEY_LEN 16

/* Removes the stamps of the same file other than keep: each is for an mtime it no longer
 * has. Best effort: a stamp left behind only takes a little room. */
static void drop_older(const char *dir, const char *key, const char *keep)
{
        DIR *d = opendir(dir);
        if (!d)
                return;
        struct dirent *ent;
        while ((ent = readdir(d))) {
                if (strncmp(ent->d_name, key, KEY_LEN) != 0 || ent->d_name[KEY_LEN] != '-' ||
                    strcmp(ent->d_name, keep) == 0)
                        continue;
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

int watch_add(struct watch *w, const char *file, struct err *e)
{
        if (w->n == WATCH_MAX)
                return 0;
        char *dir = fsx_cache_path("stamps");
        if (!dir)
                return err_set(e, -ENOENT, "no cache directory: set HOME or XDG_CACHE_HOME");
        int rc = 0;
        char hex[SHA256_HEX_LEN + 1], name[KEY_LEN + 64];
        sha256_hex(file, strlen(file), hex);
        hex[KEY_LEN] = '\0';
        struct stat st;
        /* stat, not lstat: the shells' -nt follows links too. */
        if (stat(file, &st) == 0) {
                snprintf(name, sizeof name, "%s-%lld.%09ld", hex, (long long)st.st_mtim.tv_sec,
                         st.st_mtim.tv_nsec);
                if ((rc = fsx_mkdirs(dir, e)) == 0 &&
                    (rc = make_stamp(dir, name, &st.st_mtim, e)) == 0)
                        drop_older(dir, hex, name);
        } else {
                name[0] = '\0';
        }
        char *stamp = rc == 0 ? malloc(strlen(dir) + strlen(name) + 2) : NULL;
        char *copy = stamp ? strdup(file) : NULL;
        if (rc == 0 && copy) {
                if (*name)
                        sprintf(stamp, "%s/%s", dir, name);
                else
                        *stamp = '\0';
                w->file[w->n] = copy;
                w->stamp[w->n] = stamp;
                w->n++;
        } else if (rc == 0) {
                free(stamp);
                rc = err_set(e, -ENOMEM, "out of memory");
        }
        free(dir);
        return rc;
}

void watch_free(struct watch *w)
{
        for (int i = 0; i < w->n; i++) {
                free(w->file[i]);
                free(w->stamp[i]);
        }
        w->n = 0;
}
