#ifndef PYENVHOOK_DIRLOCK_H
#define PYENVHOOK_DIRLOCK_H

#include "err.h"

/* One `create` at a time per project: an flock on the project's directory itself, so there is
 * no lock file to leave behind, and a killed holder releases it as it dies. */

/* Seconds a create waits for another in the same project, unless PYENVHOOK_LOCK_WAIT says. */
#define DIRLOCK_WAIT 60

/* Takes the lock on dir, waiting up to the limit (saying once that it waits). Returns the
 * descriptor that holds it (close it to release), -1 when dir's file system has no locks
 * (then runs are not serialised, and each still replaces all or nothing), or a negative code
 * below -1 with a message when another run held it all that time. */
int dirlock_take(const char *dir, struct err *e);

#endif
