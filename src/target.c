#include "target.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "path.h"
#include "strict_venv.h"
#include "trust.h"
#include "venv.h"

/* A usable venv is activated only when the user allowed it. */
static void check_trust(struct target *t)
{
        int rc = trust_check(&t->p, &t->trust_noted, &t->trust_note, &t->err);
        if (rc < 0) {
                t->kind = TARGET_BROKEN; /* an unreadable store trusts nothing */
        } else if (rc != TRUST_ALLOWED) {
                t->kind = TARGET_UNTRUSTED;
                t->trust = rc;
        }
}

/* dir made absolute the way the user sees it: against the shell's working directory, with
 * links kept, as project_find wants it. */
static char *absolute(const char *dir, struct err *e)
{
        char *cwd = path_cwd(e);
        if (!dir || !cwd)
                return cwd;
        char *p = path_resolve(cwd, dir, e);
        char *n = p ? path_normalize(p) : NULL;
        if (p && !n)
                err_set(e, -ENOMEM, "out of memory");
        free(cwd);
        free(p);
        return n;
}

void target_resolve(struct target *t)
{
        target_resolve_in(t, NULL);
}

void target_resolve_in(struct target *t, const char *dir)
{
        memset(t, 0, sizeof *t);
        struct config cfg;
        if (config_load(&cfg, &t->config_err) < 0)
                t->config_broken = 1;
        t->cwd = absolute(dir, &t->err);
        if (t->cwd && dir) {
                struct stat d;
                int bad = stat(t->cwd, &d) < 0 ? errno : S_ISDIR(d.st_mode) ? 0 : ENOTDIR;
                if (bad) {
                        err_set(&t->err, -bad, "%s: %s", t->cwd, strerror(bad));
                        t->kind = TARGET_BROKEN;
                        return;
                }
        }
        if (!t->cwd) {
                t->kind = TARGET_BROKEN;
                return;
        }
        if (project_find(t->cwd, &cfg, &t->p, &t->err) < 0) {
                t->kind = TARGET_BROKEN;
                return;
        }
        if (t->p.kind == PROJECT_NONE) {
                t->kind = TARGET_NONE;
                return;
        }
        /* Safe (strict.h) before anything in it is read, and from then on the venv is the
         * resolved path that was checked. */
        struct stat st;
        if (stat(t->p.venv, &st) == 0 && strict_check_project(&t->p, &t->err) < 0) {
                t->kind = TARGET_BROKEN;
                return;
        }
        char *prompt = NULL;
        int rc = venv_probe(t->p.venv, &prompt, &t->err);
        if (rc < 0) {
                t->kind = TARGET_BROKEN;
        } else if (rc == VENV_ABSENT) {
                t->kind = TARGET_NO_VENV;
        } else {
                t->kind = TARGET_READY;
                if (t->p.m.prompt && *t->p.m.prompt) {
                        free(prompt);
                        prompt = strdup(t->p.m.prompt);
                        if (!prompt) {
                                t->kind = TARGET_BROKEN;
                                err_set(&t->err, -ENOMEM, "out of memory");
                        }
                }
                t->prompt = prompt;
        }
        if (t->kind == TARGET_READY)
                check_trust(t);
}

void target_say_untrusted(const struct target *t, void (*say)(const char *fmt, ...))
{
        const char *why = t->trust == TRUST_CHANGED
                              ? "it changed since it was allowed; run 'pyenvhook allow' to trust "
                                "it as it is now"
                              : "it is not allowed yet; run 'pyenvhook allow' to trust it";
        if (t->p.marker)
                say("not activating %s (named by %s): %s", t->p.venv, t->p.marker, why);
        else
                say("not activating %s: %s", t->p.venv, why);
}

void target_free(struct target *t)
{
        free(t->cwd);
        free(t->prompt);
        project_free(&t->p);
}
