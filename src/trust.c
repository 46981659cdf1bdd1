/* Trust as export, status, allow and deny use it: the check made when entering a project,
 * and the two commands that change it; over the store (trust_store.h) and the
 * fingerprint (trust_fp.c). */
#include "trust.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "trust_store.h"

int trust_check(const struct project *p, int *noted, struct err *note, struct err *e)
{
        *noted = 0;
        char *base, *store, *real = NULL, *path = NULL;
        int rc = trust_store_dirs(&base, &store, e);
        if (rc < 0)
                return rc;
        struct trust_fp fp;
        if ((rc = trust_fingerprint(p, &fp, e)) < 0)
                goto out;
        rc = trust_store_checked(store, &real, e);
        if (rc == 0 && !(path = trust_store_entry_path(real, fp.root)))
                rc = err_set(e, -ENOMEM, "out of memory");
        cJSON *entry = NULL;
        struct err why;
        if (rc == 0)
                rc = trust_store_read(path, &entry, &why);
        if (rc == -ENOENT) {
                /* not allowed; unless a first-version store still says it is */
                if ((rc = trust_store_migrate(base, store, note, e)) > 0) {
                        *noted = 1;
                        free(real);
                        free(path);
                        path = NULL;
                        if ((rc = trust_store_checked(store, &real, e)) == 0 &&
                            !(path = trust_store_entry_path(real, fp.root)))
                                rc = err_set(e, -ENOMEM, "out of memory");
                        if (rc == 0)
                                rc = trust_store_read(path, &entry, &why);
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
                rc = (int)trust_match_by(entry, &fp, &by_bytes);
                /* Unchanged since an allow that fingerprinted every byte: fingerprinted by
                 * its facts from now on, so that the next `poetry add` keeps it trusted. A
                 * store that cannot be written keeps the old entry, which still matches
                 * while nothing changed. */
                struct err ignored;
                if (by_bytes)
                        (void)trust_store_write(real, &fp, trust_entry_str(entry, "allowed"),
                                                &ignored);
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
        rc = trust_store_open_write(&store, &note, &noted, e);
        if (rc == 0)
                rc = trust_store_write(store, &fp, NULL, e);
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
        int rc = trust_store_open_write(&store, &note, &noted, e);
        if (rc == 0 && !(path = trust_store_entry_path(store, root)))
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
