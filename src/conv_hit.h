#ifndef PYENVHOOK_CONV_HIT_H
#define PYENVHOOK_CONV_HIT_H

#include "buf.h"
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
        /* What in the files decided, for a file that holds more than the choice of venv (a
         * pyproject.toml's dependencies, version, scripts): conv_fact's pairs. Trust then
         * fingerprints these in place of the bytes of each file whose bit (1 << slot in
         * files) is in facts_of, so that a `poetry add` leaves the project trusted and a
         * changed name or venv setting asks again. The other files count byte for byte. */
        struct buf facts;
        unsigned facts_of;
};

/* Looks at DIR only (the caller walks up). 1: DIR is a project of this convention and hit is
 * filled; 0: not one (hit untouched), also when the tool's venv does not exist yet; negative:
 * DIR's files for this convention are broken, e set to one line naming the file and what is
 * wrong, and hit->files[0] may name that file (hit->venv NULL) for the hook to watch; -EPERM
 * (from conv_file_safe) when a file it would read could have been written by another
 * account: the level is then passed over as an unsafe marker is, e saying why.
 * Never runs a program. Reads only files in DIR and the user's own settings for that
 * tool (e.g. Poetry's config.toml/envs.toml). */
typedef int (*conv_fn)(const char *dir, const struct config *cfg, struct conv_hit *hit,
                       struct err *e);
void conv_hit_free(struct conv_hit *h);
/* Records that key's value (NULL: the key is absent) decided, in h->facts, as
 * "key NUL = value NUL", or "key NUL -" when absent: values hold no NUL (the readers refuse
 * one), so no two lists of facts read the same. */
void conv_fact(struct conv_hit *h, const char *key, const char *value);

/* Before a convention reads a file of the project: 0 when it is safe to read, or missing
 * (the read then says so); -EPERM with e saying why when another account could have
 * written it or a directory above it (strict.h), which the convention returns as is. */
int conv_file_safe(const char *file, struct err *e);

#endif
