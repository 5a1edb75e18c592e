/* test_report.c — the report structure and every renderer.
 *
 * A small workspace is built by hand (fake rules, two reported files, one
 * file excluded from the report, a suppressed finding, a cross-file finding
 * naming a path no file has, checklist lines that pass, fail and skip) and
 * each format is compared byte for byte with its golden file under
 * tests/golden/report/. PLIMSOLL_UPDATE_GOLDEN=1 rewrites the golden files
 * instead; read the diff before committing them.
 */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "plimsoll/report.h"

/* ---- fake rules ----------------------------------------------------------- */

static const char *const user_aliases[] = {"DL3002", NULL};
static const char *const digest_aliases[] = {"DL3007", "trivy:DS001", NULL};
static const char *const lists_aliases[] = {"DL3009", NULL};

#define RULE(ID, NAME, TITLE, CAT, SEV, KIND, ALIASES, CHECKLIST, FIX)                         \
    {.id = ID, .name = NAME, .title = TITLE, .category = CAT, .severity = SEV, .kind = KIND,   \
     .aliases = ALIASES, .checklist = CHECKLIST, .summary = TITLE ".",                          \
     .description = "Why " NAME " matters.", .fix = FIX}

static const pl_rule r_user = RULE("PL1001", "user-root", "Runs as a non-root user", "security",
                                   PL_SEV_ERROR, PL_KIND_DOCKERFILE, user_aliases, 1,
                                   "add USER with a non-root user");
static const pl_rule r_secrets = RULE("PL1005", "secret-in-env", "No secrets in ARG/ENV",
                                      "security", PL_SEV_ERROR, PL_KIND_DOCKERFILE, NULL, 1,
                                      "pass secrets with --mount=type=secret");
static const pl_rule r_digest = RULE("PL1007", "from-digest", "Base images pinned by digest",
                                     "security", PL_SEV_WARNING, PL_KIND_DOCKERFILE,
                                     digest_aliases, 1, "pin the image by digest");
static const pl_rule r_nsrec = RULE("PL1010", "apt-no-recommends",
                                    "apt-get install skips recommended packages", "efficiency",
                                    PL_SEV_INFO, PL_KIND_DOCKERFILE, NULL, 0,
                                    "add --no-install-recommends");
static const pl_rule r_lists = RULE("PL1020", "apt-lists-cleanup", "apt lists removed",
                                    "efficiency", PL_SEV_STYLE, PL_KIND_DOCKERFILE, lists_aliases,
                                    0, "rm -rf /var/lib/apt/lists/* in the same RUN");
static const pl_rule r_health = RULE("PL1043", "healthcheck-tool-missing", "Health check can run",
                                     "reliability", PL_SEV_ERROR, PL_KIND_DOCKERFILE, NULL, 1,
                                     "install the tool the health check calls");
static const pl_rule r_size = RULE("PL1090", "image-size", "Image size under 8 GB", "efficiency",
                                   PL_SEV_INFO, PL_KIND_DOCKERFILE, NULL, 1,
                                   "build the image to measure it");
static const pl_rule r_restart = RULE("PL2001", "compose-restart", "Services restart on failure",
                                      "reliability", PL_SEV_WARNING, PL_KIND_COMPOSE, NULL, 1,
                                      "set restart: unless-stopped");
static const pl_rule r_chealth = RULE("PL2002", "compose-healthcheck", "Services have a health check",
                                      "reliability", PL_SEV_STYLE, PL_KIND_COMPOSE, NULL, 0,
                                      "add a healthcheck");
static const pl_rule r_csecret = RULE("PL2010", "compose-secret-env", "No secrets in environment",
                                      "security", PL_SEV_ERROR, PL_KIND_COMPOSE, NULL, 1,
                                      "use compose secrets");
static const pl_rule r_ignore = RULE("PL3001", "dockerignore-missing",
                                     "Build context has a .dockerignore", "efficiency",
                                     PL_SEV_WARNING, PL_KIND_DOCKERIGNORE, NULL, 1,
                                     "add a .dockerignore next to the Dockerfile");
static const pl_rule r_envq = RULE("PL5001", "env-unquoted", "Env values quoted", "correctness",
                                   PL_SEV_ERROR, PL_KIND_ENVFILE, NULL, 1, "quote the value");

/* ---- the workspace ------------------------------------------------------------ */

static const char dockerfile_text[] =
    "FROM python:3.12-slim\n"
    "RUN apt-get update \\\n"
    "\t&& apt-get install -y curl\n"
    "# plimsoll ignore=PL1010\n"
    "RUN apt-get install -y wget\n"
    "USER app\n"
    "HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n";

