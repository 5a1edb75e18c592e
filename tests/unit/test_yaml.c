/* test_yaml.c — the YAML layer: exact spans on keys and values, go-yaml v3's
 * typing of plain scalars, anchors and aliases, the alias bomb and deep
 * nesting limits, merge keys, tags, several documents, duplicate keys and
 * syntax errors at libyaml's marks. */
#include "testutil.h"

#include "plimsoll/yaml.h"

static pl_yaml *parse(pl_arena *a, const char *text)
{
    return pl_yaml_parse(a, "t.yaml", text, strlen(text), NULL);
}

static void assert_span(pl_span s, int l, int c, int el, int ec)
{
    if (s.line != l || s.col != c || s.end_line != el || s.end_col != ec)
        fail_msg("span %d:%d-%d:%d, expected %d:%d-%d:%d", s.line, s.col, s.end_line, s.end_col, l,
                 c, el, ec);
}

static void assert_diag(const pl_yaml *y, int line, int col, const char *msg)
{
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        if (d->span.line == line && d->span.col == col && !strcmp(d->message, msg))
            return;
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        print_message("have %d:%d %s\n", d->span.line, d->span.col, d->message);
    fail_msg("no diagnostic %d:%d %s", line, col, msg);
}

/* ---- spans ------------------------------------------------------------------------ */

static void test_spans(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "services:\n"
                          "  web:\n"
                          "    image: \"nginx:1.25\"\n"
                          "    ports: [80, '443']\n"
                          "    command: |\n"
                          "      run\n"
                          "      more\n"
                          "# trailing comment\n");
    assert_int_equal(y->diags.count, 0);
    assert_int_equal(y->ndocs, 1);
    const pl_ynode *root = y->docs[0];
    assert_int_equal(root->kind, PL_YAML_MAP);
    assert_span(root->span, 1, 1, 7, 10);
    const pl_ypair *svc = pl_yaml_pair(root, "services");
    assert_span(svc->key->span, 1, 1, 1, 8);
    const pl_ynode *web = pl_yaml_get(svc->value, "web");
    assert_span(web->span, 3, 5, 7, 10);
    const pl_ypair *image = pl_yaml_pair(web, "image");
    assert_span(image->key->span, 3, 5, 3, 9);
    assert_span(image->value->span, 3, 12, 3, 23);
    assert_string_equal(image->value->str, "nginx:1.25");
    assert_true(image->value->quoted);
    assert_int_equal(image->value->stype, PL_YS_STR);
    assert_string_equal(image->value->file, "t.yaml");
    const pl_ynode *ports = pl_yaml_get(web, "ports");
    assert_int_equal(ports->kind, PL_YAML_SEQ);
    assert_span(ports->span, 4, 12, 4, 22);
    assert_int_equal(ports->nitems, 2);
    assert_span(ports->items[0]->span, 4, 13, 4, 14);
    assert_int_equal(ports->items[0]->stype, PL_YS_INT);
    assert_span(ports->items[1]->span, 4, 17, 4, 21);
    assert_int_equal(ports->items[1]->stype, PL_YS_STR);
    const pl_ynode *cmd = pl_yaml_get(web, "command");
    assert_string_equal(cmd->str, "run\nmore\n");
    assert_span(cmd->span, 5, 14, 7, 10);
    assert_int_equal(cmd->stype, PL_YS_STR);
    pl_arena_free(a);
}

static void test_spans_bytes(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    /* columns count bytes: "é" is two; a BOM is skipped; CRLF is one break */
    pl_yaml *y = parse(a, "\xEF\xBB\xBFk\xC3\xA9: v\xC3\xA9x\r\nb: [1,  2]\r\n");
    assert_int_equal(y->diags.count, 0);
    const pl_ynode *root = y->docs[0];
    assert_span(root->pairs[0].key->span, 1, 1, 1, 3);
    assert_span(root->pairs[0].value->span, 1, 6, 1, 9);
    const pl_ynode *b = pl_yaml_get(root, "b");
    assert_span(b->items[1]->span, 2, 9, 2, 9);
    pl_arena_free(a);
}

/* ---- typing ------------------------------------------------------------------------ */

