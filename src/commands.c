#include "cmd.h"

#include "buf.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Sorted by name, as git's commands[] is; `pyenvhook help` lists it in this order. */
const struct cmd commands[] = {
    {"allow", cmd_allow, "[DIR]", "trust the project at or above DIR (here) to activate its venv",
     0},
    {"create", cmd_create,
     "[DIR] [--python X] [--system-site-packages] [--prompt P] [--without-pip] [--force]",
     "make the project's venv (native; no python -m venv) and record it in the marker", 0},
    {"deny", cmd_deny, "[DIR]", "stop trusting the project at or above DIR (here)", 0},
    {"export", cmd_export, "SHELL",
     "print the code that moves the shell to the right venv (the hook runs this)", 1},
    {"help", cmd_help, "[COMMAND]", "show the commands, or one command's usage", 0},
    {"init", cmd_init, "SHELL [--prompt]", "print the hook for bash, zsh or fish", 0},
    {"list", cmd_list, "[--json]", "show the projects you allowed", 0},
    {"off", cmd_off, "", "pause the hook in this shell and deactivate what it activated", 0},
    {"on", cmd_on, "", "resume the hook in this shell", 0},
    {"prune", cmd_prune, "", "drop allowed projects that are gone", 0},
    {"python", cmd_python, "list [--json] [--cached] | find REQUEST",
     "show the Python interpreters found, or the one a request picks", 0},
    {"quote", cmd_quote, "SHELL STRING...", "print STRINGs quoted for SHELL (for tests)", 1},
    {"status", cmd_status, "[--json]", "say what is active here and why", 0},
    {NULL, NULL, NULL, NULL, 0},
};

const struct cmd *cmd_find(const char *name)
{
        for (const struct cmd *c = commands; c->name; c++)
                if (strcmp(c->name, name) == 0)
                        return c;
        return NULL;
}

int cmd_usage(const char *name)
{
        const struct cmd *c = cmd_find(name);
        fprintf(stderr, "usage: pyenvhook %s%s%s\n", name, c && *c->usage ? " " : "",
                c ? c->usage : "");
        return EXIT_USAGE;
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
                        return cmd_usage(name);
                *json = 1;
        }
        return 0;
}
