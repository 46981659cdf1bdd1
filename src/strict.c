/* The ownership checks with what the user vouched for: ownwalk.h's walk, and the settings'
 * "safe_directories" above it. */
#include "strict.h"

#include <string.h>

#include "config.h"
#include "ownwalk.h"

/* The settings file is itself checked on the way, by the walk without vouching (config.c),
 * so reading the list never comes back here. */
int strict_vouched(const char *path)
{
        const struct safe_dirs *s = config_safe_dirs();
        for (size_t i = 0; i < s->n; i++) {
                size_t n = strlen(s->v[i]);
                if (strncmp(path, s->v[i], n) == 0 &&
                    (path[n] == '/' || path[n] == '\0' || (n == 1 && s->v[i][0] == '/')))
                        return 1;
        }
        return 0;
}

int strict_resolve(const char *path, const char *what, int missing_ok, char **out, struct err *e)
{
        return ownwalk_resolve(path, what, missing_ok, strict_vouched, out, e);
}
