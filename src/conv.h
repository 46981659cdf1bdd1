#ifndef PYENVHOOK_CONV_H
#define PYENVHOOK_CONV_H

#include "config.h"
#include "err.h"

/* A convention is another tool's way of saying where a project's venv is (PEP 832's .venv
 * file, a virtualfish/autoswitch name file, pyenv-virtualenv's .python-version, Poetry,
 * Pipenv, PDM). Each is one function that looks at one directory; conv.c tries the enabled
 * ones in a fixed order at each level of the search, after the marker and a .venv directory
 * (project.c). */

#define CONV_FILES_MAX 4
#define CONV_FILE_MAX (16 * 1024 * 1024) /* the largest file trust fingerprints (a lock) */

struct conv_hit {
        char *venv;                  /* absolute path of the venv dir, malloc'd; project.c
                                        then resolves and ownership-checks it (strict.h) */
        char *files[CONV_FILES_MAX]; /* malloc'd absolute paths of the project files that
                                        decided (NULL-terminated; files[0] is what status
                                        names). These are fingerprinted for trust, so a
                                        clone changing any of them needs allow again. */
        const char *tool;            /* static: words a user of that tool recognises, for
                                        status: "Poetry", "PEP 832 .venv file", ... */
        unsigned line;               /* the line of files[0] that decided (1-based), or 0
                                        when the whole file did */
};

/* Looks at DIR only (the caller walks up). 1: DIR is a project of this convention and hit is
 * filled; 0: not one (hit untouched), also when the tool's venv does not exist yet; negative:
 * DIR's files for this convention are broken, e set to one line naming the file and what is
 * wrong, and hit->files[0] may name that file (hit->venv NULL) for the hook to watch; -EPERM (from
 * conv_file_safe) when a file it would read could have been written by another account: the level
 * is then passed over as an unsafe marker is, e saying why. Never runs a program. Reads only files
 * in DIR and the user's own settings for that tool (e.g. Poetry's config.toml/envs.toml). */
typedef int (*conv_fn)(const char *dir, const struct config *cfg, struct conv_hit *hit,
                       struct err *e);
void conv_hit_free(struct conv_hit *h);

/* Before a convention reads a file of the project: 0 when it is safe to read, or missing
 * (the read then says so); -EPERM with e saying why when another account could have
 * written it or a directory above it (strict.h), which the convention returns as is. */
int conv_file_safe(const char *file, struct err *e);

/* Tries each convention the settings leave on, in table order, at dir: the first that says
 * 1 or fails decides, with its return value (a failure keeps the files the convention named
 * in hit, its venv NULL). Files of a hit that another account could have
 * written (strict.h) make it no hit: then 0, with *unsafe set and why filled, as for a
 * marker. */
int conv_find(const char *dir, const struct config *cfg, struct conv_hit *hit, int *unsafe,
              struct err *why, struct err *e);

/* The conventions of conv-core (conv_pyenvs.c, conv_venvfile.c, conv_pyenv.c). */
int conv_python_envs(const char *dir, const struct config *cfg, struct conv_hit *hit,
                     struct err *e);
int conv_venv_file(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_venv_name(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_pyenv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
/* uv (conv_uv.c): no project file decides, so the hit names none (files[0] NULL). */
int conv_uv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
/* 1 when UV_PROJECT_ENVIRONMENT decides dir's venv, so that a .venv there is not it. */
int conv_uv_applies(const char *dir, const struct config *cfg);

#endif
