#ifndef PYENVHOOK_WATCH_H
#define PYENVHOOK_WATCH_H

#include "err.h"

/* The files a decision rests on, for the hook to watch with builtins alone, at every idle
 * prompt. No shell has a builtin that reads a file's mtime to the nanosecond, but bash, zsh
 * and fish all compare two files' mtimes (test -nt). So for the file the binary leaves a
 * stamp: an empty file whose mtime is a copy of the file's. While `F -nt S` is false, F is as
 * it was when the decision was made: an edit in place, or a new file renamed over it (git,
 * most editors), makes it newer. A file whose appearance would change the answer (the
 * venv's pyvenv.cfg, while there is no venv yet) is watched with -e alone.
 *
 * The idle prompt pays for this in stats, and on this project's machine one stat costs as
 * much as the rest of the idle test: so it makes one comparison (two stats) and, only while
 * there is no venv, one -e. A file deleted (-nt is false then) is seen by the hook's slower
 * path, which runs after every cd and also tests -e.
 *
 * A stamp's name holds the file's mtime, so it never changes once written and any number of
 * shells can share it. Stamps live in the cache: losing them only costs one more run of the
 * binary (in bash and fish, where -nt is true when the stamp is missing). */

struct watch {
        char *file; /* with its stamp: changed when file -nt stamp, or file is gone */
        char *stamp;
        char *appear; /* absent now: changed when it exists */
};

/* Watches file: by its stamp when it exists and no file is watched yet, else for its
 * appearance when it is absent and no appearance is watched yet. 0, or a negative code with
 * a message; w stays usable either way. */
int watch_add(struct watch *w, const char *file, struct err *e);
void watch_free(struct watch *w);

#endif
