#include "interp.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsx.h"
#include "json.h"
#include "path.h"
#include "proc.h"

#define PROBE_OUT_MAX (64 * 1024)
/* A Python starts in tens of milliseconds; seconds mean it hangs or the machine is swamped. */
#define PROBE_TIMEOUT_MS 5000

/* The one question each interpreter is asked, run with -I -S so that neither the environment
 * nor site-packages can change the answer (and startup stays short). It reports what venv of
 * that version would do, by reading venv's and ensurepip's own source rather than importing
 * them: importing venv costs more than the rest of the probe. Before 3.11 CPython's venv
 * hard-codes lib/pythonX.Y; other implementations get their own prefix scheme's path (PyPy:
 * lib/pypy3.X). Python 3.6+ syntax. */
/* Part of the cache key: a changed probe asks every interpreter again. */
#define PROBE_VERSION 3

/* Written so that Python 2 can parse it all and answer that it is Python 2. Run with -E -s -S
 * (what -I is, less the current directory on sys.path, which the first line drops: Python 2
 * has no -I). */
static const char PROBE[] =
    "import sys\n"
    "sys.path[:] = [p for p in sys.path if p not in ('', '.')]\n"
    "import os, re, json\n"
    "v = sys.version_info\n"
    "if v[0] < 3:\n"
    "    sys.stdout.write('{\"python2\": \"%d.%d.%d\"}' % tuple(v[:3]))\n"
    "    sys.exit(0)\n"
    "import sysconfig, importlib.util\n"
    "def text(p):\n"
    "    try:\n"
    "        with open(p, encoding='utf-8') as f:\n"
    "            return f.read()\n"
    "    except (OSError, ValueError):\n"
    "        return ''\n"
    "std = sysconfig.get_path('stdlib')\n"
    "vs = text(os.path.join(std, 'venv', '__init__.py'))\n"
    "B = '/@v'\n"
    "x = dict(base=B, platbase=B, installed_base=B, installed_platbase=B)\n"
    "rel = lambda n, s: os.path.relpath(sysconfig.get_path(n, s, x), B)\n"
    "sn = sysconfig.get_scheme_names()\n"
    "if '_venv_path' in vs and 'venv' in sn:\n"
    "    lay = [rel('purelib', 'venv'), rel('include', 'venv'), rel('scripts', 'venv')]\n"
    "elif sys.implementation.name != 'cpython' and 'posix_prefix' in sn:\n"
    "    lay = [rel('purelib', 'posix_prefix'), 'include', 'bin']\n"
    "else:\n"
    "    lay = ['lib/python%d.%d/site-packages' % v[:2], 'include', 'bin']\n"
    "es = text(os.path.join(std, 'ensurepip', '__init__.py'))\n"
    "names = ['setuptools', 'pip'] if '_SETUPTOOLS_VERSION' in es else ['pip']\n"
    "def find(d, n, ver):\n"
    "    try:\n"
    "        fs = sorted(os.listdir(d))\n"
    "    except OSError:\n"
    "        return None\n"
    "    fs = [f for f in fs if f.startswith(n + '-' + (ver + '-' if ver else '')) and "
    "f.endswith('.whl')]\n"
    "    return os.path.join(d, fs[-1]) if fs else None\n"
    "wd = sysconfig.get_config_var('WHEEL_PKG_DIR')\n"
    "wh = [find(wd, n, None) for n in names] if wd else []\n"
    "if not wh or None in wh:\n"
    "    b = os.path.join(std, 'ensurepip', '_bundled')\n"
    "    wh = []\n"
    "    for n in names:\n"
    "        m = re.search(r'_%s_VERSION = \"([^\"]+)\"' % n.upper(), es)\n"
    "        wh.append(find(b, n, m.group(1) if m else None))\n"
    "tpl = os.path.join(std, 'venv', 'scripts')\n"
    "json.dump(dict(\n"
    "    version='%d.%d.%d' % v[:3], releaselevel=v[3], implementation=sys.implementation.name,\n"
    "    executable=sys.executable, base_executable=getattr(sys, '_base_executable', "
    "sys.executable),\n"
    "    prefix=sys.prefix, base_prefix=sys.base_prefix, abiflags=getattr(sys, 'abiflags', ''),\n"
    "    lib64=sys.maxsize > 2**32 and os.name == 'posix' and sys.platform != 'darwin',\n"
    "    purelib=lay[0], include=lay[1], scripts=lay[2], stdlib=std,\n"
    "    templates=tpl if os.path.isdir(tpl) else None,\n"
    "    wheels=[w for w in wh if w] if None not in wh else [],\n"
    "    quote='shlex.quote' in vs, minor_link='python3.{sys.version_info[1]}' in vs,\n"
    "    cfg_command=\"'executable = %s\" in vs, gitignore='create_git_ignore_file' in vs,\n"
    "    scm_flag='--without-scm-ignore-files' in vs, prompt_parens=\"'(%s) ' % prompt\" in vs,\n"
    "    prompt_dot=\"prompt == '.'\" in vs, cache_tag=sys.implementation.cache_tag,\n"
    "    magic=importlib.util.MAGIC_NUMBER.hex()), sys.stdout)\n";

