#include "dirlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static double wait_limit(void)
{
        const char *s = getenv("PYENVHOOK_LOCK_WAIT");
        char *end;
        double w = s && *s ? strtod(s, &end) : -1;
        return s && *s && *end == '\0' && w >= 0 ? w : DIRLOCK_WAIT;
}

static double now(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int dirlock_take(const char *dir, struct err *e)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return err_set(e, -errno < -1 ? -errno : -EIO, "%s: %s", dir, strerror(errno));
        double limit = wait_limit(), start = now();
        int said = 0;
        for (;;) {
                if (flock(fd, LOCK_EX | LOCK_NB) == 0)
                        return fd;
                if (errno != EWOULDBLOCK && errno != EINTR) {
                        close(fd);
                        return -1;
                }
                if (now() - start >= limit)
                        break;
                if (!said) {
                        said = 1;
                        info_("create: another create is running in %s; waiting for it "
                              "(at most %g s)",
                              dir, limit);
                }
                nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
        }
        close(fd);
        return err_set(e, -EBUSY,
                       "another create is running in %s and did not finish within %g s; "
                       "nothing was changed (PYENVHOOK_LOCK_WAIT sets how long to wait)",
                       dir, limit);
}
