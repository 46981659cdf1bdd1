#include "interp.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "path.h"

/* A place to look, found before any interpreter is asked anything. */
struct cand {
        char *path;
        char *real;
        const char *source;
        int order;
        int hint[3], nhint; /* the version its name says (python3.12, pyenv's 3.12.1) */
};

struct cands {
        struct cand *v;
        size_t n, cap;
        int oom;
};

static void cands_free(struct cands *c)
{
        for (size_t i = 0; i < c->n; i++) {
                free(c->v[i].path);
                free(c->v[i].real);
        }
        free(c->v);
        memset(c, 0, sizeof *c);
}

/* Adds path unless it is not an executable file or its realpath is already in the list: a
 * python3 link and the python3.11 it points to are one interpreter, listed where met first. */
static int name_version(const char *name, int v[3]);

static void add(struct cands *c, const char *path, const char *source, const char *dirname)
{
        char real[PATH_MAX];
        struct stat st;
        if (!realpath(path, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode) ||
            access(real, X_OK) != 0)
                return;
        for (size_t i = 0; i < c->n; i++)
                if (strcmp(c->v[i].real, real) == 0)
                        return;
        if (c->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 16;
                struct cand *v = realloc(c->v, cap * sizeof *v);
                if (!v) {
                        c->oom = 1;
                        return;
                }
                c->v = v;
                c->cap = cap;
        }
        struct cand *k = &c->v[c->n];
        k->path = strdup(path);
        k->real = strdup(real);
        k->source = source;
        k->order = (int)c->n;
        /* The version directory's name, else the file's (python3 -> python3.11: the real one). */
        k->nhint = dirname ? name_version(dirname, k->hint) : 0;
        if (!k->nhint)
                k->nhint = name_version(path_base(path), k->hint);
        if (!k->nhint)
                k->nhint = name_version(path_base(real), k->hint);
        if (!k->path || !k->real) {
                free(k->path);
                free(k->real);
                c->oom = 1;
                return;
        }
        c->n++;
}

static void add_in(struct cands *c, const char *dir, const char *name, const char *source,
                   const char *dirname)
{
        char *p = path_join(dir, name);
        if (!p) {
                c->oom = 1;
                return;
        }
        add(c, p, source, dirname);
        free(p);
}

/* python3, python3.12, pypy3, pypy3.10, python: the names interpreters go by. */
static int interp_name(const char *n)
{
        if (strncmp(n, "python", 6) == 0)
                n += 6;
        else if (strncmp(n, "pypy", 4) == 0)
                n += 4;
        else
                return 0;
        if (*n == '\0')
                return 1;
        if (*n++ != '3')
                return 0;
        if (*n == '\0')
                return 1;
        if (*n++ != '.' || !*n)
                return 0;
        for (; *n; n++)
                if (*n < '0' || *n > '9')
                        return 0;
        return 1;
}

/* What a name says of the version behind it: python3.12 and pypy3.10 say 3.12 and 3.10,
 * pyenv's 3.12.1 and pypy3.10-7.3.12 and uv's 3.12.1-linux-x86_64-gnu say as much; python3
 * says nothing. Returns the count of parts. */
static int name_version(const char *name, int v[3])
{
        if (strncmp(name, "python", 6) == 0)
                name += 6;
        else if (strncmp(name, "pypy", 4) == 0)
                name += 4;
        char buf[32];
        size_t n = strspn(name, "0123456789.");
        if (n == 0 || n >= sizeof buf || !strchr("-", name[n]))
                return 0;
        memcpy(buf, name, n);
        while (n > 0 && buf[n - 1] == '.')
                n--;
        buf[n] = '\0';
        int k = interp_parse_version(buf, v);
        /* "python3" alone says only "some 3": no use for choosing. */
        return k >= 2 ? k : 0;
}

/* A venv's bin/ (an active venv is often first on PATH) holds no interpreter of its own, and
 * pyenv's shims are scripts that pick one by other rules: neither is a place to look. */
