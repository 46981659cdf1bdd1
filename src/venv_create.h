#ifndef PYENVHOOK_VENV_CREATE_H
#define PYENVHOOK_VENV_CREATE_H

#include "buf.h"
#include "err.h"
#include "interp.h"

/* What python -m venv would be asked to make. */
struct venv_spec {
        const struct interp *py;
        const char *dir;    /* the venv's final absolute path: what its files name */
        const char *prompt; /* --prompt as given; NULL when not given */
        const char *cwd;    /* the directory "--prompt ." names */
        int system_site_packages;
        int with_pip; /* only shows in pyvenv.cfg's command line */
};

/* Writes the venv, laid out as that interpreter's venv module lays it out, into tmp: an empty
 * directory that is renamed to s->dir afterwards. */
int venv_write(const char *tmp, const struct venv_spec *s, struct err *e);
/* The name bin/ links to the interpreter by: the found path's last component. */
const char *venv_exe_name(const struct interp *py);

/* Python's repr() of a str, as pyvenv.cfg's prompt line holds it. */
void venv_py_repr(struct buf *b, const char *s);
/* Python's shlex.quote(), as venv's patched replace_variables uses it. */
void venv_sh_quote(struct buf *b, const char *s);
/* Replaces every needle in text with value. */
void venv_replace(struct buf *out, const char *text, const char *needle, const char *value);

#endif
