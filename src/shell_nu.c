/* nushell: its quoting, its calls of the hook's commands, its exports. nushell has no eval,
 * so what export prints is data, not code: one NUON list per call, which the hook reads with
 * `from nuon` and dispatches by the first item (shell/hook.nu). NUON is nushell's own
 * literal syntax, so one quoting serves both the data and the hook file init prints. */
#include "shell.h"

#include <errno.h>
#include <string.h>

#include "display.h"
#include "utf8.h"

/* from tools/embed.c, built out of shell/hook.nu */
extern const char hook_nu[];

/* A double-quoted nushell string: \ and " are escaped, control characters become \n, \r,
 * \t or \u{XX}; other UTF-8 passes as it is ($ and ( are plain in a string that is not
 * $"..."). nushell's strings are UTF-8 and it cannot hold other bytes at all (it does not cd
 * into such a directory either): they are written as they are here, and every caller
 * refuses them before a shell sees them (call_nu, init_nu). */
static void quote_nu(struct buf *b, const char *s)
{
        buf_addc(b, '"');
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        buf_addc(b, '\\'), buf_addc(b, (char)*p);
                else if (*p == '\n')
                        buf_adds(b, "\\n");
                else if (*p == '\r')
                        buf_adds(b, "\\r");
                else if (*p == '\t')
                        buf_adds(b, "\\t");
                else if (*p < 0x20 || *p == 0x7f)
                        buf_printf(b, "\\u{%x}", *p);
                else
                        buf_addc(b, (char)*p);
        }
        buf_addc(b, '"');
}

/* ["fn", "arg", ...] on one line. An argument nushell cannot hold (not UTF-8) makes the call
 * ["_pyenvhook_cannot", "fn", "the argument, shown"] instead, which the hook says in one
 * line and does not act on: a venv on such a path is not activated rather than mis-named. */
static void call_nu(struct buf *b, const char *fn, const char *const *args, size_t nargs)
{
        for (size_t i = 0; i < nargs; i++) {
                if (!utf8_valid(args[i])) {
                        struct buf shown = {0};
                        buf_add_shown(&shown, args[i]);
                        const char *s = buf_str(&shown);
                        buf_adds(b, "[\"_pyenvhook_cannot\", ");
                        quote_nu(b, fn);
                        buf_adds(b, ", ");
                        quote_nu(b, s ? s : "");
                        buf_adds(b, "]\n");
                        b->oom |= !s;
                        buf_free(&shown);
                        return;
                }
        }
        buf_addc(b, '[');
        quote_nu(b, fn);
        for (size_t i = 0; i < nargs; i++) {
                buf_adds(b, ", ");
                quote_nu(b, args[i]);
        }
        buf_adds(b, "]\n");
}

/* For `pyenvhook env nu`: one NUON record a line, {NAME: value}, null for a variable to
 * remove, PATH as the list nushell keeps it in; the README shows the pipeline that applies
 * them. A value nushell cannot hold is left out, with the variable named. */
static void setenv_nu(struct buf *b, const char *name, const char *value)
{
        buf_addc(b, '{');
        quote_nu(b, name);
        buf_adds(b, ": ");
        if (!value) {
                buf_adds(b, "null");
        } else if (!utf8_valid(value)) {
                buf_adds(b, "null, _pyenvhook_cannot: ");
                quote_nu(b, name);
        } else if (strcmp(name, "PATH") != 0) {
                quote_nu(b, value);
        } else {
                buf_addc(b, '[');
                for (const char *p = value; p;) {
                        const char *colon = strchr(p, ':');
                        size_t n = colon ? (size_t)(colon - p) : strlen(p);
                        struct buf one = {0};
                        buf_add(&one, p, n);
                        const char *s = buf_str(&one);
                        if (p != value)
                                buf_adds(b, ", ");
                        quote_nu(b, s ? s : "");
                        b->oom |= !s;
                        buf_free(&one);
                        p = colon ? colon + 1 : NULL;
                }
                buf_addc(b, ']');
        }
        buf_adds(b, "}\n");
}

/* init prints the hook itself, to be saved and sourced (nushell has no eval). It refuses a
 * hook that is not UTF-8 (this binary's own path is not), which nushell could not read. */
static int init_nu(struct buf *hook, struct buf *out, struct err *e)
{
        const char *text = buf_str(hook);
        if (!text)
                return err_set(e, -ENOMEM, "out of memory");
        if (!utf8_valid(text))
                return err_set(e, -EILSEQ,
                               "nushell cannot run pyenvhook from a path that is not UTF-8; "
                               "install it under another directory");
        buf_add(out, text, hook->len);
        return 0;
}

const struct shell shell_nu = {
    .name = "nu",
    .hook = hook_nu,
    .quote = quote_nu,
    .setenv = setenv_nu,
    .init = init_nu,
    .call = call_nu,
    .lexical_paths = 1,
};
