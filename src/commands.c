#include "cmd.h"

#include "buf.h"
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Sorted by name, as git's commands[] is; `pyenvhook help` lists it in this order. */
const struct cmd commands[] = {
    {"allow", cmd_allow, "[DIR]", "trust the project at or above DIR (here) to activate its venv",
     0, NULL},
    {"create", cmd_create,
     "[DIR] [--python X] [--system-site-packages] [--prompt P] [--without-pip] [--force]",
     "make the project's venv (native; no python -m venv) and record it in the marker", 0,
     "DIR\tthe project (made if missing); else the project above, else here\n"
     "--python X\tthe interpreter: a version (3.12), a name or a path\n"
     "--system-site-packages\tlet the venv see the interpreter's own packages\n"
     "--prompt P\tthe venv's name in prompts\n"
     "--without-pip\tno pip in the venv\n"
     "--force\treplace the venv that is there\n"},
    {"deny", cmd_deny, "[DIR]", "stop trusting the project at or above DIR (here)", 0, NULL},
    {"env", cmd_env, "[-C DIR] [--no-project-ok] --json | SHELL",
     "print what the hook would set and unset in DIR (here), as SHELL's code or JSON", 0,
     "-C DIR\tdecide for DIR instead of the current directory\n"
     "--json\tone JSON object: venv, prompt, bin, set, unset\n"
     "SHELL\tbash, zsh or fish: code to eval\n"
     "--no-project-ok\tno project: print what leaving would do, and succeed\n"},
    {"exec", cmd_exec, "[-C DIR] [--script] [--no-project-ok] [--] CMD [ARG...]",
     "run CMD with the venv the hook would activate in DIR (here)", 0,
     "-C DIR\tdecide for DIR; CMD still runs in the current directory\n"
     "--script\tdecide for the directory of CMD's first argument, the script (for shebang "
     "lines); -C is then relative to it\n"
     "--no-project-ok\tno project: run CMD unchanged instead of failing\n"},
    {"export", cmd_export, "SHELL",
     "print the code that moves the shell to the right venv (the hook runs this)", 1, NULL},
    {"help", cmd_help, "[COMMAND]", "show the commands, or one command's help", 0, NULL},
    {"init", cmd_init, "SHELL [--prompt] [--no-cd]", "print the hook for bash, zsh or fish", 0,
     "SHELL\tbash, zsh or fish\n"
     "--prompt\tput (name) in front of the prompt, as activate does\n"
     "--no-cd\tdecide at the prompt only, not on cd, pushd, popd\n"},
    {"list", cmd_list, "[--json]", "show the projects you allowed", 0, "--json\tone JSON object\n"},
    {"off", cmd_off, "", "pause the hook in this shell and deactivate what it activated", 0, NULL},
    {"on", cmd_on, "", "resume the hook in this shell", 0, NULL},
    {"prune", cmd_prune, "", "drop allowed projects that are gone", 0, NULL},
    {"python", cmd_python, "list [--json] [--cached] | find REQUEST",
     "show the Python interpreters found, or the one a request picks", 0,
     "list\tthe interpreters on PATH, in pyenv and uv\n"
     "--json\tthe list as one JSON array\n"
     "--cached\tonly what is cached: run no interpreter (for completion)\n"
     "find REQUEST\tthe one that --python REQUEST picks\n"},
    {"quote", cmd_quote, "SHELL STRING...", "print STRINGs quoted for SHELL (for tests)", 1, NULL},
    {"status", cmd_status, "[--json]", "say what is active here and why", 0,
     "--json\tone JSON object\n"},
    {"use", cmd_use, "[VENV]",
     "adopt an existing venv: record it in the marker, trust it, activate it", 0,
     "VENV\tthe venv (a path, or ~/...); without it, the only venv directly under the project\n"},
    {"which", cmd_which, "[-C DIR] [--no-project-ok] [CMD]",
     "print the file CMD (python) runs in the venv the hook would activate in DIR (here)", 0,
     "-C DIR\tdecide for DIR instead of the current directory\n"
     "--no-project-ok\tno project: look CMD up on PATH as it is\n"},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const struct cmd *cmd_find(const char *name)
{
        for (const struct cmd *c = commands; c->name; c++)
                if (strcmp(c->name, name) == 0)
                        return c;
        return NULL;
}

/* Edits from a to b (insert, delete, substitute, or swap two neighbours: the optimal string
 * alignment distance, which git's help.c weighs too); capped at 3 past 8 letters, enough for
 * "close or not". */
static size_t distance(const char *a, const char *b)
{
        enum { MAX = 16 };
        size_t n = strlen(a), m = strlen(b);
        if (n >= MAX || m >= MAX)
                return MAX;
        size_t d[MAX + 1][MAX + 1];
        for (size_t i = 0; i <= n; i++)
                d[i][0] = i;
        for (size_t j = 0; j <= m; j++)
                d[0][j] = j;
        for (size_t i = 1; i <= n; i++) {
                for (size_t j = 1; j <= m; j++) {
                        size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
                        if (d[i - 1][j] + 1 < best)
                                best = d[i - 1][j] + 1;
                        if (d[i][j - 1] + 1 < best)
                                best = d[i][j - 1] + 1;
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                            d[i - 2][j - 2] + 1 < best)
                                best = d[i - 2][j - 2] + 1;
                        d[i][j] = best;
                }
        }
        return d[n][m];
}

