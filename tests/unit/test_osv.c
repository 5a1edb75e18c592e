/* test_osv.c — OSV records read offline (directory, .zip), the affected-
 * version test, and the requirements-vulnerable rule. */
#include "testutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/osv.h"
#include "plimsoll/workspace.h"

static pl_pep440 ver(pl_arena *a, const char *s)
{
    pl_pep440 v;
    assert_int_equal(pl_pep440_parse(a, s, strlen(s), &v), 0);
    return v;
}

/* "ID fixed|-" for each advisory affecting name==version, space-separated. */
static const char *hits(pl_arena *a, const pl_osv_db *db, const char *name, const char *version)
{
    pl_pep440 v = ver(a, version);
    pl_osv_hit h[8];
    int n = pl_osv_affected(a, db, name, &v, h, 8);
    const char *out = "";
    for (int i = 0; i < n; i++)
        out = pl_arena_printf(a, "%s%s%s %s%s", out, i ? " " : "", h[i].id, h[i].fixed ? h[i].fixed : "-",
                              h[i].by_versions_list ? " (listed)" : "");
    return out;
}

static void check_test_records(pl_arena *a, const pl_osv_db *db)
{
    /* introduced 2.3.0, fixed 2.31.0 */
    assert_string_equal(hits(a, db, "requests", "2.25.0"), "GHSA-test-0001 2.31.0");
    assert_string_equal(hits(a, db, "Requests", "2.3.0"), "GHSA-test-0001 2.31.0");
    assert_string_equal(hits(a, db, "requests", "2.31.0"), "");
    assert_string_equal(hits(a, db, "requests", "2.2.1"), "");
    assert_string_equal(hits(a, db, "requests", "2.31.0rc1"), "GHSA-test-0001 2.31.0");
    /* last_affected 5.3.1: 5.3.1 is, 5.3.1.post1 and 5.4 are not; no fix */
    assert_string_equal(hits(a, db, "pyyaml", "5.3.1"), "PYSEC-test-0003 -");
    assert_string_equal(hits(a, db, "PyYAML", "5.1"), "PYSEC-test-0003 -");
    assert_string_equal(hits(a, db, "pyyaml", "5.3.1.post1"), "");
    assert_string_equal(hits(a, db, "pyyaml", "5.0.9"), "");
    /* a versions list, names in any PEP 503 spelling */
    assert_string_equal(hits(a, db, "Django_Foo", "1.1"), "GHSA-test-0004 - (listed)");
    assert_string_equal(hits(a, db, "django-foo", "1.1.0"), "GHSA-test-0004 - (listed)");
    assert_string_equal(hits(a, db, "django.foo", "1.2"), "");
    /* two spans in one range, events written out of order; a GIT range ignored */
    assert_string_equal(hits(a, db, "urllib3", "1.20"), "GHSA-test-0005 1.24.2");
    assert_string_equal(hits(a, db, "urllib3", "1.24.2"), "");
    assert_string_equal(hits(a, db, "urllib3", "1.26.18"), "");
    assert_string_equal(hits(a, db, "urllib3", "2.0.5"), "GHSA-test-0005 2.0.6");
    assert_string_equal(hits(a, db, "urllib3", "2.0.6"), "");
    assert_string_equal(hits(a, db, "urllib3", "0.9"), "");
    /* withdrawn, and another ecosystem's package of the same name */
    assert_string_equal(hits(a, db, "flask", "2.0.0"), "");
    assert_false(pl_osv_knows(db, "Flask"));
    assert_true(pl_osv_knows(db, "PYYAML"));
}

static void test_directory(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *err = NULL;
    pl_osv_db *db = pl_osv_load(a, "tests/advisories/osv", &err);
    assert_non_null(db);
    const pl_osv_stats *st = pl_osv_stats_of(db);
    assert_int_equal(st->records, 6);
    assert_int_equal(st->advisories, 4);
    assert_int_equal(st->withdrawn, 1);
    assert_int_equal(st->packages, 4);
    assert_int_equal(st->unreadable, 1);
    assert_string_equal(st->first_problem, "tests/advisories/osv/broken.json:2: not valid JSON");
    check_test_records(a, db);
    pl_arena_free(a);
}

static void test_zip(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *err = NULL;
    pl_osv_db *db = pl_osv_load(a, "tests/advisories/pypi.zip", &err);
    assert_non_null(db);
    const pl_osv_stats *st = pl_osv_stats_of(db);
    /* one member stored, four deflated; README.txt is not a .json member */
    assert_int_equal(st->records, 5);
    assert_int_equal(st->advisories, 4);
    assert_int_equal(st->withdrawn, 1);
    assert_int_equal(st->unreadable, 0);
    pl_osv_db *dir = pl_osv_load(a, "tests/advisories/osv/PyPI", &err);
    assert_int_equal(pl_osv_stats_of(dir)->records, 5);
    check_test_records(a, db);
    pl_arena_free(a);
}

