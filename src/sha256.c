#include "sha256.h"

#include <stdint.h>
#include <string.h>

void sha256_init(struct sha256 *s)
{
        SHA256Init(&s->ctx);
}

void sha256_add(struct sha256 *s, const void *data, size_t n)
{
        SHA256Update(&s->ctx, data, n);
}

void sha256_done(struct sha256 *s, unsigned char out[32])
{
        SHA256Final(out, &s->ctx);
}

void sha256_record_done(struct sha256 *s, char out[51])
{
        static const char b64[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        unsigned char d[33] = {0};
        sha256_done(s, d);
        memcpy(out, "sha256=", 7);
        char *o = out + 7;
        /* 32 bytes: ten groups of three, then two bytes giving three characters. */
        for (int i = 0; i < 33; i += 3) {
                uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
                *o++ = b64[v >> 18 & 63];
                *o++ = b64[v >> 12 & 63];
                *o++ = b64[v >> 6 & 63];
                if (i + 3 < 33)
                        *o++ = b64[v & 63];
        }
        *o = '\0';
}

void sha256_record(const void *data, size_t n, char out[51])
{
        struct sha256 s;
        sha256_init(&s);
        sha256_add(&s, data, n);
        sha256_record_done(&s, out);
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
        static const char digits[] = "0123456789abcdef";
        unsigned char d[32];
        struct sha256 s;
        sha256_init(&s);
        sha256_add(&s, data, len);
        sha256_done(&s, d);
        for (int i = 0; i < 32; i++) {
                hex[2 * i] = digits[d[i] >> 4];
                hex[2 * i + 1] = digits[d[i] & 15];
        }
        hex[SHA256_HEX_LEN] = '\0';
}
