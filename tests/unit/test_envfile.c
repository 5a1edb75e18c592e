/* test_envfile.c — `.env` files as compose reads them: compose-go's dotenv
 * test cases (same input, same values, same refusals), positions of entries
 * and diagnostics, interpolation inside values, the JSON dump, secrets. */
#include "testutil.h"

#include "plimsoll/envfile.h"

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

static pl_envfile *parse(const char *text)
{
    return pl_envfile_parse(arena, ".env", text, strlen(text), NULL);
}

static int count_errors(const pl_envfile *f)
{
    return f->diags.errors;
}

/* compose-go dotenv TestParsing (parseAndCompare), TestParse, TestExpanding */
static void test_compose_go_values(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"FOO=bar", "FOO", "bar"},
        {"FOO =bar", "FOO", "bar"},
        {"FOO= bar", "FOO", "bar"},
        {"FOO=\"bar\"", "FOO", "bar"},
        {"FOO='bar'", "FOO", "bar"},
        {"FOO=\"escaped\\\"bar\"", "FOO", "escaped\"bar"},
        {"FOO=\"\\\"quoted\\\"\"", "FOO", "\"quoted\""},
        {"FOO=\"'d'\"", "FOO", "'d'"},
        {"OPTION_A: 1", "OPTION_A", "1"},
        {"OPTION_A: Foo=bar", "OPTION_A", "Foo=bar"},
        {"OPTION_A=1:B", "OPTION_A", "1:B"},
        {"export OPTION_A=2", "OPTION_A", "2"},
        {"export OPTION_B='\\n'", "OPTION_B", "\\n"},
        {"export exportFoo=2", "exportFoo", "2"},
        {"exportFOO=2", "exportFOO", "2"},
        {"export_FOO =2", "export_FOO", "2"},
        {"export.FOO= 2", "export.FOO", "2"},
        {"export\tOPTION_A=2", "OPTION_A", "2"},
        {"  export OPTION_A=2", "OPTION_A", "2"},
        {"\texport OPTION_A=2", "OPTION_A", "2"},
        {"export OPTION_A=\"export A\"", "OPTION_A", "export A"},
        {"FOO=\"bar\\nbaz\"", "FOO", "bar\nbaz"},
        {"FOO=a\\tb", "FOO", "a\\tb"},
        {"FOO=\"a\\tb\"", "FOO", "a\tb"},
        {"KEY=\"Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z\"", "KEY", "Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ"},
        {"FOO.BAR=foobar", "FOO.BAR", "foobar"},
        {"FOO=foobar=", "FOO", "foobar="},
        {"FOO=bar ", "FOO", "bar"},
        {"FOO=bar # this is foo", "FOO", "bar"},
        {"FOO=bar #this is foo", "FOO", "bar"},
        {"FOO=bar #", "FOO", "bar"},
        {"FOO=123#not-an-inline-comment", "FOO", "123#not-an-inline-comment"},
        {"FOO=\"bar#baz\"", "FOO", "bar#baz"},
        {"FOO=\"bar#baz\"#", "FOO", "bar#baz"},
        {"FOO=\"bar#baz\" # comment", "FOO", "bar#baz"},
        {"FOO='bar#baz' # comment", "FOO", "bar#baz"},
        {"FOO=\"bar#baz#bang\" # comment", "FOO", "bar#baz#bang"},
        {"FOO=\"ba#r\"", "FOO", "ba#r"},
        {"FOO='ba#r'", "FOO", "ba#r"},
        {"FOO=\"bar\\n\\ b\\az\"", "FOO", "bar\n\\ b\az"},
        {"FOO=\"bar\\\\\\n\\ b\\az\"", "FOO", "bar\\\n\\ b\az"},
        {"FOO=\"bar\\\\r\\ b\\az\"", "FOO", "bar\\r\\ b\az"},
        {"FOO=\"bar\\nbaz\\\\\"", "FOO", "bar\nbaz\\"},
        {"=\"value\"", "", "value"},
        {" KEY =value", "KEY", "value"},
        {"   KEY=value", "KEY", "value"},
        {"\tKEY=value", "KEY", "value"},
        {"KEY=\"\\0123\"", "KEY", "S"},
        {"KEY=\"\\x07\"", "KEY", "\\x07"},
        {"KEY=\"\\u12e4\"", "KEY", "\\u12e4"},
        {"KEY=\"\\U00101234\"", "KEY", "\\U00101234"},
        /* TestParse */
        {"ONE=1\nTWO='2'\nTHREE = \"3\"", "THREE", "3"},
        {"ONE=1\nTWO='2'\nTHREE = \"3\"", "TWO", "2"},
        /* TestExpanding */
        {"FOO=test\nBAR=$FOO", "BAR", "test"},
        {"FOO=test\nBAR=${FOO}bar", "BAR", "testbar"},
        {"BAR=$FOO", "BAR", ""},
        {"FOO=test\nBAR=\"quote $FOO\"", "BAR", "quote test"},
        {"BAR='quote $FOO'", "BAR", "quote $FOO"},
        {"FOO=\"foo\\$BAR\"", "FOO", "foo$BAR"},
        {"FOO=\"foo\\${BAR}\"", "FOO", "foo${BAR}"},
        {"FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", "BAR", "foo${FOO} test"},
        /* TestVariableStringValueSeparator */
        {"TEST_URLS=\"stratum+tcp://a:3333\nstratum+tcp://b:443\"", "TEST_URLS",
         "stratum+tcp://a:3333\nstratum+tcp://b:443"},
        /* TestParseBytes: keys of any script, brackets and dots */
        {"a[1]=c", "a[1]", "c"},
        {"a.propertyKey=d", "a.propertyKey", "d"},
        {"\xC3\xA1rv\xC3\xADzt\xC5\xB1r\xC5\x91-T\xC3\x9CK\xC3\x96RF\xC3\x9AR\xC3\x93G\xC3\x89P=x",
         "\xC3\xA1rv\xC3\xADzt\xC5\xB1r\xC5\x91-T\xC3\x9CK\xC3\x96RF\xC3\x9AR\xC3\x93G\xC3\x89P", "x"},
        /* read off parser.go */
        {"FOO= #not a comment", "FOO", "#not a comment"},
        {"FOO=bar\t#tab", "FOO", "bar\t#tab"},
        {"FOO=a\r\nBAR=b\r\n", "FOO", "a"},
        {"FOO=\"a\"BAR=b", "BAR", "b"},
        {"FOO='it\\'s'", "FOO", "it's"},
        {"FOO='a\\\\b'", "FOO", "a\\\\b"},
        {"FOO=\"\\0101\\0777\\08\\0\"", "FOO", "A\\0777\\08\\0"},
        {"FOO=\"\\0377\"", "FOO", "\xC3\xBF"},
        {"FOO=\"\\c\\'\"", "FOO", "\\c\\'"},
        {"FOO=1\nFOO=2", "FOO", "2"},
        {"FOO=1\nFOO\n", "FOO", "1"},
        {"\xEF\xBB\xBFOPTION_A=1", "OPTION_A", "1"},
        {"export\nFOO=1", "FOO", "1"},
        {"FOO", "", "FOO"},
        {"A=x\nB=${A:-d}-${C:-d}", "B", "x-d"},
        {"FOO\xC2\xA0" "BAR=1", "FOO\xC2\xA0" "BAR", "1"},
        {"FOO\tBAR=1", "FOO\tBAR", "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_envfile *f = parse(cases[i][0]);
        const pl_env_entry *e = pl_envfile_get(f, cases[i][1]);
        if (!e || strcmp(e->value, cases[i][2]) != 0 || count_errors(f)) {
            print_error("case %zu: %s: %s = \"%s\" (%d errors), want \"%s\"\n", i, cases[i][0],
                        cases[i][1], e ? e->value : "(unset)", count_errors(f), cases[i][2]);
            fail();
        }
    }
}