static char *dup_str(const cJSON *j, const char *key, int *bad, int optional)
{
        /* key NULL: j itself (an array item) */
        const cJSON *v = key ? cJSON_GetObjectItemCaseSensitive(j, key) : j;
        if (optional && (!v || cJSON_IsNull(v)))
                return NULL;
        if (!cJSON_IsString(v) || !v->valuestring) {
                *bad = 1;
                return NULL;
        }
        char *s = strdup(v->valuestring);
        if (!s)
                *bad = 1;
        return s;
}

static int get_flag(const cJSON *j, const char *key, int *bad)
{
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
        if (!cJSON_IsBool(v)) {
                *bad = 1;
                return 0;
        }
        return cJSON_IsTrue(v);
}

int interp_parse_version(const char *s, int v[3])
{
        int n = 0;
        v[0] = v[1] = v[2] = -1;
        while (n < 3) {
                if (!isdigit((unsigned char)*s))
                        return 0;
                long x = 0;
                while (isdigit((unsigned char)*s)) {
                        x = x * 10 + (*s++ - '0');
                        if (x > 100000)
                                return 0;
                }
                v[n++] = (int)x;
                if (*s == '\0')
                        return n;
                if (*s++ != '.')
                        return 0;
        }
        return 0;
}

int interp_version_matches(const int want[3], int nwant, const int have[3])
{
        for (int i = 0; i < nwant; i++)
                if (want[i] != have[i])
                        return 0;
        return nwant > 0;
}

int interp_from_json(const cJSON *j, struct interp *it)
{
        int bad = 0;
        it->version = dup_str(j, "version", &bad, 0);
        it->releaselevel = dup_str(j, "releaselevel", &bad, 0);
        it->implementation = dup_str(j, "implementation", &bad, 0);
        it->base_prefix = dup_str(j, "base_prefix", &bad, 0);
        it->abiflags = dup_str(j, "abiflags", &bad, 0);
        it->stdlib = dup_str(j, "stdlib", &bad, 0);
        it->purelib = dup_str(j, "purelib", &bad, 0);
        it->include = dup_str(j, "include", &bad, 0);
        it->scripts = dup_str(j, "scripts", &bad, 0);
        it->templates = dup_str(j, "templates", &bad, 1);
        it->cache_tag = dup_str(j, "cache_tag", &bad, 1);
        it->magic = dup_str(j, "magic", &bad, 0);
        it->lib64 = get_flag(j, "lib64", &bad);
        it->quote = get_flag(j, "quote", &bad);
        it->minor_link = get_flag(j, "minor_link", &bad);
        it->cfg_command = get_flag(j, "cfg_command", &bad);
        it->gitignore = get_flag(j, "gitignore", &bad);
        it->scm_flag = get_flag(j, "scm_flag", &bad);
        it->prompt_parens = get_flag(j, "prompt_parens", &bad);
        it->prompt_dot = get_flag(j, "prompt_dot", &bad);
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "wheels");
        if (!cJSON_IsArray(w)) {
                bad = 1;
        } else {
                int n = cJSON_GetArraySize(w);
                it->wheels = calloc((size_t)n + 1, sizeof *it->wheels);
                if (!it->wheels)
                        bad = 1;
                for (int i = 0; !bad && i < n; i++) {
                        it->wheels[i] = dup_str(cJSON_GetArrayItem(w, i), NULL, &bad, 0);
                        it->nwheels += !bad;
                }
        }
        if (!bad && (interp_parse_version(it->version, it->ver) != 3 || it->ver[0] < 3))
                bad = 1;
        /* Layout paths come back into file names we create: keep them inside the venv. */
        const char *rel[] = {it->purelib, it->include, it->scripts};
        for (size_t i = 0; !bad && i < 3; i++)
                if (rel[i][0] == '/' || strstr(rel[i], "..") || !rel[i][0])
                        bad = 1;
        /* The tag names bytecode files and the bytecode cache: a plain name or none. */
        if (!bad && it->cache_tag && (strchr(it->cache_tag, '/') || !it->cache_tag[0]))
                bad = 1;
        return bad ? -EINVAL : 0;
}

