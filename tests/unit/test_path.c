#include <stdlib.h>

#include "check.h"
#include "path.h"

static void norm(const char *in, const char *want)
{
        char *got = path_normalize(in);
        CHECK_STR(got, want);
        free(got);
}

static void resolve(const char *dir, const char *p, const char *want)
{
        struct err e;
        char *got = path_resolve(dir, p, &e);
        CHECK_STR(got, want);
        free(got);
}

int main(void)
{
        norm("/", "/");
        norm("//", "/");
        norm("/a/b/", "/a/b");
        norm("/a//b/./c", "/a/b/c");
        norm("/a/b/../c", "/a/c");
        norm("/../..", "/");
        norm("/a/.../b", "/a/.../b");

        setenv("HOME", "/home/u", 1);
        resolve("/p", ".venv", "/p/.venv");
        resolve("/p", "/abs/env/", "/abs/env");
        resolve("/p", "~/envs/x", "/home/u/envs/x");
        resolve("/p", "~", "/home/u");
        resolve("/p", "../shared/.venv", "/shared/.venv");
        resolve("/p", "~user/x", "/p/~user/x");

        CHECK_STR(path_base("/a/b"), "b");
        CHECK_STR(path_base("/a/.venv/"), ".venv/");
        CHECK_STR(path_base("x"), "x");

        char *j = path_join("/", "x");
        CHECK_STR(j, "/x");
        free(j);
        return CHECK_DONE();
}
