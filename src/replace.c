#include "replace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "fsx.h"
#include "path.h"

/* Whether a renameat2 flag failed for want of support (the system, its file system, or a
 * portable build), so that the two plain renames are the way. */
static int no_rename_flags(int rc)
{
        return rc == -EINVAL || rc == -ENOSYS || rc == -ENOTSUP;
}

int replace_dir(const char *built, const char *target, int replace, char **old, struct err *e)
{
        *old = NULL;
        struct stat st;
        /* Not asked to replace: whatever is there now, the exchange must not swap it out to
         * be removed as the old venv. */
        if (!replace || lstat(target, &st) != 0) {
                if (replace && errno != ENOENT)
                        return err_set(e, -errno, "%s: %s", target, strerror(errno));
                /* NOREPLACE: a venv another run put there meanwhile is not silently lost. */
                int rc = compat_rename_noreplace(built, target);
                /* rename() never replaces a non-empty directory either (an empty one it may:
                 * nothing is lost). */
                if (no_rename_flags(rc))
                        rc = rename(built, target) == 0              ? 0
                             : errno == ENOTEMPTY || errno == EEXIST ? -EEXIST
                                                                     : -errno;
                if (rc == -EEXIST)
                        return err_set(e, -EEXIST,
                                       "%s appeared while the new venv was being made; it was "
                                       "left as it is",
                                       target);
                if (rc < 0)
                        return err_set(e, rc, "%s: cannot put the new venv in place: %s", target,
                                       strerror(-rc));
                return 0;
        }
        int rc = compat_rename_exchange(built, target);
        if (rc == 0) {
                if (!(*old = strdup(built)))
                        return err_set(e, -ENOMEM, "out of memory");
                return 0;
        }
        if (!no_rename_flags(rc))
                return err_set(e, rc, "%s: cannot swap in the new venv: %s", target, strerror(-rc));
        /* No exchange on this file system: old aside (onto an empty directory of ours, which
         * rename may replace), then new in. */
        char *aside = fsx_temp_beside(target, REPLACE_OLD_TAG, e);
        if (!aside)
                return ERR_FAIL;
        if (rename(target, aside) != 0) {
                rc = err_set(e, -errno, "%s: cannot move it aside: %s", target, strerror(errno));
                rmdir(aside);
                free(aside);
                return rc;
        }
        if (rename(built, target) != 0) {
                rc = err_set(e, -errno, "%s: cannot put the new venv in place: %s", target,
                             strerror(errno));
                rename(aside, target);
                free(aside);
                return rc;
        }
        *old = aside;
        return 0;
}

int replace_undo(const char *target, const char *old, struct err *e)
{
        int rc = compat_rename_exchange(old, target);
        if (rc == 0)
                return 0;
        if (!no_rename_flags(rc))
                return err_set(e, rc, "%s: cannot put the old venv back: %s", target,
                               strerror(-rc));
        /* The fallback: the new one goes, the old one comes back to its name. */
        rc = replace_discard(target, e);
        if (rc == 0 && rename(old, target) != 0)
                rc = err_set(e, -errno, "%s: cannot put the old venv back: %s", target,
                             strerror(errno));
        return rc;
}

int replace_discard(const char *target, struct err *e)
{
        char *t = fsx_temp_beside(target, REPLACE_NEW_TAG, e);
        if (!t)
                return ERR_FAIL;
        int rc = 0;
        if (rename(target, t) != 0) {
                rc = err_set(e, -errno, "%s: cannot remove: %s", target, strerror(errno));
                rmdir(t);
        } else {
                rc = fsx_remove_tree(t, e);
        }
        free(t);
        return rc;
}

/* Calls fn on each entry of dir whose name starts with prefix and that this user owns, with
 * the entry's path and lstat. */
static int each_ours(const char *dir, const char *prefix,
                     int (*fn)(const char *, const struct stat *, void *), void *arg)
{
        DIR *d = opendir(dir);
        if (!d)
                return 0;
        size_t plen = strlen(prefix);
        int n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (strncmp(de->d_name, prefix, plen) != 0)
                        continue;
                char *p = path_join(dir, de->d_name);
                struct stat st;
                if (p && lstat(p, &st) == 0 && st.st_uid == geteuid())
                        n += fn(p, &st, arg);
                free(p);
        }
        closedir(d);
        return n;
}

static int put_back(const char *p, const struct stat *st, void *target)
{
        struct stat t;
        if (!S_ISDIR(st->st_mode) || lstat(target, &t) == 0 || errno != ENOENT)
                return 0;
        return rename(p, target) == 0;
}

static int remove_dir(const char *p, const struct stat *st, void *arg)
{
        (void)arg;
        struct err ignored;
        return S_ISDIR(st->st_mode) && fsx_remove_tree(p, &ignored) == 0;
}

static int remove_file(const char *p, const struct stat *st, void *arg)
{
        (void)arg;
        return S_ISREG(st->st_mode) && unlink(p) == 0;
}

/* ".<base>.<tag>-", the prefix of fsx_temp_beside's names for target. */
static char *temp_prefix(const char *target, const char *tag, char **dir)
{
        const char *base = path_base(target);
        size_t n = strlen(base) + strlen(tag) + 4;
        char *pre = malloc(n);
        *dir = strndup(target, (size_t)(base - target));
        if (pre)
                snprintf(pre, n, ".%s.%s-", base, tag);
        if (!pre || !*dir) {
                free(pre);
                free(*dir);
                *dir = NULL;
                return NULL;
        }
        return pre;
}

int replace_recover(const char *target, struct err *e)
{
        char *dir, *olds = temp_prefix(target, REPLACE_OLD_TAG, &dir), *dir2 = NULL,
                   *news = olds ? temp_prefix(target, REPLACE_NEW_TAG, &dir2) : NULL;
        free(dir2);
        if (!news) {
                free(olds);
                free(dir);
                return err_set(e, -ENOMEM, "out of memory");
        }
        const char *d = *dir ? dir : ".";
        /* Killed between the fallback's two renames: the old venv is whole, aside. */
        each_ours(d, olds, put_back, (void *)target);
        int n = each_ours(d, olds, remove_dir, NULL) + each_ours(d, news, remove_dir, NULL);
        free(olds);
        free(news);
        free(dir);
        return n;
}

int replace_remove_files(const char *dir, const char *prefix)
{
        return each_ours(dir, prefix, remove_file, NULL);
}
