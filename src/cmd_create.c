#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "dirlock.h"
#include "display.h"
#include "err.h"
#include "fsx.h"
#include "interp.h"
#include "journal.h"
#include "marker.h"
#include "path.h"
#include "proc.h"
#include "pyenvs.h"
#include "pyenvs_write.h"
#include "relocate.h"
#include "project.h"
#include "replace.h"
#include "strict.h"
#include "trust.h"
#include "venv.h"
#include "venv_create.h"
#include "seed.h"
#include "venv_guard.h"

#define PYVERSION_MAX (4 * 1024)
/* A prompt is a name shown before every command line: a file name's worth is plenty. */
#define PROMPT_MAX 255

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

/* The project: DIR when given, else the nearest project at or above the current directory,
 * else the current directory, unless that is the home directory or /: a project there would
 * take in every directory below it, which nobody should get by leaving out an argument.
 * *nested is set when the project is one above the current directory. */
static char *find_root(const struct opts *o, const char *cwd, int *nested, struct err *e)
{
        *nested = 0;
        if (o->dir)
                return path_resolve(cwd, o->dir, e);
        struct config cfg;
        struct err ignored;
        config_load(&cfg, &ignored);
        struct project p;
        int rc = project_find(cwd, &cfg, &p, e);
        if (rc < 0 && p.root && strcmp(p.root, cwd) != 0) {
                /* The broken marker is the one above: say how to go on without it. */
                struct err why = *e;
                err_set(e, rc, "%s (to make a separate project here instead: pyenvhook create .)",
                        why.msg);
        }
        if (rc < 0) {
                project_free(&p);
                return NULL;
        }
        if (p.ignored)
                err_print(&p.ignored_why);
        if (p.kind == PROJECT_NONE && path_is_home_or_root(cwd)) {
                project_free(&p);
                err_set(e, -EINVAL,
                        "%s: not making the %s a project without being asked, as every "
                        "directory below would be in it; to do so: pyenvhook create .",
                        cwd, strcmp(cwd, "/") == 0 ? "root directory" : "home directory");
                return NULL;
        }
        *nested = p.kind != PROJECT_NONE && strcmp(p.root, cwd) != 0;
        char *root = strdup(p.kind != PROJECT_NONE ? p.root : cwd);
        project_free(&p);
        if (!root)
                err_set(e, -ENOMEM, "out of memory");
        return root;
}

/* What a prompt may be: at most PROMPT_MAX bytes of what display.h would show as it is (UTF-8
 * text, no control characters), since it reaches the terminal before every command line.
 * from names where it came from. */
