#ifndef PYENVHOOK_CHECK_H
#define PYENVHOOK_CHECK_H

/* A few lines of test harness: each CHECK that fails prints where and why; main returns the
 * count, so meson test reports the file as failed. */
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond)) {                                                                     \
                        fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
                        check_failures++;                                                          \
                }                                                                                  \
        } while (0)

#define CHECK_STR(got, want)                                                                       \
        do {                                                                                       \
                const char *g_ = (got), *w_ = (want);                                              \
                if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                           \
                        fprintf(stderr, "%s:%d: got [%s], want [%s]\n", __FILE__, __LINE__,        \
                                g_ ? g_ : "(null)", w_ ? w_ : "(null)");                           \
                        check_failures++;                                                          \
                }                                                                                  \
        } while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
