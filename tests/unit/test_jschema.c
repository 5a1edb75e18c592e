/* test_jschema.c — the JSON Schema validator: the official draft-07 cases
 * (Debian's json-schema-test-suite, one test per file; files and groups for
 * what the validator does not support are skipped by name), exact
 * compose-go messages on compose documents, and the work bounds. */
#include <cjson/cJSON.h>
#include <dirent.h>

#include "testutil.h"
#include "plimsoll/jschema.h"
#include "plimsoll/yaml.h"

static const char *suite_dir(void)
{
    const char *e = getenv("PLIMSOLL_JSON_SCHEMA_TEST_SUITE");
    return e && *e ? e : "/usr/share/json-schema-test-suite/tests/draft7";
}

/* Not supported, so skipped (counted as skipped, never as passed). */
static const char *const skipped_files[] = {
    "refRemote.json",   /* $ref to other documents (http://localhost:1234/...) */
    "definitions.json", /* validates against the draft-07 meta-schema, a remote $ref */
    NULL,
};
static const char *const skipped_groups[] = {
    "remote ref, containing refs itself",      /* ref.json: the meta-schema by URL */
    "Recursive references between schemas",   /* ref.json: $id base URIs */
    NULL,
};

static int listed(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

static int suite_passed, suite_failed, suite_skipped;

static void run_suite_file(void **state)
{
    const char *file = *state;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", suite_dir(), file);
    size_t len;
    char *text = tu_read_file(path, &len);
    assert_non_null(text);
    cJSON *groups = cJSON_Parse(text);
    free(text);
    assert_non_null(groups);
    int ncases = 0;
    for (cJSON *g = groups->child; g; g = g->next)
        ncases += cJSON_GetArraySize(cJSON_GetObjectItem(g, "tests"));
    if (listed(skipped_files, file)) {
        suite_skipped += ncases;
        cJSON_Delete(groups);
        skip();
    }
    int failed = 0;
    for (cJSON *g = groups->child; g; g = g->next) {
        const char *gdesc = cJSON_GetObjectItem(g, "description")->valuestring;
        cJSON *tests = cJSON_GetObjectItem(g, "tests");
        if (listed(skipped_groups, gdesc)) {
            suite_skipped += cJSON_GetArraySize(tests);
            continue;
        }
        pl_arena *a = pl_arena_new();
        char *schema_text = cJSON_PrintUnformatted(cJSON_GetObjectItem(g, "schema"));
        const char *err = NULL;
        pl_jschema *s = pl_jschema_compile(a, schema_text, strlen(schema_text), &err);
        free(schema_text);
        for (cJSON *t = tests->child; t; t = t->next) {
            const char *tdesc = cJSON_GetObjectItem(t, "description")->valuestring;
            int want = cJSON_IsTrue(cJSON_GetObjectItem(t, "valid"));
            if (!s) {
                print_error("%s: %s: schema not compiled: %s\n", file, gdesc, err);
                failed++;
                continue;
            }
            char *data = cJSON_PrintUnformatted(cJSON_GetObjectItem(t, "data"));
            pl_ynode *inst = pl_jschema_json_to_ynode(a, data, strlen(data));
            free(data);
            assert_non_null(inst);
            pl_jschema_errors errs;
            int got = pl_jschema_validate(a, s, inst, NULL, &errs) == 0;
            assert_false(errs.incomplete);
            if (got != want) {
                print_error("%s: %s / %s: want %s, got %s (%s)\n", file, gdesc, tdesc,
                            want ? "valid" : "invalid", got ? "valid" : "invalid",
                            errs.n ? errs.items[0].message : "");
                failed++;
            } else if (!want && errs.n == 0) {
                print_error("%s: %s / %s: invalid without an error\n", file, gdesc, tdesc);
                failed++;
            }
        }
        pl_jschema_free(s);
        pl_arena_free(a);
    }
    suite_failed += failed;
    suite_passed += ncases - failed;
    cJSON_Delete(groups);
    assert_int_equal(failed, 0);
}

/* ---- compose documents (as JSON: the YAML reader is tested elsewhere) ---- */

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
    return 0;
}

