#ifndef PYENVHOOK_SHA256_H
#define PYENVHOOK_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), for the hashes in a wheel's RECORD. */
struct sha256 {
        uint32_t h[8];
        uint64_t len;
        unsigned char block[64];
        size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t n);
void sha256_done(struct sha256 *s, unsigned char out[32]);
/* "sha256=" and the digest in unpadded URL-safe base64, as RECORD holds it; out >= 51. */
void sha256_record(const void *data, size_t n, char out[51]);

#endif
