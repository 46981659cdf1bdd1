/* What messages show of a file name: one line, no terminal control, nothing that reorders the
 * line, no bytes that are not UTF-8; the rest as it is. And what a prompt may hold. */
#include <stdlib.h>
#include <string.h>

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

/* refusal: NULL when s may be a prompt, else the phrase display_refusal gives */
static void refuse(const char *s, const char *want)
{
        char why[128] = "";
        int r = display_refusal(s, why, sizeof why);
        CHECK(r == (want != NULL));
        if (want)
                CHECK_STR(why, want);
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
        /* printable UTF-8 passes, the no-break space and the last code point too */
        expect("\xc3\xbc\xe2\x9c\x93", "\xc3\xbc\xe2\x9c\x93");
        expect("\xc2\xa0\\", "\xc2\xa0\\");
        expect("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
        /* raw C1 bytes, which a terminal in an 8-bit mode takes as CSI and OSC, and every
         * other byte that is not UTF-8: truncated, overlong, surrogate, past U+10FFFF */
        expect("a\23331mred", "a\\x9b31mred");
        expect("\2350;t\x9c", "\\x9d0;t\\x9c");
        expect("\x80\x9f", "\\x80\\x9f");
        expect("\xff\xfe", "\\xff\\xfe");
        expect("\xc2", "\\xc2");
        expect("\xe2\x9c", "\\xe2\\x9c");
        expect("caf\xe9!", "caf\\xe9!");
        expect("\xc0\xaf", "\\xc0\\xaf");
        expect("\xed\xa0\x80", "\\xed\\xa0\\x80");
        expect("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
        /* a lead byte whose sequence breaks off: the lead alone is escaped, the rest read anew */
        expect("\342ab", "\\xe2ab");
        /* bidirectional controls: embeddings and overrides, isolates, marks */
        expect("a\342\200\256b", "a\\xe2\\x80\\xaeb");
        expect("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
               "\\xe2\\x80\\xaa\\xe2\\x80\\xab\\xe2\\x80\\xac\\xe2\\x80\\xad");
        expect("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
               "\\xe2\\x81\\xa6\\xe2\\x81\\xa7\\xe2\\x81\\xa8\\xe2\\x81\\xa9");
        expect("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\xe2\\x80\\x8e\\xe2\\x80\\x8f\\xd8\\x9c");
        /* their neighbours are text */
        expect("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
               "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");

        refuse("", NULL);
        refuse("my-venv \xc3\xbc\xe2\x9c\x93", NULL);
        refuse("a\23331m", "is not valid UTF-8 (byte 0x9b)");
        refuse("caf\xe9", "is not valid UTF-8 (byte 0xe9)");
        refuse("x\x1b]0;t\x07",
               "holds a control character (U+001B), which would reach the terminal raw");
        refuse("\xc2\x9b",
               "holds a control character (U+009B), which would reach the terminal raw");
        refuse("\x7f", "holds a control character (U+007F), which would reach the terminal raw");
        refuse("a\342\201\247b",
               "holds a bidirectional control (U+2067), which would reorder how the line reads");
        /* a phrase cut to the room given, never overrun */
        char small[8];
        memset(small, 'z', sizeof small);
        CHECK(display_refusal("\x9b", small, 6) == 1 && strcmp(small, "is no") == 0 &&
              small[6] == 'z');
        return CHECK_DONE();
}
