#ifndef PYENVHOOK_CONV_H
#define PYENVHOOK_CONV_H

#include "config.h"
#include "conv_hit.h"
#include "err.h"

/* The conventions' table (conv.c), above them: each convention is a conv_fn in a file of
 * its own (conv_core.h, conv_tools.h) below it. */

/* Tries each convention the settings leave on, in table order, at dir: the first that says
 * 1 or fails decides, with its return value (a failure keeps the files the convention named
 * in hit, its venv NULL). Files of a hit that another account could have
 * written (strict.h) make it no hit: then 0, with *unsafe set and why filled, as for a
 * marker. */
int conv_find(const char *dir, const struct config *cfg, struct conv_hit *hit, int *unsafe,
              struct err *why, struct err *e);

#endif
