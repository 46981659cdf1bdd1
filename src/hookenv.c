#include "hookenv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "err.h"
#include "state.h"

const char *const hookenv_vars[] = {
    "_PYENVHOOK_PYTHONHOME",
    "_PYENVHOOK_PROMPT_OLD",
    "_PYENVHOOK_VENV",
    "VIRTUAL_ENV",
    "VIRTUAL_ENV_PROMPT",
    "PATH",
    "PYTHONHOME",
    NULL,
};

/* A saved value as the hook keeps it: "=value" for set, "" for unset. */
static int restore(const char *name, const char *saved)
{
        if (saved && saved[0] == '=')
                return setenv(name, saved + 1, 1);
        return unsetenv(name);
}

static int save(const char *into, const char *name)
{
        const char *v = getenv(name);
        struct buf b = {0};
        if (v) {
                buf_addc(&b, '=');
                buf_adds(&b, v);
        }
        const char *s = buf_str(&b);
        int rc = s ? setenv(into, s, 1) : -1;
        buf_free(&b);
        return rc;
}

/* _pyenvhook_leave: the one PATH entry it added goes (the first, as bash's ${p/x/y} takes
 * it), wherever it now stands; what was put aside comes back. */
static int leave(const char *mark)
{
        const char *path = getenv("PATH");
        struct buf p = {0}, e = {0};
        buf_printf(&p, ":%s:", path ? path : "");
        buf_printf(&e, ":%s/bin:", mark);
        const char *ps = buf_str(&p), *es = buf_str(&e);
        int rc = -1;
        if (ps && es) {
                char *at = strstr(ps, es);
                struct buf n = {0};
                if (at) {
                        buf_add(&n, ps, (size_t)(at - ps));
                        buf_adds(&n, at + e.len - 1);
                } else {
                        buf_adds(&n, ps);
                }
                const char *ns = buf_str(&n);
                if (ns) {
                        size_t len = strlen(ns);
                        size_t from = ns[0] == ':', to = len && ns[len - 1] == ':' ? len - 1 : len;
                        char *v = to >= from ? strndup(ns + from, to - from) : strdup("");
                        rc = v ? setenv("PATH", v, 1) : -1;
                        free(v);
                }
                buf_free(&n);
        }
        buf_free(&p);
        buf_free(&e);
        if (rc == 0)
                rc = restore("PYTHONHOME", getenv("_PYENVHOOK_PYTHONHOME"));
        if (rc == 0)
                rc = restore("VIRTUAL_ENV_PROMPT", getenv("_PYENVHOOK_PROMPT_OLD"));
        const char *gone[] = {"VIRTUAL_ENV", "_PYENVHOOK_VENV", "_PYENVHOOK_PYTHONHOME",
                              "_PYENVHOOK_PROMPT_OLD"};
        for (size_t i = 0; rc == 0 && i < sizeof gone / sizeof *gone; i++)
                rc = unsetenv(gone[i]);
        return rc;
}

/* The system's default search path, as confstr(_CS_PATH) gives it; NULL when it has none. */
static char *system_path(void)
{
        size_t n = confstr(_CS_PATH, NULL, 0);
        char *p = n ? malloc(n) : NULL;
        if (p && confstr(_CS_PATH, p, n) == 0) {
                free(p);
                p = NULL;
        }
        return p;
}

/* _pyenvhook_enter */
static int enter(const char *venv, const char *prompt)
{
        int rc = save("_PYENVHOOK_PYTHONHOME", "PYTHONHOME");
        if (rc == 0)
                rc = save("_PYENVHOOK_PROMPT_OLD", "VIRTUAL_ENV_PROMPT");
        if (rc == 0)
                rc = setenv("_PYENVHOOK_VENV", venv, 1);
        if (rc == 0)
                rc = setenv("VIRTUAL_ENV", venv, 1);
        if (rc == 0)
                rc = setenv("VIRTUAL_ENV_PROMPT", prompt ? prompt : "", 1);
        /* PATH unset (env -i, some daemons): a shell would search the system's default
         * path, so the venv goes in front of that, not in place of it. */
        const char *path = getenv("PATH");
        char *dflt = path ? NULL : system_path();
        if (!path)
                path = dflt;
        struct buf p = {0};
        buf_printf(&p, "%s/bin%s%s", venv, path && *path ? ":" : "", path ? path : "");
        const char *ps = buf_str(&p);
        if (rc == 0)
                rc = ps ? setenv("PATH", ps, 1) : -1;
        buf_free(&p);
        free(dflt);
        if (rc == 0)
                rc = unsetenv("PYTHONHOME");
        return rc;
}

/* Why nothing can be run with the project's venv, or 0 when it can (or none_ok lets it). */
static int refuse(const char *cmd, const struct hookenv_opts *o, const struct target *t)
{
        switch (t->kind) {
        case TARGET_READY:
                return 0;
        case TARGET_NONE:
                if (o->none_ok)
                        return 0;
                warnx_("%s: no project at or above %s (" PROJECT_NONE_KINDS
                       "); --no-project-ok runs it unchanged",
                       cmd, t->cwd ? t->cwd : "?");
                break;
        case TARGET_NO_VENV:
                warnx_("%s: %s has no venv yet; run: pyenvhook create", cmd, t->p.root);
                break;
        case TARGET_BROKEN:
                err_print(&t->err);
                break;
        case TARGET_UNTRUSTED:
                target_say_untrusted(t, warnx_);
                break;
        }
        return EXIT_FAIL;
}

int hookenv_apply(const char *cmd, const struct hookenv_opts *o, struct target *t, int *changed)
{
        *changed = 0;
        target_resolve_in(t, o->dir);
        if (t->config_broken)
                err_print(&t->config_err);
        if (t->trust_noted)
                err_print(&t->trust_note);
        if (t->p.ignored)
                err_print(&t->p.ignored_why);
        if (refuse(cmd, o, t))
                return EXIT_FAIL;
        struct state st;
        state_read(&st);
        if (st.manual) {
                info_("%s: VIRTUAL_ENV=%s was set by hand or inherited; left as it is, as the "
                      "hook leaves it",
                      cmd, st.virtual_env);
                return EXIT_OK;
        }
        /* export's rule: a venv of ours already in place for this project stays, unless it
         * was renamed; anything else of ours is left before entering. */
        const char *want = t->kind == TARGET_READY ? t->p.venv : NULL;
        const char *shown = getenv("VIRTUAL_ENV_PROMPT");
        int renamed = want && st.active && t->prompt && (!shown || strcmp(shown, t->prompt) != 0);
        int out = st.mark && (!st.active || !want || strcmp(want, st.mark) != 0 || renamed);
        int in = want && (out || !st.mark);
        /* Copied: leaving unsets the variable st.mark points into. */
        char *mark = st.mark ? strdup(st.mark) : NULL;
        int rc = st.mark && !mark ? -1 : 0;
        if (rc == 0 && out)
                rc = leave(mark);
        if (rc == 0 && in)
                rc = enter(want, t->prompt);
        free(mark);
        if (rc < 0) {
                warnx_("%s: out of memory", cmd);
                return EXIT_FAIL;
        }
        *changed = out || in || want;
        return EXIT_OK;
}