static const char compose_text[] = "services:\r\n"
                                   "  web:\r\n"
                                   "    build: .\r\n"
                                   "    restart: \"no\"\r\n";

typedef struct {
    pl_arena *arena;
    pl_workspace ws;
    pl_file files[3];
    pl_file *file_ptrs[3];
    pl_options opts;
} fixture;

static pl_finding *add_finding(fixture *fx, pl_file *host, const pl_rule *rule, pl_severity sev,
                               const char *file, pl_span span, const char *message,
                               const char *fix)
{
    pl_finding *f = PL_NEW(fx->arena, pl_finding);
    f->rule = rule;
    f->severity = sev;
    f->file = file ? file : host->path;
    f->span = span;
    f->message = message;
    f->fix = fix;
    pl_vec_push(fx->arena, &host->findings, f);
    return f;
}

static void add_result(fixture *fx, pl_file *host, const pl_rule *rule, pl_status status,
                       const char *evidence)
{
    pl_result *res = PL_NEW(fx->arena, pl_result);
    res->rule = rule;
    res->status = status;
    res->evidence = evidence;
    pl_vec_push(fx->arena, &host->results, res);
}

static void init_file(fixture *fx, int i, const char *path, pl_file_kind kind, const char *data,
                      int report)
{
    pl_file *f = &fx->files[i];
    f->path = path;
    f->kind = kind;
    f->arena = fx->arena;
    f->data = data;
    f->len = data ? strlen(data) : 0;
    f->report = report;
    f->ws = &fx->ws;
    fx->file_ptrs[i] = f;
}

static fixture *fixture_new(void)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->arena = pl_arena_new();
    fx->ws.arena = fx->arena;
    fx->ws.opts = &fx->opts;
    fx->opts.threshold = PL_THRESHOLD_NONE;
    fx->ws.files = fx->file_ptrs;
    return fx;
}

/* The workspace the golden files show. compose.yaml comes first in the
 * workspace although "Dockerfile" sorts first by path, so file order and
 * finding order can be told apart; findings and results are added out of
 * order to show that the report sorts them. */
static fixture *full_fixture(void)
{
    fixture *fx = fixture_new();
    init_file(fx, 0, "compose.yaml", PL_KIND_COMPOSE, compose_text, 1);
    init_file(fx, 1, "Dockerfile", PL_KIND_DOCKERFILE, dockerfile_text, 1);
    init_file(fx, 2, ".env", PL_KIND_ENVFILE, "TOKEN=abc def\n", 0);
    fx->ws.nfiles = 3;
    pl_file *compose = &fx->files[0], *df = &fx->files[1], *env = &fx->files[2];

    add_finding(fx, compose, &r_restart, PL_SEV_WARNING, NULL, pl_span_make(4, 14, 4, 17),
                "service \"web\" has restart: \"no\"", NULL);
    /* severity overridden from style to info; column past the end of the line */
    add_finding(fx, compose, &r_chealth, PL_SEV_INFO, NULL, pl_span_make(2, 9, 2, 12),
                "service \"web\": no healthcheck <none> & 100% of probes unknown, ports 8080:80",
                "add healthcheck: {test: [\"CMD\", \"true\"]}");
    add_result(fx, compose, &r_restart, PL_STATUS_FAIL, "restart: \"no\" (line 4)");
    add_result(fx, compose, &r_chealth, PL_STATUS_FAIL, "web has none");
    add_result(fx, compose, &r_csecret, PL_STATUS_PASS, "no secret-like keys in environment");

    add_finding(fx, df, &r_health, PL_SEV_ERROR, NULL, pl_span_make(7, 17, 7, 20),
                "HEALTHCHECK runs `curl`, which is not installed in the final stage",
                "install curl in the final stage, or use an exec-form check");
    add_finding(fx, df, &r_lists, PL_SEV_STYLE, NULL, pl_span_make(2, 1, 3, 27),
                "apt lists are not removed in the same RUN", NULL);
    pl_finding *sup = add_finding(fx, df, &r_nsrec, PL_SEV_INFO, NULL, pl_span_make(5, 5, 5, 19),
                                  "apt-get install without --no-install-recommends", NULL);
    sup->suppressed_by = "pragma (line 4)";
    add_finding(fx, df, &r_nsrec, PL_SEV_INFO, NULL, pl_span_make(3, 5, 3, 19),
                "apt-get install without --no-install-recommends", NULL);
    add_finding(fx, df, &r_digest, PL_SEV_WARNING, NULL, pl_span_make(1, 6, 1, 21),
                "base image python:3.12-slim is not pinned by digest",
                "FROM python:3.12-slim@sha256:<digest>");
    /* cross-file: names a path that no checked file has */
    add_finding(fx, df, &r_ignore, PL_SEV_WARNING, "app/.dockerignore", pl_span_make(0, 0, 0, 0),
                "no .dockerignore: the build context sends .git (3 MB)", NULL);

    add_result(fx, df, &r_health, PL_STATUS_FAIL,
               "HEALTHCHECK calls curl (line 7); nothing installs curl");
    add_result(fx, df, &r_nsrec, PL_STATUS_FAIL, "1 of 2 apt-get install lines");
    add_result(fx, df, &r_size, PL_STATUS_SKIP, "needs a built image");
    add_result(fx, df, &r_user, PL_STATUS_PASS, "USER app (line 6)");
    add_result(fx, df, &r_digest, PL_STATUS_FAIL, "1 of 1 FROM lines has no @sha256 (line 1)");
    add_result(fx, df, &r_secrets, PL_STATUS_PASS, NULL);
    add_result(fx, df, &r_lists, PL_STATUS_FAIL, "line 2");

    /* excluded from the report (--changed-since): nothing of it may show */
    add_finding(fx, env, &r_envq, PL_SEV_ERROR, NULL, pl_span_make(1, 7, 1, 13),
                "value has a space", NULL);
    pl_finding *sup2 = add_finding(fx, env, &r_envq, PL_SEV_ERROR, NULL, pl_span_make(1, 1, 1, 1),
                                   "hidden", NULL);
    sup2->suppressed_by = "config";
    add_result(fx, env, &r_envq, PL_STATUS_FAIL, "line 1");

    pl_vec_push(fx->arena, &fx->ws.notes, (void *)"shellcheck is not installed; RUN scripts were not linted");
    pl_vec_push(fx->arena, &fx->ws.notes, (void *)"shellcheck is not installed; RUN scripts were not linted");
    return fx;
}

