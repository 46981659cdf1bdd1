#ifndef PYENVHOOK_COMPAT_H
#define PYENVHOOK_COMPAT_H

#include <sys/types.h>

/* The calls that only some systems have, one file per concern (compat_*.c). Each answers
 * -ENOSYS (or NULL) where the system lacks the call, and always in a portable build
 * (meson -Dportable=true), so that the caller's POSIX way, the one macOS and the BSDs take,
 * runs and is tested here too. The callers keep that way; these files hold no fallback. */

/* compat_rename.c: rename from to to, failing with -EEXIST when to exists (renameat2's
 * RENAME_NOREPLACE); and swapping a and b in one step (RENAME_EXCHANGE). 0 or -errno. */
int compat_rename_noreplace(const char *from, const char *to);
int compat_rename_exchange(const char *a, const char *b);

/* compat_copy.c: out becomes a copy-on-write clone of in (FICLONE): 0 or -errno. Copies up
 * to len bytes from in to out in the kernel (copy_file_range): the count copied, 0 at the
 * end of in, or -errno. */
int compat_reflink(int in, int out);
ssize_t compat_copy_range(int in, int out, size_t len);

/* compat_self.c: the running program's file, resolved (malloc'd), or NULL where the system
 * cannot say (no /proc/self/exe). */
char *compat_self_exe(void);

/* Whether this build is the portable one, for --version and the tests. */
extern const int compat_portable;

#endif
