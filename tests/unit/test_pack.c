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

/* ---- running a pack on one file ----------------------------------------------- */

typedef struct {
    pl_arena *a;
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    pl_file f;
} pack_run;

/* Loads `pack`, checks `text` as a file of `kind` named `path`. */
static pack_run *run_pack(const char *pack, pl_file_kind kind, const char *path, const char *text)
{
    pack_run *r = calloc(1, sizeof *r);
    r->a = pl_arena_new();
    pl_config_init(&r->cfg);
    r->ws.arena = r->a;
    r->ws.opts = &r->o;
    r->ws.config = &r->cfg;
    pl_diag_list diags = {0};
    assert_int_equal(pl_pack_load(r->a, pack, &r->ws.pack_rules, &diags), 0);
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&r->ws, &err), 0);
    r->f.arena = pl_arena_new();
    r->f.path = path;
    r->f.kind = kind;
    r->f.report = 1;
    r->f.ws = &r->ws;
    r->f.data = text;
    r->f.len = strlen(text);
    pl_engine_check_file(&r->f);
    return r;
}

static void pack_run_free(pack_run *r)
{
    pl_arena_free(r->f.arena);
    pl_pack_free(&r->ws.pack_rules);
    pl_arena_free(r->a);
    free(r);
}

/* The findings of rule `id`, as "line:col message" lines. */
static const char *findings_of(pack_run *r, const char *id)
{
    static char out[2048];
    out[0] = '\0';
    for (size_t i = 0; i < r->f.findings.len; i++) {
        const pl_finding *fd = r->f.findings.items[i];
        if (strcmp(fd->rule->id, id))
            continue;
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%d:%d %s\n", fd->span.line, fd->span.col, fd->message);
    }
    return out;
}

static const pl_result *result_of(pack_run *r, const char *id)
{
    for (size_t i = 0; i < r->f.results.len; i++) {
        const pl_result *res = r->f.results.items[i];
        if (!strcmp(res->rule->id, id))
            return res;
    }
    return NULL;
}

/* kind: compose — values at a key path, at their own line and column; a
 * value an anchor gives two services is judged once; a long-form port (a
 * mapping) is not a scalar and is not matched; list and map environments. */
static void test_compose_pack(void **state)
{
    (void)state;
    static const char text[] = "x-base: &base\n"
                               "  image: nginx:1.27\n"
                               "services:\n"
                               "  web:\n"
                               "    <<: *base\n"
                               "    ports:\n"
                               "      - \"8080:80\"\n"
                               "      - 2222:22\n"
                               "      - target: 22\n"
                               "        published: 22\n"
                               "    environment:\n"
                               "      DATABASE_URL: postgres://app:s3cret@db/app\n"
                               "      MODE: prod\n"
                               "  worker:\n"
                               "    <<: *base\n"
                               "    environment:\n"
                               "      - CACHE_URL=redis://:pw@cache:6379\n"
                               "      - LEVEL=info\n"
                               "  api:\n"
                               "    image: registry.acme.io/api:1.2\n";
    pack_run *r = run_pack("tests/packs/acme-compose.yaml", PL_KIND_COMPOSE, "compose.yaml", text);
    assert_string_equal(findings_of(r, "ACMEC001"),
                        "2:10 the image does not come from registry.acme.io "
                        "(services.web.image: nginx:1.27)\n");
    assert_string_equal(findings_of(r, "ACMEC002"),
                        "8:9 port 22 is published (services.web.ports[1]: 2222:22)\n");
    assert_string_equal(findings_of(r, "ACMEC003"),
                        "12:21 a URL in the environment carries a password "
                        "(services.web.environment.DATABASE_URL: postgres://app:s3cret@db/app)\n"
                        "17:9 a URL in the environment carries a password "
                        "(services.worker.environment[0]: CACHE_URL=redis://:pw@cache:6379)\n");
    pack_run_free(r);

    /* every image from the registry: the must-match rule passes and says how
     * many values it checked; a file with no port passes the others */
    r = run_pack("tests/packs/acme-compose.yaml", PL_KIND_COMPOSE, "compose.yaml",
                 "services:\n  a:\n    image: registry.acme.io/a:1\n"
                 "  b:\n    image: registry.acme.io/b:2\n");
    assert_string_equal(findings_of(r, "ACMEC001"), "");
    const pl_result *res = result_of(r, "ACMEC001");
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_PASS);
    assert_string_equal(res->evidence, "2 of 2 checked match");
    res = result_of(r, "ACMEC002");
    assert_int_equal(res->status, PL_STATUS_PASS);
    assert_string_equal(res->evidence, "no match in 0 checked");
    pack_run_free(r);

    /* YAML that does not parse is a skip, not a pass */
    r = run_pack("tests/packs/acme-compose.yaml", PL_KIND_COMPOSE, "compose.yaml",
                 "services: [\n");
    res = result_of(r, "ACMEC001");
    assert_int_equal(res->status, PL_STATUS_SKIP);
    pack_run_free(r);
}

