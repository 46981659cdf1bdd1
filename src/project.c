#include "project.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv.h"
#include "conv_core.h"
#include "path.h"
#include "strict.h"

/* dir + "/" + name in a scratch buffer that holds the longest name we append. */
static const char *at(char *scratch, size_t dirlen, const char *name)
{
        strcpy(scratch + dirlen, name);
        return scratch;
}

int project_find(const char *dir, const struct config *cfg, struct project *p, struct err *e)
{
        memset(p, 0, sizeof *p);
        size_t n = strlen(dir);
        char *s = malloc(n + sizeof "/.venv/pyvenv.cfg" + sizeof MARKER_NAME);
        if (!s)
                return err_set(e, -ENOMEM, "out of memory");
        memcpy(s, dir, n + 1);
        while (n > 1 && s[n - 1] == '/')
                n--;
        struct stat st;
        int conv_rc = 0;
        for (;;) {
                size_t dlen = n == 1 ? 0 : n; /* "/" + "/name" would give "//name" */
                /* lstat: a dangling or looping link named like the marker is still the user's
                 * marker, and must be reported rather than skipped. */
                int unsafe = 0;
                if (lstat(at(s, dlen, "/" MARKER_NAME), &st) == 0) {
                        struct err why;
                        char *real = NULL;
                        int rc = strict_resolve(s, "a marker", 0, &real, &why);
                        free(real);
                        if (rc == -EPERM) {
                                unsafe = 1;
                                if (!p->ignored++)
                                        p->ignored_why = why;
                        } else {
                                p->kind = PROJECT_MARKER;
                                p->marker = strdup(s);
                                break;
                        }
                }
                /* uv uses the venv UV_PROJECT_ENVIRONMENT names, never the .venv beside it. */
                s[n] = '\0';
                int uv = !unsafe && conv_uv_applies(s, cfg);
                if (!unsafe && !uv && cfg->implicit_venv &&
                    stat(at(s, dlen, "/.venv/pyvenv.cfg"), &st) == 0) {
                        p->kind = PROJECT_DOTVENV;
                        break;
                }
                if (!unsafe) {
                        struct err why;
                        s[n] = '\0';
                        conv_rc = conv_find(s, cfg, &p->conv, &unsafe, &why, e);
                        if (unsafe && !p->ignored++)
                                p->ignored_why = why;
                        if (conv_rc != 0) {
                                p->kind = PROJECT_CONV;
                                break;
                        }
                }
                if (n == 1)
                        break;
                while (n > 1 && s[n - 1] != '/')
                        n--;
                if (n > 1)
                        n--; /* drop the slash too, unless it is the root */
        }
        if (p->kind == PROJECT_NONE) {
                free(s);
                return 0;
        }
        s[n] = '\0';
        p->root = s;
        if (p->kind == PROJECT_CONV) {
                if (conv_rc < 0)
                        return conv_rc;
                p->venv = p->conv.venv;
                p->conv.venv = NULL;
                return 0;
        }
        if (p->kind == PROJECT_MARKER && !p->marker)
                return err_set(e, -ENOMEM, "out of memory");
        if (p->kind == PROJECT_DOTVENV) {
                p->venv = path_join(p->root, ".venv");
                return p->venv ? 0 : err_set(e, -ENOMEM, "out of memory");
        }
        /* Read by the name the user knows, for the messages: the links on the way to it passed
         * the checks, so only the user or root could point it elsewhere since. */
        int rc = marker_read(p->marker, &p->m, e);
        if (rc < 0)
                return rc;
        p->venv = path_resolve(p->root, p->m.venv, e);
        return p->venv ? 0 : ERR_FAIL;
}

void project_free(struct project *p)
{
        free(p->root);
        free(p->marker);
        free(p->venv);
        marker_free(&p->m);
        conv_hit_free(&p->conv);
        memset(p, 0, sizeof *p);
}
