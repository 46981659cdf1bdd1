#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "err.h"

#define WIDTH 80

/* Prints text's words from column col (what is before it already written), a space before
 * the first when sep, wrapping before WIDTH with continuation lines indented by indent. */
static void wrap(const char *text, int col, int indent, int sep)
{
        for (int first = 1; *text; first = 0) {
                int n = (int)strcspn(text, " "), space = first ? sep : 1;
                if (col > indent && col + space + n > WIDTH) {
                        printf("\n%*s", indent, "");
                        col = indent;
                        space = 0;
                }
                if (space)
                        putchar(' ');
                printf("%.*s", n, text);
                col += space + n;
                text += n;
                while (*text == ' ')
                        text++;
        }
        putchar('\n');
}

/* A usage line: "usage: pyenvhook NAME ARGS", the arguments wrapped under themselves. */
static void usage_line(const char *lead, const struct cmd *c)
{
        int at = printf("%s%s", lead, c->name);
        if (*c->usage)
                wrap(c->usage, at, at + 1, 1);
        else
                putchar('\n');
}

int cmd_help_one(const struct cmd *c)
{
        usage_line("usage: pyenvhook ", c);
        printf("\n");
        wrap(c->summary, 0, 0, 0);
        if (c->options) {
                printf("\n");
                for (const char *l = c->options; *l;) {
                        const char *tab = strchr(l, '\t'), *nl = strchr(l, '\n');
                        printf("  %-24.*s", (int)(tab - l), l);
                        char what[256];
                        snprintf(what, sizeof what, "%.*s", (int)(nl - tab - 1), tab + 1);
                        wrap(what, 26, 26, 0);
                        l = nl + 1;
                }
        }
        printf("\nGlobal options: -q (--quiet), -h (--help), before or after the command.\n");
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_help(int argc, char **argv)
{
        if (argc > 2)
                return cmd_bad_arg("help", argv[2]);
        if (argc == 2) {
                const struct cmd *c = cmd_find(argv[1]);
                if (!c) {
                        return cmd_not_found(argv[1]);
                }
                return cmd_help_one(c);
        }
        printf("usage: pyenvhook [--quiet] COMMAND [ARGS]\n"
               "       pyenvhook --help | --version\n\n"
               "Activates the right Python venv in every shell, on every cd.\n\n"
               "Options:\n"
               "  -h, --help        show this; after a command, that command's help\n"
               "  -V, --version     print the version\n"
               "  -q, --quiet       leave out informational messages (not errors), also\n"
               "                    after the command\n\n"
               "Commands:\n");
        for (const struct cmd *c = commands; c->name; c++) {
                if (c->hidden)
                        continue;
                usage_line("  ", c);
                printf("      ");
                wrap(c->summary, 6, 6, 0);
        }
        printf("\nSet-up: add to ~/.bashrc    eval \"$(pyenvhook init bash)\"\n"
               "               ~/.zshrc     eval \"$(pyenvhook init zsh)\"\n"
               "               config.fish  status is-interactive; and\n"
               "                            pyenvhook init fish | source\n"
               "See 'pyenvhook help COMMAND' for its options, and pyenvhook(1) for markers,\n"
               "settings and exit statuses.\n");
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
