/* Decoding UTF-8, strictly: the one decoder that messages, prompts and --json agree on. */
#include "utf8.h"

#include <string.h>

size_t utf8_len(const unsigned char *p, size_t n, unsigned *cp)
{
        unsigned c = p[0];
        if (c < 0x80) {
                *cp = c;
                return 1;
        }
        size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        if (len == 0 || len > n || c > 0xf4)
                return 0;
        unsigned v = c & (0x7f >> len);
        for (size_t i = 1; i < len; i++) {
                if ((p[i] & 0xc0) != 0x80)
                        return 0;
                v = v << 6 | (p[i] & 0x3f);
        }
        static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
                return 0;
        *cp = v;
        return len;
}

int utf8_valid(const char *s)
{
        size_t n = strlen(s);
        const unsigned char *p = (const unsigned char *)s;
        unsigned cp;
        for (size_t i = 0, len; i < n; i += len)
                if (!(len = utf8_len(p + i, n - i, &cp)))
                        return 0;
        return 1;
}
