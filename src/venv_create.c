#include "venv_create.h"

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsx.h"
#include "path.h"

#define TEMPLATE_MAX (1024 * 1024)

const char *venv_exe_name(const struct interp *py)
{
        return path_base(py->path);
}

void venv_py_repr(struct buf *b, const char *s)
{
        /* repr() picks single quotes unless the text has one and no double quote. */
        char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
        buf_addc(b, q);
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == q || *p == '\\') {
                        buf_addc(b, '\\');
                        buf_addc(b, (char)*p);
                } else if (*p == '\n') {
                        buf_adds(b, "\\n");
                } else if (*p == '\r') {
                        buf_adds(b, "\\r");
                } else if (*p == '\t') {
                        buf_adds(b, "\\t");
                } else if (*p < 0x20 || *p == 0x7f) {
                        buf_printf(b, "\\x%02x", *p);
                } else {
                        buf_addc(b, (char)*p);
                }
        }
        buf_addc(b, q);
}

void venv_sh_quote(struct buf *b, const char *s)
{
        int safe = *s != '\0';
        for (const char *p = s; *p && safe; p++) {
                unsigned char c = (unsigned char)*p;
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      strchr("_@%+=:,./-", c)))
                        safe = 0;
        }
        if (safe) {
                buf_adds(b, s);
                return;
        }
        buf_addc(b, '\'');
        for (const char *p = s; *p; p++) {
                if (*p == '\'')
                        buf_adds(b, "'\"'\"'");
                else
                        buf_addc(b, *p);
        }
        buf_addc(b, '\'');
}

static void ps1_quote(struct buf *b, const char *s)
{
        buf_addc(b, '\'');
        for (const char *p = s; *p; p++) {
                if (*p == '\'')
                        buf_addc(b, '\'');
                buf_addc(b, *p);
        }
        buf_addc(b, '\'');
}

void venv_replace(struct buf *out, const char *text, const char *needle, const char *value)
{
        size_t n = strlen(needle);
        for (const char *hit; (hit = strstr(text, needle)); text = hit + n) {
                buf_add(out, text, (size_t)(hit - text));
                buf_adds(out, value);
        }
        buf_adds(out, text);
}

/* The prompt the user asked for after venv's own rewrite ("." is the current directory's
 * name, from 3.9); NULL when none was asked for. */
static char *effective_prompt(const struct venv_spec *s)
{
        if (!s->prompt)
                return NULL;
        if (s->py->prompt_dot && strcmp(s->prompt, ".") == 0)
                return strdup(path_base(s->cwd));
        return strdup(s->prompt);
}

static int write_cfg(const char *tmp, const struct venv_spec *s, const char *prompt, struct err *e)
{
        const struct interp *py = s->py;
        struct buf b = {0};
        const char *exe = py->path, *base = path_base(exe);
        size_t homelen = (size_t)(base - exe);
        if (homelen > 1)
                homelen--; /* no trailing slash, as os.path.split gives */
        buf_printf(&b, "home = %.*s\n", (int)homelen, exe);
        buf_printf(&b, "include-system-site-packages = %s\n",
                   s->system_site_packages ? "true" : "false");
        buf_printf(&b, "version = %d.%d.%d\n", py->ver[0], py->ver[1], py->ver[2]);
        /* PEP 838 (Draft): the feature version, so that a tool need not parse "version",
         * which venv and virtualenv spell differently. The one key python -m venv lacks. */
        buf_printf(&b, "python-version = %d.%d\n", py->ver[0], py->ver[1]);
        if (prompt) {
                buf_adds(&b, "prompt = ");
                venv_py_repr(&b, prompt);
                buf_addc(&b, '\n');
        }
        if (py->cfg_command) {
                buf_printf(&b, "executable = %s\n", py->real);
                buf_printf(&b, "command = %s -m venv", py->path);
                if (!s->with_pip)
                        buf_adds(&b, " --without-pip");
                if (s->system_site_packages)
                        buf_adds(&b, " --system-site-packages");
                if (s->prompt)
                        buf_printf(&b, " --prompt=\"%s\"", s->prompt);
                buf_printf(&b, " %s\n", s->dir);
        }
        char *p = path_join(tmp, "pyvenv.cfg");
        int rc;
        if (!p || !buf_str(&b))
                rc = err_set(e, -ENOMEM, "out of memory");
        else
                rc = fsx_write_new(p, b.p, b.len, 0666, e);
        free(p);
        buf_free(&b);
        return rc;
}

/* bin/<name the interpreter was found by> links to it; python, python3 (and python3.X from
 * 3.9) link to that name, relatively, unless they are that name. */
static int link_python(const char *bin, const struct interp *py, struct err *e)
{
        const char *exe = venv_exe_name(py);
        char minor[32];
        snprintf(minor, sizeof minor, "python%d.%d", py->ver[0], py->ver[1]);
        const char *names[] = {exe, "python", "python3", py->minor_link ? minor : NULL};
        for (size_t i = 0; i < 4; i++) {
                if (!names[i] || (i > 0 && strcmp(names[i], exe) == 0))
                        continue;
                char *p = path_join(bin, names[i]);
                int rc = p ? fsx_symlink(i == 0 ? py->path : exe, p, e)
                           : err_set(e, -ENOMEM, "out of memory");
                free(p);
                if (rc < 0)
                        return rc;
        }
        return 0;
}

struct subst {
        const char *key, *value;
};

