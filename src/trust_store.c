/* The trust store on disk: one private file per allowed project, written by rename, read
 * and validated one at a time; the first version's single file carried over; what killed
 * writers left behind. What an entry means is trust.c's and trust_fp.c's. */
#include "trust_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "json.h"
#include "path.h"
#include "strict.h"

/* The first version kept every entry in one JSON file, which past its size limit was moved
 * aside whole, untrusting every project at once. It is read once more, to carry its entries
 * over. */
#define LEGACY_NAME "trust.json"
#define LEGACY_MAX (256 * 1024 * 1024)
/* A temporary file older than this belongs to a writer that was killed. */
#define LEFTOVER_AGE 60

/* $XDG_DATA_HOME/pyenvhook, and the store in it, as checked paths: both must be the user's
 * and writable by nobody else, as ssh asks of ~/.ssh, since the store decides what may take
 * over the user's PATH. A store kept elsewhere through a symlink (a dotfiles manager) is
 * followed, and what it leads to is checked and used. */
int trust_store_dirs(char **base, char **store, struct err *e)
{
        *base = *store = NULL;
        char *b = xdg_path(XDG_DATA, "pyenvhook");
        char why[256];
        if (!b)
                return errno == ENOMEM
                           ? err_set(e, -ENOMEM, "out of memory")
                           : err_set(e, -ENOENT, "trust: %s", xdg_why(XDG_DATA, why, sizeof why));
        char *s = path_join(b, "trust");
        if (!s) {
                free(b);
                return err_set(e, -ENOMEM, "out of memory");
        }
        *base = b;
        *store = s;
        return 0;
}

/* Resolves and checks the store for reading: -ENOENT when there is none yet. */
int trust_store_checked(const char *store, char **real, struct err *e)
{
        struct err why;
        int rc = strict_resolve(store, "a trust store", 0, real, &why);
        if (rc == -ENOENT)
                return rc;
        if (rc < 0)
                return err_set(e, rc, "%s; trusting no project", why.msg);
        struct stat st;
        if (stat(*real, &st) != 0 || !S_ISDIR(st.st_mode)) {
                free(*real);
                *real = NULL;
                return err_set(e, -ENOTDIR, "%s: not a directory; trusting no project", store);
        }
        return 0;
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

/* The entry file for a canonical root. */
char *trust_store_entry_path(const char *store, const char *root)
{
        char hex[SHA256_HEX_LEN + 1], name[SHA256_HEX_LEN + sizeof ".json"];
        sha256_hex(root, strlen(root), hex);
        snprintf(name, sizeof name, "%s.json", hex);
        return path_join(store, name);
}

static int is_entry_name(const char *name)
{
        size_t n = strspn(name, "0123456789abcdef");
        return n == SHA256_HEX_LEN && strcmp(name + n, ".json") == 0;
}

/* The members an entry has, checked once here so that readers can take them as they are. */
static int valid_entry(const cJSON *it)
{
        if (!cJSON_IsObject(it))
                return 0;
        const char *must[] = {"root", "venv"}, *may[] = {"marker", "sha256", "allowed", "tracked"};
        for (size_t i = 0; i < 2; i++) {
                const char *v = trust_entry_str(it, must[i]);
                if (!v || v[0] != '/')
                        return 0;
        }
        for (size_t i = 0; i < 4; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, may[i]);
                if (v && !cJSON_IsNull(v) && !(cJSON_IsString(v) && v->valuestring))
                        return 0;
        }
        /* a marker without its digest could never match, and is not something we wrote */
        return !trust_entry_str(it, "marker") == !trust_entry_str(it, "sha256");
}

/* Reads one entry: 0 with *out, -ENOENT, or another negative code with why saying what is
 * wrong with the file. */
