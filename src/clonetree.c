#include "clonetree.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsx.h"

/* Fewer files than this are not worth a thread. */
#define THREAD_MIN_FILES 64

struct item {
        const struct wheel_file *f;
        size_t dlen; /* length of the directory part of f->rel, 0 for none */
};

/* A run of items in one directory. */
struct group {
        size_t start, end;
        unsigned long long weight;
        int worker;
};

struct worker {
        const struct item *items;
        const struct group *groups;
        size_t ngroups;
        size_t *mine; /* indices into groups */
        size_t nmine;
        int fromfd, tofd;
        atomic_int *stop;
        int rc;
        size_t failed; /* the item, when rc < 0 */
        int at_dir;    /* the failure was at the item's directory: 1 opening, 2 making it */
};

static int cmp_item(const void *a, const void *b)
{
        const struct item *x = a, *y = b;
        size_t n = x->dlen < y->dlen ? x->dlen : y->dlen;
        int c = memcmp(x->f->rel, y->f->rel, n);
        if (c == 0 && x->dlen != y->dlen)
                return x->dlen < y->dlen ? -1 : 1;
        return c ? c : strcmp(x->f->rel + x->dlen, y->f->rel + y->dlen);
}

static int cmp_weight(const void *a, const void *b)
{
        const struct group *x = a, *y = b;
        return x->weight < y->weight ? 1 : x->weight > y->weight ? -1 : 0;
}

static int cmp_start(const void *a, const void *b)
{
        const struct group *x = a, *y = b;
        return x->start < y->start ? -1 : x->start > y->start;
}

static const char *base_of(const struct item *it)
{
        return it->f->rel + it->dlen + (it->dlen ? 1 : 0);
}

