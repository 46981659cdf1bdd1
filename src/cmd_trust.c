/* allow, deny, list and prune: the user's side of the trust store (trust.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "display.h"
#include "err.h"
#include "json.h"
#include "path.h"
#include "project.h"
#include "strict.h"
#include "trust.h"

/* The directory a command is about: DIR against the shell's working directory, or that. */
static char *target_dir(int argc, char **argv)
{
        struct err e;
        char *cwd = path_cwd(&e);
        if (!cwd) {
                warnx_("%s: %s", argv[0], e.msg);
                return NULL;
        }
        if (argc < 2)
                return cwd;
        char *dir = path_resolve(cwd, argv[1], &e);
        free(cwd);
        if (!dir)
                warnx_("%s: %s", argv[0], e.msg);
        return dir;
}

/* Finds the project at or above dir as the hook would, whatever the settings say about
 * .venv without a marker: trust is about what could be activated. */
static int find(const char *dir, struct project *p, struct err *e)
{
        struct config cfg = {.implicit_venv = 1};
        return project_find(dir, &cfg, p, e);
}

int cmd_allow(int argc, char **argv)
{
        if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1]))
                return cmd_usage("allow");
        char *dir = target_dir(argc, argv);
        if (!dir)
                return EXIT_FAIL;
        struct project p;
        struct err e;
        int rc = find(dir, &p, &e);
        if (rc == 0 && p.kind == PROJECT_NONE)
                rc = err_set(&e, -ENOENT, "no %s or .venv/pyvenv.cfg at or above %s", MARKER_NAME,
                             dir);
        /* What is refused at activation is not worth allowing; a venv not made yet is
         * checked when it is there. */
        struct stat st;
        if (rc == 0 && stat(p.venv, &st) == 0)
                rc = strict_check_project(&p, &e);
        if (rc == 0)
                rc = trust_allow_project(p.root, &e);
        if (rc < 0) {
                warnx_("allow: %s", e.msg);
                project_free(&p);
                free(dir);
                return EXIT_FAIL;
        }
        if (rc > 0)
                err_print(&e);
        /* What happened, not data: on stderr, and left out by --quiet. */
        info_("allowed %s: %s will be activated there", p.root, p.venv);
        project_free(&p);
        free(dir);
        return EXIT_OK;
}

int cmd_deny(int argc, char **argv)
{
        if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1]))
                return cmd_usage("deny");
        char *dir = target_dir(argc, argv);
        if (!dir)
                return EXIT_FAIL;
        /* A broken marker still names its project; with none at all, DIR itself may be an
         * entry whose project is gone. */
        struct project p;
        struct err e;
        find(dir, &p, &e);
        char *root = trust_canonical(p.root ? p.root : dir);
        project_free(&p);
        free(dir);
        if (!root) {
                warnx_("deny: out of memory");
                return EXIT_FAIL;
        }
        struct trust_store s;
        int rc = trust_open(&s, 1, &e);
        int n = 0;
        if (rc == 0 && (n = trust_remove(&s, root)) > 0)
                rc = trust_save(&s, &e);
        if (s.set_aside)
                err_print(&s.note);
        trust_close(&s);
        if (rc < 0) {
                warnx_("deny: %s", e.msg);
                free(root);
                return EXIT_FAIL;
        }
        if (n)
                info_("denied %s: its venv is no longer activated", root);
        else
                warnx_("deny: %s was not allowed", root);
        free(root);
        return EXIT_OK;
}

/* An entry against what is on disk now. */
static const char *entry_state(const cJSON *entry)
{
        const char *root = trust_entry_str(entry, "root");
        struct project p;
        struct err e;
        if (find(root, &p, &e) < 0) {
                const char *r = p.root && strcmp(p.root, root) == 0 ? "broken" : "gone";
                project_free(&p);
                return r;
        }
        const char *r = "gone";
        struct trust_fp fp;
        if (p.kind != PROJECT_NONE && trust_fingerprint(&p, &fp, &e) == 0) {
                if (strcmp(fp.root, root) == 0) {
                        struct trust_store one = {.projects = cJSON_CreateArray()};
                        cJSON *copy = cJSON_Duplicate(entry, 1);
                        if (one.projects && copy && cJSON_AddItemToArray(one.projects, copy))
                                r = trust_lookup(&one, &fp, NULL) == TRUST_ALLOWED ? "allowed"
                                                                                   : "changed";
                        else
                                cJSON_Delete(copy);
                        cJSON_Delete(one.projects);
                }
                trust_fp_free(&fp);
        }
        project_free(&p);
        return r;
}

