/* What a report-only run keeps of each file: the same findings and
 * checklist lines as a full run, the headline and the quoted source lines,
 * and nothing of the parsed forms. */
#include "testutil.h"

#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "plimsoll/report.h"

static const char *const texts[] = {
    "FROM debian:12-slim AS build\n"
    "RUN apt-get update && apt-get install -y curl\n"
    "# a comment\n"
    "FROM build\n"
    "RUN cd /tmp && echo hi\n",
    "FROM alpine\n# last line without a newline\nRUN apk add curl",
};
#define NFILES 2

typedef struct {
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    pl_file files[NFILES];
    pl_file *list[NFILES];
} fixture;

static void run_spooled(fixture *fx, int report_only, const char *format, int quiet, int spool)
{
    memset(fx, 0, sizeof *fx);
    static const char *ignore[] = {"shellcheck"};
    fx->o.ignore.items = ignore;
    fx->o.ignore.n = 1;
    fx->o.jobs = 2;
    fx->o.format = format;
    fx->o.quiet = quiet;
    /* every rule, so that the findings this test counts on do not depend on a preset */
    fx->o.preset_set = 1;
    fx->o.preset = PL_PRESET_STRICT;
    pl_config_init(&fx->cfg);
    fx->ws.arena = pl_arena_new();
    fx->ws.opts = &fx->o;
    fx->ws.config = &fx->cfg;
    fx->ws.report_only = report_only;
    if (spool)
        fx->ws.checklist_spool = pl_check_spool_new();
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&fx->ws, &err), 0);
    for (int i = 0; i < NFILES; i++) {
        pl_file *f = &fx->files[i];
        f->arena = pl_arena_new();
        f->path = i ? "b/Dockerfile" : "a/Dockerfile";
        f->kind = PL_KIND_DOCKERFILE;
        f->report = 1;
        f->ws = &fx->ws;
        f->data = texts[i];
        f->len = strlen(texts[i]);
        fx->list[i] = f;
    }
    fx->ws.files = fx->list;
    fx->ws.nfiles = NFILES;
    pl_engine_run(&fx->ws);
}

static void run_quiet(fixture *fx, int report_only, const char *format, int quiet)
{
    run_spooled(fx, report_only, format, quiet, 0);
}

static void run(fixture *fx, int report_only, const char *format)
{
    run_quiet(fx, report_only, format, 0);
}

static void done(fixture *fx)
{
    for (int i = 0; i < NFILES; i++)
        pl_arena_free(fx->files[i].arena);
    pl_check_spool_free(fx->ws.checklist_spool);
    pl_arena_free(fx->ws.arena);
}

static int same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static void test_same_report(void **state)
{
    (void)state;
    fixture *full = malloc(sizeof *full), *lean = malloc(sizeof *lean);
    run(full, 0, "json");
    run(lean, 1, "json");
    pl_arena *a = pl_arena_new();
    pl_report rf, rl;
    pl_report_build(a, &full->ws, &rf);
    pl_report_build(a, &lean->ws, &rl);
    assert_true(rf.nfindings > 3);
    assert_int_equal(rf.nfindings, rl.nfindings);
    for (int i = 0; i < rf.nfindings; i++) {
        const pl_finding *x = rf.findings[i], *y = rl.findings[i];
        assert_ptr_equal(x->rule, y->rule);
        assert_string_equal(x->file, y->file);
        assert_string_equal(x->message, y->message);
        assert_true(same_string(pl_report_finding_fix(x), pl_report_finding_fix(y)));
        assert_int_equal(x->span.line, y->span.line);
        assert_int_equal(x->span.col, y->span.col);
        assert_int_equal(x->span.end_col, y->span.end_col);
    }
    assert_int_equal(rf.nchecklist, rl.nchecklist);
    for (int i = 0; i < rf.nchecklist; i++) {
        assert_ptr_equal(rf.checklist[i]->rule, rl.checklist[i]->rule);
        assert_int_equal(rf.checklist[i]->status, rl.checklist[i]->status);
        assert_string_equal(rf.checklist[i]->evidence, rl.checklist[i]->evidence);
    }
    assert_memory_equal(&rf.summary, &rl.summary, sizeof rf.summary);
    assert_string_equal(rl.files[0].headline, "2 stages, final: build");
    assert_string_equal(rl.files[1].headline, "1 stage");

    /* the lean files hold no parsed form, only checklist results, and no
     * source (json quotes none) */
    const pl_file *f = &lean->files[0];
    assert_int_equal(f->retained, 1);
    assert_null(f->dockerfile);
    assert_null(f->data);
    for (size_t i = 0; i < f->results.len; i++)
        assert_true(PL_VEC_AT(f->results, const pl_result *, i)->rule->checklist);
    assert_true(full->files[0].results.len > f->results.len);
    assert_int_equal(full->files[0].retained, 0);
    assert_non_null(full->files[0].dockerfile);

    pl_arena_free(a);
    done(full);
    done(lean);
    free(full);
    free(lean);
}