static void fixture_free(fixture *fx)
{
    pl_arena_free(fx->arena);
    free(fx);
}

/* What the caller fills after building, fixed so the golden files are stable. */
static void stamp(pl_report *r)
{
    r->repo_name = "acme/gpu-worker";
    r->commit = "3f2c1e9";
    r->date = "2026-11-23";
    r->elapsed_ms = 3.25;
}

/* ---- golden comparison ------------------------------------------------------------ */

static char *render_to_string(const pl_report *r, const char *format, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    assert_non_null(mem);
    assert_int_equal(pl_report_render(r, format, mem), 0);
    fclose(mem);
    if (len)
        *len = n;
    return buf;
}

static const char *golden_dir(void)
{
    const char *e = getenv("PLIMSOLL_GOLDEN_DIR");
    return e && *e ? e : "tests/golden/report";
}

static void check_golden(const char *actual, size_t len, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", golden_dir(), name);
    const char *update = getenv("PLIMSOLL_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        FILE *fp = fopen(path, "wb");
        assert_non_null(fp);
        fwrite(actual, 1, len, fp);
        fclose(fp);
        return;
    }
    size_t glen;
    char *golden = tu_read_file(path, &glen);
    if (!golden)
        fail_msg("missing golden file %s (run with PLIMSOLL_UPDATE_GOLDEN=1 to create it)", path);
    if (glen != len || memcmp(golden, actual, len) != 0) {
        /* point at the first differing line */
        int line = 1;
        size_t i = 0, start = 0;
        while (i < len && i < glen && golden[i] == actual[i]) {
            if (actual[i] == '\n') {
                line++;
                start = i + 1;
            }
            i++;
        }
        const char *ge = memchr(golden + start, '\n', glen - start);
        const char *ae = memchr(actual + start, '\n', len - start);
        int gl = (int)(ge ? (size_t)(ge - golden) - start : glen - start);
        int al = (int)(ae ? (size_t)(ae - actual) - start : len - start);
        print_error("%s differs at line %d\n  golden: %.*s\n  actual: %.*s\n", path, line, gl,
                    golden + start, al, actual + start);
        free(golden);
        fail();
    }
    free(golden);
}

static void golden_case(pl_report *r, const char *format, const char *name)
{
    size_t len;
    char *out = render_to_string(r, format, &len);
    check_golden(out, len, name);
    free(out);
}

