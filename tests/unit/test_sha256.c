/* SHA-256 against FIPS 180-4's examples and lengths around the padding edges, checked against
 * sha256sum's answers. */
#include <stdlib.h>

#include "check.h"
#include "sha256.h"

static void expect(const char *data, size_t len, const char *want)
{
        char hex[SHA256_HEX_LEN + 1];
        sha256_hex(data, len, hex);
        CHECK_STR(hex, want);
}

int main(void)
{
        expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        expect(two, strlen(two),
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        char *a = malloc(1000000);
        memset(a, 'a', 1000000);
        expect(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        /* 55, 56 and 64 bytes: the tail that just fits the length, the first that does not,
         * and a whole block with padding alone after it. */
        expect(a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
        expect(a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
        expect(a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
        free(a);
        return CHECK_DONE();
}
