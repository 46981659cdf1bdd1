#include "wheel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "clonetree.h"
#include "fsx.h"
#include "path.h"
#include "sha256.h"
#include "wheel_build.h"

#define WHEEL_TEXT_MAX (4 * 1024 * 1024)

/* Each file the manifest lists, copied into site (files from the cache are private copies:
 * see fsx_clone_at); the RECORD rows pip adds for bytecode go to record. */
static int copy_files(const char *from, const struct wheel_files *f, const char *site,
                      struct buf *record, struct err *e)
{
        int rc = clone_tree(from, site, f->v, f->n, e);
        for (size_t i = 0; rc == 0 && i < f->n; i++)
                if (f->v[i].pyc)
                        buf_printf(record, "%s,,\n", f->v[i].rel);
        return rc;
}

/* The one top-level *.dist-info directory; *.data means a wheel this installer does not
 * handle. */
static int find_dist_info(const char *dir, char **name, struct err *e)
{
        DIR *d = opendir(dir);
        if (!d)
                return err_set(e, -errno, "%s: %s", dir, strerror(errno));
        int rc = 0;
        *name = NULL;
        for (struct dirent *de; (de = readdir(d));) {
                size_t n = strlen(de->d_name);
                if (n > 5 && strcmp(de->d_name + n - 5, ".data") == 0)
                        rc = -ENOTSUP;
                if (n > 10 && strcmp(de->d_name + n - 10, ".dist-info") == 0 && !*name)
                        *name = strdup(de->d_name);
        }
        closedir(d);
        if (rc == 0 && !*name)
                rc = -ENOTSUP;
        if (rc < 0) {
                free(*name);
                *name = NULL;
                return err_set(e, rc, "%s: not a wheel this installer handles", dir);
        }
        return 0;
}

int wheel_launcher(struct buf *b, const char *exe, const char *entry)
{
        /* "module:func.attr [extras]" */
        const char *colon = strchr(entry, ':');
        if (!colon)
                return -EINVAL;
        size_t flen = strcspn(colon + 1, " \t[");
        size_t alen = strcspn(colon + 1, ". \t[");
        if (flen == 0 || colon == entry)
                return -EINVAL;
        /* Kernels cut a #! line at 127 bytes and no #! line can hold a space: then /bin/sh
         * starts the interpreter instead, as pip's launchers do. */
        if (strlen(exe) > 125 || strpbrk(exe, " \t")) {
                buf_adds(b, "#!/bin/sh\n'''exec' ");
                venv_sh_quote(b, exe);
                buf_adds(b, " \"$0\" \"$@\"\n' '''\n");
        } else {
                buf_printf(b, "#!%s\n", exe);
        }
        buf_printf(b,
                   "# -*- coding: utf-8 -*-\n"
                   "import re\n"
                   "import sys\n"
                   "from %.*s import %.*s\n"
                   "if __name__ == '__main__':\n"
                   "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                   "    sys.exit(%.*s())\n",
                   (int)(colon - entry), entry, (int)alen, colon + 1, (int)flen, colon + 1);
        return 0;
}

/* pip names its own launchers for the Python it installs into, whatever the wheel lists. */
static int versioned_alias(const char *name, const char *stem, char sep)
{
        size_t n = strlen(stem);
        if (strncmp(name, stem, n) != 0)
                return 0;
        const char *s = name + n;
        if (*s == '\0')
                return 1;
        if (sep == '-' && *s++ != '-')
                return 0;
        for (; *s; s++)
                if (!((*s >= '0' && *s <= '9') || *s == '.'))
                        return 0;
        return 1;
}

/* A RECORD row as pip writes it: path relative to site-packages, sha256, size. */
static void record_line(struct buf *b, const char *dir, const char *name, const char *data,
                        size_t len)
{
        char hash[51];
        sha256_record(data, len, hash);
        buf_printf(b, "%s/%s,%s,%zu\n", dir, name, hash, len);
}

