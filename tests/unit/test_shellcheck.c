/* test_shellcheck.c — the shellcheck rule (PL1340): running the program,
 * mapping its findings to Dockerfile positions, codes on findings and how
 * pragmas, --ignore and --select treat them, and one process serving the
 * scripts of several files. Tests that need the real
 * program skip by name when it is not installed. */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

static const char *shellcheck_on_path(void)
{
    static char found[4096];
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        if (n && n < sizeof found - 16) {
            snprintf(found, sizeof found, "%.*s/shellcheck", (int)n, p);
            if (access(found, X_OK) == 0)
                return found;
        }
        p += n + (p[n] == ':');
    }
    return NULL;
}

#define NEED_SHELLCHECK()                                                                          \
    do {                                                                                           \
        if (!shellcheck_on_path()) {                                                               \
            print_message("shellcheck is not installed\n");                                       \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

typedef struct {
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    pl_file f;
    const char *ignore[4];
    const char *select[4];
} run;

/* Runs the shellcheck rule (plus `select` extras) on `text`. */
static void run_rule(run *r, const char *text, const char *exe, const char *const *ignore,
                     const char *const *select, const char *config)
{
    memset(r, 0, sizeof *r);
    int ni = 0, ns = 0;
    for (; ignore && ignore[ni]; ni++)
        r->ignore[ni] = ignore[ni];
    for (; select && select[ns]; ns++)
        r->select[ns] = select[ns];
    if (!ns)
        r->select[ns++] = "shellcheck";
    r->o.ignore.items = r->ignore;
    r->o.ignore.n = ni;
    r->o.select.items = r->select;
    r->o.select.n = ns;
    pl_config_init(&r->cfg);
    r->ws.arena = pl_arena_new();
    if (config) {
        pl_diag_list d = {0};
        assert_int_equal(pl_config_parse(r->ws.arena, "cfg", config, strlen(config), &r->cfg, &d), 0);
    }
    r->ws.opts = &r->o;
    r->ws.config = &r->cfg;
    r->ws.shellcheck_path = exe;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&r->ws, &err), 0);
    r->f.arena = pl_arena_new();
    r->f.path = "Dockerfile";
    r->f.kind = PL_KIND_DOCKERFILE;
    r->f.report = 1;
    r->f.ws = &r->ws;
    r->f.data = text;
    r->f.len = strlen(text);
    pl_engine_check_file(&r->f);
}

static void run_free(run *r)
{
    pl_arena_free(r->f.arena);
    pl_arena_free(r->ws.arena);
}

static const pl_finding *finding(const run *r, int i)
{
    int k = 0;
    for (size_t n = 0; n < r->f.findings.len; n++) {
        const pl_finding *fd = r->f.findings.items[n];
        if (strcmp(fd->rule->name, "shellcheck"))
            continue;
        if (k++ == i)
            return fd;
    }
    return NULL;
}

static int count_standing(const run *r)
{
    int n = 0;
    for (size_t i = 0; i < r->f.findings.len; i++) {
        const pl_finding *fd = r->f.findings.items[i];
        n += !strcmp(fd->rule->name, "shellcheck") && !fd->suppressed_by;
    }
    return n;
}

static const pl_result *result(const run *r)
{
    for (size_t i = 0; i < r->f.results.len; i++) {
        const pl_result *res = r->f.results.items[i];
        if (!strcmp(res->rule->name, "shellcheck"))
            return res;
    }
    return NULL;
}

static void assert_at(const pl_finding *fd, const char *code, int line, int col, int end_col,
                      pl_severity sev)
{
    assert_non_null(fd);
    assert_string_equal(fd->code, code);
    assert_int_equal(fd->span.line, line);
    assert_int_equal(fd->span.col, col);
    assert_int_equal(fd->span.end_line, line);
    assert_int_equal(fd->span.end_col, end_col);
    assert_int_equal(fd->severity, sev);
    assert_true(!strncmp(fd->message, code, strlen(code)) && fd->message[strlen(code)] == ':');
}

/* ---- positions ---------------------------------------------------------------- */