typedef struct {
    int ok, bad;
    char why[128];
} member_count;

static void count_member(void *ud, const char *name, const char *data, size_t len, const char *why)
{
    (void)name;
    (void)len;
    member_count *m = ud;
    if (data) {
        m->ok++;
    } else {
        m->bad++;
        snprintf(m->why, sizeof m->why, "%s", why);
    }
}

/* A damaged archive: a flipped byte in deflated data is that member's
 * error (the others still read); a cut or foreign file is the archive's. */
static void test_zip_damage(void **state)
{
    (void)state;
    size_t len;
    char *zip = tu_read_file("tests/advisories/pypi.zip", &len);
    assert_non_null(zip);
    const char *err = NULL;
    member_count m = {0};
    assert_int_equal(pl_zip_each((unsigned char *)zip, len, 1 << 20, count_member, &m, &err), 7);
    assert_int_equal(m.ok, 6);
    assert_int_equal(m.bad, 0);

    /* the member limit */
    memset(&m, 0, sizeof m);
    assert_int_equal(pl_zip_each((unsigned char *)zip, len, 400, count_member, &m, &err), 7);
    assert_int_equal(m.bad, 2);
    assert_string_equal(m.why, "member larger than the limit");

    /* damage the second (deflated) member's data: after its local header */
    char *bad = malloc(len);
    memcpy(bad, zip, len);
    const char *second = NULL;
    for (size_t i = 1; i + 4 < len && !second; i++)
        if (!memcmp(bad + i, "PK\3\4", 4) && !memcmp(bad + i + 30, "GHSA-test-0004.json", 19))
            second = bad + i;
    assert_non_null(second);
    bad[(second - bad) + 30 + 19 + 20] ^= 0x55;
    memset(&m, 0, sizeof m);
    assert_int_equal(pl_zip_each((unsigned char *)bad, len, 1 << 20, count_member, &m, &err), 7);
    assert_int_equal(m.ok, 5);
    assert_int_equal(m.bad, 1);
    assert_true(!strcmp(m.why, "CRC-32 mismatch") || !strcmp(m.why, "corrupt deflate data"));

    /* cut before the end of central directory, and not a zip at all */
    assert_int_equal(pl_zip_each((unsigned char *)zip, len - 30, 1 << 20, count_member, &m, &err), -1);
    assert_string_equal(err, "not a zip archive (no end of central directory)");
    assert_int_equal(pl_zip_each((const unsigned char *)"PK", 2, 1 << 20, count_member, &m, &err), -1);
    assert_string_equal(err, "not a zip archive (too short)");
    /* a central directory said to start past the end */
    memcpy(bad, zip, len);
    bad[len - 22 + 16] = (char)0xff;
    bad[len - 22 + 17] = (char)0x7f;
    assert_int_equal(pl_zip_each((unsigned char *)bad, len, 1 << 20, count_member, &m, &err), -1);
    assert_string_equal(err, "central directory outside the archive");

    pl_arena *a = pl_arena_new();
    assert_null(pl_osv_load(a, "tests/advisories/requirements.txt", &err));
    assert_string_equal(err, "not a zip archive (no end of central directory)");
    assert_null(pl_osv_load(a, "tests/advisories/none", &err));
    assert_string_equal(err, "no such file or directory");
    pl_arena_free(a);
    free(bad);
    free(zip);
}

/* ---- the rule ------------------------------------------------------------------ */

typedef struct {
    pl_arena *a;
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    pl_file f;
} rule_run;

static rule_run *run_rule(const pl_osv_db *db, const char *text)
{
    rule_run *r = calloc(1, sizeof *r);
    r->a = pl_arena_new();
    pl_config_init(&r->cfg);
    static const char *sel[] = {"requirements-vulnerable"};
    r->o.select.items = sel;
    r->o.select.n = 1;
    r->ws.arena = r->a;
    r->ws.opts = &r->o;
    r->ws.config = &r->cfg;
    r->ws.advisories = db;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&r->ws, &err), 0);
    r->f.arena = pl_arena_new();
    r->f.path = "requirements.txt";
    r->f.kind = PL_KIND_REQUIREMENTS;
    r->f.report = 1;
    r->f.ws = &r->ws;
    r->f.data = text;
    r->f.len = strlen(text);
    pl_engine_check_file(&r->f);
    return r;
}

static void rule_run_free(rule_run *r)
{
    pl_arena_free(r->f.arena);
    pl_arena_free(r->a);
    free(r);
}