static const struct {
    const char *format, *ext;
} formats[] = {
    {"text", "txt"},          {"json", "json"},           {"checklist", "md"},
    {"sarif", "sarif"},       {"junit", "junit.xml"},     {"github", "github.txt"},
    {"gitlab", "gitlab.json"}, {"checkstyle", "checkstyle.xml"},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

/* ---- build ------------------------------------------------------------------------- */

/* The file of checklist line `i`: the section whose run of lines holds it. */
static const char *line_file(const pl_report *r, int i)
{
    for (int k = 0; k < r->nfiles; k++)
        if (i >= r->sections[k].first_check && i < r->sections[k].first_check + r->sections[k].nchecks)
            return r->sections[k].path;
    return NULL;
}

static void test_build_orders_and_counts(void **state)
{
    (void)state;
    fixture *fx = full_fixture();
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);

    assert_string_equal(r.tool_name, "plimsoll");
    assert_string_equal(r.tool_version, PLIMSOLL_VERSION);
    assert_null(r.repo_name);
    assert_null(r.commit);
    assert_non_null(r.date);
    assert_int_equal(strlen(r.date), 10);

    assert_int_equal(r.nfiles, 2);
    assert_string_equal(r.files[0].path, "compose.yaml");
    assert_int_equal(r.files[0].kind, PL_KIND_COMPOSE);
    assert_string_equal(r.files[1].path, "Dockerfile");
    assert_null(r.files[1].headline);
    assert_ptr_equal(r.files[1].data, dockerfile_text);
    assert_int_equal(r.files[1].len, strlen(dockerfile_text));

    static const struct {
        const char *file, *rule;
        int line, col;
    } want[] = {
        {"Dockerfile", "PL1007", 1, 6},        {"Dockerfile", "PL1020", 2, 1},
        {"Dockerfile", "PL1010", 3, 5},        {"Dockerfile", "PL1043", 7, 17},
        {"app/.dockerignore", "PL3001", 0, 0}, {"compose.yaml", "PL2002", 2, 9},
        {"compose.yaml", "PL2001", 4, 14},
    };
    assert_int_equal(r.nfindings, 7);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(r.findings[i]->file, want[i].file);
        assert_string_equal(r.findings[i]->rule->id, want[i].rule);
        assert_int_equal(r.findings[i]->span.line, want[i].line);
        assert_int_equal(r.findings[i]->span.col, want[i].col);
    }

    static const char *const want_checks[] = {
        "compose.yaml:PL2010", "compose.yaml:PL2001", "Dockerfile:PL1001", "Dockerfile:PL1005",
        "Dockerfile:PL1007",   "Dockerfile:PL1043",   "Dockerfile:PL1090",
    };
    assert_int_equal(r.nchecklist, 7);
    for (int i = 0; i < 7; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s:%s", line_file(&r, i), r.checklist[i]->rule->id);
        assert_string_equal(buf, want_checks[i]);
    }

    assert_int_equal(r.summary.files, 2);
    assert_int_equal(r.summary.by_severity[PL_SEV_ERROR], 1);
    assert_int_equal(r.summary.by_severity[PL_SEV_WARNING], 3);
    assert_int_equal(r.summary.by_severity[PL_SEV_INFO], 2);
    assert_int_equal(r.summary.by_severity[PL_SEV_STYLE], 1);
    assert_int_equal(r.summary.passed, 3);
    assert_int_equal(r.summary.failed, 3);
    assert_int_equal(r.summary.skipped, 1);
    assert_int_equal(r.summary.suppressed, 1);

    assert_int_equal(r.nnotes, 1);
    assert_string_equal(r.notes[0], "shellcheck is not installed; RUN scripts were not linted");

    /* sections: the two files in workspace order, then the orphan path */
    assert_int_equal(r.nsections, 3);
    assert_string_equal(r.sections[0].path, "compose.yaml");
    assert_ptr_equal(r.sections[0].file, &r.files[0]);
    assert_int_equal(r.sections[0].first_finding, 5);
    assert_int_equal(r.sections[0].nfindings, 2);
    assert_int_equal(r.sections[0].first_check, 0);
    assert_int_equal(r.sections[0].nchecks, 2);
    assert_string_equal(r.sections[1].path, "Dockerfile");
    assert_int_equal(r.sections[1].first_finding, 0);
    assert_int_equal(r.sections[1].nfindings, 4);
    assert_int_equal(r.sections[1].first_check, 2);
    assert_int_equal(r.sections[1].nchecks, 5);
    assert_string_equal(r.sections[2].path, "app/.dockerignore");
    assert_null(r.sections[2].file);
    assert_int_equal(r.sections[2].first_finding, 4);
    assert_int_equal(r.sections[2].nfindings, 1);
    assert_int_equal(r.sections[2].nchecks, 0);
    fixture_free(fx);
}

