#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "json.h"
#include "path.h"

enum { LOADED = 0, CORRUPT = 1 };

static char *store_dir(struct err *e)
{
        char *p = xdg_path(XDG_DATA, "pyenvhook");
        if (!p)
                err_set(e, -errno, "%s",
                        errno == ENOMEM ? "out of memory"
                                        : "trust: neither XDG_DATA_HOME nor HOME is set");
        return p;
}

/* mkdir -p, private: the list of trusted projects is nobody else's business. */
static int make_dirs(const char *dir, struct err *e)
{
        char *p = strdup(dir);
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        for (char *s = p + 1;; s++) {
                if (*s != '/' && *s != '\0')
                        continue;
                char c = *s;
                *s = '\0';
                if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                        int rc = -errno;
                        err_set(e, rc, "%s: cannot create: %s", p, strerror(-rc));
                        free(p);
                        return rc;
                }
                *s = c;
                if (!c)
                        break;
        }
        free(p);
        return 0;
}

static int lock(struct trust_store *s, struct err *e)
{
        size_t n = strlen(s->path);
        char *lp = malloc(n + sizeof ".lock");
        if (!lp)
                return err_set(e, -ENOMEM, "out of memory");
        memcpy(lp, s->path, n);
        memcpy(lp + n, ".lock", sizeof ".lock");
        int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
        if (fd < 0) {
                int rc = -errno;
                err_set(e, rc, "%s: cannot open: %s", lp, strerror(-rc));
                free(lp);
                return rc;
        }
        while (flock(fd, LOCK_EX) != 0) {
                if (errno == EINTR)
                        continue;
                int rc = -errno;
                err_set(e, rc, "%s: cannot lock: %s", lp, strerror(-rc));
                close(fd);
                free(lp);
                return rc;
        }
        free(lp);
        s->lock_fd = fd;
        return 0;
}

static void unlock(struct trust_store *s)
{
        if (s->lock_fd >= 0)
                close(s->lock_fd); /* closing drops the flock */
        s->lock_fd = -1;
}

static int valid_entry(const cJSON *it)
{
        if (!cJSON_IsObject(it))
                return 0;
        const char *must[] = {"root", "venv"}, *may[] = {"marker", "sha256", "allowed"};
        for (size_t i = 0; i < 2; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, must[i]);
                if (!cJSON_IsString(v) || !v->valuestring || v->valuestring[0] != '/')
                        return 0;
        }
        for (size_t i = 0; i < 3; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, may[i]);
                if (v && !cJSON_IsNull(v) && !(cJSON_IsString(v) && v->valuestring))
                        return 0;
        }
        /* a marker without its digest could never match, and is not something we wrote */
        return !trust_entry_str(it, "marker") == !trust_entry_str(it, "sha256");
}

/* The store decides what may take over the user's PATH, so, as ssh's StrictModes asks of
 * authorized_keys, it and its directory must be the user's and writable by nobody else. */
static int check_private(const char *path, struct err *e)
{
        struct stat st;
        if (stat(path, &st) != 0)
                return 0; /* missing is empty; unreadable is reported by the read */
        if (st.st_uid != geteuid())
                return err_set(e, -EPERM,
                               "%s: refusing a trust store owned by uid %lu, not by you (uid %lu); "
                               "trusting no project",
                               path, (unsigned long)st.st_uid, (unsigned long)geteuid());
        if (st.st_mode & (S_IWGRP | S_IWOTH))
                return err_set(e, -EPERM,
                               "%s: refusing a trust store that group or others can write "
                               "('chmod go-w' on it fixes that); trusting no project",
                               path);
        return 0;
}

/* Reads s->path into s->json: LOADED, CORRUPT with why in bad, or a negative code when the
 * file cannot be read (which says nothing about its content, so it is not moved aside). */