int trust_store_read(const char *path, cJSON **out, struct err *why)
{
        *out = NULL;
        struct stat st;
        if (lstat(path, &st) != 0)
                return err_set(why, -errno, "%s: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode) || (st.st_uid != geteuid() && st.st_uid != 0) ||
            (st.st_mode & (S_IWGRP | S_IWOTH)))
                return err_set(why, -EPERM,
                               "%s: a trust entry must be a regular file of yours that only you "
                               "can write",
                               path);
        cJSON *json;
        int rc = json_read_object(path, TRUST_ENTRY_MAX, &json, why);
        if (rc < 0)
                return rc;
        const cJSON *ver = cJSON_GetObjectItemCaseSensitive(json, "version");
        if (!cJSON_IsNumber(ver) || ver->valuedouble != TRUST_VERSION || !valid_entry(json)) {
                cJSON_Delete(json);
                return err_set(why, -EINVAL, "%s: not a trust entry of version %d", path,
                               TRUST_VERSION);
        }
        *out = json;
        return 0;
}

static int add_opt(cJSON *o, const char *key, const char *v)
{
        return v ? cJSON_AddStringToObject(o, key, v) != NULL
                 : cJSON_AddNullToObject(o, key) != NULL;
}

/* Writes an entry atomically; allowed is the time to record, NULL for now. */
int trust_store_write(const char *store, const struct trust_fp *fp, const char *allowed,
                      struct err *e)
{
        char stamp[32];
        if (!allowed) {
                time_t now = time(NULL);
                struct tm tm;
                strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
                allowed = stamp;
        }
        cJSON *o = cJSON_CreateObject();
        char *text = NULL;
        if (!o || !cJSON_AddNumberToObject(o, "version", TRUST_VERSION) ||
            !add_opt(o, "root", fp->root) || !add_opt(o, "marker", fp->marker) ||
            !add_opt(o, "sha256", fp->marker ? fp->sha256 : NULL) ||
            !add_opt(o, "venv", fp->venv) ||
            !add_opt(o, "tracked", fp->tracked[0] ? fp->tracked : NULL) ||
            !add_opt(o, "allowed", allowed) || !(text = cJSON_PrintUnformatted(o))) {
                cJSON_Delete(o);
                return err_set(e, -ENOMEM, "out of memory");
        }
        cJSON_Delete(o);
        char *path = trust_store_entry_path(store, fp->root);
        size_t n = strlen(text);
        text[n] = '\n'; /* over the NUL: file_write_atomic takes a length */
        int rc =
            path ? file_write_atomic(path, text, n + 1, e) : err_set(e, -ENOMEM, "out of memory");
        cJSON_free(text);
        free(path);
        return rc;
}

/* Carries the entries of a first-version store over, once, and keeps the old file beside it
 * as trust.json.old. Returns how many entries were carried over, with a note for the user in
 * note, 0 when there was nothing to do, or a negative code. */
int trust_store_migrate(const char *base, const char *store, struct err *note, struct err *e)
{
        char *legacy = path_join(base, LEGACY_NAME);
        char *old = path_join(base, LEGACY_NAME ".old");
        if (!legacy || !old) {
                free(legacy);
                free(old);
                return err_set(e, -ENOMEM, "out of memory");
        }
        struct stat st;
        int rc = 0, n = 0;
        if (lstat(legacy, &st) != 0)
                goto out;
        char *real = NULL;
        struct err why;
        if ((rc = strict_resolve(legacy, "a trust store", 0, &real, &why)) < 0) {
                /* someone else's file is not ours to carry over */
                rc = err_set(e, rc, "%s; trusting no project", why.msg);
                goto out;
        }
        cJSON *json = NULL;
        rc = json_read_object(real, LEGACY_MAX, &json, &why);
        free(real);
        const cJSON *projects = json ? cJSON_GetObjectItemCaseSensitive(json, "projects") : NULL;
        if ((rc = make_dirs(store, e)) < 0) {
                cJSON_Delete(json);
                goto out;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, projects)
        {
                if (!valid_entry(it))
                        continue;
                struct trust_fp fp = {.root = (char *)trust_entry_str(it, "root"),
                                      .marker = (char *)trust_entry_str(it, "marker"),
                                      .venv = (char *)trust_entry_str(it, "venv")};
                const char *sha = trust_entry_str(it, "sha256");
                snprintf(fp.sha256, sizeof fp.sha256, "%s", sha ? sha : "");
                char *path = trust_store_entry_path(store, fp.root);
                /* an entry made since, by a newer allow, wins */
                if (path && lstat(path, &st) != 0 &&
                    trust_store_write(store, &fp, trust_entry_str(it, "allowed"), e) == 0)
                        n++;
                free(path);
        }
        cJSON_Delete(json);
        if (rename(legacy, old) != 0 && errno != ENOENT) {
                rc = err_set(e, -errno, "%s: cannot move aside after carrying it over: %s", legacy,
                             strerror(errno));
                goto out;
        }
        if (projects)
                err_set(note, 0, "%s: carried %d allowed projects over to %s; the old file is %s",
                        legacy, n, store, old);
        else
                err_set(note, 0, "%s: %s; nothing carried over, and it is kept as %s", legacy,
                        why.msg, old);
        rc = 1;
out:
        free(legacy);
        free(old);
        return rc;
}