static void test_build_ties_break_by_rule_id(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    init_file(fx, 0, "Dockerfile", PL_KIND_DOCKERFILE, "FROM a\n", 1);
    fx->ws.nfiles = 1;
    add_finding(fx, &fx->files[0], &r_lists, PL_SEV_STYLE, NULL, pl_span_make(1, 1, 1, 4), "b", NULL);
    add_finding(fx, &fx->files[0], &r_digest, PL_SEV_WARNING, NULL, pl_span_make(1, 1, 1, 4), "a", NULL);
    add_finding(fx, &fx->files[0], &r_user, PL_SEV_ERROR, NULL, pl_span_make(1, 2, 1, 4), "c", NULL);
    add_finding(fx, &fx->files[0], &r_user, PL_SEV_NONE, NULL, pl_span_make(1, 1, 1, 1), "off", NULL);
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);
    assert_int_equal(r.nfindings, 3); /* the PL_SEV_NONE one is switched off */
    assert_string_equal(r.findings[0]->rule->id, "PL1007");
    assert_string_equal(r.findings[1]->rule->id, "PL1020");
    assert_string_equal(r.findings[2]->rule->id, "PL1001");
    fixture_free(fx);
}

static void test_build_cross_file_follows_target_report_flag(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    init_file(fx, 0, "Dockerfile", PL_KIND_DOCKERFILE, "FROM a\n", 1);
    init_file(fx, 1, "compose.yaml", PL_KIND_COMPOSE, "services: {}\n", 0);
    fx->ws.nfiles = 2;
    /* hosted by a reported file, but names an excluded one */
    add_finding(fx, &fx->files[0], &r_restart, PL_SEV_WARNING, "compose.yaml",
                pl_span_make(1, 1, 1, 1), "x", NULL);
    /* hosted by an excluded file, names a reported one */
    add_finding(fx, &fx->files[1], &r_digest, PL_SEV_WARNING, "Dockerfile",
                pl_span_make(1, 6, 1, 6), "y", NULL);
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);
    assert_int_equal(r.nfindings, 1);
    assert_string_equal(r.findings[0]->message, "y");
    assert_int_equal(r.nsections, 1);
    assert_int_equal(r.sections[0].nfindings, 1);
    fixture_free(fx);
}

static void test_threshold_and_failing(void **state)
{
    (void)state;
    fixture *fx = full_fixture();
    fx->opts.threshold_set = 1;
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);
    /* opts ask for none: never failing */
    assert_int_equal(r.threshold, PL_THRESHOLD_NONE);
    assert_int_equal(r.failing, 0);
    pl_report_set_threshold(&r, PL_SEV_ERROR);
    assert_int_equal(r.failing, 1);
    fixture_free(fx);

    /* only a warning and a style finding */
    fx = fixture_new();
    init_file(fx, 0, "Dockerfile", PL_KIND_DOCKERFILE, "FROM a\n", 1);
    fx->ws.nfiles = 1;
    add_finding(fx, &fx->files[0], &r_digest, PL_SEV_WARNING, NULL, pl_span_make(1, 6, 1, 6), "w", NULL);
    add_finding(fx, &fx->files[0], &r_lists, PL_SEV_STYLE, NULL, pl_span_make(1, 1, 1, 1), "s", NULL);
    fx->opts.threshold_set = 1;
    fx->opts.threshold = PL_SEV_ERROR;
    pl_report_build(fx->arena, &fx->ws, &r);
    assert_int_equal(r.threshold, PL_SEV_ERROR);
    assert_int_equal(r.failing, 0);
    pl_report_set_threshold(&r, PL_SEV_WARNING);
    assert_int_equal(r.failing, 1);
    pl_report_set_threshold(&r, PL_SEV_STYLE);
    assert_int_equal(r.failing, 1);
    pl_report_set_threshold(&r, PL_THRESHOLD_NONE);
    assert_int_equal(r.failing, 0);

    /* no opts threshold: the config's, else warning */
    fx->opts.threshold_set = 0;
    pl_report_build(fx->arena, &fx->ws, &r);
    assert_int_equal(r.threshold, PL_SEV_WARNING);
    assert_int_equal(r.failing, 1);
    pl_config cfg = {0};
    cfg.has_failure_threshold = 1;
    cfg.failure_threshold = PL_SEV_ERROR;
    fx->ws.config = &cfg;
    pl_report_build(fx->arena, &fx->ws, &r);
    assert_int_equal(r.threshold, PL_SEV_ERROR);
    assert_int_equal(r.failing, 0);
    fixture_free(fx);
}

