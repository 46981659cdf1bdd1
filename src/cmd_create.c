#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "err.h"
#include "fsx.h"
#include "interp.h"
#include "marker.h"
#include "path.h"
#include "proc.h"
#include "project.h"
#include "strict.h"
#include "trust.h"
#include "venv.h"
#include "venv_create.h"
#include "seed.h"

#define PYVERSION_MAX (4 * 1024)

struct opts {
        const char *dir, *python, *prompt;
        int system_site_packages, without_pip, force;
};

/* Ctrl-C, a closed terminal or kill while the venv is being built: stop at the next step and
 * remove what was built, rather than die with a half-made directory beside the project. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
        interrupted = sig;
}

static void catch_signals(void)
{
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
}

/* 0, or EXIT_USAGE once it has said what was wrong. */
static int parse(int argc, char **argv, struct opts *o)
{
        memset(o, 0, sizeof *o);
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                if ((strcmp(a, "--python") == 0 || strcmp(a, "--prompt") == 0) && i + 1 == argc)
                        return cmd_usage_error("create", "%s needs a value", a);
                if (strcmp(a, "--python") == 0)
                        o->python = argv[++i];
                else if (strncmp(a, "--python=", 9) == 0)
                        o->python = a + 9;
                else if (strcmp(a, "--prompt") == 0)
                        o->prompt = argv[++i];
                else if (strncmp(a, "--prompt=", 9) == 0)
                        o->prompt = a + 9;
                else if (strcmp(a, "--system-site-packages") == 0)
                        o->system_site_packages = 1;
                else if (strcmp(a, "--without-pip") == 0)
                        o->without_pip = 1;
                else if (strcmp(a, "--force") == 0)
                        o->force = 1;
                else if (a[0] == '-' || o->dir)
                        return cmd_bad_arg("create", a);
                else
                        o->dir = a;
        }
        if (o->python && !*o->python)
                return cmd_usage_error("create", "--python needs a value");
        return 0;
}

/* The project: DIR when given (made if missing), else the nearest project at or above the
 * current directory, else the current directory. */
static char *find_root(const struct opts *o, const char *cwd, struct err *e)
{
        if (o->dir) {
                char *root = path_resolve(cwd, o->dir, e);
                if (root && fsx_mkdirs(root, e) < 0) {
                        free(root);
                        return NULL;
                }
                return root;
        }
        struct config cfg;
        struct err ignored;
        config_load(&cfg, &ignored);
        struct project p;
        if (project_find(cwd, &cfg, &p, e) < 0) {
                project_free(&p);
                return NULL;
        }
        if (p.ignored)
                err_print(&p.ignored_why);
        char *root = strdup(p.kind != PROJECT_NONE ? p.root : cwd);
        project_free(&p);
        if (!root)
                err_set(e, -ENOMEM, "out of memory");
        return root;
}

/* The request in the nearest .python-version at or above root, as pyenv looks for it. One
 * that another account could have written is passed over, with a line saying so; one that
 * names a path is refused: a project file may ask for a version or a name, which are looked
 * up among the user's own interpreters, but never name a program of its own to run. *file gets
 * the path of the file the request came from, for messages. */
static int python_version_file(const char *root, char **req, char **file, struct err *e)
{
        *req = NULL;
        char *dir = strdup(root);
        int rc = dir ? 0 : err_set(e, -ENOMEM, "out of memory");
        while (rc == 0 && dir && !*req) {
                char *f = path_join(dir, ".python-version"), *text = NULL, *real = NULL;
                struct err why;
                struct stat st;
                if (!f) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                } else if (lstat(f, &st) != 0) {
                        /* none here: look above */
                } else if ((rc = strict_resolve(f, "a .python-version", 0, &real, &why)) ==
                           -EPERM) {
                        err_print(&why);
                        rc = 0;
                } else if (rc == 0 && file_read(real, PYVERSION_MAX, &text, NULL, &why) == 0) {
                        *req = interp_python_version_request(text);
                        if (*req && strchr(*req, '/'))
                                rc = err_set(e, -EPERM,
                                             "%s asks for '%s', a path: pyenvhook takes only "
                                             "a version or a name from it, never a program of "
                                             "the project's own; name it with --python to use it",
                                             f, *req);
                } else {
                        rc = 0;
                }
                free(real);
                free(text);
                if (*req && !*file)
                        *file = f;
                else
                        free(f);
                char *slash = strrchr(dir, '/');
                if (!slash || slash == dir)
                        break;
                *slash = '\0';
        }
        free(dir);
        if (rc < 0) {
                free(*req);
                *req = NULL;
        }
        return rc;
}

