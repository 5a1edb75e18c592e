/* test_ignore.c — .dockerignore reading and matching: every row of the
 * patternmatcher conformance vectors, ReadAll's line rules, diagnostics with
 * their positions, precedence, the walker's incremental form, Go's Clean and
 * filepath.Match. */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "plimsoll/ignore.h"

/* ---- helpers --------------------------------------------------------------- */

static pl_ignorefile *parse_text(pl_arena *a, const char *text)
{
    return pl_ignore_parse(a, ".dockerignore", text, strlen(text));
}

static pl_ignorefile *from_list(pl_arena *a, const char *const *lines, int n)
{
    return pl_ignore_from_patterns(a, lines, n);
}

static int excluded(const pl_ignorefile *f, const char *path)
{
    int deciding;
    return pl_ignore_match(f, path, &deciding);
}

static void assert_pattern(const pl_ignore_pattern *p, const char *pattern, int exclusion,
                           int line, int col)
{
    assert_string_equal(p->pattern, pattern);
    assert_int_equal(p->exclusion, exclusion);
    assert_int_equal(p->line, line);
    assert_int_equal(p->col, col);
}

/* ---- conformance vectors ----------------------------------------------------- */

static int run_vector(const cJSON *row, char *why, size_t whylen)
{
    const cJSON *pats = cJSON_GetObjectItemCaseSensitive(row, "patterns");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(row, "path");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(row, "expect");
    if (!cJSON_IsArray(pats) || !cJSON_IsString(path) || !cJSON_IsString(expect)) {
        snprintf(why, whylen, "malformed row");
        return 0;
    }
    int n = cJSON_GetArraySize(pats);
    const char **lines = calloc((size_t)n + 1, sizeof *lines);
    for (int i = 0; i < n; i++)
        lines[i] = cJSON_GetArrayItem(pats, i)->valuestring;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = pl_ignore_from_patterns(a, lines, n);
    int ok;
    if (strcmp(expect->valuestring, "error") == 0) {
        int invalid = 0;
        for (int i = 0; i < f->npatterns; i++)
            invalid |= !f->patterns[i].valid;
        ok = f->diags.errors > 0 && invalid;
        snprintf(why, whylen, "expected an invalid pattern, got %d errors", f->diags.errors);
    } else {
        int want = strcmp(expect->valuestring, "excluded") == 0;
        int got = excluded(f, path->valuestring);
        ok = got == want && f->diags.count == 0;
        snprintf(why, whylen, "expected %s, got %s (%d diagnostics)", expect->valuestring,
                 got ? "excluded" : "included", f->diags.count);
    }
    pl_arena_free(a);
    free(lines);
    return ok;
}

static void test_conformance_vectors(void **state)
{
    (void)state;
    if (!tu_have_shared())
        skip();
    char path[1024];
    snprintf(path, sizeof path, "%s/conformance/dockerignore/vectors.jsonl", tu_shared_dir());
    size_t len;
    char *text = tu_read_file(path, &len);
    assert_non_null(text);
    int total = 0, passed = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *row = cJSON_Parse(line);
        assert_non_null(row);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "id");
        char why[200];
        total++;
        if (run_vector(row, why, sizeof why))
            passed++;
        else
            print_error("dockerignore vector %d failed: %s\n", id ? id->valueint : -1, why);
        cJSON_Delete(row);
    }
    free(text);
    print_message("dockerignore vectors: %d of %d pass\n", passed, total);
    assert_int_equal(total, 138);
    assert_int_equal(passed, total);
}

/* ---- ReadAll ------------------------------------------------------------------- */