static int skip_dir(const char *dir)
{
        size_t n = strlen(dir);
        if (n >= 6 && strcmp(dir + n - 6, "/shims") == 0)
                return 1;
        char *cfg = path_join(dir, "../pyvenv.cfg");
        struct stat st;
        int venv = cfg && stat(cfg, &st) == 0;
        free(cfg);
        return venv;
}

static int cmp_names(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each name in PATH's directories that interp_name accepts (or just `only` when set), in
 * PATH order and, within a directory, by name. */
static void scan_path(struct cands *c, const char *only)
{
        const char *env = getenv("PATH");
        char *copy = strdup(env ? env : "");
        if (!copy) {
                c->oom = 1;
                return;
        }
        for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir;
             dir = strtok_r(NULL, ":", &save)) {
                if (dir[0] != '/' || skip_dir(dir))
                        continue;
                if (only) {
                        /* As the shell runs it: the first directory that has it. */
                        size_t before = c->n;
                        add_in(c, dir, only, "PATH", NULL);
                        if (c->n > before)
                                break;
                        continue;
                }
                DIR *d = opendir(dir);
                if (!d)
                        continue;
                char *names[64];
                size_t n = 0;
                for (struct dirent *de; (de = readdir(d)) && n < 64;)
                        if (interp_name(de->d_name) && (names[n] = strdup(de->d_name)))
                                n++;
                closedir(d);
                qsort(names, n, sizeof *names, cmp_names);
                for (size_t i = 0; i < n; i++) {
                        add_in(c, dir, names[i], "PATH", NULL);
                        free(names[i]);
                }
        }
        free(copy);
}

/* $PYENV_ROOT/versions (default ~/.pyenv/versions), malloc'd; NULL without HOME. */
char *interp_pyenv_versions(void)
{
        const char *root = getenv("PYENV_ROOT");
        if (root && root[0] == '/')
                return path_join(root, "versions");
        const char *home = getenv("HOME");
        return home && home[0] == '/' ? path_join(home, ".pyenv/versions") : NULL;
}

/* uv's managed interpreters: $UV_PYTHON_INSTALL_DIR, else $XDG_DATA_HOME/uv/python. */
char *interp_uv_dir(void)
{
        const char *dir = getenv("UV_PYTHON_INSTALL_DIR");
        if (dir && dir[0] == '/')
                return strdup(dir);
        return xdg_path(XDG_DATA, "uv/python");
}

/* pyenv-virtualenv keeps its environments (venvs) beside the versions, as links. */
static int is_venv_dir(const char *root, const char *name)
{
        char *d = path_join(root, name), *cfg = d ? path_join(d, "pyvenv.cfg") : NULL;
        int venv = cfg && access(cfg, F_OK) == 0;
        free(cfg);
        free(d);
        return venv;
}

/* Each version directory's interpreter: `name` when given, else python3, pypy3 or python.
 * When prefix is set, only directories whose name begins with it (a cheap filter for version
 * requests: pyenv and uv name the directories by version). */
static void scan_versions(struct cands *c, const char *root, const char *source, const char *name,
                          const char *prefix)
{
        if (!root)
                return;
        DIR *d = opendir(root);
        if (!d)
                return;
        char *names[256];
        size_t n = 0;
        for (struct dirent *de; (de = readdir(d)) && n < 256;)
                if (de->d_name[0] != '.' && (names[n] = strdup(de->d_name)))
                        n++;
        closedir(d);
        qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = 0; i < n; i++) {
                const char *dn = names[i];
                /* uv: cpython-3.12.1-linux-x86_64-gnu */
                const char *v = strncmp(dn, "cpython-", 8) == 0 ? dn + 8 : dn;
                if ((!prefix || (strncmp(v, prefix, strlen(prefix)) == 0 &&
                                 strchr(".-", v[strlen(prefix)]) != NULL)) &&
                    !is_venv_dir(root, dn)) {
                        char *dir = path_join(root, dn), *bin = dir ? path_join(dir, "bin") : NULL;
                        if (!bin) {
                                c->oom = 1;
                        } else if (name) {
                                add_in(c, bin, name, source, v);
                        } else {
                                size_t before = c->n;
                                const char *try[] = {"python3", "pypy3", "python"};
                                for (size_t t = 0; t < 3 && c->n == before; t++)
                                        add_in(c, bin, try[t], source, v);
                        }
                        free(bin);
                        free(dir);
                }
                free(names[i]);
        }
}

