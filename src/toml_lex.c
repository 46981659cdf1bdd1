/* The TOML reader's lexical layer: see toml_lex.h. */
#include "toml_lex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int toml_fail(struct toml_parser *ps, const char *why)
{
        return err_set(ps->e, ERR_FAIL, "%s:%d: %s", ps->file, ps->line, why);
}

void toml_skip_ws(struct toml_parser *ps)
{
        while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
                ps->p++;
}

int toml_at_newline(const struct toml_parser *ps)
{
        return ps->p < ps->end &&
               (*ps->p == '\n' || (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n'));
}

void toml_eat_newline(struct toml_parser *ps)
{
        ps->p += *ps->p == '\r' ? 2 : 1;
        ps->line++;
}

int toml_skip_comment(struct toml_parser *ps)
{
        if (ps->p >= ps->end || *ps->p != '#')
                return 0;
        while (ps->p < ps->end && !toml_at_newline(ps)) {
                unsigned char c = (unsigned char)*ps->p;
                if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return toml_fail(ps, "a control character in a comment");
                ps->p++;
        }
        return 0;
}

/* Blank space, comments and newlines, where TOML allows them (inside arrays). */
int toml_skip_blank(struct toml_parser *ps)
{
        for (;;) {
                toml_skip_ws(ps);
                int rc = toml_skip_comment(ps);
                if (rc < 0)
                        return rc;
                if (!toml_at_newline(ps))
                        return 0;
                toml_eat_newline(ps);
        }
}

int toml_starts(const struct toml_parser *ps, const char *s)
{
        size_t n = strlen(s);
        return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, s, n) == 0;
}

static void add_utf8(struct buf *b, unsigned long cp)
{
        char u[4];
        size_t n;
        if (cp < 0x80) {
                u[0] = (char)cp;
                n = 1;
        } else if (cp < 0x800) {
                u[0] = (char)(0xc0 | (cp >> 6));
                u[1] = (char)(0x80 | (cp & 0x3f));
                n = 2;
        } else if (cp < 0x10000) {
                u[0] = (char)(0xe0 | (cp >> 12));
                u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[2] = (char)(0x80 | (cp & 0x3f));
                n = 3;
        } else {
                u[0] = (char)(0xf0 | (cp >> 18));
                u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
                u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
                u[3] = (char)(0x80 | (cp & 0x3f));
                n = 4;
        }
        buf_add(b, u, n);
}

static int escape(struct toml_parser *ps, struct buf *b)
{
        ps->p++; /* the backslash */
        if (ps->p >= ps->end)
                return toml_fail(ps, "a string ends inside an escape");
        char c = *ps->p++;
        const char *simple = strchr("btnfr\"\\", c);
        if (c && simple) {
                static const char to[] = "\b\t\n\f\r\"\\";
                buf_addc(b, to[simple - "btnfr\"\\"]);
                return 0;
        }
        int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (!digits)
                return toml_fail(ps, "an unknown escape in a string");
        unsigned long cp = 0;
        for (int i = 0; i < digits; i++, ps->p++) {
                if (ps->p >= ps->end)
                        return toml_fail(ps, "a string ends inside an escape");
                char h = *ps->p;
                int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (v < 0)
                        return toml_fail(ps, "a \\u escape that is not hexadecimal");
                cp = cp * 16 + (unsigned long)v;
        }
        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                return toml_fail(ps, "a \\u escape that is not a character we accept");
        add_utf8(b, cp);
        return 0;
}

/* One string of any of the four kinds, its value in b (which may be NULL to skip it). */
int toml_parse_string(struct toml_parser *ps, struct buf *b)
{
        struct buf scratch = {0};
        struct buf *o = b ? b : &scratch;
        char q = *ps->p;
        int literal = q == '\'';
        int multi = toml_starts(ps, literal ? "'''" : "\"\"\"");
        int rc = 0;
        ps->p += multi ? 3 : 1;
        if (multi && toml_at_newline(ps))
                toml_eat_newline(ps); /* a newline just after the quotes is not part of it */
        for (;;) {
                if (ps->p >= ps->end) {
                        rc = toml_fail(ps, "a string is not closed");
                        break;
                }
                char c = *ps->p;
                if (c == q) {
                        if (!multi) {
                                ps->p++;
                                break;
                        }
                        /* up to two quotes may end the content just before the closing three */
                        size_t run = 0;
                        while (ps->p + run < ps->end && ps->p[run] == q)
                                run++;
                        if (run >= 3) {
                                if (run > 5) {
                                        rc = toml_fail(ps, "too many quotes ending a string");
                                        break;
                                }
                                buf_add(o, ps->p, run - 3);
                                ps->p += run;
                                break;
                        }
                        buf_add(o, ps->p, run);
                        ps->p += run;
                        continue;
                }
                if (toml_at_newline(ps)) {
                        if (!multi) {
                                rc = toml_fail(ps, "a string is not closed on its line");
                                break;
                        }
                        buf_addc(o, '\n');
                        toml_eat_newline(ps);
                        continue;
                }
                if (c == '\\' && !literal) {
                        const char *after = ps->p + 1;
                        while (multi && after < ps->end && (*after == ' ' || *after == '\t'))
                                after++;
                        if (multi && after < ps->end &&
                            (*after == '\n' ||
                             (*after == '\r' && after + 1 < ps->end && after[1] == '\n'))) {
                                /* a line-ending backslash: the newline and the blank space
                                 * after it go */
                                ps->p = after;
                                while (ps->p < ps->end &&
                                       (*ps->p == ' ' || *ps->p == '\t' || toml_at_newline(ps))) {
                                        if (toml_at_newline(ps))
                                                toml_eat_newline(ps);
                                        else
                                                ps->p++;
                                }
                                continue;
                        }
                        rc = escape(ps, o);
                        if (rc < 0)
                                break;
                        continue;
                }
                unsigned char u = (unsigned char)c;
                if ((u < 0x20 && c != '\t') || u == 0x7f) {
                        rc = toml_fail(ps, "a control character in a string");
                        break;
                }
                buf_addc(o, c);
                ps->p++;
        }
        buf_free(&scratch);
        return rc;
}
