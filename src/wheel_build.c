#include "wheel_build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fsx.h"
#include "path.h"
#include "proc.h"
#include "sha256.h"
#include "unzip.h"

#define RECORD_MAX (4 * 1024 * 1024)
#define MANIFEST_MAX (16 * 1024 * 1024)

/* What pip's install does for each .py file it installs: compileall.compile_file with
 * force, so every file gets the interpreter's own .pyc (a compile error is skipped, as pip
 * skips it). sys.argv[1] is the tree. */
static const char COMPILE[] = "import sys, compileall\n"
                              "compileall.compile_dir(sys.argv[1], quiet=2, force=True)\n";

void wheel_files_free(struct wheel_files *f)
{
        for (size_t i = 0; i < f->n; i++)
                free(f->v[i].rel);
        free(f->v);
        f->v = NULL;
        f->n = 0;
}

static int hash_file(const char *path, char out[51], off_t *size)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        struct sha256 s;
        sha256_init(&s);
        char buf[65536];
        off_t n = 0;
        ssize_t r;
        while ((r = read(fd, buf, sizeof buf)) != 0) {
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        int rc = -errno;
                        close(fd);
                        return rc;
                }
                sha256_add(&s, buf, (size_t)r);
                n += r;
        }
        close(fd);
        sha256_record_done(&s, out);
        *size = n;
        return 0;
}

/* Every row of the RECORD at dir/dist_info/RECORD that has a hash names a file of that size
 * and hash: a wheel that differs from its own RECORD is refused. */
static int verify_record(const char *dir, const char *dist_info, struct err *e)
{
        char *rec = NULL, *text = NULL;
        struct buf p = {0};
        buf_printf(&p, "%s/%s/RECORD", dir, dist_info);
        int rc = buf_str(&p) ? file_read(p.p, RECORD_MAX, &text, NULL, e)
                             : err_set(e, -ENOMEM, "out of memory");
        rec = text;
        for (char *save = NULL, *row = rc == 0 ? strtok_r(text, "\r\n", &save) : NULL;
             row && rc == 0; row = strtok_r(NULL, "\r\n", &save)) {
                /* path,sha256=...,size; paths with commas would be quoted: none in a wheel
                 * this installer takes, and a quoted one fails the lookup below. */
                char *c2 = strrchr(row, ','), *c1 = NULL;
                if (!c2)
                        continue;
                *c2 = '\0';
                c1 = strrchr(row, ',');
                if (!c1 || strncmp(c1 + 1, "sha256=", 7) != 0)
                        continue;
                *c1 = '\0';
                if (!unzip_safe_name(row, strlen(row)))
                        rc = err_set(e, -EINVAL, "%s: RECORD names %s", dir, row);
                char got[51];
                off_t size = 0;
                p.len = 0;
                buf_printf(&p, "%s/%s", dir, row);
                int hr = rc == 0 && buf_str(&p) ? hash_file(p.p, got, &size) : -ENOMEM;
                if (rc == 0 && hr < 0)
                        rc = err_set(e, hr, "%s: %s", p.p, strerror(-hr));
                else if (rc == 0 && (strcmp(got, c1 + 1) != 0 || size != atoll(c2 + 1)))
                        rc = err_set(e, -EINVAL, "%s: does not match the wheel's RECORD", p.p);
        }
        free(rec);
        buf_free(&p);
        return rc;
}

static int compile(const struct interp *py, const char *dir, struct err *e)
{
        char *argv[] = {py->path, "-E", "-s", "-S", "-c", (char *)COMPILE, (char *)dir, NULL};
        int status;
        int rc = proc_run(argv, NULL, 1, NULL, 0, &status, e);
        if (rc == 0 && status != 0)
                rc = err_set(e, ERR_FAIL, "%s: compiling the wheel's bytecode failed (%s %d)",
                             py->path, status > 128 ? "signal" : "exit status",
                             status > 128 ? status - 128 : status);
        return rc;
}

