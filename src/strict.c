#include "strict.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "path.h"

/* How to vouch for a file system that shows everything as writable by all (WSL's /mnt/c). */
#define HINT                                                                                       \
        "; on a file system that cannot show owners, list the directory in \"safe_directories\" "  \
        "in pyenvhook's settings"

/* Links followed in one resolution before it counts as a loop (Linux's own limit). */
#define STRICT_MAX_LINKS 40

static int trusted_uid(uid_t uid)
{
        return uid == 0 || uid == geteuid();
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

/* Whether the user vouched for path in "safe_directories" (config.h). The settings file is
 * itself checked on the way, and is not consulted while it is being checked. */
static int vouched(const char *path)
{
        static int busy;
        if (busy)
                return 0;
        busy = 1;
        const struct safe_dirs *s = config_safe_dirs();
        busy = 0;
        for (size_t i = 0; i < s->n; i++) {
                size_t n = strlen(s->v[i]);
                if (strncmp(path, s->v[i], n) == 0 &&
                    (path[n] == '/' || path[n] == '\0' || (n == 1 && s->v[i][0] == '/')))
                        return 1;
        }
        return 0;
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
static const char *unsafe_at(const char *path, const struct stat *st, int above)
{
        const char *why = unsafe(st, above);
        return why && vouched(path) ? NULL : why;
}

/* The refusal, in the words of the file's check when the file itself fails, and naming the
 * place otherwise. */
static int refuse(const char *final, const char *what, const char *place, const struct stat *st,
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

int strict_resolve(const char *path, const char *what, int missing_ok, char **out, struct err *e)
{
        *out = NULL;
        if (path[0] != '/')
                return err_set(e, -EINVAL, "%s: not an absolute path", path);
        struct stat st;
        if (lstat("/", &st) != 0)
                return err_set(e, -errno, "/: %s", strerror(errno));
        const char *why = unsafe_at("/", &st, 1);
        if (why)
                return refuse(path, what, "/", &st, why, e);

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
                                if (lstat(dir, &dst) == 0 && (why = unsafe_at(dir, &dst, 0))) {
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
                if ((why = unsafe_at(here, &st, !last || S_ISLNK(st.st_mode)))) {
                        rc = refuse(last && !S_ISLNK(st.st_mode) ? here : path, what, here, &st,
                                    why, e);
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

/* A link of ours or root's to another name in the same checked directory (bin/python ->
 * python3): that name is checked as an entry of its own, or, missing, could be made only by
 * whoever may write the directory. So a venv's bin/ costs one walk per interpreter, not one
 * per alias. */
static int sibling_link(const char *p, const struct stat *st)
{
        char to[256];
        ssize_t n = trusted_uid(st->st_uid) ? readlink(p, to, sizeof to - 1) : -1;
        if (n <= 0)
                return 0;
        to[n] = '\0';
        return !strchr(to, '/') && strcmp(to, "..") != 0 && strcmp(to, ".") != 0;
}

/* One thing inside a checked directory. Only a link needs the whole walk: where it leads is
 * anywhere. */
static int check_in(const char *dir, const char *name, const char *what, int need, struct err *e)
{
        char *p = path_join(dir, name);
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        int rc = 0;
        const char *why;
        if (lstat(p, &st) != 0) {
                rc = -errno;
                if (rc != -ENOENT || need)
                        err_set(e, rc, "%s: %s", p, strerror(-rc));
                else
                        rc = 0;
        } else if (S_ISLNK(st.st_mode) && !sibling_link(p, &st)) {
                char *real = NULL;
                rc = strict_resolve(p, what, 0, &real, e);
                if (rc == -ENOENT && !need)
                        rc = 0;
                free(real);
        } else if (!S_ISLNK(st.st_mode) && (why = unsafe_at(p, &st, 0))) {
                rc = refuse(p, what, p, &st, why, e);
        }
        free(p);
        return rc;
}

/* Every entry of dir (a checked directory) whose name passes keep, checked as what. */
static int check_entries(const char *dir, const char *what, int (*keep)(const char *),
                         struct err *e)
{
        DIR *d = opendir(dir);
        if (!d)
                return errno == ENOENT ? 0 : err_set(e, -errno, "%s: %s", dir, strerror(errno));
        int rc = 0;
        const struct dirent *de;
        while (rc == 0 && (de = readdir(d))) {
                if (de->d_name[0] == '.' &&
                    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
                        continue;
                if (keep && !keep(de->d_name))
                        continue;
                /* a dangling link in bin/ runs nothing, and its target's directory is what
                 * would let someone make it run: that is checked */
                rc = check_in(dir, de->d_name, what, 0, e);
        }
        closedir(d);
        return rc;
}

static int is_pth(const char *name)
{
        size_t n = strlen(name);
        return n > 4 && strcmp(name + n - 4, ".pth") == 0;
}

static int is_python_dir(const char *name)
{
        return strncmp(name, "python", 6) == 0 || strncmp(name, "pypy", 4) == 0;
}

/* lib/pythonX.Y/site-packages (and lib64's, and PyPy's lib/pypyX.Y) with their .pth files,
 * which every interpreter start runs. */
static int check_site(const char *venv, struct err *e)
{
        static const char *const libs[] = {"lib", "lib64"};
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < 2; i++) {
                char *lib = path_join(venv, libs[i]);
                if (!lib)
                        return err_set(e, -ENOMEM, "out of memory");
                /* lib64 is mostly a link to lib (venv makes it so): one look is enough */
                char to[8];
                ssize_t n = i ? readlink(lib, to, sizeof to) : -1;
                DIR *d = n == 3 && memcmp(to, "lib", 3) == 0 ? NULL : opendir(lib);
                /* The venv is checked: below it, only what is a link needs the whole walk. */
                if (d && (rc = check_in(venv, libs[i], "a venv's lib/", 0, e)) < 0) {
                        closedir(d);
                        d = NULL;
                }
                const struct dirent *de;
                while (rc == 0 && d && (de = readdir(d))) {
                        if (!is_python_dir(de->d_name))
                                continue;
                        char *pyd = path_join(lib, de->d_name);
                        char *site = pyd ? path_join(pyd, "site-packages") : NULL;
                        struct stat st;
                        if (!site)
                                rc = err_set(e, -ENOMEM, "out of memory");
                        else if ((rc = check_in(lib, de->d_name, "a venv's lib/", 0, e)) == 0 &&
                                 (rc = check_in(pyd, "site-packages", "a venv's site-packages", 0,
                                                e)) == 0 &&
                                 stat(site, &st) == 0 && S_ISDIR(st.st_mode))
                                rc = check_entries(site,
                                                   "a .pth file, which runs in every "
                                                   "python",
                                                   is_pth, e);
                        free(site);
                        free(pyd);
                }
                if (d)
                        closedir(d);
                free(lib);
        }
        return rc;
}

int strict_check_project(struct project *p, struct err *e)
{
        char *venv = NULL;
        int rc = strict_resolve(p->venv, "a venv", 0, &venv, e);
        if (rc < 0)
                return rc;
        /* PATH cannot carry a ':' in an entry: "/x:./.venv/bin" would put "." on it. */
        if (strchr(venv, ':') || strchr(p->venv, ':')) {
                rc = err_set(e, -EINVAL,
                             "%s: refusing a venv whose path holds ':', which would split "
                             "its PATH entry in two",
                             strchr(p->venv, ':') ? p->venv : venv);
                free(venv);
                return rc;
        }
        /* what is no directory holds nothing to check: venv_probe says it is no venv */
        struct stat st;
        int dir = stat(venv, &st) == 0 && S_ISDIR(st.st_mode);
        char *bin = dir ? path_join(venv, "bin") : NULL;
        if (dir && !bin)
                rc = err_set(e, -ENOMEM, "out of memory");
        if (!dir)
                goto done;
        if (rc == 0)
                rc = check_in(venv, "bin", "a venv's bin/", 0, e);
        if (rc == 0)
                rc = check_entries(bin, "a program in a venv's bin/", NULL, e);
        if (rc == 0)
                rc = check_in(venv, "pyvenv.cfg", "a venv's pyvenv.cfg", 0, e);
        if (rc == 0)
                rc = check_site(venv, e);
done:
        free(bin);
        if (rc < 0) {
                free(venv);
                return rc;
        }
        free(p->venv);
        p->venv = venv;
        return 0;
}
