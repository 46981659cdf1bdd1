/* The ownership walk of strict.h, below the settings: see ownwalk.h. */
#include "ownwalk.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "path.h"

/* How to vouch for a file system that shows everything as writable by all (WSL's /mnt/c). */
#define HINT                                                                                       \
        "; on a file system that cannot show owners, list the directory in \"safe_directories\" "  \
        "in pyenvhook's settings"

/* Links followed in one resolution before it counts as a loop (Linux's own limit). */
#define STRICT_MAX_LINKS 40

int ownwalk_trusted_uid(uid_t uid)
{
        return uid == 0 || uid == geteuid();
}

static int trusted_uid(uid_t uid)
{
        return ownwalk_trusted_uid(uid);
}

/* Whether nobody but the user and root can write through gid: no other account has it as its
 * primary group or lists it as a member. A group that cannot be looked up is nobody's to vouch
 * for. One answer per process is enough: a run checks a few files, mostly of one group. */
static int group_is_private(gid_t gid)
{
        static gid_t last_gid;
        static int last = -1;
        if (last >= 0 && last_gid == gid)
                return last;
        int ok = 1;
        const struct passwd *pw;
        setpwent();
        while (ok && (pw = getpwent()))
                if (pw->pw_gid == gid && !trusted_uid(pw->pw_uid))
                        ok = 0;
        endpwent();
        const struct group *gr = ok ? getgrgid(gid) : NULL;
        if (ok && !gr)
                ok = 0;
        for (char **m = gr ? gr->gr_mem : NULL; ok && m && *m; m++) {
                pw = getpwnam(*m);
                if (!pw || !trusted_uid(pw->pw_uid))
                        ok = 0;
        }
        last_gid = gid;
        last = ok;
        return ok;
}

/* The reason st is unsafe, or NULL. above: a directory above what is checked, which may be
 * root's sticky directory (others add names there, but cannot move ours). */
static const char *unsafe(const struct stat *st, int above)
{
        if (!trusted_uid(st->st_uid))
                return "owner";
        /* A link's own mode means nothing (its directory is checked), and a device or a fifo
         * is nothing that runs: whoever reads it says it is no file. */
        if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
                return NULL;
        if (above && S_ISDIR(st->st_mode) && st->st_uid == 0 && (st->st_mode & S_ISVTX))
                return NULL;
        if (st->st_mode & S_IWOTH)
                return "write";
        if ((st->st_mode & S_IWGRP) && !group_is_private(st->st_gid))
                return "write";
        return NULL;
}

/* unsafe(), unless the user vouched for path. */
const char *ownwalk_unsafe(const char *path, const struct stat *st, int above,
                           ownwalk_vouch_fn vouched)
{
        const char *why = unsafe(st, above);
        return why && vouched && vouched(path) ? NULL : why;
}

/* The refusal, in the words of the file's check when the file itself fails, and naming the
 * place otherwise. */
int ownwalk_refuse(const char *final, const char *what, const char *place, const struct stat *st,
                   const char *why, struct err *e)
{
        unsigned long uid = (unsigned long)st->st_uid, me = (unsigned long)geteuid();
        const char *kind = S_ISLNK(st->st_mode) ? "the symlink " : "";
        if (strcmp(place, final) == 0 && !*kind) {
                if (*why == 'o')
                        return err_set(e, -EPERM,
                                       "%s: refusing %s owned by uid %lu (not you, uid %lu, nor "
                                       "root): another user could change what runs in your shell",
                                       final, what, uid, me);
                return err_set(e, -EPERM,
                               "%s: refusing %s that group or others can write ('chmod go-w' on "
                               "it fixes that%s)",
                               final, what, HINT);
        }
        if (*why == 'o')
                return err_set(e, -EPERM,
                               "%s: refusing %s: %s%s on the way to it is owned by uid %lu (not "
                               "you, uid %lu, nor root), who could change what runs in your shell",
                               final, what, kind, place, uid, me);
        return err_set(e, -EPERM,
                       "%s: refusing %s: %s on the way to it can be written by group or others "
                       "and is not root's sticky directory ('chmod go-w %s' fixes that%s)",
                       final, what, place, place, HINT);
}

