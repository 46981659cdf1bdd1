/* What messages show of a file name: one line, no terminal control, the rest as it is. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "display.h"

static void expect(const char *in, const char *want)
{
        struct buf b = {0};
        buf_add_shown(&b, in);
        CHECK_STR(buf_str(&b), want);
        buf_free(&b);
}

int main(void)
{
        expect("", "");
        expect("/plain/path", "/plain/path");
        expect("a\nb", "a\\nb");
        expect("tab\there", "tab\\there");
        expect("\x1b]0;title\x07", "\\x1b]0;title\\x07");
        expect("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
        expect("csi\xc2\x9b!", "csi\\xc2\\x9b!");
        /* printable UTF-8 and bytes that are not UTF-8 pass: only control is taken away */
        expect("\xc3\xbc\xe2\x9c\x93", "\xc3\xbc\xe2\x9c\x93");
        expect("\xc2\xa0\xff\xfe\\", "\xc2\xa0\xff\xfe\\");
        expect("\xc2", "\xc2");
        return CHECK_DONE();
}