static void test_positions_continuation_and_utf8(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r,
             "FROM debian:12-slim\n"
             "RUN echo start \\\n"
             "    && echo é $HOME\n"
             "RUN\tfor f in $(ls /etc); do echo \"$f\"; done\n",
             NULL, NULL, NULL, NULL);
    /* é is two bytes: the column counts bytes */
    assert_at(finding(&r, 0), "SC2086", 3, 16, 20, PL_SEV_INFO);
    assert_at(finding(&r, 1), "SC2045", 4, 14, 23, PL_SEV_ERROR);
    assert_null(finding(&r, 2));
    assert_int_equal(result(&r)->status, PL_STATUS_FAIL);
    run_free(&r);
}

static void test_positions_heredocs(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r,
             "# syntax=docker/dockerfile:1\n"
             "FROM debian:12-slim\n"
             "RUN cat <<'EOF' > /etc/motd && echo $HOME\n"
             "not a script: $x `y`\n"
             "EOF\n"
             "RUN <<-EOT\n"
             "\t\techo $HOME\n"
             "\tEOT\n",
             NULL, NULL, NULL, NULL);
    assert_at(finding(&r, 0), "SC2086", 3, 37, 41, PL_SEV_INFO);
    /* two tabs stripped by <<- are counted back */
    assert_at(finding(&r, 1), "SC2086", 7, 8, 12, PL_SEV_INFO);
    assert_null(finding(&r, 2));
    run_free(&r);

    /* two script heredocs on one RUN: both bodies are scripts */
    run_rule(&r,
             "FROM debian:12-slim\n"
             "RUN <<A <<B\n"
             "echo $HOME\n"
             "A\n"
             "  echo $PATH\n"
             "B\n",
             NULL, NULL, NULL, NULL);
    assert_at(finding(&r, 0), "SC2086", 3, 6, 10, PL_SEV_INFO);
    assert_at(finding(&r, 1), "SC2086", 5, 8, 12, PL_SEV_INFO);
    assert_null(finding(&r, 2));
    run_free(&r);
}

/* ---- what ShellCheck is told ------------------------------------------------------ */

static void test_args_env_and_parent_stage_declared(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r,
             "ARG base=debian:12-slim\n"
             "FROM ${base} AS one\n"
             "ENV app_home=/srv\n"
             "FROM one\n"
             "ARG version\n"
             "RUN echo \"$app_home $version $http_proxy $other\"\n",
             NULL, NULL, NULL, NULL);
    /* only $other is unassigned: ENV of the parent stage, ARG and proxies are exported */
    assert_at(finding(&r, 0), "SC2154", 6, 42, 47, PL_SEV_WARNING);
    assert_null(finding(&r, 1));
    run_free(&r);
}

static void test_dialect_from_shell(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r,
             "FROM debian:12-slim AS a\n"
             "RUN [[ -d /x ]] && echo yes\n"
             "FROM a\n"
             "SHELL [\"/bin/bash\", \"-c\"]\n"
             "RUN [[ -d /x ]] && echo yes\n"
             "FROM a AS c\n"
             "RUN [[ -d /x ]] && echo yes\n",
             NULL, NULL, NULL, NULL);
    /* sh reads [[ as undefined; bash does not; stage c is back on sh */
    assert_at(finding(&r, 0), "SC3010", 2, 5, 15, PL_SEV_WARNING);
    assert_at(finding(&r, 1), "SC3010", 7, 5, 15, PL_SEV_WARNING);
    assert_null(finding(&r, 2));
    run_free(&r);
}

static void test_unreadable_shells_and_exec_form_skipped(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r,
             "FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\n"
             "SHELL [\"pwsh\", \"-Command\"]\n"
             "RUN Write-Host $env:PATH `n\n"
             "RUN [\"sh\", \"-c\", \"echo $HOME\"]\n",
             NULL, NULL, NULL, NULL);
    assert_null(finding(&r, 0));
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(&r)->evidence, "the RUN scripts use a shell ShellCheck does not read");
    run_free(&r);

    run_rule(&r, "# hadolint shell=powershell\nFROM debian:12-slim\nRUN echo $HOME\n", NULL, NULL,
             NULL, NULL);
    assert_null(finding(&r, 0));
    run_free(&r);
}

