#include "venv.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "display.h"
#include "path.h"

static const char *trim_left(const char *s, const char *end)
{
        while (s < end && (*s == ' ' || *s == '\t'))
                s++;
        return s;
}

static const char *trim_right(const char *s, const char *end)
{
        while (end > s && isspace((unsigned char)end[-1]))
                end--;
        return end;
}

char *venv_cfg_get(const char *cfg, const char *key)
{
        size_t klen = strlen(key);
        for (const char *line = cfg; *line;) {
                const char *eol = strchr(line, '\n');
                if (!eol)
                        eol = line + strlen(line);
                const char *eq = memchr(line, '=', (size_t)(eol - line));
                if (eq) {
                        const char *k = trim_left(line, eq), *kend = trim_right(k, eq);
                        if ((size_t)(kend - k) == klen && strncasecmp(k, key, klen) == 0) {
                                const char *v = trim_left(eq + 1, eol), *vend = trim_right(v, eol);
                                if (vend - v >= 2 && (*v == '\'' || *v == '"') && vend[-1] == *v) {
                                        v++;
                                        vend--;
                                }
                                return strndup(v, (size_t)(vend - v));
                        }
                }
                line = *eol ? eol + 1 : eol;
        }
        return NULL;
}

/* A name as a prompt may show it: control characters made visible (display.h), since a
 * directory's name may hold anything, and nobody chose it to be a prompt. */
static char *shown(const char *name)
{
        struct buf b = {0};
        buf_add_shown(&b, name);
        const char *s = buf_str(&b);
        char *r = s ? strdup(s) : NULL;
        buf_free(&b);
        return r;
}

/* A venv named by nothing is called after its directory, except the conventional .venv,
 * which says nothing: that one is called after the project it sits in, as uv does, so that
 * two projects' prompts differ. */
static char *default_prompt(const char *dir)
{
        const char *base = path_base(dir);
        if (strcmp(base, ".venv") != 0 || base - dir < 2)
                return shown(base);
        char *parent = strndup(dir, (size_t)(base - dir - 1));
        char *r = parent && *path_base(parent) ? shown(path_base(parent)) : shown(base);
        free(parent);
        return r;
}

int venv_probe(const char *dir, char **prompt, struct err *e)
{
        *prompt = NULL;
        struct stat st;
        if (stat(dir, &st) != 0) {
                if (errno == ENOENT)
                        return VENV_ABSENT;
                int rc = -errno;
                return err_set(e, rc, "%s: %s", dir, strerror(-rc));
        }
        if (!S_ISDIR(st.st_mode))
                return err_set(e, -ENOTDIR, "%s: is not a directory, so it cannot be a venv", dir);
        char *cfgpath = path_join(dir, "pyvenv.cfg");
        char *bin = path_join(dir, "bin");
        if (!cfgpath || !bin) {
                free(cfgpath);
                free(bin);
                return err_set(e, -ENOMEM, "out of memory");
        }
        char *cfg = NULL;
        int rc = file_read(cfgpath, VENV_CFG_MAX, &cfg, NULL, e);
        if (rc == -ENOENT)
                rc = err_set(e, rc, "%s: not a venv (it has no pyvenv.cfg)", dir);
        else if (rc == 0 && (stat(bin, &st) != 0 || !S_ISDIR(st.st_mode)))
                rc = err_set(e, -ENOENT, "%s: not a venv (it has no bin/ directory)", dir);
        if (rc == 0) {
                *prompt = venv_cfg_get(cfg, "prompt");
                /* a prompt someone wrote with escapes in it is refused, not mended */
                char why[128];
                if (*prompt && display_refusal(*prompt, why, sizeof why))
                        rc = err_set(e, -EINVAL, "%s: refusing the prompt in it, which %s", cfgpath,
                                     why);
                if (rc == 0 && (!*prompt || !**prompt)) {
                        free(*prompt);
                        *prompt = default_prompt(dir);
                }
                if (rc == 0 && !*prompt)
                        rc = err_set(e, -ENOMEM, "out of memory");
                if (rc < 0) {
                        free(*prompt);
                        *prompt = NULL;
                }
        }
        free(cfg);
        free(cfgpath);
        free(bin);
        return rc;
}
