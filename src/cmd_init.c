#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "shell.h"

/* The hook calls the binary by the path it was set up with, so a PATH the user rearranges
 * later (or a venv with its own "pyenvhook" on it) cannot swap in another program. */
static char *self_path(const char *argv0)
{
        char buf[4096];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n > 0) {
                buf[n] = '\0';
                return strdup(buf);
        }
        char *r = realpath(argv0, NULL);
        return r ? r : strdup("pyenvhook");
}

/* Copies tmpl, replacing each @NAME@ from the table with its value, quoted for sh. */
static void render(struct buf *b, const struct shell *sh, const char *tmpl,
                   const char *const vars[][2], size_t nvars)
{
        while (*tmpl) {
                const char *at = strchr(tmpl, '@');
                if (!at) {
                        buf_adds(b, tmpl);
                        return;
                }
                buf_add(b, tmpl, (size_t)(at - tmpl));
                size_t i;
                for (i = 0; i < nvars; i++) {
                        size_t n = strlen(vars[i][0]);
                        if (strncmp(at, vars[i][0], n) == 0) {
                                sh->quote(b, vars[i][1]);
                                tmpl = at + n;
                                break;
                        }
                }
                if (i == nvars) {
                        buf_addc(b, '@');
                        tmpl = at + 1;
                }
        }
}

/* Someone who runs init at a terminal wants to set the hook up, not read it: say where the
 * line goes. Informational, so --quiet leaves it out. */
static void setup_hint(const char *shell)
{
        static const char *const where[][2] = {
            {"bash", "add to ~/.bashrc: eval \"$(pyenvhook init bash)\""},
            {"zsh", "add to ~/.zshrc: eval \"$(pyenvhook init zsh)\""},
            {"fish", "add to ~/.config/fish/config.fish: pyenvhook init fish | source"},
        };
        for (size_t i = 0; i < sizeof where / sizeof *where; i++)
                if (strcmp(where[i][0], shell) == 0)
                        info_("init: that is the hook's code, to be run by the shell; %s",
                              where[i][1]);
}

int cmd_init(int argc, char **argv)
{
        const char *name = NULL;
        int prompt = 0;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--prompt") == 0)
                        prompt = 1;
                else if (argv[i][0] == '-' || name)
                        return cmd_usage("init");
                else
                        name = argv[i];
        }
        if (!name)
                return cmd_usage("init");
        const struct shell *sh = shell_find(name);
        if (!sh) {
                warnx_("init: '%s' is not a shell pyenvhook supports (%s)", name, shell_names());
                return EXIT_USAGE;
        }
        char *self = self_path(argv[-1]);
        if (!self) {
                warnx_("init: out of memory");
                return EXIT_FAIL;
        }
        const char *const vars[][2] = {
            {"@PYENVHOOK_BIN@", self},
            {"@PYENVHOOK_PROMPT@", prompt ? "1" : ""},
        };
        struct buf b = {0};
        render(&b, sh, sh->hook, vars, sizeof vars / sizeof *vars);
        free(self);
        if (cmd_write(&b, "init") != EXIT_OK)
                return EXIT_FAIL;
        if (isatty(STDOUT_FILENO))
                setup_hint(sh->name);
        return EXIT_OK;
}
