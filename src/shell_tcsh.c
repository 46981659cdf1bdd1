/* tcsh: its quoting, its exports, and where its hook lives. tcsh has no functions and its
 * aliases hold one line, so the hook (shell/hook.tcsh) is a file that tcsh sources, with a
 * label per part; init writes it to the cache and prints the one line that sources it. */
#include "shell.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fsx.h"
#include "path.h"
#include "sha256.h"
#include "utf8.h"

/* from tools/embed.c, built out of shell/hook.tcsh */
extern const char hook_tcsh[];

/* In tcsh's single quotes every byte is literal except three: the quote itself (closed,
 * written as \', reopened), history's ! (which tcsh expands even there, also in a sourced
 * file: \! keeps it), and a newline, which ends the line unless a backslash comes first.
 * export's output is sourced from a file (never eval'd from backquotes, which would turn
 * newlines into spaces), so \<newline> carries a newline. A run of k >= 2 backslashes
 * before a newline, that one's included, comes back as k - 2 and the newline (measured in
 * tcsh 6.24, interactive or not, through an alias's \!* and a setenv, in the C and a UTF-8
 * locale; the fuzz in tests/bats/shell_tcsh.bats holds it), so the backslashes of s that
 * come right before a newline get one more.
 * tcsh cannot carry bytes that are not UTF-8 in a UTF-8 locale: it reads them as Latin-1
 * and writes them back as two bytes each (cannot_carry_tcsh). In the C locale every byte is
 * kept. */
static void quote_tcsh(struct buf *b, const char *s)
{
        size_t run = 0; /* backslashes just written inside the quotes */
        buf_addc(b, '\'');
        for (; *s; s++) {
                if (*s == '\n' && run)
                        buf_addc(b, '\\');
                run = *s == '\\' ? run + 1 : 0;
                if (*s == '\'')
                        buf_adds(b, "'\\''");
                else if (*s == '!' || *s == '\n')
                        buf_addc(b, '\\'), buf_addc(b, *s);
                else
                        buf_addc(b, *s);
        }
        buf_addc(b, '\'');
}

/* Whether tcsh, started with this environment, reads its input as UTF-8: it takes its
 * locale from the environment as this does, and keeps C's when that names none there is. */
static int utf8_locale(void)
{
        locale_t l = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
        if (!l)
                return 0;
        const char *set = nl_langinfo_l(CODESET, l);
        int utf8 = set && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
        freelocale(l);
        return utf8;
}

static const char *cannot_carry_tcsh(const char *s)
{
        if (utf8_valid(s) || !utf8_locale())
                return NULL;
        return "is not UTF-8, which tcsh in a UTF-8 locale reads back as other bytes (a C "
               "locale keeps them)";
}

static void setenv_tcsh(struct buf *b, const char *name, const char *value)
{
        if (!value) {
                buf_printf(b, "unsetenv %s\n", name);
                return;
        }
        buf_printf(b, "setenv %s ", name);
        quote_tcsh(b, value);
        buf_addc(b, '\n');
}

/* The rendered hook goes to $XDG_CACHE_HOME/pyenvhook/hook-<digest>.tcsh, named by its
 * contents so that shells started with other options or another version each keep theirs;
 * what init prints is the line that sources it, for ``eval `pyenvhook init tcsh` ``. */
static int init_tcsh(struct buf *hook, struct buf *out, struct err *e)
{
        const char *text = buf_str(hook);
        if (!text)
                return err_set(e, -ENOMEM, "out of memory");
        char hex[SHA256_HEX_LEN + 1], name[64];
        sha256_hex(text, hook->len, hex);
        snprintf(name, sizeof name, "hook-%.16s.tcsh", hex);
        char *dir = fsx_cache_path("");
        char *file = fsx_cache_path(name);
        /* The hook holds the binary's path (the only value in it that is not ASCII) and
         * sources its own file: named in bytes that tcsh reads back as others, neither would
         * be found. */
        const char *why = NULL;
        int rc = 0;
        if (!dir || !file)
                rc = err_set(e, -ENOENT, "no cache directory: set HOME or XDG_CACHE_HOME");
        else if ((why = cannot_carry_tcsh(file)))
                rc = err_set(e, ERR_FAIL, "the hook's file %s %s", file, why);
        else if ((why = cannot_carry_tcsh(text)))
                rc = err_set(e, ERR_FAIL, "the path of this program %s", why);
        else
                rc = fsx_mkdirs(dir, e);
        if (rc == 0)
                rc = file_write_atomic(file, text, hook->len, e);
        if (rc == 0) {
                buf_adds(out, "set _pyenvhook_self = ");
                quote_tcsh(out, file);
                buf_adds(out, " ; source \"$_pyenvhook_self\"\n");
        }
        free(dir);
        free(file);
        return rc;
}

const struct shell shell_tcsh = {
    .name = "tcsh",
    .hook = hook_tcsh,
    .quote = quote_tcsh,
    .setenv = setenv_tcsh,
    .init = init_tcsh,
    .cannot_carry = cannot_carry_tcsh,
};
