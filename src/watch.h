#ifndef PYENVHOOK_WATCH_H
#define PYENVHOOK_WATCH_H

#include "err.h"

/* The files a decision rests on, for the hook to watch with builtins alone. No shell has a
 * builtin that reads a file's mtime to the nanosecond, but bash, zsh and fish all compare two
 * files' mtimes (test -nt, -ot). So for each file the binary leaves a stamp: an empty file
 * whose mtime is a copy of the watched file's. While neither `F -nt S` nor `F -ot S` holds,
 * F is as it was when the decision was made. A file that was absent gets "" for its stamp:
 * in bash and fish `F -nt ""` turns true the moment F appears. (zsh's -nt and -ot are false
 * whenever a file is missing, so its hook tests existence itself.)
 *
 * A stamp's name holds the file's mtime, so it never changes once written and any number of
 * shells can share it; writing a newer one removes the older ones for the same file, and a
 * shell that was watching an old one then sees a change, which it was anyway. Stamps live in
 * the cache: losing them only costs one more run of the binary. */

#define WATCH_MAX 2

struct watch {
        char *file[WATCH_MAX];
        char *stamp[WATCH_MAX];
        int n;
};

/* Adds file to w (no-op past WATCH_MAX), making its stamp. 0, or a negative code with a
 * message; w stays usable either way. */
int watch_add(struct watch *w, const char *file, struct err *e);
void watch_free(struct watch *w);

#endif