static void test_source_line(void **state)
{
    (void)state;
    static const char data[] = "one\r\ntwo\n\nfour";
    pl_report_file f = {.path = "x", .data = data, .len = sizeof data - 1};
    size_t len = 99;
    const char *p = pl_report_source_line(&f, 1, &len);
    assert_non_null(p);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "one", 3);
    p = pl_report_source_line(&f, 2, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "two", 3);
    p = pl_report_source_line(&f, 3, &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    p = pl_report_source_line(&f, 4, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(p, "four", 4);
    assert_null(pl_report_source_line(&f, 5, &len));
    assert_int_equal(len, 0);
    assert_null(pl_report_source_line(&f, 0, &len));
    assert_null(pl_report_source_line(&f, -3, &len));

    pl_report_file g = {.path = "y", .data = "a\n", .len = 2};
    assert_non_null(pl_report_source_line(&g, 1, &len));
    assert_null(pl_report_source_line(&g, 2, &len));
    pl_report_file none = {.path = "z"};
    assert_null(pl_report_source_line(&none, 1, &len));
}

static void test_category_rank(void **state)
{
    (void)state;
    assert_int_equal(pl_category_rank("security"), 0);
    assert_int_equal(pl_category_rank("reliability"), 1);
    assert_int_equal(pl_category_rank("reproducibility"), 2);
    assert_int_equal(pl_category_rank("efficiency"), 3);
    assert_int_equal(pl_category_rank("maintainability"), 4);
    assert_int_equal(pl_category_rank("correctness"), 5);
    assert_int_equal(pl_category_rank("style"), 6);
    assert_int_equal(pl_category_rank("bogus"), 7);
    assert_int_equal(pl_category_rank(NULL), 7);
}

static void test_formats_known(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFORMATS; i++)
        assert_true(pl_report_format_known(formats[i].format));
    assert_false(pl_report_format_known("xml"));
    assert_false(pl_report_format_known("JSON"));
    assert_false(pl_report_format_known(""));
    assert_false(pl_report_format_known(NULL));

    fixture *fx = fixture_new();
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    assert_int_equal(pl_report_render(&r, "yaml", mem), -1);
    fclose(mem);
    assert_int_equal(n, 0);
    free(buf);
    fixture_free(fx);
}

static void test_finding_fix_falls_back_to_rule(void **state)
{
    (void)state;
    pl_finding f = {.rule = &r_user, .fix = NULL};
    assert_string_equal(pl_report_finding_fix(&f), "add USER with a non-root user");
    f.fix = "";
    assert_string_equal(pl_report_finding_fix(&f), "add USER with a non-root user");
    f.fix = "own";
    assert_string_equal(pl_report_finding_fix(&f), "own");
    pl_rule bare = {.id = "PL9", .name = "bare"};
    pl_finding g = {.rule = &bare};
    assert_string_equal(pl_report_finding_fix(&g), "");
}

/* ---- golden files ------------------------------------------------------------------ */

static void full_report(fixture **fx, pl_report *r)
{
    *fx = full_fixture();
    pl_report_build((*fx)->arena, &(*fx)->ws, r);
    stamp(r);
    r->files[1].headline = "1 stage, final: unnamed";
}

static void test_golden_full(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFORMATS; i++) {
        fixture *fx;
        pl_report r;
        full_report(&fx, &r);
        char name[64];
        snprintf(name, sizeof name, "full.%s", formats[i].ext);
        golden_case(&r, formats[i].format, name);
        fixture_free(fx);
    }
}

static void test_golden_text_variants(void **state)
{
    (void)state;
    fixture *fx;
    pl_report r;
    full_report(&fx, &r);
    r.quiet = 1;
    golden_case(&r, "text", "full-quiet.txt");
    r.quiet = 0;
    r.color = 1;
    golden_case(&r, "text", "full-color.txt");
    r.color = 0;
    /* the caller left repository, commit and date unknown */
    r.repo_name = NULL;
    r.commit = NULL;
    r.date = NULL;
    golden_case(&r, "checklist", "full-anonymous.md");
    fixture_free(fx);
}

static void test_golden_empty(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFORMATS; i++) {
        fixture *fx = fixture_new();
        pl_report r;
        pl_report_build(fx->arena, &fx->ws, &r);
        stamp(&r);
        r.elapsed_ms = 0.4;
        char name[64];
        snprintf(name, sizeof name, "empty.%s", formats[i].ext);
        golden_case(&r, formats[i].format, name);
        fixture_free(fx);
    }
}

/* A reported file with no findings and no checklist lines. */
static void test_golden_clean_file(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFORMATS; i++) {
        fixture *fx = fixture_new();
        init_file(fx, 0, ".dockerignore", PL_KIND_DOCKERIGNORE, ".git\n", 1);
        fx->ws.nfiles = 1;
        pl_report r;
        pl_report_build(fx->arena, &fx->ws, &r);
        stamp(&r);
        r.elapsed_ms = 12.6;
        char name[64];
        snprintf(name, sizeof name, "clean.%s", formats[i].ext);
        golden_case(&r, formats[i].format, name);
        fixture_free(fx);
    }
}