static void test_readall_go_example(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n"
                                     "! /inverted/abs/path\n!\n! ");
    assert_int_equal(f->npatterns, 7);
    assert_pattern(&f->patterns[0], "test1", 0, 1, 1);
    assert_pattern(&f->patterns[1], "test2", 0, 2, 1);
    assert_pattern(&f->patterns[2], "a/file/here", 0, 3, 1);
    assert_pattern(&f->patterns[3], "lastfile", 0, 5, 1);
    assert_pattern(&f->patterns[4], "inverted/abs/path", 1, 7, 1);
    assert_string_equal(f->patterns[4].raw, "! /inverted/abs/path");
    assert_true(f->patterns[4].valid);
    assert_pattern(&f->patterns[5], "", 1, 8, 1);
    assert_pattern(&f->patterns[6], "", 1, 9, 1);
    assert_false(f->patterns[5].valid);
    assert_false(f->patterns[6].valid);
    assert_true(f->has_exclusions);
    /* the two bare `!` lines: one error each, at their own line */
    assert_int_equal(f->diags.errors, 2);
    assert_int_equal(f->diags.head->span.line, 8);
    assert_int_equal(f->diags.head->span.col, 1);
    assert_string_equal(f->diags.head->message, "illegal exclusion pattern: \"!\"");
    assert_int_equal(f->diags.tail->span.line, 9);
    /* the other lines still apply */
    assert_true(excluded(f, "test2"));
    assert_true(excluded(f, "a/file/here/x"));
    assert_false(excluded(f, "test3"));
    pl_arena_free(a);
}

static void test_comments_only_at_column_one(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "# comment\n  # x\n\t#tab\nfoo # not a comment\n#\n");
    assert_int_equal(f->npatterns, 3);
    assert_pattern(&f->patterns[0], "# x", 0, 2, 3);
    assert_pattern(&f->patterns[1], "#tab", 0, 3, 2);
    assert_pattern(&f->patterns[2], "foo # not a comment", 0, 4, 1);
    assert_true(excluded(f, "# x"));
    assert_true(excluded(f, "#tab/inner"));
    assert_false(excluded(f, "foo"));
    assert_false(excluded(f, "comment"));
    assert_int_equal(f->diags.count, 0);
    pl_arena_free(a);
}

static void test_trimming_and_exclusion_spaces(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "   spaced   \n! /a/b\n!\t c/d/ \n\xC2\xA0nbsp\xC2\xA0\n");
    assert_int_equal(f->npatterns, 4);
    assert_pattern(&f->patterns[0], "spaced", 0, 1, 4);
    assert_pattern(&f->patterns[1], "a/b", 1, 2, 1);
    assert_pattern(&f->patterns[2], "c/d", 1, 3, 1);
    /* Go's TrimSpace also trims Unicode spaces such as U+00A0 */
    assert_pattern(&f->patterns[3], "nbsp", 0, 4, 3);
    assert_string_equal(f->patterns[0].raw, "   spaced   ");
    assert_int_equal(f->diags.count, 0);
    pl_arena_free(a);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "\xEF\xBB\xBF# comment after BOM\r\nbuild\r\n\r\n  dist \r\n"
                                     "\xEF\xBB\xBFnot-stripped\r\nlast");
    assert_int_equal(f->npatterns, 4);
    assert_pattern(&f->patterns[0], "build", 0, 2, 1);
    assert_string_equal(f->patterns[0].raw, "build");
    assert_pattern(&f->patterns[1], "dist", 0, 4, 3);
    /* only line 1 loses its byte-order mark */
    assert_pattern(&f->patterns[2], "\xEF\xBB\xBFnot-stripped", 0, 5, 1);
    assert_pattern(&f->patterns[3], "last", 0, 6, 1);
    assert_true(excluded(f, "build/x"));
    assert_true(excluded(f, "last"));
    pl_arena_free(a);

    a = pl_arena_new();
    f = parse_text(a, "\xEF\xBB\xBF  first\n");
    assert_int_equal(f->npatterns, 1);
    assert_pattern(&f->patterns[0], "first", 0, 1, 3);
    pl_arena_free(a);
}

