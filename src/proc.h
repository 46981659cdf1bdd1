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

#endif
