/* What of a string may reach a terminal as it is: the one filter for messages, and the test a
 * prompt must pass. */
#include "display.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

static void hex(struct buf *b, unsigned char c)
{
        static const char digits[] = "0123456789abcdef";
        char x[4] = {'\\', 'x', digits[c >> 4], digits[c & 15]};
        buf_add(b, x, 4);
}

/* The bidirectional formatting characters of Unicode's UAX #9 (embeddings, overrides,
 * isolates, and the three marks): shown raw they reorder how the rest of a line reads, so
 * that a message can say one path while the terminal shows another (CVE-2021-42574). */
static int bidi(unsigned cp)
{
        return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
               cp == 0x200f || cp == 0x061c;
}

/* C0, DEL and C1 as code points: C1 (U+0080..U+009F) is CSI, OSC and friends to terminals
 * that honour it. */
static int control(unsigned cp)
{
        return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

enum fault { FINE, NOT_UTF8, CONTROL, BIDI };

/* What is at p (n bytes left): its length in *len (one byte when it is not UTF-8), its code
 * point or byte in *cp, and whether it may be shown as it is. A byte that is not UTF-8 is
 * never shown raw: 0x80..0x9f alone is C1 to a terminal in an 8-bit mode. */
static enum fault at(const unsigned char *p, size_t n, size_t *len, unsigned *cp)
{
        *len = utf8_len(p, n, cp);
        if (*len == 0) {
                *len = 1;
                *cp = *p;
                return NOT_UTF8;
        }
        return control(*cp) ? CONTROL : bidi(*cp) ? BIDI : FINE;
}

int display_refusal(const char *s, char *why, size_t size)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n = strlen(s), len;
        unsigned cp;
        for (size_t i = 0; i < n; i += len) {
                switch (at(p + i, n - i, &len, &cp)) {
                case FINE:
                        continue;
                case NOT_UTF8:
                        snprintf(why, size, "is not valid UTF-8 (byte 0x%02x)", cp);
                        return 1;
                case CONTROL:
                        snprintf(why, size,
                                 "holds a control character (U+%04X), which would reach the "
                                 "terminal raw",
                                 cp);
                        return 1;
                case BIDI:
                        snprintf(why, size,
                                 "holds a bidirectional control (U+%04X), which would reorder "
                                 "how the line reads",
                                 cp);
                        return 1;
                }
        }
        return 0;
}

void buf_add_shown(struct buf *b, const char *s)
{
        const unsigned char *p = (const unsigned char *)s;
        size_t n = strlen(s), len;
        unsigned cp;
        for (size_t i = 0; i < n; i += len) {
                if (at(p + i, n - i, &len, &cp) == FINE)
                        buf_add(b, s + i, len);
                else if (p[i] == '\n')
                        buf_adds(b, "\\n");
                else if (p[i] == '\t')
                        buf_adds(b, "\\t");
                else
                        for (size_t k = 0; k < len; k++)
                                hex(b, p[i + k]);
        }
}
