#include "venv_guard.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "marker.h"
#include "path.h"

/* What python -m venv, virtualenv and uv put at a venv's top level (bin/ or Scripts/, lib/ and
 * lib64, include/, pyvenv.cfg, the .gitignore of 3.13 and uv, uv's CACHEDIR.TAG and .lock,
 * virtualenvwrapper's .project), and where pip installs a package's data files (share/, etc/,
 * man/). */
static const char *const venv_entries[] = {
    "bin", "Scripts", "lib",        "Lib",        "lib64", "include",      "Include",  "share",
    "etc", "man",     "pyvenv.cfg", ".gitignore", ".lock", "CACHEDIR.TAG", ".project", NULL,
};

static int is_venv_entry(const char *name)
{
        for (const char *const *p = venv_entries; *p; p++)
                if (strcmp(*p, name) == 0)
                        return 1;
        return 0;
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir that are not a venv's, sorted, up to max of them named in what; their
 * count, or a negative errno. *project is set when one of them is a marker or .git. */
static int foreign_entries(const char *dir, struct buf *what, int *project)
{
        DIR *d = opendir(dir);
        if (!d)
                return -errno;
        char **names = NULL;
        size_t n = 0, cap = 0;
        int rc = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                const char *nm = de->d_name;
                if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0 || is_venv_entry(nm))
                        continue;
                if (strcmp(nm, ".git") == 0 || strcmp(nm, MARKER_NAME) == 0)
                        *project = 1;
                if (n == cap) {
                        cap = cap ? 2 * cap : 8;
                        char **grown = realloc(names, cap * sizeof *names);
                        if (!grown) {
                                rc = -ENOMEM;
                                break;
                        }
                        names = grown;
                }
                if (!(names[n] = strdup(nm))) {
                        rc = -ENOMEM;
                        break;
                }
                n++;
        }
        closedir(d);
        if (rc == 0 && n) {
                qsort(names, n, sizeof *names, by_name);
                for (size_t i = 0; i < n && i < 3; i++)
                        buf_printf(what, "%s%s", i ? ", " : "", names[i]);
                if (n > 3)
                        buf_printf(what, " and %zu more", n - 3);
        }
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        return rc < 0 ? rc : (int)(n > INT_MAX ? INT_MAX : n);
}

/* 1 when a is b or a directory above it; both canonical. */
static int at_or_above(const char *a, const char *b)
{
        size_t n = strlen(a);
        if (strcmp(a, "/") == 0)
                return 1;
        return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

int venv_inside(const char *path, const char *root)
{
        char *p = realpath(path, NULL), *r = realpath(root, NULL);
        int in = p && r && at_or_above(r, p);
        free(p);
        free(r);
        return in;
}

int venv_guard(const char *venv, const char *root, struct err *e)
{
        struct stat st;
        if (lstat(venv, &st) != 0)
                return errno == ENOENT ? GUARD_ABSENT
                                       : err_set(e, -errno, "%s: %s", venv, strerror(errno));
        if (S_ISLNK(st.st_mode))
                return err_set(e, -EEXIST,
                               "%s is a symbolic link; not replacing it (remove the link "
                               "yourself if the venv should be made here)",
                               venv);
        if (!S_ISDIR(st.st_mode))
                return err_set(e, -EEXIST, "%s exists and is not a directory; not replacing it",
                               venv);
        char *v = realpath(venv, NULL), *r = realpath(root, NULL);
        int above = v && r && at_or_above(v, r);
        free(v);
        free(r);
        if (above)
                return err_set(e, -EEXIST,
                               "%s is the project's own directory (or one above it), not a venv "
                               "of its own; never replacing it",
                               venv);
        struct buf what = {0};
        int project = 0, n = foreign_entries(venv, &what, &project);
        int rc;
        char *cfg = path_join(venv, "pyvenv.cfg");
        if (n < 0)
                rc = err_set(e, n, "%s: %s", venv, strerror(-n));
        else if (!buf_str(&what) || !cfg)
                rc = err_set(e, -ENOMEM, "out of memory");
        else if (project)
                rc = err_set(e, -EEXIST,
                             "%s holds a project (%s), not only a venv; not replacing it", venv,
                             buf_str(&what));
        else if (lstat(cfg, &st) != 0 || !S_ISREG(st.st_mode))
                rc = err_set(e, -EEXIST,
                             "%s exists and is not a venv (no pyvenv.cfg); not replacing it", venv);
        else if (n > 0)
                rc = err_set(e, -EEXIST,
                             "%s holds more than a venv (%s); not replacing it: move those "
                             "elsewhere first",
                             venv, buf_str(&what));
        else
                rc = GUARD_VENV;
        free(cfg);
        buf_free(&what);
        return rc;
}
