/* test_requirements.c — pip's requirements format: lines, continuations,
 * comments, options, PEP 508 forms, what pip refuses (with positions), and
 * the loader that follows -r/-c. */
#include "testutil.h"

#include "plimsoll/requirements.h"

static pl_reqfile *parse(pl_arena *a, const char *text)
{
    return pl_req_parse(a, "requirements.txt", text, strlen(text));
}

static void test_forms(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_reqfile *rf = parse(a, "# top\n"
                              "Flask[async, dotenv] >= 2.0, <3 ; python_version < \"3.12\"\n"
                              "pkg @ https://example.com/pkg.tar.gz ; os_name == 'nt'\n"
                              "git+https://github.com/a/b.git@v1#egg=bpkg\n"
                              "-e .[dev]\n"
                              "./wheels/foo_bar-1.0-py3-none-any.whl\n");
    assert_int_equal(rf->diags.count, 0);
    assert_int_equal(rf->nreqs, 5);
    const pl_req *r = rf->reqs[0];
    assert_int_equal(r->line, 2);
    assert_string_equal(r->name, "Flask");
    assert_int_equal(r->nextras, 2);
    assert_string_equal(r->extras[1], "dotenv");
    assert_string_equal(r->specifier, ">=2.0,<3");
    assert_string_equal(r->marker, "python_version < \"3.12\"");
    assert_null(r->url);
    r = rf->reqs[1];
    assert_string_equal(r->name, "pkg");
    assert_string_equal(r->url, "https://example.com/pkg.tar.gz");
    assert_string_equal(r->marker, "os_name == 'nt'");
    r = rf->reqs[2];
    assert_string_equal(r->name, "bpkg");
    assert_true(r->is_vcs);
    r = rf->reqs[3];
    assert_true(r->editable);
    assert_true(r->is_local);
    assert_string_equal(r->url, ".");
    assert_string_equal(r->extras[0], "dev");
    r = rf->reqs[4];
    assert_string_equal(r->name, "foo-bar");
    assert_string_equal(r->specifier, "==1.0");
    pl_arena_free(a);
}

static void test_continuations_and_comments(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_reqfile *rf = parse(a, "\xEF\xBB\xBF"
                              "requests==2.31.0 \\\r\n"
                              "    --hash=sha256:aaaa \\\r\n"
                              "    --hash=sha256:bbbb  # why\r\n"
                              "# a comment \\\n"
                              "six==1.16.0\n"
                              "https://example.com/a.tar.gz#sha256=dead\n"
                              "trailing==1 \\");
    assert_int_equal(rf->diags.count, 0);
    assert_int_equal(rf->nreqs, 4);
    assert_int_equal(rf->reqs[0]->line, 1);
    assert_int_equal(rf->reqs[0]->nhashes, 2);
    assert_string_equal(rf->reqs[0]->hashes[1], "sha256:bbbb");
    assert_int_equal(rf->reqs[0]->hash_spans[1].line, 3);
    assert_int_equal(rf->reqs[0]->hash_spans[1].col, 12);
    assert_int_equal(rf->reqs[1]->line, 5);
    assert_string_equal(rf->reqs[2]->url, "https://example.com/a.tar.gz#sha256=dead");
    assert_int_equal(rf->reqs[3]->line, 7);
    pl_arena_free(a);
}

static void test_options(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_reqfile *rf = parse(a, "-i https://pypi.example.com/simple\n"
                              "--extra https://extra.example.com\n"
                              "--pre\n"
                              "-rbase.txt\n"
                              "--constraint \"c file.txt\"\n"
                              "-r a.txt -r b.txt\n"
                              "--hash=sha256:lonely\n");
    assert_int_equal(rf->diags.errors, 0);
    assert_int_equal(rf->diags.count, 1); /* the --hash warning */
    assert_int_equal(rf->noptions, 3);
    assert_string_equal(rf->options[0].name, "--index-url");
    assert_string_equal(rf->options[1].name, "--extra-index-url");
    assert_string_equal(rf->options[1].value, "https://extra.example.com");
    assert_null(rf->options[2].value);
    assert_int_equal(rf->nincludes, 3);
    assert_string_equal(rf->includes[0].path, "base.txt");
    assert_string_equal(rf->includes[1].option, "-c");
    assert_string_equal(rf->includes[1].path, "c file.txt");
    assert_string_equal(rf->includes[2].path, "a.txt"); /* pip follows the first only */
    pl_arena_free(a);
}

typedef struct {
    const char *text;
    int line, col;
} refused;

