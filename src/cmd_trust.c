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
#include "strict_venv.h"
#include "trust.h"

/* The directory a command is about: DIR against the shell's working directory, or that. An
 * empty DIR or "-" is a mistake (a variable that was not set, a habit from other tools), not
 * a name for the working directory: a usage error, as is an option. Sets *status. */
static char *target_dir(int argc, char **argv, int *status)
{
        *status = EXIT_FAIL;
        if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1]))
                return *status = cmd_bad_arg(argv[0], argv[argc - 1]), NULL;
        if (argc == 2 && (!argv[1][0] || strcmp(argv[1], "-") == 0)) {
                *status = cmd_usage_error(
                    argv[0], "'%s' is not a directory; name one, or none for this one", argv[1]);
                return NULL;
        }
        struct err e;
        /* an absolute DIR needs no working directory, which may be gone (deny of a project
         * removed from under the shell) */
        char *cwd = argc == 2 && argv[1][0] == '/' ? strdup("/") : path_cwd(&e);
        if (!cwd) {
                warnx_("%s: %s", argv[0], argc == 2 && argv[1][0] == '/' ? "out of memory" : e.msg);
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
        int status;
        char *dir = target_dir(argc, argv, &status);
        if (!dir)
                return status;
        struct project p;
        struct err e;
        struct stat st;
        int rc = 0;
        memset(&p, 0, sizeof p);
        if (stat(dir, &st) != 0)
                rc = err_set(&e, -errno, "%s: %s", dir, strerror(errno));
        else if (!S_ISDIR(st.st_mode))
                rc = err_set(&e, -ENOTDIR, "%s: not a directory", dir);
        if (rc == 0)
                rc = find(dir, &p, &e);
        /* A marker passed over as unsafe is the project the user means: not the one above. */
        if (rc == 0 && p.ignored)
                rc = err_set(&e, -EPERM, "%s", p.ignored_why.msg);
        if (rc == 0 && p.kind == PROJECT_NONE)
                rc =
                    err_set(&e, -ENOENT, "no project at or above %s (" PROJECT_NONE_KINDS ")", dir);
        /* What is refused at activation is not worth allowing; a venv not made yet is
         * checked when it is there. */
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
        int status;
        char *dir = target_dir(argc, argv, &status);
        if (!dir)
                return status;
        /* A broken marker still names its project; with none at all, DIR itself may be an
         * entry whose project is gone. */
        struct stat st;
        int exists = stat(dir, &st) == 0;
        struct project p;
        struct err e;
        memset(&p, 0, sizeof p);
        if (exists)
                find(dir, &p, &e);
        char *root = trust_canonical(p.root ? p.root : dir);
        project_free(&p);
        if (!root) {
                warnx_("deny: out of memory");
                free(dir);
                return EXIT_FAIL;
        }
        int rc = trust_deny(root, &e);
        if (rc < 0)
                warnx_("deny: %s", e.msg);
        else if (rc == 0 && !exists)
                warnx_("deny: %s: no such directory, and no project allowed there", dir);
        free(dir);
        if (rc < 0 || (rc == 0 && !exists)) {
                free(root);
                return EXIT_FAIL;
        }
        if (rc)
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
        /* A project whose directory is gone is gone: looking for it would walk up through
         * its parents for a marker, which cost list and prune a millisecond an entry. */
        struct stat st;
        if (lstat(root, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
                return "gone";
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
                if (strcmp(fp.root, root) == 0)
                        r = trust_match(entry, &fp) == TRUST_ALLOWED ? "allowed" : "changed";
                trust_fp_free(&fp);
        }
        project_free(&p);
        return r;
}

/* The store's entries, as list and prune see them: each a copy with its state and file. */
static int collect(const char *file, const cJSON *entry, const struct err *why, void *arg)
{
        cJSON *o = entry ? cJSON_Duplicate(entry, 1) : cJSON_CreateObject();
        if (!o)
                return -ENOMEM;
        cJSON_DeleteItemFromObjectCaseSensitive(o, "version");
        if (!cJSON_AddStringToObject(o, "state", entry ? entry_state(entry) : "damaged") ||
            !cJSON_AddStringToObject(o, "file", file) ||
            (why && !cJSON_AddStringToObject(o, "reason", why->msg)) ||
            !cJSON_AddItemToArray(arg, o)) {
                cJSON_Delete(o);
                return -ENOMEM;
        }
        return 0;
}

static const char *key_of(const cJSON *o)
{
        const char *k = trust_entry_str(o, "root");
        return k ? k : trust_entry_str(o, "file");
}

static int by_root(const void *a, const void *b)
{
        return strcmp(key_of(*(cJSON *const *)a), key_of(*(cJSON *const *)b));
}

static void sort_by_root(cJSON *arr);

/* Every entry, sorted by project so that the output is stable, or in the directory's own
 * order (which removing them in is many times faster on ext4); NULL with e on failure. */
static cJSON *entries(const char *name, int sorted, struct err *e)
{
        cJSON *arr = cJSON_CreateArray();
        if (!arr) {
                err_set(e, -ENOMEM, "%s: out of memory", name);
                return NULL;
        }
        int rc = trust_each(collect, arr, e);
        if (rc < 0) {
                if (rc == -ENOMEM)
                        err_set(e, rc, "out of memory");
                cJSON_Delete(arr);
                return NULL;
        }
        if (sorted)
                sort_by_root(arr);
        return arr;
}

static void sort_by_root(cJSON *arr)
{
        int n = cJSON_GetArraySize(arr);
        cJSON **v = n ? malloc((size_t)n * sizeof *v) : NULL;
        if (!v)
                return; /* unsorted output, still whole */
        for (int i = 0; i < n; i++)
                v[i] = cJSON_DetachItemFromArray(arr, 0);
        if (n)
                qsort(v, (size_t)n, sizeof *v, by_root);
        for (int i = 0; i < n; i++)
                cJSON_AddItemToArray(arr, v[i]);
        free(v);
}

static void list_text(const cJSON *arr, struct buf *b)
{
        const cJSON *it;
        if (!cJSON_GetArraySize(arr))
                info_("no project is allowed"); /* stdout stays empty: nothing to list */
        cJSON_ArrayForEach(it, arr)
        {
                const char *state = trust_entry_str(it, "state");
                if (strcmp(state, "damaged") == 0) {
                        buf_add_shown(b, trust_entry_str(it, "reason"));
                        buf_adds(b, " (its project is not trusted until allowed again)\n");
                        continue;
                }
                const char *allowed = trust_entry_str(it, "allowed");
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
        struct err e;
        cJSON *arr = entries("list", 1, &e);
        if (!arr) {
                warnx_("list: %s", e.msg);
                return EXIT_FAIL;
        }
        struct buf b = {0};
        if (json) {
                cJSON *out = cJSON_CreateObject();
                if (out && cJSON_AddItemToObject(out, "projects", arr))
                        arr = NULL;
                rc = json_emit(out, &b);
        } else {
                list_text(arr, &b);
        }
        cJSON_Delete(arr);
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
        struct err e;
        cJSON *arr = entries("prune", 0, &e);
        if (!arr) {
                warnx_("prune: %s", e.msg);
                return EXIT_FAIL;
        }
        int n = 0, status = EXIT_OK;
        cJSON *dropped = cJSON_CreateArray();
        if (!dropped) {
                cJSON_Delete(arr);
                warnx_("prune: out of memory");
                return EXIT_FAIL;
        }
        cJSON *it = arr->child;
        while (it) {
                cJSON *next = it->next;
                if (strcmp(trust_entry_str(it, "state"), "gone") != 0) {
                        it = next;
                        continue;
                }
                if (trust_remove_file(trust_entry_str(it, "file"), &e) < 0) {
                        warnx_("prune: %s", e.msg);
                        status = EXIT_FAIL;
                } else {
                        cJSON_AddItemToArray(dropped, cJSON_DetachItemViaPointer(arr, it));
                        n++;
                }
                it = next;
        }
        sort_by_root(dropped);
        cJSON_ArrayForEach(it, dropped)
        {
                info_("dropped %s (gone)", trust_entry_str(it, "root"));
        }
        cJSON_Delete(dropped);
        cJSON_Delete(arr);
        trust_clean_leftovers();
        info_("%d %s dropped", n, n == 1 ? "entry" : "entries");
        return status;
}
