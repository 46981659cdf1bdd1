#ifndef PYENVHOOK_CONFIG_H
#define PYENVHOOK_CONFIG_H

#include <stddef.h>

#include "err.h"

/* User settings from $XDG_CONFIG_HOME/pyenvhook/config.json (~/.config when unset). */
struct config {
        /* A directory with .venv/pyvenv.cfg and no marker counts as a project. */
        int implicit_venv;
};

#define CONFIG_MAX (64 * 1024)

/* Fills c with the defaults, then the file's values. A missing file is not an error; one that
 * another account could write is (strict.h), and its values are not used. */
int config_load(struct config *c, struct err *e);
/* The file's path, malloc'd; NULL with a message when neither XDG_CONFIG_HOME nor HOME is set. */
char *config_path(struct err *e);

/* The directories listed in the settings' "safe_directories": where the file system cannot
 * show owners (WSL's /mnt/c, some network mounts), the user vouches for what is at and below
 * each, as git's safe.directory does. Resolved paths, read once per process; an empty list
 * when the settings are missing, unsafe or broken. */
struct safe_dirs {
        char **v;
        size_t n;
};
const struct safe_dirs *config_safe_dirs(void);

#endif
