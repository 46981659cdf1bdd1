#ifndef PYENVHOOK_CONV_CORE_H
#define PYENVHOOK_CONV_CORE_H

#include "conv_hit.h"

/* The conventions of conv-core (conv_pyenvs.c, conv_venvfile.c, conv_pyenv.c): conv_hit.h's
 * conv_fn, each in its own file, tried by conv.c's table. */
int conv_python_envs(const char *dir, const struct config *cfg, struct conv_hit *hit,
                     struct err *e);
int conv_venv_file(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_venv_name(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
int conv_pyenv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);

/* uv (conv_uv.c): no project file decides, so the hit names none (files[0] NULL). */
int conv_uv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e);
/* 1 when UV_PROJECT_ENVIRONMENT decides dir's venv, so that a .venv there is not it. */
int conv_uv_applies(const char *dir, const struct config *cfg);

#endif