static int cmp_line(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The wheel's RECORD and ours as one, written as pip writes it: rows sorted by path, CSV's
 * CRLF line ends. */
static int record_merge(struct buf *out, const char *wheel, const char *ours)
{
        size_t n = 0, cap = 64;
        char **rows = malloc(cap * sizeof *rows);
        char *text = malloc(strlen(wheel) + strlen(ours) + 2);
        if (!rows || !text) {
                free(rows);
                free(text);
                return -ENOMEM;
        }
        strcpy(text, wheel);
        strcat(text, "\n");
        strcat(text, ours);
        for (char *save = NULL, *row = strtok_r(text, "\r\n", &save); row;
             row = strtok_r(NULL, "\r\n", &save)) {
                if (n == cap) {
                        char **more = realloc(rows, (cap *= 2) * sizeof *rows);
                        if (!more) {
                                free(rows);
                                free(text);
                                return -ENOMEM;
                        }
                        rows = more;
                }
                rows[n++] = row;
        }
        qsort(rows, n, sizeof *rows, cmp_line);
        for (size_t i = 0; i < n; i++) {
                buf_adds(out, rows[i]);
                buf_adds(out, "\r\n");
        }
        free(rows);
        free(text);
        return 0;
}

struct launchers {
        struct buf record; /* RECORD lines for what is written */
        const char *bin, *rel_bin, *exe;
        int count;
};

static int write_launcher(struct launchers *l, const char *name, const char *entry, struct err *e)
{
        struct buf text = {0};
        int rc = wheel_launcher(&text, l->exe, entry);
        char *p = path_join(l->bin, name);
        if (rc < 0)
                rc = err_set(e, rc, "console script %s: cannot read \"%s\"", name, entry);
        else if (!p || !buf_str(&text))
                rc = err_set(e, -ENOMEM, "out of memory");
        else if ((rc = fsx_write_new(p, text.p, text.len, 0777, e)) == 0)
                record_line(&l->record, l->rel_bin, name, text.p, text.len);
        l->count++;
        free(p);
        buf_free(&text);
        return rc;
}

static int console_scripts(struct launchers *l, const char *entry_points, const int ver[3],
                           struct err *e)
{
        int in = 0, rc = 0;
        char pip_entry[512] = "", easy_entry[512] = "";
        for (const char *line = entry_points; rc == 0 && *line;) {
                size_t n = strcspn(line, "\n");
                char buf[1024];
                snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), line);
                line += n + (line[n] == '\n');
                char *s = buf, *end = buf + strlen(buf);
                while (*s == ' ' || *s == '\t')
                        s++;
                while (end > s && strchr(" \t\r", end[-1]))
                        *--end = '\0';
                if (*s == '[') {
                        in = strcmp(s, "[console_scripts]") == 0;
                        continue;
                }
                char *eq = strchr(s, '=');
                if (!in || !eq || *s == '#' || *s == ';')
                        continue;
                char *k = s, *kend = eq, *v = eq + 1;
                while (kend > k && strchr(" \t", kend[-1]))
                        kend--;
                *kend = '\0';
                while (*v == ' ' || *v == '\t')
                        v++;
                if (versioned_alias(k, "pip", 0))
                        snprintf(pip_entry, sizeof pip_entry, "%s", v);
                else if (versioned_alias(k, "easy_install", '-'))
                        snprintf(easy_entry, sizeof easy_entry, "%s", v);
                else
                        rc = write_launcher(l, k, v, e);
        }
        char name[64];
        if (rc == 0 && pip_entry[0]) {
                rc = write_launcher(l, "pip", pip_entry, e);
                snprintf(name, sizeof name, "pip%d", ver[0]);
                if (rc == 0)
                        rc = write_launcher(l, name, pip_entry, e);
                snprintf(name, sizeof name, "pip%d.%d", ver[0], ver[1]);
                if (rc == 0)
                        rc = write_launcher(l, name, pip_entry, e);
        }
        if (rc == 0 && easy_entry[0]) {
                rc = write_launcher(l, "easy_install", easy_entry, e);
                snprintf(name, sizeof name, "easy_install-%d.%d", ver[0], ver[1]);
                if (rc == 0)
                        rc = write_launcher(l, name, easy_entry, e);
        }
        return rc;
}

