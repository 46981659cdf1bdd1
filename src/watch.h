#ifndef PYENVHOOK_WATCH_H
#define PYENVHOOK_WATCH_H

#include "err.h"

/* The files a decision rests on, for the hook to watch with builtins alone, at every idle
 * prompt. No shell has a builtin that reads a file's mtime to the nanosecond, but bash, zsh
 * and fish all compare two files' mtimes (test -nt). So for a file the binary leaves a stamp:
 * an empty file whose mtime is a copy of the file's. While `F -nt S` is false, F is as it was
 * when the decision was made: an edit in place, or a new file renamed over it (git, most
 * editors), makes it newer. A file whose appearance would change the answer (the venv's
 * pyvenv.cfg, while there is no venv yet) is watched with -e alone.
 *
 * The shells differ on a missing file, and each hook asks the question its shell answers in
 * the fewest stats. bash and fish call a missing file older than any: `F -nt S` is true when
 * S is missing, so a stamp reached through the venv (cmd_export's via_venv) also tells that
 * the venv is gone, and a deleted F needs its own -e. zsh calls any comparison with a missing
 * file false, so its stamps are 1 ns newer than their file (shell.h's stamp_after) and the
 * hook asks `S -nt F`, which is false once F is edited, replaced or deleted.
 *
 * Three files can be watched this way: the marker, the venv's pyvenv.cfg, so that a venv
 * removed and made again (a new pyvenv.cfg is newer) is noticed at the next prompt, and the
 * project's directory itself, whose mtime changes whenever a name is added to it or taken
 * away: so a file that would outrank the one that decided (a marker pulled in beside a bare
 * .venv) is noticed too, at the cost of one run of the binary after any other name there
 * came or went.
 *
 * A stamp's name holds its mtime, so it never changes once written and any number of shells
 * can share it. Stamps live in the cache: losing them only costs one more run of the binary. */

#define WATCH_FILES 3

struct watch {
        char *file[WATCH_FILES]; /* with its stamp: changed when file -nt stamp, or gone */
        char *stamp[WATCH_FILES];
        char *appear; /* absent now: changed when it exists */
};

/* Watches file: by a stamp when it exists and a slot of file[] is free, else for its
 * appearance when it is absent and no appearance is watched yet. after: the stamp is 1 ns
 * newer than the file (stamp_after). 0, or a negative code with a message; w stays usable
 * either way. */
int watch_add(struct watch *w, const char *file, int after, struct err *e);
void watch_free(struct watch *w);

#endif