/* ---- codes: pragmas, --ignore, --select, config ------------------------------------ */

static const char *const df_two_codes = "FROM debian:12-slim\n"
                                        "# hadolint ignore=SC2045\n"
                                        "RUN for f in $(ls /etc); do echo $f; done\n"
                                        "RUN echo $HOME\n";

static void test_pragma_names_a_code(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r, df_two_codes, NULL, NULL, NULL, NULL);
    assert_at(finding(&r, 0), "SC2045", 3, 14, 23, PL_SEV_ERROR);
    assert_string_equal(finding(&r, 0)->suppressed_by, "# hadolint ignore (line 2)");
    assert_at(finding(&r, 1), "SC2086", 3, 34, 35, PL_SEV_INFO);
    assert_null(finding(&r, 1)->suppressed_by);
    assert_at(finding(&r, 2), "SC2086", 4, 10, 14, PL_SEV_INFO);
    assert_null(finding(&r, 2)->suppressed_by);
    assert_int_equal(count_standing(&r), 2);
    run_free(&r);
}

static void test_ignore_and_select_codes(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    const char *ign[] = {"SC2086", NULL};
    run_rule(&r, df_two_codes, NULL, ign, NULL, NULL);
    assert_int_equal(count_standing(&r), 0);
    assert_string_equal(finding(&r, 1)->suppressed_by, "--ignore SC2086");
    /* every finding suppressed: the rule reports a skip saying why */
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    run_free(&r);

    const char *sel[] = {"SC2045", NULL};
    run_rule(&r, "FROM debian:12-slim\nRUN for f in $(ls /etc); do echo $f; done\n", NULL, NULL,
             sel, NULL);
    assert_int_equal(count_standing(&r), 1);
    assert_null(finding(&r, 0)->suppressed_by);
    assert_string_equal(finding(&r, 1)->suppressed_by, "--select (SC2086 not selected)");
    run_free(&r);

    run_rule(&r, "FROM debian:12-slim\nRUN echo $HOME\n", NULL, NULL, NULL, "ignore: [SC2086]\n");
    assert_int_equal(count_standing(&r), 0);
    assert_string_equal(finding(&r, 0)->suppressed_by, "cfg ignore");
    run_free(&r);
}

static void test_ignore_rule_turns_it_off(void **state)
{
    (void)state;
    run r;
    const char *ign[] = {"shellcheck", NULL};
    const char *sel[] = {"PL1340", "PL1001", NULL};
    run_rule(&r, df_two_codes, "/nonexistent/shellcheck", ign, sel, NULL);
    assert_null(finding(&r, 0));
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(&r)->evidence, "ignored by --ignore");
    run_free(&r);
}

static void test_severity_override_kept(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    run r;
    run_rule(&r, "FROM debian:12-slim\nRUN echo $HOME\n", NULL, NULL, NULL,
             "override:\n  error: [shellcheck]\n");
    assert_at(finding(&r, 0), "SC2086", 2, 10, 14, PL_SEV_ERROR);
    run_free(&r);
}

/* ---- the program missing, failing or hanging ------------------------------------------ */

static void test_not_installed(void **state)
{
    (void)state;
    run r;
    run_rule(&r, df_two_codes, "", NULL, NULL, NULL);
    assert_null(finding(&r, 0));
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(&r)->evidence, "shellcheck is not installed");
    run_free(&r);
}

static void test_program_exits_without_reading(void **state)
{
    (void)state;
    /* a child that reads nothing and prints nothing: not a clean bill, and
     * a large script must not block or signal us */
    size_t n = 4u << 20;
    char *big = malloc(n + 64);
    strcpy(big, "FROM debian:12-slim\nRUN echo ");
    size_t k = strlen(big);
    memset(big + k, 'x', n);
    strcpy(big + k + n, "\n");
    run r;
    run_rule(&r, big, "/bin/true", NULL, NULL, NULL);
    assert_null(finding(&r, 0));
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(&r)->evidence, "shellcheck could not be run");
    run_free(&r);
    free(big);

    run_rule(&r, "FROM debian:12-slim\nRUN echo hi\n", "/nonexistent/shellcheck", NULL, NULL, NULL);
    assert_int_equal(result(&r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(&r)->evidence, "shellcheck could not be run");
    run_free(&r);
}

