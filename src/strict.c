#include "strict.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"

/* Group write is harmless when the group is the user's own: named after the user, with no
 * other member (the user private groups of Debian and Ubuntu, where umask 002 makes every new
 * file group-writable). Debian's ssh accepts the same for StrictModes. */
static int private_group(gid_t gid, uid_t uid)
{
        const struct passwd *pw = getpwuid(uid);
        const struct group *gr = getgrgid(gid);
        if (!pw || !gr || pw->pw_gid != gid || strcmp(gr->gr_name, pw->pw_name) != 0)
                return 0;
        for (char **m = gr->gr_mem; *m; m++)
                if (strcmp(*m, pw->pw_name) != 0)
                        return 0;
        return 1;
}

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
        if ((st.st_mode & S_IWOTH) ||
            ((st.st_mode & S_IWGRP) && !private_group(st.st_gid, st.st_uid)))
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
