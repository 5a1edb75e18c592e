/* A ShellCheck batch that times out is halved and run again down to the
 * script that is slow: every other script is checked (and cached), the
 * slow one is reported as not checked. A script that ran out of CPU time
 * on its own is cached as a timeout, which a changed limit or program
 * checks again; one whose process stalled (slept) is not, since that says
 * nothing about the script. A stand-in program logs how many scripts each
 * start got, flags every script's last line, and on a script holding
 * SLOW either sleeps or spins. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "plimsoll/config.h"
#include "plimsoll/engine.h"

typedef struct {
    char dir[32];
    char exe[64], log[64], cache[64];
} sandbox;

/* `on_slow`: what the stand-in does on a script holding SLOW. */
static void write_program(const sandbox *s, const char *on_slow)
{
    FILE *fp = fopen(s->exe, "w");
    assert_non_null(fp);
    fprintf(fp,
            "#!/bin/sh\n"
            "n=0\n"
            "for a in \"$@\"; do case $a in /dev/fd/*) n=$((n+1));; esac; done\n"
            "echo $n >> %s\n"
            "for a in \"$@\"; do case $a in /dev/fd/*)\n"
            "  if grep -q SLOW \"$a\"; then %s; fi;; esac; done\n"
            "printf '{\"comments\":['\n"
            "sep=\n"
            "for a in \"$@\"; do case $a in /dev/fd/*)\n"
            "  n=$(wc -l < \"$a\")\n"
            "  printf '%%s{\"file\":\"%%s\",\"line\":%%d,\"endLine\":%%d,\"column\":1,"
            "\"endColumn\":5,\"level\":\"warning\",\"code\":2000,\"message\":\"fake\"}' "
            "\"$sep\" \"$a\" $n $n\n"
            "  sep=,;; esac; done\n"
            "printf ']}'\n",
            s->log, on_slow);
    fclose(fp);
    chmod(s->exe, 0755);
}

static void sandbox_make(sandbox *s, const char *on_slow)
{
    strcpy(s->dir, "/tmp/pl_scs_XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->exe, sizeof s->exe, "%s/fake", s->dir);
    snprintf(s->log, sizeof s->log, "%s/runs", s->dir);
    snprintf(s->cache, sizeof s->cache, "%s/cache", s->dir);
    write_program(s, on_slow);
    setenv("XDG_CACHE_HOME", s->cache, 1);
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

/* The sizes of the batches started since the last call, sorted, as
 * "4 2 2 1 1" (largest first); the log is emptied. */
static const char *starts(const sandbox *s, char *buf, size_t cap)
{
    int sizes[64], n = 0;
    FILE *fp = fopen(s->log, "r");
    while (fp && n < 64 && fscanf(fp, "%d", &sizes[n]) == 1)
        n++;
    if (fp)
        fclose(fp);
    unlink(s->log);
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && sizes[k] > sizes[k - 1]; k--) {
            int t = sizes[k];
            sizes[k] = sizes[k - 1];
            sizes[k - 1] = t;
        }
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%d", i ? " " : "", sizes[i]);
    return buf;
}

typedef struct {
    char findings[256];
    char evidence[256];
    char notes[256];
} outcome;

/* The shellcheck rule alone on `text` with `config`, as a whole run. */
static void check(const sandbox *s, const char *text, const char *config, outcome *out)
{
    pl_options o = {0};
    const char *select[] = {"shellcheck"};
    o.select.items = select;
    o.select.n = 1;
    o.jobs = 2;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    pl_diag_list d = {0};
    assert_int_equal(pl_config_parse(ws.arena, "cfg", config, strlen(config), &cfg, &d), 0);
    ws.opts = &o;
    ws.config = &cfg;
    ws.shellcheck_path = s->exe;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);
    pl_file f = {.arena = pl_arena_new(), .path = "Dockerfile", .kind = PL_KIND_DOCKERFILE,
                 .report = 1, .ws = &ws, .data = text, .len = strlen(text)};
    pl_file *list[] = {&f};
    ws.files = list;
    ws.nfiles = 1;
    pl_engine_run(&ws);
    size_t n = 0;
    out->findings[0] = out->evidence[0] = out->notes[0] = '\0';
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = PL_VEC_AT(f.findings, const pl_finding *, i);
        n += (size_t)snprintf(out->findings + n, sizeof out->findings - n, "%s%d:%d %s",
                              n ? " " : "", fd->span.line, fd->span.col, fd->code);
    }
    for (size_t i = 0; i < f.results.len; i++) {
        const pl_result *r = PL_VEC_AT(f.results, const pl_result *, i);
        if (!strcmp(r->rule->name, "shellcheck"))
            snprintf(out->evidence, sizeof out->evidence, "%s %s",
                     r->status == PL_STATUS_PASS   ? "pass"
                     : r->status == PL_STATUS_FAIL ? "fail"
                                                   : "skip",
                     r->evidence ? r->evidence : "");
    }
    if (ws.notes.len)
        snprintf(out->notes, sizeof out->notes, "%s", PL_VEC_AT(ws.notes, const char *, 0));
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
}

static const char five_runs[] = "FROM debian:12-slim\n"
                                "RUN echo one\n"
                                "RUN echo two\n"
                                "RUN echo SLOW\n"
                                "RUN echo four\n"
                                "RUN echo five\n";
