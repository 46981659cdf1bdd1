#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "interp.h"
#include "json.h"
#include "path.h"

static void req(const char *text, const char *want)
{
        char *got = interp_python_version_request(text);
        if (want)
                CHECK_STR(got, want);
        else
                CHECK(got == NULL);
        free(got);
}

static void versions(void)
{
        int v[3];
        CHECK(interp_parse_version("3", v) == 1 && v[0] == 3 && v[1] == -1);
        CHECK(interp_parse_version("3.12", v) == 2 && v[1] == 12);
        CHECK(interp_parse_version("3.12.1", v) == 3 && v[2] == 1);
        CHECK(interp_parse_version("3.12.1.4", v) == 0);
        CHECK(interp_parse_version("3.", v) == 0);
        CHECK(interp_parse_version("python3", v) == 0);
        CHECK(interp_parse_version("3.12a", v) == 0);
        CHECK(interp_parse_version("", v) == 0);
        int have[3] = {3, 12, 1};
        int w[3];
        CHECK(interp_version_matches(w, interp_parse_version("3", w), have));
        CHECK(interp_version_matches(w, interp_parse_version("3.12", w), have));
        CHECK(interp_version_matches(w, interp_parse_version("3.12.1", w), have));
        CHECK(!interp_version_matches(w, interp_parse_version("3.12.2", w), have));
        CHECK(!interp_version_matches(w, interp_parse_version("3.1", w), have));
}

static void python_version_files(void)
{
        req("3.12.1\n", "3.12.1");
        req("# pinned\n\n  3.11  \n3.10\n", "3.11");
        req("3.12.1 3.11.7\n", "3.12.1");
        req("cpython@3.12\n", "3.12");
        req("cpython-3.12.1\n", "3.12.1");
        req("pypy3.10-7.3.12", "pypy3.10-7.3.12");
        req("system\n", "python3");
        req("# nothing\n\n", NULL);
        req("", NULL);
}

static const char *FACTS =
    "{\"version\":\"3.12.1\",\"releaselevel\":\"final\",\"implementation\":\"cpython\","
    "\"base_prefix\":\"/p\",\"abiflags\":\"\",\"stdlib\":\"/p/lib/python3.12\","
    "\"purelib\":\"lib/python3.12/site-packages\",\"include\":\"include/python3.12\","
    "\"scripts\":\"bin\",\"templates\":null,\"wheels\":[\"/w/pip.whl\"],\"lib64\":true,"
    "\"quote\":false,\"minor_link\":true,\"cfg_command\":true,\"gitignore\":false,"
    "\"scm_flag\":false,\"prompt_parens\":true,\"prompt_dot\":true,"
    "\"cache_tag\":\"cpython-312\",\"magic\":\"cb0d0d0a\"}";

static void from_json(void)
{
        cJSON *j = cJSON_Parse(FACTS);
        struct interp it = {0};
        CHECK(interp_from_json(j, &it) == 0);
        CHECK(it.ver[0] == 3 && it.ver[1] == 12 && it.ver[2] == 1);
        CHECK_STR(it.purelib, "lib/python3.12/site-packages");
        CHECK(it.templates == NULL);
        CHECK(it.nwheels == 1);
        CHECK_STR(it.wheels[0], "/w/pip.whl");
        CHECK(it.lib64 && it.minor_link && !it.quote);
        CHECK_STR(it.cache_tag, "cpython-312");
        interp_free(&it);
        /* The bytecode tag names a cache directory: no slashes. */
        cJSON_ReplaceItemInObject(j, "cache_tag", cJSON_CreateString("../x"));
        CHECK(interp_from_json(j, &it) < 0);
        interp_free(&it);
        cJSON_ReplaceItemInObject(j, "cache_tag", cJSON_CreateString("cpython-312"));
        /* A layout path that would leave the venv is refused. */
        cJSON_ReplaceItemInObject(j, "purelib", cJSON_CreateString("../../etc"));
        CHECK(interp_from_json(j, &it) < 0);
        interp_free(&it);
        cJSON_Delete(j);
        j = cJSON_Parse("{\"version\":\"3.12.1\"}");
        CHECK(interp_from_json(j, &it) < 0);
        interp_free(&it);
        cJSON_Delete(j);
}

/* Rewrites the cached facts' version, so the next probe shows whether it read the cache. */
static void poke_cache(const char *file, const char *version, const char *mtime)
{
        cJSON *j;
        struct err e;
        CHECK(json_read_object(file, 1 << 20, &j, &e) == 0);
        if (!j)
                return;
        cJSON *facts = cJSON_GetObjectItem(j, "facts");
        cJSON_ReplaceItemInObject(facts, "version", cJSON_CreateString(version));
        if (mtime)
                cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j, "key"), "mtime",
                                          cJSON_CreateString(mtime));
        char *s = cJSON_Print(j);
        CHECK(file_write_atomic(file, s, strlen(s), &e) == 0);
        cJSON_free(s);
        cJSON_Delete(j);
}

static void cache(void)
{
        const char *py = "/usr/bin/python3";
        if (access(py, X_OK) != 0) {
                fprintf(stderr, "no %s: cache checks skipped\n", py);
                return;
        }
        char dir[] = "/tmp/pyh-interp-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        setenv("XDG_CACHE_HOME", dir, 1);
        struct interp it;
        struct err e;
        CHECK(interp_probe(py, &it, &e) == 0);
        char real[4096];
        CHECK(realpath(py, real) != NULL);
        char *file = interp_cache_path(real);
        CHECK(file && strncmp(file, dir, strlen(dir)) == 0);
        CHECK(access(file, R_OK) == 0);
        CHECK_STR(it.path, py);
        CHECK(it.ver[0] == 3);
        char *version = strdup(it.version);
        interp_free(&it);

        /* A matching key: the cached answer is used. */
        poke_cache(file, "3.99.0", NULL);
        CHECK(interp_probe(py, &it, &e) == 0);
        CHECK_STR(it.version, "3.99.0");
        interp_free(&it);

        /* The file changed (another mtime): asked again. */
        poke_cache(file, "3.99.0", "1.000000000");
        CHECK(interp_probe(py, &it, &e) == 0);
        CHECK_STR(it.version, version);
        interp_free(&it);

        /* A corrupt cache is ignored and rewritten. */
        CHECK(file_write_atomic(file, "{not json", 9, &e) == 0);
        CHECK(interp_probe(py, &it, &e) == 0);
        CHECK_STR(it.version, version);
        interp_free(&it);
        cJSON *j;
        CHECK(json_read_object(file, 1 << 20, &j, &e) == 0);
        cJSON_Delete(j);

        unlink(file);
        char *sub = path_join(dir, "pyenvhook/interp");
        rmdir(sub);
        free(sub);
        sub = path_join(dir, "pyenvhook");
        rmdir(sub);
        free(sub);
        rmdir(dir);
        free(file);
        free(version);
}

int main(void)
{
        versions();
        python_version_files();
        from_json();
        cache();
        return CHECK_DONE();
}
