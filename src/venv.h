#ifndef PYENVHOOK_VENV_H
#define PYENVHOOK_VENV_H

#include "err.h"

#define VENV_CFG_MAX (64 * 1024)

enum { VENV_READY = 0, VENV_ABSENT = 1 };

/* Looks at a venv directory: VENV_READY with *prompt set (malloc'd) to what activate would
 * call it, VENV_ABSENT when nothing is there yet, or a negative code when something that is
 * not a usable venv stands in its place. */
int venv_probe(const char *dir, char **prompt, struct err *e);

/* The value of key in a pyvenv.cfg text ("key = value" lines, as site.py reads them),
 * malloc'd, with the quotes venv's repr() adds removed; NULL when absent. */
char *venv_cfg_get(const char *cfg, const char *key);

#endif
