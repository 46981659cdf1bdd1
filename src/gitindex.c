#include "gitindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "path.h"

/* An index larger than this is not read: it would not be a repository a venv lives in. */
#define INDEX_MAX ((size_t)512 * 1024 * 1024)
#define GITFILE_MAX 4096

static uint32_t be32(const unsigned char *p)
{
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The repository's directory for the work tree top, or NULL: .git itself, or where a .git
 * file (a linked worktree, a submodule) points. Only one of ours or root's counts: another
 * account's .git says nothing about where our files came from. */
static char *git_dir(const char *top, struct err *e)
{
        char *dotgit = path_join(top, ".git");
        if (!dotgit)
                return NULL;
        struct stat st;
        if (stat(dotgit, &st) != 0 || (st.st_uid != 0 && st.st_uid != geteuid())) {
                free(dotgit);
                return NULL;
        }
        if (S_ISDIR(st.st_mode))
                return dotgit;
        char *text = NULL;
        char *dir = NULL;
        if (file_read(dotgit, GITFILE_MAX, &text, NULL, e) == 0 &&
            strncmp(text, "gitdir: ", 8) == 0) {
                text[strcspn(text, "\r\n")] = '\0';
                struct err ignored;
                dir = path_resolve(top, text + 8, &ignored);
        }
        free(text);
        free(dotgit);
        return dir;
}

/* Whether the repository stores SHA-256 object ids: its config says so. */
static int sha256_repo(const char *gitdir)
{
        char *cfg = path_join(gitdir, "config"), *text = NULL;
        struct err ignored;
        int yes = 0;
        if (cfg && file_read(cfg, 1 << 20, &text, NULL, &ignored) == 0) {
                for (char *p = text; *p; p++)
                        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
                char *at = strstr(text, "objectformat");
                if (at && strstr(at, "sha256"))
                        yes = 1;
        }
        free(text);
        free(cfg);
        return yes;
}

/* git's variable-length offset, as index version 4 stores prefix lengths. */
static int varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
        if (*p >= end)
                return -1;
        unsigned char c = *(*p)++;
        size_t v = c & 127;
        while (c & 128) {
                if (*p >= end || v > (SIZE_MAX >> 8))
                        return -1;
                c = *(*p)++;
                v = ((v + 1) << 7) + (c & 127);
        }
        *out = v;
        return 0;
}

/* Hashes the entries whose path starts with prefix; 1 when there was one, 0 when none, -1 when
 * the index is malformed. */
static int scan(const unsigned char *d, size_t size, size_t oidlen, const char *prefix,
                struct sha256 *h)
{
        size_t plen = strlen(prefix);
        if (size < 12 || memcmp(d, "DIRC", 4) != 0)
                return -1;
        uint32_t ver = be32(d + 4), count = be32(d + 8);
        if (ver < 2 || ver > 4)
                return -1;
        const unsigned char *p = d + 12, *end = d + size;
        struct buf path = {0};
        int found = 0, rc = 0;
        for (uint32_t i = 0; i < count; i++) {
                const unsigned char *start = p;
                size_t fixed = 40 + oidlen + 2;
                if ((size_t)(end - p) < fixed) {
                        rc = -1;
                        break;
                }
                uint32_t mode = be32(p + 24);
                const unsigned char *oid = p + 40;
                unsigned flags = (unsigned)p[40 + oidlen] << 8 | p[41 + oidlen];
                p += fixed;
                if (ver >= 3 && (flags & 0x4000))
                        p += 2;
                size_t strip = 0;
                if (ver == 4 && varint(&p, end, &strip) < 0) {
                        rc = -1;
                        break;
                }
                const unsigned char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
                if (!nul || (ver == 4 && strip > path.len)) {
                        rc = -1;
                        break;
                }
                if (ver == 4)
                        path.len -= strip;
                else
                        path.len = 0;
                buf_add(&path, (const char *)p, (size_t)(nul - p));
                const char *name = buf_str(&path);
                if (!name) {
                        rc = -1;
                        break;
                }
                p = nul + 1;
                if (ver < 4) {
                        /* NUL padding to a multiple of eight, counted from the entry's start */
                        size_t len = ((size_t)(nul - start) + 8) & ~(size_t)7;
                        p = start + len;
                        if (p > end) {
                                rc = -1;
                                break;
                        }
                }
                int cmp = strncmp(name, prefix, plen);
                if (cmp == 0) {
                        unsigned char m[4] = {mode >> 24, mode >> 16, mode >> 8, mode};
                        sha256_add(h, name, path.len + 1);
                        sha256_add(h, m, 4);
                        sha256_add(h, oid, oidlen);
                        found = 1;
                } else if (cmp > 0) {
                        break; /* sorted by path: nothing further can match */
                }
        }
        buf_free(&path);
        return rc < 0 ? rc : found;
}

