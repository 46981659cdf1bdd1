#ifndef PYENVHOOK_PROC_H
#define PYENVHOOK_PROC_H

#include <stddef.h>

#include "err.h"

/* Runs argv (argv[0] an absolute path; no PATH search) in cwd (NULL: ours) and collects at
 * most max bytes of its stdout into *out (NUL-terminated, malloc'd; NULL when out is NULL, and
 * stdout is then inherited). stderr is inherited unless quiet. *status is the exit status, or
 * 128 + the signal that ended it. Returns 0 when the program ran at all. */
int proc_run(char *const argv[], const char *cwd, int quiet, char **out, size_t max, int *status,
             struct err *e);

/* A program asked a question with a time limit (an interpreter's probe): it runs in a process
 * group of its own with /dev/null as stdin, so that the whole group can be killed at the limit
 * and nothing of it outlives us. */
struct proc_ask {
        char *out;       /* its stdout, at most max bytes (malloc'd) */
        char *errtail;   /* the last line of its stderr, without control bytes (malloc'd) */
        int status;      /* as proc_run's */
        int timed_out;   /* killed at the limit */
        int interrupted; /* a signal (SIGINT, SIGTERM, SIGHUP) came to us while it ran */
};
/* Returns 0 when it ran to its end; -ETIMEDOUT when it was killed at timeout_ms; -EINTR when a
 * signal came to us, after killing it (the signal is then delivered to us as it would have
 * been: a default action ends us, a caller's handler runs). */
int proc_ask(char *const argv[], size_t max, int timeout_ms, struct proc_ask *a, struct err *e);
void proc_ask_free(struct proc_ask *a);

#endif
