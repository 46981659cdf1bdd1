#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "hookenv.h"
#include "json.h"
#include "path.h"
#include "shell.h"

static void add_str(cJSON *o, const char *key, const char *v)
{
        if (v)
                cJSON_AddStringToObject(o, key, v);
        else
                cJSON_AddNullToObject(o, key);
}

/* {"venv", "prompt", "bin", "set": {NAME: value}, "unset": [NAME]}: what the hook's variables
 * are once it has acted, for editors and CI that apply them themselves. */
static int print_json(const struct target *t, int changed, struct buf *out)
{
        cJSON *o = cJSON_CreateObject();
        if (!o)
                return json_emit(NULL, out);
        int ready = t->kind == TARGET_READY;
        add_str(o, "venv", ready ? t->p.venv : NULL);
        add_str(o, "prompt", ready ? t->prompt : NULL);
        char *bin = ready ? path_join(t->p.venv, "bin") : NULL;
        add_str(o, "bin", bin);
        free(bin);
        add_str(o, "project", t->p.root);
        cJSON *set = cJSON_AddObjectToObject(o, "set");
        cJSON *unset = cJSON_AddArrayToObject(o, "unset");
        for (size_t i = 0; changed && set && unset && hookenv_vars[i]; i++) {
                const char *v = getenv(hookenv_vars[i]);
                if (v)
                        cJSON_AddStringToObject(set, hookenv_vars[i], v);
                else
                        cJSON_AddItemToArray(unset, cJSON_CreateString(hookenv_vars[i]));
        }
        return json_emit(o, out);
}

/* What the hook would set and unset in DIR, as SHELL's code or as JSON. */
int cmd_env(int argc, char **argv)
{
        struct hookenv_opts o = {0};
        const char *shell = NULL;
        int json = 0;
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                int taken = cmd_hookenv_option("env", argc, argv, &i, &o);
                if (taken > 1)
                        return taken;
                if (taken) {
                        continue;
                } else if (strcmp(a, "--json") == 0) {
                        json = 1;
                } else if (shell || (a[0] == '-' && a[1])) {
                        return cmd_bad_arg("env", a);
                } else {
                        shell = a;
                }
        }
        if (json == !!shell)
                return cmd_usage_error("env", "--json or a shell (%s)", shell_names());
        const struct shell *sh = shell ? shell_find(shell) : NULL;
        if (shell && !sh) {
                warnx_("env: '%s' is not a shell pyenvhook supports (%s)", shell, shell_names());
                return EXIT_USAGE;
        }
        struct target t;
        int changed, rc = hookenv_apply("env", &o, &t, &changed);
        struct buf out = {0};
        if (rc == EXIT_OK && json && print_json(&t, changed, &out) < 0)
                out.oom = 1;
        for (size_t i = 0; rc == EXIT_OK && sh && changed && hookenv_vars[i]; i++)
                sh->setenv(&out, hookenv_vars[i], getenv(hookenv_vars[i]));
        target_free(&t);
        if (rc != EXIT_OK) {
                buf_free(&out);
                return rc;
        }
        return cmd_write(&out, "env");
}
