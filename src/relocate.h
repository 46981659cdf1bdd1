#ifndef PYENVHOOK_RELOCATE_H
#define PYENVHOOK_RELOCATE_H

#include "err.h"

/* A venv built at a temporary path and then renamed into place: the scripts a program ran
 * inside it wrote (ensurepip's pip launchers) name the temporary path in their first lines.
 * Rewrites, in each script in bin that starts with "#!", every `from` to `to`. The venv is not
 * yet visible, so the files are simply written anew. */
int relocate_scripts(const char *bin, const char *from, const char *to, struct err *e);

#endif
