#ifndef PYENVHOOK_INTERP_H
#define PYENVHOOK_INTERP_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "err.h"

/* A Python interpreter and the facts about it that making a venv needs, as it reported them
 * (see interp_probe.c for the question asked). */
struct interp {
        char *path;         /* as found (not resolved): what the venv's bin/ links to */
        char *real;         /* realpath(path) */
        const char *source; /* "PATH", "pyenv", "uv" or "given" */
        int ver[3];         /* major, minor, micro */
        char *version, *releaselevel, *implementation;
        char *base_prefix, *abiflags, *stdlib;
        char *purelib, *include, *scripts; /* relative to the venv */
        char *templates;                   /* venv's activate templates; NULL when missing */
        char *cache_tag, *magic;           /* bytecode: "cpython-312", its magic number */
        char **wheels;                     /* ensurepip's wheels, in install order */
        size_t nwheels;
        /* What this version's venv module does; read from its source by the probe. */
        int lib64, quote, minor_link, cfg_command, gitignore, scm_flag, prompt_parens, prompt_dot;
};

struct interp_list {
        struct interp *v;
        size_t n;
        struct buf notes; /* a line for each interpreter left out for a reason worth telling */
};

/* The facts from a probe's (or the cache's) JSON answer; path, real and source are left for
 * the caller. Returns 0, or -EINVAL when a field is missing or of the wrong type. */
int interp_from_json(const cJSON *j, struct interp *it);
/* Parses "3", "3.12", "3.12.1" into v (missing parts -1); returns the count of parts, or 0 when
 * s is not a version request. */
int interp_parse_version(const char *s, int v[3]);
/* Whether a version request (from interp_parse_version) matches the interpreter's version. */
int interp_version_matches(const int want[3], int nwant, const int have[3]);
/* The request a .python-version text makes (pyenv's or uv's format): the first line that is
 * not blank or a comment, with uv's "cpython@"/"cpython-" prefix dropped; "system" becomes
 * "python3". NULL when there is none. malloc'd. */
char *interp_python_version_request(const char *text);

/* Asks the interpreter at path about itself, through the cache, within the time limit.
 * -ETIMEDOUT, -EINTR: stopped (nothing cached); -ENOTSUP: Python 2. */
int interp_probe(const char *path, struct interp *it, struct err *e);
/* The same; with cached_only, -EAGAIN instead of running an interpreter not asked before. */
int interp_probe_cached(const char *path, int cached_only, struct interp *it, struct err *e);
/* The probe's time limit: PYENVHOOK_PROBE_TIMEOUT (seconds) or the default. */
int interp_probe_timeout_ms(void);
/* The cache file for a realpath (malloc'd); NULL without HOME or XDG_CACHE_HOME. */
char *interp_cache_path(const char *real);

/* Every interpreter on PATH, in $PYENV_ROOT/versions and uv's directory, each once (by
 * realpath), newest first; ones that cannot be asked are left out (and noted). cached_only:
 * only those whose answer is cached, running nothing (for completion). */
int interp_discover(struct interp_list *l, int cached_only, struct err *e);
/* The interpreter a request names (a version, a name, or a path; NULL means python3 on PATH).
 * cwd (absolute) resolves a relative path. No match: a message naming what was searched.
 * Interpreters left out on the way (hung, crashed, Python 2) get a line each in notes. */
int interp_find(const char *request, const char *cwd, struct interp *it, struct buf *notes,
                struct err *e);

/* Where pyenv and uv keep interpreters (malloc'd; NULL without HOME). */
char *interp_pyenv_versions(void);
char *interp_uv_dir(void);

void interp_free(struct interp *it);
void interp_list_free(struct interp_list *l);

#endif
