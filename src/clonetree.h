#ifndef PYENVHOOK_CLONETREE_H
#define PYENVHOOK_CLONETREE_H

#include <stddef.h>

#include "err.h"
#include "wheel_build.h"

/* Private copies (fsx_clone_at) of the n files v names, each relative to from, at the same
 * names under to (an existing directory), with the directories they need made first. Each
 * directory is opened once and its files are named relative to it, so the kernel walks no
 * long path per file; where the machine has two processors, two threads copy, each its own
 * directories (creating files in one directory is serialised by the file system anyway). 0,
 * -ESTALE when a source is not as recorded, or another negative errno; e names the file. */
int clone_tree(const char *from, const char *to, const struct wheel_file *v, size_t n,
               struct err *e);

#endif
