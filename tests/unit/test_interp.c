/* test_interp.c — compose's `$` interpolation: every form, compose-go's own
 * template and variables test cases (same inputs, same results), the brace
 * quirks of its pattern, issue positions, reference listing, and bounds. */
#include "testutil.h"

#include "plimsoll/interp.h"

static pl_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = pl_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_arena_free(arena);
    arena = NULL;
    return 0;
}

/* compose-go's template_test.go mapping */
static const char *const vars[][2] = {
    {"FOO", "first"},
    {"BAR", ""},
    {"JSON", "{\"json\":2}"},
};

static int test_lookup(void *ud, const char *name, size_t n, const char **value)
{
    (void)ud;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        if (strlen(vars[i][0]) == n && memcmp(vars[i][0], name, n) == 0) {
            *value = vars[i][1];
            return 1;
        }
    }
    return 0;
}

static const pl_interp_env env = {test_lookup, NULL};

typedef struct {
    const char *in;
    const char *out; /* NULL: not checked (compose refuses the value) */
    int rc;
    const char *kinds; /* one letter per issue, in order: U unset, R required, S syntax, D deep */
} case_t;

static char kind_letter(pl_interp_issue_kind k)
{
    switch (k) {
    case PL_INTERP_ISSUE_UNSET: return 'U';
    case PL_INTERP_ISSUE_REQUIRED: return 'R';
    case PL_INTERP_ISSUE_SYNTAX: return 'S';
    case PL_INTERP_ISSUE_TOO_DEEP: return 'D';
    }
    return '?';
}

static void run_cases(const case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pl_interp_issues issues = {0};
        const char *out = NULL;
        size_t out_len = 0;
        int rc = pl_interp_substitute(arena, cases[i].in, strlen(cases[i].in), &env, &out,
                                      &out_len, &issues);
        char kinds[32] = "";
        size_t k = 0;
        for (pl_interp_issue *is = issues.head; is && k + 1 < sizeof kinds; is = is->next)
            kinds[k++] = kind_letter(is->kind);
        kinds[k] = '\0';
        if (rc != cases[i].rc || strcmp(kinds, cases[i].kinds) != 0 ||
            (cases[i].out && strcmp(out, cases[i].out) != 0)) {
            print_error("case %zu: %s -> \"%s\" rc %d issues \"%s\"; want \"%s\" rc %d issues \"%s\"\n",
                        i, cases[i].in, out, rc, kinds, cases[i].out ? cases[i].out : "(any)",
                        cases[i].rc, cases[i].kinds);
            fail();
        }
        assert_int_equal(out_len, strlen(out));
        assert_int_equal(issues.errors + issues.warnings, issues.count);
    }
}

