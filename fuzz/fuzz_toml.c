/* libFuzzer target: the TOML reader. pyproject.toml, poetry.toml, Pipfile and .pdm.toml come
 * with a clone, so they are attacker-controlled text; reading them must never crash, leak or
 * read out of bounds (ASan and UBSan), and what comes out must be sane. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > TOML_MAX)
                return 0; /* toml_get_file never hands over more */
        char *text = malloc(size + 1);
        memcpy(text, data, size);
        text[size] = '\0';

        static const char *const keys[][4] = {
            {"tool", "poetry", "name", NULL}, {"tool", "poetry", NULL, NULL},
            {"project", "name", NULL, NULL},  {"virtualenvs", "in-project", NULL, NULL},
            {"a", NULL, NULL, NULL},          {"python", "path", NULL, NULL},
        };
        int first = 2;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
                struct toml_val v;
                struct err e;
                e.msg[0] = '\0';
                int rc = toml_get(text, size, "fuzz.toml", keys[i], &v, &e);
                if (rc < 0 && strncmp(e.msg, "fuzz.toml:", 10) != 0)
                        abort(); /* a failure always names the file */
                if (rc >= 0 && v.type == TOML_STRING && rc == 1 && !v.str)
                        abort();
                /* whether the text is TOML does not depend on the key asked for */
                int ok = rc >= 0;
                if (first != 2 && ok != first)
                        abort();
                first = ok;
                if (rc == 1)
                        toml_val_free(&v);
        }
        free(text);
        return 0;
}
