#include <stdlib.h>

#include "check.h"
#include "venv.h"

static void get(const char *cfg, const char *key, const char *want)
{
        char *v = venv_cfg_get(cfg, key);
        if (want)
                CHECK_STR(v, want);
        else
                CHECK(v == NULL);
        free(v);
}

int main(void)
{
        const char *cfg = "home = /usr/bin\n"
                          "include-system-site-packages = false\n"
                          "version = 3.11.2\n"
                          "prompt = 'my api'\n"
                          "Executable=/usr/bin/python3.11\r\n";
        get(cfg, "home", "/usr/bin");
        get(cfg, "prompt", "my api");
        get(cfg, "PROMPT", "my api");
        get(cfg, "executable", "/usr/bin/python3.11");
        get(cfg, "missing", NULL);
        get("prompt = plain\n", "prompt", "plain");
        get("prompt = \"dq\"", "prompt", "dq");
        get("prompt = '\n", "prompt", "'");
        get("no equals here\nprompt=x", "prompt", "x");
        get("", "prompt", NULL);
        return CHECK_DONE();
}
