#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "compat.h"
#include "err.h"

static int version(void)
{
        /* A portable build says so: it takes the slower ways of docs/install.md. */
        printf("pyenvhook %s%s\n", PYENVHOOK_VERSION, compat_portable ? " (portable)" : "");
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

static int is_quiet(const char *a)
{
        return strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0;
}

static int is_help(const char *a)
{
        return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

/* Options that take the next word as their value: that word is never read as -q or -h. */
static int takes_value(const char *a)
{
        return strcmp(a, "--python") == 0 || strcmp(a, "--prompt") == 0 || strcmp(a, "-C") == 0;
}

/* -q and -h are global: taken out wherever they stand after the command, so that each command
 * sees only its own arguments. Words after "--" and the strings of the hidden `quote` are
 * left as they are, but for a first -h, and so are exec's CMD and what follows it. Sets *help when
 * -h or --help was among them. */
static void global_options_after(const struct cmd *c, int *argc, char **argv, int *help)
{
        if (strcmp(c->name, "quote") == 0) {
                *help = *argc > 1 && is_help(argv[1]); /* after that, strings to quote */
                return;
        }
        int n = 1;
        for (int i = 1; i < *argc; i++) {
                char *a = argv[i];
                if (strcmp(a, "--") == 0) {
                        while (i < *argc)
                                argv[n++] = argv[i++];
                        break;
                }
                if (is_quiet(a)) {
                        err_quiet = 1;
                        continue;
                }
                if (is_help(a)) {
                        *help = 1;
                        continue;
                }
                /* exec's CMD and its arguments are CMD's own: -h there is CMD's help */
                if (a[0] != '-' && strcmp(c->name, "exec") == 0) {
                        while (i < *argc)
                                argv[n++] = argv[i++];
                        break;
                }
                argv[n++] = a;
                if (takes_value(a) && i + 1 < *argc)
                        argv[n++] = argv[++i];
        }
        argv[n] = NULL;
        *argc = n;
}

int main(int argc, char **argv)
{
        int i = 1;
        /* Global options before the command. */
        for (; i < argc && argv[i][0] == '-'; i++) {
                const char *a = argv[i];
                if (is_quiet(a))
                        err_quiet = 1;
                else if (is_help(a))
                        return cmd_help(1, argv);
                else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
                        return version();
                else {
                        warnx_("unknown option '%s'; see 'pyenvhook --help'", a);
                        fputs("usage: pyenvhook [-q] COMMAND [ARGS]\n", stderr);
                        return EXIT_USAGE;
                }
        }
        /* A bare pyenvhook is a usage error, as git and most tools have it: the usage on
         * stderr, exit 2. The help itself is what --help is for. */
        if (i == argc) {
                fputs("usage: pyenvhook [-q] COMMAND [ARGS]\n"
                      "       pyenvhook --help | --version\n",
                      stderr);
                return EXIT_USAGE;
        }
        const char *name = argv[i];
        const struct cmd *c = cmd_find(name);
        if (!c) {
                return cmd_not_found(name);
        }
        /* Commands read their argv[-1] as the program's path: keep argv[0] just before. */
        argv[i - 1] = argv[0];
        int n = argc - i, help = 0;
        global_options_after(c, &n, argv + i, &help);
        if (help)
                return cmd_help_one(c);
        return c->fn(n, argv + i);
}
