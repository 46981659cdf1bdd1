#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "display.h"
#include "err.h"
#include "hookenv.h"
#include "path.h"

/* The file execvp would run for name on path: the first regular, executable one. */
static char *lookup(const char *name, const char *path)
{
        if (strchr(name, '/'))
                return access(name, X_OK) == 0 ? strdup(name) : NULL;
        for (const char *p = path ? path : ""; p;) {
                const char *colon = strchr(p, ':');
                size_t n = colon ? (size_t)(colon - p) : strlen(p);
                struct buf b = {0};
                /* an empty entry is the working directory, as for execvp */
                buf_printf(&b, "%.*s/%s", (int)n, n ? p : ".", name);
                const char *f = buf_str(&b);
                struct stat st;
                char *r = f && stat(f, &st) == 0 && S_ISREG(st.st_mode) && access(f, X_OK) == 0
                              ? strdup(f)
                              : NULL;
                buf_free(&b);
                if (r)
                        return r;
                p = colon ? colon + 1 : NULL;
        }
        return NULL;
}

int cmd_which(int argc, char **argv)
{
        struct hookenv_opts o = {0};
        const char *name = NULL;
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                int taken = cmd_hookenv_option("which", argc, argv, &i, &o);
                if (taken > 1)
                        return taken;
                if (taken) {
                        continue;
                } else if (name || (a[0] == '-' && a[1])) {
                        return cmd_bad_arg("which", a);
                } else {
                        name = a;
                }
        }
        if (!name)
                name = "python";
        struct target t;
        int changed, rc = hookenv_apply("which", &o, &t, &changed);
        target_free(&t);
        if (rc != EXIT_OK)
                return rc;
        char *found = lookup(name, getenv("PATH"));
        if (!found) {
                warnx_("which: %s: not found on PATH", name);
                return EXIT_FAIL;
        }
        struct buf out = {0};
        /* a name with control characters is shown, not sent, to a terminal */
        if (isatty(STDOUT_FILENO))
                buf_add_shown(&out, found);
        else
                buf_adds(&out, found);
        buf_addc(&out, '\n');
        free(found);
        return cmd_write(&out, "which");
}
