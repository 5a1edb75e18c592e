/* test_pack.c — declarative rule packs: loading, errors, matching. */
#include "testutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/pack.h"
#include "plimsoll/workspace.h"

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
    return path;
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/pl_pack_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_load_example_pack(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_vec rules = {0};
    pl_diag_list diags = {0};
    assert_int_equal(pl_pack_load(a, "tests/packs/acme.yaml", &rules, &diags), 0);
    assert_int_equal(diags.count, 0);
    assert_int_equal(rules.len, 3);
    const pl_rule *r = rules.items[0];
    assert_string_equal(r->id, "ACME001");
    assert_string_equal(r->name, "no-curl-pipe-shell");
    assert_int_equal(r->severity, PL_SEV_ERROR);
    assert_int_equal(r->kind, PL_KIND_DOCKERFILE);
    assert_true(pl_rule_is_pack(r));
    assert_false(pl_rule_is_pack(&pl_rules[0]));
    assert_int_equal(((const pl_rule *)rules.items[2])->kind, PL_KIND_DOCKERIGNORE);
    pl_pack_free(&rules);
    pl_arena_free(a);
}

static void test_errors_have_positions(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_vec rules = {0};
    pl_diag_list diags = {0};
    const char *p = write_tmp("bad.yaml", "- id: X1\n"
                                          "  name: x-one\n"
                                          "  title: T\n"
                                          "  pattern: 'a(b'\n"
                                          "- id: PL1001\n"
                                          "  name: x-two\n"
                                          "  title: T\n"
                                          "  pattern: a\n"
                                          "  colour: red\n");
    assert_int_equal(pl_pack_load(a, p, &rules, &diags), -1);
    assert_int_equal(rules.len, 0);
    const pl_diag *d = diags.head;
    assert_non_null(d);
    assert_int_equal(d->span.line, 4);
    assert_int_equal(d->span.col, 12);
    assert_non_null(strstr(d->message, "bad pattern"));
    d = d->next;
    assert_non_null(d);
    assert_int_equal(d->span.line, 9);
    assert_non_null(strstr(d->message, "unknown key 'colour'"));
    d = d->next;
    assert_non_null(d);
    assert_int_equal(d->span.line, 5);
    assert_non_null(strstr(d->message, "id 'PL1001' is already used"));
    pl_arena_free(a);
}

static void test_missing_pack(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_vec rules = {0};
    pl_diag_list diags = {0};
    assert_int_equal(pl_pack_load(a, "tests/packs/none.yaml", &rules, &diags), -1);
    assert_non_null(strstr(diags.head->message, "no such rule pack"));
    pl_arena_free(a);
}

/* Runs the pack's rules on one Dockerfile; returns the findings vector. */
static void test_matching(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_options o = {0};
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = a;
    ws.opts = &o;
    ws.config = &cfg;
    pl_diag_list diags = {0};
    assert_int_equal(pl_pack_load(a, "tests/packs/acme.yaml", &ws.pack_rules, &diags), 0);
    const char *sel[] = {"ACME001", "require-team-label"};
    o.select.items = sel;
    o.select.n = 2;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);

    static const char text[] = "FROM alpine:3.20\n"
                               "RUN apk add curl\n"
                               "RUN echo x && \\\n"
                               "    wget -qO- https://x.sh | sh\n"
                               "# plimsoll ignore=ACME001\n"
                               "RUN curl https://y.sh | bash\n";
    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = "Dockerfile";
    f.kind = PL_KIND_DOCKERFILE;
    f.report = 1;
    f.ws = &ws;
    f.data = text;
    f.len = sizeof text - 1;
    pl_engine_check_file(&f);
    int standing = 0, suppressed = 0;
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (fd->suppressed_by) {
            suppressed++;
            assert_string_equal(fd->rule->id, "ACME001");
            assert_int_equal(fd->span.line, 6);
            continue;
        }
        standing++;
        if (!strcmp(fd->rule->id, "ACME001")) {
            assert_int_equal(fd->span.line, 4);
            assert_int_equal(fd->span.col, 5);
        } else {
            assert_string_equal(fd->rule->id, "ACME002");
            assert_int_equal(fd->span.line, 1);
        }
    }
    assert_int_equal(standing, 2);
    assert_int_equal(suppressed, 1);
    /* only the selected rules have results */
    assert_int_equal(f.results.len, 2);
    pl_arena_free(f.arena);
    pl_pack_free(&ws.pack_rules);
    pl_arena_free(a);
}

/* kind: requirements — patterns see each requirement as `name<specifier>`
 * with the name in PEP 503 form. */
static void test_requirements_pack(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_options o = {0};
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = a;
    ws.opts = &o;
    ws.config = &cfg;
    pl_diag_list diags = {0};
    assert_int_equal(pl_pack_load(a, "tests/packs/python-deps.yaml", &ws.pack_rules, &diags), 0);
    assert_int_equal(((const pl_rule *)ws.pack_rules.items[0])->kind, PL_KIND_REQUIREMENTS);
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);
    static const char text[] = "flask==3.0.3\n"
                               "PyYAML==5.3.1 ; python_version >= \"3.8\"\n"
                               "pyyaml==5.4.1\n";
    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = "requirements.txt";
    f.kind = PL_KIND_REQUIREMENTS;
    f.report = 1;
    f.ws = &ws;
    f.data = text;
    f.len = sizeof text - 1;
    pl_engine_check_file(&f);
    int old = 0, missing = 0;
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (!strcmp(fd->rule->id, "PYDEP001")) {
            old++;
            assert_int_equal(fd->span.line, 2);
            assert_int_equal(fd->span.col, 1);
        } else if (!strcmp(fd->rule->id, "PYDEP002")) {
            missing++;
            assert_int_equal(fd->span.line, 1);
        }
    }
    assert_int_equal(old, 1);
    assert_int_equal(missing, 1);
    pl_arena_free(f.arena);
    pl_pack_free(&ws.pack_rules);
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_example_pack),
        cmocka_unit_test(test_errors_have_positions),
        cmocka_unit_test(test_missing_pack),
        cmocka_unit_test(test_matching),
        cmocka_unit_test(test_requirements_pack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
