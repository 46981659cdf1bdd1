#ifndef PYENVHOOK_SHELL_H
#define PYENVHOOK_SHELL_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* What differs between shells, in one place. The hook's logic lives in shell/hook.<name>;
 * the C side only ever hands the shell quoted words, so quoting is the one rule per shell. */
struct shell {
        const char *name;
        const char *hook; /* the template behind `pyenvhook init <name>` */
        /* Appends s as one word that the shell reads back byte for byte and never expands. */
        void (*quote)(struct buf *b, const char *s);
        /* Appends a line that exports name=value (value NULL: removes name) in this shell. */
        void (*setenv)(struct buf *b, const char *name, const char *value);
        /* How its test -nt treats a missing file (see watch.h): bash and fish call a missing
         * file older than any, zsh calls the comparison false. So zsh's hook asks whether a
         * stamp is still newer than its file, and its stamps are 1 ns newer than the file. */
        int stamp_after;
        /* NULL for a shell that evals the rendered hook as it is. Else init hands the hook
         * here and prints what this puts in out: tcsh cannot eval it (no functions, one-line
         * aliases), so it is kept where tcsh can source it and out gets the line that does;
         * bash gets it inside a version check (shell/bash-guard.sh). 0 or a negative errno
         * with e set. */
        int (*init)(struct buf *hook, struct buf *out, struct err *e);
        /* NULL when the shell reads back every string quote writes. Else NULL for s it
         * does, and for s it would not, why not: a phrase to follow s's name, so that the
         * caller refuses what depends on s rather than hand the shell a mangled word. */
        const char *(*cannot_carry)(const char *s);
        /* NULL for a shell that reads a call of the hook's functions as fn 'arg'... (see
         * shell_call). Else it appends that call in the form this shell's hook reads as data
         * (nushell: a NUON list), one line, never code to run. */
        void (*call)(struct buf *b, const char *fn, const char *const *args, size_t nargs);
        /* Its file tests resolve ".." in a path by the path's text, not by the directories
         * on disk (nushell), so a stamp reached through the venv (cmd_export's via_venv)
         * would not tell that the venv is gone: it gets the stamp's own path. */
        int lexical_paths;
};

/* sh->cannot_carry(s), or NULL when the shell has none. */
const char *shell_cannot_carry(const struct shell *sh, const char *s);

const struct shell *shell_find(const char *name);
/* The shells' names, for messages and completion: "bash, zsh, fish, tcsh, nu". */
const char *shell_names(void);

/* A call of one of the hook's functions: fn 'arg1' 'arg2'... then a newline. Function-call
 * syntax is the same in the POSIX shells, fish and tcsh; only the quoting differs. A shell
 * with its own call (struct shell) gets that instead. */
void shell_call(const struct shell *sh, struct buf *b, const char *fn, const char *const *args,
                size_t nargs);

/* Quoting and export for POSIX-family shells (bash, zsh). */
void shell_quote_posix(struct buf *b, const char *s);
void shell_setenv_posix(struct buf *b, const char *name, const char *value);

extern const struct shell shell_bash, shell_zsh, shell_fish, shell_tcsh, shell_nu;

#endif