int cmd_not_found(const char *name)
{
        /* the commands --help shows that are nearest, if near at all: at most two edits, and
         * no more than half the name's letters (so "x" and "foo" suggest nothing) */
        size_t best = 3;
        for (const struct cmd *c = commands; c->name; c++) {
                size_t d = c->hidden ? best : distance(name, c->name);
                if (d < best && 2 * d <= strlen(name))
                        best = d;
        }
        struct buf b = {0};
        if (best < 3) {
                const char *sep = "; did you mean ";
                for (const struct cmd *c = commands; c->name; c++) {
                        if (c->hidden || distance(name, c->name) != best)
                                continue;
                        buf_printf(&b, "%s'%s'", sep, c->name);
                        sep = " or ";
                }
                buf_adds(&b, "? (see 'pyenvhook --help')");
        }
        const char *hint = best < 3 ? buf_str(&b) : NULL;
        warnx_("'%s' is not a command%s", name, hint ? hint : "; see 'pyenvhook --help'");
        buf_free(&b);
        return EXIT_USAGE;
}

int cmd_usage(const char *name)
{
        const struct cmd *c = cmd_find(name);
        fprintf(stderr, "usage: pyenvhook %s%s%s\n", name, c && *c->usage ? " " : "",
                c ? c->usage : "");
        return EXIT_USAGE;
}

int cmd_usage_error(const char *name, const char *fmt, ...)
{
        char msg[1024];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        warnx_("%s: %s", name, msg);
        return cmd_usage(name);
}

int cmd_bad_arg(const char *name, const char *arg)
{
        if (arg[0] == '-' && arg[1])
                return cmd_usage_error(name, "unknown option '%s'", arg);
        return cmd_usage_error(name, "unexpected argument '%s'", arg);
}

int cmd_write(struct buf *out, const char *name)
{
        int oom = out->oom;
        int rc = buf_write_stdout(out);
        int saved = errno;
        buf_free(out);
        if (rc == 0)
                return EXIT_OK;
        if (oom)
                warnx_("%s: out of memory", name);
        else if (saved != EPIPE)
                warnx_("%s: cannot write: %s", name, strerror(saved));
        return EXIT_FAIL;
}

int cmd_json_opt(int argc, char **argv, const char *name, int *json)
{
        *json = 0;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--json") != 0)
                        return cmd_bad_arg(name, argv[i]);
                *json = 1;
        }
        return 0;
}
