#include "relocate.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsx.h"
#include "path.h"

/* A launcher is a few hundred bytes; anything larger is not one. */
#define SCRIPT_MAX (1 << 20)

static int rewrite(const char *p, const struct stat *st, const char *from, const char *to,
                   struct err *e)
{
        char *text = NULL;
        size_t len = 0;
        int rc = file_read(p, SCRIPT_MAX, &text, &len, e);
        if (rc < 0)
                return rc == -EFBIG ? 0 : rc;
        if (len < 2 || memcmp(text, "#!", 2) != 0 || memchr(text, 0, len) || !strstr(text, from)) {
                free(text);
                return 0;
        }
        struct buf out = {0};
        size_t flen = strlen(from);
        for (const char *s = text, *hit; *s; s = hit + flen) {
                if (!(hit = strstr(s, from))) {
                        buf_adds(&out, s);
                        break;
                }
                buf_add(&out, s, (size_t)(hit - s));
                buf_adds(&out, to);
        }
        free(text);
        if (!buf_str(&out))
                return err_set(e, -ENOMEM, "out of memory");
        if (unlink(p) != 0)
                rc = err_set(e, -errno, "%s: %s", p, strerror(errno));
        else if ((rc = fsx_write_new(p, out.p, out.len, st->st_mode & 0777, e)) == 0 &&
                 chmod(p, st->st_mode & 07777) != 0)
                rc = err_set(e, -errno, "%s: %s", p, strerror(errno));
        buf_free(&out);
        return rc;
}

int relocate_scripts(const char *bin, const char *from, const char *to, struct err *e)
{
        DIR *d = opendir(bin);
        if (!d)
                return err_set(e, -errno, "%s: %s", bin, strerror(errno));
        int rc = 0;
        for (struct dirent *de; rc == 0 && (de = readdir(d));) {
                char *p = path_join(bin, de->d_name);
                struct stat st;
                if (!p)
                        rc = err_set(e, -ENOMEM, "out of memory");
                else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
                        rc = rewrite(p, &st, from, to, e);
                free(p);
        }
        closedir(d);
        return rc;
}