/* kind: requirements — `package` chooses requirements by PEP 503 name;
 * `specifier` must match for each chosen one (must-match); a rule with
 * only `package` bans the package. */
static void test_requirements_package_rules(void **state)
{
    (void)state;
    static const char text[] = "requests>=2.0\n"
                               "\n"
                               "PyCrypto==2.6.1 \\\n"
                               "    --hash=sha256:aaaa\n"
                               "Requests==2.31.0\n"
                               "flask\n";
    pack_run *r = run_pack("tests/packs/python-deps.yaml", PL_KIND_REQUIREMENTS, "requirements.txt",
                           text);
    assert_string_equal(findings_of(r, "PYDEP003"),
                        "3:1 pycrypto is unmaintained; use pycryptodome\n");
    assert_string_equal(findings_of(r, "PYDEP004"),
                        "1:1 requests must be pinned with == (requests>=2.0)\n");
    assert_string_equal(findings_of(r, "PYDEP002"), "1:1 no pinned gunicorn among the requirements\n");
    assert_string_equal(findings_of(r, "PYDEP001"), "");
    pack_run_free(r);
}

/* must-match on Dockerfile instructions: every FROM names the registry. */
static void test_dockerfile_must_match(void **state)
{
    (void)state;
    const char *pack = write_tmp("from.yaml", "- id: REG001\n"
                                              "  name: from-acme-registry\n"
                                              "  title: Base images come from registry.acme.io\n"
                                              "  instructions: [FROM]\n"
                                              "  pattern: '^FROM\\s+(--\\S+\\s+)*(registry\\.acme\\.io/|\\w+$)'\n"
                                              "  must-match: true\n");
    char path[256];
    snprintf(path, sizeof path, "%s", pack);
    pack_run *r = run_pack(path, PL_KIND_DOCKERFILE, "Dockerfile",
                           "FROM registry.acme.io/base:1 AS build\n"
                           "RUN make\n"
                           "FROM alpine:3.20\n"
                           "FROM build\n");
    assert_string_equal(findings_of(r, "REG001"), "3:1 Base images come from registry.acme.io\n");
    pack_run_free(r);
}

/* Each bad key of a compose or requirements rule is an error at its own
 * line and column. */
static void test_kind_errors(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_vec rules = {0};
    pl_diag_list diags = {0};
    const char *p = write_tmp("badkinds.yaml", "- id: C1\n"
                                               "  name: c-one\n"
                                               "  title: T\n"
                                               "  kind: compose\n"
                                               "  path: services.*.ports[x]\n"
                                               "  pattern: a\n"
                                               "- id: C2\n"
                                               "  name: c-two\n"
                                               "  title: T\n"
                                               "  kind: compose\n"
                                               "  pattern: a\n"
                                               "- id: R1\n"
                                               "  name: r-one\n"
                                               "  title: T\n"
                                               "  kind: requirements\n"
                                               "  package: '^x('\n"
                                               "- id: D1\n"
                                               "  name: d-one\n"
                                               "  title: T\n"
                                               "  path: services.*.image\n"
                                               "  pattern: a\n"
                                               "  require: true\n"
                                               "  must-match: true\n");
    assert_int_equal(pl_pack_load(a, p, &rules, &diags), -1);
    assert_int_equal(rules.len, 0);
    char got[2048] = "";
    for (const pl_diag *d = diags.head; d; d = d->next) {
        size_t n = strlen(got);
        const char *msg = strstr(d->message, ": ") + 2;
        snprintf(got + n, sizeof got - n, "%d:%d %s\n", d->span.line, d->span.col, msg);
    }
    assert_string_equal(got, "5:9 bad path at offset 17: inside [ ] goes * or an item number\n"
                             "7:3 a compose rule needs a path (services.*.image)\n"
                             "16:12 bad package at offset 3: missing closing parenthesis\n"
                             "20:9 'path' is for kind compose\n"
                             "22:12 'require' (one match somewhere) and 'must-match' (every item "
                             "matches) exclude each other\n");
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
        cmocka_unit_test(test_compose_pack),
        cmocka_unit_test(test_requirements_package_rules),
        cmocka_unit_test(test_dockerfile_must_match),
        cmocka_unit_test(test_kind_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