/* compose-go template/template_test.go, case by case */
static void test_compose_go_template_cases(void **state)
{
    (void)state;
    static const case_t cases[] = {
        /* TestEscaped, TestSubstituteNoMatch */
        {"$${foo}", "${foo}", 0, ""},
        {"foo", "foo", 0, ""},
        /* TestUnescaped: a `$` that starts nothing stays */
        {"a $ string", "a $ string", 0, ""},
        {"^REGEX$", "^REGEX$", 0, ""},
        {"$}", "$}", 0, ""},
        {"$", "$", 0, ""},
        /* TestInvalid */
        {"${", NULL, -1, "S"},
        {"${}", NULL, -1, "S"},
        {"${ }", NULL, -1, "S"},
        {"${ foo}", NULL, -1, "S"},
        {"${foo }", NULL, -1, "S"},
        {"${foo!}", NULL, -1, "S"},
        /* TestNonBraced */
        {"$FOO-bar", "first-bar", 0, ""},
        /* TestNoValueNoDefault: unset warns, set-but-empty does not */
        {"This ${missing} var", "This  var", 0, "U"},
        {"This ${BAR} var", "This  var", 0, ""},
        /* TestValueNoDefault */
        {"This $FOO var", "This first var", 0, ""},
        {"This ${FOO} var", "This first var", 0, ""},
        /* TestNoValueWithDefault */
        {"ok ${missing:-def}", "ok def", 0, ""},
        {"ok ${missing-def}", "ok def", 0, ""},
        /* TestLazyDefaultDoesNotWarn / TestLazyDefaultWarnsWhenUsed */
        {"${A:+${A},}B", "B", 0, ""},
        {"${A:-${B}}", "", 0, "U"},
        /* soft/hard defaults, presence values */
        {"ok ${BAR:-def}", "ok def", 0, ""},
        {"ok ${FOO:-def}", "ok first", 0, ""},
        {"ok ${BAR-def}", "ok ", 0, ""},
        {"ok ${UNSET_VAR:+presence_value}", "ok ", 0, ""},
        {"ok ${UNSET_VAR+presence_value}", "ok ", 0, ""},
        {"ok ${FOO:+presence_value}", "ok presence_value", 0, ""},
        {"ok ${FOO+presence_value}", "ok presence_value", 0, ""},
        {"ok ${BAR+presence_value}", "ok presence_value", 0, ""},
        {"ok ${BAR:+presence_value}", "ok ", 0, ""},
        {"ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric", 0, ""},
        /* TestInterpolationExternalInterference */
        {"-ok ${BAR:-defaultValue}", "-ok defaultValue", 0, ""},
        {"+ok ${UNSET:-${BAR-defaultValue}}", "+ok ", 0, ""},
        {"-ok ${FOO:-defaultValue}", "-ok first", 0, ""},
        {":-ok ${UNSET-defaultValue}", ":-ok defaultValue", 0, ""},
        {":-ok ${BAR-defaultValue}", ":-ok ", 0, ""},
        {":?ok ${BAR-defaultValue}", ":?ok ", 0, ""},
        {":?ok ${BAR:-defaultValue}", ":?ok defaultValue", 0, ""},
        {":+ok ${BAR:-defaultValue}", ":+ok defaultValue", 0, ""},
        {"+ok ${BAR-defaultValue}", "+ok ", 0, ""},
        {"?ok ${BAR:-defaultValue}", "?ok defaultValue", 0, ""},
        /* TestDefaultsWithNestedExpansion */
        {"ok ${UNSET_VAR-$FOO}", "ok first", 0, ""},
        {"ok ${UNSET_VAR-${FOO}}", "ok first", 0, ""},
        {"ok ${UNSET_VAR-${FOO} ${FOO}}", "ok first first", 0, ""},
        {"ok ${BAR:-$FOO}", "ok first", 0, ""},
        {"ok ${BAR:-${FOO}}", "ok first", 0, ""},
        {"ok ${BAR:-${FOO} ${FOO}}", "ok first first", 0, ""},
        {"ok ${BAR+$FOO}", "ok first", 0, ""},
        {"ok ${BAR+$FOO ${FOO:+second}}", "ok first second", 0, ""},
        /* TestMandatoryVariableErrors (+ nested messages) */
        {"not ok ${UNSET_VAR:?Mandatory Variable Unset}", NULL, -1, "R"},
        {"not ok ${BAR:?Mandatory Variable Empty}", NULL, -1, "R"},
        {"not ok ${UNSET_VAR:?}", NULL, -1, "R"},
        {"not ok ${UNSET_VAR?Mandatory Variable Unset}", NULL, -1, "R"},
        {"not ok ${UNSET_VAR?}", NULL, -1, "R"},
        {"not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}", NULL, -1, "R"},
        /* TestDefaultsForMandatoryVariables */
        {"ok ${FOO:?err}", "ok first", 0, ""},
        {"ok ${FOO?err}", "ok first", 0, ""},
        {"ok ${BAR?err}", "ok ", 0, ""},
        /* TestSubstituteWithReplacementFunc's last case */
        {"ok ${SUBDOMAIN:-redis}.${FOO:?}", "ok redis.first", 0, ""},
        /* TestPrecedence: the operator right after the name wins */
        {"${UNSET_VAR?bar-baz}", NULL, -1, "R"},
        {"${UNSET_VAR-myerror?msg}", "myerror?msg", 0, ""},
        {"${FOO?bar-baz}", "first", 0, ""},
        {"${BAR:-default_value_for_empty_var}", "default_value_for_empty_var", 0, ""},
        {"${UNSET_VAR-default_value_for_unset_var}", "default_value_for_unset_var", 0, ""},
        /* TestNoValueWithCurlyBracesDefault / TestValueWithCurlyBracesDefault */
        {"ok ${missing:-{\"json\":1}}", "ok {\"json\":1}", 0, ""},
        {"ok ${missing-{\"json\":1}}", "ok {\"json\":1}", 0, ""},
        {"ok ${JSON:-{\"json\":1}}", "ok {\"json\":2}", 0, ""},
        {"ok ${JSON-{\"json\":1}}", "ok {\"json\":2}", 0, ""},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Behaviour read off compose-go's pattern and brace cutting. */
static void test_pattern_quirks(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {"$$$FOO", "$first", 0, ""},
        {"$$$$", "$$", 0, ""},
        {"${FOO}}", "first}", 0, ""},
        {"$1 $- $@ $ {FOO}", "$1 $- $@ $ {FOO}", 0, ""},
        {"$FOO_1x", "", 0, "U"},         /* the name is FOO_1x */
        {"$FOO.x $FOO:x", "first.x first:x", 0, ""},
        {"$_", "", 0, "U"},
        /* the greedy word reaches the last `}` of the line, then is cut */
        {"${FOO:-a}b}", "firstb}", 0, ""},
        {"${UNSET:-a}b}", "ab}", 0, ""},
        {"${UNSET:-x}-${FOO}", "x-first", 0, ""},
        {"${UNSET:-x} ${FOO:-y} ${BAR:-z}", "x first z", 0, ""},
        /* `{` skips the byte after it: this brace never balances */
        {"${UNSET:-{}", "{", 0, ""},
        {"${UNSET:-{}}", "{}", 0, ""},
        /* a word cannot cross a newline */
        {"${UNSET:-x\n}", NULL, -1, "S"},
        {"${UNSET:-x}\n${FOO}", "x\nfirst", 0, ""},
        /* `:` must be followed by an operator */
        {"${FOO:x}", NULL, -1, "S"},
        {"${FOO:}", NULL, -1, "S"},
        {"${FOO-}", "first", 0, ""},
        {"${UNSET-}", "", 0, ""},
        {"${UNSET:+}", "", 0, ""},
        {"${${FOO}}", NULL, -1, "S"},
        {"${1A}", NULL, -1, "S"},
        /* defaults are read only when used */
        {"${FOO:-${}", "first", 0, ""},
        {"${UNSET:-${}", NULL, -1, "S"},
        {"${FOO:-$NOPE}", "first", 0, ""},
        {"${UNSET:-$NOPE}", "", 0, "U"},
        {"${FOO:?$NOPE}", "first", 0, ""},
        /* the message is interpolated before the error */
        {"${UNSET:?$NOPE}", NULL, -1, "UR"},
        /* every issue is reported, not only compose's first */
        {"${A:?} ${B:?} $C ${", NULL, -1, "RRUS"},
        /* compose's case-insensitive names: U+017F and U+212A are letters */
        {"$\xC5\xBF", "", 0, "U"},
        {"$a\xE2\x84\xAA", "", 0, "U"},
        {"$\xC3\xA9", "$\xC3\xA9", 0, ""},
    };
    run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_issue_details(void **state)
{
    (void)state;
    const char *in = "a: $X\nb: ${FOO} ${R:?set R to ${FOO}}\n  ${bad }";
    pl_interp_issues issues = {0};
    const char *out;
    assert_int_equal(pl_interp_substitute(arena, in, strlen(in), &env, &out, NULL, &issues), -1);
    assert_int_equal(issues.count, 3);
    assert_int_equal(issues.errors, 2);
    assert_int_equal(issues.warnings, 1);

    pl_interp_issue *is = issues.head;
    assert_int_equal(is->kind, PL_INTERP_ISSUE_UNSET);
    assert_string_equal(is->name, "X");
    assert_int_equal(is->offset, 3);
    assert_int_equal(is->length, 2);
    assert_int_equal(is->line, 1);
    assert_int_equal(is->col, 4);
    assert_string_equal(is->message, "The \"X\" variable is not set. Defaulting to a blank string.");

    is = is->next;
    assert_int_equal(is->kind, PL_INTERP_ISSUE_REQUIRED);
    assert_string_equal(is->name, "R");
    assert_string_equal(is->detail, "set R to first");
    assert_string_equal(is->message, "required variable R is missing a value: set R to first");
    assert_int_equal(is->offset, 16);
    assert_int_equal(is->length, 21);
    assert_int_equal(is->line, 2);
    assert_int_equal(is->col, 11);

    is = is->next;
    assert_int_equal(is->kind, PL_INTERP_ISSUE_SYNTAX);
    assert_null(is->name);
    assert_string_equal(is->detail, "${bad }");
    assert_int_equal(is->line, 3);
    assert_int_equal(is->col, 3);
    assert_int_equal(is->length, 7);
    assert_string_equal(is->message,
                        "invalid interpolation format: \"${bad }\" (write $$ for a literal $)");
    assert_null(is->next);

    /* no message: compose's short form */
    pl_interp_issues i2 = {0};
    pl_interp_substitute(arena, "${Q:?}", 6, &env, &out, NULL, &i2);
    assert_string_equal(i2.head->message, "required variable Q is missing a value");
    assert_string_equal(i2.head->detail, "");

    /* issues may be NULL, and a NULL lookup leaves every variable unset */
    pl_interp_env none = {NULL, NULL};
    assert_int_equal(pl_interp_substitute(arena, "x${FOO:-d}$FOO", 14, &none, &out, NULL, NULL), 0);
    assert_string_equal(out, "xd");
}

/* compose-go template/variables_test.go, read as references */
static void test_refs_compose_go_cases(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want; /* "name op word|..." with op as written */
    } cases[] = {
        {"bar", ""},
        {"$bar", "bar|"},
        {"$bar_1", "bar_1|"},
        {"${bar}", "bar|"},
        {"${bar?:foo}", "bar ? :foo|"},
        {"${bar_1?:foo}", "bar_1 ? :foo|"},
        {"${bar?foo}", "bar ? foo|"},
        {"${bar:-foo}", "bar :- foo|"},
        {"${bar-foo}", "bar - foo|"},
        {"${bar_1:-foo}", "bar_1 :- foo|"},
        {"$docker:${project:-cli}", "docker|project :- cli|"},
        {"${bar:+foo}", "bar :+ foo|"},
        {"${bar+foo}", "bar + foo|"},
        {"${SUBDOMAIN:-redis}.${ROOTDOMAIN:?}", "SUBDOMAIN :- redis|ROOTDOMAIN :? |"},
        {"${SUBDOMAIN:-$ROOTDOMAIN}", "SUBDOMAIN :- $ROOTDOMAIN|ROOTDOMAIN|"},
        {"$${x} $$y ${ $", ""},
    };
    static const char *const opname[] = {"", ":-", "-", ":+", "+", ":?", "?"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_interp_ref *refs;
        int n = pl_interp_refs(arena, cases[i].in, strlen(cases[i].in), &refs);
        pl_strbuf sb;
        pl_sb_init(&sb, arena);
        int count = 0;
        for (pl_interp_ref *r = refs; r; r = r->next, count++) {
            if (r->op == PL_INTERP_OP_NONE)
                pl_sb_printf(&sb, "%s|", r->name);
            else
                pl_sb_printf(&sb, "%s %s %s|", r->name, opname[r->op], r->word);
        }
        assert_int_equal(n, count);
        if (strcmp(pl_sb_str(&sb), cases[i].want) != 0) {
            print_error("refs of %s: \"%s\", want \"%s\"\n", cases[i].in, pl_sb_str(&sb),
                        cases[i].want);
            fail();
        }
    }
}

static void test_refs_positions_and_needs(void **state)
{
    (void)state;
    const char *in = "image: ${REG:-docker.io}/app:${TAG}\npw: ${PW:?} ${A:-${B}} ${C:+x}";
    pl_interp_ref *r;
    assert_int_equal(pl_interp_refs(arena, in, strlen(in), &r), 6);
    /* REG */
    assert_string_equal(r->name, "REG");
    assert_int_equal(r->line, 1);
    assert_int_equal(r->col, 8);
    assert_int_equal(r->length, 17);
    assert_true(pl_interp_ref_has_default(r));
    assert_false(pl_interp_ref_needs_value(r));
    /* TAG */
    r = r->next;
    assert_string_equal(r->name, "TAG");
    assert_int_equal(r->col, 30);
    assert_true(pl_interp_ref_needs_value(r));
    assert_false(pl_interp_ref_has_default(r));
    /* PW */
    r = r->next;
    assert_string_equal(r->name, "PW");
    assert_int_equal(r->line, 2);
    assert_int_equal(r->col, 5);
    assert_int_equal(r->op, PL_INTERP_OP_REQUIRED_EMPTY);
    assert_true(pl_interp_ref_needs_value(r));
    /* A, then B inside its default */
    r = r->next;
    assert_string_equal(r->name, "A");
    assert_int_equal(r->depth, 0);
    r = r->next;
    assert_string_equal(r->name, "B");
    assert_int_equal(r->depth, 1);
    assert_int_equal(r->col, 18);
    assert_false(pl_interp_ref_needs_value(r));
    /* C: an alternative value needs nothing */
    r = r->next;
    assert_string_equal(r->name, "C");
    assert_false(pl_interp_ref_needs_value(r));
    assert_false(pl_interp_ref_has_default(r));
    assert_null(r->next);
}

static void test_has_refs(void **state)
{
    (void)state;
    assert_false(pl_interp_has_refs("plain $ text $1 $}", 18));
    assert_true(pl_interp_has_refs("a $$ b", 6));
    assert_true(pl_interp_has_refs("$A", 2));
    assert_true(pl_interp_has_refs("${", 2));
    assert_false(pl_interp_has_refs("$A", 1)); /* the length bounds the scan */
}

/* Nesting beyond the bound is reported, not recursed into; long lines of
 * references stay linear (no greedy rescans). */
static void test_bounds(void **state)
{
    (void)state;
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < 200; i++)
        pl_sb_puts(&sb, "${U:-");
    pl_sb_puts(&sb, "x");
    for (int i = 0; i < 200; i++)
        pl_sb_putc(&sb, '}');
    const char *deep = pl_sb_str(&sb);
    pl_interp_issues issues = {0};
    const char *out;
    assert_int_equal(pl_interp_substitute(arena, deep, strlen(deep), &env, &out, NULL, &issues), 0);
    assert_int_equal(issues.count, 1);
    assert_int_equal(issues.head->kind, PL_INTERP_ISSUE_TOO_DEEP);
    pl_interp_ref *refs;
    assert_int_equal(pl_interp_refs(arena, deep, strlen(deep), &refs), PL_INTERP_MAX_DEPTH + 1);

    pl_strbuf line;
    pl_sb_init(&line, arena);
    for (int i = 0; i < 100000; i++)
        pl_sb_puts(&line, "${FOO:-x}");
    const char *big = pl_sb_str(&line);
    size_t out_len;
    assert_int_equal(pl_interp_substitute(arena, big, line.len, &env, &out, &out_len, NULL), 0);
    assert_int_equal(out_len, 5 * 100000);
    assert_int_equal(pl_interp_refs(arena, big, line.len, &refs), 100000);

    /* a NUL byte inside the input is text like any other */
    const char nul[] = {'a', '\0', '$', 'F', 'O', 'O'};
    size_t nl;
    assert_int_equal(pl_interp_substitute(arena, nul, sizeof nul, &env, &out, &nl, NULL), 0);
    assert_int_equal(nl, 7);
    assert_memory_equal(out, "a\0first", 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compose_go_template_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pattern_quirks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issue_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refs_compose_go_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refs_positions_and_needs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_has_refs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