static int list_json(const struct trust_store *s, struct buf *b)
{
        cJSON *out = cJSON_CreateObject();
        cJSON *arr = out ? cJSON_AddArrayToObject(out, "projects") : NULL;
        if (!arr) {
                cJSON_Delete(out);
                return -ENOMEM;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, s->projects)
        {
                cJSON *o = cJSON_Duplicate(it, 1);
                if (!o || !cJSON_AddStringToObject(o, "state", entry_state(it)) ||
                    !cJSON_AddItemToArray(arr, o)) {
                        cJSON_Delete(o);
                        cJSON_Delete(out);
                        return -ENOMEM;
                }
        }
        return json_emit(out, b);
}

static void list_text(const struct trust_store *s, struct buf *b)
{
        const cJSON *it;
        if (!cJSON_GetArraySize(s->projects))
                info_("no project is allowed"); /* stdout stays empty: nothing to list */
        cJSON_ArrayForEach(it, s->projects)
        {
                const char *state = entry_state(it), *allowed = trust_entry_str(it, "allowed");
                buf_add_shown(b, trust_entry_str(it, "root"));
                buf_adds(b, ": ");
                buf_add_shown(b, trust_entry_str(it, "venv"));
                buf_printf(b, " (allowed %s", allowed ? allowed : "at an unknown time");
                if (strcmp(state, "changed") == 0)
                        buf_adds(b, "; changed since, so not activated until allowed again");
                else if (strcmp(state, "gone") == 0)
                        buf_adds(b, "; the project is gone: 'pyenvhook prune' drops it");
                else if (strcmp(state, "broken") == 0)
                        buf_adds(b, "; its marker is broken");
                buf_adds(b, ")\n");
        }
}

int cmd_list(int argc, char **argv)
{
        int json, rc = cmd_json_opt(argc, argv, "list", &json);
        if (rc)
                return rc;
        struct trust_store s;
        struct err e;
        if (trust_open(&s, 0, &e) < 0) {
                warnx_("list: %s", e.msg);
                return EXIT_FAIL;
        }
        if (s.set_aside)
                err_print(&s.note);
        struct buf b = {0};
        if (json)
                rc = list_json(&s, &b);
        else
                list_text(&s, &b);
        trust_close(&s);
        if (rc < 0 || !buf_str(&b)) {
                warnx_("list: out of memory");
                buf_free(&b);
                return EXIT_FAIL;
        }
        return cmd_write(&b, "list");
}

int cmd_prune(int argc, char **argv)
{
        if (argc != 1)
                return cmd_bad_arg(argv[0], argv[1]);
        struct trust_store s;
        struct err e;
        int rc = trust_open(&s, 1, &e);
        if (rc < 0) {
                warnx_("prune: %s", e.msg);
                return EXIT_FAIL;
        }
        if (s.set_aside)
                err_print(&s.note);
        int n = 0;
        cJSON *it = s.projects->child;
        while (it) {
                cJSON *next = it->next;
                if (strcmp(entry_state(it), "gone") == 0) {
                        info_("dropped %s (gone)", trust_entry_str(it, "root"));
                        cJSON_Delete(cJSON_DetachItemViaPointer(s.projects, it));
                        n++;
                }
                it = next;
        }
        if (n && trust_save(&s, &e) < 0) {
                warnx_("prune: %s", e.msg);
                trust_close(&s);
                return EXIT_FAIL;
        }
        trust_close(&s);
        info_("%d %s dropped", n, n == 1 ? "entry" : "entries");
        return EXIT_OK;
}
