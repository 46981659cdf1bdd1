/* The trust store on a real temporary tree: what allow records, what lapses it, and what a
 * corrupt or foreign store does. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "project.h"
#include "trust.h"

static char root[256], store[512];

static void put(const char *path, const char *text)
{
        FILE *f = fopen(path, "w");
        if (!f) {
                perror(path);
                exit(2);
        }
        fputs(text, f);
        fclose(f);
}

static int check_here(const char *dir, int *noted, struct err *note)
{
        struct config cfg = {.implicit_venv = 1};
        struct project p;
        struct err e;
        int rc = project_find(dir, &cfg, &p, &e);
        if (rc == 0)
                rc = trust_check(&p, noted, note, &e);
        project_free(&p);
        return rc;
}

/* The entry file of a canonical root: the SHA-256 of the root, in the store. */
static char *entry_file(const char *canon)
{
        char hex[SHA256_HEX_LEN + 1];
        sha256_hex(canon, strlen(canon), hex);
        char *p = malloc(strlen(root) + 200);
        if (p)
                sprintf(p, "%s/pyenvhook/trust/%s.json", root, hex);
        return p;
}

/* How many files in the store's directory start with prefix. */
static int count(const char *prefix)
{
        char dir[600];
        snprintf(dir, sizeof dir, "%s/pyenvhook", root);
        DIR *d = opendir(dir);
        int n = 0;
        struct dirent *de;
        while (d && (de = readdir(d)))
                n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
        if (d)
                closedir(d);
        return n;
}

int main(void)
{
        snprintf(root, sizeof root, "/tmp/pyenvhook-unit-XXXXXX");
        if (!mkdtemp(root))
                return 2;
        setenv("XDG_DATA_HOME", root, 1);
        snprintf(store, sizeof store, "%s/pyenvhook/trust", root);
        char proj[512], marker[600], venv[600], cfg[700];
        snprintf(proj, sizeof proj, "%s/proj", root);
        snprintf(marker, sizeof marker, "%s/.pyenvhook.json", proj);
        snprintf(venv, sizeof venv, "%s/.venv", proj);
        snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", venv);
        mkdir(proj, 0755);
        mkdir(venv, 0755);
        put(marker, "{}");
        put(cfg, "home = /usr/bin\n");

        int noted;
        struct err note, e;
        /* no store at all: nothing is trusted, and nothing is created by reading */
        CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);
        CHECK(!noted);
        CHECK(access(store, F_OK) != 0);

        CHECK(trust_allow_project(proj, &e) == 0);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);

        /* the same bytes again keep trust; other bytes lapse it */
        put(marker, "{}");
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);
        put(marker, "{\"venv\": \".venv\"}");
        CHECK(check_here(proj, &noted, &note) == TRUST_CHANGED);
        CHECK(trust_allow_project(proj, &e) == 0);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);

        /* the same project through a symbolic link is the same project */
        char alias[512];
        snprintf(alias, sizeof alias, "%s/alias", root);
        CHECK(symlink(proj, alias) == 0);
        CHECK(check_here(alias, &noted, &note) == TRUST_ALLOWED);

        /* a .venv without a marker is trusted by its path; a marker added later lapses it */
        unlink(marker);
        CHECK(check_here(proj, &noted, &note) == TRUST_CHANGED);
        CHECK(trust_allow_project(proj, &e) == 0);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);

        /* deny */
        char canon[PATH_MAX];
        CHECK(realpath(proj, canon) != NULL);
        CHECK(trust_deny(canon, &e) == 1);
        CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);
        CHECK(trust_deny(canon, &e) == 0);

        /* damaged entries: each costs its own project its trust, is said once per check, and
         * is left where it is; another project keeps its trust */
        char other[600], other_venv[700], other_cfg[800];
        snprintf(other, sizeof other, "%s/other", root);
        snprintf(other_venv, sizeof other_venv, "%s/.venv", other);
        snprintf(other_cfg, sizeof other_cfg, "%s/pyvenv.cfg", other_venv);
        mkdir(other, 0755);
        mkdir(other_venv, 0755);
        put(other_cfg, "home = /usr/bin\n");
        CHECK(trust_allow_project(other, &e) == 0);
        const char *bad[] = {
            "{",
            "[]",
            "{\"version\": 2}",
            "{\"version\": 1, \"root\": \"/r\", \"venv\": \"/v\"}",
            "{\"version\": 2, \"root\": \"rel\", \"venv\": \"/v\"}",
            "{\"version\": 2, \"root\": \"/r\", \"venv\": \"/v\", \"marker\": \"/r/m\"}",
            "{\"version\": 2, \"root\": \"/r\", \"venv\": \"/v\", \"tracked\": 3}",
        };
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
                CHECK(trust_allow_project(proj, &e) == 0);
                char *file = entry_file(canon);
                put(file, bad[i]);
                CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);
                CHECK(noted);
                CHECK(strstr(note.msg, file) != NULL);
                CHECK(access(file, F_OK) == 0);
                CHECK(check_here(other, &noted, &note) == TRUST_ALLOWED);
                CHECK(!noted);
                free(file);
        }
        /* allow over a damaged entry replaces it */
        CHECK(trust_allow_project(proj, &e) == 0);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);

        /* a first-version store is carried over once, and kept beside as trust.json.old */
        CHECK(trust_deny(canon, &e) == 1);
        char legacy[700], text[3 * PATH_MAX];
        snprintf(legacy, sizeof legacy, "%s/pyenvhook/trust.json", root);
        snprintf(
            text, sizeof text,
            "{\"version\": 1, \"projects\": [{\"root\": \"%s\", \"marker\": null, "
            "\"sha256\": null, \"venv\": \"%s/.venv\", \"allowed\": \"2026-01-01T00:00:00Z\"}]}",
            canon, canon);
        put(legacy, text);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);
        CHECK(noted && strstr(note.msg, "carried 1 allowed projects over") != NULL);
        CHECK(access(legacy, F_OK) != 0);
        CHECK(count("trust.json.old") == 1);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);
        CHECK(!noted);

        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0)
                return 2;
        return CHECK_DONE();
}
