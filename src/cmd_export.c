#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "path.h"
#include "shell.h"
#include "state.h"
#include "target.h"
#include "trust.h"
#include "watch.h"

/* The stamp's path by way of the venv: VENV/bin, then as many ".." as the real VENV/bin is
 * deep, then the stamp's absolute path. The kernel resolves ".." physically, so this names
 * the stamp while VENV/bin exists, and nothing once the venv is gone: then bash's and fish's
 * -nt is true, and the one comparison the idle prompt makes also stands in for its test of
 * VENV/bin. NULL when that cannot be made (the hook then tests VENV/bin itself). */
static char *via_venv(const char *venv, const char *stamp)
{
        char *bin = path_join(venv, "bin");
        char *real = bin ? realpath(bin, NULL) : NULL;
        struct buf b = {0};
        if (real) {
                buf_adds(&b, bin);
                for (const char *c = real; *c; c++)
                        if (*c == '/' && c[1])
                                buf_adds(&b, "/..");
                buf_adds(&b, stamp);
        }
        free(bin);
        free(real);
        const char *str = buf_str(&b);
        char *r = str && b.len && b.len < 4000 ? strdup(str) : NULL;
        buf_free(&b);
        return r;
}

/* Whether the shell reads every one of args back as written (shell.h's cannot_carry). A watch
 * it would not is left out: the hook then notices a change at the next cd, not before. */
static int carried(const struct shell *sh, const char *const *args, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (shell_cannot_carry(sh, args[i]))
                        return 0;
        return 1;
}

/* No project: the directory the search began in, stamped as a third watched file (its
 * mtime changes when a name comes or goes), so that a file that would make it a project is
 * noticed at the next prompt. */
static void add_dir_watch(const char *dir, struct buf *b, const struct shell *sh)
{
        struct watch w = {0};
        struct err e;
        if (watch_add(&w, dir, sh->stamp_after, &e) == 0 && w.stamp[0]) {
                const char *args[] = {"", "", "", "", "", "", w.file[0], w.stamp[0]};
                if (carried(sh, args, 8))
                        shell_call(sh, b, "_pyenvhook_watch", args, 8);
        }
        watch_free(&w);
}

/* What the decision rests on, for the hook to watch (watch.h): the marker (for a bare .venv,
 * its pyvenv.cfg; for another tool's convention, the file status names), and the venv's
 * pyvenv.cfg: stamped while it exists, so that a venv made afresh is noticed, and watched
 * for its appearance while there is none; and unless a marker decided, the project's
 * directory. The hook's call: _pyenvhook_watch FILE STAMP APPEAR COVERS FILE2 STAMP2 FILE3
 * STAMP3, the directory in the first free of FILE2 and FILE3, where COVERS "1" says the watch
 * also tells when the venv is gone, so the idle prompt need not test VENV/bin apart. */
static void add_watch(const struct target *t, struct buf *b, const struct shell *sh)
{
        if (t->p.kind == PROJECT_NONE) {
                /* The hook asked because a project's file is here, or at a level above, yet
                 * it makes no project (a pyproject.toml with no lock beside it): the names
                 * that come here next (poetry.lock, a Pipfile) may make one. */
                if (t->kind == TARGET_NONE && t->cwd)
                        add_dir_watch(t->cwd, b, sh);
                return;
        }
        /* a convention whose files are broken names neither a venv nor the file at fault */
        if (!t->p.root || (t->p.kind == PROJECT_CONV && !t->p.venv && !t->p.conv.files[0]))
                return;
        struct watch w = {0};
        struct err e;
        char *cfg = t->p.venv ? path_join(t->p.venv, "pyvenv.cfg") : NULL;
        const char *first = t->p.marker                                       ? t->p.marker
                            : t->p.kind == PROJECT_CONV && t->p.conv.files[0] ? t->p.conv.files[0]
                                                                              : cfg;
        int rc = first ? watch_add(&w, first, sh->stamp_after, &e)
                       : err_set(&e, -ENOMEM, "out of memory");
        if (rc == 0 && cfg && first != cfg)
                rc = watch_add(&w, cfg, sh->stamp_after, &e);
        /* Nothing outranks a marker at its level; anything else, a name that comes into the
         * project's directory may (a marker beside a bare .venv, a .venv beside a Pipfile):
         * its mtime tells. The levels below it are the hook's own to test, by name. */
        if (rc == 0 && t->p.kind != PROJECT_MARKER)
                rc = watch_add(&w, t->p.root, sh->stamp_after, &e);
        if (rc < 0) {
                /* Only the watching is lost: the hook still decides on every change of project. */
                warnx_("cannot keep the stamps that let the hook notice a changed marker or venv "
                       "(%s); it notices them when you next enter the project",
                       e.msg);
        } else {
                int ready = t->kind == TARGET_READY && w.stamp[0];
                /* zsh compares stamp -nt pyvenv.cfg, false once the venv is gone; bash and
                 * fish reach the marker's stamp through the venv. */
                int cfg_stamped = cfg && ((w.file[0] && strcmp(w.file[0], cfg) == 0) ||
                                          (w.file[1] && strcmp(w.file[1], cfg) == 0));
                char *through = ready && !sh->stamp_after && !sh->lexical_paths
                                    ? via_venv(t->p.venv, w.stamp[0])
                                    : NULL;
                int covers = ready && (through || (sh->stamp_after && cfg_stamped));
                const char *args[] = {
                    w.file[0] ? w.file[0] : "", through ? through : w.stamp[0] ? w.stamp[0] : "",
                    w.appear ? w.appear : "",   covers ? "1" : "",
                    w.file[1] ? w.file[1] : "", w.stamp[1] ? w.stamp[1] : "",
                    w.file[2] ? w.file[2] : "", w.stamp[2] ? w.stamp[2] : ""};
                if (carried(sh, args, 8))
                        shell_call(sh, b, "_pyenvhook_watch", args, 8);
                free(through);
        }
        watch_free(&w);
        free(cfg);
}

