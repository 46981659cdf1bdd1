#ifndef PYENVHOOK_TOML_H
#define PYENVHOOK_TOML_H

#include <stddef.h>

#include "err.h"

/* Just enough TOML to read other tools' settings (pyproject.toml, poetry.toml, Poetry's
 * config.toml and envs.toml, Pipfile, .pdm.toml): the whole document is checked for syntax,
 * but only the one key asked for is kept. Debian packages no C TOML library, and we need a
 * handful of strings and booleans, so this reads what it must and skips the rest. */

#define TOML_MAX (1024 * 1024)

enum toml_type {
        TOML_STRING,
        TOML_BOOL,
        TOML_TABLE, /* a [table], an inline table, or the prefix of a dotted key */
        TOML_OTHER, /* numbers, dates, arrays: present, but of no type we read */
};

struct toml_val {
        enum toml_type type;
        char *str; /* TOML_STRING: malloc'd, NUL-terminated (a NUL inside is refused) */
        int b;     /* TOML_BOOL */
};

/* Looks up the key whose components are key[0..] (NULL-terminated, each compared as the
 * unquoted key text) in text (len bytes, NUL-terminated). Returns 1 with out filled, 0 when
 * the key is absent, or a negative code with e set to "FILE:LINE: what is wrong" when the text
 * is not TOML we can read. The first definition wins. */
int toml_get(const char *text, size_t len, const char *file, const char *const *key,
             struct toml_val *out, struct err *e);
void toml_val_free(struct toml_val *v);

/* toml_get for a file: 0 (absent) when the file does not exist. */
int toml_get_file(const char *path, const char *const *key, struct toml_val *out, struct err *e);

#endif