/* For text output the lines findings start on are kept, the others are
 * emptied: line numbers still count. */
static void test_text_keeps_quoted_lines(void **state)
{
    (void)state;
    fixture *fx = malloc(sizeof *fx);
    run(fx, 1, NULL);
    const pl_file *f = &fx->files[0];
    assert_non_null(f->data);
    /* findings on lines 1, 2, 4 and 5; the comment goes */
    assert_string_equal(f->data, "FROM debian:12-slim AS build\n"
                                 "RUN apt-get update && apt-get install -y curl\n"
                                 "\n"
                                 "FROM build\n"
                                 "RUN cd /tmp && echo hi\n");
    assert_int_equal(f->len, strlen(f->data));
    const pl_file *g = &fx->files[1];
    assert_string_equal(g->data, "FROM alpine\n\nRUN apk add curl");
    assert_int_equal(g->len, strlen(g->data));
    pl_report_file rf = {.data = f->data, .len = f->len};
    size_t len;
    const char *line = pl_report_source_line(&rf, 5, &len);
    assert_non_null(line);
    assert_int_equal(len, strlen("RUN cd /tmp && echo hi"));
    done(fx);
    free(fx);
}

/* A report that prints no checklist line (SARIF, text with --quiet ...)
 * keeps none: each file only counts its lines, and the summary is the
 * one a full run makes. */
static void test_counts_without_checklist(void **state)
{
    (void)state;
    static const char *const formats[] = {"sarif", "github", "gitlab", "checkstyle", "text", NULL};
    for (int k = 0; k < 6; k++) {
        int quiet = k >= 4;
        fixture *full = malloc(sizeof *full), *lean = malloc(sizeof *lean);
        run_quiet(full, 0, formats[k], quiet);
        run_quiet(lean, 1, formats[k], quiet);
        pl_arena *a = pl_arena_new();
        pl_report rf, rl;
        pl_report_build(a, &full->ws, &rf);
        pl_report_build(a, &lean->ws, &rl);
        assert_true(rf.nchecklist > 10);
        assert_int_equal(rl.nchecklist, 0);
        assert_int_equal(rf.summary.passed + rf.summary.failed + rf.summary.skipped, rf.nchecklist);
        assert_true(rf.summary.passed > 0 && rf.summary.failed > 0 && rf.summary.skipped > 0);
        assert_memory_equal(&rf.summary, &rl.summary, sizeof rf.summary);
        assert_int_equal(rf.nfindings, rl.nfindings);
        const pl_file *f = &lean->files[0];
        assert_int_equal(f->checklist_counted, 1);
        assert_int_equal(f->results.len, 0);
        assert_null(f->headline);
        assert_int_equal(full->files[0].checklist_counted, 0);
        pl_arena_free(a);
        done(full);
        done(lean);
        free(full);
        free(lean);
    }
    /* text without --quiet, json, junit and the checklist print the lines */
    assert_true(pl_report_prints_checklist(NULL, 0));
    assert_false(pl_report_prints_checklist(NULL, 1));
    assert_true(pl_report_prints_checklist("json", 1));
    assert_true(pl_report_prints_checklist("junit", 0));
    assert_true(pl_report_prints_checklist("checklist", 0));
    assert_false(pl_report_prints_checklist("sarif", 0));
}