/* The version a venv's pyvenv.cfg records, for saying what --force replaced. */
static char *old_version(const char *venv)
{
        char *cfgp = path_join(venv, "pyvenv.cfg"), *text = NULL, *v = NULL;
        struct err ignored;
        if (cfgp && file_read(cfgp, VENV_CFG_MAX, &text, NULL, &ignored) == 0)
                v = venv_cfg_get(text, "version");
        free(text);
        free(cfgp);
        return v;
}

static int run_ensurepip(const char *venv, const struct interp *py, struct err *e)
{
        char *exe = path_join(venv, py->scripts),
             *full = exe ? path_join(exe, venv_exe_name(py)) : NULL;
        char *argv[] = {full, "-m", "ensurepip", "--upgrade", "--default-pip", NULL};
        char *out = NULL;
        int status = 0;
        int rc = full ? proc_run(argv, venv, 0, &out, 1 << 20, &status, e)
                      : err_set(e, -ENOMEM, "out of memory");
        if (rc == 0 && status != 0)
                rc = err_set(e, ERR_FAIL, "%s -m ensurepip failed (exit %d)", full, status);
        free(out);
        free(exe);
        free(full);
        return rc;
}

struct job {
        struct opts o;
        char *cwd, *root, *marker_path, *venv, *request, *request_file, *tmp, *aside, *replaced;
        const char *recorded_python;
        struct marker m;
        int existed;
        struct interp py;
        struct buf pip;
};

static void job_free(struct job *j)
{
        struct err ignored;
        if (j->tmp)
                fsx_remove_tree(j->tmp, &ignored);
        if (j->aside)
                fsx_remove_tree(j->aside, &ignored);
        free(j->cwd);
        free(j->root);
        free(j->marker_path);
        free(j->venv);
        free(j->request);
        free(j->request_file);
        free(j->tmp);
        free(j->aside);
        free(j->replaced);
        marker_free(&j->m);
        interp_free(&j->py);
        buf_free(&j->pip);
}

/* The interpreter for req; a failure names where the request came from. */
static int find_python(struct job *j, const char *req, struct err *e)
{
        struct buf notes = {0};
        struct err fe;
        int rc = interp_find(req, j->o.python ? j->cwd : j->root, &j->py, &notes, &fe);
        for (const char *s = buf_str(&notes); s && *s;) {
                size_t n = strcspn(s, "\n");
                warnx_("create: %.*s", (int)n, s);
                s += n + (s[n] == '\n');
        }
        buf_free(&notes);
        if (rc >= 0 || rc == -EINTR)
                return rc < 0 ? err_set(e, rc, "%s", fe.msg) : rc;
        if (j->o.python)
                return err_set(e, rc, "--python %s: %s", j->o.python, fe.msg);
        if (j->m.python)
                return err_set(e, rc, "%s: \"python\": \"%s\": %s", j->marker_path, j->m.python,
                               fe.msg);
        if (j->request_file)
                return err_set(e, rc, "%s: %s", j->request_file, fe.msg);
        return err_set(e, rc, "%s", fe.msg);
}

/* A marker's "python" that is a path names a program of the project's own: it runs only once
 * the user trusts the project as it is, marker and all, so a bare create in a fresh clone
 * cannot run what the clone brought. */
