/* The ShellCheck result cache: a second run over unchanged scripts does not
 * start ShellCheck and reports the same findings; --no-cache and a changed
 * script do; the cache stays under its bound. A stand-in program logs each
 * start and flags every script's last line. */
#include <dirent.h>
#include <fcntl.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "../../src/rules/dockerfile/sc_cache.h"

typedef struct {
    char dir[32];
    char exe[64], log[64], cache[64];
} sandbox;

static void sandbox_make(sandbox *s)
{
    strcpy(s->dir, "/tmp/pl_scc_XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->exe, sizeof s->exe, "%s/fake", s->dir);
    snprintf(s->log, sizeof s->log, "%s/runs", s->dir);
    snprintf(s->cache, sizeof s->cache, "%s/cache", s->dir);
    FILE *fp = fopen(s->exe, "w");
    assert_non_null(fp);
    fprintf(fp,
            "#!/bin/sh\n"
            "echo run >> %s\n"
            "printf '{\"comments\":['\n"
            "sep=\n"
            "for a in \"$@\"; do case $a in /dev/fd/*)\n"
            "  n=$(wc -l < \"$a\")\n"
            "  printf '%%s{\"file\":\"%%s\",\"line\":%%d,\"endLine\":%%d,\"column\":1,"
            "\"endColumn\":5,\"level\":\"warning\",\"code\":2000,\"message\":\"fake\"}' "
            "\"$sep\" \"$a\" $n $n\n"
            "  sep=,;; esac; done\n"
            "printf ']}'\n",
            s->log);
    fclose(fp);
    chmod(s->exe, 0755);
    setenv("XDG_CACHE_HOME", s->cache, 1);
}

static int runs(const sandbox *s)
{
    FILE *fp = fopen(s->log, "r");
    if (!fp)
        return 0;
    int n = 0;
    for (int ch; (ch = fgetc(fp)) != EOF;)
        n += ch == '\n';
    fclose(fp);
    return n;
}

/* Checks `text` with the shellcheck rule alone; "line:col code" of each
 * finding, space-separated, into buf. */
static const char *check(const sandbox *s, const char *text, int no_cache, char *buf, size_t cap)
{
    pl_options o = {0};
    const char *select[] = {"shellcheck"};
    o.select.items = select;
    o.select.n = 1;
    o.jobs = 1;
    o.no_cache = no_cache;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    ws.shellcheck_path = s->exe;
    ws.report_only = 1;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);
    pl_file f = {0};
    pl_file *list[1] = {&f};
    f.arena = pl_arena_new();
    f.path = "Dockerfile";
    f.kind = PL_KIND_DOCKERFILE;
    f.report = 1;
    f.ws = &ws;
    f.data = text;
    f.len = strlen(text);
    ws.files = list;
    ws.nfiles = 1;
    pl_engine_run(&ws);
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = PL_VEC_AT(f.findings, const pl_finding *, i);
        n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%d:%d %s", n ? " " : "",
                              fd->span.line, fd->span.col, fd->code ? fd->code : "-");
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return buf;
}