static void test_cleaning(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "./a/../b\n/lead\ntrail/\n//x//y//\n/\n.\n../up\n!./keep/./me/\n"
                                     "a/b/../../..\n");
    assert_int_equal(f->npatterns, 9);
    assert_string_equal(f->patterns[0].pattern, "b");
    assert_string_equal(f->patterns[1].pattern, "lead");
    assert_string_equal(f->patterns[2].pattern, "trail");
    assert_string_equal(f->patterns[3].pattern, "x/y");
    assert_string_equal(f->patterns[4].pattern, "/");
    assert_string_equal(f->patterns[5].pattern, ".");
    assert_string_equal(f->patterns[6].pattern, "../up");
    assert_pattern(&f->patterns[7], "keep/me", 1, 8, 1);
    assert_string_equal(f->patterns[8].pattern, "..");
    assert_true(excluded(f, "b"));
    assert_false(excluded(f, "a/b"));
    assert_true(excluded(f, "lead/z"));
    assert_true(excluded(f, "trail"));
    assert_true(excluded(f, "x/y/z"));
    assert_false(excluded(f, "up"));
    assert_int_equal(f->diags.count, 0);
    pl_arena_free(a);

    /* "!/" cleans to "!" once patternmatcher cleans the whole entry */
    a = pl_arena_new();
    f = parse_text(a, "!/\n");
    assert_int_equal(f->npatterns, 1);
    assert_false(f->patterns[0].valid);
    assert_string_equal(f->diags.head->message, "illegal exclusion pattern: \"!\"");
    pl_arena_free(a);
}

static void test_bad_pattern_positions(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "ok\n  [abc\n\t! a\\\n[Local-Only]/\nsrc/[z-a]\n*.log\n");
    assert_int_equal(f->npatterns, 6);
    assert_int_equal(f->diags.errors, 4);
    const pl_diag *d = f->diags.head;
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 3);
    assert_int_equal(d->span.end_col, 6);
    assert_string_equal(d->message, "bad pattern \"[abc\": syntax error in pattern");
    d = d->next;
    assert_int_equal(d->span.line, 3);
    assert_int_equal(d->span.col, 2);
    assert_int_equal(d->span.end_col, 5);
    assert_string_equal(d->message, "bad pattern \"a\\\": syntax error in pattern");
    d = d->next;
    assert_int_equal(d->span.line, 4);
    assert_int_equal(d->span.col, 1);
    assert_int_equal(d->span.end_col, 13);
    assert_string_equal(d->message,
                        "bad pattern \"[Local-Only]\": character class range l-O is reversed "
                        "(docker build fails with \"syntax error in pattern\")");
    d = d->next;
    assert_int_equal(d->span.line, 5);
    assert_int_equal(d->span.col, 1);
    assert_false(f->patterns[4].valid);
    assert_true(f->patterns[0].valid);
    assert_true(f->patterns[5].valid);
    /* valid lines keep working */
    assert_true(excluded(f, "ok"));
    assert_true(excluded(f, "x.log"));
    assert_false(excluded(f, "abc"));
    pl_arena_free(a);
}

static void test_long_line(void **state)
{
    (void)state;
    size_t n = 70000;
    char *text = malloc(n + 16);
    memcpy(text, "first\n", 6);
    memset(text + 6, 'x', n);
    memcpy(text + 6 + n, "\nlast\n", 7);
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = pl_ignore_parse(a, ".dockerignore", text, strlen(text));
    assert_int_equal(f->npatterns, 2);
    assert_int_equal(f->diags.errors, 1);
    assert_int_equal(f->diags.head->span.line, 2);
    assert_string_equal(f->diags.head->message,
                        "line longer than 65535 bytes: docker cannot read this file");
    assert_int_equal(f->patterns[1].line, 3);
    pl_arena_free(a);
    free(text);
}

/* ---- matching -------------------------------------------------------------------- */

