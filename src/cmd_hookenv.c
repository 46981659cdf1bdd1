/* The options exec, env and which share (-C DIR, --no-project-ok): argument parsing, a
 * command's concern, for hookenv.h's decision below. */
#include <string.h>

#include "cmd.h"
#include "hookenv.h"

int cmd_hookenv_option(const char *cmd, int argc, char **argv, int *i, struct hookenv_opts *o)
{
        const char *a = argv[*i];
        if (strcmp(a, "--no-project-ok") == 0) {
                o->none_ok = 1;
                return 1;
        }
        if (strcmp(a, "-C") != 0)
                return 0;
        if (++*i == argc)
                return cmd_usage_error(cmd, "-C needs a directory");
        o->dir = argv[*i];
        return 1;
}
