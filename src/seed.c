#include "seed.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsx.h"
#include "path.h"
#include "wheel.h"
#include "wheel_build.h"

/* Out of the way, then gone: a damaged entry (a directory or anything else). */
static void discard(const char *d)
{
        struct err ignored;
        struct stat st;
        if (lstat(d, &st) == 0 && S_ISDIR(st.st_mode)) {
                char *trash = fsx_temp_beside(d, "damaged", &ignored);
                if (trash && rename(d, trash) == 0)
                        fsx_remove_tree(trash, &ignored);
                else
                        fsx_remove_tree(d, &ignored);
                if (trash)
                        rmdir(trash);
                free(trash);
        } else {
                unlink(d);
        }
}

/* The cache entry for wheel as py needs it with its manifest; built, or rebuilt when damaged,
 * first (*built then says so). Each file of an entry that was there is checked as it is
 * copied (fsx_clone_at): one look at each, not two. Keyed by the bytecode tag and magic number
 * (every interpreter that shares them reads the same .pyc files) and by the wheel's name and size.
 * A negative return means the cache cannot be used; e says why. */
static int cached(const struct interp *py, const char *wheel, char **dir, struct wheel_files *files,
                  int *built, struct err *e)
{
        *dir = NULL;
        *built = 0;
        struct stat st;
        if (stat(wheel, &st) != 0)
                return err_set(e, -errno, "%s: %s", wheel, strerror(errno));
        char rel[PATH_MAX];
        if (py->cache_tag)
                snprintf(rel, sizeof rel, "wheels/%s-%s/%s-%lld", py->cache_tag, py->magic,
                         path_base(wheel), (long long)st.st_size);
        else
                snprintf(rel, sizeof rel, "wheels/no-bytecode/%s-%lld", path_base(wheel),
                         (long long)st.st_size);
        char *d = fsx_cache_path(rel), why[256];
        if (!d)
                return errno == ENOMEM
                           ? err_set(e, -ENOMEM, "out of memory")
                           : err_set(e, ERR_FAIL, "%s", xdg_why(XDG_CACHE, why, sizeof why));
        struct err ce;
        if (lstat(d, &st) == 0) {
                if (S_ISDIR(st.st_mode) && wheel_manifest(d, files, &ce) == 0) {
                        *dir = d;
                        return 0;
                }
                info_("create: the cache's copy of %s is damaged (%s); rebuilding it",
                      path_base(wheel), S_ISDIR(st.st_mode) ? ce.msg : "not a directory");
                discard(d);
        }
        char *parent = strdup(d);
        int rc = parent ? 0 : err_set(e, -ENOMEM, "out of memory");
        if (rc == 0) {
                *strrchr(parent, '/') = '\0';
                rc = fsx_mkdirs(parent, e);
        }
        free(parent);
        char *tmp = rc == 0 ? fsx_temp_beside(d, "building", e) : NULL;
        if (rc == 0 && !tmp)
                rc = ERR_FAIL;
        if (rc == 0)
                rc = wheel_build(py, wheel, tmp, e);
        /* Whole or not at all; another process may have won the race, which is as good. */
        if (rc == 0 && rename(tmp, d) != 0 && errno != ENOTEMPTY && errno != EEXIST)
                rc = err_set(e, -errno, "%s: %s", d, strerror(errno));
        if (rc == 0)
                rc = wheel_check(d, files, e);
        *built = rc == 0;
        if (tmp) {
                struct err ignored;
                fsx_remove_tree(tmp, &ignored);
                free(tmp);
        }
        if (rc < 0) {
                free(d);
                return rc;
        }
        *dir = d;
        return 0;
}

/* The slower way: the wheel unpacked and compiled inside the venv being built, for it alone. */
static int uncached(const struct interp *py, const char *wheel, const char *tmp, char **dir,
                    struct wheel_files *files, struct err *e)
{
        *dir = path_join(tmp, ".pyenvhook-wheel");
        if (!*dir)
                return err_set(e, -ENOMEM, "out of memory");
        if (mkdir(*dir, 0700) != 0)
                return err_set(e, -errno, "%s: %s", *dir, strerror(errno));
        int rc = wheel_build(py, wheel, *dir, e);
        return rc < 0 ? rc : wheel_check(*dir, files, e);
}

int seed_pip(const char *tmp, const struct venv_spec *s, struct buf *what, struct err *e)
{
        const struct interp *py = s->py;
        if (py->nwheels == 0) {
                err_set(e, -ENOTSUP, "%s has no pip wheel", py->path);
                return 1;
        }
        int said = 0;
        for (size_t i = 0; i < py->nwheels; i++) {
                char *dir, *name = NULL;
                struct wheel_files files = {0};
                struct err ce;
                int built, rc = cached(py, py->wheels[i], &dir, &files, &built, &ce), scratch = 0;
                if (rc < 0) {
                        if (!said++)
                                info_("create: the cache cannot be used (%s); unpacking the "
                                      "wheels for this venv alone (slower)",
                                      ce.msg);
                        free(dir);
                        scratch = 1;
                        rc = uncached(py, py->wheels[i], tmp, &dir, &files, e);
                }
                if (rc == 0)
                        rc = wheel_install(dir, &files, tmp, s, &name, e);
                /* A file of the entry is not as recorded: the entry goes, and the caller
                 * starts again, which rebuilds it. */
                if (rc == -ESTALE && !scratch && !built) {
                        info_("create: the cache's copy of %s is damaged (%s); rebuilding it",
                              path_base(py->wheels[i]), e->msg);
                        discard(dir);
                        free(dir);
                        wheel_files_free(&files);
                        return SEED_AGAIN;
                }
                if (scratch && dir) {
                        struct err ignored;
                        fsx_remove_tree(dir, &ignored);
                }
                free(dir);
                wheel_files_free(&files);
                /* A wheel this installer cannot take, or one that changed under us. */
                if (rc == -ENOTSUP || rc == -ESTALE)
                        return 1;
                if (rc < 0)
                        return rc;
                buf_printf(what, "%s%s", what->len ? ", " : "", name);
                free(name);
        }
        return 0;
}
