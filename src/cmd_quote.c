/* A hidden command for tests and fuzzing: prints "q WORD" lines, one per STRING, quoted the
 * way export quotes its arguments for SHELL, so a test can eval them in the real shell and
 * compare what comes back byte for byte. A string the shell would not read back as written is
 * refused, as export refuses it. */
#include <errno.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "shell.h"

int cmd_quote(int argc, char **argv)
{
        if (argc < 2)
                return cmd_usage_error("quote", "which shell? (%s)", shell_names());
        const struct shell *sh = shell_find(argv[1]);
        if (!sh) {
                warnx_("quote: '%s' is not a shell pyenvhook supports (%s)", argv[1],
                       shell_names());
                return EXIT_USAGE;
        }
        struct buf b = {0};
        for (int i = 2; i < argc; i++) {
                /* refused as export refuses it: nothing printed, one line why */
                const char *why = shell_cannot_carry(sh, argv[i]);
                if (why) {
                        warnx_("quote: string %d %s", i - 1, why);
                        buf_free(&b);
                        return EXIT_FAIL;
                }
                const char *arg[] = {argv[i]};
                shell_call(sh, &b, "q", arg, 1);
        }
        return cmd_write(&b, "quote");
}
