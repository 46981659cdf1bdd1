/* marker_render: what create writes into a marker, and when it writes nothing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "marker.h"

/* The render of old with set; "=" when old must stay as it is, "!" on an error. */
static const char *render(const char *old, struct marker set, struct buf *out)
{
        struct err e;
        out->len = 0;
        int rc = marker_render(old, old ? strlen(old) : 0, "m.json", &set, out, &e);
        return rc == 0 ? "=" : rc < 0 ? "!" : buf_str(out);
}

int main(void)
{
        struct buf b = {0};
        const struct marker none = {.system_site_packages = -1};
        struct marker set = none;
        /* Nothing asked, or asked what is already there: not a byte changes. */
        CHECK_STR(render("{\"venv\":\".venv\" ,\t\"x\": 1.50}", set, &b), "=");
        set.python = "python3";
        CHECK_STR(render("{\"python\": \"python3\"}", set, &b), "=");
        set.system_site_packages = 1;
        CHECK_STR(render("{\"python\": \"python3\", \"system_site_packages\": true}", set, &b),
                  "=");
        /* A change: keys stay in their places, new ones go last, two spaces per level. */
        set = none;
        set.python = "/usr/bin/python3";
        set.prompt = "a \"b\"\n";
        CHECK_STR(render("{\"python\": \"3.11\", \"team\": {\"a\": [1, {}, []]}, \"venv\": \"e\"}",
                         set, &b),
                  "{\n"
                  "  \"python\": \"/usr/bin/python3\",\n"
                  "  \"team\": {\n"
                  "    \"a\": [\n"
                  "      1,\n"
                  "      {},\n"
                  "      []\n"
                  "    ]\n"
                  "  },\n"
                  "  \"venv\": \"e\",\n"
                  "  \"prompt\": \"a \\\"b\\\"\\n\"\n"
                  "}\n");
        /* No marker yet: one is made of what is set. */
        set = none;
        set.venv = ".venv";
        set.system_site_packages = 0;
        CHECK_STR(render(NULL, set, &b),
                  "{\n  \"venv\": \".venv\",\n  \"system_site_packages\": false\n}\n");
        CHECK_STR(render("", set, &b),
                  "{\n  \"venv\": \".venv\",\n  \"system_site_packages\": false\n}\n");
        /* Not JSON, or too large once written: an error, and nothing to write. */
        CHECK_STR(render("{\"venv\": ", set, &b), "!");
        char *big = malloc(MARKER_MAX);
        memset(big, ' ', MARKER_MAX - 1);
        memcpy(big, "{}", 2);
        big[MARKER_MAX - 1] = '\0';
        set = none;
        set.prompt = "p";
        CHECK_STR(render(big, set, &b), "{\n  \"prompt\": \"p\"\n}\n");
        char *pad = malloc(MARKER_MAX);
        snprintf(pad, MARKER_MAX, "{\"n\": \"%*s\"}", MARKER_MAX - 20, "");
        CHECK_STR(render(pad, set, &b), "!");
        free(big);
        free(pad);
        buf_free(&b);
        return CHECK_DONE();
}
