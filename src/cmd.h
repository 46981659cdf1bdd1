#ifndef PYENVHOOK_CMD_H
#define PYENVHOOK_CMD_H

#include <stddef.h>

#include "exitcode.h"

struct cmd {
        const char *name;
        int (*fn)(int argc, char **argv); /* argv[0] is the command's name */
        const char *usage;                /* the arguments, after the name */
        const char *summary;
        int hidden; /* called by the hook, not by people: left out of --help */
        /* "OPTION\tWHAT IT DOES" lines, each ending in \n, for `CMD --help`; NULL for none */
        const char *options;
};

/* The table, sorted by name; terminated by a NULL name. */
extern const struct cmd commands[];
const struct cmd *cmd_find(const char *name);
/* Says NAME is not a command, with the nearest commands as git does ("did you mean
 * 'status'?"); returns EXIT_USAGE. */
int cmd_not_found(const char *name);
/* Prints "usage: pyenvhook NAME ARGS" to stderr and returns EXIT_USAGE. */
int cmd_usage(const char *name);
/* Says what was wrong ("pyenvhook: NAME: ..."), then the usage line; returns EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int cmd_usage_error(const char *name, const char *fmt, ...);
/* An option or argument a command does not take: unknown option 'X' or unexpected argument
 * 'X', then the usage line; returns EXIT_USAGE. */
int cmd_bad_arg(const char *name, const char *arg);
/* One command's help, on stdout: usage, summary, options. */
int cmd_help_one(const struct cmd *c);
struct buf;
/* Writes out, whole, to stdout and frees it: EXIT_OK, or EXIT_FAIL with one line naming the
 * command; a closed pipe fails quietly (the reader went away: nothing to tell it). */
int cmd_write(struct buf *out, const char *name);
/* For commands whose one option is --json: sets *json; 0, or the usage error's status. */
int cmd_json_opt(int argc, char **argv, const char *name, int *json);

/* The options exec, env and which share: when argv[*i] is -C DIR or --no-project-ok, takes
 * it (and DIR, moving *i past it) into o and returns 1; returns 0 for any other argument;
 * for -C without DIR says so, naming cmd, and returns the usage error's exit status. */
struct hookenv_opts;
int cmd_hookenv_option(const char *cmd, int argc, char **argv, int *i, struct hookenv_opts *o);

int cmd_allow(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_deny(int argc, char **argv);
int cmd_env(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_off(int argc, char **argv);
int cmd_on(int argc, char **argv);
int cmd_prune(int argc, char **argv);
int cmd_python(int argc, char **argv);
int cmd_quote(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_use(int argc, char **argv);
int cmd_which(int argc, char **argv);

#endif
