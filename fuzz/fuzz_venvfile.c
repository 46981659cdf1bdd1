/* libFuzzer target: a .venv file (PEP 832 path or virtualfish/autoswitch name), text a
 * cloned repository ships. Parsing must never crash, leak or read out of bounds, and what
 * comes out must be one clean line of the kind its '/' says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "venvfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > VENVFILE_MAX)
                return 0; /* the reader never hands over more */
        char *text = malloc(size + 1);
        memcpy(text, data, size);
        text[size] = '\0';

        char *line;
        enum venvfile_kind kind;
        struct err e;
        e.msg[0] = '\0';
        if (venvfile_parse(text, size, "fuzz/.venv", &line, &kind, &e) == 0) {
                if (!line || !line[0])
                        abort();
                for (const char *c = line; *c; c++)
                        if ((unsigned char)*c < 0x20 || *c == 0x7f)
                                abort(); /* no newline, NUL or escape gets through */
                if ((kind == VENVFILE_NAME) != !strchr(line, '/'))
                        abort();
                if (kind == VENVFILE_NAME && (!strcmp(line, ".") || !strcmp(line, "..")))
                        abort(); /* a name never leaves $WORKON_HOME */
                char *joined = line[0] == '/' ? strdup(line) : path_join("/project", line);
                char *venv = joined ? path_normalize(joined) : NULL;
                if (venv && (venv[0] != '/' || strstr(venv, "//") || strstr(venv, "/./")))
                        abort();
                free(venv);
                free(joined);
                free(line);
        } else if (!e.msg[0] || line) {
                abort(); /* a failure says why and hands out nothing */
        }
        free(text);
        return 0;
}