/* ---- properties no golden file shows directly ---------------------------------------- */

static void test_json_schema_types(void **state)
{
    (void)state;
    fixture *fx;
    pl_report r;
    full_report(&fx, &r);
    char *out = render_to_string(&r, "json", NULL);
    cJSON *root = cJSON_Parse(out);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "tool"), "name")->valuestring,
                        "plimsoll");
    cJSON *files = cJSON_GetObjectItem(root, "files");
    assert_int_equal(cJSON_GetArraySize(files), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(files, 1), "kind")->valuestring,
                        "dockerfile");

    cJSON *findings = cJSON_GetObjectItem(root, "findings");
    assert_int_equal(cJSON_GetArraySize(findings), 7);
    static const char *const strings[] = {"rule", "name", "severity", "category", "file",
                                          "message", "fix"};
    static const char *const numbers[] = {"line", "column", "end_line", "end_column"};
    cJSON *f;
    cJSON_ArrayForEach(f, findings)
    {
        for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
            assert_true(cJSON_IsString(cJSON_GetObjectItem(f, strings[i])));
        for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++)
            assert_true(cJSON_IsNumber(cJSON_GetObjectItem(f, numbers[i])));
        assert_true(cJSON_IsArray(cJSON_GetObjectItem(f, "aliases")));
    }
    cJSON *first = cJSON_GetArrayItem(findings, 0);
    assert_string_equal(cJSON_GetObjectItem(first, "rule")->valuestring, "PL1007");
    assert_string_equal(cJSON_GetObjectItem(first, "name")->valuestring, "from-digest");
    assert_string_equal(cJSON_GetObjectItem(first, "severity")->valuestring, "warning");
    assert_string_equal(cJSON_GetObjectItem(first, "category")->valuestring, "security");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(first, "aliases")), 2);
    assert_int_equal(cJSON_GetObjectItem(first, "end_column")->valueint, 21);
    /* the rule's default fix stands in when the finding has none */
    cJSON *lists = cJSON_GetArrayItem(findings, 1);
    assert_string_equal(cJSON_GetObjectItem(lists, "fix")->valuestring,
                        "rm -rf /var/lib/apt/lists/* in the same RUN");

    cJSON *checklist = cJSON_GetObjectItem(root, "checklist");
    assert_int_equal(cJSON_GetArraySize(checklist), 7);
    cJSON *c;
    cJSON_ArrayForEach(c, checklist)
    {
        static const char *const keys[] = {"rule", "title", "file", "status", "evidence"};
        for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
            assert_true(cJSON_IsString(cJSON_GetObjectItem(c, keys[i])));
    }
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(checklist, 6), "status")->valuestring,
                        "skip");

    cJSON *summary = cJSON_GetObjectItem(root, "summary");
    static const struct {
        const char *key;
        int value;
    } counts[] = {{"files", 2},  {"error", 1},  {"warning", 3}, {"info", 2},
                  {"style", 1},  {"passed", 3}, {"failed", 3},  {"skipped", 1}};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        assert_int_equal(cJSON_GetObjectItem(summary, counts[i].key)->valueint, counts[i].value);
    cJSON_Delete(root);
    free(out);
    fixture_free(fx);
}

/* Bytes a checked file can carry must not break any format. */
static void test_hostile_text_stays_valid(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    init_file(fx, 0, "we,ird:dir/Docker file", PL_KIND_DOCKERFILE, "FROM \x1b[31mx\n", 1);
    fx->ws.nfiles = 1;
    add_finding(fx, &fx->files[0], &r_digest, PL_SEV_WARNING, NULL, pl_span_make(1, 6, 1, 14),
                "bad \xff\xfe utf-8, 100%\r\nnew <line> & \"q\" \x01", "fix\nit");
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);

    char *out = render_to_string(&r, "github", NULL);
    assert_string_equal(out, "::warning file=we%2Cird%3Adir/Docker file,line=1,col=6,endLine=1,"
                             "endColumn=14,title=PL1007 from-digest::bad \xff\xfe utf-8, "
                             "100%25%0D%0Anew <line> & \"q\" \x01%0Afix: fix%0Ait\n");
    free(out);

    static const char *const json_formats[] = {"json", "sarif", "gitlab"};
    for (size_t i = 0; i < 3; i++) {
        out = render_to_string(&r, json_formats[i], NULL);
        cJSON *root = cJSON_Parse(out);
        assert_non_null(root);
        cJSON_Delete(root);
        /* U+FFFD in place of the two invalid bytes */
        assert_non_null(strstr(out, "bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8"));
        free(out);
    }

    out = render_to_string(&r, "checkstyle", NULL);
    assert_non_null(strstr(out, "message=\"bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8, 100%&#13;&#10;new "
                                "&lt;line&gt; &amp; &quot;q&quot; \xEF\xBF\xBD\""));
    free(out);

    out = render_to_string(&r, "sarif", NULL);
    assert_non_null(strstr(out, "\"uri\": \"we%2Cird%3Adir/Docker%20file\""));
    free(out);

    /* text: no raw escape or newline from the message or source reaches the terminal */
    out = render_to_string(&r, "text", NULL);
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\r'));
    assert_non_null(strstr(out, "    1 | FROM ?[31mx\n"));
    free(out);
    fixture_free(fx);
}

