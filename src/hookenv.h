#ifndef PYENVHOOK_HOOKENV_H
#define PYENVHOOK_HOOKENV_H

#include "target.h"

/* The environment the hook gives at the prompt, for the commands that run where no prompt
 * is (exec, env, which): the same decision (target.h), then the same changes that the hook's
 * _pyenvhook_leave and _pyenvhook_enter make, applied to this process's own environment. */

/* The variables those changes touch, NULL-terminated: what `env` reports. */
extern const char *const hookenv_vars[];

struct hookenv_opts {
        const char *dir; /* decide here instead of the working directory; NULL: there */
        int none_ok;     /* no project: leave what the hook would leave, and succeed */
};

/* Decides as the hook would (the caller frees t) and changes the environment to match: a venv
 * pyenvhook activated in the calling shell (its _PYENVHOOK_* variables) is left first, so
 * PATH never holds two. Sets *changed when the hook would have touched the variables. Returns
 * EXIT_OK, or EXIT_FAIL having said why in one line naming cmd: untrusted (the hook's own
 * line), no project (unless none_ok), no venv yet, a broken marker or venv. A venv activated
 * by hand is left as it is, with a note, as the hook leaves it. */
int hookenv_apply(const char *cmd, const struct hookenv_opts *o, struct target *t, int *changed);

#endif
