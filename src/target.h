#ifndef PYENVHOOK_TARGET_H
#define PYENVHOOK_TARGET_H

#include "err.h"
#include "project.h"

/* What should be active in a directory, and why: the one decision that `export` acts on and
 * `status` explains, so the two cannot disagree. */
enum target_kind {
        TARGET_NONE,      /* no project at or above the directory */
        TARGET_READY,     /* a project with a usable venv */
        TARGET_NO_VENV,   /* a project whose venv does not exist yet */
        TARGET_BROKEN,    /* a project whose marker or venv is unusable; err says why */
        TARGET_UNTRUSTED, /* a usable venv the user has not allowed (see trust.h) */
};

struct target {
        enum target_kind kind;
        char *cwd;
        struct project p;
        char *prompt; /* for TARGET_READY: VIRTUAL_ENV_PROMPT */
        struct err err;
        int config_broken; /* the settings file is unusable; defaults were used */
        struct err config_err;
        int trust;       /* for TARGET_UNTRUSTED: TRUST_UNKNOWN or TRUST_CHANGED */
        int trust_noted; /* the trust store was corrupt and moved aside: report trust_note */
        struct err trust_note;
};

/* Fills t; allocation failures come back as TARGET_BROKEN, so this cannot fail. */
void target_resolve(struct target *t);
void target_free(struct target *t);

#endif
