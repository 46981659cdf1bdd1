/* nftw is XSI (X/Open), beyond the POSIX base the build asks for. */
#define _XOPEN_SOURCE 700
#include "fsx.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "path.h"

/* mkdir -p of p (changed and restored in place): the directory itself first, its parents
 * only when it has none, so a path whose parents stand costs one call. */
static int mkdirs_in(char *p)
{
        if (mkdir(p, 0777) == 0 || errno == EEXIST)
                return 0;
        char *slash = strrchr(p, '/');
        if (errno != ENOENT || !slash || slash == p)
                return -errno;
        *slash = '\0';
        int rc = mkdirs_in(p);
        *slash = '/';
        if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
                rc = -errno;
        return rc;
}

int fsx_mkdirs(const char *dir, struct err *e)
{
        char *p = strdup(dir);
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = mkdirs_in(p);
        free(p);
        if (rc < 0)
                return err_set(e, rc, "%s: cannot make the directory: %s", dir, strerror(-rc));
        return 0;
}

int fsx_write_new(const char *path, const char *data, size_t len, mode_t mode, struct err *e)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0)
                return err_set(e, -errno, "%s: %s", path, strerror(errno));
        size_t off = 0;
        while (off < len) {
                ssize_t w = write(fd, data + off, len - off);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0) {
                        int rc = -errno;
                        close(fd);
                        return err_set(e, rc, "%s: cannot write: %s", path, strerror(-rc));
                }
                off += (size_t)w;
        }
        if (close(fd) != 0)
                return err_set(e, -errno, "%s: cannot write: %s", path, strerror(errno));
        return 0;
}

/* Copies the rest of in to out: in the kernel (compat_copy_range), then read and write
 * where it cannot. */
static int copy_bytes(int in, int out, off_t left)
{
        while (left > 0) {
                ssize_t n = compat_copy_range(in, out, (size_t)left);
                if (n == -EINTR)
                        continue;
                if (n <= 0)
                        break;
                left -= n;
        }
        char buf[65536];
        while (left > 0) {
                ssize_t n = read(in, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return n < 0 ? -errno : -EIO;
                for (ssize_t off = 0; off < n;) {
                        ssize_t w = write(out, buf + off, (size_t)(n - off));
                        if (w < 0 && errno == EINTR)
                                continue;
                        if (w < 0)
                                return -errno;
                        off += w;
                }
                left -= n;
        }
        return 0;
}

int fsx_clone_at(int fromdir, const char *from, int todir, const char *to, const struct stat *want)
{
        int in = openat(fromdir, from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (in < 0)
                return -ESTALE;
        struct stat st;
        if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != want->st_size ||
            st.st_mtim.tv_sec != want->st_mtim.tv_sec ||
            st.st_mtim.tv_nsec != want->st_mtim.tv_nsec) {
                close(in);
                return -ESTALE;
        }
        int out = openat(todir, to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, want->st_mode & 0777);
        if (out < 0) {
                int rc = -errno;
                close(in);
                return rc;
        }
        int rc = 1;
        /* Asked once per run: a file system without reflinks says so for every file. Read
         * and set from each copying thread: atomic, as the answer is the same for all. */
        static atomic_int no_reflink;
        if (st.st_size > 0 && !atomic_load_explicit(&no_reflink, memory_order_relaxed)) {
                int r = compat_reflink(in, out);
                if (r == 0)
                        rc = 0;
                else if (r == -EOPNOTSUPP || r == -ENOTTY || r == -EINVAL || r == -EXDEV ||
                         r == -ENOSYS)
                        atomic_store_explicit(&no_reflink, 1, memory_order_relaxed);
        }
        if (rc == 1)
                rc = copy_bytes(in, out, st.st_size);
        /* The modification time bytecode was checked against. The access time a second
         * ahead of the change time this call sets: with relatime, a first read of a file whose
         * access time is not after its change time writes a new one, and the venv's first pip
         * run would then dirty 1,456 inodes (docs/benchmarks.md). */
        struct timespec ts[2] = {{0, 0}, want->st_mtim};
        clock_gettime(CLOCK_REALTIME, &ts[0]);
        ts[0].tv_sec += 1;
        if (rc == 0 && futimens(out, ts) != 0)
                rc = -errno;
        close(in);
        if (close(out) != 0 && rc == 0)
                rc = -errno;
        return rc;
}

int fsx_symlink(const char *target, const char *path, struct err *e)
{
        if (symlink(target, path) != 0)
                return err_set(e, -errno, "%s: cannot make the link: %s", path, strerror(errno));
        return 0;
}

static int remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
        (void)st;
        (void)ftw;
        int rc = flag == FTW_DP ? rmdir(p) : unlink(p);
        return rc != 0 && errno != ENOENT ? -1 : 0;
}

int fsx_remove_tree(const char *path, struct err *e)
{
        struct stat st;
        if (lstat(path, &st) != 0)
                return errno == ENOENT ? 0 : err_set(e, -errno, "%s: %s", path, strerror(errno));
        if (!S_ISDIR(st.st_mode)) {
                if (unlink(path) != 0)
                        return err_set(e, -errno, "%s: cannot remove: %s", path, strerror(errno));
                return 0;
        }
        if (nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0)
                return err_set(e, -errno, "%s: cannot remove: %s", path, strerror(errno));
        return 0;
}

char *fsx_temp_beside(const char *path, const char *tag, struct err *e)
{
        const char *base = path_base(path);
        size_t dirlen = (size_t)(base - path);
        size_t n = strlen(path) + strlen(tag) + 16;
        char *t = malloc(n);
        if (!t) {
                err_set(e, -ENOMEM, "out of memory");
                return NULL;
        }
        snprintf(t, n, "%.*s.%s.%s-XXXXXX", (int)dirlen, path, base, tag);
        if (!mkdtemp(t)) {
                err_set(e, -errno, "%s: cannot make a temporary directory: %s", t, strerror(errno));
                free(t);
                return NULL;
        }
        mode_t mask = umask(0);
        umask(mask);
        chmod(t, 0777 & ~mask);
        return t;
}

char *fsx_cache_path(const char *rel)
{
        size_t n = strlen(rel) + sizeof "pyenvhook/";
        char *sub = malloc(n);
        if (!sub)
                return NULL;
        snprintf(sub, n, "pyenvhook/%s", rel);
        char *p = xdg_path(XDG_CACHE, sub);
        free(sub);
        return p;
}