/* compose-go fixtures: plain.env and quoted.env, value by value */
static void test_compose_go_fixtures(void **state)
{
    (void)state;
    pl_envfile *f = parse("OPTION_A=1\nOPTION_B=2\nOPTION_C= 3\nOPTION_D =4\nOPTION_E = 5\n"
                          "456 = ABC\nOPTION_F = \nOPTION_G=\nOPTION_H = my string # Inline comment\n");
    static const char *const plain[][2] = {{"OPTION_A", "1"}, {"OPTION_B", "2"}, {"OPTION_C", "3"},
                                           {"OPTION_D", "4"}, {"OPTION_E", "5"}, {"456", "ABC"},
                                           {"OPTION_F", ""},  {"OPTION_G", ""},
                                           {"OPTION_H", "my string"}};
    assert_int_equal(f->count, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(pl_envfile_get(f, plain[i][0])->value, plain[i][1]);

    f = parse("OPTION_A='1'\nOPTION_B='2'\nOPTION_C=''\nOPTION_D='\\n'\nOPTION_E=\"1\"\n"
              "OPTION_F=\"2\"\nOPTION_G=\"\"\nOPTION_H=\"\\n\"\n"
              "OPTION_I = \"echo 'asd'\" # Inline comment\n"
              "OPTION_J = 'first line\nsecond line\nthird line\nand so on'\n"
              "OPTION_K='Let\\'s go!'\nOPTION_Z = \"last value\"\n");
    static const char *const quoted[][2] = {
        {"OPTION_A", "1"}, {"OPTION_B", "2"}, {"OPTION_C", ""}, {"OPTION_D", "\\n"},
        {"OPTION_E", "1"}, {"OPTION_F", "2"}, {"OPTION_G", ""}, {"OPTION_H", "\n"},
        {"OPTION_I", "echo 'asd'"}, {"OPTION_J", "first line\nsecond line\nthird line\nand so on"},
        {"OPTION_K", "Let's go!"}, {"OPTION_Z", "last value"}};
    assert_int_equal(f->count, 12);
    assert_int_equal(count_errors(f), 0);
    for (size_t i = 0; i < 12; i++)
        assert_string_equal(pl_envfile_get(f, quoted[i][0])->value, quoted[i][1]);
    const pl_env_entry *z = pl_envfile_get(f, "OPTION_Z");
    assert_int_equal(z->line, 15);
    assert_int_equal(z->quote, PL_ENV_DOUBLE);
    assert_int_equal(pl_envfile_get(f, "OPTION_J")->value_span.end_line, 13);
}

/* substitutions.env and substitutions-default.env, with and without an
 * environment that sets OPTION_A=5 (the environment wins over the file) */
static int env_a5(void *ud, const char *name, size_t n, const char **value)
{
    (void)ud;
    if (n == 8 && !memcmp(name, "OPTION_A", 8)) {
        *value = "5";
        return 1;
    }
    return 0;
}

static void test_compose_go_substitutions(void **state)
{
    (void)state;
    const char *subst = "OPTION_A=1\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\n"
                        "OPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n";
    const char *subst_default = "OPTION_A=${OPTION_A:-1}\nOPTION_B=${OPTION_A}\nOPTION_C=$OPTION_B\n"
                                "OPTION_D=${OPTION_A}_${OPTION_B}\nOPTION_E=${OPTION_NOT_DEFINED}\n";
    pl_interp_env five = {env_a5, NULL};
    static const struct {
        int text, with_env;
        const char *want[5];
    } cases[] = {
        {0, 0, {"1", "1", "1", "1_1", ""}},
        {0, 1, {"1", "5", "5", "5_5", ""}},
        {1, 1, {"5", "5", "5", "5_5", ""}},
        {1, 0, {"1", "1", "1", "1_1", ""}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *t = cases[c].text ? subst_default : subst;
        pl_envfile *f = pl_envfile_parse(arena, ".env", t, strlen(t), cases[c].with_env ? &five : NULL);
        char name[] = "OPTION_A";
        for (int k = 0; k < 5; k++) {
            name[7] = (char)('A' + k);
            assert_string_equal(pl_envfile_get(f, name)->value, cases[c].want[k]);
        }
        /* OPTION_E warned: unset, compose substitutes "" */
        const pl_env_entry *e = pl_envfile_get(f, "OPTION_E");
        assert_int_equal(e->nissues, 1);
        assert_int_equal(e->issues->kind, PL_INTERP_ISSUE_UNSET);
        assert_int_equal(e->issues->line, 5);
        assert_int_equal(e->issues->col, 10);
        assert_int_equal(count_errors(f), 0);
    }
}

static void test_inherited(void **state)
{
    (void)state;
    pl_interp_env five = {env_a5, NULL};
    const char *t = "foo=bar\nOPTION_A\nMISSING\nbar=baz\n";
    pl_envfile *f = pl_envfile_parse(arena, ".env", t, strlen(t), &five);
    assert_int_equal(f->count, 4);
    const pl_env_entry *e = f->entries->next;
    assert_true(e->inherited);
    assert_string_equal(e->value, "5");
    assert_int_equal(e->line, 2);
    e = e->next;
    assert_true(e->inherited);
    assert_null(e->value);
    assert_null(pl_envfile_get(f, "MISSING"));
    assert_string_equal(pl_envfile_get(f, "bar")->value, "baz");
}

typedef struct {
    const char *text;
    int line, col;
    const char *message;
} error_case;

/* What compose refuses, each at its line and column. */
static void test_errors(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* TestErrorParsing: fixtures/invalid1.env */
        {"# some comments\nfoo=\"\n  a\n  multine\n  value\n\"\nINVALID LINE\nzot=qix", 7, 1,
         "key \"INVALID LINE\" cannot contain a space"},
        {"lol$wut", 1, 4, "unexpected character \"$\" in variable name \"lol$wut\""},
        {"%!(EXTRA string)=foo", 1, 1,
         "unexpected character \"%\" in variable name \"%!(EXTRA string)=foo\""},
        /* TestUnterminatedQuotes */
        {"KEY=\"", 1, 5, "unterminated quoted value"},
        {"KEY=\"value", 1, 5, "unterminated quoted value"},
        {"KEY=\"value\\\"", 1, 5, "unterminated quoted value"},
        {"KEY=\"value'", 1, 5, "unterminated quoted value"},
        {"KEY='", 1, 5, "unterminated quoted value"},
        {"KEY='value", 1, 5, "unterminated quoted value"},
        {"KEY='value\\'", 1, 5, "unterminated quoted value"},
        {"KEY='value\"", 1, 5, "unterminated quoted value"},
        /* interpolation compose refuses, in unquoted and double-quoted values */
        {"A=1\nB=x ${bad }", 2, 5, "invalid interpolation format: \"${bad }\" (write $$ for a literal $)"},
        {"A=\"\\t${\"", 1, 6, "invalid interpolation format: \"${\" (write $$ for a literal $)"},
        {"FOO=\"a\" \"b\"", 1, 9, "unexpected character \"\"\" in variable name \"\"b\"\""},
        {"A=1\n  B C=2", 2, 3, "key \"B C\" cannot contain a space"},
        {"A#=1", 1, 2, "unexpected character \"#\" in variable name \"A#=1\""},
        {"\xFF=1", 1, 1, "unexpected character \"\xFF\" in variable name \"\xFF=1\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_envfile *f = parse(cases[i].text);
        const pl_diag *d = f->diags.head;
        if (!d || d->level != PL_DIAG_ERROR || d->span.line != cases[i].line ||
            d->span.col != cases[i].col || strcmp(d->message, cases[i].message) != 0) {
            print_error("case %zu: %s: got %d:%d %s; want %d:%d %s\n", i, cases[i].text,
                        d ? d->span.line : 0, d ? d->span.col : 0, d ? d->message : "(none)",
                        cases[i].line, cases[i].col, cases[i].message);
            fail();
        }
    }
    /* single quotes are literal: no interpolation, so no error */
    assert_int_equal(count_errors(parse("A='${bad }'")), 0);
    /* parsing goes on after a bad line */
    pl_envfile *f = parse("A=1\nB C=2\nD=4\n");
    assert_int_equal(count_errors(f), 1);
    assert_string_equal(pl_envfile_get(f, "D")->value, "4");
    /* a required variable unset is kept on the entry, not a diagnostic (the
     * environment compose runs in may set it) */
    f = parse("A=${NEED:?set it}\n");
    assert_int_equal(count_errors(f), 0);
    assert_int_equal(f->entries->issues->kind, PL_INTERP_ISSUE_REQUIRED);
    assert_string_equal(f->entries->issues->message, "required variable NEED is missing a value: set it");
}

static void test_positions(void **state)
{
    (void)state;
    const char *t = "\xEF\xBB\xBF# c\r\n\r\nexport  KEY = \"v a\" # x\r\nB: 'q'\r\nC=x\n";
    pl_envfile *f = parse(t);
    assert_true(f->has_bom);
    assert_int_equal(f->crlf_lines, 4);
    assert_int_equal(f->count, 3);
    const pl_env_entry *e = f->entries;
    assert_string_equal(e->name, "KEY");
    assert_true(e->exported);
    assert_int_equal(e->line, 3);
    assert_int_equal(e->column, 9);
    assert_int_equal(e->name_span.end_col, 11);
    assert_int_equal(e->value_span.col, 15);
    assert_int_equal(e->value_span.end_col, 19);
    assert_string_equal(e->raw, "v a");
    e = e->next;
    assert_string_equal(e->name, "B");
    assert_int_equal(e->quote, PL_ENV_SINGLE);
    assert_int_equal(e->line, 4);
    assert_int_equal(e->value_span.col, 4);
    e = e->next;
    assert_string_equal(e->value, "x");
    assert_int_equal(e->line, 5);
    /* issues inside a double-quoted value point into the file */
    f = parse("A=\"\\t\\\\ ${NOPE}\"");
    assert_int_equal(f->entries->issues->col, 9);
    assert_int_equal(f->entries->issues->length, 7);
    /* a last line without `=` is kept, with a warning */
    f = parse("A=1\nLAST");
    assert_int_equal(f->diags.count, 1);
    assert_int_equal(f->diags.head->level, PL_DIAG_WARNING);
    assert_int_equal(f->diags.head->span.line, 2);
}

/* A project's .env as the variables of a compose value. */
static void test_lookup_for_compose(void **state)
{
    (void)state;
    pl_envfile *f = parse("TAG=1.2\nREGISTRY=\nUNSET_HERE\nTAG=1.3\n");
    pl_interp_env env = {pl_envfile_lookup, f};
    pl_interp_issues issues = {0};
    const char *in = "${REGISTRY:-docker.io}/app:${TAG} $UNSET_HERE";
    const char *out;
    assert_int_equal(pl_interp_substitute(arena, in, strlen(in), &env, &out, NULL, &issues), 0);
    assert_string_equal(out, "docker.io/app:1.3 ");
    assert_int_equal(issues.count, 1);
    assert_string_equal(issues.head->name, "UNSET_HERE");
    const char *v = NULL;
    assert_int_equal(pl_envfile_lookup(f, "REGISTRY", 8, &v), 1);
    assert_string_equal(v, "");
    assert_int_equal(pl_envfile_lookup(f, "TA", 2, &v), 0);
    assert_int_equal(pl_envfile_lookup(NULL, "TAG", 3, &v), 0);
}

static void test_dump_json(void **state)
{
    (void)state;
    pl_envfile *f = parse("A=1\nB=\"x\\ny\\u0007\"\nINHERITED\nbad key=1\n");
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_envfile_dump_json(f, &sb);
    assert_string_equal(pl_sb_str(&sb),
                        "{\"kind\":\"envfile\",\"entries\":[\n"
                        "  {\"line\":1,\"column\":1,\"name\":\"A\",\"value\":\"1\"},\n"
                        "  {\"line\":2,\"column\":1,\"name\":\"B\",\"value\":\"x\\ny\\\\u0007\"},\n"
                        "  {\"line\":3,\"column\":1,\"name\":\"INHERITED\",\"value\":null}\n"
                        "],\"diagnostics\":[\n"
                        "  {\"line\":4,\"column\":1,\"severity\":\"error\",\"message\":\"key \\\"bad "
                        "key\\\" cannot contain a space\"}\n"
                        "]}\n");
    pl_sb_init(&sb, arena);
    pl_envfile_dump_json(parse(""), &sb);
    assert_string_equal(pl_sb_str(&sb), "{\"kind\":\"envfile\",\"entries\":[],\"diagnostics\":[]}\n");
}

static void test_secrets(void **state)
{
    (void)state;
    static const char *const secret_names[] = {"PASSWORD", "DB_PASSWORD", "POSTGRES_PASSWORD",
                                               "DB_USER_PASSWORD", "API_KEY", "apiKey",
                                               "STRIPE_SECRET_KEY", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
                                               "JWT_SECRET", "SMTP_PASS", "DB_PWD", "OAUTH_CLIENT_SECRET",
                                               "SENTRY_DSN", "PRIVATE_KEY", NULL};
    static const char *const plain_names[] = {"PWD", "KEYBOARD_LAYOUT", "SORT_KEY", "PUBLIC_KEY",
                                              "JWT_PUBLIC_KEY", "PASSWORD_FILE", "TOKEN_TTL",
                                              "SECRET_KEY_LENGTH", "API_URL", "DB_USER",
                                              "AWS_ACCESS_KEY_ID", "PASSENGER_COUNT", "HOST", NULL};
    for (int i = 0; secret_names[i]; i++)
        if (!pl_env_name_is_secret(secret_names[i]))
            fail_msg("%s should be a secret name", secret_names[i]);
    for (int i = 0; plain_names[i]; i++)
        if (pl_env_name_is_secret(plain_names[i]))
            fail_msg("%s should not be a secret name", plain_names[i]);

    static const char *const placeholders[] = {"", "  ", "changeme", "CHANGE_ME", "xxx", "xxxxxxxx",
                                               "********", "<your token>", "your-api-key",
                                               "your_secret_here", "${DB_PASSWORD}", "$SECRET",
                                               "{{ token }}", "secret", "password", "postgres",
                                               "example-key", "replace-with-a-real-key", "TODO",
                                               "...", "insecure", NULL};
    static const char *const real[] = {"hunter2", "s3cr3t-Pa55w0rd!", "sk_live_51Habcdefghijkl",
                                       "ghp_0123456789abcdefghijABCDEFGHIJ012345", "Tr0ub4dor&3",
                                       "a8f5f167f44f4964e6c998dee827110c", NULL};
    for (int i = 0; placeholders[i]; i++)
        if (!pl_env_value_is_placeholder(placeholders[i]))
            fail_msg("\"%s\" should be a placeholder", placeholders[i]);
    for (int i = 0; real[i]; i++)
        if (pl_env_value_is_placeholder(real[i]))
            fail_msg("\"%s\" should look real", real[i]);

    pl_envfile *f = parse("DEBUG=1\nDB_PASSWORD=\"${DB_PASSWORD}\"\nAPI_KEY=changeme\n"
                          "STRIPE_SECRET_KEY=sk_live_51Habcdefghijkl\n");
    const pl_env_entry *e = f->entries;
    assert_false(pl_env_entry_holds_secret(e));
    assert_false(pl_env_entry_holds_secret(e->next));
    assert_false(pl_env_entry_holds_secret(e->next->next));
    assert_true(pl_env_entry_holds_secret(e->next->next->next));

    f = parse("DATABASE_URL=postgres://app:s3cr3t-Pa55@db:5432/app\n"
              "CACHE_URL=redis://:changeme@cache:6379\n"
              "DEV_URL=postgres://postgres:postgres@db/app\n"
              "REF_URL=postgres://app:${DB_PASSWORD}@db/app\n"
              "HOME_URL=https://example.org/a:b@c\n");
    e = f->entries;
    assert_true(pl_env_entry_holds_secret(e));
    for (e = e->next; e; e = e->next)
        if (pl_env_entry_holds_secret(e))
            fail_msg("%s should not hold a secret", e->name);

    int line = 0;
    const char *name = NULL;
    const char *t = "A=1\n# TOKEN=abcdefghijkl\nTOKEN=\nGITHUB_TOKEN=ghp_0123456789abcdef\n";
    assert_true(pl_envfile_text_holds_secret(arena, t, strlen(t), &line, &name));
    assert_int_equal(line, 4);
    assert_string_equal(name, "GITHUB_TOKEN");
    t = "A=1\nTOKEN=\nPASSWORD=changeme\n";
    assert_false(pl_envfile_text_holds_secret(arena, t, strlen(t), NULL, NULL));
}

/* The one secret judgement every rule uses (example env files, compose
 * inline secrets, a .env sent in a context or tracked by git): NAME=VALUE
 * with the value as written. */
static void test_secret_judgement_table(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
        int secret;
    } cases[] = {
        {"TOKEN", "1", 0},
        {"TOKEN", "0", 0},
        {"TOKEN", "", 0},
        {"TOKEN", "changeme", 0},
        {"API_TOKEN", "<your-token>", 0},
        {"API_TOKEN", "<your token>", 0},
        {"SECRET_KEY", "xxx", 0},
        {"SECRET_KEY", "XXXXXXXXXXXX", 0},
        {"SECRET_KEY", "${SECRET_KEY}", 0},
        {"SECRET_KEY", "$SECRET_KEY", 0},
        {"DB_PASSWORD", "your-password-here", 0},
        {"DB_PASSWORD", "postgres", 0},
        {"DB_PASSWORD", "TODO", 0},
        {"ADMIN_PW", "changeit", 0},
        {"DB_PASSWORD", "********", 0},
        {"GITHUB_TOKEN", "ghp_0123456789abcdefghijABCDEFGHIJ012345", 1},
        {"TOKEN", "f3a9c2e1d4b5", 1},
        {"ADMIN_PW", "9f8e7d6c5b", 1},
        {"DJANGO_SECRET_KEY", "k3j4h5g6f7", 1},
        {"STRIPE_SECRET_KEY", "sk_live_51H8aZxQ2eZvKYlo2C8bUq3wN", 1},
        {"DB_PASSWORD", "hunter2", 1},
        /* names that are not secrets, whatever the value */
        {"DEBUG", "f3a9c2e1d4b5", 0},
        {"TOKEN_TTL", "3600", 0},
        {"PASSWORD_FILE", "/run/secrets/db", 0},
        {"KEY", "f3a9c2e1d4b5", 0},
        {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", 0},
        /* a URL's password, under any name */
        {"DATABASE_URL", "postgres://app:s3cr3t-Pa55@db/app", 1},
        {"DATABASE_URL", "postgres://app:changeme@db/app", 0},
        {"DATABASE_URL", "postgres://app:${DB_PASSWORD}@db/app", 0},
        {"DATABASE_URL", "postgres://app@db/app", 0},
        {NULL, "redis://:f3a9c2e1d4b5@cache:6379", 1},
        {"TOKEN", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (pl_env_holds_secret(cases[i].name, cases[i].value) != cases[i].secret)
            fail_msg("%s=%s should %sbe a secret", cases[i].name ? cases[i].name : "(none)",
                     cases[i].value ? cases[i].value : "(null)", cases[i].secret ? "" : "not ");

    /* the text form (a .env in a build context or in git) agrees */
    const char *t = "TOKEN=1\nDEBUG=true\n";
    assert_false(pl_envfile_text_holds_secret(arena, t, strlen(t), NULL, NULL));
    int line = 0;
    t = "TOKEN=1\nexport ADMIN_PW = '9f8e7d6c5b'\n";
    assert_true(pl_envfile_text_holds_secret(arena, t, strlen(t), &line, NULL));
    assert_int_equal(line, 2);
}

/* The grade compose files need (written for everybody who clones): the
 * dev defaults of local setups, from public repositories, are not leaks;
 * generated-looking values and tokens of known issuers are. */
static void test_real_secret_grade(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
        int secret;
    } cases[] = {
        /* dev defaults: the setup's own name, a word, digits after a word,
         * leetspeak of password words, camel-cased phrases */
        {"POSTGRES_PASSWORD", "nextcloud", 0},
        {"POSTGRES_PASSWORD", "mozilla1234", 0},
        {"MYSQL_ROOT_PASSWORD", "whalehello", 0},
        {"SA_PASSWORD", "P@ssw0rd", 0},
        {"WEBUI_SECRET_KEY", "t0p-s3cr3t", 0},
        {"SENTRY_SECRET_KEY", "theSentrySecretKey", 0},
        {"LDAP_QUERY_PASSWORD", "GoodNewsEveryone", 0},
        {"SINGLE_USER_CREDENTIALS_PASSWORD", "@hello@world@", 0},
        {"POSTGRES_PASSWORD", "hello_django", 0},
        {"MYSQL_ROOT_PASSWORD", "123", 0},
        {"DB_PASSWORD", "hunter2", 0},
        {"SECRET", "hackme", 0},
        {"MYSQL_ALLOW_EMPTY_PASSWORD", "yes", 0},
        {"SECRET_KEY", "00000000-0000-0000-0000-000000000000", 0},
        {"STORAGE_SECRET", "change-this-to-your-own-private-secret", 0},
        {"KAFKA_SSL_KEY_CREDENTIALS", "broker_sslkey_creds", 0},
        {"DATABASE_URL", "postgres://hasura:hasura@postgres:5432/hasura", 0},
        {"DATABASE_URL", "postgresql://pythondotorg:pythondotorg@postgres:5432/pythondotorg", 0},
        {"DATABASE_URL", "mysql://root:whalehello@db:3306/mysql", 0},
        {"TOKEN", "${TOKEN}", 0},
        {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", 0},
        /* generated, or issued */
        {"PASSWORD", "ieZaid9soh", 1},
        {"PASSWORD", "9MLSpPmNt", 1},
        {"OPENSEARCH_INITIAL_ADMIN_PASSWORD", "gqYeDIzbEwTTYmB7", 1},
        {"SESSION_SECRET", "141a0668-fd9b-4f4e-b5d0-1b0aa8202c5b", 1},
        {"SECRET_KEY_BASE", "yYrECL4qbNwleYInGJYvVnSkwJuSQJ4ijPTx5tirGUXrbznFIBFVJdPl5t6O9ASw", 1},
        {"TOKEN", "f3a9c2e1d4b5", 1},
        {"FCM_API_KEY", "AIzaSyD6X4ULR-RUsobvs1zZ2bHdJuPz39q2tbQ", 1},
        {"SETTING", "ghp_0123456789abcdefghijABCDEFGHIJ012345", 1},
        {"SLACK", "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", 1},
        {"OPENAI", "sk-proj-3fK9xQ2mZr7LpT4vW8yB1nC6", 1},
        {"DATABASE_URL", "postgres://app:Xq7rP2mKz9@db/app", 1},
        /* a token's prefix says so under any name, in the .env grade too */
        {NULL, "glpat-Ab3dEf6hIj9kLm2nOp5q", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (pl_env_holds_real_secret(cases[i].name, cases[i].value) != cases[i].secret)
            fail_msg("%s=%s should %sbe a real-looking secret", cases[i].name ? cases[i].name : "(none)",
                     cases[i].value, cases[i].secret ? "" : "not ");
    /* a real-looking secret holds at the .env grade too; a dev default
     * that is not a placeholder still counts there (a .env is where real
     * values go) */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cases[i].secret && !pl_env_holds_secret(cases[i].name, cases[i].value))
            fail_msg("%s=%s should be a secret", cases[i].name ? cases[i].name : "(none)", cases[i].value);
    assert_true(pl_env_holds_secret("DB_PASSWORD", "hunter2"));
    assert_true(pl_env_holds_secret("POSTGRES_PASSWORD", "nextcloud"));
    assert_false(pl_env_holds_secret("MYSQL_ALLOW_EMPTY_PASSWORD", "yes"));
    assert_false(pl_env_holds_secret("DATABASE_URL", "postgres://hasura:hasura@postgres/hasura"));
}

static void test_example_names(void **state)
{
    (void)state;
    static const char *const examples[] = {".env.example", ".env.sample", ".env.template",
                                           ".env.dist", "example.env", "env.example",
                                           ".env.local.example", "deploy/.env.sample",
                                           ".env-example", "env_sample", ".ENV.EXAMPLE",
                                           ".env.dev-sample", ".env.prod.db-sample", NULL};
    static const char *const others[] = {".env", ".env.local", "prod.env", "example.txt",
                                         "env-example-secret.not-example.env", ".envrc",
                                         "environment.example", "sample", ".env.dev-prod",
                                         "not-example.env", NULL};
    for (int i = 0; examples[i]; i++)
        if (!pl_env_example_name(examples[i]))
            fail_msg("%s should be an example env file", examples[i]);
    for (int i = 0; others[i]; i++)
        if (pl_env_example_name(others[i]))
            fail_msg("%s should not be an example env file", others[i]);
}

/* Long files stay linear: many keys, each referring to the previous one. */
static void test_large(void **state)
{
    (void)state;
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_sb_puts(&sb, "K0=v\n");
    for (int i = 1; i < 50000; i++)
        pl_sb_printf(&sb, "K%d=${K%d}\n", i, i - 1);
    pl_envfile *f = pl_envfile_parse(arena, ".env", sb.data, sb.len, NULL);
    assert_int_equal(f->count, 50000);
    assert_string_equal(pl_envfile_get(f, "K49999")->value, "v");
    assert_int_equal(pl_envfile_get(f, "K49999")->line, 50000);
    /* NUL bytes and NULL text */
    static const char nul[] = "A=1\0B=2\n";
    f = pl_envfile_parse(arena, ".env", nul, sizeof nul - 1, NULL);
    assert_non_null(f);
    f = pl_envfile_parse(arena, ".env", NULL, 0, NULL);
    assert_int_equal(f->count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_compose_go_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose_go_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose_go_substitutions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inherited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_for_compose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dump_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secrets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_judgement_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_secret_grade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_example_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
