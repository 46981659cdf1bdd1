/* What the TOML reader makes of files, for fuzz/toml_differential.py to hold against Python's
 * tomllib: for each file named, "F N ok" or "F N error", then per key the conventions read a
 * line "K KEY TYPE [VALUE]" (strings as hex, booleans 0 or 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml.h"

/* The keys conv_poetry.c, conv_pipenv.c and conv_pdm.c ask for. */
static const char *const keys[][4] = {
    {"tool", "poetry", NULL, NULL},
    {"tool", "poetry", "name", NULL},
    {"project", "name", NULL, NULL},
    {"virtualenvs", "path", NULL, NULL},
    {"virtualenvs", "in-project", NULL, NULL},
    {"virtualenvs", "create", NULL, NULL},
    {"cache-dir", NULL, NULL, NULL},
    {"requires", "python_version", NULL, NULL},
    {"python", "path", NULL, NULL},
};

int main(int argc, char **argv)
{
        for (int f = 1; f < argc; f++) {
                FILE *in = fopen(argv[f], "rb");
                if (!in)
                        return 2;
                static char text[TOML_MAX + 1];
                size_t len = fread(text, 1, TOML_MAX + 1, in);
                fclose(in);
                if (len > TOML_MAX) {
                        printf("F %d skip\n", f);
                        continue;
                }
                text[len] = '\0';
                struct toml_val v;
                struct err e;
                int bad = 0;
                for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !bad; k++) {
                        int rc = toml_get(text, len, argv[f], keys[k], &v, &e);
                        if (rc < 0)
                                bad = 1;
                        else if (rc == 1)
                                toml_val_free(&v);
                }
                printf("F %d %s\n", f, bad ? "error" : "ok");
                for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !bad; k++) {
                        printf("K ");
                        for (int i = 0; keys[k][i]; i++)
                                printf("%s%s", i ? "." : "", keys[k][i]);
                        int rc = toml_get(text, len, argv[f], keys[k], &v, &e);
                        if (rc == 0) {
                                printf(" absent\n");
                                continue;
                        }
                        if (v.type == TOML_STRING) {
                                printf(" string ");
                                for (const char *s = v.str; *s; s++)
                                        printf("%02x", (unsigned char)*s);
                                printf("\n");
                        } else if (v.type == TOML_BOOL) {
                                printf(" bool %d\n", v.b ? 1 : 0);
                        } else {
                                printf(" %s\n", v.type == TOML_TABLE ? "table" : "other");
                        }
                        toml_val_free(&v);
                }
        }
        return 0;
}