static int export_to(const struct shell *sh, struct buf *held);

/* The hook runs this only when the nearest project, or a file it watches, may have changed.
 * It prints calls of the hook's own _pyenvhook_leave, _pyenvhook_enter and _pyenvhook_watch,
 * and says on stderr why nothing could be activated. */
int cmd_export(int argc, char **argv)
{
        /* --hold: for a cd, which no prompt may show. What would be said goes to the hook as
         * a call of _pyenvhook_held, which keeps it for the prompt that shows this directory,
         * if one does; a later cd drops it. */
        int hold = argc > 1 && strcmp(argv[1], "--hold") == 0;
        argc -= hold;
        argv += hold;
        if (argc < 2)
                return cmd_usage_error("export", "which shell? (%s)", shell_names());
        if (argc > 2)
                return cmd_bad_arg("export", argv[2]);
        const struct shell *sh = shell_find(argv[1]);
        if (!sh) {
                warnx_("export: '%s' is not a shell pyenvhook supports (%s)", argv[1],
                       shell_names());
                return EXIT_USAGE;
        }
        struct buf held = {0};
        if (hold)
                err_held = &held;
        int status = export_to(sh, hold ? &held : NULL);
        err_held = NULL;
        buf_free(&held);
        return status;
}

static int export_to(const struct shell *sh, struct buf *held)
{
        struct state st;
        state_read(&st);
        if (st.manual)
                return EXIT_OK; /* a venv activated by hand: stay out of its way */

        struct target t;
        target_resolve(&t);
        int status = EXIT_OK;
        if (t.config_broken) {
                err_print(&t.config_err);
                status = EXIT_FAIL;
        }
        switch (t.kind) {
        case TARGET_NO_VENV:
                info_("%s has no venv yet; run: pyenvhook create", t.p.root);
                break;
        case TARGET_BROKEN:
                err_print(&t.err);
                status = EXIT_FAIL;
                break;
        case TARGET_UNTRUSTED:
                /* Said once: the hook asks again only when the nearest project changes. */
                target_say_untrusted(&t, info_);
                break;
        case TARGET_NONE:
        case TARGET_READY:
                break;
        }
        if (t.trust_noted)
                err_print(&t.trust_note);
        if (t.p.ignored)
                err_print(&t.p.ignored_why);
        const char *want = t.kind == TARGET_READY ? t.p.venv : NULL;
        /* A venv the shell would read back as other bytes is not activated: its PATH entry
         * would name no directory, and leaving would not find it again. */
        const char *why = shell_cannot_carry(sh, want);
        if (why || (want && (why = shell_cannot_carry(sh, t.prompt)))) {
                warnx_("%s: %s %s; the venv is not activated", want,
                       shell_cannot_carry(sh, want) ? "its path" : "its name", why);
                want = NULL;
                status = EXIT_FAIL;
        }
        /* A mark with VIRTUAL_ENV gone (the user unset it) is left over: clear it, then enter
         * afresh, so PATH never holds our entry twice. */
        /* The same venv under a new name (its pyvenv.cfg or the marker renamed it) is entered
         * again, so VIRTUAL_ENV_PROMPT and the prompt's prefix follow. */
        const char *shown = getenv("VIRTUAL_ENV_PROMPT");
        int renamed = want && st.active && t.prompt && (!shown || strcmp(shown, t.prompt) != 0);
        int leave = st.mark && (!st.active || !want || strcmp(want, st.mark) != 0 || renamed);
        int enter = want && (leave || !st.mark);
        struct buf b = {0};
        if (leave)
                shell_call(sh, &b, "_pyenvhook_leave", NULL, 0);
        if (enter) {
                const char *args[] = {want, t.prompt};
                shell_call(sh, &b, "_pyenvhook_enter", args, 2);
        }
        add_watch(&t, &b, sh);
        target_free(&t);
        const char *said = held ? buf_str(held) : NULL;
        if (said && held->len) {
                const char *args[] = {said};
                shell_call(sh, &b, "_pyenvhook_held", args, 1);
        }
        err_held = NULL; /* a failed write is said now: no later prompt would say it */
        if (cmd_write(&b, "export") != EXIT_OK)
                status = EXIT_FAIL;
        return status;
}
