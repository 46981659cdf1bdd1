#ifndef PYENVHOOK_UNZIP_H
#define PYENVHOOK_UNZIP_H

#include <stddef.h>

#include "err.h"

/* Unpacks a zip archive (a wheel) into the existing directory to, through minizip. Member
 * names that would leave the directory and encrypted members are refused, sizes and CRCs are
 * checked. */
int unzip_to(const char *archive, const char *to, struct err *e);
/* Whether a member name stays inside the directory it is unpacked into. */
int unzip_safe_name(const char *name, size_t len);

#endif
