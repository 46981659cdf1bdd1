#ifndef PYENVHOOK_CONV_TOOLS_H
#define PYENVHOOK_CONV_TOOLS_H

#include "conv_hit.h"

/* The conventions of conv-tools (conv_poetry.c, conv_pipenv.c, conv_pdm.c): conv.h's conv_fn. */
int conv_poetry(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_pipenv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_pdm(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);

/* What the Poetry, Pipenv and PDM conventions share: the way the first two name a venv after
 * the project; and the tests of the file system that they, .python-envs and uv make. */

/* The first 8 characters of the URL-safe base64 of SHA-256(s): Poetry's hash of the project
 * directory and Pipenv's of its Pipfile (6 bytes of the digest, which are the same 8). */
void tool_hash8(const char *s, char out[9]);
/* name with each byte in bad replaced by '_', cut to 42 characters (not bytes: both tools
 * slice a Python str), ASCII letters lowered when lower. malloc'd. */
char *tool_sanitize(const char *name, const char *bad, int lower);
/* Puts path's real path (links resolved, as trust fingerprints the files a project reached
 * through a link the same as the project itself) in the first free slot of hit->files. */
int tool_hit_file(struct conv_hit *hit, const char *path, struct err *e);
/* 1 when dir holds a pyvenv.cfg (a venv that exists), else 0. */
int tool_is_venv(const char *dir);
/* 1 when path is a regular file (links followed), else 0. */
int tool_is_file(const char *path);
/* p with a leading "~" or "~/" replaced by $HOME, as Python's expanduser; NULL when p needs
 * HOME and it is unset or relative. malloc'd. */
char *tool_expanduser(const char *p);

#endif
