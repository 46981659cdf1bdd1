/* The trust store on a real temporary tree: what allow records, what lapses it, and what a
 * corrupt or foreign store does. */
#include <dirent.h>
#include <errno.h>
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
        snprintf(store, sizeof store, "%s/pyenvhook/trust.json", root);
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
        struct trust_store s;
        CHECK(trust_open(&s, 1, &e) == 0);
        CHECK(trust_remove(&s, proj) == 1);
        CHECK(trust_save(&s, &e) == 0);
        trust_close(&s);
        CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);

        /* corrupt stores: reported once, kept aside, read as empty */
        const char *bad[] = {
            "{",
            "[]",
            "{\"version\": 1}",
            "{\"version\": 1, \"projects\": [3]}",
            "{\"version\": 1, \"projects\": [{\"root\": \"rel\", \"venv\": \"/v\"}]}",
            ("{\"version\": 1, \"projects\": [{\"root\": \"/r\", \"venv\": \"/v\", "
             "\"marker\": \"/r/m\"}]}")};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
                CHECK(trust_allow_project(proj, &e) == 0);
                put(store, bad[i]);
                int before = count("trust.json.corrupt-");
                CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);
                CHECK(noted);
                CHECK(strstr(note.msg, store) != NULL && strstr(note.msg, "corrupt-") != NULL);
                CHECK(count("trust.json.corrupt-") == before + 1);
                CHECK(access(store, F_OK) != 0);
                CHECK(check_here(proj, &noted, &note) == TRUST_UNKNOWN);
                CHECK(!noted);
        }
        /* allow over a corrupt store says so, and works */
        put(store, "garbage");
        CHECK(trust_allow_project(proj, &e) == 1);
        CHECK(strstr(e.msg, "corrupt-") != NULL);
        CHECK(check_here(proj, &noted, &note) == TRUST_ALLOWED);

        /* a store from a newer version is left alone and trusts nothing */
        put(store, "{\"version\": 2, \"projects\": []}");
        CHECK(check_here(proj, &noted, &note) == -EPROTO);
        CHECK(trust_allow_project(proj, &e) == -EPROTO);
        CHECK(access(store, F_OK) == 0);

        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        if (system(cmd) != 0)
                return 2;
        return CHECK_DONE();
}