static void test_root_never_excluded(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *lines[] = {"**", "*", ".", "**/*"};
    pl_ignorefile *f = from_list(a, lines, 4);
    int deciding = 7;
    assert_false(pl_ignore_match(f, ".", &deciding));
    assert_int_equal(deciding, -1);
    assert_false(pl_ignore_match(f, "", &deciding));
    assert_false(pl_ignore_match(f, "./", &deciding));
    assert_false(pl_ignore_match(f, "a/..", &deciding));
    assert_true(pl_ignore_match(f, "a", &deciding));
    assert_int_equal(deciding, 0);
    pl_arena_free(a);
}

static void test_last_match_decides(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "*.md\n!README*.md\nREADME-secret.md\n");
    int d;
    assert_true(pl_ignore_match(f, "notes.md", &d));
    assert_int_equal(d, 0);
    assert_false(pl_ignore_match(f, "README.md", &d));
    assert_int_equal(d, 1);
    assert_true(pl_ignore_match(f, "README-secret.md", &d));
    assert_int_equal(d, 2);
    assert_false(pl_ignore_match(f, "sub/notes.md", &d));
    assert_int_equal(d, -1);
    pl_arena_free(a);

    a = pl_arena_new();
    f = parse_text(a, "*.md\nREADME-secret.md\n!README*.md\n");
    assert_false(excluded(f, "README-secret.md"));
    assert_false(excluded(f, "README.md"));
    pl_arena_free(a);

    /* user-doc examples */
    a = pl_arena_new();
    f = parse_text(a, "*/temp*\n*/*/temp*\ntemp?\n");
    assert_true(excluded(f, "a/temporary.txt"));
    assert_true(excluded(f, "a/b/temp"));
    assert_false(excluded(f, "temporary"));
    assert_true(excluded(f, "temp1"));
    assert_false(excluded(f, "a/b/c/temp"));
    pl_arena_free(a);
}

static void test_reinclude_under_excluded_dir(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = parse_text(a, "docs\n!docs/README.md\n");
    int d;
    assert_true(pl_ignore_match(f, "docs", &d));
    assert_true(pl_ignore_match(f, "docs/a/b.md", &d));
    assert_int_equal(d, 0);
    assert_false(pl_ignore_match(f, "docs/README.md", &d));
    assert_int_equal(d, 1);
    assert_true(pl_ignore_pattern_matches(f, 0, "docs/x/y"));
    assert_false(pl_ignore_pattern_matches(f, 1, "docs/x"));
    assert_true(pl_ignore_pattern_matches(f, 1, "docs/README.md/inner"));
    assert_false(pl_ignore_pattern_matches(f, 5, "docs"));
    pl_arena_free(a);
}

