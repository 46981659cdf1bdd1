#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "hookenv.h"
#include "path.h"

/* The script's directory for --script: CMD's first argument is the script a shebang line
 * hands over, as the kernel got it (relative to the working directory, or absolute). -C is
 * then relative to that directory. */
static char *script_dir(const char *script, const char *dir)
{
        const char *slash = strrchr(script, '/');
        struct buf b = {0};
        if (!slash)
                buf_adds(&b, ".");
        else if (slash == script)
                buf_adds(&b, "/");
        else
                buf_add(&b, script, (size_t)(slash - script));
        if (dir && dir[0] == '/') {
                b.len = 0;
                buf_adds(&b, dir);
        } else if (dir) {
                buf_printf(&b, "/%s", dir);
        }
        const char *s = buf_str(&b);
        char *r = s ? strdup(s) : NULL;
        buf_free(&b);
        return r;
}

/* Runs CMD in the environment the hook gives at the prompt: execvp, so CMD takes over this
 * process and its exit status, signals, stdin and terminal are its own. The statuses when it
 * cannot start are the shells' (126, 127). */
int cmd_exec(int argc, char **argv)
{
        struct hookenv_opts o = {0};
        int script = 0, i = 1;
        for (; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--") == 0) {
                        i++;
                        break;
                }
                int taken = cmd_hookenv_option("exec", argc, argv, &i, &o);
                if (taken > 1)
                        return taken;
                if (taken) {
                        continue;
                } else if (strcmp(a, "--script") == 0) {
                        script = 1;
                } else if (a[0] == '-' && a[1]) {
                        return cmd_bad_arg("exec", a);
                } else {
                        break;
                }
        }
        if (i == argc)
                return cmd_usage_error("exec", "which command?");
        char **cmd = argv + i;
        char *dir = NULL;
        if (script) {
                if (!cmd[1])
                        return cmd_usage_error("exec", "--script needs the script after CMD");
                dir = script_dir(cmd[1], o.dir);
                if (!dir) {
                        warnx_("exec: out of memory");
                        return EXIT_FAIL;
                }
                o.dir = dir;
        }
        struct target t;
        int changed, rc = hookenv_apply("exec", &o, &t, &changed);
        target_free(&t);
        free(dir);
        if (rc != EXIT_OK)
                return rc;
        /* Only for the binary run from the shell's pyenvhook function; not CMD's. */
        unsetenv("_PYENVHOOK_HOOK");
        unsetenv("_PYENVHOOK_PAUSED");
        execvp(cmd[0], cmd);
        int e = errno;
        warnx_("exec: %s: %s", cmd[0], e == ENOENT ? "command not found" : strerror(e));
        return e == ENOENT ? 127 : 126;
}
