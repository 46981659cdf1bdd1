/* What inside a venv runs or is read at every start, checked as strict.h checks files. */
#include "strict_venv.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ownwalk.h"
#include "path.h"
#include "strict.h"

/* A link of ours or root's to another name in the same checked directory (bin/python ->
 * python3): that name is checked as an entry of its own, or, missing, could be made only by
 * whoever may write the directory. So a venv's bin/ costs one walk per interpreter, not one
 * per alias. */
static int sibling_link(const char *p, const struct stat *st)
{
        char to[256];
        ssize_t n = ownwalk_trusted_uid(st->st_uid) ? readlink(p, to, sizeof to - 1) : -1;
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
        } else if (!S_ISLNK(st.st_mode) && (why = ownwalk_unsafe(p, &st, 0, strict_vouched))) {
                rc = ownwalk_refuse(p, what, p, &st, why, e);
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
