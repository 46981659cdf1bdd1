/* libFuzzer target: the parsers of what a repository can ship. A marker, a pyvenv.cfg and a
 * venv path are attacker-controlled text; parsing them must never crash, leak, or read out of
 * bounds (the fuzz build runs under ASan and UBSan), and what comes out must be sane. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "path.h"
#include "venv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > MARKER_MAX)
                return 0; /* marker_read never hands over more */
        char *text = malloc(size + 1);
        memcpy(text, data, size);
        text[size] = '\0';

        struct marker m;
        struct err e;
        if (marker_parse(text, size, "fuzz.json", &m, &e) == 0) {
                /* a parsed marker always names a venv */
                if (!m.venv || !m.venv[0])
                        abort();
                char *venv = path_resolve("/project", m.venv, &e);
                /* resolved paths are absolute and clean */
                if (venv && (venv[0] != '/' || strstr(venv, "//") || strstr(venv, "/./")))
                        abort();
                free(venv);
                marker_free(&m);
        } else if (!e.msg[0]) {
                abort(); /* a failure always says why */
        }
        if (strlen(m.sha256) != 64)
                abort();

        char *prompt = venv_cfg_get(text, "prompt");
        free(prompt);
        free(text);
        return 0;
}