static int newest_first(const void *a, const void *b)
{
        const struct interp *x = a, *y = b;
        for (int i = 0; i < 3; i++)
                if (x->ver[i] != y->ver[i])
                        return y->ver[i] - x->ver[i];
        return 0;
}

/* A probe that failed for a reason worth telling (it hung, it crashed, it is Python 2), as a
 * line for the caller to show; a vanished file is not news. */
static void note(struct buf *notes, int rc, const struct err *pe)
{
        if (notes && rc != -ENOENT && rc != -EACCES && rc != -EAGAIN)
                buf_printf(notes, "%s\n", pe->msg);
}

/* Asks each candidate (through the cache); those that cannot answer are left out. Only an
 * interrupt stops the walk. */
static int probe_all(struct cands *c, int cached_only, struct interp_list *l, struct err *e)
{
        l->v = calloc(c->n + 1, sizeof *l->v);
        l->n = 0;
        if (!l->v)
                return err_set(e, -ENOMEM, "out of memory");
        for (size_t i = 0; i < c->n; i++) {
                struct err pe;
                int rc = interp_probe_cached(c->v[i].path, cached_only, &l->v[l->n], &pe);
                if (rc == -EINTR)
                        return err_set(e, rc, "%s", pe.msg);
                /* A Python 2 is a known answer, not news, in a listing of what can be used. */
                if (rc == 0)
                        l->v[l->n++].source = c->v[i].source;
                else if (rc != -ENOTSUP)
                        note(&l->notes, rc, &pe);
        }
        /* qsort is not stable; discovery order is the tie-break, so sort by insertion. */
        for (size_t i = 1; i < l->n; i++) {
                struct interp t = l->v[i];
                size_t j = i;
                while (j > 0 && newest_first(&l->v[j - 1], &t) > 0) {
                        l->v[j] = l->v[j - 1];
                        j--;
                }
                l->v[j] = t;
        }
        return 0;
}

int interp_discover(struct interp_list *l, int cached_only, struct err *e)
{
        memset(l, 0, sizeof *l);
        struct cands c = {0};
        scan_path(&c, NULL);
        char *pyenv = interp_pyenv_versions(), *uv = interp_uv_dir();
        scan_versions(&c, pyenv, "pyenv", NULL, NULL);
        scan_versions(&c, uv, "uv", NULL, NULL);
        free(pyenv);
        free(uv);
        int rc = c.oom ? err_set(e, -ENOMEM, "out of memory") : probe_all(&c, cached_only, l, e);
        cands_free(&c);
        return rc;
}

/* Where a name is a pyenv-virtualenv environment, the message says so: it looks like an
 * interpreter's name in .python-version, but it is a venv. */
static int not_found(const char *request, struct err *e)
{
        char *pyenv = interp_pyenv_versions();
        if (pyenv && !strchr(request, '/') && is_venv_dir(pyenv, request)) {
                err_set(e, ERR_FAIL,
                        "'%s' is a pyenv-virtualenv environment (%s/%s), not an interpreter",
                        request, pyenv, request);
                free(pyenv);
                return ERR_FAIL;
        }
        char *uv = interp_uv_dir();
        const char *path = getenv("PATH");
        err_set(e, ERR_FAIL, "no Python interpreter matches '%s' (searched PATH=%s, %s, %s)",
                request, path ? path : "", pyenv ? pyenv : "~/.pyenv/versions",
                uv ? uv : "uv's python directory");
        free(pyenv);
        free(uv);
        return ERR_FAIL;
}

