#ifndef PYENVHOOK_MARKER_H
#define PYENVHOOK_MARKER_H

#include "err.h"
#include "sha256.h"

#define MARKER_NAME ".pyenvhook.json"
#define MARKER_MAX (64 * 1024)
#define MARKER_DEFAULT_VENV ".venv"

/* What a marker says. Keys later work reads (python, prompt, system_site_packages) are
 * checked for type now, so a marker that is wrong today does not start working by accident. */
struct marker {
        char *venv;                      /* as written; MARKER_DEFAULT_VENV when absent */
        char *python;                    /* NULL when absent */
        char *prompt;                    /* NULL when absent */
        int system_site_packages;        /* -1 when absent */
        char sha256[SHA256_HEX_LEN + 1]; /* of the file's bytes, for trust */
};

int marker_read(const char *path, struct marker *m, struct err *e);
/* The same for text already read (len bytes and a NUL); path only names it in messages. */
int marker_parse(const char *text, size_t len, const char *path, struct marker *m, struct err *e);
void marker_free(struct marker *m);
/* The text of the marker at path once set's non-NULL keys (and system_site_packages unless
 * -1) are in it, every other key kept in its place; new keys go last, indented with two spaces
 * as most JSON tools write. old (old_len bytes, NUL-terminated) is the marker now, NULL when
 * there is none. Returns 1 with out filled when the text must change, 0 when old already says
 * all that (then it stays byte for byte), or a negative code: a marker that is not valid JSON
 * is an error, not something to overwrite, and so is a result larger than MARKER_MAX. */
struct buf;
int marker_render(const char *old, size_t old_len, const char *path, const struct marker *set,
                  struct buf *out, struct err *e);

#endif
