#include "conv_tools.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "path.h"
#include "sha256.h"

void tool_hash8(const char *s, char out[9])
{
        char rec[51];
        sha256_record(s, strlen(s), rec);
        memcpy(out, rec + strlen("sha256="), 8);
        out[8] = '\0';
}

char *tool_sanitize(const char *name, const char *bad, int lower)
{
        size_t n = strlen(name);
        char *out = malloc(n + 1);
        if (!out)
                return NULL;
        size_t len = 0, chars = 0;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)name[i];
                if ((c & 0xc0) != 0x80 && chars++ == 42)
                        break;
                if (c && strchr(bad, c))
                        c = '_';
                else if (lower && c >= 'A' && c <= 'Z')
                        c = (unsigned char)(c - 'A' + 'a');
                out[len++] = (char)c;
        }
        out[len] = '\0';
        return out;
}

int tool_hit_file(struct conv_hit *hit, const char *path, struct err *e)
{
        int i = 0;
        while (i < CONV_FILES_MAX - 1 && hit->files[i])
                i++;
        if (hit->files[i])
                return err_set(e, ERR_FAIL, "%s: too many files decide", path);
        if (!(hit->files[i] = realpath(path, NULL)))
                return err_set(e, -errno, "%s: %s", path, strerror(errno));
        return 0;
}

int tool_is_file(const char *path)
{
        struct stat st;
        return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int tool_is_venv(const char *dir)
{
        char *cfg = path_join(dir, "pyvenv.cfg");
        int ok = tool_is_file(cfg);
        free(cfg);
        return ok;
}

char *tool_expanduser(const char *p)
{
        if (p[0] != '~' || (p[1] != '/' && p[1] != '\0'))
                return strdup(p);
        const char *home = getenv("HOME");
        if (!home || home[0] != '/')
                return NULL;
        return p[1] ? path_join(home, p + 2) : strdup(home);
}
