#ifndef PYENVHOOK_EXITCODE_H
#define PYENVHOOK_EXITCODE_H

/* Exit statuses, documented in pyenvhook(1): below the commands, since what they decide
 * (hookenv.h) says which one applies. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#endif
