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
/* The same decision for dir (relative to the working directory) instead of it; NULL is the
 * working directory. */
void target_resolve_in(struct target *t, const char *dir);
/* The hook's one line on why an untrusted venv is not activated, through say (info_ for the
 * hook, warnx_ where the refusal is the answer). */
void target_say_untrusted(const struct target *t, void (*say)(const char *fmt, ...));
void target_free(struct target *t);

#endif
