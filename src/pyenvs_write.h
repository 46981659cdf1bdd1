#ifndef PYENVHOOK_PYENVS_WRITE_H
#define PYENVHOOK_PYENVS_WRITE_H

#include "err.h"

/* Recording a venv that create made in the project's .python-envs (PEP 832), so that editors
 * and other tools reading the list find it as the default. The file is rewritten under an
 * flock on a .python-envs.lock beside it, where other PEP 832 writers (virtualenv's pending
 * support) lock too, so that two writers at once both land; the new text is written to a
 * temporary file, synced and renamed over the old one, so a kill leaves the old or the new
 * file whole. */

/* What pyenvs_record did, when it did not fail. */
enum pyenvs_record_result {
        PYENVS_RECORDED,  /* the venv's line is now the last */
        PYENVS_UNCHANGED, /* its line was the last already: the file is left byte for byte */
        PYENVS_NO_FILE,   /* dir has no .python-envs: nothing to record in */
        PYENVS_IMPLICIT,  /* venv is dir/.venv, the list's implicit last line: left alone */
        PYENVS_LINKED,    /* the list is a symbolic link: left alone, for its owner to edit */
};

/* Makes venv (absolute, normalized) the default of dir's .python-envs: every line naming it,
 * however written (./x, x, dir/x), is taken out and one line for it appended, relative to
 * dir when it is inside it, else absolute; other lines stay byte for byte, in order. With
 * check_only, does every check (the file is a regular file nobody else could write, its lines
 * parse, the new line is one the list may hold) and writes nothing, taking no lock. A negative
 * code with e saying why (naming the file) when the file is refused or cannot be written, or
 * the lock is a symbolic link, not a regular file or not the user's. Waiting for the lock
 * says so once on stderr; a signal while waiting gives -EINTR. */
int pyenvs_record(const char *dir, const char *venv, int check_only, struct err *e);

#endif