int ownwalk_resolve(const char *path, const char *what, int missing_ok, ownwalk_vouch_fn vouched,
                    char **out, struct err *e)
{
        *out = NULL;
        if (path[0] != '/')
                return err_set(e, -EINVAL, "%s: not an absolute path", path);
        struct stat st;
        if (lstat("/", &st) != 0)
                return err_set(e, -errno, "/: %s", strerror(errno));
        const char *why = ownwalk_unsafe("/", &st, 1, vouched);
        if (why)
                return ownwalk_refuse(path, what, "/", &st, why, e);

        /* res: what is resolved and checked so far ("" is /); todo: what is left, which a
         * link's target is spliced into. */
        struct buf res = {0}, todo = {0};
        buf_adds(&todo, path);
        int links = 0, rc = 0;
        size_t pos = 0;
        for (;;) {
                const char *t = buf_str(&todo);
                if (!t || !buf_str(&res)) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                        break;
                }
                while (t[pos] == '/')
                        pos++;
                if (!t[pos])
                        break;
                size_t end = pos;
                while (t[end] && t[end] != '/')
                        end++;
                size_t n = end - pos;
                int last = t[end + strspn(t + end, "/")] == '\0';
                if (n == 1 && t[pos] == '.') {
                        pos = end;
                        continue;
                }
                if (n == 2 && t[pos] == '.' && t[pos + 1] == '.') {
                        while (res.len && res.p[res.len - 1] != '/')
                                res.len--;
                        if (res.len)
                                res.len--;
                        pos = end;
                        continue;
                }
                size_t keep = res.len;
                buf_addc(&res, '/');
                buf_add(&res, t + pos, n);
                const char *here = buf_str(&res);
                if (!here) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                        break;
                }
                if (lstat(here, &st) != 0) {
                        rc = -errno;
                        if (rc == -ENOENT) {
                                /* Whoever can add names to the directory could make what is
                                 * missing later, as theirs: sticky or not, it must be safe. */
                                res.p[keep] = '\0';
                                const char *dir = keep ? res.p : "/";
                                struct stat dst;
                                if (lstat(dir, &dst) == 0 &&
                                    (why = ownwalk_unsafe(dir, &dst, 0, vouched))) {
                                        res.p[keep] = '/';
                                        rc = err_set(e, -EPERM,
                                                     "%s: refusing %s: %s does not exist, and "
                                                     "others can create it in %s",
                                                     path, what, here, dir);
                                        break;
                                }
                                res.p[keep] = '/';
                        }
                        if (rc == -ENOENT && last && missing_ok) {
                                rc = 0;
                                break;
                        }
                        /* a directory on the way that cannot be looked at (another account's
                         * home, mode 700): say what was being checked, not only where */
                        if (rc != -ENOENT && strcmp(here, path) != 0)
                                err_set(e, rc,
                                        "%s: refusing %s: cannot check %s on the way to it: %s",
                                        path, what, here, strerror(-rc));
                        else
                                err_set(e, rc, "%s: %s", here, strerror(-rc));
                        break;
                }
                if ((why = ownwalk_unsafe(here, &st, !last || S_ISLNK(st.st_mode), vouched))) {
                        rc = ownwalk_refuse(last && !S_ISLNK(st.st_mode) ? here : path, what, here,
                                            &st, why, e);
                        break;
                }
                if (S_ISLNK(st.st_mode)) {
                        if (++links > STRICT_MAX_LINKS) {
                                rc = err_set(e, -ELOOP, "%s: %s", path, strerror(ELOOP));
                                break;
                        }
                        char target[4096];
                        ssize_t len = readlink(here, target, sizeof target - 1);
                        if (len < 0) {
                                rc = -errno;
                                err_set(e, rc, "%s: %s", here, strerror(-rc));
                                break;
                        }
                        target[len] = '\0';
                        /* the rest of the path now follows the link's target */
                        struct buf next = {0};
                        buf_adds(&next, target);
                        buf_addc(&next, '/');
                        buf_adds(&next, t + end);
                        buf_free(&todo);
                        todo = next;
                        pos = 0;
                        res.len = target[0] == '/' ? 0 : keep;
                        continue;
                }
                if (!last && !S_ISDIR(st.st_mode)) {
                        rc = err_set(e, -ENOTDIR, "%s: %s", here, strerror(ENOTDIR));
                        break;
                }
                pos = end;
        }
        buf_free(&todo);
        if (rc == 0 && res.len == 0)
                buf_addc(&res, '/');
        const char *s = rc == 0 ? buf_str(&res) : NULL;
        if (rc == 0 && !s)
                rc = err_set(e, -ENOMEM, "out of memory");
        if (rc == 0 && !(*out = strdup(s)))
                rc = err_set(e, -ENOMEM, "out of memory");
        buf_free(&res);
        return rc;
}
