#ifndef PYENVHOOK_ERR_H
#define PYENVHOOK_ERR_H

/* Library code fills one of these and returns a negative code; only cmd_* and main print it,
 * so each failure is reported once, with its context, at the edge. */
struct err {
        char msg[1024];
};

/* A failure that the message says all of, with no errno of its own. Not -1, which is -EPERM:
 * callers tell strict.h's ownership refusal (-EPERM) from other failures, and a broken file
 * returning -1 read as "another account could write it" and was passed over in silence. Out
 * of the range of errno values, so it can be nothing else. */
#define ERR_FAIL (-4096)

__attribute__((format(printf, 3, 4))) int err_set(struct err *e, int code, const char *fmt, ...);
void err_print(const struct err *e);
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An informational line ("pyenvhook: ..." on stderr): what happened, not what went wrong.
 * --quiet sets err_quiet, which silences these and nothing else. */
void info_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int err_quiet;

struct buf;
/* When set, every line above goes here, whole ("pyenvhook: ...\n"), instead of to stderr:
 * export --hold hands them to the shell, to be shown only if a prompt follows. */
extern struct buf *err_held;

#endif
