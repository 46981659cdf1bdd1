#include "err.h"

#include <stdarg.h>
#include <stdio.h>

#include "buf.h"
#include "display.h"

int err_set(struct err *e, int code, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        return code;
}

/* Messages name files, and file names may hold anything: each message goes out as one line
 * with control characters made visible (see display.h). */
struct buf *err_held;

static void put_line(const char *msg)
{
        if (err_held) {
                buf_adds(err_held, "pyenvhook: ");
                buf_add_shown(err_held, msg);
                buf_addc(err_held, '\n');
                return;
        }
        struct buf b = {0};
        buf_adds(&b, "pyenvhook: ");
        buf_add_shown(&b, msg);
        buf_addc(&b, '\n');
        const char *s = buf_str(&b);
        fputs(s ? s : "pyenvhook: out of memory\n", stderr);
        buf_free(&b);
}

void err_print(const struct err *e)
{
        put_line(e->msg);
}

void warnx_(const char *fmt, ...)
{
        char msg[8192];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        put_line(msg);
}

int err_quiet;

void info_(const char *fmt, ...)
{
        if (err_quiet)
                return;
        /* shown as warnings are: these name files too */
        char msg[8192];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        put_line(msg);
}
