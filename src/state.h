#ifndef PYENVHOOK_STATE_H
#define PYENVHOOK_STATE_H

/* The calling shell's activation, as its environment tells it. The hook exports
 * _PYENVHOOK_VENV so that child shells and this binary see what pyenvhook put there. */
struct state {
        const char *mark;        /* _PYENVHOOK_VENV: what pyenvhook activated, or NULL */
        const char *virtual_env; /* VIRTUAL_ENV, or NULL */
        int active;              /* mark is set and is still VIRTUAL_ENV */
        int manual;              /* VIRTUAL_ENV is set and is not ours: hands off */
        const char *hook;        /* the shell whose pyenvhook function ran us, or NULL */
        int paused;              /* `pyenvhook off` is in force in that shell */
};

#define STATE_VENV_VAR "_PYENVHOOK_VENV"

void state_read(struct state *s);

#endif
