/* Copies in the kernel: Linux's FICLONE reflinks and copy_file_range (4.5+, glibc 2.27+).
 * Elsewhere, and in a portable build, -ENOSYS sends fsx.c to read and write. */
#define _GNU_SOURCE
#include "compat.h"

#include <errno.h>
#include <unistd.h>

#if defined(__linux__) && !PYENVHOOK_PORTABLE
#include <linux/fs.h>
#include <sys/ioctl.h>
#endif

int compat_reflink(int in, int out)
{
#if defined(__linux__) && !PYENVHOOK_PORTABLE && defined(FICLONE)
        return ioctl(out, FICLONE, in) == 0 ? 0 : -errno;
#else
        (void)in;
        (void)out;
        return -ENOSYS;
#endif
}

ssize_t compat_copy_range(int in, int out, size_t len)
{
#if defined(__linux__) && !PYENVHOOK_PORTABLE
        ssize_t n = copy_file_range(in, NULL, out, NULL, len, 0);
        return n < 0 ? -errno : n;
#else
        (void)in;
        (void)out;
        (void)len;
        return -ENOSYS;
#endif
}
