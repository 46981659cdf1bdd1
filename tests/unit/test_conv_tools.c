/* The names Poetry and Pipenv give a project's venv. The expected values are what the tools'
 * own code (generate_env_name, _get_virtualenv_hash) computes for the same input; the
 * end-to-end check against the real tools is tests/bats/adopt_tools.bats. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conv_tools.h"

static void want_sanitized(const char *in, const char *bad, int lower, const char *want)
{
        char *s = tool_sanitize(in, bad, lower);
        CHECK_STR(s, want);
        free(s);
}

int main(void)
{
        char h[9];
        tool_hash8("/tmp/ct/home/my proj", h); /* Poetry: the project's real path */
        CHECK_STR(h, "5JlzRSc8");
        tool_hash8("/tmp/ct/home/Pip Proj/Pipfile", h); /* Pipenv: the Pipfile's */
        CHECK_STR(h, "RsyJg52o");
        tool_hash8("/h/\xc3\xa9t\xc3\xa9", h); /* UTF-8 bytes, as Python encodes */
        CHECK_STR(h, "GVR5oZZD");

        want_sanitized("My Proj$`!*@\"\\x", " $`!*@\"\\\r\n\t", 1, "my_proj_______x");
        want_sanitized("Pip (Proj) [1] & 2", " &$`!*@\"()[]\\\r\n\t", 0, "Pip__Proj___1____2");
        /* 42 characters, not bytes: both tools slice a Python str */
        char in[200] = "", want[200] = "";
        for (int i = 0; i < 50; i++)
                strcat(in, "\xc3\xa9");
        for (int i = 0; i < 42; i++)
                strcat(want, "\xc3\xa9");
        want_sanitized(in, " ", 1, want);
        want_sanitized("0123456789012345678901234567890123456789ABCDEF", " ", 1,
                       "0123456789012345678901234567890123456789ab");
        return CHECK_DONE();
}