static int load(struct trust_store *s, struct err *bad, struct err *e)
{
        cJSON_Delete(s->json);
        s->json = NULL;
        s->projects = NULL;
        char *text;
        size_t len;
        char *dir = strdup(s->path);
        if (!dir)
                return err_set(e, -ENOMEM, "out of memory");
        *strrchr(dir, '/') = '\0';
        int rc = check_private(dir, e);
        free(dir);
        if (rc < 0 || (rc = check_private(s->path, e)) < 0)
                return rc;
        rc = file_read(s->path, TRUST_MAX, &text, &len, e);
        if (rc == -ENOENT) {
                s->json = cJSON_CreateObject();
                if (!s->json || !cJSON_AddNumberToObject(s->json, "version", TRUST_VERSION) ||
                    !(s->projects = cJSON_AddArrayToObject(s->json, "projects")))
                        return err_set(e, -ENOMEM, "out of memory");
                return LOADED;
        }
        if (rc == -EFBIG || rc == -EISDIR || rc == -EINVAL) {
                *bad = *e;
                return CORRUPT;
        }
        if (rc < 0)
                return rc;
        cJSON *json;
        rc = json_parse_object(text, len, s->path, &json, bad);
        free(text);
        if (rc == -ENOMEM)
                return err_set(e, rc, "out of memory");
        if (rc < 0)
                return CORRUPT;
        const cJSON *ver = cJSON_GetObjectItemCaseSensitive(json, "version");
        cJSON *projects = cJSON_GetObjectItemCaseSensitive(json, "projects");
        if (cJSON_IsNumber(ver) && ver->valuedouble > TRUST_VERSION) {
                double v = ver->valuedouble;
                cJSON_Delete(json);
                return err_set(e, -EPROTO,
                               "%s: written by a newer pyenvhook (version %g); trusting "
                               "nothing from it and leaving it as it is",
                               s->path, v);
        }
        if (!cJSON_IsNumber(ver) || ver->valuedouble != TRUST_VERSION || !cJSON_IsArray(projects)) {
                cJSON_Delete(json);
                err_set(bad, -EINVAL, "%s: not a trust store (no version %d and projects list)",
                        s->path, TRUST_VERSION);
                return CORRUPT;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, projects)
        {
                if (!valid_entry(it)) {
                        cJSON_Delete(json);
                        err_set(bad, -EINVAL, "%s: an entry of \"projects\" is malformed", s->path);
                        return CORRUPT;
                }
        }
        s->json = json;
        s->projects = projects;
        return LOADED;
}

/* Moves a corrupt store aside, under the lock, so that the user keeps it to look at and the
 * next reader starts afresh (which is why it is reported once only). */
static int set_aside(struct trust_store *s, const struct err *bad, struct err *e)
{
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
        size_t n = strlen(s->path) + sizeof ".corrupt-" + sizeof stamp + 16;
        char *aside = malloc(n);
        if (!aside)
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        snprintf(aside, n, "%s.corrupt-%s", s->path, stamp);
        for (int i = 2; lstat(aside, &st) == 0 && i < 1000; i++)
                snprintf(aside, n, "%s.corrupt-%s.%d", s->path, stamp, i);
        if (rename(s->path, aside) != 0) {
                int rc = -errno;
                err_set(e, rc, "%s; and it cannot be moved aside: %s", bad->msg, strerror(-rc));
                free(aside);
                return rc;
        }
        err_set(&s->note, 0, "%s; moved it to %s, and trusting no project until allowed again",
                bad->msg, aside);
        s->set_aside = 1;
        free(aside);
        return 0;
}

static int empty(struct trust_store *s, struct err *e)
{
        cJSON_Delete(s->json);
        s->json = cJSON_CreateObject();
        if (!s->json || !cJSON_AddNumberToObject(s->json, "version", TRUST_VERSION) ||
            !(s->projects = cJSON_AddArrayToObject(s->json, "projects")))
                return err_set(e, -ENOMEM, "out of memory");
        return 0;
}

int trust_open(struct trust_store *s, int for_write, struct err *e)
{
        memset(s, 0, sizeof *s);
        s->lock_fd = -1;
        char *dir = store_dir(e);
        if (!dir)
                return ERR_FAIL;
        s->path = path_join(dir, "trust.json");
        if (!s->path) {
                free(dir);
                return err_set(e, -ENOMEM, "out of memory");
        }
        int rc = 0;
        if (for_write && ((rc = make_dirs(dir, e)) < 0 || (rc = lock(s, e)) < 0))
                goto out;
        struct err bad;
        rc = load(s, &bad, e);
        if (rc == CORRUPT && s->lock_fd < 0) {
                /* Look again under the lock: a writer may have fixed it meanwhile, and only
                 * one process must move it aside. */
                if ((rc = lock(s, e)) < 0)
                        goto out;
                rc = load(s, &bad, e);
        }
        if (rc == CORRUPT) {
                rc = set_aside(s, &bad, e);
                if (rc == 0)
                        rc = empty(s, e);
        }
        if (!for_write)
                unlock(s);
out:
        free(dir);
        if (rc < 0) {
                /* closed, so that trust_close is harmless and nothing leaks without it */
                struct err note = s->note;
                int aside = s->set_aside;
                trust_close(s);
                s->note = note;
                s->set_aside = aside;
        }
        return rc;
}

int trust_save(struct trust_store *s, struct err *e)
{
        char *text = cJSON_Print(s->json);
        if (!text)
                return err_set(e, -ENOMEM, "out of memory");
        size_t n = strlen(text);
        char *data = malloc(n + 2);
        if (!data) {
                cJSON_free(text);
                return err_set(e, -ENOMEM, "out of memory");
        }
        memcpy(data, text, n);
        data[n] = '\n';
        data[n + 1] = '\0';
        cJSON_free(text);
        int rc = file_write_atomic(s->path, data, n + 1, e);
        free(data);
        if (rc < 0)
                return rc;
        /* The rename is durable once the directory is. */
        char *dir = strdup(s->path);
        if (!dir)
                return err_set(e, -ENOMEM, "out of memory");
        *strrchr(dir, '/') = '\0';
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
                fsync(fd);
                close(fd);
        }
        free(dir);
        return 0;
}