static void test_regexp_semantics(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *lines[] = {"a[^x]b", "**/n*l", "q/**/z", "m?", "[[:digit:]]x", "\\d\\d", "t\\.c"};
    pl_ignorefile *f = from_list(a, lines, 7);
    assert_int_equal(f->diags.count, 0);
    /* a negated class accepts '/', as Go's regexp does */
    assert_true(pl_ignore_pattern_matches(f, 0, "a/b"));
    /* `.` in the `**` group stops at a newline; `*` does not */
    assert_true(pl_ignore_pattern_matches(f, 1, "d/n\nl"));
    assert_false(pl_ignore_pattern_matches(f, 2, "q/a\nb/z"));
    assert_true(pl_ignore_pattern_matches(f, 2, "q/a/b/z"));
    assert_true(pl_ignore_pattern_matches(f, 2, "q/z"));
    /* `?` is one rune */
    assert_true(pl_ignore_pattern_matches(f, 3, "m\xE2\x98\xBA"));
    assert_false(pl_ignore_pattern_matches(f, 3, "m\xE2\x98"));
    assert_true(pl_ignore_pattern_matches(f, 3, "m\xFF"));
    /* expressions beyond plain globs still mean what RE2 makes of them */
    assert_true(pl_ignore_pattern_matches(f, 4, "7x"));
    assert_false(pl_ignore_pattern_matches(f, 4, "ax"));
    assert_true(pl_ignore_pattern_matches(f, 5, "42"));
    assert_false(pl_ignore_pattern_matches(f, 5, "4a"));
    assert_true(pl_ignore_pattern_matches(f, 6, "t.c"));
    assert_false(pl_ignore_pattern_matches(f, 6, "txc"));
    pl_arena_free(a);

    /* patternmatcher leaves `|`, `{`, `}` and `^` unescaped: they act as
     * regexp syntax once the pattern has a wildcard */
    a = pl_arena_new();
    const char *raw[] = {"a|b*", "x{2}*", "*.{js,css}", "q{2}", "\\p{Greek}?"};
    f = from_list(a, raw, 5);
    assert_int_equal(f->diags.count, 0);
    assert_true(pl_ignore_pattern_matches(f, 0, "axyz"));   /* `^a` alone */
    assert_true(pl_ignore_pattern_matches(f, 0, "zzb1"));   /* `b[^/]*$` alone */
    assert_false(pl_ignore_pattern_matches(f, 0, "zzc"));
    assert_true(pl_ignore_pattern_matches(f, 1, "xx1"));
    assert_false(pl_ignore_pattern_matches(f, 1, "x1"));
    assert_true(pl_ignore_pattern_matches(f, 2, "site.{js,css}"));
    assert_false(pl_ignore_pattern_matches(f, 2, "site.js"));
    assert_true(pl_ignore_pattern_matches(f, 3, "q{2}")); /* no wildcard: exact */
    assert_true(pl_ignore_pattern_matches(f, 4, "\xCE\xB1z"));
    assert_false(pl_ignore_pattern_matches(f, 4, "az"));
    pl_arena_free(a);

    /* an invalid byte in a pattern is U+FFFD to the expression, which any
     * invalid byte of a path matches; without a wildcard bytes compare */
    a = pl_arena_new();
    const char *odd[] = {"*\xFF", "\xFF", "x/*.c"};
    f = from_list(a, odd, 3);
    assert_int_equal(f->diags.count, 0);
    assert_true(pl_ignore_pattern_matches(f, 0, "a\xFE"));
    assert_true(pl_ignore_pattern_matches(f, 0, "a\xEF\xBF\xBD"));
    assert_false(pl_ignore_pattern_matches(f, 1, "\xFE"));
    assert_true(pl_ignore_pattern_matches(f, 1, "\xFF/z"));
    /* literal head and tail checks must not hide parent-directory matches */
    assert_true(pl_ignore_pattern_matches(f, 2, "x/m.c/inner/file"));
    assert_false(pl_ignore_pattern_matches(f, 2, "y/m.c/inner"));
    assert_false(pl_ignore_pattern_matches(f, 2, "x/m.cc"));
    pl_arena_free(a);

    /* RE2 refuses these although filepath.Match accepts them */
    a = pl_arena_new();
    const char *bad[] = {"a\\q", "x\\1", "[a-?]", "a{2}{3}*", "*|{2}", "\\p{Foo}*", "y{1001}*"};
    f = from_list(a, bad, 7);
    assert_int_equal(f->diags.errors, 7);
    for (int i = 0; i < 7; i++)
        assert_false(f->patterns[i].valid);
    pl_arena_free(a);
}

