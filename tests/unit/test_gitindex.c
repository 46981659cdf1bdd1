/* gitindex.c against index files real git writes: versions 2, 3 and 4, entries with extended
 * flags (intent-to-add, skip-worktree) among others, prefix-compressed paths whose strip count
 * takes two varint bytes, names of every length modulo eight (v2 and v3 pad to eight), and a
 * mode change. The expected digest is computed here from `git ls-files -s -z`, a reading of the
 * index by git itself, so a misread entry anywhere after the first shows. Skips (77) without
 * git. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "gitindex.h"

static char repo[PATH_MAX]; /* realpath writes up to PATH_MAX (_FORTIFY_SOURCE checks) */

/* Runs a shell command in the repository, git's own settings kept out; exits 2 when it fails,
 * since every later check would then say nothing. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
        char cmd[PATH_MAX + 8192];
        va_list ap;
        va_start(ap, fmt);
        int n = snprintf(cmd, sizeof cmd, "cd '%s' && ", repo);
        vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
        va_end(ap);
        if (system(cmd) != 0) {
                fprintf(stderr, "failed: %s\n", cmd);
                exit(2);
        }
}

static int hexval(int c)
{
        return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* The digest gitindex.h promises, of the entries under prefix as git lists them: each path
 * with its NUL, its mode as four big-endian bytes, its object id. */
