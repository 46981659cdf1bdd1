#include "shell.h"

/* from tools/embed.c, built out of shell/hook.fish */
extern const char hook_fish[];

/* In fish's single quotes only \\ and \' are special; everything else, newlines and bytes
 * that are not UTF-8 included, is kept (fish maps such bytes to private code points and
 * writes them back out unchanged). */
static void quote_fish(struct buf *b, const char *s)
{
        buf_addc(b, '\'');
        for (; *s; s++) {
                if (*s == '\'' || *s == '\\')
                        buf_addc(b, '\\');
                buf_addc(b, *s);
        }
        buf_addc(b, '\'');
}

const struct shell shell_fish = {
    .name = "fish",
    .hook = hook_fish,
    .quote = quote_fish,
};