static void test_resolve_plain(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pl_ystype type;
    } cases[] = {
        {"", PL_YS_NULL},       {"~", PL_YS_NULL},       {"null", PL_YS_NULL},
        {"Null", PL_YS_NULL},   {"NULL", PL_YS_NULL},    {"nULL", PL_YS_STR},
        {"true", PL_YS_BOOL},   {"True", PL_YS_BOOL},    {"TRUE", PL_YS_BOOL},
        {"false", PL_YS_BOOL},  {"tRUE", PL_YS_STR},     {"yes", PL_YS_STR},
        {"on", PL_YS_STR},      {"n", PL_YS_STR},        {"0", PL_YS_INT},
        {"-17", PL_YS_INT},     {"+17", PL_YS_INT},      {"1_000", PL_YS_INT},
        {"0x1F", PL_YS_INT},    {"0o17", PL_YS_INT},     {"0b101", PL_YS_INT},
        {"0777", PL_YS_INT},    {"08", PL_YS_FLOAT},     {"0x", PL_YS_STR},
        {"0b-101", PL_YS_INT},  {"-0o17", PL_YS_INT},    {"0xG", PL_YS_STR},
        {"18446744073709551615", PL_YS_INT},             {"18446744073709551616", PL_YS_FLOAT},
        {"-9223372036854775808", PL_YS_INT},             {"-9223372036854775809", PL_YS_FLOAT},
        {"1.5", PL_YS_FLOAT},   {"1.", PL_YS_FLOAT},     {".5", PL_YS_FLOAT},
        {"-.5", PL_YS_FLOAT},   {"1e3", PL_YS_FLOAT},    {"1E-3", PL_YS_FLOAT},
        {"1e999", PL_YS_STR},   {".inf", PL_YS_FLOAT},   {"-.Inf", PL_YS_FLOAT},
        {"+.INF", PL_YS_FLOAT}, {".NaN", PL_YS_FLOAT},   {".nAn", PL_YS_STR},
        {"inf", PL_YS_STR},     {"nan", PL_YS_STR},      {".", PL_YS_STR},
        {"-", PL_YS_STR},       {"+", PL_YS_STR},        {"1.2.3", PL_YS_STR},
        {"8080:80", PL_YS_STR}, {"2001-12-14", PL_YS_STR}, {"12:30", PL_YS_STR},
        {"1h30m", PL_YS_STR},   {"<<", PL_YS_STR},       {"e3", PL_YS_STR},
        {"0x_1F", PL_YS_INT},   {"._5", PL_YS_STR},      {".5_5", PL_YS_FLOAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pl_ystype got = pl_yaml_resolve_plain(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].type)
            fail_msg("'%s': type %d, expected %d", cases[i].text, got, cases[i].type);
    }
}

static void test_quoted_and_tagged(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "a: '1'\n"
                          "b: \"true\"\n"
                          "c: |-\n  12\n"
                          "d: !!str 12\n"
                          "e: !!int \"12\"\n"
                          "f: !!float 1\n"
                          "g: ! 12\n"
                          "h: !reset 12\n"
                          "i:\n"
                          "j: !!int abc\n");
    const pl_ynode *r = y->docs[0];
    assert_int_equal(pl_yaml_get(r, "a")->stype, PL_YS_STR);
    assert_int_equal(pl_yaml_get(r, "b")->stype, PL_YS_STR);
    assert_int_equal(pl_yaml_get(r, "c")->stype, PL_YS_STR);
    assert_string_equal(pl_yaml_get(r, "d")->tag, "!!str");
    assert_int_equal(pl_yaml_get(r, "d")->stype, PL_YS_STR);
    assert_int_equal(pl_yaml_get(r, "e")->stype, PL_YS_INT);
    assert_int_equal(pl_yaml_get(r, "f")->stype, PL_YS_FLOAT);
    assert_int_equal(pl_yaml_get(r, "g")->stype, PL_YS_INT);
    assert_string_equal(pl_yaml_get(r, "h")->tag, "!reset");
    assert_int_equal(pl_yaml_get(r, "h")->stype, PL_YS_STR);
    assert_int_equal(pl_yaml_get(r, "i")->stype, PL_YS_NULL);
    assert_int_equal(y->diags.errors, 1);
    assert_diag(y, 11, 4, "cannot decode !!str `abc` as a !!int");
    pl_arena_free(a);
}

