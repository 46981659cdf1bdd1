#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Reads the pipe to its end even past max, so the child never blocks on a full pipe; what is
 * beyond max is dropped and reported as too large. */
static int drain(int fd, char **out, size_t max, int *toolong)
{
        char *data = malloc(max + 1);
        if (!data)
                return -ENOMEM;
        size_t n = 0;
        char sink[4096];
        for (;;) {
                char *to = n < max ? data + n : sink;
                size_t room = n < max ? max - n : sizeof sink;
                ssize_t r = read(fd, to, room);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        break;
                if (n < max)
                        n += (size_t)r;
                else
                        *toolong = 1;
        }
        data[n] = '\0';
        *out = data;
        return 0;
}

int proc_run(char *const argv[], const char *cwd, int quiet, char **out, size_t max, int *status,
             struct err *e)
{
        int pipefd[2] = {-1, -1};
        if (out) {
                *out = NULL;
                if (pipe(pipefd) != 0)
                        return err_set(e, -errno, "cannot make a pipe: %s", strerror(errno));
                /* Only the child's dup2'd stdout may stay open across exec. */
                fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
                fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
        }
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        if (out)
                posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        if (quiet)
                posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        /* posix_spawn_file_actions_addchdir_np is glibc 2.29+; a pre-exec chdir through the
         * shell would cost a process, so the caller's cwd is changed around the spawn. */
        int back = -1;
        if (cwd) {
                back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (back < 0 || chdir(cwd) != 0) {
                        int rc = -errno;
                        if (back >= 0)
                                close(back);
                        posix_spawn_file_actions_destroy(&fa);
                        if (out) {
                                close(pipefd[0]);
                                close(pipefd[1]);
                        }
                        return err_set(e, rc, "%s: %s", cwd, strerror(-rc));
                }
        }
        /* The child gets default signal handling even if we catch SIGINT ourselves. */
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t def;
        sigemptyset(&def);
        sigaddset(&def, SIGINT);
        sigaddset(&def, SIGTERM);
        sigaddset(&def, SIGHUP);
        sigaddset(&def, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &def);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
        pid_t pid;
        int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv, environ);
        posix_spawnattr_destroy(&attr);
        posix_spawn_file_actions_destroy(&fa);
        if (back >= 0) {
                if (fchdir(back) != 0 && rc == 0)
                        rc = errno;
                close(back);
        }
        if (out)
                close(pipefd[1]);
        if (rc != 0) {
                if (out)
                        close(pipefd[0]);
                return err_set(e, -rc, "cannot run %s: %s", argv[0], strerror(rc));
        }
        int toolong = 0, drc = 0;
        if (out) {
                drc = drain(pipefd[0], out, max, &toolong);
                close(pipefd[0]);
        }
        int ws;
        while (waitpid(pid, &ws, 0) < 0)
                if (errno != EINTR) {
                        ws = 0;
                        break;
                }
        *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
        if (drc < 0)
                return err_set(e, drc, "out of memory");
        if (toolong) {
                free(*out);
                *out = NULL;
                return err_set(e, -EFBIG, "%s: printed more than %zu bytes", argv[0], max);
        }
        return 0;
}
