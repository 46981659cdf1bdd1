#include "shell.h"

#include <string.h>

static const struct shell *const shells[] = {&shell_bash, &shell_zsh, &shell_fish, &shell_tcsh,
                                             &shell_nu};

const struct shell *shell_find(const char *name)
{
        for (size_t i = 0; i < sizeof shells / sizeof *shells; i++)
                if (strcmp(shells[i]->name, name) == 0)
                        return shells[i];
        return NULL;
}

const char *shell_names(void)
{
        return "bash, zsh, fish, tcsh, nu";
}

const char *shell_cannot_carry(const struct shell *sh, const char *s)
{
        return sh->cannot_carry && s ? sh->cannot_carry(s) : NULL;
}

void shell_call(const struct shell *sh, struct buf *b, const char *fn, const char *const *args,
                size_t nargs)
{
        if (sh->call) {
                sh->call(b, fn, args, nargs);
                return;
        }
        buf_adds(b, fn);
        for (size_t i = 0; i < nargs; i++) {
                buf_addc(b, ' ');
                sh->quote(b, args[i]);
        }
        buf_addc(b, '\n');
}

void shell_setenv_posix(struct buf *b, const char *name, const char *value)
{
        if (!value) {
                buf_printf(b, "unset %s\n", name);
                return;
        }
        buf_printf(b, "export %s=", name);
        shell_quote_posix(b, value);
        buf_addc(b, '\n');
}
