#ifndef PYENVHOOK_SHA256_H
#define PYENVHOOK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <sha2.h>

/* SHA-256 from libmd (dpkg needs libmd, so every Debian system has it), with the two
 * spellings of a digest we use. Trust fingerprints a marker's content with it (a cryptographic
 * hash, because a marker is text an attacker may write); pip seeding checks and writes a
 * wheel's RECORD with it. */
struct sha256 {
        SHA2_CTX ctx;
};

void sha256_init(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t n);
void sha256_done(struct sha256 *s, unsigned char out[32]);

#define SHA256_HEX_LEN 64
/* Writes the digest of data as 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);
/* "sha256=" and the digest in unpadded URL-safe base64, as RECORD holds it; out >= 51. */
void sha256_record(const void *data, size_t n, char out[51]);
/* The same for a digest built with sha256_add. */
void sha256_record_done(struct sha256 *s, char out[51]);

#endif
