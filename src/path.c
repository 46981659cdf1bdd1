#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *path_join(const char *dir, const char *name)
{
        size_t a = strlen(dir), b = strlen(name);
        int slash = a && dir[a - 1] != '/';
        char *p = malloc(a + slash + b + 1);
        if (!p)
                return NULL;
        memcpy(p, dir, a);
        if (slash)
                p[a] = '/';
        memcpy(p + a + slash, name, b + 1);
        return p;
}

char *path_normalize(const char *abs)
{
        size_t n = strlen(abs);
        char *out = malloc(n + 2);
        if (!out)
                return NULL;
        size_t len = 0;
        const char *s = abs;
        while (*s) {
                while (*s == '/')
                        s++;
                const char *end = strchr(s, '/');
                size_t seg = end ? (size_t)(end - s) : strlen(s);
                if (seg == 0)
                        break;
                if (seg == 1 && s[0] == '.') {
                        /* nothing */
                } else if (seg == 2 && s[0] == '.' && s[1] == '.') {
                        while (len > 0 && out[len - 1] != '/')
                                len--;
                        if (len > 0)
                                len--;
                } else {
                        out[len++] = '/';
                        memcpy(out + len, s, seg);
                        len += seg;
                }
                s += seg;
        }
        if (len == 0)
                out[len++] = '/';
        out[len] = '\0';
        return out;
}

char *path_resolve(const char *dir, const char *p, struct err *e)
{
        char *joined;
        if (p[0] == '/') {
                joined = strdup(p);
        } else if (p[0] == '~' && (p[1] == '/' || p[1] == '\0')) {
                const char *home = getenv("HOME");
                if (!home || home[0] != '/') {
                        err_set(e, ERR_FAIL, "%s: HOME is not set to an absolute path", p);
                        return NULL;
                }
                joined = path_join(home, p[1] ? p + 2 : "");
        } else {
                joined = path_join(dir, p);
        }
        if (!joined) {
                err_set(e, -ENOMEM, "out of memory");
                return NULL;
        }
        char *norm = path_normalize(joined);
        free(joined);
        if (!norm)
                err_set(e, -ENOMEM, "out of memory");
        return norm;
}

const char *path_base(const char *p)
{
        size_t n = strlen(p);
        while (n > 1 && p[n - 1] == '/')
                n--;
        size_t i = n > 1 ? n - 1 : 0;
        while (i > 0 && p[i - 1] != '/')
                i--;
        return p + i;
}

