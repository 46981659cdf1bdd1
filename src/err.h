#ifndef PYENVHOOK_ERR_H
#define PYENVHOOK_ERR_H

/* Library code fills one of these and returns a negative code; only cmd_* and main print it,
 * so each failure is reported once, with its context, at the edge. */
struct err {
        char msg[1024];
};

#define ERR_FAIL (-1)

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