static const char limit_1s[] = "options:\n  shellcheck: {timeout: 1}\n";
static const char limit_2s[] = "options:\n  shellcheck: {timeout: 2}\n";
static const char timed_out_line_4[] =
    "1 RUN script not checked: ShellCheck did not finish within 1 s (line 4)";

/* The stand-in spins on the slow script: the batch of five (longest
 * first: SLOW, four, five, one, two) is halved (2 + 3), the half holding
 * it halved again (1 + 1): four scripts checked, the slow one noted; its timeout is kept, so an unchanged run
 * starts nothing; another limit, or another program, tries it again. */
static void test_cpu_timeout_split_and_cached(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s, "while :; do :; done");
    char buf[128];
    outcome o;
    check(&s, five_runs, limit_1s, &o);
    assert_string_equal(starts(&s, buf, sizeof buf), "5 3 2 1 1");
    assert_string_equal(o.findings, "2:5 SC2000 3:5 SC2000 5:5 SC2000 6:5 SC2000");
    assert_string_equal(o.notes, "Dockerfile: 1 RUN script not checked: ShellCheck did not "
                                 "finish within 1 s (line 4)");
    char want[256];
    snprintf(want, sizeof want, "fail 4 problems; first: SC2000: fake (Dockerfile:2)");
    assert_string_equal(o.evidence, want);

    /* unchanged: every answer, the timeout included, from the cache */
    outcome again;
    check(&s, five_runs, limit_1s, &again);
    assert_string_equal(starts(&s, buf, sizeof buf), "");
    assert_string_equal(again.findings, o.findings);
    assert_string_equal(again.evidence, o.evidence);
    assert_string_equal(again.notes, o.notes);

    /* another limit: the slow script alone runs again */
    check(&s, five_runs, limit_2s, &again);
    assert_string_equal(starts(&s, buf, sizeof buf), "1");
    assert_string_equal(again.notes, "Dockerfile: 1 RUN script not checked: ShellCheck did not "
                                     "finish within 2 s (line 4)");
    assert_string_equal(again.findings, o.findings);

    /* another program (an upgrade that is no longer slow on it; its size
     * differs): everything runs again, in one process, and is checked */
    write_program(&s, ": fixed");
    check(&s, five_runs, limit_2s, &again);
    assert_string_equal(starts(&s, buf, sizeof buf), "5");
    assert_string_equal(again.findings, "2:5 SC2000 3:5 SC2000 4:5 SC2000 5:5 SC2000 6:5 SC2000");
    assert_string_equal(again.notes, "");
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* The stand-in sleeps on the slow script: found the same way, but its
 * timeout is not kept (a process that stopped using the CPU says nothing
 * about the script), so the next run tries that script alone again, and
 * only it. */
static void test_stall_split_not_cached(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s, "exec sleep 60");
    char buf[128];
    outcome o;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    check(&s, five_runs, limit_1s, &o);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_string_equal(starts(&s, buf, sizeof buf), "5 3 2 1 1");
    assert_string_equal(o.findings, "2:5 SC2000 3:5 SC2000 5:5 SC2000 6:5 SC2000");
    char want[256];
    snprintf(want, sizeof want, "Dockerfile: %s", timed_out_line_4);
    assert_string_equal(o.notes, want);
    /* three rounds of a stalled process, each killed within its limit and
     * a second of seeing it idle */
    assert_true(t1.tv_sec - t0.tv_sec < 3 * 3 + 3);

    check(&s, five_runs, limit_1s, &o);
    assert_string_equal(starts(&s, buf, sizeof buf), "1");
    assert_string_equal(o.findings, "2:5 SC2000 3:5 SC2000 5:5 SC2000 6:5 SC2000");
    assert_string_equal(o.notes, want);
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* A script that is slow alone: no halving, and the skip says why. */
static void test_single_script_timeout(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s, "while :; do :; done");
    char buf[128];
    outcome o;
    check(&s, "FROM debian:12-slim\nRUN echo SLOW\n", limit_1s, &o);
    assert_string_equal(starts(&s, buf, sizeof buf), "1");
    assert_string_equal(o.findings, "");
    char want[256];
    snprintf(want, sizeof want,
             "skip 1 RUN script not checked: ShellCheck did not finish within 1 s (line 2)");
    assert_string_equal(o.evidence, want);
    check(&s, "FROM debian:12-slim\nRUN echo SLOW\n", limit_1s, &o);
    assert_string_equal(starts(&s, buf, sizeof buf), "");
    assert_string_equal(o.evidence, want);
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

/* The same script twice (a copied RUN, or the same RUN in another file):
 * ShellCheck sees it once, each copy gets the findings at its own place. */
static void test_repeated_script_checked_once(void **state)
{
    (void)state;
    sandbox s;
    sandbox_make(&s, ": never");
    char buf[128];
    outcome o;
    check(&s, "FROM debian:12-slim\nRUN echo one\nRUN  echo two\nRUN echo one\n", limit_1s, &o);
    assert_string_equal(starts(&s, buf, sizeof buf), "2");
    assert_string_equal(o.findings, "2:5 SC2000 3:6 SC2000 4:5 SC2000");
    unsetenv("XDG_CACHE_HOME");
    sandbox_remove(s.dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_timeout_split_and_cached),
        cmocka_unit_test(test_stall_split_not_cached),
        cmocka_unit_test(test_single_script_timeout),
        cmocka_unit_test(test_repeated_script_checked_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