static void test_tags_on_collections(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "ports: !reset []\n"
                          "env: !override\n  A: 1\n"
                          "x: !reset null\n");
    assert_int_equal(y->diags.count, 0);
    const pl_ynode *r = y->docs[0];
    assert_string_equal(pl_yaml_get(r, "ports")->tag, "!reset");
    assert_int_equal(pl_yaml_get(r, "ports")->kind, PL_YAML_SEQ);
    assert_string_equal(pl_yaml_get(r, "env")->tag, "!override");
    assert_int_equal(pl_yaml_get(r, "env")->kind, PL_YAML_MAP);
    assert_span(pl_yaml_get(r, "env")->span, 2, 6, 3, 6);
    assert_string_equal(pl_yaml_get(r, "x")->tag, "!reset");
    pl_arena_free(a);
}

/* ---- anchors, aliases, merges ----------------------------------------------------- */

static void test_alias(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "base: &b\n  image: x\n  n: 1\n"
                          "copy: *b\n"
                          "s: &s hello\n"
                          "t: *s\n");
    assert_int_equal(y->diags.count, 0);
    const pl_ynode *r = y->docs[0];
    assert_ptr_equal(pl_yaml_get(r, "copy"), pl_yaml_get(r, "base"));
    /* an alias's span is the anchored node's */
    assert_span(pl_yaml_get(r, "t")->span, 5, 4, 5, 11);
    assert_string_equal(pl_yaml_get(r, "t")->str, "hello");
    pl_arena_free(a);
}

static void test_merge(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "x-a: &a {image: a, restart: always, user: ua}\n"
                          "x-b: &b {image: b, tty: true, user: ub}\n"
                          "one:\n"
                          "  image: own\n"
                          "  <<: *a\n"
                          "  last: 1\n"
                          "two:\n"
                          "  <<: [*b, *a]\n"
                          "  user: own\n"
                          "three:\n"
                          "  \"<<\": *a\n");
    assert_int_equal(y->diags.count, 0);
    const pl_ynode *r = y->docs[0];
    const pl_ynode *one = pl_yaml_get(r, "one");
    assert_int_equal(one->npairs, 4);
    assert_string_equal(one->pairs[0].key->str, "image");
    assert_string_equal(one->pairs[0].value->str, "own");
    assert_string_equal(one->pairs[1].key->str, "restart");
    assert_string_equal(one->pairs[2].key->str, "user");
    assert_string_equal(one->pairs[3].key->str, "last");
    /* own keys win wherever they are written; a merged value keeps its span */
    assert_span(pl_yaml_get(one, "restart")->span, 1, 29, 1, 34);
    const pl_ynode *two = pl_yaml_get(r, "two");
    assert_int_equal(two->npairs, 4);
    assert_string_equal(pl_yaml_get(two, "image")->str, "b");
    assert_string_equal(pl_yaml_get(two, "user")->str, "own");
    assert_string_equal(pl_yaml_get(two, "tty")->str, "true");
    assert_string_equal(pl_yaml_get(two, "restart")->str, "always");
    /* a quoted "<<" is an ordinary key */
    const pl_ynode *three = pl_yaml_get(r, "three");
    assert_int_equal(three->npairs, 1);
    assert_string_equal(three->pairs[0].key->str, "<<");
    pl_arena_free(a);
}

static void test_merge_errors(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "a:\n  <<: 1\n  k: v\nb:\n  <<: [{x: 1}, 2]\n");
    assert_int_equal(y->diags.errors, 2);
    assert_diag(y, 2, 7, "map merge requires map or sequence of maps as the value");
    assert_diag(y, 5, 16, "map merge requires map or sequence of maps as the value");
    assert_int_equal(pl_yaml_get(y->docs[0], "b")->npairs, 1);
    pl_arena_free(a);
}