static const char *findings(rule_run *r)
{
    const char *out = "";
    for (size_t i = 0; i < r->f.findings.len; i++) {
        const pl_finding *fd = r->f.findings.items[i];
        out = pl_arena_printf(r->a, "%s%d:%d %s | %s\n", out, fd->span.line, fd->span.col, fd->message,
                              fd->fix);
    }
    return out;
}

static const pl_result *result(rule_run *r)
{
    assert_int_equal(r->f.results.len, 1);
    return r->f.results.items[0];
}

static void test_rule(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *err = NULL;
    pl_osv_db *db = pl_osv_load(a, "tests/advisories/pypi.zip", &err);
    size_t len;
    char *text = tu_read_file("tests/advisories/requirements.txt", &len);
    rule_run *r = run_rule(db, text);
    assert_string_equal(
        findings(r),
        "1:1 requests 2.25.0 is affected by GHSA-test-0001 (CVE-2023-32681), fixed in 2.31.0 | "
        "Upgrade to 2.31.0 or later, the first version the advisory gives as fixed.\n"
        "3:1 pyyaml 5.3.1 is affected by PYSEC-test-0003 (CVE-2099-0003, GHSA-test-0003), no fixed "
        "version known | No fixed version is known: replace pyyaml, or record the accepted risk with "
        "`# plimsoll ignore=requirements-vulnerable` above the line.\n"
        "5:1 django-foo 1.1 is affected by GHSA-test-0004, no fixed version known | No fixed version is "
        "known: replace django-foo, or record the accepted risk with `# plimsoll "
        "ignore=requirements-vulnerable` above the line.\n"
        "6:1 urllib3>=1.20,<2 allows 1.20, which is affected by GHSA-test-0005 (CVE-2099-0005), fixed in "
        "1.24.2 | Upgrade to 1.24.2 or later, the first version the advisory gives as fixed.\n");
    assert_int_equal(result(r)->status, PL_STATUS_FAIL);
    rule_run_free(r);
    free(text);

    /* nothing affected: the pass says what was looked up and what was not */
    r = run_rule(db, "requests==2.32.3\nurllib3~=2.0.6\nnumpy\nlib @ https://example.invalid/lib.whl\n");
    assert_string_equal(findings(r), "");
    assert_int_equal(result(r)->status, PL_STATUS_PASS);
    assert_string_equal(result(r)->evidence,
                        "2 requirements looked up in 4 PyPI advisories; 1 without a pinned or lowest "
                        "version, not judged");
    rule_run_free(r);

    /* only unpinned requirements: a skip, never a pass */
    r = run_rule(db, "requests\nurllib3<2\npyyaml>5.3\n");
    assert_string_equal(findings(r), "");
    assert_int_equal(result(r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(r)->evidence, "no pinned or lower-bounded requirement to look up; 3 "
                                             "without a pinned or lowest version, not judged");
    rule_run_free(r);

    /* two advisories on one line: both named, the fix is the higher first fix */
    pl_osv_db *two = pl_osv_new(a);
    static const char a1[] = "{\"id\":\"A-1\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\","
                             "\"name\":\"lib\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":"
                             "[{\"introduced\":\"0\"},{\"fixed\":\"1.2\"}]}]}]}";
    assert_int_equal(pl_osv_add_json(two, "a.json", a1, sizeof a1 - 1), 0);
    static const char b1[] = "{\"id\":\"B-2\",\"aliases\":[\"CVE-1\"],\"affected\":[{\"package\":{"
                             "\"ecosystem\":\"PyPI\",\"name\":\"Lib\"},\"ranges\":[{\"type\":"
                             "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.0.5\"},"
                             "{\"introduced\":\"1.1\"},{\"fixed\":\"1.3\"}]}]}]}";
    assert_int_equal(pl_osv_add_json(two, "b.json", b1, sizeof b1 - 1), 0);
    assert_int_equal(pl_osv_add_json(two, "c.json", "[1]", 3), -1);
    r = run_rule(two, "lib==1.1.4\n");
    assert_string_equal(findings(r), "1:1 lib 1.1.4 is affected by 2 advisories: A-1, fixed in 1.2; B-2 "
                                     "(CVE-1), fixed in 1.3 | Pin 1.3 or later (the highest first fixed "
                                     "version among them), and re-check against the advisories.\n");
    rule_run_free(r);

    /* without --advisories the checklist line is a skip that says so */
    r = run_rule(NULL, "requests==2.25.0\n");
    assert_string_equal(findings(r), "");
    assert_int_equal(result(r)->status, PL_STATUS_SKIP);
    assert_string_equal(result(r)->evidence,
                        "no advisories given (--advisories PATH, or advisories: in .plimsoll.yaml)");
    rule_run_free(r);
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_zip_damage),
        cmocka_unit_test(test_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
