#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "json.h"
#include "interp.h"

static int list_json(const struct interp_list *l, struct buf *out)
{
        cJSON *a = cJSON_CreateArray();
        int bad = !a;
        for (size_t i = 0; !bad && i < l->n; i++) {
                const struct interp *it = &l->v[i];
                cJSON *o = cJSON_CreateObject();
                if (!o || !cJSON_AddItemToArray(a, o) ||
                    !cJSON_AddStringToObject(o, "version", it->version) ||
                    !cJSON_AddStringToObject(o, "implementation", it->implementation) ||
                    !cJSON_AddStringToObject(o, "path", it->path) ||
                    !cJSON_AddStringToObject(o, "realpath", it->real) ||
                    !cJSON_AddStringToObject(o, "source", it->source) ||
                    !cJSON_AddStringToObject(o, "base_prefix", it->base_prefix) ||
                    !cJSON_AddBoolToObject(o, "pip_wheel", it->nwheels > 0))
                        bad = 1;
        }
        if (bad) {
                cJSON_Delete(a);
                return -ENOMEM;
        }
        return json_emit(a, out);
}

static void list_text(const struct interp_list *l, struct buf *out)
{
        for (size_t i = 0; i < l->n; i++) {
                const struct interp *it = &l->v[i];
                buf_printf(out, "%-8s %-8s %s (%s)\n", it->version, it->implementation, it->path,
                           it->source);
        }
}

static int python_list(int argc, char **argv)
{
        int json, rc = cmd_json_opt(argc, argv, "python", &json);
        if (rc)
                return rc;
        struct interp_list l = {0};
        struct err e;
        if (interp_discover(&l, &e) < 0) {
                warnx_("python list: %s", e.msg);
                return EXIT_FAIL;
        }
        struct buf out = {0};
        int status = EXIT_OK;
        if (json ? list_json(&l, &out) < 0 : (list_text(&l, &out), 0)) {
                warnx_("python list: out of memory");
                status = EXIT_FAIL;
                buf_free(&out);
        } else {
                status = cmd_write(&out, "python list");
        }
        interp_list_free(&l);
        return status;
}

/* `python find REQUEST`: which interpreter a --python value picks; for scripts and tests. */
static int python_find(int argc, char **argv)
{
        if (argc < 2)
                return cmd_usage_error("python", "find needs a REQUEST (3.12, python3.11, a path)");
        if (argc > 2)
                return cmd_bad_arg("python", argv[2]);
        struct interp it;
        struct err e;
        if (interp_find(argv[1], ".", &it, &e) < 0) {
                warnx_("python find: %s", e.msg);
                return EXIT_FAIL;
        }
        printf("%s %s %s\n", it.version, it.implementation, it.path);
        interp_free(&it);
        return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

int cmd_python(int argc, char **argv)
{
        if (argc >= 2 && strcmp(argv[1], "list") == 0)
                return python_list(argc - 1, argv + 1);
        if (argc >= 2 && strcmp(argv[1], "find") == 0)
                return python_find(argc - 1, argv + 1);
        if (argc < 2)
                return cmd_usage_error("python", "list or find?");
        return cmd_usage_error("python", "unknown subcommand '%s'", argv[1]);
}
