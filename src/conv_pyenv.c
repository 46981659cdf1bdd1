#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_core.h"
#include "path.h"

#define PYVERSION_MAX 4096

/* The first version named in .python-version, as pyenv reads it: words separated by white
 * space, lines starting with '#' skipped. NULL (not an error) when it names none. */
static char *first_version(char *text)
{
        for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
                l += strspn(l, " \t\r");
                if (*l == '#' || !*l)
                        continue;
                l[strcspn(l, " \t\r")] = '\0';
                return l;
        }
        return NULL;
}

/* 1: a name pyenv could have made, "<name>" or "<version>/envs/<name>"; 0: something else
 * with a '/' (a path to a Python, which `create` has its own words for), not a venv name;
 * -1: a "." or ".." step or a control character, which could only be meant to reach outside
 * $PYENV_ROOT/versions. */
static int valid_name(const char *v)
{
        for (const char *c = v; *c; c++)
                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                        return -1;
        for (const char *step = v;;) {
                size_t n = strcspn(step, "/");
                if ((n == 1 && step[0] == '.') || (n == 2 && !strncmp(step, "..", 2)))
                        return -1;
                if (!step[n])
                        break;
                step += n + 1;
        }
        const char *slash = strchr(v, '/');
        if (!slash)
                return 1;
        return slash != v && !strncmp(slash, "/envs/", 6) && slash[6] && !strchr(slash + 6, '/');
}

int conv_pyenv(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        char *file = path_join(dir, ".python-version");
        if (!file)
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        if (lstat(file, &st) != 0) {
                free(file);
                return 0;
        }
        char *text;
        size_t len;
        int rc = conv_file_safe(file, e);
        if (rc == 0)
                rc = file_read(file, PYVERSION_MAX, &text, &len, e);
        if (rc < 0) {
                free(file);
                return rc;
        }
        char *v = first_version(text);
        if (!v || strcmp(v, "system") == 0) {
                free(text);
                free(file);
                return 0;
        }
        int valid = valid_name(v);
        if (valid == 0) {
                free(text);
                free(file);
                return 0;
        }
        if (valid < 0) {
                rc = err_set(e, -EINVAL,
                             "%s: \"%s\" steps out of pyenv's versions directory; it can name "
                             "only a version or a virtualenv",
                             file, v);
                free(text);
                free(file);
                return rc;
        }
        const char *root = getenv("PYENV_ROOT");
        char *versions = root && root[0] == '/' ? path_join(root, "versions")
                                                : path_resolve("/", "~/.pyenv/versions", e);
        char *venv = versions ? path_join(versions, v) : NULL;
        char *cfgfile = venv ? path_join(venv, "pyvenv.cfg") : NULL;
        free(versions);
        free(text);
        if (!cfgfile) {
                free(venv);
                free(file);
                return err_set(e, -ENOMEM, "out of memory");
        }
        /* A plain version (3.12) has no pyvenv.cfg: it says which Python, not which venv, so
         * it makes no project; nor does a name pyenv does not have. */
        rc = stat(cfgfile, &st) == 0;
        free(cfgfile);
        if (!rc) {
                free(venv);
                free(file);
                return 0;
        }
        hit->venv = venv;
        hit->files[0] = file;
        hit->tool = "pyenv-virtualenv .python-version";
        return 1;
}
