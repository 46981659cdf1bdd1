/* Markers and the project search, on real temporary trees. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "marker.h"
#include "project.h"

static char root[256];

static void put(const char *rel, const char *text)
{
        char p[512];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        FILE *f = fopen(p, "w");
        if (!f) {
                perror(p);
                exit(2);
        }
        fputs(text, f);
        fclose(f);
}

static void dir(const char *rel)
{
        char p[512];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        mkdir(p, 0755);
}

static int read_marker(const char *rel, struct marker *m, struct err *e)
{
        char p[512];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        return marker_read(p, m, e);
}

static void marker_ok(const char *text, const char *venv)
{
        put("m.json", text);
        struct marker m;
        struct err e;
        int rc = read_marker("m.json", &m, &e);
        CHECK(rc == 0);
        if (rc == 0) {
                CHECK_STR(m.venv, venv);
                marker_free(&m);
        } else {
                fprintf(stderr, "  for %s: %s\n", text, e.msg);
        }
}

static void marker_bad(const char *text, const char *needle)
{
        put("m.json", text);
        struct marker m;
        struct err e = {{0}};
        CHECK(read_marker("m.json", &m, &e) < 0);
        if (!strstr(e.msg, needle) || !strstr(e.msg, "m.json")) {
                fprintf(stderr, "  message [%s] lacks [%s] or the file's name\n", e.msg, needle);
                check_failures++;
        }
}

int main(void)
{
        snprintf(root, sizeof root, "/tmp/pyenvhook-unit-XXXXXX");
        if (!mkdtemp(root))
                return 2;

        marker_ok("", ".venv");
        marker_ok(" \n\t", ".venv");
        marker_ok("{}", ".venv");
        marker_ok("{\"venv\": \"env\"}", "env");
        marker_ok("{\"venv\": \"/abs\", \"future_key\": [1, {\"x\": 2}]}", "/abs");
        marker_ok("{\"python\": \"3.12\", \"prompt\": \"api\", \"system_site_packages\": true}",
                  ".venv");
        marker_bad("{", "invalid JSON");
        marker_bad("{\n\"venv\": \".venv\",\n}", "line");
        marker_bad("[]", "JSON object");
        marker_bad("\"x\"", "JSON object");
        marker_bad("{\"venv\": 3}", "\"venv\" must be a string");
        marker_bad("{\"venv\": \"\"}", "must not be empty");
        marker_bad("{\"python\": 3.12}", "\"python\" must be a string");
        marker_bad("{\"system_site_packages\": \"yes\"}", "true or false");
        marker_bad("{} trailing", "invalid JSON");
        /* a key given twice: we would read the first, jq and Python the last */
        marker_bad("{\"venv\": \"v1\", \"venv\": \"v2\"}", "\"venv\" is given twice");
        marker_bad("{\"a\": 1, \"b\": 2, \"c\": 3, \"a\": 4}", "\"a\" is given twice");
        marker_bad("{\"x\": [1, {\"k\": 1, \"k\": 2}]}", "\"k\" is given twice in \"x\"");
        marker_bad("{\"x\": {\"y\": {\"k\": 1, \"k\": 2}}}", "\"k\" is given twice in \"y\"");
        marker_bad("{\"\": 1, \"\": 2}", "\"\" is given twice");
        /* keys that differ only in case, or one key in two objects, are not the same key */
        marker_ok("{\"venv\": \"v1\", \"Venv\": \"v2\"}", "v1");
        marker_ok("{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}, \"venv\": \"e\"}", "e");

        /* too large */
        char *big = malloc(MARKER_MAX + 10);
        memset(big, ' ', MARKER_MAX + 9);
        big[MARKER_MAX + 9] = '\0';
        big[0] = '{';
        big[MARKER_MAX + 8] = '}';
        marker_bad(big, "too large");
        free(big);

        /* a directory named like the marker */
        dir("d");
        dir("d/" MARKER_NAME);
        struct marker m;
        struct err e;
        CHECK(read_marker("d/" MARKER_NAME, &m, &e) == -EISDIR);

        /* nearest project wins; .venv counts only when allowed */
        dir("p");
        dir("p/sub");
        dir("p/sub/inner");
        dir("p/sub/inner/.venv");
        put("p/" MARKER_NAME, "{\"venv\": \"env\"}");
        put("p/sub/inner/.venv/pyvenv.cfg", "home = /usr/bin\n");
        char here[512];
        struct config cfg = {.implicit_venv = 1};
        struct project p;

        snprintf(here, sizeof here, "%s/p/sub", root);
        CHECK(project_find(here, &cfg, &p, &e) == 0);
        CHECK(p.kind == PROJECT_MARKER);
        char want[512];
        snprintf(want, sizeof want, "%s/p/env", root);
        CHECK_STR(p.venv, want);
        snprintf(want, sizeof want, "%s/p", root);
        CHECK_STR(p.root, want);
        project_free(&p);

        snprintf(here, sizeof here, "%s/p/sub/inner", root);
        CHECK(project_find(here, &cfg, &p, &e) == 0);
        CHECK(p.kind == PROJECT_DOTVENV);
        CHECK(p.marker == NULL);
        project_free(&p);

        cfg.implicit_venv = 0;
        CHECK(project_find(here, &cfg, &p, &e) == 0);
        CHECK(p.kind == PROJECT_MARKER);
        project_free(&p);

        CHECK(project_find("/", &cfg, &p, &e) == 0);
        CHECK(p.kind == PROJECT_NONE);
        project_free(&p);

        /* a broken marker is reported with its project */
        put("p/sub/" MARKER_NAME, "{oops");
        snprintf(here, sizeof here, "%s/p/sub/inner", root);
        CHECK(project_find(here, &cfg, &p, &e) < 0);
        snprintf(want, sizeof want, "%s/p/sub", root);
        CHECK_STR(p.root, want);
        project_free(&p);

        /* a marker link that loops is the user's marker, reported, not skipped */
        char link[512];
        snprintf(link, sizeof link, "%s/p/sub/%s", root, MARKER_NAME);
        unlink(link);
        CHECK(symlink(link, link) == 0);
        CHECK(project_find(here, &cfg, &p, &e) < 0);
        CHECK(strstr(e.msg, MARKER_NAME) != NULL);
        project_free(&p);

        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0)
                return 2;
        return CHECK_DONE();
}
