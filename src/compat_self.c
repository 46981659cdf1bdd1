/* The running program's own file, where the system says it: Linux's /proc/self/exe.
 * Elsewhere, and in a portable build, NULL sends cmd_init.c to argv[0] and PATH, as a shell
 * found the program. (macOS has _NSGetExecutablePath and FreeBSD a sysctl; neither is built
 * or tested here, so neither is used.) */
#include "compat.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if PYENVHOOK_PORTABLE
const int compat_portable = 1;
#else
const int compat_portable = 0;
#endif

char *compat_self_exe(void)
{
#if defined(__linux__) && !PYENVHOOK_PORTABLE
        char buf[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n <= 0)
                return NULL;
        buf[n] = '\0';
        return strdup(buf);
#else
        return NULL;
#endif
}
