#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int err_set(struct err *e, int code, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        return code;
}

void err_print(const struct err *e)
{
        fprintf(stderr, "pyenvhook: %s\n", e->msg);
}

void warnx_(const char *fmt, ...)
{
        va_list ap;
        fputs("pyenvhook: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

int err_quiet;

void info_(const char *fmt, ...)
{
        if (err_quiet)
                return;
        va_list ap;
        fputs("pyenvhook: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}