static pl_jschema_errors compose(const char *json)
{
    pl_ynode *root = pl_jschema_json_to_ynode(arena, json, strlen(json));
    assert_non_null(root);
    pl_jschema_errors errs;
    pl_compose_schema_validate(arena, root, &errs);
    return errs;
}

/* The errors, "path message" one per line, as compose-go words them. */
static const char *compose_errors(const char *json)
{
    pl_jschema_errors errs = compose(json);
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < errs.n; i++)
        pl_sb_printf(&sb, "%s%s%s\n", errs.items[i].path, *errs.items[i].path ? " " : "",
                     errs.items[i].message);
    return pl_sb_str(&sb);
}

#define NEED_SCHEMA()                                                                              \
    do {                                                                                           \
        if (!pl_compose_schema_available())                                                        \
            skip();                                                                                \
    } while (0)

static void test_compose_valid(void **state)
{
    (void)state;
    NEED_SCHEMA();
    static const char *const docs[] = {
        "{\"services\":{\"foo\":{\"image\":\"busybox\"}}}",
        "{\"x-extra-stuff\":{}}",
        "{\"services\":{\"bar\":{\"x-extra\":{}},\"foo\":{\"depends_on\":{\"x-dep\":"
        "{\"condition\":\"service_started\"}}}},\"volumes\":{\"v\":{\"x-a\":{}}}}",
        /* ports as numbers and strings, environment as list and mapping */
        "{\"services\":{\"web\":{\"image\":\"nginx:1.27\",\"ports\":[80,\"8080:80\","
        "{\"target\":80,\"published\":\"8081\"}],\"environment\":{\"A\":1,\"B\":null,\"C\":true}}}}",
        "{\"services\":{\"web\":{\"build\":{\"context\":\".\",\"args\":[\"A=1\"]},"
        "\"healthcheck\":{\"test\":[\"CMD\",\"true\"],\"interval\":\"30s\",\"retries\":3}}}}",
        /* compose casts these strings before validating */
        "{\"services\":{\"web\":{\"privileged\":\"true\",\"deploy\":{\"replicas\":\"2\"},"
        "\"healthcheck\":{\"retries\":\"3\"},\"ulimits\":{\"nofile\":\"1024\"}}}}",
        /* a value known only after interpolation is not judged */
        "{\"services\":{\"web\":{\"ulimits\":{\"nofile\":\"${NOFILE}\"},"
        "\"pull_policy\":\"${POLICY:-always}\"}}}",
        "{\"name\":\"demo\",\"networks\":{\"front\":{\"external\":true}},"
        "\"secrets\":{\"s\":{\"file\":\"./s.txt\"}}}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        const char *got = compose_errors(docs[i]);
        if (*got)
            print_error("doc %zu: %s", i, got);
        assert_string_equal(got, "");
    }
}