char *interp_python_version_request(const char *text)
{
        const char *line = text;
        while (*line) {
                const char *eol = strchr(line, '\n');
                size_t n = eol ? (size_t)(eol - line) : strlen(line);
                const char *s = line, *end = line + n;
                while (s < end && isspace((unsigned char)*s))
                        s++;
                while (end > s && isspace((unsigned char)end[-1]))
                        end--;
                if (s < end && *s != '#') {
                        /* pyenv allows several names on one line: the first wins. */
                        const char *sp = s;
                        while (sp < end && !isspace((unsigned char)*sp))
                                sp++;
                        end = sp;
                        if ((size_t)(end - s) > 8 &&
                            (strncmp(s, "cpython@", 8) == 0 || strncmp(s, "cpython-", 8) == 0))
                                s += 8;
                        if ((size_t)(end - s) == 6 && strncmp(s, "system", 6) == 0)
                                return strdup("python3");
                        return strndup(s, (size_t)(end - s));
                }
                line += n + (eol != NULL);
        }
        return NULL;
}

char *interp_cache_path(const char *real)
{
        /* FNV-1a of the realpath names the file; the key inside is checked in full. */
        uint64_t h = 1469598103934665603ULL;
        for (const unsigned char *p = (const unsigned char *)real; *p; p++)
                h = (h ^ *p) * 1099511628211ULL;
        char rel[64];
        snprintf(rel, sizeof rel, "interp/%016llx.json", (unsigned long long)h);
        return fsx_cache_path(rel);
}

static cJSON *make_key(const char *real, const struct stat *st)
{
        cJSON *k = cJSON_CreateObject();
        char mtime[64];
        snprintf(mtime, sizeof mtime, "%lld.%09ld", (long long)st->st_mtim.tv_sec,
                 (long)st->st_mtim.tv_nsec);
        if (k && (!cJSON_AddStringToObject(k, "realpath", real) ||
                  !cJSON_AddStringToObject(k, "mtime", mtime) ||
                  !cJSON_AddNumberToObject(k, "size", (double)st->st_size) ||
                  !cJSON_AddNumberToObject(k, "probe", PROBE_VERSION))) {
                cJSON_Delete(k);
                return NULL;
        }
        return k;
}

/* The cached facts when the cache holds an answer for this very file; NULL otherwise (a
 * missing, stale or corrupt cache is not an error: the interpreter is asked again). */
static cJSON *cache_load(const char *file, const cJSON *key)
{
        cJSON *j;
        struct err ignored;
        if (json_read_object(file, PROBE_OUT_MAX * 2, &j, &ignored) < 0)
                return NULL;
        cJSON *facts = NULL;
        if (cJSON_Compare(cJSON_GetObjectItemCaseSensitive(j, "key"), key, 1))
                facts = cJSON_DetachItemFromObjectCaseSensitive(j, "facts");
        cJSON_Delete(j);
        if (facts && !cJSON_IsObject(facts)) {
                cJSON_Delete(facts);
                facts = NULL;
        }
        return facts;
}

/* Best effort: a cache that cannot be written only costs the next run a probe. */
static void cache_store(const char *file, cJSON *key, const cJSON *facts)
{
        char *dir = strdup(file);
        if (!dir)
                return;
        *strrchr(dir, '/') = '\0';
        struct err ignored;
        int ok = fsx_mkdirs(dir, &ignored) == 0;
        free(dir);
        cJSON *j = cJSON_CreateObject();
        if (!ok || !j) {
                cJSON_Delete(j);
                return;
        }
        cJSON_AddItemReferenceToObject(j, "key", key);
        cJSON_AddItemReferenceToObject(j, "facts", (cJSON *)facts);
        char *s = cJSON_Print(j);
        cJSON_Delete(j);
        if (s) {
                file_write_atomic(file, s, strlen(s), &ignored);
                cJSON_free(s);
        }
}

int interp_probe_timeout_ms(void)
{
        const char *v = getenv("PYENVHOOK_PROBE_TIMEOUT");
        if (!v || !*v)
                return PROBE_TIMEOUT_MS;
        char *end;
        double sec = strtod(v, &end);
        if (*end || !(sec > 0) || sec > 3600)
                return PROBE_TIMEOUT_MS;
        return (int)(sec * 1000 + 0.5) > 0 ? (int)(sec * 1000 + 0.5) : 1;
}

/* Runs the probe. A failure is never cached: an interrupted, killed or timed-out probe says
 * nothing about the interpreter, and a broken one may be mended; only an answer is kept. */
