#include "state.h"

#include <stdlib.h>
#include <string.h>

static const char *nonempty(const char *name)
{
        const char *v = getenv(name);
        return v && *v ? v : NULL;
}

void state_read(struct state *s)
{
        s->mark = nonempty(STATE_VENV_VAR);
        s->virtual_env = nonempty("VIRTUAL_ENV");
        s->active = s->mark && s->virtual_env && strcmp(s->mark, s->virtual_env) == 0;
        s->manual = s->virtual_env && !s->active;
        s->hook = nonempty("_PYENVHOOK_HOOK");
        s->paused = nonempty("_PYENVHOOK_PAUSED") != NULL;
}
