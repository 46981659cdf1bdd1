#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conv_core.h"
#include "path.h"
#include "venvfile.h"

int venvfile_parse(const char *text, size_t len, const char *path, char **line,
                   enum venvfile_kind *kind, struct err *e)
{
        *line = NULL;
        size_t n = len;
        if (n && text[n - 1] == '\n')
                n--;
        if (n && text[n - 1] == '\r')
                n--;
        if (n == 0)
                return err_set(e, -EINVAL, "%s: empty; a .venv file holds the venv's path or name",
                               path);
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)text[i];
                if (c == '\n')
                        return err_set(e, -EINVAL,
                                       "%s: more than one line; a .venv file holds one path or "
                                       "name",
                                       path);
                if (c < 0x20 || c == 0x7f)
                        return err_set(e, -EINVAL,
                                       "%s: not text (byte 0x%02x at offset %zu); a .venv file "
                                       "holds one path or name",
                                       path, c, i);
        }
        int has_slash = memchr(text, '/', n) != NULL;
        if (!has_slash && ((n == 1 && text[0] == '.') || (n == 2 && !memcmp(text, "..", 2))))
                return err_set(e, -EINVAL,
                               "%s: \"%.*s\" is neither a path (it has no '/') nor a venv name",
                               path, (int)n, text);
        if (!(*line = strndup(text, n)))
                return err_set(e, -ENOMEM, "out of memory");
        *kind = has_slash ? VENVFILE_PATH : VENVFILE_NAME;
        return 0;
}

/* dir/.venv when it is a file (following a link to one): 1 with its line and kind, 0 when
 * there is none or it is a directory (a venv itself, which project.c looks at), negative when
 * unreadable or malformed. */
static int read_venvfile(const char *dir, char **file, char **line, enum venvfile_kind *kind,
                         struct err *e)
{
        *line = NULL;
        if (!(*file = path_join(dir, ".venv")))
                return err_set(e, -ENOMEM, "out of memory");
        struct stat st;
        if (stat(*file, &st) != 0) {
                struct stat lst;
                if (errno == ENOENT && lstat(*file, &lst) != 0)
                        goto none; /* no .venv at all: the common case */
                /* a link to nowhere is the user's broken redirect, not nothing; a loop or
                 * another failure is for the read below to name */
                if (errno == ENOENT)
                        return err_set(e, -ENOENT, "%s: a link to a file that does not exist",
                                       *file);
        } else if (S_ISDIR(st.st_mode)) {
                goto none;
        }
        int rc = conv_file_safe(*file, e);
        if (rc < 0)
                return rc;
        char *text;
        size_t len;
        rc = file_read(*file, VENVFILE_MAX, &text, &len, e);
        if (rc == -ELOOP)
                return err_set(e, rc, "%s: a loop of symbolic links", *file);
        if (rc < 0)
                return rc;
        rc = venvfile_parse(text, len, *file, line, kind, e);
        free(text);
        return rc < 0 ? rc : 1;
none:
        free(*file);
        *file = NULL;
        return 0;
}

/* The venv a .venv file leads to must be a venv now: redirects are not followed further (a
 * venv holds pyvenv.cfg, another .venv file does not), so a chain or a loop of them stops at
 * the first step with a message. */
static int check_venv(const char *file, const char *line, const char *venv, struct err *e)
{
        struct stat st;
        if (stat(venv, &st) != 0) {
                if (errno == ELOOP)
                        return err_set(e, -ELOOP, "%s: \"%s\" is a loop of symbolic links", file,
                                       line);
                return err_set(e, -ENOENT, "%s: names %s, which does not exist", file, venv);
        }
        if (!S_ISDIR(st.st_mode))
                return err_set(e, -EINVAL,
                               "%s: names %s, which is not a directory (a .venv file names the "
                               "venv itself, not another .venv file)",
                               file, venv);
        char *cfg = path_join(venv, "pyvenv.cfg");
        int ok = cfg && stat(cfg, &st) == 0;
        free(cfg);
        if (!ok)
                return err_set(e, -EINVAL, "%s: names %s, which is not a venv (no pyvenv.cfg)",
                               file, venv);
        return 0;
}

static int hit_fill(struct conv_hit *hit, char *venv, char *file, const char *tool)
{
        hit->venv = venv;
        hit->files[0] = file;
        hit->tool = tool;
        return 1;
}

int conv_venv_file(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        char *file, *line;
        enum venvfile_kind kind;
        int rc = read_venvfile(dir, &file, &line, &kind, e);
        if (rc <= 0 || kind != VENVFILE_PATH) {
                free(file);
                free(line);
                return rc < 0 ? rc : 0; /* the other kind is the other convention's */
        }
        char *joined = line[0] == '/' ? strdup(line) : path_join(dir, line);
        char *venv = joined ? path_normalize(joined) : NULL;
        free(joined);
        if (!venv)
                rc = err_set(e, -ENOMEM, "out of memory");
        else
                rc = check_venv(file, line, venv, e);
        free(line);
        if (rc < 0) {
                free(venv);
                free(file);
                return rc;
        }
        return hit_fill(hit, venv, file, "PEP 832 .venv file");
}

/* $WORKON_HOME as virtualenvwrapper, virtualfish and autoswitch read it: ~/.virtualenvs when
 * unset or empty. A relative value would depend on the directory the shell is in, so it is
 * refused rather than guessed at. */
static char *workon_home(const char *file, struct err *e)
{
        const char *w = getenv("WORKON_HOME");
        if (w && *w) {
                if (w[0] != '/' && w[0] != '~') {
                        err_set(e, -EINVAL,
                                "%s: names a venv in $WORKON_HOME, which is not an absolute "
                                "path (%s)",
                                file, w);
                        return NULL;
                }
                return path_resolve("/", w, e);
        }
        return path_resolve("/", "~/.virtualenvs", e);
}

int conv_venv_name(const char *dir, const struct config *cfg, struct conv_hit *hit, struct err *e)
{
        (void)cfg;
        char *file, *line;
        enum venvfile_kind kind;
        int rc = read_venvfile(dir, &file, &line, &kind, e);
        if (rc <= 0 || kind != VENVFILE_NAME) {
                free(file);
                free(line);
                return rc < 0 ? rc : 0; /* the other kind is the other convention's */
        }
        char *home = workon_home(file, e);
        char *venv = home ? path_join(home, line) : NULL;
        if (home && !venv)
                rc = err_set(e, -ENOMEM, "out of memory");
        else if (venv)
                rc = check_venv(file, line, venv, e);
        else
                rc = ERR_FAIL;
        free(home);
        free(line);
        if (rc < 0) {
                free(venv);
                free(file);
                return rc;
        }
        return hit_fill(hit, venv, file, "virtualfish/autoswitch .venv name file");
}
