#ifndef PYENVHOOK_DISPLAY_H
#define PYENVHOOK_DISPLAY_H

#include "buf.h"

/* Appends s for a terminal: control characters (C0, DEL, and C1 encoded as UTF-8)
 * become \n, \t or \xNN, so a hostile file name can neither break a message into several
 * lines nor send escape sequences to the user's terminal. Other bytes pass as they are. */
void buf_add_shown(struct buf *b, const char *s);

/* Whether s holds a byte that buf_add_shown would escape: what must never reach a prompt. */
int display_has_control(const char *s);

#endif