static int render(const char *src, const char *dst, const struct subst *vars, size_t nvars,
                  int quote, struct err *e)
{
        char *text;
        size_t len;
        int rc = file_read(src, TEMPLATE_MAX, &text, &len, e);
        if (rc < 0)
                return rc;
        struct stat st;
        if (stat(src, &st) != 0) {
                free(text);
                return err_set(e, -errno, "%s: %s", src, strerror(errno));
        }
        size_t n = strlen(src);
        int ps1 = n > 4 && strcmp(src + n - 4, ".ps1") == 0;
        int bat = n > 4 && strcmp(src + n - 4, ".bat") == 0;
        struct buf cur = {0};
        buf_add(&cur, text, len);
        free(text);
        for (size_t i = 0; i < nvars; i++) {
                struct buf q = {0}, next = {0};
                if (!quote || bat)
                        buf_adds(&q, vars[i].value);
                else if (ps1)
                        ps1_quote(&q, vars[i].value);
                else
                        venv_sh_quote(&q, vars[i].value);
                venv_replace(&next, buf_str(&cur) ? cur.p : "", vars[i].key,
                             buf_str(&q) ? q.p : "");
                buf_free(&q);
                buf_free(&cur);
                cur = next;
        }
        if (!buf_str(&cur))
                rc = err_set(e, -ENOMEM, "out of memory");
        else if ((rc = fsx_write_new(dst, cur.p, cur.len, 0666, e)) == 0 &&
                 chmod(dst, st.st_mode & 07777) != 0)
                rc = err_set(e, -errno, "%s: %s", dst, strerror(errno));
        buf_free(&cur);
        return rc;
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The activate scripts: venv's templates in scripts/common and scripts/posix, with venv's
 * substitutions (shell-quoted in the versions that quote them). Templates in deeper
 * directories are Windows-only in every CPython so far, and are not looked at. */
static int install_scripts(const char *bin, const struct venv_spec *s, const char *prompt,
                           struct err *e)
{
        const struct interp *py = s->py;
        if (!py->templates)
                return 0;
        const char *name = path_base(s->dir);
        struct buf shown = {0}, exe = {0};
        const char *p = prompt ? prompt : name;
        if (py->prompt_parens)
                buf_printf(&shown, "(%s) ", p);
        else
                buf_adds(&shown, p);
        buf_printf(&exe, "%s/%s/%s", s->dir, py->scripts, venv_exe_name(py));
        int rc = 0;
        if (!buf_str(&shown) || !buf_str(&exe))
                rc = err_set(e, -ENOMEM, "out of memory");
        struct subst vars[] = {
            {"__VENV_DIR__", s->dir},     {"__VENV_NAME__", name},
            {"__VENV_PROMPT__", shown.p}, {"__VENV_BIN_NAME__", py->scripts},
            {"__VENV_PYTHON__", exe.p},
        };
        const char *subs[] = {"common", "posix"};
        for (size_t k = 0; rc == 0 && k < 2; k++) {
                char *dir = path_join(py->templates, subs[k]);
                DIR *d = dir ? opendir(dir) : NULL;
                if (!d) {
                        free(dir);
                        continue;
                }
                char *files[64];
                size_t n = 0;
                for (struct dirent *de; (de = readdir(d)) && n < 64;)
                        if (de->d_name[0] != '.' && (files[n] = strdup(de->d_name)))
                                n++;
                closedir(d);
                qsort(files, n, sizeof *files, cmp_str);
                for (size_t i = 0; i < n; i++) {
                        char *src = path_join(dir, files[i]), *dst = path_join(bin, files[i]);
                        struct stat st;
                        if (!src || !dst)
                                rc = rc ? rc : err_set(e, -ENOMEM, "out of memory");
                        else if (rc == 0 && stat(src, &st) == 0 && S_ISREG(st.st_mode))
                                rc = render(src, dst, vars, 5, py->quote, e);
                        free(src);
                        free(dst);
                        free(files[i]);
                }
                free(dir);
        }
        buf_free(&shown);
        buf_free(&exe);
        return rc;
}

static int mkdir_in(const char *tmp, const char *rel, char **out, struct err *e)
{
        char *p = path_join(tmp, rel);
        if (!p)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = fsx_mkdirs(p, e);
        if (rc == 0 && out)
                *out = p;
        else
                free(p);
        return rc;
}

int venv_write(const char *tmp, const struct venv_spec *s, struct err *e)
{
        const struct interp *py = s->py;
        char *prompt = effective_prompt(s), *bin = NULL;
        if (s->prompt && !prompt)
                return err_set(e, -ENOMEM, "out of memory");
        int rc;
        /* The order venv's ensure_directories uses: include, site-packages, lib64, bin. */
        if ((rc = mkdir_in(tmp, py->include, NULL, e)) < 0 ||
            (rc = mkdir_in(tmp, py->purelib, NULL, e)) < 0)
                goto out;
        if (py->lib64 && strncmp(py->purelib, "lib/", 4) == 0) {
                char *l = path_join(tmp, "lib64");
                rc = l ? fsx_symlink("lib", l, e) : err_set(e, -ENOMEM, "out of memory");
                free(l);
                if (rc < 0)
                        goto out;
        }
        if ((rc = mkdir_in(tmp, py->scripts, &bin, e)) < 0)
                goto out;
        if (py->gitignore) {
                static const char gi[] =
                    "# Created by venv; see https://docs.python.org/3/library/venv.html\n*\n";
                char *p = path_join(tmp, ".gitignore");
                rc = p ? fsx_write_new(p, gi, sizeof gi - 1, 0666, e)
                       : err_set(e, -ENOMEM, "out of memory");
                free(p);
                if (rc < 0)
                        goto out;
        }
        if ((rc = write_cfg(tmp, s, prompt, e)) < 0 || (rc = link_python(bin, py, e)) < 0 ||
            (rc = install_scripts(bin, s, prompt, e)) < 0)
                goto out;
out:
        free(prompt);
        free(bin);
        return rc;
}
