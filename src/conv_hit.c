/* What every convention shares below the table in conv.c: a hit's memory, the facts that
 * decided it, and the check made before a project file is read. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_hit.h"
#include "strict.h"

void conv_hit_free(struct conv_hit *h)
{
        free(h->venv);
        for (int i = 0; i < CONV_FILES_MAX; i++)
                free(h->files[i]);
        buf_free(&h->facts);
        memset(h, 0, sizeof *h);
}

void conv_fact(struct conv_hit *h, const char *key, const char *value)
{
        buf_add(&h->facts, key, strlen(key) + 1);
        /* absent is not the empty string: a removed key and `key = ""` differ */
        if (value) {
                buf_addc(&h->facts, '=');
                buf_add(&h->facts, value, strlen(value) + 1);
        } else {
                buf_addc(&h->facts, '-');
        }
}

int conv_file_safe(const char *file, struct err *e)
{
        /* Nothing there: nothing to read, and the convention finds that out itself. Checking
         * the name anyway would refuse every missing pyproject.toml in a sticky /tmp. */
        struct stat st;
        if (lstat(file, &st) != 0 && errno == ENOENT)
                return 0;
        char *real = NULL;
        int rc = strict_resolve(file, "a project file", 0, &real, e);
        free(real);
        return rc == -EPERM ? rc : 0;
}
