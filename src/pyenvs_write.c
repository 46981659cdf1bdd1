/* Recording a created venv in a project's .python-envs, under its lock (pyenvs_write.h). */
#include "pyenvs_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "conv_hit.h"
#include "path.h"
#include "pyenvs.h"

/* A lock file that is not the user's own regular file (what lstat or fstat says of it). */
static int lock_refused(const char *lock, const struct stat *st, struct err *e)
{
        if (S_ISLNK(st->st_mode))
                return err_set(e, -ELOOP, "%s: a symbolic link; refusing it as the lock of %s",
                               lock, PYENVS_NAME);
        if (!S_ISREG(st->st_mode))
                return err_set(e, -EPERM, "%s: not a regular file; refusing it as the lock of %s",
                               lock, PYENVS_NAME);
        if (st->st_uid != geteuid())
                return err_set(e, -EPERM,
                               "%s: owned by uid %u, not by you; refusing it as the lock of %s",
                               lock, (unsigned)st->st_uid, PYENVS_NAME);
        return 0;
}

/* The lock is a file of its own, never the list: the list is replaced by a rename, and a lock
 * on a file that is renamed away locks nothing. Opened without following a link and only when
 * it is the user's own regular file, since opening with O_CREAT what another account put
 * there would let it choose which file we create or hold. *out is the descriptor holding the
 * lock, or -1 when the file system has no locks (then the write is not serialised, and is
 * still all or nothing). */
static int lock_take(const char *dir, int *out, struct err *e)
{
        *out = -1;
        char *lock = path_join(dir, PYENVS_LOCK);
        if (!lock)
                return err_set(e, -ENOMEM, "out of memory");
        int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
        struct stat st;
        int rc = 0;
        if (fd < 0 && errno == ELOOP)
                rc = err_set(e, -ELOOP, "%s: a symbolic link; refusing it as the lock of %s", lock,
                             PYENVS_NAME);
        else if (fd < 0)
                rc = err_set(e, -errno, "%s: %s", lock, strerror(errno));
        else if (fstat(fd, &st) != 0)
                rc = err_set(e, -errno, "%s: %s", lock, strerror(errno));
        else
                rc = lock_refused(lock, &st, e);
        if (rc == 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
                if (errno == EWOULDBLOCK) {
                        /* Held by another writer, which is done in moments: wait for it, as
                         * it waits for us, and say whom we wait for in case it is stuck. */
                        info_("create: waiting for %s", lock);
                        /* Only create's own handlers (Ctrl-C, TERM, HUP) interrupt it. */
                        if (flock(fd, LOCK_EX) != 0)
                                rc = errno == EINTR
                                         ? err_set(e, -EINTR, "interrupted while waiting for %s",
                                                   lock)
                                         : err_set(e, -errno, "%s: %s", lock, strerror(errno));
                } else if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS) {
                        close(fd);
                        fd = -1;
                } else {
                        rc = err_set(e, -errno, "%s: %s", lock, strerror(errno));
                }
        }
        free(lock);
        if (rc < 0 && fd >= 0)
                close(fd);
        else
                *out = fd;
        return rc;
}

/* The line that names venv in dir's list: relative when it is inside dir, as a user writes
 * it and as it stays right when the project is moved or cloned; else absolute. */
static char *line_for(const char *dir, const char *venv)
{
        size_t n = strlen(dir);
        while (n > 1 && dir[n - 1] == '/')
                n--;
        if (strncmp(venv, dir, n) == 0 && venv[n] == '/' && venv[n + 1])
                return strdup(venv + n + 1);
        return strdup(venv);
}

/* Reads, checks and rewrites the list; under the lock unless check_only. */
static int rewrite(const char *file, const char *dir, const char *venv, int check_only,
                   struct err *e)
{
        struct stat st;
        if (lstat(file, &st) != 0)
                return errno == ENOENT ? PYENVS_NO_FILE
                                       : err_set(e, -errno, "%s: %s", file, strerror(errno));
        /* A link is left alone: the rename would put a file in its place, and writing
         * through it would change a file outside the project. */
        if (S_ISLNK(st.st_mode))
                return PYENVS_LINKED;
        int rc = conv_file_safe(file, e);
        char *text = NULL, *line = NULL;
        size_t len = 0;
        struct pyenvs envs = {0};
        struct buf out = {0};
        if (rc == 0)
                rc = file_read(file, PYENVS_MAX, &text, &len, e);
        if (rc == 0)
                rc = pyenvs_parse(text, len, file, &envs, e);
        pyenvs_free(&envs);
        if (rc == 0 && !(line = line_for(dir, venv)))
                rc = err_set(e, -ENOMEM, "out of memory");
        if (rc == 0)
                rc = pyenvs_make_default(text, len, dir, venv, line, &out, e);
        /* The new text is held to what a reader accepts: a venv whose path has a newline or
         * an escape in it cannot be listed, and must not break the list for everyone. */
        struct err why;
        if (rc == 0 && pyenvs_parse(out.p, out.len, file, &envs, &why) < 0)
                rc = err_set(e, -EINVAL, "%s: cannot list %s in it: %s", file, venv, why.msg);
        pyenvs_free(&envs);
        if (rc == 0 && out.len > PYENVS_MAX)
                rc = err_set(e, -EFBIG, "%s: would be %zu bytes, more than the %d it may hold",
                             file, out.len, PYENVS_MAX);
        if (rc == 0 && out.len == len && memcmp(out.p, text, len) == 0)
                rc = PYENVS_UNCHANGED;
        else if (rc == 0 && !check_only)
                rc = file_write_atomic(file, out.p, out.len, e);
        free(text);
        free(line);
        buf_free(&out);
        return rc;
}

/* What lock_take would refuse, found without making or locking anything: an lstat. */
static int lock_check(const char *dir, struct err *e)
{
        char *lock = path_join(dir, PYENVS_LOCK);
        if (!lock)
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        int rc = 0;
        if (lstat(lock, &st) != 0)
                rc = errno == ENOENT ? 0 : err_set(e, -errno, "%s: %s", lock, strerror(errno));
        else
                rc = lock_refused(lock, &st, e);
        free(lock);
        return rc;
}

int pyenvs_record(const char *dir, const char *venv, int check_only, struct err *e)
{
        char *file = path_join(dir, PYENVS_NAME), *dotvenv = path_join(dir, ".venv");
        int rc = file && dotvenv ? 0 : err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        if (rc == 0 && lstat(file, &st) != 0 && errno == ENOENT)
                rc = PYENVS_NO_FILE;
        /* PEP 832: a .venv beside the list is its implicit last line, the default already;
         * a line for it too would say it twice (virtualenv leaves the list alone as well). */
        else if (rc == 0 && strcmp(venv, dotvenv) == 0)
                rc = PYENVS_IMPLICIT;
        int fd = -1;
        if (rc == 0)
                rc = check_only ? lock_check(dir, e) : lock_take(dir, &fd, e);
        if (rc == 0)
                rc = rewrite(file, dir, venv, check_only, e);
        if (fd >= 0)
                close(fd); /* the lock file stays: unlinking it would let a waiter and a
                              newcomer each hold a lock on a different file */
        free(file);
        free(dotvenv);
        return rc;
}
