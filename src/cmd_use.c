#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "display.h"
#include "err.h"
#include "marker.h"
#include "path.h"
#include "project.h"
#include "strict_venv.h"
#include "trust.h"

/* `pyenvhook use [VENV]`: adopt a venv that already exists (python3 -m venv my_env, or one
 * in ~/.virtualenvs) by writing it into the marker, as create records the venv it makes. */

static int is_venv(const char *dir)
{
        char *cfg = path_join(dir, "pyvenv.cfg");
        struct stat st;
        int is = cfg && stat(cfg, &st) == 0 && S_ISREG(st.st_mode);
        free(cfg);
        return is;
}

/* The only venv directly under root; with none or several, a message and a negative code
 * (several: list gets each name, one a line, for the user to pick from). */
static char *only_venv(const char *root, struct buf *list, struct err *e)
{
        DIR *d = opendir(root);
        if (!d) {
                err_set(e, -errno, "%s: %s", root, strerror(errno));
                return NULL;
        }
        char *found = NULL;
        int n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                        continue;
                char *p = path_join(root, de->d_name);
                if (p && is_venv(p)) {
                        n++;
                        buf_adds(list, "  ");
                        buf_add_shown(list, de->d_name);
                        buf_addc(list, '\n');
                        if (!found) {
                                found = p;
                                p = NULL;
                        }
                }
                free(p);
        }
        closedir(d);
        if (n == 1) {
                buf_free(list);
                return found;
        }
        free(found);
        if (n == 0)
                err_set(e, -ENOENT, "no venv directly under %s; name one: pyenvhook use PATH",
                        root);
        else
                err_set(e, -EEXIST, "%d venvs directly under %s; name one: pyenvhook use NAME", n,
                        root);
        return NULL;
}

/* How the marker names the venv: relative inside the project, so a clone elsewhere still
 * finds it; ~/ under the home directory, so the marker reads the same for the user on
 * another machine; else absolute. */
static char *marker_value(const char *root, const char *venv)
{
        char *r = realpath(root, NULL), *v = realpath(venv, NULL);
        const char *home = getenv("HOME");
        char *h = home && *home ? realpath(home, NULL) : NULL, *out = NULL;
        if (!r || !v) {
                out = strdup(venv);
        } else {
                size_t rn = strcmp(r, "/") == 0 ? 0 : strlen(r);
                size_t hn = h ? strlen(h) : 0;
                if (!strncmp(v, r, rn) && v[rn] == '/')
                        out = strdup(v + rn + 1);
                else if (h && hn > 1 && !strncmp(v, h, hn) && v[hn] == '/' &&
                         (out = malloc(strlen(v + hn) + 2)))
                        sprintf(out, "~%s", v + hn);
                else if (!out)
                        out = strdup(v);
        }
        free(r);
        free(v);
        free(h);
        return out;
}

/* Writes value into root's marker (made when missing), keeping every other key in place. */
static int record(const char *root, const char *value, struct err *e)
{
        char *path = path_join(root, MARKER_NAME), *old = NULL;
        size_t len = 0;
        if (!path)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = file_read(path, MARKER_MAX, &old, &len, e);
        if (rc == -ENOENT)
                rc = 0;
        struct marker set = {.venv = (char *)value, .system_site_packages = -1};
        struct buf out = {0};
        if (rc == 0)
                rc = marker_render(old, len, path, &set, &out, e);
        if (rc == 1)
                rc = buf_str(&out) ? file_write_atomic(path, buf_str(&out), out.len, e)
                                   : err_set(e, -ENOMEM, "out of memory");
        buf_free(&out);
        free(old);
        free(path);
        return rc < 0 ? rc : 0;
}

static int use(const char *arg, struct buf *list, struct err *e)
{
        char *cwd = path_cwd(e);
        if (!cwd)
                return ERR_FAIL;
        struct config cfg = {.implicit_venv = 1};
        struct project p;
        int rc = project_find(cwd, &cfg, &p, e);
        /* a broken marker above is not ours to overwrite; a broken convention is replaced
         * by the marker, which wins over it */
        if (rc < 0 && p.kind == PROJECT_MARKER) {
                project_free(&p);
                free(cwd);
                return rc;
        }
        /* a named venv is looked at first: "not a venv" is the answer to a wrong name */
        char *named = NULL;
        if (arg && !p.root) {
                char *joined = path_resolve(cwd, arg, e);
                named = joined ? path_normalize(joined) : NULL;
                free(joined);
                if (!named || !is_venv(named)) {
                        rc = named ? err_set(e, -EINVAL, "%s: not a venv (no pyvenv.cfg in it)",
                                             named)
                                   : ERR_FAIL;
                        free(named);
                        project_free(&p);
                        free(cwd);
                        return rc;
                }
                free(named);
        }
        if (!p.root && path_is_home_or_root(cwd)) {
                rc = err_set(e, -EINVAL,
                             "%s: not making the home or root directory a project, as every "
                             "directory below would be in it",
                             cwd);
                free(cwd);
                return rc;
        }
        char *root = strdup(p.root ? p.root : cwd);
        project_free(&p);
        free(cwd);
        if (!root)
                return err_set(e, -ENOMEM, "out of memory");
        rc = 0;
        char *venv = NULL;
        if (arg) {
                char *joined = path_resolve(root, arg, e);
                venv = joined ? path_normalize(joined) : NULL;
                free(joined);
                if (venv && !is_venv(venv))
                        rc = err_set(e, -EINVAL, "%s: not a venv (no pyvenv.cfg in it)", venv);
        } else {
                venv = only_venv(root, list, e);
        }
        if (!venv)
                rc = ERR_FAIL;
        /* the same checks activation will make, before anything is written */
        struct project check = {.root = root, .venv = venv};
        if (rc >= 0)
                rc = strict_check_project(&check, e);
        venv = check.venv;
        char *value = rc >= 0 ? marker_value(root, venv) : NULL;
        if (rc >= 0 && !value)
                rc = err_set(e, -ENOMEM, "out of memory");
        if (rc >= 0)
                rc = record(root, value, e);
        if (rc >= 0) {
                rc = trust_allow_project(root, e);
                if (rc == 1) {
                        err_print(e);
                        rc = 0;
                }
        }
        if (rc >= 0)
                info_("%s now uses %s (%s in %s)", root, venv, value, MARKER_NAME);
        free(value);
        free(venv);
        free(root);
        return rc;
}

int cmd_use(int argc, char **argv)
{
        const char *arg = NULL;
        for (int i = 1; i < argc; i++) {
                if (argv[i][0] == '-' && argv[i][1])
                        return cmd_bad_arg("use", argv[i]);
                if (arg)
                        return cmd_bad_arg("use", argv[i]);
                arg = argv[i];
        }
        struct err e;
        struct buf list = {0};
        int status = EXIT_OK;
        if (use(arg, &list, &e) < 0) {
                err_print(&e);
                fputs(buf_str(&list) ? buf_str(&list) : "", stderr);
                status = EXIT_FAIL;
        }
        buf_free(&list);
        return status;
}
