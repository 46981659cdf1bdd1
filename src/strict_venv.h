#ifndef PYENVHOOK_STRICT_VENV_H
#define PYENVHOOK_STRICT_VENV_H

#include "err.h"
#include "project.h"

/* Checks the project's venv (which must exist) and what inside it runs or is read at every
 * start (bin/ and each entry in it, pyvenv.cfg, site-packages and its .pth files, those that
 * are there: whether it is a venv at all is venv_probe's to say), and replaces p->venv with
 * its resolved path, so the directory put on PATH is the one checked. Also refuses a venv
 * path holding ':', which would split its PATH entry. */
int strict_check_project(struct project *p, struct err *e);

#endif
