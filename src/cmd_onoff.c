#include "cmd.h"
#include "err.h"

/* off and on change the calling shell, which only the hook's pyenvhook function can do;
 * reaching the binary means the hook is not loaded there. */
static int needs_hook(const char *name)
{
        warnx_("%s: works only in a shell with the hook loaded; add eval \"$(pyenvhook init "
               "bash)\" (or zsh, or fish) to your shell's rc file",
               name);
        return EXIT_FAIL;
}

int cmd_off(int argc, char **argv)
{
        (void)argc;
        return needs_hook(argv[0]);
}

int cmd_on(int argc, char **argv)
{
        (void)argc;
        return needs_hook(argv[0]);
}