static void test_hanging_program_killed_after_five_seconds(void **state)
{
    (void)state;
    char dir[] = "/tmp/pl_sc_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char exe[64];
    snprintf(exe, sizeof exe, "%s/hang", dir);
    FILE *fp = fopen(exe, "w");
    assert_non_null(fp);
    fputs("#!/bin/sh\nexec sleep 60\n", fp);
    fclose(fp);
    chmod(exe, 0755);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* a whole run: the report notes which file's scripts were not checked */
    pl_options o = {0};
    const char *select[] = {"shellcheck"};
    o.select.items = select;
    o.select.n = 1;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    ws.shellcheck_path = exe;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);
    const char *text = "FROM debian:12-slim\n\nRUN echo hi\n";
    pl_file f = {.arena = pl_arena_new(), .path = "app/Dockerfile", .kind = PL_KIND_DOCKERFILE,
                 .report = 1, .ws = &ws, .data = text, .len = strlen(text)};
    pl_file *list[] = {&f};
    ws.files = list;
    ws.nfiles = 1;
    pl_engine_run(&ws);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(secs >= 4.9 && secs < 8.0);
    const pl_result *res = NULL;
    for (size_t i = 0; i < f.results.len; i++)
        if (!strcmp(PL_VEC_AT(f.results, const pl_result *, i)->rule->name, "shellcheck"))
            res = PL_VEC_AT(f.results, const pl_result *, i);
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_SKIP);
    assert_string_equal(res->evidence,
                        "1 RUN script not checked: ShellCheck did not finish within 5 s (line 3)");
    assert_int_equal(ws.notes.len, 1);
    assert_string_equal(PL_VEC_AT(ws.notes, const char *, 0),
                        "app/Dockerfile: 1 RUN script not checked: ShellCheck did not finish "
                        "within 5 s (line 3)");
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    unlink(exe);
    rmdir(dir);
}

static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 1024; fd++)
        n += fcntl(fd, F_GETFD) != -1;
    return n;
}