static void test_alias_bomb(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *lol = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    pl_yaml *y = parse(a, lol);
    assert_int_equal(y->ndocs, 0);
    assert_int_equal(y->diags.errors, 1);
    assert_diag(y, 7, 8, "document expands to more than 1000000 nodes (excessive aliasing)");
    /* a lower limit stops earlier */
    pl_yaml_limits lim = {100, 0};
    y = pl_yaml_parse(a, "t.yaml", lol, strlen(lol), &lim);
    assert_diag(y, 2, 32, "document expands to more than 100 nodes (excessive aliasing)");
    /* a merge bomb is charged too */
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_puts(&sb, "x: &x {");
    for (int i = 0; i < 200; i++)
        pl_sb_printf(&sb, "%sk%d: v", i ? ", " : "", i);
    pl_sb_puts(&sb, "}\n");
    for (int i = 0; i < 20000; i++)
        pl_sb_printf(&sb, "m%d: {<<: *x}\n", i);
    y = pl_yaml_parse(a, "t.yaml", pl_sb_str(&sb), sb.len, NULL);
    assert_int_equal(y->ndocs, 0);
    assert_int_equal(y->diags.errors, 1);
    pl_arena_free(a);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    char *deep = malloc(2 * 1000 + 2);
    for (int i = 0; i < 1000; i++)
        deep[i] = '[', deep[1000 + i] = ']';
    deep[2000] = '\n';
    deep[2001] = '\0';
    pl_yaml *y = parse(a, deep);
    assert_int_equal(y->ndocs, 0);
    assert_diag(y, 1, 257, "exceeded max depth of 256");
    free(deep);
    /* through an alias: the anchored node's depth adds to where it is used */
    pl_yaml_limits lim = {0, 4};
    const char *t = "a: &a [[1]]\nb: [[*a]]\n";
    y = pl_yaml_parse(a, "t.yaml", t, strlen(t), &lim);
    assert_int_equal(y->ndocs, 0);
    assert_diag(y, 2, 6, "exceeded max depth of 4");
    lim.max_depth = 5;
    y = pl_yaml_parse(a, "t.yaml", t, strlen(t), &lim);
    assert_int_equal(y->ndocs, 1);
    assert_int_equal(y->diags.count, 0);
    pl_arena_free(a);
}

static void test_anchor_errors(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "a: *nope\n---\nb: &s [1, *s]\n---\nc: 1\n");
    assert_diag(y, 1, 4, "unknown anchor 'nope' referenced");
    assert_diag(y, 3, 11, "anchor 's' value contains itself");
    assert_int_equal(y->ndocs, 1);
    assert_string_equal(y->docs[0]->pairs[0].key->str, "c");
    pl_arena_free(a);
}

/* ---- documents, duplicates, syntax errors -------------------------------------------------- */

static void test_documents(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "a: &x 1\n---\nb: 2\n...\n---\n");
    assert_int_equal(y->diags.count, 0);
    assert_int_equal(y->ndocs, 3);
    assert_string_equal(y->docs[1]->pairs[0].key->str, "b");
    assert_int_equal(y->docs[2]->kind, PL_YAML_SCALAR);
    assert_int_equal(y->docs[2]->stype, PL_YS_NULL);
    /* anchors do not cross documents */
    y = parse(a, "a: &x 1\n---\nb: *x\n");
    assert_int_equal(y->ndocs, 1);
    assert_diag(y, 3, 4, "unknown anchor 'x' referenced");
    y = parse(a, "");
    assert_int_equal(y->ndocs, 0);
    assert_int_equal(y->diags.count, 0);
    pl_arena_free(a);
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "a: 1\nb: 2\n\"a\": 3\nm:\n  x: 1\n  <<: {x: 2}\n  x: 3\n");
    assert_int_equal(y->diags.errors, 2);
    assert_diag(y, 3, 1, "mapping key \"a\" already defined at line 1");
    assert_diag(y, 7, 3, "mapping key \"x\" already defined at line 5");
    /* the last one wins for lookups */
    assert_string_equal(pl_yaml_get(y->docs[0], "a")->str, "3");
    pl_arena_free(a);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_yaml *y = parse(a, "services:\n  web:\n    image: x\n   bad: [\n");
    assert_int_equal(y->ndocs, 0);
    assert_int_equal(y->diags.errors, 1);
    assert_diag(y, 4, 4, "did not find expected key");
    y = parse(a, "a: 1\n---\nb: \"unterminated\n");
    assert_int_equal(y->ndocs, 1);
    assert_diag(y, 4, 1, "found unexpected end of stream");
    y = parse(a, "a: \tb\n\x01");
    assert_diag(y, 2, 1, "control characters are not allowed");
    y = parse(a, "a: b: c\n");
    assert_diag(y, 1, 5, "mapping values are not allowed in this context");
    y = parse(a, "- a\nb: 1\n");
    assert_diag(y, 2, 1, "did not find expected '-' indicator");
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans),          cmocka_unit_test(test_spans_bytes),
        cmocka_unit_test(test_resolve_plain),  cmocka_unit_test(test_quoted_and_tagged),
        cmocka_unit_test(test_tags_on_collections), cmocka_unit_test(test_alias),
        cmocka_unit_test(test_merge),          cmocka_unit_test(test_merge_errors),
        cmocka_unit_test(test_alias_bomb),     cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_anchor_errors),  cmocka_unit_test(test_documents),
        cmocka_unit_test(test_duplicate_keys), cmocka_unit_test(test_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
