#ifndef PYENVHOOK_STRICT_H
#define PYENVHOOK_STRICT_H

#include "err.h"
#include "project.h"

/* The checks ssh's StrictModes makes, for what activation would put in front of PATH: the
 * marker, the venv and its bin/ must belong to the user or root and be writable by no one
 * else (a user private group aside). Otherwise another user could change what runs when
 * this user types a command. And the venv's path must not hold a ':', which would split its
 * PATH entry. Returns 0, or a negative code with a message that names the file and the fix. */
int strict_check_project(const struct project *p, struct err *e);

#endif
