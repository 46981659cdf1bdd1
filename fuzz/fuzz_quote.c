/* libFuzzer target: every shell's quoting must read back as the bytes it was given.
 *
 * The oracle is a reader of the few forms the quoting may emit, written from the shells'
 * manuals: for bash and zsh, '...' runs (everything literal), \' and "" (the empty word);
 * for fish, one '...' with \\ and \' inside. Any other byte outside quotes, or a result that
 * differs, is a finding. The real shells are checked by tests/bats/tools/quote_fuzz.py; this
 * explores far more inputs than they can run. It also checks that display.c leaves no
 * control character in what goes to a terminal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "display.h"
#include "shell.h"

/* Reads one POSIX word as emitted by shell_quote_posix; NULL when it is not of that form. */
static char *read_posix(const char *q, size_t n)
{
        char *out = malloc(n + 1);
        size_t o = 0, i = 0;
        if (n == 2 && q[0] == '"' && q[1] == '"') {
                out[0] = '\0';
                return out;
        }
        while (i < n) {
                if (q[i] == '\\' && i + 1 < n && q[i + 1] == '\'') {
                        out[o++] = '\'';
                        i += 2;
                } else if (q[i] == '\'') {
                        const char *end = memchr(q + i + 1, '\'', n - i - 1);
                        /* an empty run would be read as a quote under zsh's RC_QUOTES */
                        if (!end || end == q + i + 1) {
                                free(out);
                                return NULL;
                        }
                        size_t len = (size_t)(end - (q + i + 1));
                        memcpy(out + o, q + i + 1, len);
                        o += len;
                        i += len + 2;
                        /* '...''...' reads as one quote under RC_QUOTES: never emit it */
                        if (i < n && q[i] == '\'') {
                                free(out);
                                return NULL;
                        }
                } else {
                        free(out);
                        return NULL;
                }
        }
        out[o] = '\0';
        return out;
}

static char *read_fish(const char *q, size_t n)
{
        if (n < 2 || q[0] != '\'' || q[n - 1] != '\'')
                return NULL;
        char *out = malloc(n);
        size_t o = 0;
        for (size_t i = 1; i < n - 1; i++) {
                if (q[i] == '\\' && i + 1 < n - 1 && (q[i + 1] == '\\' || q[i + 1] == '\'')) {
                        out[o++] = q[++i];
                } else if (q[i] == '\'' || q[i] == '\\') {
                        free(out); /* a bare quote ends the word early; a lone \ is ambiguous */
                        return NULL;
                } else {
                        out[o++] = q[i];
                }
        }
        out[o] = '\0';
        return out;
}

static void round_trip(const char *shell, const char *s)
{
        struct buf b = {0};
        shell_find(shell)->quote(&b, s);
        const char *q = buf_str(&b);
        if (!q)
                abort();
        char *back = strcmp(shell, "fish") == 0 ? read_fish(q, b.len) : read_posix(q, b.len);
        if (!back || strcmp(back, s) != 0)
                abort();
        free(back);
        buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        /* C strings: the input up to its first NUL, as argv and paths are. */
        char *s = malloc(size + 1);
        memcpy(s, data, size);
        s[size] = '\0';
        round_trip("bash", s);
        round_trip("zsh", s);
        round_trip("fish", s);

        struct buf b = {0};
        buf_add_shown(&b, s);
        const char *shown = buf_str(&b);
        for (const unsigned char *p = (const unsigned char *)shown; p && *p; p++)
                if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
                        abort();
        buf_free(&b);
        free(s);
        return 0;
}