char *xdg_path(enum xdg_dir which, const char *rel)
{
        static const char *const vars[] = {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"};
        static const char *const defaults[] = {".config", ".cache", ".local/share"};
        const char *base = getenv(vars[which]);
        char *dir = NULL;
        if (!base || base[0] != '/') {
                const char *home = getenv("HOME");
                if (!home || home[0] != '/') {
                        errno = ENOENT;
                        return NULL;
                }
                if (!(dir = path_join(home, defaults[which])))
                        return NULL;
                base = dir;
        }
        char *p = path_join(base, rel);
        free(dir);
        if (!p)
                errno = ENOMEM;
        return p;
}

const char *xdg_why(enum xdg_dir which, char *out, size_t size)
{
        static const char *const vars[] = {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"};
        const char *var = vars[which], *base = getenv(var), *home = getenv("HOME");
        if (home && home[0] && base && base[0])
                snprintf(out, size, "neither %s (%s) nor HOME (%s) is an absolute path", var, base,
                         home);
        else if (home && home[0])
                snprintf(out, size, "HOME (%s) is not an absolute path, and %s is not set", home,
                         var);
        else if (base && base[0])
                snprintf(out, size, "%s (%s) is not an absolute path, and HOME is not set", var,
                         base);
        else
                snprintf(out, size, "neither %s nor HOME is set", var);
        return out;
}

char *path_cwd(struct err *e)
{
        const char *pwd = getenv("PWD");
        struct stat a, b;
        if (pwd && pwd[0] == '/' && stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
            a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
                char *p = path_normalize(pwd);
                if (!p)
                        err_set(e, -ENOMEM, "out of memory");
                return p;
        }
        char *p = getcwd(NULL, 0);
        if (!p)
                err_set(e, -errno, "cannot read the current directory: %s", strerror(errno));
        return p;
}

int file_read(const char *path, size_t max, char **out, size_t *len, struct err *e)
{
        *out = NULL;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                int rc = -errno;
                return err_set(e, rc, "%s: %s", path, strerror(errno));
        }
        struct stat st;
        if (fstat(fd, &st) != 0) {
                int rc = -errno;
                close(fd);
                return err_set(e, rc, "%s: %s", path, strerror(-rc));
        }
        if (S_ISDIR(st.st_mode)) {
                close(fd);
                return err_set(e, -EISDIR, "%s: is a directory, not a file", path);
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return err_set(e, -EINVAL, "%s: is not a regular file", path);
        }
        if ((size_t)st.st_size > max) {
                close(fd);
                return err_set(e, -EFBIG, "%s: too large (%lld bytes; the limit is %zu)", path,
                               (long long)st.st_size, max);
        }
        char *data = malloc(max + 1);
        if (!data) {
                close(fd);
                return err_set(e, -ENOMEM, "out of memory");
        }
        size_t n = 0;
        for (;;) {
                ssize_t r = read(fd, data + n, max + 1 - n);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        int rc = -errno;
                        free(data);
                        close(fd);
                        return err_set(e, rc, "%s: %s", path, strerror(-rc));
                }
                if (r == 0)
                        break;
                n += (size_t)r;
                if (n > max) {
                        /* it grew while we read it */
                        free(data);
                        close(fd);
                        return err_set(e, -EFBIG, "%s: too large (the limit is %zu bytes)", path,
                                       max);
                }
        }
        close(fd);
        data[n] = '\0';
        *out = data;
        if (len)
                *len = n;
        return 0;
}

int path_sync_parent(const char *path)
{
        const char *base = path_base(path);
        char *dir = base > path ? strndup(path, (size_t)(base - path)) : strdup(".");
        if (!dir)
                return -ENOMEM;
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
        free(dir);
        if (fd < 0)
                return -errno;
        /* Some file systems cannot sync a directory, and have nothing to make durable. */
        if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
                rc = -errno;
        close(fd);
        return rc;
}

int file_write_atomic(const char *path, const char *data, size_t len, struct err *e)
{
        size_t n = strlen(path);
        char *tmp = malloc(n + 16);
        if (!tmp)
                return err_set(e, -ENOMEM, "out of memory");
        snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
        int fd = mkstemp(tmp);
        if (fd < 0) {
                int rc = -errno;
                free(tmp);
                return err_set(e, rc, "%s: cannot create a temporary file: %s", path,
                               strerror(-rc));
        }
        size_t off = 0;
        while (off < len) {
                ssize_t w = write(fd, data + off, len - off);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w < 0)
                        goto fail;
                off += (size_t)w;
        }
        if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
                goto fail;
        if (close(fd) != 0) {
                fd = -1;
                goto fail;
        }
        fd = -1;
        if (rename(tmp, path) != 0)
                goto fail;
        free(tmp);
        /* The rename itself made durable: without it, a crash may bring back the old file. */
        int src = path_sync_parent(path);
        if (src < 0)
                return err_set(e, src, "%s: cannot sync its directory: %s", path, strerror(-src));
        return 0;
fail:;
        int rc = -errno;
        if (fd >= 0)
                close(fd);
        unlink(tmp);
        free(tmp);
        return err_set(e, rc, "%s: cannot write: %s", path, strerror(-rc));
}

int path_is_home_or_root(const char *dir)
{
        const char *home = getenv("HOME");
        char *d = realpath(dir, NULL), *h = home && *home ? realpath(home, NULL) : NULL;
        int is = d && (strcmp(d, "/") == 0 || (h && strcmp(d, h) == 0));
        free(d);
        free(h);
        return is;
}
