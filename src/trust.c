#include "trust.h"

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
#include "gitindex.h"
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
static int store_dirs(char **base, char **store, struct err *e)
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
static int store_checked(const char *store, char **real, struct err *e)
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
static char *entry_path(const char *store, const char *root)
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

const char *trust_entry_str(const cJSON *entry, const char *key)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
        return cJSON_IsString(v) ? v->valuestring : NULL;
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
static int read_entry(const char *path, cJSON **out, struct err *why)
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
static int write_entry(const char *store, const struct trust_fp *fp, const char *allowed,
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
        char *path = entry_path(store, fp->root);
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
static int migrate(const char *base, const char *store, struct err *note, struct err *e)
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
                char *path = entry_path(store, fp.root);
                /* an entry made since, by a newer allow, wins */
                if (path && lstat(path, &st) != 0 &&
                    write_entry(store, &fp, trust_entry_str(it, "allowed"), e) == 0)
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

char *trust_canonical(const char *path)
{
        char *r = realpath(path, NULL);
        return r ? r : strdup(path);
}

/* The files a convention decided by, each by name, and by content or by the facts it read
 * from it (conv.h), in one digest: a pull that changes what decided asks the user again, as
 * a changed marker does. whole: every file by its bytes, as entries before facts were
 * written, so that those still match while the files are as they were allowed. */
static int conv_digest(const struct conv_hit *h, int whole, char hex[SHA256_HEX_LEN + 1],
                       struct err *e)
{
        struct sha256 s;
        sha256_init(&s);
        for (int i = 0; i < CONV_FILES_MAX && h->files[i]; i++) {
                /* A file that counts by its facts counts by nothing else, not even its
                 * name: a poetry.toml that `poetry config --local` makes for an installer
                 * setting changes no fact. */
                if (!whole && (h->facts_of & 1u << i))
                        continue;
                sha256_add(&s, h->files[i], strlen(h->files[i]) + 1);
                char *text, fhex[SHA256_HEX_LEN + 1];
                size_t len;
                int rc = file_read(h->files[i], CONV_FILE_MAX, &text, &len, e);
                if (rc < 0)
                        return rc;
                sha256_hex(text, len, fhex);
                free(text);
                sha256_add(&s, fhex, SHA256_HEX_LEN);
        }
        if (!whole && h->facts_of) {
                if (h->facts.oom)
                        return err_set(e, -ENOMEM, "out of memory");
                sha256_add(&s, "", 1);
                sha256_add(&s, h->facts.p ? h->facts.p : "", h->facts.len);
        }
        unsigned char d[32];
        sha256_done(&s, d);
        for (int i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", d[i]);
        return 0;
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
        /* A convention's first file stands where the marker would, its digest covering all. */
        if (p->kind == PROJECT_CONV && p->conv.files[0]) {
                int rc = conv_digest(&p->conv, 0, fp->sha256, e);
                if (rc == 0 && p->conv.facts_of)
                        rc = conv_digest(&p->conv, 1, fp->sha256_whole, e);
                if (rc < 0) {
                        trust_fp_free(fp);
                        return rc;
                }
                fp->marker = trust_canonical(p->conv.files[0]);
        }
        if (!fp->root || !fp->venv || ((p->marker || p->conv.files[0]) && !fp->marker)) {
                trust_fp_free(fp);
                return err_set(e, -ENOMEM, "out of memory");
        }
        int rc = git_tracked_digest(fp->venv, fp->tracked, e);
        if (rc < 0)
                trust_fp_free(fp);
        return rc;
}

void trust_fp_free(struct trust_fp *fp)
{
        free(fp->root);
        free(fp->marker);
        free(fp->venv);
        memset(fp, 0, sizeof *fp);
}

static int same(const char *a, const char *b)
{
        return a && b ? strcmp(a, b) == 0 : a == b;
}

/* trust_match, and whether the entry matched only by the files' bytes (an entry written
 * before this convention's facts were): 1 then, to be written anew. */
static enum trust_verdict match(const cJSON *entry, const struct trust_fp *fp, int *by_bytes)
{
        *by_bytes = 0;
        if (!same(trust_entry_str(entry, "root"), fp->root))
                return TRUST_UNKNOWN;
        const char *sha = trust_entry_str(entry, "sha256");
        if (!same(trust_entry_str(entry, "marker"), fp->marker) ||
            !same(trust_entry_str(entry, "venv"), fp->venv) ||
            !same(trust_entry_str(entry, "tracked"), fp->tracked[0] ? fp->tracked : NULL))
                return TRUST_CHANGED;
        if (same(sha, fp->marker ? fp->sha256 : NULL))
                return TRUST_ALLOWED;
        if (fp->marker && fp->sha256_whole[0] && same(sha, fp->sha256_whole)) {
                *by_bytes = 1;
                return TRUST_ALLOWED;
        }
        return TRUST_CHANGED;
}

enum trust_verdict trust_match(const cJSON *entry, const struct trust_fp *fp)
{
        int by_bytes;
        return match(entry, fp, &by_bytes);
}

int trust_check(const struct project *p, int *noted, struct err *note, struct err *e)
{
        *noted = 0;
        char *base, *store, *real = NULL, *path = NULL;
        int rc = store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        struct trust_fp fp;
        if ((rc = trust_fingerprint(p, &fp, e)) < 0)
                goto out;
        rc = store_checked(store, &real, e);
        if (rc == 0 && !(path = entry_path(real, fp.root)))
                rc = err_set(e, -ENOMEM, "out of memory");
        cJSON *entry = NULL;
        struct err why;
        if (rc == 0)
                rc = read_entry(path, &entry, &why);
        if (rc == -ENOENT) {
                /* not allowed; unless a first-version store still says it is */
                if ((rc = migrate(base, store, note, e)) > 0) {
                        *noted = 1;
                        free(real);
                        free(path);
                        path = NULL;
                        if ((rc = store_checked(store, &real, e)) == 0 &&
                            !(path = entry_path(real, fp.root)))
                                rc = err_set(e, -ENOMEM, "out of memory");
                        if (rc == 0)
                                rc = read_entry(path, &entry, &why);
                }
                if (rc == 0 && !entry)
                        rc = TRUST_UNKNOWN;
        }
        if (rc == -ENOENT) {
                rc = TRUST_UNKNOWN;
        } else if (rc < 0 && rc != -ENOMEM && path) {
                /* a damaged entry costs this project its trust, and nothing else */
                err_set(note, 0, "%s; not trusting %s until it is allowed again", why.msg, fp.root);
                *noted = 1;
                rc = TRUST_UNKNOWN;
        } else if (rc == 0) {
                int by_bytes;
                rc = (int)match(entry, &fp, &by_bytes);
                /* Unchanged since an allow that fingerprinted every byte: fingerprinted by
                 * its facts from now on, so that the next `poetry add` keeps it trusted. A
                 * store that cannot be written keeps the old entry, which still matches
                 * while nothing changed. */
                struct err ignored;
                if (by_bytes)
                        (void)write_entry(real, &fp, trust_entry_str(entry, "allowed"), &ignored);
        }
        cJSON_Delete(entry);
        trust_fp_free(&fp);
out:
        free(path);
        free(real);
        free(base);
        free(store);
        return rc;
}

/* The store made if need be, resolved and checked, with a first-version store carried over;
 * for the commands that change it. */
static int store_open_write(char **real, struct err *note, int *noted, struct err *e)
{
        char *base, *store;
        *real = NULL;
        *noted = 0;
        int rc = store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        if ((rc = store_checked(store, real, e)) == -ENOENT && (rc = make_dirs(store, e)) == 0)
                rc = store_checked(store, real, e);
        if (rc == 0 && (rc = migrate(base, store, note, e)) > 0) {
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

int trust_allow_project(const char *root, struct err *e)
{
        struct config cfg;
        struct err ignored;
        if (config_load(&cfg, &ignored) < 0)
                cfg.implicit_venv = 1;
        struct project p;
        int rc = project_find(root, &cfg, &p, e);
        if (rc == 0 && p.kind == PROJECT_NONE)
                rc = err_set(e, -ENOENT, "%s: no %s or .venv/pyvenv.cfg here or above", root,
                             MARKER_NAME);
        struct trust_fp fp = {0};
        if (rc == 0)
                rc = trust_fingerprint(&p, &fp, e);
        project_free(&p);
        if (rc < 0)
                return rc;
        char *store;
        struct err note;
        int noted;
        rc = store_open_write(&store, &note, &noted, e);
        if (rc == 0)
                rc = write_entry(store, &fp, NULL, e);
        if (rc == 0 && noted) {
                *e = note;
                rc = 1;
        }
        free(store);
        trust_fp_free(&fp);
        return rc;
}

int trust_deny(const char *root, struct err *e)
{
        char *store, *path = NULL;
        struct err note;
        int noted;
        int rc = store_open_write(&store, &note, &noted, e);
        if (rc == 0 && !(path = entry_path(store, root)))
                rc = err_set(e, -ENOMEM, "out of memory");
        if (rc == 0) {
                if (unlink(path) == 0)
                        rc = 1;
                else if (errno != ENOENT)
                        rc = err_set(e, -errno, "%s: cannot remove: %s", path, strerror(errno));
        }
        if (rc >= 0 && noted)
                err_print(&note);
        free(path);
        free(store);
        return rc;
}

int trust_each(trust_each_fn fn, void *arg, struct err *e)
{
        char *base, *store, *real = NULL;
        int rc = store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        struct err note;
        rc = migrate(base, store, &note, e);
        if (rc > 0)
                err_print(&note);
        if (rc >= 0)
                rc = store_checked(store, &real, e);
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
                int r = read_entry(path, &entry, &why);
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
        if (store_dirs(&base, &store, &e) < 0)
                return 0;
        int n = 0;
        DIR *d = store_checked(store, &real, &e) == 0 ? opendir(real) : NULL;
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