/* "pip-24.2.dist-info" -> "pip 24.2" */
static char *describe(const char *dist_info)
{
        char *s = strndup(dist_info, strlen(dist_info) - 10);
        char *dash = s ? strchr(s, '-') : NULL;
        if (dash)
                *dash = ' ';
        return s;
}

int wheel_install(const char *unpacked, const struct wheel_files *files, const char *tmp,
                  const struct venv_spec *s, char **what, struct err *e)
{
        const struct interp *py = s->py;
        *what = NULL;
        char *di = NULL, *site = path_join(tmp, py->purelib), *bin = path_join(tmp, py->scripts);
        struct launchers l = {0};
        struct buf exe = {0}, rel_bin = {0}, file = {0};
        char *record = NULL, *eps = NULL;
        int rc = site && bin ? find_dist_info(unpacked, &di, e) : -ENOMEM;
        if (rc == -ENOMEM)
                err_set(e, rc, "out of memory");
        if (rc == 0)
                rc = copy_files(unpacked, files, site, &l.record, e);
        /* Launchers name the venv where it will be, not where it is being built. */
        buf_printf(&exe, "%s/%s/%s", s->dir, py->scripts, venv_exe_name(py));
        for (const char *p = py->purelib; p; p = strchr(p + 1, '/'))
                buf_adds(&rel_bin, "../");
        buf_adds(&rel_bin, py->scripts);
        if (rc == 0 && (!buf_str(&exe) || !buf_str(&rel_bin)))
                rc = err_set(e, -ENOMEM, "out of memory");
        l.bin = bin;
        l.rel_bin = rel_bin.p;
        l.exe = exe.p;
        if (rc == 0) {
                buf_printf(&file, "%s/%s/entry_points.txt", unpacked, di);
                int r = buf_str(&file) ? file_read(file.p, WHEEL_TEXT_MAX, &eps, NULL, e) : -ENOMEM;
                if (r == 0)
                        rc = console_scripts(&l, eps, py->ver, e);
                else if (r != -ENOENT)
                        rc = r;
        }
        /* What pip writes when it installs: who installed it, that it was asked for (as
         * ensurepip's pip install does), and RECORD with every file, so that pip can later
         * upgrade or uninstall it. */
        const char *extra[][2] = {{"INSTALLER", "pip\n"}, {"REQUESTED", ""}};
        for (size_t i = 0; rc == 0 && i < 2; i++) {
                file.len = 0;
                buf_printf(&file, "%s/%s/%s", site, di, extra[i][0]);
                if (!buf_str(&file))
                        rc = err_set(e, -ENOMEM, "out of memory");
                else if ((rc = fsx_write_new(file.p, extra[i][1], strlen(extra[i][1]), 0666, e)) ==
                         0)
                        record_line(&l.record, di, extra[i][0], extra[i][1], strlen(extra[i][1]));
        }
        if (rc == 0) {
                file.len = 0;
                buf_printf(&file, "%s/%s/RECORD", site, di);
                rc = buf_str(&file) ? file_read(file.p, WHEEL_TEXT_MAX, &record, NULL, e)
                                    : err_set(e, -ENOMEM, "out of memory");
        }
        if (rc == 0) {
                struct buf all = {0};
                if (buf_str(&l.record))
                        rc = record_merge(&all, record, l.record.p);
                if (rc < 0 || !buf_str(&all) || !buf_str(&l.record))
                        rc = err_set(e, -ENOMEM, "out of memory");
                else if (unlink(file.p) != 0)
                        rc = err_set(e, -errno, "%s: %s", file.p, strerror(errno));
                else
                        rc = fsx_write_new(file.p, all.p, all.len, 0666, e);
                buf_free(&all);
        }
        if (rc == 0 && !(*what = describe(di)))
                rc = err_set(e, -ENOMEM, "out of memory");
        free(record);
        free(eps);
        free(di);
        free(site);
        free(bin);
        buf_free(&l.record);
        buf_free(&exe);
        buf_free(&rel_bin);
        buf_free(&file);
        return rc;
}