/* Markdown keeps the code spans a message has and escapes the rest, so a
 * `<placeholder>` survives GitHub's HTML filter and @names notify nobody. */
static void test_checklist_markdown_escaping(void **state)
{
    (void)state;
    fixture *fx = fixture_new();
    init_file(fx, 0, "my_app/Dockerfile", PL_KIND_DOCKERFILE, "FROM a\n", 1);
    fx->ws.nfiles = 1;
    add_finding(fx, &fx->files[0], &r_digest, PL_SEV_WARNING, "odd`name", pl_span_make(1, 6, 1, 6),
                "use `FROM a:<tag>@sha256:*` not <tag> *now*, ask @team or a@b.c, stray ` tick",
                "see [docs]");
    add_result(fx, &fx->files[0], &r_digest, PL_STATUS_SKIP, "no @sha256\nhere");
    pl_report r;
    pl_report_build(fx->arena, &fx->ws, &r);
    char *out = render_to_string(&r, "checklist", NULL);
    assert_non_null(strstr(out, "\n## my\\_app/Dockerfile\n"));
    assert_non_null(strstr(out, "- [ ] ~~Base images pinned by digest~~ \xE2\x80\x94 skipped: no "
                                "@\xE2\x80\x8Bsha256 here\n"));
    assert_non_null(strstr(out, "- **warning** `PL1007` from-digest at `` odd`name:1:6 ``: use "
                                "`FROM a:<tag>@sha256:*` not \\<tag\\> \\*now\\*, ask "
                                "@\xE2\x80\x8Bteam or a@b.c, stray \\` tick \xE2\x80\x94 fix: see "
                                "\\[docs\\]\n"));
    free(out);
    fixture_free(fx);
}

/* Every testcase count in the JUnit output adds up to the suite totals. */
static void test_junit_counts_add_up(void **state)
{
    (void)state;
    fixture *fx;
    pl_report r;
    full_report(&fx, &r);
    char *out = render_to_string(&r, "junit", NULL);
    int tests = 0, failures = 0, skipped = 0, cases = 0, fails = 0, skips = 0;
    assert_int_equal(sscanf(strstr(out, "<testsuites"),
                            "<testsuites name=\"plimsoll\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                            "skipped=\"%d\"",
                            &tests, &failures, &skipped),
                     3);
    for (const char *p = out; (p = strstr(p, "<testcase ")); p++)
        cases++;
    for (const char *p = out; (p = strstr(p, "<failure ")); p++)
        fails++;
    for (const char *p = out; (p = strstr(p, "<skipped ")); p++)
        skips++;
    assert_int_equal(tests, cases);
    assert_int_equal(failures, fails);
    assert_int_equal(skipped, skips);
    /* 2+1 (compose: 2 lines + PL2002) + 5+2 (Dockerfile: 5 lines + PL1010, PL1020) + 1 (orphan) */
    assert_int_equal(tests, 11);
    assert_int_equal(failures, 7);
    assert_int_equal(skipped, 1);
    free(out);
    fixture_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_orders_and_counts),
        cmocka_unit_test(test_build_ties_break_by_rule_id),
        cmocka_unit_test(test_build_cross_file_follows_target_report_flag),
        cmocka_unit_test(test_threshold_and_failing),
        cmocka_unit_test(test_source_line),
        cmocka_unit_test(test_category_rank),
        cmocka_unit_test(test_formats_known),
        cmocka_unit_test(test_finding_fix_falls_back_to_rule),
        cmocka_unit_test(test_golden_full),
        cmocka_unit_test(test_golden_text_variants),
        cmocka_unit_test(test_golden_empty),
        cmocka_unit_test(test_golden_clean_file),
        cmocka_unit_test(test_json_schema_types),
        cmocka_unit_test(test_hostile_text_stays_valid),
        cmocka_unit_test(test_checklist_markdown_escaping),
        cmocka_unit_test(test_junit_counts_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