struct walk {
        struct buf out;
        int bad;
};

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Manifest lines for every regular file under dir/rel, in name order. */
static int walk(struct walk *w, const char *dir, const char *rel, struct err *e)
{
        char *full = rel[0] ? path_join(dir, rel) : strdup(dir);
        DIR *d = full ? opendir(full) : NULL;
        if (!d) {
                int rc = full ? err_set(e, -errno, "%s: %s", full, strerror(errno))
                              : err_set(e, -ENOMEM, "out of memory");
                free(full);
                return rc;
        }
        char **names = NULL;
        size_t n = 0, cap = 0;
        int rc = 0;
        for (struct dirent *de; rc == 0 && (de = readdir(d));) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
                    strcmp(de->d_name, WHEEL_MANIFEST) == 0)
                        continue;
                if (n == cap) {
                        char **more = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof *names);
                        if (!more) {
                                rc = err_set(e, -ENOMEM, "out of memory");
                                break;
                        }
                        names = more;
                }
                if (!(names[n] = strdup(de->d_name)))
                        rc = err_set(e, -ENOMEM, "out of memory");
                else
                        n++;
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = 0; i < n; i++) {
                char *r = rel[0] ? path_join(rel, names[i]) : strdup(names[i]);
                char *f = r ? path_join(dir, r) : NULL;
                struct stat st;
                if (rc < 0) {
                } else if (!f) {
                        rc = err_set(e, -ENOMEM, "out of memory");
                } else if (lstat(f, &st) != 0) {
                        rc = err_set(e, -errno, "%s: %s", f, strerror(errno));
                } else if (strpbrk(r, "\n\r")) {
                        rc = err_set(e, -EINVAL, "%s: a file name with a line break", dir);
                } else if (S_ISDIR(st.st_mode)) {
                        rc = walk(w, dir, r, e);
                } else if (S_ISREG(st.st_mode)) {
                        buf_printf(&w->out, "%o %lld %lld.%09ld %s\n",
                                   (unsigned)(st.st_mode & 0777), (long long)st.st_size,
                                   (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec, r);
                }
                free(f);
                free(r);
                free(names[i]);
        }
        free(names);
        free(full);
        return rc;
}

static int write_manifest(const char *dir, struct err *e)
{
        struct walk w = {0};
        int rc = walk(&w, dir, "", e);
        char *p = path_join(dir, WHEEL_MANIFEST);
        if (rc == 0 && (!p || !buf_str(&w.out)))
                rc = err_set(e, -ENOMEM, "out of memory");
        if (rc == 0)
                rc = fsx_write_new(p, w.out.p, w.out.len, 0666, e);
        free(p);
        buf_free(&w.out);
        return rc;
}

static int find_dist_info(const char *dir, char **name, struct err *e)
{
        DIR *d = opendir(dir);
        if (!d)
                return err_set(e, -errno, "%s: %s", dir, strerror(errno));
        *name = NULL;
        for (struct dirent *de; (de = readdir(d));) {
                size_t n = strlen(de->d_name);
                if (n > 10 && strcmp(de->d_name + n - 10, ".dist-info") == 0 && !*name)
                        *name = strdup(de->d_name);
        }
        closedir(d);
        return *name ? 0 : err_set(e, -ENOTSUP, "%s: no .dist-info directory", dir);
}

int wheel_build(const struct interp *py, const char *wheel, const char *dir, struct err *e)
{
        char *di = NULL;
        int rc = unzip_to(wheel, dir, e);
        if (rc == 0)
                rc = find_dist_info(dir, &di, e);
        if (rc == 0)
                rc = verify_record(dir, di, e);
        free(di);
        if (rc == 0 && py->cache_tag)
                rc = compile(py, dir, e);
        if (rc == 0)
                rc = write_manifest(dir, e);
        return rc;
}

