#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

static volatile sig_atomic_t ask_signal;

static void on_ask_signal(int sig)
{
        ask_signal = sig;
}

static long long now_ms(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

#define ERR_KEEP 4096

/* Keeps the last ERR_KEEP bytes of what was read: the end of a traceback says what failed. */
static void keep_tail(char *tail, size_t *n, const char *data, size_t len)
{
        if (len >= ERR_KEEP) {
                memcpy(tail, data + len - ERR_KEEP, ERR_KEEP);
                *n = ERR_KEEP;
                return;
        }
        if (*n + len > ERR_KEEP) {
                size_t drop = *n + len - ERR_KEEP;
                memmove(tail, tail + drop, *n - drop);
                *n -= drop;
        }
        memcpy(tail + *n, data, len);
        *n += len;
}

/* The last non-blank line, with bytes a terminal would act on replaced. */
static char *last_line(const char *tail, size_t n)
{
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
                n--;
        size_t start = n;
        while (start > 0 && tail[start - 1] != '\n')
                start--;
        if (n - start > 200)
                n = start + 200;
        char *s = strndup(tail + start, n - start);
        for (char *p = s; p && *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                        *p = '?';
        return s;
}

static const int ask_sigs[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIGS (sizeof ask_sigs / sizeof *ask_sigs)

int proc_ask(char *const argv[], size_t max, int timeout_ms, struct proc_ask *a, struct err *e)
{
        memset(a, 0, sizeof *a);
        int po[2], pe[2];
        if (pipe(po) != 0)
                return err_set(e, -errno, "cannot make a pipe: %s", strerror(errno));
        if (pipe(pe) != 0) {
                int rc = -errno;
                close(po[0]);
                close(po[1]);
                return err_set(e, rc, "cannot make a pipe: %s", strerror(-rc));
        }
        for (int i = 0; i < 2; i++) {
                fcntl(po[i], F_SETFD, FD_CLOEXEC);
                fcntl(pe[i], F_SETFD, FD_CLOEXEC);
        }
        a->out = malloc(max + 1);
        char *tail = malloc(ERR_KEEP);
        if (!a->out || !tail) {
                free(tail);
                close(po[0]);
                close(po[1]);
                close(pe[0]);
                close(pe[1]);
                proc_ask_free(a);
                return err_set(e, -ENOMEM, "out of memory");
        }
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t def;
        sigemptyset(&def);
        for (size_t i = 0; i < NSIGS; i++)
                sigaddset(&def, ask_sigs[i]);
        sigaddset(&def, SIGPIPE);
        posix_spawnattr_setsigdefault(&attr, &def);
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
        /* In its own group the terminal's Ctrl-C no longer reaches it: we take the signal,
         * end the group, and hand the signal on. */
        struct sigaction old[NSIGS], sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_ask_signal;
        sigemptyset(&sa.sa_mask);
        int mine[NSIGS] = {0};
        ask_signal = 0;
        for (size_t i = 0; i < NSIGS; i++)
                if (sigaction(ask_sigs[i], NULL, &old[i]) == 0 && old[i].sa_handler != SIG_IGN)
                        mine[i] = sigaction(ask_sigs[i], &sa, NULL) == 0;
        pid_t pid;
        int src = posix_spawn(&pid, argv[0], &fa, &attr, argv, environ);
        posix_spawnattr_destroy(&attr);
        posix_spawn_file_actions_destroy(&fa);
        close(po[1]);
        close(pe[1]);
        int rc = 0;
        if (src != 0) {
                rc = err_set(e, -src, "cannot run %s: %s", argv[0], strerror(src));
                goto done;
        }
        long long deadline = now_ms() + timeout_ms;
        size_t n = 0, nt = 0;
        int toolong = 0, killed = 0;
        struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
        while ((fds[0].fd >= 0 || fds[1].fd >= 0) && !killed) {
                long long left = deadline - now_ms();
                if (ask_signal || left <= 0) {
                        kill(-pid, SIGKILL);
                        killed = 1;
                        break;
                }
                int r = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
                if (r <= 0)
                        continue; /* EINTR or a time-out: the checks above decide */
                for (int i = 0; i < 2; i++) {
                        if (fds[i].fd < 0 || !fds[i].revents)
                                continue;
                        char buf[4096];
                        ssize_t got = read(fds[i].fd, buf, sizeof buf);
                        if (got < 0 && errno == EINTR)
                                continue;
                        if (got <= 0) {
                                fds[i].fd = -1;
                                continue;
                        }
                        if (i == 1) {
                                keep_tail(tail, &nt, buf, (size_t)got);
                        } else if (n + (size_t)got <= max) {
                                memcpy(a->out + n, buf, (size_t)got);
                                n += (size_t)got;
                        } else {
                                toolong = 1;
                        }
                }
        }
        a->out[n] = '\0';
        /* Its output is closed; it may still be running (or have left children behind). */
        int ws = 0;
        for (int nap = 1;;) {
                pid_t w = waitpid(pid, &ws, killed ? 0 : WNOHANG);
                if (w == pid)
                        break;
                if (w < 0 && errno != EINTR) {
                        ws = 0;
                        break;
                }
                if (w == 0 && (ask_signal || now_ms() >= deadline)) {
                        kill(-pid, SIGKILL);
                        killed = 1;
                        continue;
                }
                if (w == 0) {
                        struct timespec ts = {0, nap * 1000000L};
                        nanosleep(&ts, NULL);
                        nap = nap < 16 ? nap * 2 : nap;
                }
        }
        a->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
        a->errtail = last_line(tail, nt);
        if (ask_signal) {
                a->interrupted = 1;
                rc = err_set(e, -EINTR, "%s: interrupted", argv[0]);
        } else if (killed) {
                a->timed_out = 1;
                rc = err_set(e, -ETIMEDOUT, "%s: no answer within %d.%d s", argv[0],
                             timeout_ms / 1000, timeout_ms % 1000 / 100);
        } else if (toolong) {
                rc = err_set(e, -EFBIG, "%s: printed more than %zu bytes", argv[0], max);
        }
done:
        free(tail);
        close(po[0]);
        close(pe[0]);
        int sig = ask_signal;
        for (size_t i = 0; i < NSIGS; i++)
                if (mine[i])
                        sigaction(ask_sigs[i], &old[i], NULL);
        if (sig)
                raise(sig);
        return rc;
}

void proc_ask_free(struct proc_ask *a)
{
        free(a->out);
        free(a->errtail);
        a->out = a->errtail = NULL;
}