static int digest_index(const char *gitdir, const char *prefix, char out[SHA256_HEX_LEN + 1],
                        struct err *e)
{
        char *index = path_join(gitdir, "index");
        if (!index)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = 0;
        int fd = open(index, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd < 0) {
                /* a repository with nothing added yet has no index */
                if (errno != ENOENT)
                        rc = err_set(e, -errno, "%s: %s", index, strerror(errno));
        } else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > INDEX_MAX) {
                rc = err_set(e, -EINVAL, "%s: not a git index this can read", index);
        } else if (st.st_size > 0) {
                void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
                if (map == MAP_FAILED) {
                        rc = err_set(e, -errno, "%s: %s", index, strerror(errno));
                } else {
                        struct sha256 h;
                        sha256_init(&h);
                        int found = scan(map, (size_t)st.st_size, sha256_repo(gitdir) ? 32 : 20,
                                         prefix, &h);
                        munmap(map, (size_t)st.st_size);
                        if (found < 0) {
                                rc = err_set(e, -EINVAL,
                                             "%s: cannot read this git index, so cannot tell "
                                             "whether the venv came with the repository",
                                             index);
                        } else if (found) {
                                unsigned char bin[32];
                                sha256_done(&h, bin);
                                for (int i = 0; i < 32; i++) {
                                        static const char hex[] = "0123456789abcdef";
                                        out[2 * i] = hex[bin[i] >> 4];
                                        out[2 * i + 1] = hex[bin[i] & 15];
                                }
                                out[SHA256_HEX_LEN] = '\0';
                        }
                }
        }
        if (fd >= 0)
                close(fd);
        free(index);
        return rc;
}

int git_tracked_digest(const char *dir, char out[SHA256_HEX_LEN + 1], struct err *e)
{
        out[0] = '\0';
        size_t n = strlen(dir);
        char *top = strdup(dir);
        if (!top)
                return err_set(e, -ENOMEM, "out of memory");
        int rc = 0;
        /* the nearest .git at or above dir; dir itself being a repository's top tracks
         * everything in it */
        for (;;) {
                char *gd = git_dir(top, e);
                if (gd) {
                        size_t tl = strlen(top);
                        const char *rel = dir + (tl == 1 ? 1 : tl + (tl < n));
                        char *prefix = malloc(strlen(rel) + 2);
                        if (!prefix) {
                                rc = err_set(e, -ENOMEM, "out of memory");
                        } else {
                                strcpy(prefix, rel);
                                if (*rel)
                                        strcat(prefix, "/");
                                rc = digest_index(gd, prefix, out, e);
                                free(prefix);
                        }
                        free(gd);
                        break;
                }
                char *slash = strrchr(top, '/');
                if (!slash || slash == top) {
                        if (top[1] == '\0')
                                break;
                        top[1] = '\0'; /* and look at / last */
                        continue;
                }
                *slash = '\0';
        }
        free(top);
        return rc;
}
