#ifndef PYENVHOOK_UTF8_H
#define PYENVHOOK_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 sequence at p (at most n bytes, n > 0), with its code point in
 * *cp, or 0 when p does not start one: overlong forms, surrogates and code points past
 * U+10FFFF are not valid, as RFC 3629 says. ASCII is a sequence of one. */
size_t utf8_len(const unsigned char *p, size_t n, unsigned *cp);
/* Whether the string s is valid UTF-8 throughout, as utf8_len reads it. */
int utf8_valid(const char *s);

#endif