static void test_refused(void **state)
{
    (void)state;
    static const refused cases[] = {
        {"foo>=1.0 <2\n", 1, 4},
        {"x#y==1.0\n", 1, 2}, /* '#' after no whitespace is not a comment */
        {"ok==1\nbar = 1.0\n", 2, 5},
        {"qux[\n", 1, 4},
        {"quux[a,]\n", 1, 8},
        {"z ; bogus == '1'\n", 1, 5},
        {"s @ notaurl\n", 1, 5},
        {"--unknown\n", 1, 1},
        {"--pre=1\n", 1, 1},
        {"-r\n", 1, 1},
        {"pkg==1 --hash=md5:abc\n", 1, 15},
        {"pkg==1 --hash=abc\n", 1, 15},
        {"--index-url \"unclosed\n", 1, 13},
        {"-e git+https://github.com/a/e.git@main\n", 1, 4},
        {"-e https://example.com/x.tar.gz\n", 1, 4},
        {"https://files.example.com/bad.whl\n", 1, 27},
        {"pkg9>=1.0.*\n", 1, 5},
        {"a==1 \\\n  --config-settings=kv\n", 2, 21},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_arena *a = pl_arena_new();
        pl_reqfile *rf = parse(a, cases[i].text);
        const pl_diag *d = rf->diags.head;
        if (!d || d->level != PL_DIAG_ERROR || d->span.line != cases[i].line ||
            d->span.col != cases[i].col)
            fail_msg("%s: expected an error at %d:%d, got %d:%d %s", cases[i].text, cases[i].line,
                     cases[i].col, d ? d->span.line : 0, d ? d->span.col : 0,
                     d ? d->message : "(none)");
        pl_arena_free(a);
    }
}

static void test_variables(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_reqfile *rf = parse(a, "${PKG}==1\n"
                              "git+https://${TOKEN}@github.com/o/p.git@v1#egg=p\n"
                              "$notavar==1\n");
    assert_int_equal(rf->nreqs, 2);
    assert_true(rf->reqs[0]->has_variable);
    assert_null(rf->reqs[0]->name);
    assert_true(rf->reqs[1]->has_variable);
    assert_string_equal(rf->reqs[1]->name, "p");
    assert_int_equal(rf->diags.errors, 1); /* `$notavar` is not expanded by pip */
    assert_int_equal(rf->diags.head->span.line, 3);
    pl_arena_free(a);
}

static const char *fake_read(void *ud, const char *path, size_t *len)
{
    (void)ud;
    static const char *const files[][2] = {
        {"reqs/base.txt", "six==1.16.0\n-c ../constraints.txt\n-r requirements.txt\n"},
        {"constraints.txt", "six<2\n"},
        {"reqs/requirements.txt", "loop==1\n"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!strcmp(files[i][0], path)) {
            *len = strlen(files[i][1]);
            return files[i][1];
        }
    return NULL;
}

static void test_loader(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *root = "first==1\n-r base.txt\n-r missing.txt\n-r https://x/y.txt\nlast==2\n";
    pl_req_set *set = pl_req_load(a, "reqs/requirements.txt", root, strlen(root), fake_read, NULL, 16);
    assert_int_equal(set->nfiles, 5);
    assert_string_equal(set->files[1].path, "reqs/base.txt");
    assert_string_equal(set->files[2].path, "constraints.txt");
    assert_true(set->files[2].constraint);
    assert_non_null(set->files[3].why_not);
    assert_string_equal(set->files[3].path, "reqs/missing.txt");
    assert_int_equal(set->cycles, 1);
    assert_int_equal(set->nreqs, 4);
    assert_string_equal(set->reqs[0]->name, "first");
    assert_string_equal(set->reqs[1]->name, "six");
    assert_string_equal(set->reqs[2]->name, "six");
    assert_true(set->reqs[2]->constraint);
    assert_string_equal(set->reqs[3]->name, "last");
    assert_string_equal(pl_req_join(a, "a/b/c.txt", "../../../d.txt"), "../d.txt");
    assert_string_equal(pl_req_join(a, "c.txt", "./x/./y.txt"), "x/y.txt");
    assert_string_equal(pl_req_canonical_name(a, "Foo__Bar.baz"), "foo-bar-baz");
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),    cmocka_unit_test(test_continuations_and_comments),
        cmocka_unit_test(test_options),  cmocka_unit_test(test_refused),
        cmocka_unit_test(test_variables), cmocka_unit_test(test_loader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
