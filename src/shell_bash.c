#include "shell.h"

#include <string.h>

/* from tools/embed.c, built out of shell/hook.bash */
extern const char hook_bash[];

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

const struct shell shell_bash = {
    .name = "bash",
    .hook = hook_bash,
    .quote = shell_quote_posix,
    .setenv = shell_setenv_posix,
};
