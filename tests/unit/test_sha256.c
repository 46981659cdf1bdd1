#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sha256.h"

static void hex(const char *in, size_t n, const char *want)
{
        struct sha256 s;
        unsigned char d[32];
        char got[65];
        sha256_init(&s);
        /* fed in uneven pieces, as a streamed file would be */
        for (size_t i = 0; i < n; i += 7)
                sha256_add(&s, in + i, n - i < 7 ? n - i : 7);
        sha256_done(&s, d);
        for (int i = 0; i < 32; i++)
                snprintf(got + 2 * i, 3, "%02x", d[i]);
        CHECK_STR(got, want);
}

static void expect_hex(const char *data, size_t len, const char *want)
{
        char got[SHA256_HEX_LEN + 1];
        sha256_hex(data, len, got);
        CHECK_STR(got, want);
}

static void record(const char *in, const char *want)
{
        char got[51];
        sha256_record(in, strlen(in), got);
        CHECK_STR(got, want);
}

int main(void)
{
        hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        hex(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        /* What pip's own RECORD says for INSTALLER ("pip\n") and an empty REQUESTED. */
        record("pip\n", "sha256=zuuue4knoyJ-UwPPXg8fezS7VCrXJQrAP7zeNuwvFQg");
        record("", "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
        /* One call over a million bytes, and 55, 56 and 64 bytes: the tail that just fits the
         * length, the first that does not, and a whole block with padding alone after it. */
        char *a = malloc(1000000);
        if (!a)
                return 2;
        memset(a, 'a', 1000000);
        expect_hex(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        expect_hex(a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
        expect_hex(a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
        expect_hex(a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
        free(a);
        return CHECK_DONE();
}