static int parse_line(char *line, struct wheel_file *f)
{
        char *end;
        unsigned long mode = strtoul(line, &end, 8);
        if (*end != ' ' || mode > 0777)
                return -1;
        long long size = strtoll(end + 1, &end, 10);
        if (*end != ' ' || size < 0)
                return -1;
        long long sec = strtoll(end + 1, &end, 10);
        if (*end != '.')
                return -1;
        long nsec = strtol(end + 1, &end, 10);
        if (*end != ' ' || nsec < 0 || nsec > 999999999 || !end[1])
                return -1;
        const char *rel = end + 1;
        if (!unzip_safe_name(rel, strlen(rel)))
                return -1;
        memset(&f->st, 0, sizeof f->st);
        f->st.st_mode = S_IFREG | (mode_t)mode;
        f->st.st_size = (off_t)size;
        f->st.st_mtim.tv_sec = (time_t)sec;
        f->st.st_mtim.tv_nsec = nsec;
        size_t n = strlen(rel);
        f->pyc = n > 4 && strcmp(rel + n - 4, ".pyc") == 0 && strstr(rel, "__pycache__/");
        return (f->rel = strdup(rel)) ? 0 : -ENOMEM;
}

int wheel_manifest(const char *dir, struct wheel_files *files, struct err *e)
{
        struct wheel_files f = {0};
        char *p = path_join(dir, WHEEL_MANIFEST), *text = NULL;
        struct err re;
        int rc = p ? file_read(p, MANIFEST_MAX, &text, NULL, &re) : -ENOMEM;
        if (rc < 0)
                rc = err_set(e, -ESTALE, "%s", rc == -ENOMEM ? "out of memory" : re.msg);
        size_t cap = 0;
        for (char *save = NULL, *line = rc == 0 ? strtok_r(text, "\n", &save) : NULL;
             line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
                if (f.n == cap) {
                        struct wheel_file *more =
                            realloc(f.v, (cap = cap ? cap * 2 : 256) * sizeof *more);
                        if (!more) {
                                rc = err_set(e, -ENOMEM, "out of memory");
                                break;
                        }
                        f.v = more;
                }
                int pr = parse_line(line, &f.v[f.n]);
                if (pr < 0) {
                        rc = err_set(e, pr == -ENOMEM ? pr : -ESTALE, "%s: a damaged line", p);
                        break;
                }
                f.n++;
        }
        if (rc == 0 && f.n == 0)
                rc = err_set(e, -ESTALE, "%s: empty", p);
        free(text);
        free(p);
        if (rc < 0)
                wheel_files_free(&f);
        else
                *files = f;
        return rc;
}

int wheel_check(const char *dir, struct wheel_files *files, struct err *e)
{
        struct wheel_files f = {0};
        int rc = wheel_manifest(dir, &f, e);
        /* Each file as recorded: what a truncation or an edit breaks (a file made unreadable is
         * found when it is copied). */
        struct buf fp = {0};
        for (size_t i = 0; rc == 0 && i < f.n; i++) {
                struct stat st;
                fp.len = 0;
                buf_printf(&fp, "%s/%s", dir, f.v[i].rel);
                if (!buf_str(&fp))
                        rc = err_set(e, -ENOMEM, "out of memory");
                else if (lstat(fp.p, &st) != 0)
                        rc = err_set(e, -ESTALE, "%s: %s", fp.p, strerror(errno));
                else if (!S_ISREG(st.st_mode) || st.st_size != f.v[i].st.st_size ||
                         st.st_mtim.tv_sec != f.v[i].st.st_mtim.tv_sec ||
                         st.st_mtim.tv_nsec != f.v[i].st.st_mtim.tv_nsec)
                        rc = err_set(e, -ESTALE, "%s: changed since it was cached", fp.p);
        }
        buf_free(&fp);
        if (rc < 0 || !files)
                wheel_files_free(&f);
        else
                *files = f;
        return rc;
}
