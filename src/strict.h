#ifndef PYENVHOOK_STRICT_H
#define PYENVHOOK_STRICT_H

#include "err.h"

/* ownwalk.h's checks with the user's "safe_directories" (config.h) vouched for: what every
 * reader of a project's files and venvs calls. Refusals come back as -EPERM with a message
 * naming the place and why; a missing file as -ENOENT, a link loop as -ELOOP. */
int strict_resolve(const char *path, const char *what, int missing_ok, char **out, struct err *e);

/* Whether the user vouched for path in "safe_directories", for ownwalk_unsafe. */
int strict_vouched(const char *path);

#endif
