#include <stdio.h>

#include "cmd.h"
#include "err.h"

static void print_usage_line(FILE *f, const struct cmd *c)
{
        fprintf(f, "usage: pyenvhook %s%s%s\n", c->name, *c->usage ? " " : "", c->usage);
}

int cmd_help(int argc, char **argv)
{
        if (argc > 2)
                return cmd_usage("help");
        if (argc == 2) {
                const struct cmd *c = cmd_find(argv[1]);
                if (!c) {
                        warnx_("'%s' is not a command; see 'pyenvhook --help'", argv[1]);
                        return EXIT_USAGE;
                }
                print_usage_line(stdout, c);
                printf("\n%s\n", c->summary);
                return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
        }
        printf("usage: pyenvhook [--quiet] COMMAND [ARGS]\n"
               "       pyenvhook --help | --version\n\n"
               "Activates the right Python venv in every shell, on every cd.\n\n"
               "Options:\n"
               "  -h, --help               show this, or with 'help COMMAND' one command\n"
               "  -V, --version            print the version\n"
               "  -q, --quiet              leave out informational messages (not errors)\n\n"
               "Commands:\n");
        for (const struct cmd *c = commands; c->name; c++) {
                if (c->hidden)
                        continue;
                char head[64];
                snprintf(head, sizeof head, "%s %s", c->name, c->usage);
                printf("  %-24s %s\n", head, c->summary);
        }
        printf("\nSet-up: add to ~/.bashrc   eval \"$(pyenvhook init bash)\"\n"
               "               ~/.zshrc    eval \"$(pyenvhook init zsh)\"\n"
               "               config.fish pyenvhook init fish | source\n"
               "See pyenvhook(1) for markers, settings and exit statuses.\n");
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
