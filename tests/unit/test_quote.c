/* Exact output of each shell's quoting. That every byte reads back intact in the real shells
 * is proved by tests/bats/hardening.bats (hostile names, and a fuzz of byte strings through
 * `pyenvhook quote`); this pins the form. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "shell.h"

static char *q(const char *shell, const char *s)
{
        struct buf b = {0};
        shell_find(shell)->quote(&b, s);
        char *r = strdup(buf_str(&b));
        buf_free(&b);
        return r;
}

static void expect(const char *shell, const char *in, const char *want)
{
        char *got = q(shell, in);
        CHECK_STR(got, want);
        free(got);
}

int main(void)
{
        CHECK(shell_find("bash") && shell_find("zsh") && shell_find("fish"));
        CHECK(shell_find("csh") == NULL);
        CHECK(shell_find("") == NULL);

        const char *posix[] = {"bash", "zsh"};
        for (int i = 0; i < 2; i++) {
                const char *s = posix[i];
                expect(s, "", "\"\"");
                expect(s, "plain", "'plain'");
                expect(s, "a b", "'a b'");
                expect(s, "it's", "'it'\\''s'");
                expect(s, "'", "\\'");
                expect(s, "''", "\\'\\'");
                expect(s, "a'", "'a'\\'");
                expect(s, "$(rm -rf ~)", "'$(rm -rf ~)'");
                expect(s, "`id`", "'`id`'");
                expect(s, "a\nb", "'a\nb'");
                expect(s, "\\", "'\\'");
                expect(s, "\xff\xfe", "'\xff\xfe'");
        }
        expect("fish", "", "''");
        expect("fish", "plain", "'plain'");
        expect("fish", "it's", "'it\\'s'");
        expect("fish", "back\\slash", "'back\\\\slash'");
        expect("fish", "$(id) `id` (id)", "'$(id) `id` (id)'");
        expect("fish", "a\nb\tc", "'a\nb\tc'");
        expect("fish", "\xff", "'\xff'");

        /* no quoted run is ever empty: zsh's RC_QUOTES would read 'x''' as x' */
        expect("zsh", "x''y'", "'x'\\'\\''y'\\'");

        struct buf b = {0};
        const char *args[] = {"/p q/.venv", "it's"};
        shell_call(shell_find("bash"), &b, "_pyenvhook_enter", args, 2);
        CHECK_STR(buf_str(&b), "_pyenvhook_enter '/p q/.venv' 'it'\\''s'\n");
        buf_free(&b);

        /* nushell: a double-quoted string, whose $ ( ` # are plain; controls as escapes */
        expect("nu", "", "\"\"");
        expect("nu", "it's \"q\"", "\"it's \\\"q\\\"\"");
        expect("nu", "back\\slash", "\"back\\\\slash\"");
        expect("nu", "$(id) `id` (id) #", "\"$(id) `id` (id) #\"");
        expect("nu", "a\nb\tc\r\x1b\x7f", "\"a\\nb\\tc\\r\\u{1b}\\u{7f}\"");
        expect("nu", "\xc3\xa9", "\"\xc3\xa9\"");
        /* and its calls are NUON lists; one with a word nushell cannot hold is refused */
        shell_call(shell_find("nu"), &b, "_pyenvhook_enter", args, 2);
        CHECK_STR(buf_str(&b), "[\"_pyenvhook_enter\", \"/p q/.venv\", \"it's\"]\n");
        buf_free(&b);
        const char *bad[] = {"/p\xffq"};
        shell_call(shell_find("nu"), &b, "_pyenvhook_enter", bad, 1);
        CHECK_STR(buf_str(&b), "[\"_pyenvhook_cannot\", \"_pyenvhook_enter\", \"/p\\\\xffq\"]\n");
        buf_free(&b);
        return CHECK_DONE();
}
