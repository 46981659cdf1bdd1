#include "shell.h"

#include <stdlib.h>
#include <string.h>

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

/* PATH is a list in fish: one word per entry, as fish itself splits it on import. */
static void setenv_fish(struct buf *b, const char *name, const char *value)
{
        if (!value) {
                buf_printf(b, "set -e %s\n", name);
                return;
        }
        buf_printf(b, "set -gx %s", name);
        if (strcmp(name, "PATH") != 0) {
                buf_addc(b, ' ');
                quote_fish(b, value);
        } else {
                for (const char *p = value; p;) {
                        const char *colon = strchr(p, ':');
                        size_t n = colon ? (size_t)(colon - p) : strlen(p);
                        char *one = strndup(p, n);
                        if (!one) {
                                b->oom = 1;
                                return;
                        }
                        buf_addc(b, ' ');
                        quote_fish(b, one);
                        free(one);
                        p = colon ? colon + 1 : NULL;
                }
        }
        buf_addc(b, '\n');
}

const struct shell shell_fish = {
    .name = "fish",
    .hook = hook_fish,
    .quote = quote_fish,
    .setenv = setenv_fish,
};
