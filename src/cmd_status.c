#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd.h"
#include "display.h"
#include "err.h"
#include "json.h"
#include "state.h"
#include "target.h"
#include "trust.h"

struct report {
        const char *state; /* stable names, documented for --json users */
        struct buf reason;
};

/* Why this venv: the marker that names it, or, with none, the bare .venv found where it is. */
static const char *chosen_by(const struct target *t, char *out, size_t n)
{
        if (t->p.marker)
                snprintf(out, n, "chosen by %s", t->p.marker);
        else if (t->p.kind == PROJECT_CONV && t->p.conv.line)
                snprintf(out, n, "chosen by %s line %u (%s)", t->p.conv.files[0], t->p.conv.line,
                         t->p.conv.tool);
        else if (t->p.kind == PROJECT_CONV && t->p.conv.files[0])
                snprintf(out, n, "chosen by %s (%s)", t->p.conv.files[0], t->p.conv.tool);
        else if (t->p.kind == PROJECT_CONV)
                snprintf(out, n, "chosen by %s", t->p.conv.tool); /* no file: the environment */
        else
                snprintf(out, n, "a .venv with no %s beside it", ".pyenvhook.json");
        return out;
}

static void explain(const struct state *st, const struct target *t, struct report *r)
{
        char cb[8192];
        struct buf *b = &r->reason;
        if (st->paused) {
                r->state = "paused";
                buf_adds(b, "'pyenvhook off' is in force in this shell; 'pyenvhook on' resumes");
        } else if (st->manual) {
                r->state = "manual";
                buf_printf(b,
                           "VIRTUAL_ENV=%s was set by hand or inherited; pyenvhook leaves it "
                           "alone until it is deactivated",
                           st->virtual_env);
        } else if (t->kind == TARGET_NONE) {
                r->state = "no-project";
                buf_printf(b, "no project at or above %s (" PROJECT_NONE_KINDS ")",
                           t->cwd ? t->cwd : "?");
        } else if (t->kind == TARGET_NO_VENV) {
                r->state = "no-venv";
                buf_printf(b, "%s has no venv yet (%s); run: pyenvhook create", t->p.root,
                           t->p.venv);
        } else if (t->kind == TARGET_BROKEN) {
                r->state = "broken";
                buf_adds(b, t->err.msg);
        } else if (t->kind == TARGET_UNTRUSTED) {
                r->state = "untrusted";
                buf_printf(b, "%s would be activated (%s), but %s; run: pyenvhook allow %s",
                           t->p.venv, chosen_by(t, cb, sizeof cb),
                           t->trust == TRUST_CHANGED ? "it changed since it was allowed"
                                                     : "it is not allowed",
                           t->p.root);
        } else if (st->active && strcmp(st->mark, t->p.venv) == 0) {
                r->state = "active";
                buf_adds(b, chosen_by(t, cb, sizeof cb));
        } else {
                r->state = "pending";
                /* Without the hook, print_text says so on a line of its own. */
                buf_printf(b, "%s would be activated (%s)%s", t->p.venv,
                           chosen_by(t, cb, sizeof cb),
                           st->hook ? " at the next prompt" : " in a shell with the hook loaded");
        }
}

static const char *source_name(const struct target *t)
{
        switch (t->p.kind) {
        case PROJECT_MARKER:
                return "marker";
        case PROJECT_DOTVENV:
                return "dotvenv";
        case PROJECT_CONV:
                return "convention";
        case PROJECT_NONE:
                break;
        }
        return NULL;
}

static void add_str(cJSON *o, const char *key, const char *v)
{
        if (v)
                cJSON_AddStringToObject(o, key, v);
        else
                cJSON_AddNullToObject(o, key);
}

static int print_json(const struct state *st, const struct target *t, const struct report *r,
                      struct buf *out)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return -ENOMEM;
        add_str(o, "state", r->state);
        /* this directory's venv, when it is the one active: what is active elsewhere is
         * not the answer here, as the words' "inactive (pending)" says */
        add_str(o, "active", strcmp(r->state, "active") == 0 ? st->mark : NULL);
        add_str(o, "venv", t->p.venv);
        add_str(o, "prompt", t->prompt);
        add_str(o, "project", t->p.root);
        add_str(o, "source", source_name(t));
        add_str(o, "marker", t->p.marker);
        /* for "convention": the tool's words and the file that decided */
        add_str(o, "convention", t->p.kind == PROJECT_CONV ? t->p.conv.tool : NULL);
        add_str(o, "convention_file", t->p.kind == PROJECT_CONV ? t->p.conv.files[0] : NULL);
        /* the line of that file that decided, for a list such as .python-envs */
        if (t->p.kind == PROJECT_CONV && t->p.conv.line)
                cJSON_AddNumberToObject(o, "convention_line", t->p.conv.line);
        else
                cJSON_AddNullToObject(o, "convention_line");
        add_str(o, "manual", st->manual ? st->virtual_env : NULL);
        add_str(o, "hook", st->hook);
        add_str(o, "reason", r->reason.p ? r->reason.p : "");
        return json_emit(o, out);
}

static void print_text(const struct state *st, const struct target *t, const struct report *r,
                       struct buf *out)
{
        if (strcmp(r->state, "active") == 0)
                buf_printf(out, "active: %s (prompt: %s)\n", st->mark, t->prompt);
        else
                buf_printf(out, "inactive (%s)\n", r->state);
        /* file names may hold newlines and escape sequences: shown, not sent */
        buf_adds(out, "  ");
        buf_add_shown(out, r->reason.p ? r->reason.p : "");
        buf_addc(out, '\n');
        if (!st->hook)
                buf_adds(out,
                         "  the hook is not loaded in this shell: see 'pyenvhook help init'\n");
}

int cmd_status(int argc, char **argv)
{
        int json, rc = cmd_json_opt(argc, argv, "status", &json);
        if (rc)
                return rc;
        struct state st;
        state_read(&st);
        struct target t;
        target_resolve(&t);
        struct report r = {0};
        explain(&st, &t, &r);
        struct buf out = {0};
        int status = EXIT_OK;
        if (json ? print_json(&st, &t, &r, &out) < 0 : (print_text(&st, &t, &r, &out), 0)) {
                warnx_("status: out of memory");
                status = EXIT_FAIL;
        } else {
                status = cmd_write(&out, "status");
        }
        if (t.config_broken) {
                err_print(&t.config_err);
                status = EXIT_FAIL;
        }
        if (t.kind == TARGET_BROKEN)
                status = EXIT_FAIL;
        if (t.trust_noted)
                err_print(&t.trust_note);
        if (t.p.ignored)
                err_print(&t.p.ignored_why);
        buf_free(&out);
        buf_free(&r.reason);
        target_free(&t);
        return status;
}
