#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "compat.h"
#include "err.h"
#include "path.h"
#include "shell.h"

/* The file argv0 names as the shell found it: as given when it holds a slash, else the first
 * match on PATH, made absolute without resolving links. NULL when that is not found. */
static char *as_invoked(const char *argv0)
{
        struct err e;
        char *cwd = path_cwd(&e);
        if (!cwd)
                return NULL;
        char *found = NULL;
        if (strchr(argv0, '/')) {
                found = path_resolve(cwd, argv0, &e);
        } else {
                const char *path = getenv("PATH");
                for (const char *p = path ? path : ""; !found && *p;) {
                        size_t n = strcspn(p, ":");
                        char *dir = strndup(p, n);
                        char *cand = dir ? path_join(*dir ? dir : ".", argv0) : NULL;
                        char *abs = cand ? path_resolve(cwd, cand, &e) : NULL;
                        if (abs && access(abs, X_OK) == 0)
                                found = abs;
                        else
                                free(abs);
                        free(cand);
                        free(dir);
                        p += n + (p[n] == ':');
                }
        }
        free(cwd);
        char *clean = found ? path_normalize(found) : NULL;
        free(found);
        return clean;
}

/* The hook calls the binary by the path it was set up with, so a PATH the user rearranges
 * later (or a venv with its own "pyenvhook" on it) cannot swap in another program. That path
 * is the one the user installed, a symlink included: a versioned install (Homebrew's
 * Cellar, a ~/.local/opt/pyenvhook-1.2 with a link to it) upgraded under an open shell then
 * keeps working. Only when that name does not lead to this very program is the resolved file
 * used. */
static char *self_path(const char *argv0)
{
        char *self = compat_self_exe();
        char *named = as_invoked(argv0);
        struct stat a, b;
        if (self) {
                if (named && stat(named, &a) == 0 && stat(self, &b) == 0 && a.st_dev == b.st_dev &&
                    a.st_ino == b.st_ino) {
                        free(self);
                        return named;
                }
                free(named);
                return self;
        }
        if (named)
                return named;
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
            {"fish", "add to ~/.config/fish/config.fish: status is-interactive; and pyenvhook "
                     "init fish | source"},
            {"tcsh", "add to ~/.tcshrc: eval `pyenvhook init tcsh`"},
            {"nu", "save it once with pyenvhook init nu | save -f ~/.cache/pyenvhook.nu, then "
                   "add to config.nu: source ~/.cache/pyenvhook.nu"},
        };
        for (size_t i = 0; i < sizeof where / sizeof *where; i++)
                if (strcmp(where[i][0], shell) == 0)
                        info_("init: that is the hook's code, to be run by the shell; %s",
                              where[i][1]);
}

int cmd_init(int argc, char **argv)
{
        const char *name = NULL;
        int prompt = 0, cd = 1;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--prompt") == 0)
                        prompt = 1;
                else if (strcmp(argv[i], "--no-cd") == 0)
                        cd = 0;
                else if (argv[i][0] == '-')
                        return cmd_usage_error("init", "unknown option '%s'", argv[i]);
                else if (name)
                        return cmd_usage_error("init", "unexpected argument '%s'", argv[i]);
                else
                        name = argv[i];
        }
        if (!name)
                return cmd_usage_error("init", "which shell? (%s)", shell_names());
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
            {"@PYENVHOOK_CD@", cd ? "1" : ""},
        };
        struct buf b = {0};
        render(&b, sh, sh->hook, vars, sizeof vars / sizeof *vars);
        free(self);
        if (sh->init) {
                struct buf line = {0};
                struct err e;
                int rc = sh->init(&b, &line, &e);
                buf_free(&b);
                if (rc < 0) {
                        buf_free(&line);
                        warnx_("init: %s", e.msg);
                        return EXIT_FAIL;
                }
                b = line;
        }
        if (cmd_write(&b, "init") != EXIT_OK)
                return EXIT_FAIL;
        if (isatty(STDOUT_FILENO))
                setup_hint(sh->name);
        return EXIT_OK;
}
