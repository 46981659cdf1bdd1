#ifndef PYENVHOOK_PROJECT_H
#define PYENVHOOK_PROJECT_H

#include "config.h"
#include "conv_hit.h"
#include "err.h"
#include "marker.h"

enum project_kind {
        PROJECT_NONE,
        PROJECT_MARKER,  /* a .pyenvhook.json */
        PROJECT_DOTVENV, /* no marker, but .venv/pyvenv.cfg */
        PROJECT_CONV     /* neither, but another tool's files name the venv (conv.h) */
};

/* Why a directory is no project, after "no project at or above DIR": every kind looked for. */
#define PROJECT_NONE_KINDS                                                                         \
        "no .pyenvhook.json, .venv, or Poetry, Pipenv, PDM or pyenv-virtualenv project"

struct project {
        enum project_kind kind;
        char *root;   /* the directory that holds the marker or .venv */
        char *marker; /* the marker's path; NULL for PROJECT_DOTVENV */
        char *venv;   /* the venv's absolute path */
        struct marker m;
        struct conv_hit conv; /* for PROJECT_CONV: its files and tool (its venv is in venv) */
        /* A marker passed over because another account could have written it (strict.h):
         * the first such, for the caller to say once why that directory is not a project. */
        int ignored;
        struct err ignored_why;
};

/* Finds the nearest project at or above dir (absolute). Returns 0 (kind may be PROJECT_NONE)
 * or a negative code when the nearest marker is broken; root and marker are filled then, so
 * callers can say which project is at fault. A marker that fails the ownership checks of
 * strict.h is passed over, with its directory, and the search goes on above it; ignored and
 * ignored_why say so. The marker is read through its checked, resolved path.
 * At each level: the marker, then .venv/pyvenv.cfg, then each convention the settings leave
 * on (conv.h); the nearest level wins. A convention whose files are broken ends the search
 * with its error, root filled; one whose files fail the ownership checks is passed over as
 * an unsafe marker is. */
int project_find(const char *dir, const struct config *cfg, struct project *p, struct err *e);
void project_free(struct project *p);

#endif