/* With a spool, each file's checklist lines go to disk as the file is
 * finished and come back, a section at a time and in any order, as the
 * lines a run that kept them in memory reports. */
static void test_spooled_checklist(void **state)
{
    (void)state;
    fixture *full = malloc(sizeof *full), *lean = malloc(sizeof *lean);
    run(full, 0, "json");
    run_spooled(lean, 1, "json", 0, 1);
    assert_non_null(lean->ws.checklist_spool);
    pl_arena *a = pl_arena_new();
    pl_report rf, rl;
    pl_report_build(a, &full->ws, &rf);
    pl_report_build(a, &lean->ws, &rl);
    assert_true(pl_check_spool_ok(lean->ws.checklist_spool));
    assert_null(rl.checklist);
    assert_non_null(rl.pager);
    const pl_file *f = &lean->files[0];
    assert_int_equal(f->checklist_spooled, 1);
    assert_int_equal(f->results.len, 0);
    assert_int_equal(f->checklist_lines, rl.sections[0].nchecks);
    assert_true(rl.sections[0].nchecks > 10 && rl.sections[1].nchecks > 10);
    assert_int_equal(rf.nchecklist, rl.nchecklist);
    assert_memory_equal(&rf.summary, &rl.summary, sizeof rf.summary);
    int evidence = 0;
    /* backwards: every line of the second file, then of the first */
    for (int i = rl.nchecklist - 1; i >= 0; i--) {
        const pl_result *x = rf.checklist[i], *y = pl_report_check(&rl, i);
        assert_ptr_equal(x->rule, y->rule);
        assert_int_equal(x->status, y->status);
        assert_true(same_string(x->evidence, y->evidence));
        evidence += y->evidence && *y->evidence;
    }
    assert_true(evidence > 5);
    /* a line of each section in turn: the pager reloads each time */
    int last = rl.nchecklist - 1;
    for (int k = 0; k < 3; k++) {
        assert_ptr_equal(pl_report_check(&rl, 0)->rule, rf.checklist[0]->rule);
        assert_ptr_equal(pl_report_check(&rl, last)->rule, rf.checklist[last]->rule);
    }
    pl_report_release(&rl);
    pl_arena_free(a);
    done(full);
    done(lean);
    free(full);
    free(lean);
}