static int marker_python_allowed(const struct job *j, struct err *e)
{
        if (j->o.python || !j->m.python || !strchr(j->m.python, '/'))
                return 0;
        struct config cfg = {.implicit_venv = 1};
        struct project p;
        int noted, rc = project_find(j->root, &cfg, &p, e);
        struct err note;
        if (rc == 0 && p.kind == PROJECT_MARKER && strcmp(p.root, j->root) == 0)
                rc = trust_check(&p, &noted, &note, e);
        else if (rc == 0)
                rc = TRUST_UNKNOWN;
        project_free(&p);
        if (rc == TRUST_ALLOWED || rc < 0)
                return rc;
        return err_set(e, -EPERM,
                       "%s asks for python '%s', a program of the project's own, and the "
                       "project is not trusted: read the marker, then 'pyenvhook allow %s', or "
                       "name an interpreter with --python",
                       j->marker_path, j->m.python, j->root);
}

/* Everything up to the venv being built: which project, which interpreter, what is there. */
static int prepare(struct job *j, struct err *e)
{
        if (!(j->cwd = path_cwd(e)) || !(j->root = find_root(&j->o, j->cwd, e)))
                return ERR_FAIL;
        if (!(j->marker_path = path_join(j->root, MARKER_NAME)))
                return err_set(e, -ENOMEM, "out of memory");
        /* The marker is read only where nobody else could have written it. */
        char *real = NULL;
        int rc = strict_resolve(j->marker_path, "a marker", 1, &real, e);
        if (rc == 0)
                rc = marker_read(real, &j->m, e);
        free(real);
        if (rc == -ENOENT) {
                if (!(j->m.venv = strdup(MARKER_DEFAULT_VENV)))
                        return err_set(e, -ENOMEM, "out of memory");
                j->m.system_site_packages = -1;
        } else if (rc < 0) {
                return rc;
        }
        /* The interpreter: --python, else the marker's, else .python-version, else python3. */
        const char *req = j->o.python ? j->o.python : j->m.python;
        if (!req && (rc = python_version_file(j->root, &j->request, &j->request_file, e)) < 0)
                return rc;
        if (!req)
                req = j->request;
        if ((rc = marker_python_allowed(j, e)) < 0)
                return rc;
        /* A relative path in the marker is the project's, not wherever create runs. */
        if ((rc = find_python(j, req, e)) < 0)
                return rc;
        /* The request is recorded as made, so a teammate's bare create asks for the same
         * thing; one that .python-version made stays there, where pyenv and uv read it. */
        int relative = j->o.python && strchr(j->o.python, '/') && j->o.python[0] != '/' &&
                       j->o.python[0] != '~';
        if (relative)
                j->recorded_python = j->py.path; /* absolute: it names a file, not a wish */
        else if (j->o.python)
                j->recorded_python = j->o.python;
        else if (!j->m.python && !j->request)
                j->recorded_python = "python3";
        if (!(j->venv = path_resolve(j->root, j->m.venv, e)))
                return ERR_FAIL;
        struct stat st;
        if (lstat(j->venv, &st) == 0) {
                if (!j->o.force)
                        return err_set(e, -EEXIST, "%s already exists; --force replaces it",
                                       j->venv);
                char *cfgp = path_join(j->venv, "pyvenv.cfg");
                int isvenv = cfgp && S_ISDIR(st.st_mode) && access(cfgp, F_OK) == 0;
                free(cfgp);
                /* --force replaces a venv, never some other directory that has its name. */
                if (!isvenv)
                        return err_set(e, -EEXIST,
                                       "%s exists and is not a venv (no pyvenv.cfg); "
                                       "not replacing it",
                                       j->venv);
                j->existed = 1;
                j->replaced = old_version(j->venv);
        }
        return 0;
}

/* Builds beside the target, then swaps it in; the old venv (with --force) is kept aside until
 * the marker is written, so any failure puts everything back as it was. */
