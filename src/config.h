#ifndef PYENVHOOK_CONFIG_H
#define PYENVHOOK_CONFIG_H

#include <stddef.h>

#include "err.h"

/* The conventions (conv.h), in the order conv.c tries them; each has an on/off key in the
 * settings' "conventions" object, named by conv_keys. */
enum conv_id {
        CONV_PYTHON_ENVS,      /* "python_envs": PEP 832 .python-envs list */
        CONV_VENV_FILE,        /* "venv_file": PEP 832 .venv file holding a path */
        CONV_VENV_NAME,        /* "venv_name": .venv file holding a name in $WORKON_HOME */
        CONV_PYENV_VIRTUALENV, /* "pyenv_virtualenv": .python-version naming a venv */
        CONV_POETRY,           /* "poetry" */
        CONV_PIPENV,           /* "pipenv" */
        CONV_PDM,              /* "pdm" */
        CONV_UV,               /* "uv": UV_PROJECT_ENVIRONMENT in a uv project */
        CONV_COUNT
};
extern const char *const conv_keys[CONV_COUNT];

/* User settings from $XDG_CONFIG_HOME/pyenvhook/config.json (~/.config when unset). */
struct config {
        /* A directory with .venv/pyvenv.cfg and no marker counts as a project. */
        int implicit_venv;
        /* Conventions turned off ("conventions": {"poetry": false}); all on by default, so a
         * zeroed array is the default. */
        unsigned char conv_off[CONV_COUNT];
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
