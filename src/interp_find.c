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
static void add(struct cands *c, const char *path, const char *source)
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
        if (!k->path || !k->real) {
                free(k->path);
                free(k->real);
                c->oom = 1;
                return;
        }
        c->n++;
}

static void add_in(struct cands *c, const char *dir, const char *name, const char *source)
{
        char *p = path_join(dir, name);
        if (!p) {
                c->oom = 1;
                return;
        }
        add(c, p, source);
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
                        add_in(c, dir, only, "PATH");
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
                        add_in(c, dir, names[i], "PATH");
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
                if (!prefix || (strncmp(v, prefix, strlen(prefix)) == 0 &&
                                strchr(".-", v[strlen(prefix)]) != NULL)) {
                        char *dir = path_join(root, dn), *bin = dir ? path_join(dir, "bin") : NULL;
                        if (!bin) {
                                c->oom = 1;
                        } else if (name) {
                                add_in(c, bin, name, source);
                        } else {
                                size_t before = c->n;
                                const char *try[] = {"python3", "pypy3", "python"};
                                for (size_t t = 0; t < 3 && c->n == before; t++)
                                        add_in(c, bin, try[t], source);
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

/* Asks each candidate (through the cache); those that cannot answer are left out. */
static int probe_all(struct cands *c, struct interp_list *l, struct err *e)
{
        l->v = calloc(c->n + 1, sizeof *l->v);
        l->n = 0;
        if (!l->v)
                return err_set(e, -ENOMEM, "out of memory");
        for (size_t i = 0; i < c->n; i++) {
                struct err ignored;
                if (interp_probe(c->v[i].path, &l->v[l->n], &ignored) == 0)
                        l->v[l->n++].source = c->v[i].source;
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

int interp_discover(struct interp_list *l, struct err *e)
{
        struct cands c = {0};
        scan_path(&c, NULL);
        char *pyenv = interp_pyenv_versions(), *uv = interp_uv_dir();
        scan_versions(&c, pyenv, "pyenv", NULL, NULL);
        scan_versions(&c, uv, "uv", NULL, NULL);
        free(pyenv);
        free(uv);
        int rc = c.oom ? err_set(e, -ENOMEM, "out of memory") : probe_all(&c, l, e);
        cands_free(&c);
        return rc;
}

static int take(struct interp_list *l, size_t i, struct interp *it)
{
        *it = l->v[i];
        memset(&l->v[i], 0, sizeof l->v[i]);
        interp_list_free(l);
        return 0;
}

static int not_found(const char *request, struct err *e)
{
        char *pyenv = interp_pyenv_versions(), *uv = interp_uv_dir();
        const char *path = getenv("PATH");
        err_set(e, ERR_FAIL, "no Python interpreter matches '%s' (searched PATH=%s, %s, %s)",
                request, path ? path : "", pyenv ? pyenv : "~/.pyenv/versions",
                uv ? uv : "uv's python directory");
        free(pyenv);
        free(uv);
        return ERR_FAIL;
}

int interp_find(const char *request, const char *cwd, struct interp *it, struct err *e)
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
        struct interp_list l = {0};
        int rc = c.oom ? err_set(e, -ENOMEM, "out of memory") : probe_all(&c, &l, e);
        cands_free(&c);
        if (rc < 0)
                return rc;
        for (size_t i = 0; i < l.n; i++)
                if (!nwant || interp_version_matches(want, nwant, l.v[i].ver))
                        return take(&l, i, it);
        interp_list_free(&l);
        return not_found(request, e);
}