/* The item's directory under root, opened (root itself for none). */
static int open_dir(int root, const struct item *it)
{
        char d[4096];
        if (it->dlen == 0)
                return openat(root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (it->dlen >= sizeof d) {
                errno = ENAMETOOLONG;
                return -1;
        }
        memcpy(d, it->f->rel, it->dlen);
        d[it->dlen] = '\0';
        return openat(root, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

/* mkdir -p of d (changed and restored in place) under root: the directory first, its parents
 * only when it has none. The other thread may be making the same parents: EEXIST is as
 * good. */
static int mkdirs_at(int root, char *d)
{
        if (mkdirat(root, d, 0777) == 0 || errno == EEXIST)
                return 0;
        char *slash = strrchr(d, '/');
        if (errno != ENOENT || !slash)
                return -errno;
        *slash = '\0';
        int rc = mkdirs_at(root, d);
        *slash = '/';
        if (rc == 0 && mkdirat(root, d, 0777) != 0 && errno != EEXIST)
                rc = -errno;
        return rc;
}

static int make_dir(int root, const struct item *it)
{
        char d[4096];
        if (it->dlen >= sizeof d)
                return -ENAMETOOLONG;
        memcpy(d, it->f->rel, it->dlen);
        d[it->dlen] = '\0';
        return mkdirs_at(root, d);
}

static void *copy_groups(void *arg)
{
        struct worker *w = arg;
        for (size_t g = 0; g < w->nmine && w->rc == 0; g++) {
                const struct group *gr = &w->groups[w->mine[g]];
                const struct item *first = &w->items[gr->start];
                int sd = open_dir(w->fromfd, first), dd = -1, made = 0;
                if (sd >= 0 && first->dlen && (made = make_dir(w->tofd, first)) < 0) {
                        w->rc = made;
                        w->at_dir = 2;
                } else if (sd >= 0) {
                        dd = open_dir(w->tofd, first);
                }
                if (w->rc == 0 && (sd < 0 || dd < 0)) {
                        w->rc = sd < 0 ? -ESTALE : -errno;
                        w->at_dir = 1;
                }
                if (w->rc < 0)
                        w->failed = gr->start;
                for (size_t i = gr->start; i < gr->end && w->rc == 0; i++) {
                        if (atomic_load_explicit(w->stop, memory_order_relaxed))
                                break;
                        const char *b = base_of(&w->items[i]);
                        int rc = fsx_clone_at(sd, b, dd, b, &w->items[i].f->st);
                        if (rc < 0) {
                                w->rc = rc;
                                w->failed = i;
                        }
                }
                if (sd >= 0)
                        close(sd);
                if (dd >= 0)
                        close(dd);
        }
        if (w->rc < 0)
                atomic_store_explicit(w->stop, 1, memory_order_relaxed);
        return NULL;
}

static int two_processors(void)
{
        return sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

int clone_tree(const char *from, const char *to, const struct wheel_file *v, size_t n,
               struct err *e)
{
        if (n == 0)
                return 0;
        struct item *items = malloc(n * sizeof *items);
        struct group *groups = malloc(n * sizeof *groups);
        size_t *mine = malloc(2 * n * sizeof *mine); /* each worker's groups */
        int fromfd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int tofd = open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int rc = 0;
        if (!items || !groups || !mine)
                rc = err_set(e, -ENOMEM, "out of memory");
        else if (fromfd < 0)
                rc = err_set(e, -ESTALE, "%s: %s", from, strerror(errno));
        else if (tofd < 0)
                rc = err_set(e, -errno, "%s: %s", to, strerror(errno));
        if (rc < 0)
                goto out;
        for (size_t i = 0; i < n; i++) {
                const char *slash = strrchr(v[i].rel, '/');
                items[i] = (struct item){&v[i], slash ? (size_t)(slash - v[i].rel) : 0};
        }
        /* By directory, parents before children: each directory is made, opened and filled
         * once. */
        qsort(items, n, sizeof *items, cmp_item);
        size_t ng = 0;
        for (size_t i = 0; i < n; i++) {
                const struct item *p = i ? &items[i - 1] : NULL, *it = &items[i];
                if (!p || p->dlen != it->dlen || memcmp(p->f->rel, it->f->rel, it->dlen) != 0)
                        groups[ng++] = (struct group){i, i, 0, 0};
                struct group *g = &groups[ng - 1];
                g->end = i + 1;
                /* What a file costs, roughly: making an inode is worth copying a few pages. */
                g->weight += 16384 + (unsigned long long)it->f->st.st_size;
        }
        /* Largest first, each to the less loaded of two workers. */
        qsort(groups, ng, sizeof *groups, cmp_weight);
        atomic_int stop = 0;
        struct worker w[2] = {
            {items, groups, ng, mine, 0, fromfd, tofd, &stop, 0, 0, 0},
            {items, groups, ng, mine + n, 0, fromfd, tofd, &stop, 0, 0, 0},
        };
        int threads = n >= THREAD_MIN_FILES && two_processors() ? 2 : 1;
        unsigned long long load[2] = {0, 0};
        for (size_t g = 0; g < ng; g++) {
                int k = threads == 2 && load[1] < load[0];
                load[k] += groups[g].weight;
                groups[g].worker = k;
        }
        /* Each worker's in name order, so that parents are mostly made before children. */
        qsort(groups, ng, sizeof *groups, cmp_start);
        for (size_t g = 0; g < ng; g++)
                w[groups[g].worker].mine[w[groups[g].worker].nmine++] = g;
        pthread_t t;
        int started = 0;
        if (w[1].nmine) {
                /* Signals stay with the main thread, whose handler notes an interrupt. */
                sigset_t all, old;
                sigfillset(&all);
                pthread_sigmask(SIG_BLOCK, &all, &old);
                started = pthread_create(&t, NULL, copy_groups, &w[1]) == 0;
                pthread_sigmask(SIG_SETMASK, &old, NULL);
                if (!started) {
                        /* The main thread copies everything. */
                        for (size_t g = 0; g < w[1].nmine; g++)
                                mine[w[0].nmine++] = w[1].mine[g];
                        w[1].nmine = 0;
                }
        }
        copy_groups(&w[0]);
        if (started)
                pthread_join(t, NULL);
        for (int k = 0; k < 2 && rc == 0; k++) {
                if (w[k].rc == 0)
                        continue;
                const struct item *it = &items[w[k].failed];
                rc = w[k].rc;
                if (w[k].at_dir == 2)
                        err_set(e, rc, "%s/%.*s: cannot make the directory: %s", to, (int)it->dlen,
                                it->f->rel, strerror(-rc));
                else if (w[k].at_dir && rc == -ESTALE)
                        err_set(e, rc, "%s/%.*s: changed since it was cached", from, (int)it->dlen,
                                it->f->rel);
                else if (w[k].at_dir)
                        err_set(e, rc, "%s/%.*s: cannot open the directory: %s", to, (int)it->dlen,
                                it->f->rel, strerror(-rc));
                else if (rc == -ESTALE)
                        err_set(e, rc, "%s/%s: changed since it was cached", from, it->f->rel);
                else
                        err_set(e, rc, "%s/%s: cannot copy to %s/%s: %s", from, it->f->rel, to,
                                it->f->rel, strerror(-rc));
        }
out:
        if (fromfd >= 0)
                close(fromfd);
        if (tofd >= 0)
                close(tofd);
        free(items);
        free(groups);
        free(mine);
        return rc;
}