static void test_parent_results_differ_from_or_parent(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *lines[] = {"a/c", "!a"};
    pl_ignorefile *f = from_list(a, lines, 2);
    unsigned char parent[2], child[2];
    int d;
    assert_false(pl_ignore_match_parent_results(f, "a", NULL, parent, &d));
    assert_int_equal(parent[0], 0);
    assert_int_equal(parent[1], 0);
    /* the walker excludes a/c: `!a` is only tried on "a/c" itself */
    assert_true(pl_ignore_match_parent_results(f, "a/c", parent, child, &d));
    assert_int_equal(d, 0);
    /* MatchesOrParentMatches lets `!a` re-include it through the parent */
    assert_false(pl_ignore_match(f, "a/c", &d));
    assert_int_equal(d, 1);
    pl_arena_free(a);

    a = pl_arena_new();
    const char *lines2[] = {"a", "!a/b", "a/b/c"};
    f = from_list(a, lines2, 3);
    unsigned char pa[3], pb[3], pc[3];
    assert_true(pl_ignore_match_parent_results(f, "a", NULL, pa, &d));
    assert_false(pl_ignore_match_parent_results(f, "a/b", pa, pb, &d));
    assert_int_equal(d, 1);
    assert_true(pl_ignore_match_parent_results(f, "a/b/c", pb, pc, &d));
    assert_int_equal(d, 2);
    assert_true(pl_ignore_match_parent_results(f, "a/b/c/d", pc, NULL, &d));
    assert_int_equal(d, 2);
    pl_arena_free(a);
}

/* ---- Go helpers ----------------------------------------------------------------- */

static void test_clean(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    static const char *const cases[][2] = {
        {"", "."}, {".", "."}, {"/", "/"}, {"//", "/"}, {"a/", "a"}, {"./a/../b", "b"},
        {"/../x", "/x"}, {"../../x/..", "../.."}, {"a/b/../../..", ".."}, {"a//b/./c/", "a/b/c"},
        {"/a/b/..", "/a"}, {"abc/def/../../..", ".."}, {"...", "..."}, {"a/.../b", "a/.../b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(pl_ignore_clean(a, cases[i][0]), cases[i][1]);
    pl_arena_free(a);
}

static void test_fnmatch(void **state)
{
    (void)state;
    assert_int_equal(pl_ignore_fnmatch("*.txt", "a.txt"), 1);
    assert_int_equal(pl_ignore_fnmatch("*.txt", "d/a.txt"), 0);
    assert_int_equal(pl_ignore_fnmatch("*/*.txt", "d/a.txt"), 1);
    assert_int_equal(pl_ignore_fnmatch("a?c", "abc"), 1);
    assert_int_equal(pl_ignore_fnmatch("a?c", "a/c"), 0);
    assert_int_equal(pl_ignore_fnmatch("[!a]", "!"), 1); /* `!` is no negation in Go */
    assert_int_equal(pl_ignore_fnmatch("[^a]", "b"), 1);
    assert_int_equal(pl_ignore_fnmatch("a\\*b", "a*b"), 1);
    assert_int_equal(pl_ignore_fnmatch("a\\*b", "axb"), 0);
    assert_int_equal(pl_ignore_fnmatch("**", "a/b"), 0);
    assert_int_equal(pl_ignore_fnmatch("[", "a"), -1);
    assert_int_equal(pl_ignore_fnmatch("a[", "x"), -1);
    assert_int_equal(pl_ignore_fnmatch("x*[", "y"), -1);
    assert_int_equal(pl_ignore_fnmatch("[z-a]", "q"), 0); /* reversed ranges match nothing */
    assert_int_equal(pl_ignore_fnmatch("a*b*c*d*e*/f", "axbxcxdxexxx/f"), 1);
    assert_int_equal(pl_ignore_fnmatch("a*", "ab/c"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance_vectors),
        cmocka_unit_test(test_readall_go_example),
        cmocka_unit_test(test_comments_only_at_column_one),
        cmocka_unit_test(test_trimming_and_exclusion_spaces),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_cleaning),
        cmocka_unit_test(test_bad_pattern_positions),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_root_never_excluded),
        cmocka_unit_test(test_last_match_decides),
        cmocka_unit_test(test_reinclude_under_excluded_dir),
        cmocka_unit_test(test_regexp_semantics),
        cmocka_unit_test(test_parent_results_differ_from_or_parent),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_fnmatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