static void test_no_descriptor_or_child_left_behind(void **state)
{
    (void)state;
    NEED_SHELLCHECK();
    int before = open_fds();
    for (int i = 0; i < 20; i++) {
        run r;
        run_rule(&r, df_two_codes, NULL, NULL, NULL, NULL);
        assert_int_equal(count_standing(&r), 2);
        run_free(&r);
    }
    assert_int_equal(open_fds(), before);
    /* every child was waited for */
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

/* A stand-in that refuses several scripts at once and reports one finding
 * on the last line of a single one: the batch falls back to one process
 * per script, and the finding lands on the RUN's text. */
static void test_batch_falls_back_to_single_scripts(void **state)
{
    (void)state;
    char dir[] = "/tmp/pl_sc_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char exe[64];
    snprintf(exe, sizeof exe, "%s/fake", dir);
    FILE *fp = fopen(exe, "w");
    assert_non_null(fp);
    fputs("#!/bin/sh\n"
          "[ $# -gt 4 ] && exit 2\n"
          "n=$(wc -l < \"$4\")\n"
          "printf '{\"comments\":[{\"file\":\"%s\",\"line\":%d,\"endLine\":%d,\"column\":1,"
          "\"endColumn\":5,\"level\":\"error\",\"code\":1000,\"message\":\"fake\"}]}' \"$4\" $n $n\n",
          fp);
    fclose(fp);
    chmod(exe, 0755);
    run r;
    run_rule(&r, "FROM debian:12-slim\nRUN echo one\nRUN \\\n  echo two\n", exe, NULL, NULL, NULL);
    assert_at(finding(&r, 0), "SC1000", 2, 5, 8, PL_SEV_ERROR);
    assert_at(finding(&r, 1), "SC1000", 4, 3, 6, PL_SEV_ERROR);
    assert_null(finding(&r, 2));
    assert_string_equal(result(&r)->evidence, "2 problems; first: SC1000: fake (Dockerfile:2)");
    run_free(&r);
    unlink(exe);
    rmdir(dir);
}

/* pl_engine_run defers every file's scripts and checks them together: a
 * stand-in that logs its runs and flags each script's last line shows one
 * process serving two files, the findings on the right file and line, and
 * a pragma still suppressing a finding made after the file's own pass. */
static void test_one_process_serves_several_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/pl_sc_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char exe[64], log[64];
    snprintf(exe, sizeof exe, "%s/fake", dir);
    snprintf(log, sizeof log, "%s/runs", dir);
    FILE *fp = fopen(exe, "w");
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
            log);
    fclose(fp);
    chmod(exe, 0755);

    pl_options o = {0};
    const char *select[] = {"shellcheck"};
    o.select.items = select;
    o.select.n = 1;
    o.jobs = 2;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    ws.shellcheck_path = exe;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);
    static const char *const texts[] = {
        "FROM debian:12-slim\nRUN echo one\n",
        "FROM debian:12-slim\n# hadolint ignore=SC2000\nRUN echo two\nRUN echo three\n",
    };
    pl_file files[2];
    pl_file *list[2];
    memset(files, 0, sizeof files);
    for (int i = 0; i < 2; i++) {
        files[i].arena = pl_arena_new();
        files[i].path = i ? "b/Dockerfile" : "a/Dockerfile";
        files[i].kind = PL_KIND_DOCKERFILE;
        files[i].report = 1;
        files[i].ws = &ws;
        files[i].data = texts[i];
        files[i].len = strlen(texts[i]);
        list[i] = &files[i];
    }
    ws.files = list;
    ws.nfiles = 2;
    pl_engine_run(&ws);

    fp = fopen(log, "r");
    assert_non_null(fp);
    int runs = 0;
    for (int ch; (ch = fgetc(fp)) != EOF;)
        runs += ch == '\n';
    fclose(fp);
    assert_int_equal(runs, 1);

    const run ra = {.f = files[0]}, rb = {.f = files[1]};
    assert_at(finding(&ra, 0), "SC2000", 2, 5, 8, PL_SEV_WARNING);
    assert_null(finding(&ra, 1));
    assert_int_equal(result(&ra)->status, PL_STATUS_FAIL);
    assert_string_equal(result(&ra)->evidence, "SC2000: fake (a/Dockerfile:2)");
    assert_at(finding(&rb, 0), "SC2000", 3, 5, 8, PL_SEV_WARNING);
    assert_string_equal(finding(&rb, 0)->suppressed_by, "# hadolint ignore (line 2)");
    assert_at(finding(&rb, 1), "SC2000", 4, 5, 8, PL_SEV_WARNING);
    assert_null(finding(&rb, 1)->suppressed_by);
    assert_int_equal(count_standing(&rb), 1);
    assert_int_equal(result(&rb)->status, PL_STATUS_FAIL);
    assert_null(finding(&rb, 2)); /* the rule made two findings, one suppressed */

    for (int i = 0; i < 2; i++)
        pl_arena_free(files[i].arena);
    pl_arena_free(ws.arena);
    unlink(log);
    unlink(exe);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_continuation_and_utf8),
        cmocka_unit_test(test_positions_heredocs),
        cmocka_unit_test(test_args_env_and_parent_stage_declared),
        cmocka_unit_test(test_dialect_from_shell),
        cmocka_unit_test(test_unreadable_shells_and_exec_form_skipped),
        cmocka_unit_test(test_pragma_names_a_code),
        cmocka_unit_test(test_ignore_and_select_codes),
        cmocka_unit_test(test_ignore_rule_turns_it_off),
        cmocka_unit_test(test_severity_override_kept),
        cmocka_unit_test(test_not_installed),
        cmocka_unit_test(test_program_exits_without_reading),
        cmocka_unit_test(test_no_descriptor_or_child_left_behind),
        cmocka_unit_test(test_batch_falls_back_to_single_scripts),
        cmocka_unit_test(test_one_process_serves_several_files),
        cmocka_unit_test(test_hanging_program_killed_after_five_seconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