void trust_close(struct trust_store *s)
{
        unlock(s);
        cJSON_Delete(s->json);
        free(s->path);
        memset(s, 0, sizeof *s);
        s->lock_fd = -1;
}

char *trust_canonical(const char *path)
{
        char *r = realpath(path, NULL);
        return r ? r : strdup(path);
}

int trust_fingerprint(const struct project *p, struct trust_fp *fp, struct err *e)
{
        memset(fp, 0, sizeof *fp);
        fp->root = trust_canonical(p->root);
        fp->venv = trust_canonical(p->venv);
        if (fp->root && p->marker) {
                fp->marker = path_join(fp->root, MARKER_NAME);
                memcpy(fp->sha256, p->m.sha256, sizeof fp->sha256);
        }
        if (!fp->root || !fp->venv || (p->marker && !fp->marker)) {
                trust_fp_free(fp);
                return err_set(e, -ENOMEM, "out of memory");
        }
        return 0;
}

void trust_fp_free(struct trust_fp *fp)
{
        free(fp->root);
        free(fp->marker);
        free(fp->venv);
        memset(fp, 0, sizeof *fp);
}

const char *trust_entry_str(const cJSON *entry, const char *key)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
        return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int same(const char *a, const char *b)
{
        return a && b ? strcmp(a, b) == 0 : a == b;
}

enum trust_verdict trust_lookup(const struct trust_store *s, const struct trust_fp *fp,
                                const cJSON **entry)
{
        const cJSON *it;
        if (entry)
                *entry = NULL;
        cJSON_ArrayForEach(it, s->projects)
        {
                if (!same(trust_entry_str(it, "root"), fp->root))
                        continue;
                if (entry)
                        *entry = it;
                if (same(trust_entry_str(it, "marker"), fp->marker) &&
                    same(trust_entry_str(it, "sha256"), fp->marker ? fp->sha256 : NULL) &&
                    same(trust_entry_str(it, "venv"), fp->venv))
                        return TRUST_ALLOWED;
                return TRUST_CHANGED;
        }
        return TRUST_UNKNOWN;
}

int trust_check(const struct project *p, int *noted, struct err *note, struct err *e)
{
        *noted = 0;
        struct trust_store s;
        int rc = trust_open(&s, 0, e);
        if (rc < 0)
                return rc;
        if (s.set_aside) {
                *noted = 1;
                *note = s.note;
        }
        struct trust_fp fp;
        rc = trust_fingerprint(p, &fp, e);
        if (rc == 0) {
                rc = (int)trust_lookup(&s, &fp, NULL);
                trust_fp_free(&fp);
        }
        trust_close(&s);
        return rc;
}

int trust_remove(struct trust_store *s, const char *root)
{
        int n = 0;
        cJSON *it = s->projects ? s->projects->child : NULL;
        while (it) {
                cJSON *next = it->next;
                if (same(trust_entry_str(it, "root"), root)) {
                        cJSON_Delete(cJSON_DetachItemViaPointer(s->projects, it));
                        n++;
                }
                it = next;
        }
        return n;
}

static int add_opt(cJSON *o, const char *key, const char *v)
{
        return v ? cJSON_AddStringToObject(o, key, v) != NULL
                 : cJSON_AddNullToObject(o, key) != NULL;
}

int trust_put(struct trust_store *s, const struct trust_fp *fp, struct err *e)
{
        trust_remove(s, fp->root);
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
        cJSON *o = cJSON_CreateObject();
        if (!o || !add_opt(o, "root", fp->root) || !add_opt(o, "marker", fp->marker) ||
            !add_opt(o, "sha256", fp->marker ? fp->sha256 : NULL) ||
            !add_opt(o, "venv", fp->venv) || !add_opt(o, "allowed", stamp) ||
            !cJSON_AddItemToArray(s->projects, o)) {
                cJSON_Delete(o);
                return err_set(e, -ENOMEM, "out of memory");
        }
        return 0;
}

int trust_allow_project(const char *root, struct err *e)
{
        struct config cfg;
        struct err ignored;
        if (config_load(&cfg, &ignored) < 0)
                cfg.implicit_venv = 1;
        struct project p;
        int rc = project_find(root, &cfg, &p, e);
        if (rc < 0) {
                project_free(&p);
                return rc;
        }
        if (p.kind == PROJECT_NONE) {
                project_free(&p);
                return err_set(e, -ENOENT, "%s: no %s or .venv/pyvenv.cfg here or above", root,
                               MARKER_NAME);
        }
        struct trust_fp fp;
        rc = trust_fingerprint(&p, &fp, e);
        project_free(&p);
        if (rc < 0)
                return rc;
        struct trust_store s;
        rc = trust_open(&s, 1, e);
        if (rc == 0)
                rc = trust_put(&s, &fp, e);
        if (rc == 0)
                rc = trust_save(&s, e);
        if (rc == 0 && s.set_aside) {
                *e = s.note;
                rc = 1;
        }
        trust_close(&s);
        trust_fp_free(&fp);
        return rc;
}
