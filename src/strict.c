#include "strict.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

/* what is "a marker", "a venv": for the message */
static int check(const char *path, const char *what, struct err *e)
{
        struct stat st;
        /* stat, not lstat: what matters is the file a link leads to, whoever made the link. */
        if (stat(path, &st) != 0) {
                int rc = -errno;
                return err_set(e, rc, "%s: %s", path, strerror(-rc));
        }
        uid_t me = geteuid();
        if (st.st_uid != me && st.st_uid != 0)
                return err_set(e, -EPERM,
                               "%s: refusing %s owned by uid %lu (not you, uid %lu, nor root): "
                               "another user could change what runs in your shell",
                               path, what, (unsigned long)st.st_uid, (unsigned long)me);
        if (st.st_mode & (S_IWGRP | S_IWOTH))
                return err_set(e, -EPERM,
                               "%s: refusing %s that group or others can write "
                               "('chmod go-w' on it fixes that)",
                               path, what);
        return 0;
}

int strict_check_project(const struct project *p, struct err *e)
{
        int rc;
        /* PATH cannot carry a ':' in an entry: "/x:./.venv/bin" would put "." on it. */
        if (strchr(p->venv, ':'))
                return err_set(e, -EINVAL,
                               "%s: refusing a venv whose path holds ':', which would split "
                               "its PATH entry in two",
                               p->venv);
        if (p->marker && (rc = check(p->marker, "a marker", e)) < 0)
                return rc;
        if ((rc = check(p->venv, "a venv", e)) < 0)
                return rc;
        char *bin = path_join(p->venv, "bin");
        if (!bin)
                return err_set(e, -ENOMEM, "out of memory");
        rc = check(bin, "a venv's bin/", e);
        free(bin);
        return rc;
}