static void sandbox_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        for (struct dirent *e; d && (e = readdir(d));) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            sandbox_remove(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int count_entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char sub[512];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_entries(sub);
        else
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

static const char dockerfile[] = "FROM debian:12-slim\nRUN echo one\nRUN echo two\n";

static void test_hits_misses_and_no_cache(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s);
    char buf[256];

    assert_string_equal(check(&s, dockerfile, 0, buf, sizeof buf), "2:5 SC2000 3:5 SC2000");
    assert_int_equal(runs(&s), 1);
    char entries[128];
    snprintf(entries, sizeof entries, "%s/plimsoll/shellcheck", s.cache);
    assert_int_equal(count_entries(entries), 2);

    /* unchanged: answered from the cache, ShellCheck not started */
    assert_string_equal(check(&s, dockerfile, 0, buf, sizeof buf), "2:5 SC2000 3:5 SC2000");
    assert_int_equal(runs(&s), 1);

    /* --no-cache: run again, nothing read */
    assert_string_equal(check(&s, dockerfile, 1, buf, sizeof buf), "2:5 SC2000 3:5 SC2000");
    assert_int_equal(runs(&s), 2);

    /* one script changed: only it runs (one process), the other is a hit;
     * the findings follow the new lines */
    assert_string_equal(check(&s, "FROM debian:12-slim\nRUN echo one\n\nRUN echo three\n", 0, buf,
                              sizeof buf),
                        "2:5 SC2000 4:5 SC2000");
    assert_int_equal(runs(&s), 3);
    assert_int_equal(count_entries(entries), 3);

    /* a damaged entry is a miss, not a wrong answer */
    pl_arena *a = pl_arena_new();
    pl_sc_cache *c = pl_sc_cache_open(a, s.exe, "x");
    assert_non_null(c);
    char key[65];
    pl_sc_cache_key(c, "sh", "echo", 4, key);
    pl_sc_cache_put(c, key, "[{\"line\":1}]", 12);
    size_t len;
    assert_string_equal(pl_sc_cache_get(c, a, key, &len), "[{\"line\":1}]");
    char path[512];
    snprintf(path, sizeof path, "%s/%.2s/%s", entries, key, key + 2);
    FILE *fp = fopen(path, "w");
    fputs("[{\"li", fp);
    fclose(fp);
    assert_null(pl_sc_cache_get(c, a, key, &len));
    pl_arena_free(a);

    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* Another program (an upgraded ShellCheck) or other options: other keys. */
static void test_key_covers_program_and_options(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s);
    pl_arena *a = pl_arena_new();
    char k1[65], k2[65], k3[65], k4[65];
    pl_sc_cache *c = pl_sc_cache_open(a, s.exe, "--format=json1");
    pl_sc_cache_key(c, "sh", "echo hi\n", 8, k1);
    pl_sc_cache_key(c, "bash", "echo hi\n", 8, k2);
    pl_sc_cache *other = pl_sc_cache_open(a, s.exe, "--format=json1 --exclude=SC1");
    pl_sc_cache_key(other, "sh", "echo hi\n", 8, k3);
    FILE *fp = fopen(s.exe, "a");
    fputs("# upgraded\n", fp);
    fclose(fp);
    pl_sc_cache *upgraded = pl_sc_cache_open(a, s.exe, "--format=json1");
    pl_sc_cache_key(upgraded, "sh", "echo hi\n", 8, k4);
    assert_int_equal(strlen(k1), 64);
    assert_string_not_equal(k1, k2);
    assert_string_not_equal(k1, k3);
    assert_string_not_equal(k1, k4);
    pl_sc_cache_key(c, "sh", "echo hi\n", 8, k2);
    assert_string_equal(k1, k2);
    assert_null(pl_sc_cache_open(a, "/nonexistent/shellcheck", "x"));
    pl_arena_free(a);
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* Past its bound the cache loses its oldest entries. */
static void test_trim_oldest_first(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s);
    pl_arena *a = pl_arena_new();
    pl_sc_cache *c = pl_sc_cache_open(a, s.exe, "x");
    char keys[8][65];
    char big[3000];
    memset(big, ' ', sizeof big);
    big[0] = '[';
    big[sizeof big - 1] = ']';
    for (int i = 0; i < 8; i++) {
        char script[32];
        snprintf(script, sizeof script, "echo %d", i);
        pl_sc_cache_key(c, "sh", script, strlen(script), keys[i]);
        pl_sc_cache_put(c, keys[i], big, sizeof big);
        /* entry i is i hours old: the first written are the oldest */
        char path[512];
        snprintf(path, sizeof path, "%s/plimsoll/shellcheck/%.2s/%s", s.cache, keys[i], keys[i] + 2);
        struct timespec ts[2] = {{time(NULL) - (8 - i) * 3600, 0}, {time(NULL) - (8 - i) * 3600, 0}};
        assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    }
    /* each entry takes one 4 kB block: 32 kB in all; bound 24 kB: down to 18 kB */
    pl_sc_cache_trim(c, 24 * 1024);
    size_t len;
    for (int i = 0; i < 4; i++)
        assert_null(pl_sc_cache_get(c, a, keys[i], &len));
    for (int i = 4; i < 8; i++)
        assert_non_null(pl_sc_cache_get(c, a, keys[i], &len));
    pl_arena_free(a);
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* Reading an entry days after it was written marks it as used: trimming
 * removes the least recently used entries, not merely the oldest. */
static void test_trim_spares_entries_in_use(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s);
    pl_arena *a = pl_arena_new();
    pl_sc_cache *c = pl_sc_cache_open(a, s.exe, "x");
    char keys[8][65];
    char big[3000];
    memset(big, ' ', sizeof big);
    big[0] = '[';
    big[sizeof big - 1] = ']';
    for (int i = 0; i < 8; i++) {
        char script[32];
        snprintf(script, sizeof script, "echo %d", i);
        pl_sc_cache_key(c, "sh", script, strlen(script), keys[i]);
        pl_sc_cache_put(c, keys[i], big, sizeof big);
        /* entry i was written 8 - i days ago */
        char path[512];
        snprintf(path, sizeof path, "%s/plimsoll/shellcheck/%.2s/%s", s.cache, keys[i], keys[i] + 2);
        struct timespec ts[2] = {{time(NULL) - (8 - i) * 86400, 0}, {time(NULL) - (8 - i) * 86400, 0}};
        assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    }
    assert_int_equal(pl_sc_cache_writes(c), 8);
    size_t len;
    assert_non_null(pl_sc_cache_get(c, a, keys[0], &len));
    pl_sc_cache_trim(c, 24 * 1024);
    assert_non_null(pl_sc_cache_get(c, a, keys[0], &len));
    for (int i = 1; i < 5; i++)
        assert_null(pl_sc_cache_get(c, a, keys[i], &len));
    for (int i = 5; i < 8; i++)
        assert_non_null(pl_sc_cache_get(c, a, keys[i], &len));
    pl_arena_free(a);
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

static void test_sha256_known_answers(void **state)
{
    (void)state;
    char out[65];
    pl_sha256_hex("abc", 3, out);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pl_sha256_hex("", 0, out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    pl_sha256_hex(m, strlen(m), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hits_misses_and_no_cache),
        cmocka_unit_test(test_key_covers_program_and_options),
        cmocka_unit_test(test_trim_oldest_first),
        cmocka_unit_test(test_trim_spares_entries_in_use),
        cmocka_unit_test(test_sha256_known_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
