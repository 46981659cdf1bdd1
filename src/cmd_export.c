#include <errno.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "shell.h"
#include "state.h"
#include "target.h"
#include "trust.h"

/* The hook runs this only when the nearest project may have changed. It prints calls of the
 * hook's own _pyenvhook_leave and _pyenvhook_enter, and says on stderr why nothing could be
 * activated. */
int cmd_export(int argc, char **argv)
{
        if (argc != 2)
                return cmd_usage("export");
        const struct shell *sh = shell_find(argv[1]);
        if (!sh) {
                warnx_("export: '%s' is not a shell pyenvhook supports (%s)", argv[1],
                       shell_names());
                return EXIT_USAGE;
        }
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
                warnx_("%s has no venv yet; run: pyenvhook create", t.p.root);
                break;
        case TARGET_BROKEN:
                err_print(&t.err);
                status = EXIT_FAIL;
                break;
        case TARGET_UNTRUSTED: {
                /* Said once: the hook asks again only when the nearest project changes. */
                const char *why = t.trust == TRUST_CHANGED
                                      ? "it changed since it was allowed; run 'pyenvhook allow' "
                                        "to trust it as it is now"
                                      : "it is not allowed yet; run 'pyenvhook allow' to trust it";
                if (t.p.marker)
                        warnx_("not activating %s (named by %s): %s", t.p.venv, t.p.marker, why);
                else
                        warnx_("not activating %s: %s", t.p.venv, why);
                break;
        }
        case TARGET_NONE:
        case TARGET_READY:
                break;
        }
        if (t.trust_noted)
                err_print(&t.trust_note);
        if (t.p.ignored)
                err_print(&t.p.ignored_why);
        const char *want = t.kind == TARGET_READY ? t.p.venv : NULL;
        /* A mark with VIRTUAL_ENV gone (the user unset it) is left over: clear it, then enter
         * afresh, so PATH never holds our entry twice. */
        int leave = st.mark && (!st.active || !want || strcmp(want, st.mark) != 0);
        int enter = want && (leave || !st.mark);
        struct buf b = {0};
        if (leave)
                shell_call(sh, &b, "_pyenvhook_leave", NULL, 0);
        if (enter) {
                const char *args[] = {want, t.prompt};
                shell_call(sh, &b, "_pyenvhook_enter", args, 2);
        }
        target_free(&t);
        if (cmd_write(&b, "export") != EXIT_OK)
                status = EXIT_FAIL;
        return status;
}