/* The spool keeps a line's evidence exactly: absent, empty or long. */
static void test_spool_round_trip(void **state)
{
    (void)state;
    pl_check_spool *sp = pl_check_spool_new();
    assert_non_null(sp);
    char long_text[5000];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    const pl_rule *rule = pl_rule_find("image-tag-latest");
    assert_non_null(rule);
    pl_result lines[4] = {{rule, NULL, PL_STATUS_PASS},
                          {rule, "", PL_STATUS_SKIP},
                          {rule, long_text, PL_STATUS_FAIL},
                          {rule, "a\nb", PL_STATUS_PASS}};
    const pl_result *ptrs[4] = {&lines[0], &lines[1], &lines[2], &lines[3]};
    long long first = pl_check_spool_put(sp, ptrs, 1);
    long long rest = pl_check_spool_put(sp, ptrs + 1, 3);
    assert_int_equal(first, 0);
    assert_true(rest > first);
    pl_report_file files[2] = {{.path = "a"}, {.path = "b"}};
    pl_report_section sections[2] = {{.path = "a", .file = &files[0], .first_check = 0, .nchecks = 1, .check_at = first},
                                     {.path = "b", .file = &files[1], .first_check = 1, .nchecks = 3, .check_at = rest}};
    pl_report r = {.nfiles = 2, .sections = sections, .nsections = 2, .nchecklist = 4};
    r.pager = pl_check_pager_new(sp);
    assert_null(pl_report_check(&r, 0)->evidence);
    assert_int_equal(pl_report_check(&r, 0)->status, PL_STATUS_PASS);
    assert_string_equal(pl_report_check(&r, 3)->evidence, "a\nb");
    assert_string_equal(pl_report_check(&r, 1)->evidence, "");
    assert_int_equal(pl_report_check(&r, 1)->status, PL_STATUS_SKIP);
    assert_string_equal(pl_report_check(&r, 2)->evidence, long_text);
    assert_int_equal(pl_report_check(&r, 2)->status, PL_STATUS_FAIL);
    assert_ptr_equal(pl_report_check(&r, 2)->rule, rule);
    /* written after a read: appended, and read back */
    long long more = pl_check_spool_put(sp, ptrs + 3, 1);
    assert_true(more > rest);
    pl_report_release(&r);
    sections[0].check_at = more;
    r.pager = pl_check_pager_new(sp);
    assert_string_equal(pl_report_check(&r, 0)->evidence, "a\nb");
    assert_string_equal(pl_report_check(&r, 2)->evidence, long_text);
    pl_report_release(&r);
    pl_check_spool_free(sp);
}

/* Past SPILL_BYTES the spool moves what it held in memory to its file:
 * lines written before and after the move read back alike. */
static void test_spool_spills_to_file(void **state)
{
    (void)state;
    pl_check_spool *sp = pl_check_spool_new();
    assert_non_null(sp);
    size_t big = 700 * 1024;
    char *text_a = malloc(big), *text_b = malloc(big);
    assert_non_null(text_a);
    assert_non_null(text_b);
    memset(text_a, 'a', big - 1);
    text_a[big - 1] = '\0';
    memset(text_b, 'b', big - 1);
    text_b[big - 1] = '\0';
    const pl_rule *rule = pl_rule_find("image-tag-latest");
    pl_result lines[3] = {{rule, text_a, PL_STATUS_FAIL}, {rule, "small", PL_STATUS_PASS},
                          {rule, text_b, PL_STATUS_SKIP}};
    const pl_result *ptrs[3] = {&lines[0], &lines[1], &lines[2]};
    long long at0 = pl_check_spool_put(sp, ptrs, 2); /* in memory */
    long long at2 = pl_check_spool_put(sp, ptrs + 2, 1); /* past the limit: all to the file */
    assert_true(pl_check_spool_ok(sp));
    pl_arena *a = pl_arena_new();
    pl_result out[2];
    assert_int_equal(pl_check_spool_read(sp, at0, 2, a, out), 0);
    assert_string_equal(out[0].evidence, text_a);
    assert_string_equal(out[1].evidence, "small");
    assert_int_equal(out[1].status, PL_STATUS_PASS);
    assert_int_equal(pl_check_spool_read(sp, at2, 1, a, out), 0);
    assert_string_equal(out[0].evidence, text_b);
    assert_int_equal(out[0].status, PL_STATUS_SKIP);
    /* a write after a read, then both read again */
    long long at3 = pl_check_spool_put(sp, ptrs + 1, 1);
    assert_int_equal(pl_check_spool_read(sp, at3, 1, a, out), 0);
    assert_string_equal(out[0].evidence, "small");
    assert_int_equal(pl_check_spool_read(sp, at0, 1, a, out), 0);
    assert_string_equal(out[0].evidence, text_a);
    pl_arena_free(a);
    free(text_a);
    free(text_b);
    pl_check_spool_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_report),
        cmocka_unit_test(test_text_keeps_quoted_lines),
        cmocka_unit_test(test_counts_without_checklist),
        cmocka_unit_test(test_spooled_checklist),
        cmocka_unit_test(test_spool_round_trip),
        cmocka_unit_test(test_spool_spills_to_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
