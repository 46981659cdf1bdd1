#include "shell.h"

/* from tools/embed.c, built out of shell/hook.zsh */
extern const char hook_zsh[];

const struct shell shell_zsh = {
    .name = "zsh",
    .hook = hook_zsh,
    .quote = shell_quote_posix,
    .setenv = shell_setenv_posix,
    .stamp_after = 1,
};
