#include "shell.h"

#include <errno.h>
#include <string.h>

/* from tools/embed.c, built out of shell/hook.bash and shell/bash-guard.sh */
extern const char hook_bash[], bash_guard_sh[];

/* Single quotes keep every byte literal (newlines, $, `, \, invalid UTF-8); a quote itself
 * becomes \'. Empty quoted runs are never written: under zsh's RC_QUOTES a '' inside quotes
 * means a quote, so 'a'''b' would not read back as written. */
void shell_quote_posix(struct buf *b, const char *s)
{
        if (!*s) {
                buf_adds(b, "\"\"");
                return;
        }
        while (*s) {
                if (*s == '\'') {
                        buf_adds(b, "\\'");
                        s++;
                        continue;
                }
                size_t run = strcspn(s, "'");
                buf_addc(b, '\'');
                buf_add(b, s, run);
                buf_addc(b, '\'');
                s += run;
        }
}

/* The rendered hook goes inside shell/bash-guard.sh as one quoted word, so that a bash too
 * old to parse it says so in one line instead of loading half of it. */
static int init_bash(struct buf *hook, struct buf *out, struct err *e)
{
        static const char slot[] = "@PYENVHOOK_HOOK@";
        const char *text = buf_str(hook);
        const char *at = strstr(bash_guard_sh, slot);
        if (!text)
                return err_set(e, -ENOMEM, "out of memory");
        if (!at)
                return err_set(e, -EINVAL, "the guard around the bash hook has no %s", slot);
        buf_add(out, bash_guard_sh, (size_t)(at - bash_guard_sh));
        shell_quote_posix(out, text);
        buf_adds(out, at + sizeof slot - 1);
        return buf_str(out) ? 0 : err_set(e, -ENOMEM, "out of memory");
}

const struct shell shell_bash = {
    .name = "bash",
    .hook = hook_bash,
    .quote = shell_quote_posix,
    .setenv = shell_setenv_posix,
    .init = init_bash,
};
