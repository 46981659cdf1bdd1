#include "display.h"

static void hex(struct buf *b, unsigned char c)
{
        static const char digits[] = "0123456789abcdef";
        char x[4] = {'\\', 'x', digits[c >> 4], digits[c & 15]};
        buf_add(b, x, 4);
}

static int control_at(const unsigned char *p)
{
        return *p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
}

int display_has_control(const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                if (control_at(p))
                        return 1;
        return 0;
}

void buf_add_shown(struct buf *b, const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == '\n') {
                        buf_adds(b, "\\n");
                } else if (*p == '\t') {
                        buf_adds(b, "\\t");
                } else if (*p < 0x20 || *p == 0x7f) {
                        hex(b, *p);
                } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
                        /* U+0080..U+009F: CSI and friends on some terminals */
                        hex(b, p[0]);
                        hex(b, p[1]);
                        p++;
                } else {
                        buf_addc(b, (char)*p);
                }
        }
}