static int ask(const char *path, cJSON **facts, struct err *e)
{
        char *argv[] = {(char *)path, "-E", "-s", "-S", "-c", (char *)PROBE, NULL};
        struct proc_ask a;
        int ms = interp_probe_timeout_ms();
        int rc = proc_ask(argv, PROBE_OUT_MAX, ms, &a, e);
        if (rc == -ETIMEDOUT)
                err_set(e, rc,
                        "%s: gave no answer within %d.%d s, so it was stopped "
                        "(PYENVHOOK_PROBE_TIMEOUT=SECONDS sets the limit)",
                        path, ms / 1000, ms % 1000 / 100);
        else if (rc == 0 && a.status != 0)
                rc = err_set(e, ERR_FAIL, "%s: cannot be asked about itself: %s%s%s", path,
                             a.status > 128 ? "killed by a signal" : "it failed",
                             a.errtail && *a.errtail ? ": " : "",
                             a.errtail && *a.errtail ? a.errtail : "");
        if (rc == 0) {
                *facts = cJSON_Parse(a.out);
                if (!cJSON_IsObject(*facts)) {
                        cJSON_Delete(*facts);
                        *facts = NULL;
                        rc = err_set(e, -EINVAL, "%s: gave an answer that is not JSON", path);
                }
        }
        proc_ask_free(&a);
        return rc;
}

/* An answer that is not one we can use, but is an answer (and so is cached). */
static int unusable(const char *path, const cJSON *facts, struct err *e)
{
        const cJSON *py2 = cJSON_GetObjectItemCaseSensitive(facts, "python2");
        if (cJSON_IsString(py2))
                return err_set(e, -ENOTSUP,
                               "%s is Python %.20s, which is not supported (a venv needs Python 3)",
                               path, py2->valuestring);
        return 0;
}

int interp_probe_cached(const char *path, int cached_only, struct interp *it, struct err *e)
{
        memset(it, 0, sizeof *it);
        char real[PATH_MAX];
        struct stat st;
        if (!realpath(path, real) || stat(real, &st) != 0)
                return err_set(e, -errno, "%s: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode) || access(real, X_OK) != 0)
                return err_set(e, -EACCES, "%s: not an executable file", path);
        cJSON *key = make_key(real, &st);
        if (!key)
                return err_set(e, -ENOMEM, "out of memory");
        char *file = interp_cache_path(real);
        cJSON *facts = file ? cache_load(file, key) : NULL;
        int rc = 0;
        if (facts && !cJSON_GetObjectItemCaseSensitive(facts, "python2") &&
            interp_from_json(facts, it) < 0) {
                /* A cache written by another version of us, or edited: ask again. */
                interp_free(it);
                cJSON_Delete(facts);
                facts = NULL;
        }
        if (facts) {
                rc = unusable(path, facts, e);
        } else if (cached_only) {
                rc = err_set(e, -EAGAIN, "%s: not asked yet", path);
        } else {
                rc = ask(path, &facts, e);
                if (rc == 0 && (rc = unusable(path, facts, e)) == 0 &&
                    interp_from_json(facts, it) < 0) {
                        interp_free(it);
                        rc = err_set(e, -EINVAL, "%s: its answer lacks what a venv needs", path);
                }
                if ((rc == 0 || rc == -ENOTSUP) && file)
                        cache_store(file, key, facts);
        }
        cJSON_Delete(facts);
        cJSON_Delete(key);
        free(file);
        if (rc == 0) {
                it->path = strdup(path);
                it->real = strdup(real);
                if (!it->path || !it->real)
                        rc = err_set(e, -ENOMEM, "out of memory");
        }
        if (rc < 0)
                interp_free(it);
        return rc;
}

int interp_probe(const char *path, struct interp *it, struct err *e)
{
        return interp_probe_cached(path, 0, it, e);
}

void interp_free(struct interp *it)
{
        char **strs[] = {&it->path,           &it->real,        &it->version,  &it->releaselevel,
                         &it->implementation, &it->base_prefix, &it->abiflags, &it->stdlib,
                         &it->purelib,        &it->include,     &it->scripts,  &it->templates,
                         &it->cache_tag,      &it->magic};
        for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
                free(*strs[i]);
        for (size_t i = 0; it->wheels && it->wheels[i]; i++)
                free(it->wheels[i]);
        free(it->wheels);
        memset(it, 0, sizeof *it);
}

void interp_list_free(struct interp_list *l)
{
        for (size_t i = 0; i < l->n; i++)
                interp_free(&l->v[i]);
        free(l->v);
        l->v = NULL;
        l->n = 0;
        buf_free(&l->notes);
}