/* Newest first by what the names say; names that say nothing last, in the order met. */
static int by_hint(const void *a, const void *b)
{
        const struct cand *x = a, *y = b;
        if (!x->nhint != !y->nhint)
                return x->nhint ? -1 : 1;
        for (int i = 0; x->nhint && i < 3; i++) {
                int xv = i < x->nhint ? x->hint[i] : -1, yv = i < y->nhint ? y->hint[i] : -1;
                if (xv != yv)
                        return yv - xv;
        }
        return x->order - y->order;
}

/* A version request is answered by the first match in by_hint order: the newest by name comes
 * first, and a name that says another version is never run at all, so one hanging or slow
 * interpreter costs nothing unless it could be the answer. */
static int find_version(struct cands *c, const int want[3], int nwant, struct interp *it,
                        struct buf *notes, struct err *e)
{
        qsort(c->v, c->n, sizeof *c->v, by_hint);
        for (size_t i = 0; i < c->n; i++) {
                const struct cand *k = &c->v[i];
                int n = k->nhint < nwant ? k->nhint : nwant;
                if (n && !interp_version_matches(want, n, k->hint))
                        continue;
                struct err pe;
                int rc = interp_probe(k->path, it, &pe);
                if (rc == -EINTR)
                        return err_set(e, rc, "%s", pe.msg);
                if (rc < 0) {
                        note(notes, rc, &pe);
                        continue;
                }
                if (interp_version_matches(want, nwant, it->ver)) {
                        it->source = k->source;
                        return 0;
                }
                interp_free(it);
        }
        return 1;
}

int interp_find(const char *request, const char *cwd, struct interp *it, struct buf *notes,
                struct err *e)
{
        memset(it, 0, sizeof *it);
        if (!request)
                request = "python3";
        if (strchr(request, '/')) {
                char *p = path_resolve(cwd, request, e);
                if (!p)
                        return ERR_FAIL;
                int rc = interp_probe(p, it, e);
                free(p);
                if (rc == 0)
                        it->source = "given";
                return rc;
        }
        int want[3], nwant = interp_parse_version(request, want);
        struct cands c = {0};
        char *pyenv = interp_pyenv_versions(), *uv = interp_uv_dir();
        if (nwant) {
                /* Every interpreter, filtered below by what each says its version is. */
                scan_path(&c, NULL);
                scan_versions(&c, pyenv, "pyenv", NULL, request);
                scan_versions(&c, uv, "uv", NULL, request);
        } else {
                /* A name: the first on PATH, as the shell would run it; failing that, the
                 * version directory named so (pyenv's "pypy3.10-7.3.12"), then the newest
                 * pyenv or uv interpreter going by that name. */
                scan_path(&c, request);
                if (c.n == 0)
                        scan_versions(&c, pyenv, "pyenv", NULL, request);
                if (c.n == 0) {
                        scan_versions(&c, pyenv, "pyenv", request, NULL);
                        scan_versions(&c, uv, "uv", request, NULL);
                }
        }
        free(pyenv);
        free(uv);
        int rc;
        if (c.oom) {
                rc = err_set(e, -ENOMEM, "out of memory");
        } else if (nwant) {
                rc = find_version(&c, want, nwant, it, notes, e);
        } else if (c.n == 1) {
                /* The one interpreter the name means: its failure is the answer. */
                if ((rc = interp_probe(c.v[0].path, it, e)) == 0)
                        it->source = c.v[0].source;
        } else {
                struct interp_list l = {0};
                rc = probe_all(&c, 0, &l, e);
                if (notes && l.notes.len)
                        buf_adds(notes, buf_str(&l.notes));
                if (rc == 0 && l.n > 0) {
                        *it = l.v[0];
                        memset(&l.v[0], 0, sizeof l.v[0]);
                } else if (rc == 0) {
                        rc = 1;
                }
                interp_list_free(&l);
        }
        cands_free(&c);
        return rc == 1 ? not_found(request, e) : rc;
}