static void expected(const char *prefix, char out[SHA256_HEX_LEN + 1])
{
        char cmd[PATH_MAX + 64];
        snprintf(cmd, sizeof cmd, "cd '%s' && git ls-files -s -z", repo);
        FILE *p = popen(cmd, "r");
        if (!p)
                exit(2);
        static char all[1 << 20];
        size_t len = fread(all, 1, sizeof all - 1, p);
        pclose(p);
        struct sha256 h;
        sha256_init(&h);
        int found = 0;
        /* "MODE OID STAGE\tPATH\0" */
        for (char *r = all; r < all + len; r += strlen(r) + 1) {
                char *tab = strchr(r, '\t');
                if (!tab)
                        exit(2);
                char *path = tab + 1;
                if (strncmp(path, prefix, strlen(prefix)) != 0)
                        continue;
                uint32_t mode = (uint32_t)strtoul(r, NULL, 8);
                const char *oid = strchr(r, ' ') + 1;
                unsigned char bin[32], m[4] = {mode >> 24, mode >> 16, mode >> 8, mode};
                size_t olen = (size_t)(strchr(oid, ' ') - oid) / 2;
                for (size_t i = 0; i < olen; i++)
                        bin[i] = (unsigned char)(hexval(oid[2 * i]) << 4 | hexval(oid[2 * i + 1]));
                sha256_add(&h, path, strlen(path) + 1);
                sha256_add(&h, m, 4);
                sha256_add(&h, bin, olen);
                found = 1;
        }
        out[0] = '\0';
        if (!found)
                return;
        unsigned char d[32];
        sha256_done(&h, d);
        for (int i = 0; i < 32; i++)
                snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The version the index on disk has: what was asked for must be what is tested. */
static unsigned index_version(void)
{
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/.git/index", repo);
        unsigned char head[8] = {0};
        FILE *f = fopen(path, "rb");
        if (!f || fread(head, 1, 8, f) != 8)
                exit(2);
        fclose(f);
        return (unsigned)head[4] << 24 | head[5] << 16 | head[6] << 8 | head[7];
}

/* The digest of dir (in the repository) as gitindex.c reads it and as git lists it agree. */
static void agrees(const char *dir, unsigned version, const char *what)
{
        char path[PATH_MAX + 64], got[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1], prefix[256];
        snprintf(path, sizeof path, "%s/%s", repo, dir);
        snprintf(prefix, sizeof prefix, "%s/", dir);
        struct err e;
        int rc = git_tracked_digest(path, got, &e);
        expected(prefix, want);
        if (rc != 0 || strcmp(got, want) != 0 || !want[0] || index_version() != version) {
                fprintf(stderr, "%s, %s, version %u (file %u): rc %d, got [%s], want [%s]\n", what,
                        dir, version, index_version(), rc, got, want);
                check_failures++;
        }
}

int main(void)
{
        if (system("git --version >/dev/null 2>&1") != 0) {
                fprintf(stderr, "no git: skipped\n");
                return 77;
        }
        char tmpl[] = "/tmp/pyh-gitindex-XXXXXX";
        if (!mkdtemp(tmpl) || !realpath(tmpl, repo))
                return 2;
        setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
        setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
        setenv("GIT_AUTHOR_NAME", "t", 1);
        setenv("GIT_AUTHOR_EMAIL", "t@example.org", 1);
        setenv("GIT_COMMITTER_NAME", "t", 1);
        setenv("GIT_COMMITTER_EMAIL", "t@example.org", 1);
        sh("git init -q . && mkdir -p .venv/bin .venv/lib/site && echo x >.venv-before");
        /* Names of lengths 1 to 16 (every padding v2 and v3 can need), a symlink (its own
         * mode), an executable, and a name long enough that the next entry's v4 strip count
         * is past 127 (two varint bytes). Entries that sort just before and after ".venv/". */
        sh("for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do "
           "printf %%s $i >.venv/lib/site/$(printf %%${i}s | tr ' ' a); done");
        sh("ln -s python3 .venv/bin/python && printf '#!/bin/sh\\n' >.venv/bin/pip && "
           "chmod 755 .venv/bin/pip");
        sh("mkdir -p .venv/lib/site/%s && echo deep >.venv/lib/site/%s/f && echo z >.venv/zz && "
           "echo y >.venv0 && mkdir other && echo o >other/f",
           "d123456789012345678901234567890123456789012345678901234567890123456789"
           "/e123456789012345678901234567890123456789012345678901234567890123456789",
           "d123456789012345678901234567890123456789012345678901234567890123456789"
           "/e123456789012345678901234567890123456789012345678901234567890123456789");
        sh("git add -f . && git commit -qm init");
        /* git writes a version 3 index without extended flags as version 2. */
        for (unsigned v = 2; v <= 4; v += 2) {
                sh("git update-index --index-version %u", v);
                agrees(".venv", v, "plain");
                agrees(".venv/lib/site", v, "plain");
                agrees("other", v, "plain");
        }
        /* Extended flags (version 3 at least: git raises a version 2 index to 3 for them) on
         * entries in the middle, so that the ones after them are read past the two bytes. */
        sh("git update-index --index-version 2 && git update-index --skip-worktree "
           ".venv/bin/pip .venv/lib/site/aaa");
        agrees(".venv", 3, "skip-worktree");
        agrees("other", 3, "skip-worktree");
        sh("git update-index --index-version 4");
        agrees(".venv", 4, "skip-worktree");
        agrees("other", 4, "skip-worktree");
        sh("echo new >.venv/lib/site/added && echo n2 >.venv/bin/added && "
           "git add -f --intent-to-add .venv/lib/site/added .venv/bin/added");
        for (unsigned v = 3; v <= 4; v++) {
                sh("git update-index --index-version %u", v);
                agrees(".venv", v, "intent-to-add");
                agrees(".venv/lib", v, "intent-to-add");
                agrees("other", v, "intent-to-add");
        }
        /* A mode change alone (chmod +x of a committed file, as a pull of one brings) changes
         * the digest, in every version. */
        sh("git update-index --no-skip-worktree .venv/bin/pip .venv/lib/site/aaa && "
           "git rm -q --cached .venv/lib/site/added .venv/bin/added");
        for (unsigned v = 2; v <= 4; v += 2) {
                char before[SHA256_HEX_LEN + 1], after[SHA256_HEX_LEN + 1], path[PATH_MAX + 64];
                struct err e;
                snprintf(path, sizeof path, "%s/.venv", repo);
                sh("git update-index --index-version %u && chmod 644 .venv/lib/site/a && "
                   "git add .venv/lib/site/a",
                   v);
                CHECK(git_tracked_digest(path, before, &e) == 0);
                sh("chmod 755 .venv/lib/site/a && git add .venv/lib/site/a");
                CHECK(git_tracked_digest(path, after, &e) == 0);
                CHECK(before[0] && after[0] && strcmp(before, after) != 0);
                agrees(".venv", v, "mode change");
        }
        sh("cd / && rm -rf '%s'", repo);
        return CHECK_DONE();
}
