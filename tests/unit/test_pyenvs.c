/* The .python-envs parser and rewrite (pyenvs.h): hostile lines refused by line number,
 * blank lines passed over, the rewrite keeping other lines byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pyenvs.h"

static int parse(const char *text, size_t len, struct pyenvs *p, struct err *e)
{
        e->msg[0] = '\0';
        return pyenvs_parse(text, len, "/p/.python-envs", p, e);
}

int main(void)
{
        struct pyenvs p;
        struct err e;
        const char ok[] = "envs/a\r\n\n/abs/b\nc";
        CHECK(parse(ok, sizeof ok - 1, &p, &e) == 0);
        CHECK(p.n == 3);
        if (p.n == 3) {
                CHECK_STR(p.v[0].text, "envs/a");
                CHECK_STR(p.v[2].text, "c");
                CHECK(p.v[1].lineno == 3 && p.v[2].lineno == 4);
        }
        pyenvs_free(&p);

        CHECK(parse("", 0, &p, &e) == 0 && p.n == 0);
        const char *bad[] = {"a\n$(id)\x1b[0m\n", "a\n\xff\xfe\n", "a\nb\x7f\n", "a\n\xc2\x9b\n",
                             "a\n\xed\xa0\x80\n"};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
                CHECK(parse(bad[i], strlen(bad[i]), &p, &e) < 0);
                CHECK(strstr(e.msg, "/p/.python-envs:2:") != NULL);
                CHECK(p.n == 0 && p.v == NULL);
        }
        const char nul[] = "a\0b\n";
        CHECK(parse(nul, sizeof nul - 1, &p, &e) < 0 && strstr(e.msg, ":1:"));
        char *longl = malloc(PYENVS_LINE_MAX + 3);
        memset(longl, 'x', PYENVS_LINE_MAX + 1);
        longl[PYENVS_LINE_MAX + 1] = '\n';
        CHECK(parse(longl, PYENVS_LINE_MAX + 2, &p, &e) < 0 && strstr(e.msg, ":1:"));
        free(longl);
        CHECK(parse("caf\xc3\xa9/v\n", 7, &p, &e) == 0 && p.n == 1);
        pyenvs_free(&p);

        char *r = pyenvs_resolve("/p", "a/../b/./v");
        CHECK_STR(r, "/p/b/v");
        free(r);

        struct buf b = {0};
        const char old[] = "# x\nenv\n/p/./env\nother\nlast";
        CHECK(pyenvs_make_default(old, sizeof old - 1, "/p", "/p/env", "env", &b, &e) == 0);
        CHECK_STR(buf_str(&b), "# x\nother\nlast\nenv\n");
        buf_free(&b);
        return CHECK_DONE();
}