static void test_compose_messages(void **state)
{
    (void)state;
    NEED_SCHEMA();
    static const char *const cases[][2] = {
        {"{\"helicopters\":{\"foo\":{\"image\":\"busybox\"}}}",
         "additional properties 'helicopters' not allowed\n"},
        {"{\"services\":{\"web\":{\"image\":\"nginx\",\"foo\":1}}}",
         "services.web additional properties 'foo' not allowed\n"},
        {"{\"services\":{\"foo\":{\"image\":[\"busybox\",\"latest\"]}}}",
         "services.foo.image must be a string\n"},
        {"{\"services\":[{\"foo\":{\"image\":\"busybox\"}}]}", "services must be a mapping\n"},
        {"{\"services\":{\"foo\":\"busybox\"}}", "services.foo must be a mapping\n"},
        {"{\"volumes\":{\"data\":\"local\"}}", "volumes.data must be a mapping or null\n"},
        {"{\"services\":{\"e\":{\"image\":\"b\",\"environment\":{\"FOO\":[\"1\"]}}}}",
         "services.e.environment.FOO must be a boolean, null, number or string\n"},
        {"{\"services\":{\"e\":{\"image\":\"b\",\"environment\":\"FOO=1\"}}}",
         "services.e.environment must be a mapping\n"},
        {"{\"services\":{\"w\":{\"image\":\"b\",\"develop\":{\"watch\":[{\"path\":\".\"}]}}}}",
         "services.w.develop.watch.0 missing property 'action'\n"},
        {"{\"services\":{\"t\":{\"image\":\"b\",\"volumes\":[{\"type\":\"tmpfs\",\"target\":\"/x\","
         "\"foo\":1}]}}}",
         "services.t.volumes.0 additional properties 'foo' not allowed\n"},
        {"{\"services\":{\"t\":{\"image\":\"b\",\"volumes\":[{\"type\":\"tmpfs\",\"target\":\"/x\","
         "\"tmpfs\":{\"size\":-1}}]}}}",
         "services.t.volumes.0.tmpfs.size must be greater than or equal to 0\n"},
        {"{\"services\":{\"w\":{\"image\":\"b\",\"ports\":[true]}}}",
         "services.w.ports.0 must be a number\n"}, /* first of the oneOf on a tie */
        {"{\"services\":{\"w\":{\"image\":\"b\",\"privileged\":\"maybe\"}}}",
         "services.w.privileged invalid boolean: maybe\n"},
        {"{\"services\":{\"w\":{\"image\":\"b\",\"pull_policy\":\"sometimes\"}}}",
         "services.w.pull_policy 'sometimes' does not match pattern "
         "'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'\n"},
        {"{\"services\":{\"w\":{\"image\":\"b\",\"cap_add\":[\"NET_ADMIN\",\"NET_ADMIN\"]}}}",
         "services.w.cap_add items at 0 and 1 are equal\n"},
        /* independent failures are separate errors */
        {"{\"services\":{\"a\":{\"image\":1},\"b\":{\"bogus\":true}}}",
         "services.a.image must be a string\nservices.b additional properties 'bogus' not allowed\n"},
        {"[]", "top-level object must be a mapping\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = compose_errors(cases[i][0]);
        if (strcmp(got, cases[i][1]))
            print_error("case %zu: %s\nwant: %sgot:  %s", i, cases[i][0], cases[i][1], got);
        assert_string_equal(got, cases[i][1]);
    }
}

static void test_error_node(void **state)
{
    (void)state;
    NEED_SCHEMA();
    const char *doc = "{\"services\":{\"web\":{\"image\":\"nginx\",\"foo\":1}}}";
    pl_ynode *root = pl_jschema_json_to_ynode(arena, doc, strlen(doc));
    pl_jschema_errors errs;
    assert_int_equal(pl_compose_schema_validate(arena, root, &errs), 1);
    assert_int_equal(errs.n, 1);
    const pl_ynode *web = root->pairs[0].value->pairs[0].value;
    assert_ptr_equal(errs.items[0].node, web);
    assert_ptr_equal(errs.items[0].key, web->pairs[1].key);
    assert_string_equal(errs.items[0].keyword, "additionalProperties");
}

/* Real compose files read by the YAML reader: the error, its node's line
 * and column, as "line:col path message". */
static const char *yaml_errors(const char *text)
{
    pl_yaml *y = pl_yaml_parse(arena, "compose.yaml", text, strlen(text), NULL);
    assert_int_equal(y->diags.errors, 0);
    assert_true(y->ndocs >= 1);
    pl_jschema_errors errs;
    pl_compose_schema_validate(arena, y->docs[0], &errs);
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    for (int i = 0; i < errs.n; i++) {
        const pl_jschema_error *e = &errs.items[i];
        pl_span at = e->key ? e->key->span : e->node->span;
        pl_sb_printf(&sb, "%d:%d %s%s%s\n", at.line, at.col, e->path, *e->path ? " " : "",
                     e->message);
    }
    return pl_sb_str(&sb);
}

static void test_compose_yaml(void **state)
{
    (void)state;
    NEED_SCHEMA();
    static const char *const cases[][2] = {
        /* YAML 1.2 typing: yes/on are strings, compose casts them for booleans */
        {"services:\n  web:\n    image: nginx:1.27\n    tty: yes\n    init: on\n"
         "    ports:\n      - 22:22\n      - 8080\n",
         ""},
        /* anchors and merge keys are applied before validation */
        {"x-base: &base\n  restart: always\n  bogus: 1\nservices:\n  web:\n    <<: *base\n"
         "    image: nginx:1.27\n",
         "3:3 services.web additional properties 'bogus' not allowed\n"},
        {"services:\n  web:\n    image: nginx:1.27\n    environment:\n      FOO: [1]\n",
         "5:12 services.web.environment.FOO must be a boolean, null, number or string\n"},
        {"services:\n  t:\n    image: b\n    volumes:\n      - type: tmpfs\n        target: /x\n"
         "        tmpfs:\n          size: -1\n",
         "8:17 services.t.volumes.0.tmpfs.size must be greater than or equal to 0\n"},
        {"services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n"
         "        condition: healthy\n",
         "6:20 services.web.depends_on.db.condition value must be one of 'service_started', "
         "'service_healthy', 'service_completed_successfully'\n"},
        {"services:\n  web:\n", "2:7 services.web must be a mapping\n"},
        {"name: 3\nservices: {}\n", "1:7 name must be a string\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = yaml_errors(cases[i][0]);
        if (strcmp(got, cases[i][1]))
            print_error("case %zu:\n%swant: %sgot:  %s", i, cases[i][0], cases[i][1], got);
        assert_string_equal(got, cases[i][1]);
    }
}

/* ---- generic behaviour ----------------------------------------------------- */

static pl_jschema *compile(const char *json)
{
    const char *err = NULL;
    pl_jschema *s = pl_jschema_compile(arena, json, strlen(json), &err);
    if (!s)
        print_error("compile: %s\n", err);
    return s;
}

static void test_compile_errors(void **state)
{
    (void)state;
    const char *err = NULL;
    assert_null(pl_jschema_compile(arena, "{", 1, &err));
    assert_non_null(err);
    const char *remote = "{\"$ref\":\"http://example.com/s.json\"}";
    assert_null(pl_jschema_compile(arena, remote, strlen(remote), &err));
    assert_non_null(strstr(err, "unsupported $ref"));
    const char *dangling = "{\"$ref\":\"#/definitions/none\"}";
    assert_null(pl_jschema_compile(arena, dangling, strlen(dangling), &err));
    assert_non_null(strstr(err, "points nowhere"));
    const char *badre = "{\"pattern\":\"(\"}";
    assert_null(pl_jschema_compile(arena, badre, strlen(badre), &err));
    assert_non_null(strstr(err, "invalid regular expression"));
}

static void test_oneof_most_specific(void **state)
{
    (void)state;
    /* the deeper failure of the two branches is the one reported */
    pl_jschema *s = compile("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"object\","
                            "\"properties\":{\"a\":{\"type\":\"integer\"}}}]}");
    assert_non_null(s);
    pl_ynode *inst = pl_jschema_json_to_ynode(arena, "{\"a\":\"x\"}", 9);
    pl_jschema_errors errs;
    assert_int_equal(pl_jschema_validate(arena, s, inst, NULL, &errs), 1);
    assert_int_equal(errs.n, 1);
    assert_string_equal(errs.items[0].path, "a");
    assert_string_equal(errs.items[0].message, "must be a integer");
    pl_jschema_free(s);
}

static void test_nested_oneof_bounded(void **state)
{
    (void)state;
    /* 40 levels of a two-way oneOf whose branches both descend: 2^40
     * checks without a bound */
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_sb_puts(&sb, "{\"$ref\":\"#/definitions/d0\",\"definitions\":{");
    for (int i = 0; i < 40; i++)
        pl_sb_printf(&sb, "\"d%d\":{\"oneOf\":[{\"$ref\":\"#/definitions/d%d\"},"
                          "{\"allOf\":[{\"$ref\":\"#/definitions/d%d\"}]}]},",
                     i, i + 1, i + 1);
    pl_sb_puts(&sb, "\"d40\":{\"type\":\"string\"}}}");
    pl_jschema *s = compile(pl_sb_str(&sb));
    assert_non_null(s);
    pl_ynode *inst = pl_jschema_json_to_ynode(arena, "true", 4);
    pl_jschema_options o = {.max_steps = 100000};
    pl_jschema_errors errs;
    pl_jschema_validate(arena, s, inst, &o, &errs);
    assert_int_equal(errs.n, 0);
    assert_true(errs.incomplete);
    pl_jschema_free(s);
}

static void test_ref_cycle_bounded(void **state)
{
    (void)state;
    pl_jschema *s = compile("{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},"
                            "\"b\":{\"$ref\":\"#/definitions/a\"}},\"$ref\":\"#/definitions/a\"}");
    assert_non_null(s);
    pl_ynode *inst = pl_jschema_json_to_ynode(arena, "1", 1);
    pl_jschema_errors errs;
    pl_jschema_validate(arena, s, inst, NULL, &errs);
    assert_true(errs.incomplete);
    pl_jschema_free(s);
}

static void test_unique_items_large(void **state)
{
    (void)state;
    pl_jschema *s = compile("{\"uniqueItems\":true}");
    pl_strbuf sb;
    pl_sb_init(&sb, arena);
    pl_sb_putc(&sb, '[');
    for (int i = 0; i < 50000; i++)
        pl_sb_printf(&sb, "%s%d", i ? "," : "", i);
    pl_sb_puts(&sb, ",17]");
    const char *doc = pl_sb_str(&sb);
    pl_ynode *inst = pl_jschema_json_to_ynode(arena, doc, strlen(doc));
    pl_jschema_errors errs;
    assert_int_equal(pl_jschema_validate(arena, s, inst, NULL, &errs), 1);
    assert_string_equal(errs.items[0].message, "items at 17 and 50000 are equal");
    pl_jschema_free(s);
}

static void test_ecma_regex_options(void **state)
{
    (void)state;
    /* $ matches only at the very end (ECMA), \u escapes are code points */
    pl_jschema *s = compile("{\"pattern\":\"^a\\\\u00e9$\"}");
    assert_non_null(s);
    pl_jschema_errors errs;
    pl_ynode *ok = pl_jschema_json_to_ynode(arena, "\"a\\u00e9\"", 9);
    assert_int_equal(pl_jschema_validate(arena, s, ok, NULL, &errs), 0);
    pl_ynode *nl = pl_jschema_json_to_ynode(arena, "\"a\\u00e9\\n\"", 11);
    assert_int_equal(pl_jschema_validate(arena, s, nl, NULL, &errs), 1);
    pl_jschema_free(s);
}

static void draft7_suite_missing(void **state)
{
    (void)state;
    skip();
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    struct CMUnitTest tests[128];
    int n = 0;
    char *files[96];
    int nfiles = 0;
    DIR *d = opendir(suite_dir());
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) && nfiles < 96) {
            size_t l = strlen(e->d_name);
            if (l > 5 && !strcmp(e->d_name + l - 5, ".json"))
                files[nfiles++] = strdup(e->d_name);
        }
        closedir(d);
        qsort(files, (size_t)nfiles, sizeof *files, cmp_str);
    }
    if (nfiles == 0)
        tests[n++] = (struct CMUnitTest){"draft7_suite_missing", draft7_suite_missing, NULL, NULL,
                                         NULL};
    for (int i = 0; i < nfiles; i++) {
        char *name = malloc(strlen(files[i]) + 16);
        sprintf(name, "draft7_%s", files[i]);
        tests[n++] = (struct CMUnitTest){name, run_suite_file, NULL, NULL, files[i]};
    }
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test_setup_teardown(test_compose_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_node, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose_yaml, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compile_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oneof_most_specific, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_oneof_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ref_cycle_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unique_items_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ecma_regex_options, setup, teardown),
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        tests[n++] = fixed[i];
    if (nfiles == 0)
        print_message("json-schema-test-suite not found in %s: draft-07 cases not run\n",
                      suite_dir());
    int rc = _cmocka_run_group_tests("jschema", tests, (size_t)n, NULL, NULL);
    print_message("json-schema-test-suite draft7: %d cases passed, %d failed, %d skipped\n",
                  suite_passed, suite_failed, suite_skipped);
    for (int i = 0; i < nfiles; i++) {
        free((void *)tests[i].name);
        free(files[i]);
    }
    return rc;
}