/* The store made if need be, resolved and checked, with a first-version store carried over;
 * for the commands that change it. */
int trust_store_open_write(char **real, struct err *note, int *noted, struct err *e)
{
        char *base, *store;
        *real = NULL;
        *noted = 0;
        int rc = trust_store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        if ((rc = trust_store_checked(store, real, e)) == -ENOENT &&
            (rc = make_dirs(store, e)) == 0)
                rc = trust_store_checked(store, real, e);
        if (rc == 0 && (rc = trust_store_migrate(base, store, note, e)) > 0) {
                *noted = 1;
                rc = 0;
        }
        if (rc < 0) {
                free(*real);
                *real = NULL;
        }
        free(base);
        free(store);
        return rc;
}

int trust_each(trust_each_fn fn, void *arg, struct err *e)
{
        char *base, *store, *real = NULL;
        int rc = trust_store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        struct err note;
        rc = trust_store_migrate(base, store, &note, e);
        if (rc > 0)
                err_print(&note);
        if (rc >= 0)
                rc = trust_store_checked(store, &real, e);
        DIR *d = rc == 0 ? opendir(real) : NULL;
        if (rc == 0 && !d)
                rc = err_set(e, -errno, "%s: %s", real, strerror(errno));
        if (rc == -ENOENT)
                rc = 0; /* no store yet: nothing allowed */
        const struct dirent *de;
        while (rc == 0 && d && (de = readdir(d))) {
                if (!is_entry_name(de->d_name))
                        continue;
                char *path = path_join(real, de->d_name);
                if (!path) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                        break;
                }
                cJSON *entry;
                struct err why;
                int r = trust_store_read(path, &entry, &why);
                if (r == -ENOMEM)
                        rc = err_set(e, r, "out of memory");
                else if (r != -ENOENT) /* denied meanwhile */
                        rc = fn(path, entry, r < 0 ? &why : NULL, arg);
                cJSON_Delete(entry);
                free(path);
        }
        if (d)
                closedir(d);
        free(real);
        free(base);
        free(store);
        return rc;
}

int trust_remove_file(const char *file, struct err *e)
{
        if (unlink(file) != 0 && errno != ENOENT)
                return err_set(e, -errno, "%s: cannot remove: %s", file, strerror(errno));
        return 0;
}

int trust_clean_leftovers(void)
{
        char *base, *store, *real = NULL;
        struct err e;
        if (trust_store_dirs(&base, &store, &e) < 0)
                return 0;
        int n = 0;
        DIR *d = trust_store_checked(store, &real, &e) == 0 ? opendir(real) : NULL;
        const struct dirent *de;
        time_t now = time(NULL);
        while (d && (de = readdir(d))) {
                /* file_write_atomic's temporary names: <entry>.tmp.XXXXXX */
                const char *tmp = strstr(de->d_name, ".json.tmp.");
                struct stat st;
                if (!tmp || (size_t)(tmp - de->d_name) != SHA256_HEX_LEN ||
                    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
                    !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
                    now - st.st_mtime < LEFTOVER_AGE)
                        continue;
                if (unlinkat(dirfd(d), de->d_name, 0) == 0)
                        n++;
        }
        if (d)
                closedir(d);
        free(real);
        free(base);
        free(store);
        return n;
}