static int build(struct job *j, struct err *e)
{
        struct venv_spec s = {&j->py,
                              j->venv,
                              j->o.prompt ? j->o.prompt : j->m.prompt,
                              j->cwd,
                              j->o.system_site_packages || j->m.system_site_packages == 1,
                              !j->o.without_pip};
        if (!(j->tmp = fsx_temp_beside(j->venv, "pyenvhook-new", e)))
                return ERR_FAIL;
        int rc = venv_write(j->tmp, &s, e), fallback = 0;
        if (rc == 0 && s.with_pip && !interrupted) {
                rc = seed_pip(j->tmp, &s, &j->pip, e);
                if (rc == 1) {
                        /* Start again clean: a wheel that failed half-way left files. */
                        fallback = 1;
                        j->pip.len = 0;
                        rc = fsx_remove_tree(j->tmp, e);
                        if (rc == 0 && mkdir(j->tmp, 0777) != 0)
                                rc = err_set(e, -errno, "%s: %s", j->tmp, strerror(errno));
                        if (rc == 0)
                                rc = venv_write(j->tmp, &s, e);
                }
        }
        if (rc < 0)
                return rc;
        if (interrupted)
                return err_set(e, -EINTR, "interrupted; nothing was changed");
        if (j->existed) {
                if (!(j->aside = fsx_temp_beside(j->venv, "pyenvhook-old", e)))
                        return ERR_FAIL;
                if (rename(j->venv, j->aside) != 0)
                        return err_set(e, -errno, "%s: cannot move it aside: %s", j->venv,
                                       strerror(errno));
        }
        if (rename(j->tmp, j->venv) != 0) {
                rc = err_set(e, -errno, "%s: cannot put the new venv in place: %s", j->venv,
                             strerror(errno));
                goto undo;
        }
        free(j->tmp);
        j->tmp = NULL;
        if (fallback) {
                info_("create: no usable pip wheel for %s; running ensurepip (slow)", j->py.path);
                if ((rc = run_ensurepip(j->venv, &j->py, e)) < 0)
                        goto undo;
                buf_adds(&j->pip, "pip (ensurepip)");
        }
        struct marker set = {.venv = j->m.venv,
                             .python = (char *)j->recorded_python,
                             .prompt = (char *)j->o.prompt,
                             .system_site_packages = j->o.system_site_packages ? 1 : -1};
        if ((rc = marker_update(j->marker_path, &set, e)) < 0)
                goto undo;
        /* The user made this venv, so it is trusted at birth. A trust store that cannot be
         * written does not undo a good venv: the user is told how to allow it by hand. */
        struct err te;
        int trc = trust_allow_project(j->root, &te);
        if (trc < 0)
                warnx_("create: the venv is made, but it could not be marked trusted (%s); run: "
                       "pyenvhook allow",
                       te.msg);
        else if (trc == 1)
                err_print(&te);
        return 0;
undo:;
        struct err ignored;
        /* The new venv goes; the old one (if any) comes back. */
        struct stat st;
        if (!j->tmp && lstat(j->venv, &st) == 0)
                fsx_remove_tree(j->venv, &ignored);
        if (j->aside && rename(j->aside, j->venv) == 0) {
                free(j->aside);
                j->aside = NULL;
        }
        return rc;
}

int cmd_create(int argc, char **argv)
{
        struct job j;
        memset(&j, 0, sizeof j);
        if (parse(argc, argv, &j.o) != 0)
                return EXIT_USAGE;
        catch_signals();
        struct err e;
        int rc = prepare(&j, &e);
        if (rc == 0)
                rc = build(&j, &e);
        if (rc < 0) {
                warnx_("create: %s", e.msg);
                job_free(&j);
                return interrupted ? 128 + interrupted : EXIT_FAIL;
        }
        /* What happened, not data: on stderr, and left out by --quiet. */
        if (j.existed)
                info_("replaced %s (it was Python %s)", j.venv,
                      j.replaced ? j.replaced : "of unknown version");
        info_("created %s (Python %s, %s)%s%s", j.venv, j.py.version, j.py.path,
              j.pip.len ? " with " : " without pip", j.pip.len ? buf_str(&j.pip) : "");
        job_free(&j);
        return EXIT_OK;
}