static int check_prompt(const char *prompt, const char *from, struct err *e)
{
        size_t n = strlen(prompt);
        if (n > PROMPT_MAX)
                return err_set(e, -EINVAL, "%s: the prompt is %zu bytes long; at most %d may be",
                               from, n, PROMPT_MAX);
        char why[128];
        if (display_refusal(prompt, why, sizeof why))
                return err_set(e, -EINVAL, "%s: the prompt %s", from, why);
        return 0;
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

/* ensurepip run by the venv being built (at tmp, not yet in place), so that a kill -9 in its
 * seconds leaves the old venv standing; the launchers it writes then name tmp, and are made to
 * name the venv's place. */
static int run_ensurepip(const char *tmp, const char *venv, const struct interp *py, struct err *e)
{
        char *bin = path_join(tmp, py->scripts),
             *full = bin ? path_join(bin, venv_exe_name(py)) : NULL;
        char *argv[] = {full, "-m", "ensurepip", "--upgrade", "--default-pip", NULL};
        char *out = NULL;
        int status = 0;
        int rc = full ? proc_run(argv, tmp, 0, &out, 1 << 20, &status, e)
                      : err_set(e, -ENOMEM, "out of memory");
        if (rc == 0 && status != 0)
                rc = err_set(e, ERR_FAIL, "%s -m ensurepip failed (exit %d)", full, status);
        if (rc == 0)
                rc = relocate_scripts(bin, tmp, venv, e);
        free(out);
        free(bin);
        free(full);
        return rc;
}

struct job {
        struct opts o;
        char *cwd, *root, *marker_path, *venv, *request, *request_file, *tmp, *old, *replaced;
        const char *recorded_python;
        struct marker m;
        char *marker_text; /* the marker's bytes as read; NULL when there is none */
        size_t marker_len;
        struct buf marker_new; /* what it must become; empty when it stays as it is */
        int existed, nested, lock_fd, venv_lock_fd;
        char *made[64]; /* directories this run made, to remove again on failure */
        int nmade;
        struct interp py;
        struct buf pip;
};

static void job_free(struct job *j)
{
        struct err ignored;
        if (j->tmp)
                fsx_remove_tree(j->tmp, &ignored);
        for (int i = j->nmade - 1; i >= 0; i--)
                free(j->made[i]);
        if (j->venv_lock_fd >= 0)
                close(j->venv_lock_fd);
        if (j->lock_fd >= 0)
                close(j->lock_fd);
        free(j->cwd);
        free(j->root);
        free(j->marker_path);
        free(j->venv);
        free(j->request);
        free(j->request_file);
        free(j->tmp);
        free(j->old);
        free(j->replaced);
        free(j->marker_text);
        buf_free(&j->marker_new);
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

/* Whether the user trusts the project at root as it is now, marker and all: what a cloned
 * marker asks for (a venv outside the project, a python of its own) waits for that. */
static int trusted(const struct job *j, struct err *e)
{
        struct config cfg = {.implicit_venv = 1};
        struct project p;
        int noted, rc = project_find(j->root, &cfg, &p, e);
        struct err note;
        if (rc == 0 && p.kind == PROJECT_MARKER && strcmp(p.root, j->root) == 0)
                rc = trust_check(&p, &noted, &note, e);
        else if (rc == 0)
                rc = TRUST_UNKNOWN;
        project_free(&p);
        return rc;
}

/* A marker's "python" that is a path names a program of the project's own: it runs only once
 * the user trusts the project as it is, marker and all, so a bare create in a fresh clone
 * cannot run what the clone brought. */
static int marker_python_allowed(const struct job *j, struct err *e)
{
        if (j->o.python || !j->m.python || !strchr(j->m.python, '/'))
                return 0;
        int rc = trusted(j, e);
        if (rc == TRUST_ALLOWED || rc < 0)
                return rc;
        return err_set(e, -EPERM,
                       "%s asks for python '%s', a program of the project's own, and the "
                       "project is not trusted: read the marker, then 'pyenvhook allow %s', or "
                       "name an interpreter with --python",
                       j->marker_path, j->m.python, j->root);
}

/* mkdir -p that notes each directory it made, so that a create that fails leaves none. */
static int make_dirs(struct job *j, const char *dir, struct err *e)
{
        struct stat st;
        if (stat(dir, &st) == 0)
                return S_ISDIR(st.st_mode) ? 0 : err_set(e, -ENOTDIR, "%s: not a directory", dir);
        char *parent = strdup(dir), *slash = parent ? strrchr(parent, '/') : NULL;
        if (!parent)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = 0;
        if (slash && slash != parent) {
                *slash = '\0';
                rc = make_dirs(j, parent, e);
        }
        free(parent);
        if (rc < 0)
                return rc;
        if (mkdir(dir, 0777) != 0)
                return errno == EEXIST ? 0
                                       : err_set(e, -errno, "%s: cannot make the directory: %s",
                                                 dir, strerror(errno));
        if (j->nmade < (int)(sizeof j->made / sizeof *j->made))
                j->made[j->nmade++] = strdup(dir);
        return 0;
}

static void unmake_dirs(struct job *j)
{
        for (int i = j->nmade - 1; i >= 0; i--)
                if (j->made[i])
                        rmdir(j->made[i]);
}

/* The project's directory, made when DIR names one that is missing, and locked. */
static int enter_project(struct job *j, struct err *e)
{
        j->lock_fd = j->venv_lock_fd = -1;
        if (!(j->cwd = path_cwd(e)) || !(j->root = find_root(&j->o, j->cwd, &j->nested, e)))
                return ERR_FAIL;
        int rc = make_dirs(j, j->root, e);
        if (rc < 0)
                return rc;
        rc = dirlock_take(j->root, e);
        if (rc < -1)
                return rc;
        j->lock_fd = rc;
        return 0;
}

/* The venv's directory made and locked too when it is not the project's: two projects whose
 * markers name the same venv elsewhere (or one inside the other's tree) then wait for each
 * other, and neither's recovery removes what the other is building. Always second, after the
 * project's lock. */
static int lock_venv_dir(struct job *j, struct err *e)
{
        size_t n = (size_t)(path_base(j->venv) - j->venv);
        char *parent = strndup(j->venv, n > 1 ? n - 1 : n); /* without its last '/' */
        int rc = parent ? make_dirs(j, parent, e) : err_set(e, -ENOMEM, "out of memory");
        struct stat a, b;
        if (rc == 0 && stat(parent, &a) == 0 && stat(j->root, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
                free(parent);
                return 0; /* the project's own lock covers it (a second flock would not) */
        }
        if (rc == 0) {
                rc = dirlock_take(parent, e);
                if (rc >= -1) {
                        j->venv_lock_fd = rc;
                        rc = 0;
                }
        }
        free(parent);
        return rc;
}

/* Trusts what this run made: it is the user's own. A trust store that cannot be written does
 * not undo a good venv; the user is told how to allow it by hand. */
static void trust_made(const struct job *j)
{
        struct err te;
        int trc = trust_allow_project(j->root, &te);
        if (trc < 0)
                warnx_("create: the venv is made, but it could not be marked trusted (%s); run: "
                       "pyenvhook allow",
                       te.msg);
        else if (trc == 1)
                err_print(&te);
}

/* The new venv made the default of the project's .python-envs, before trust is recorded, so
 * that the project is trusted as create leaves it. The venv stands whatever happens here: the
 * list is a record for other tools, so a failure (checked for before the build, so only a
 * lock or a write failing now) is said, not undone. */
static void list_made(const struct job *j)
{
        struct err le;
        int rc = pyenvs_record(j->root, j->venv, 0, &le);
        if (rc < 0)
                warnx_("create: the venv is made, but not listed in %s/%s: %s", j->root,
                       PYENVS_NAME, le.msg);
        else if (rc == PYENVS_LINKED)
                warnx_("create: not listing %s in %s/%s, a symbolic link; add its line by hand "
                       "where the link leads",
                       j->venv, j->root, PYENVS_NAME);
        else if (rc == PYENVS_RECORDED)
                info_("create: listed %s last in %s/%s, as its default", j->venv, j->root,
                      PYENVS_NAME);
}

/* What killed runs left in this project: their temporary directories and files go, and a
 * venv that one put in place gets the marker it was made for. Under the lock only. */
static void recover(struct job *j)
{
        struct err e;
        int n = replace_recover(j->venv, &e) + replace_remove_files(j->root, MARKER_NAME ".tmp.") +
                replace_remove_files(j->root, PYENVS_NAME ".tmp.");
        trust_clean_leftovers();
        if (n > 0)
                info_("create: removed %d temporary file%s left by an interrupted create", n,
                      n == 1 ? "" : "s");
        int rc = journal_apply(j->marker_path, j->venv, &e);
        if (rc == JOURNAL_NONE)
                return;
        if (rc == JOURNAL_DONE) {
                info_("create: finished the create of %s that was interrupted", j->venv);
                trust_made(j);
        } else if (rc == JOURNAL_CHANGED) {
                info_("create: %s changed after a create was interrupted; it was left as it is",
                      j->marker_path);
        } else {
                err_print(&e);
                return;
        }
        if (journal_remove(j->marker_path, &e) < 0)
                err_print(&e);
}

/* The marker as it is (read once: every later step uses these bytes) and as create leaves it:
 * unchanged unless an option asks for a change, and checked before anything is written. */
static int read_marker(struct job *j, struct err *e)
{
        /* The marker is read only where nobody else could have written it. */
        char *real = NULL;
        int rc = strict_resolve(j->marker_path, "a marker", 1, &real, e);
        if (rc == 0)
                rc = file_read(real, MARKER_MAX, &j->marker_text, &j->marker_len, e);
        if (rc == 0)
                rc = marker_parse(j->marker_text, j->marker_len, real, &j->m, e);
        free(real);
        if (rc == -ENOENT) {
                if (!(j->m.venv = strdup(MARKER_DEFAULT_VENV)))
                        return err_set(e, -ENOMEM, "out of memory");
                j->m.system_site_packages = -1;
                rc = 0;
        }
        if (rc == 0 && j->o.prompt)
                rc = check_prompt(j->o.prompt, "--prompt", e);
        if (rc == 0 && j->m.prompt && !j->o.prompt)
                rc = check_prompt(j->m.prompt, j->marker_path, e);
        return rc;
}

static int plan_marker(struct job *j, struct err *e)
{
        struct marker set = {.venv = j->marker_text ? NULL : j->m.venv,
                             .python = (char *)j->recorded_python,
                             .prompt = (char *)j->o.prompt,
                             .system_site_packages = j->o.system_site_packages ? 1 : -1};
        int rc =
            marker_render(j->marker_text, j->marker_len, j->marker_path, &set, &j->marker_new, e);
        return rc < 0 ? rc : 0;
}

/* What is at the venv's place, and whether --force may replace it; each refusal says why, and
 * advice is given only where following it is safe, naming what it deletes. */
static int check_target(struct job *j, struct err *e)
{
        int rc = venv_guard(j->venv, j->root, e);
        if (rc == GUARD_ABSENT || rc < 0)
                return rc < 0 ? rc : 0;
        j->replaced = old_version(j->venv);
        char what[160];
        snprintf(what, sizeof what, "that venv (Python %s) and everything installed in it",
                 j->replaced ? j->replaced : "of unknown version");
        if (!venv_inside(j->venv, j->root)) {
                rc = trusted(j, e);
                if (rc < 0)
                        return rc;
                if (rc != TRUST_ALLOWED)
                        return err_set(e, -EPERM,
                                       "%s already exists outside the project, and %s, which "
                                       "names it, is not trusted; not replacing it. If that "
                                       "marker is yours: pyenvhook allow %s; then --force "
                                       "deletes %s",
                                       j->venv, j->marker_path, j->root, what);
        }
        if (!j->o.force && j->nested)
                return err_set(e, -EEXIST,
                               "%s, the venv of the project in %s, already exists. To make a "
                               "separate project here: pyenvhook create . (--force would "
                               "delete %s)",
                               j->venv, j->root, what);
        if (!j->o.force)
                return err_set(e, -EEXIST,
                               "%s already exists; --force deletes %s and makes it anew", j->venv,
                               what);
        j->existed = 1;
        return 0;
}

/* Everything up to the venv being built: which project, which interpreter, what is there. */
static int prepare(struct job *j, struct err *e)
{
        if (!(j->marker_path = path_join(j->root, MARKER_NAME)))
                return err_set(e, -ENOMEM, "out of memory");
        int rc = read_marker(j, e);
        if (rc < 0)
                return rc;
        if (!(j->venv = path_resolve(j->root, j->m.venv, e)))
                return ERR_FAIL;
        if ((rc = lock_venv_dir(j, e)) < 0)
                return rc;
        recover(j);
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
        /* Only a request made now is recorded (a clone's marker stays as committed), as made,
         * so that a teammate's bare create asks for the same thing. */
        int relative = j->o.python && strchr(j->o.python, '/') && j->o.python[0] != '/' &&
                       j->o.python[0] != '~';
        if (relative)
                j->recorded_python = j->py.path; /* absolute: it names a file, not a wish */
        else if (j->o.python)
                j->recorded_python = j->o.python;
        if ((rc = check_target(j, e)) < 0)
                return rc;
        /* A .python-envs that cannot take the venv's line is found out before anything is
         * built, while nothing has changed yet. */
        if ((rc = pyenvs_record(j->root, j->venv, 1, e)) < 0)
                return rc;
        return plan_marker(j, e);
}

/* The marker as planned, for a create that could not write its record. */
static int write_marker(const struct job *j, struct err *e)
{
        if (!j->marker_new.len)
                return JOURNAL_DONE;
        int rc = file_write_atomic(j->marker_path, j->marker_new.p, j->marker_new.len, e);
        return rc < 0 ? rc : JOURNAL_DONE;
}

/* The directories this run made (the project's, the venv's parents) made durable, each in its
 * parent, top down, before anything names them: a crash after the marker's rename must not
 * find the venv's directory gone. The files of the new venv are not synced: kill -9 keeps the
 * page cache, and after a power loss a sync of each (or of the file system) would have cost
 * more than the whole create (docs/benchmarks.md). */
static int sync_made(const struct job *j, struct err *e)
{
        for (int i = 0; i < j->nmade; i++) {
                int rc = j->made[i] ? path_sync_parent(j->made[i]) : 0;
                if (rc < 0)
                        return err_set(e, rc, "%s: cannot sync the directory it is in: %s",
                                       j->made[i], strerror(-rc));
        }
        return 0;
}

/* Puts the venv built at j->tmp in place, with its marker; on failure, everything is put back
 * as it was. The rename (or exchange) is the one step that commits: before it the old venv
 * and marker stand, after it a record of the new venv's marker (journal.h) stands, so a kill
 * -9 at any point leaves one whole venv, and the next create finishes the marker. */
static int commit(struct job *j, struct err *e)
{
        int rc = sync_made(j, e);
        if (rc < 0)
                return rc;
        const char *after = j->marker_new.len ? j->marker_new.p : j->marker_text;
        size_t alen = j->marker_new.len ? j->marker_new.len : j->marker_len;
        struct err why;
        /* Without a place for the record (no HOME, a read-only data directory) only a kill in
         * the next few milliseconds could leave the marker behind: not worth failing for. */
        int journaled = journal_write(j->marker_path, j->tmp, j->marker_text, j->marker_len,
                                      after ? after : "", after ? alen : 0, &why) == 0;
        rc = replace_dir(j->tmp, j->venv, j->existed, &j->old, e);
        if (rc < 0) {
                struct err ignored;
                if (journaled)
                        journal_remove(j->marker_path, &ignored);
                return rc;
        }
        free(j->tmp);
        j->tmp = NULL;
        /* The swap made durable before the marker follows it: a crash then finds the venv
         * the record names, or the old one and no marker change. */
        if ((rc = path_sync_parent(j->venv)) < 0) {
                err_set(e, rc, "%s: cannot sync its directory: %s", j->venv, strerror(-rc));
                goto undo;
        }
        rc = journaled ? journal_apply(j->marker_path, j->venv, e) : write_marker(j, e);
        if (rc == JOURNAL_NONE)
                rc = err_set(e, -ENOENT, "the record of the marker to write went missing");
        if (rc == JOURNAL_CHANGED)
                rc = err_set(e, -EAGAIN, "%s changed while the venv was being made; try again",
                             j->marker_path);
        if (rc < 0)
                goto undo;
        list_made(j);
        trust_made(j);
        struct err w;
        if (journaled && journal_remove(j->marker_path, &w) < 0)
                err_print(&w);
        if (j->old && fsx_remove_tree(j->old, &w) < 0)
                warnx_("create: the new venv is in place, but the old one could not be removed: "
                       "%s",
                       w.msg);
        return 0;
undo:;
        /* The old venv back first: the record then names a venv that is not in place, and a
         * kill before it is removed leaves nothing to finish. */
        struct err ignored;
        if (!j->old)
                replace_discard(j->venv, &ignored);
        else if (replace_undo(j->venv, j->old, &ignored) == 0)
                fsx_remove_tree(j->old, &ignored);
        if (journaled)
                journal_remove(j->marker_path, &ignored);
        return rc;
}

/* Start again clean: a wheel that failed half-way left files. */
static int restart(struct job *j, const struct venv_spec *s, struct err *e)
{
        j->pip.len = 0;
        int rc = fsx_remove_tree(j->tmp, e);
        if (rc == 0 && mkdir(j->tmp, 0777) != 0)
                rc = err_set(e, -errno, "%s: %s", j->tmp, strerror(errno));
        return rc < 0 ? rc : venv_write(j->tmp, s, e);
}

static int build(struct job *j, struct err *e)
{
        struct venv_spec s = {&j->py,
                              j->venv,
                              j->o.prompt ? j->o.prompt : j->m.prompt,
                              j->cwd,
                              j->o.system_site_packages || j->m.system_site_packages == 1,
                              !j->o.without_pip};
        /* The venv's parent too: a marker may name build/env or ~/.virtualenvs/shop. */
        char *parent = strndup(j->venv, (size_t)(path_base(j->venv) - j->venv));
        int rc = parent ? make_dirs(j, parent, e) : err_set(e, -ENOMEM, "out of memory");
        free(parent);
        if (rc < 0)
                return rc;
        if (!(j->tmp = fsx_temp_beside(j->venv, REPLACE_NEW_TAG, e)))
                return ERR_FAIL;
        rc = venv_write(j->tmp, &s, e);
        if (rc == 0 && s.with_pip && !interrupted) {
                rc = seed_pip(j->tmp, &s, &j->pip, e);
                /* Once: a damaged cache entry was removed, and this run rebuilds it. */
                if (rc == SEED_AGAIN && (rc = restart(j, &s, e)) == 0)
                        rc = seed_pip(j->tmp, &s, &j->pip, e);
                if (rc == 1 || rc == SEED_AGAIN) {
                        if ((rc = restart(j, &s, e)) == 0) {
                                info_("create: no usable pip wheel for %s; running ensurepip "
                                      "(slow)",
                                      j->py.path);
                                rc = run_ensurepip(j->tmp, j->venv, &j->py, e);
                        }
                        if (rc == 0)
                                buf_adds(&j->pip, "pip (ensurepip)");
                }
        }
        if (rc < 0)
                return rc;
        if (interrupted)
                return err_set(e, -EINTR, "interrupted; nothing was changed");
        return commit(j, e);
}

int cmd_create(int argc, char **argv)
{
        struct job j;
        memset(&j, 0, sizeof j);
        if (parse(argc, argv, &j.o) != 0)
                return EXIT_USAGE;
        struct err e;
        /* Waiting for another create's lock is left to Ctrl-C's default: nothing to undo. */
        int rc = enter_project(&j, &e);
        catch_signals();
        if (rc == 0)
                rc = prepare(&j, &e);
        if (rc == 0)
                rc = build(&j, &e);
        if (rc < 0) {
                warnx_("create: %s", e.msg);
                unmake_dirs(&j);
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
