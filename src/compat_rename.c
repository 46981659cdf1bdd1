/* Atomic renames that POSIX lacks: Linux's renameat2 (3.15+, glibc 2.28+). Elsewhere, and
 * in a portable build, -ENOSYS sends replace.c to its two-rename way with the journal. */
#define _GNU_SOURCE
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

#if defined(__linux__) && !PYENVHOOK_PORTABLE && defined(RENAME_EXCHANGE)
int compat_rename_noreplace(const char *from, const char *to)
{
        return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0 ? 0 : -errno;
}

int compat_rename_exchange(const char *a, const char *b)
{
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0 ? 0 : -errno;
}
#else
int compat_rename_noreplace(const char *from, const char *to)
{
        (void)from;
        (void)to;
        return -ENOSYS;
}

int compat_rename_exchange(const char *a, const char *b)
{
        (void)a;
        (void)b;
        return -ENOSYS;
}
#endif
