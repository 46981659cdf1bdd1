#ifndef PYENVHOOK_SHA256_H
#define PYENVHOOK_SHA256_H

#include <stddef.h>

/* SHA-256 (FIPS 180-4), written here so that trust needs no crypto library. It fingerprints a
 * marker's content: a cryptographic hash, because a marker is text an attacker may write, and
 * with a weaker hash they could craft one that collides with a marker the user allowed. */
#define SHA256_HEX_LEN 64

/* Writes the digest of data as 64 lowercase hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
