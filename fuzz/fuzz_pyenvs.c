/* libFuzzer target: a .python-envs file (PEP 832), text a cloned repository ships. Parsing
 * must never crash, leak or read out of bounds; every entry that comes out is one clean,
 * non-empty line of valid length, and the rewrite keeps a list that parses again with the
 * new default last. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pyenvs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > PYENVS_MAX)
                return 0; /* the reader never hands over more */
        char *text = malloc(size + 1);
        memcpy(text, data, size);
        text[size] = '\0';
        struct pyenvs p;
        struct err e;
        e.msg[0] = '\0';
        if (pyenvs_parse(text, size, "fuzz/.python-envs", &p, &e) == 0) {
                for (size_t i = 0; i < p.n; i++) {
                        const char *s = p.v[i].text;
                        if (!s[0] || strlen(s) > PYENVS_LINE_MAX)
                                abort();
                        for (const char *c = s; *c; c++)
                                if ((unsigned char)*c < 0x20 || *c == 0x7f)
                                        abort();
                        char *abs = pyenvs_resolve("/project", s);
                        if (abs && (abs[0] != '/' || strstr(abs, "//") || strstr(abs, "/./")))
                                abort();
                        free(abs);
                }
                struct buf b = {0};
                if (pyenvs_make_default(text, size, "/project", "/project/env", "env", &b, &e) ==
                    0) {
                        struct pyenvs q;
                        if (pyenvs_parse(b.p, b.len, "fuzz", &q, &e) != 0 || q.n == 0 ||
                            strcmp(q.v[q.n - 1].text, "env") != 0)
                                abort();
                        pyenvs_free(&q);
                }
                buf_free(&b);
                pyenvs_free(&p);
        } else if (!e.msg[0] || p.n || p.v) {
                abort();
        }
        free(text);
        return 0;
}
