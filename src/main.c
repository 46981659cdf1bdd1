#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"

static int version(void)
{
        printf("pyenvhook %s\n", PYENVHOOK_VERSION);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

/* Global options come before the command. Each one taken shifts the command line by one,
 * keeping argv[0] in front: commands read their argv[-1] as the program's path. */
static void global_options(int *argc, char ***argv)
{
        while (*argc > 1 && (strcmp((*argv)[1], "-q") == 0 || strcmp((*argv)[1], "--quiet") == 0)) {
                err_quiet = 1;
                (*argv)[1] = (*argv)[0];
                (*argc)--;
                (*argv)++;
        }
}

int main(int argc, char **argv)
{
        global_options(&argc, &argv);
        if (argc < 2)
                return cmd_help(1, argv) == EXIT_OK ? EXIT_USAGE : EXIT_FAIL;
        const char *name = argv[1];
        if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
                return version();
        if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
                return cmd_help(1, argv);
        const struct cmd *c = cmd_find(name);
        if (!c) {
                warnx_("'%s' is not a command; see 'pyenvhook --help'", name);
                return EXIT_USAGE;
        }
        return c->fn(argc - 1, argv + 1);
}
