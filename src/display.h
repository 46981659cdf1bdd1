#ifndef PYENVHOOK_DISPLAY_H
#define PYENVHOOK_DISPLAY_H

#include <stddef.h>

#include "buf.h"

/* Appends s for a terminal: control characters (C0, DEL, C1), bidirectional controls and bytes
 * that are not UTF-8 become \n, \t or \xNN (one for each byte), so a hostile file name can
 * neither break a message into several lines, nor send escape sequences to the user's
 * terminal, nor reorder how the line reads. Other UTF-8 text passes as it is. */
void buf_add_shown(struct buf *b, const char *s);

/* Whether s holds anything buf_add_shown would escape, which must never reach a prompt: 0 when
 * not, else 1 with why (size bytes) set to a phrase for the first fault, such as "is not valid
 * UTF-8 (byte 0x9b)", to follow the name of what was refused. */
int display_refusal(const char *s, char *why, size_t size);

#endif
