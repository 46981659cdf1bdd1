#ifndef PYENVHOOK_CONFIG_H
#define PYENVHOOK_CONFIG_H

#include "err.h"

/* User settings from $XDG_CONFIG_HOME/pyenvhook/config.json (~/.config when unset). */
struct config {
        /* A directory with .venv/pyvenv.cfg and no marker counts as a project. */
        int implicit_venv;
};

#define CONFIG_MAX (64 * 1024)

/* Fills c with the defaults, then the file's values. A missing file is not an error. */
int config_load(struct config *c, struct err *e);
/* The file's path, malloc'd; NULL with a message when neither XDG_CONFIG_HOME nor HOME is set. */
char *config_path(struct err *e);

#endif
