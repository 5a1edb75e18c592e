/* test_compose_services.c — the accessor and value helpers the compose
 * rules beyond validity share (src/rules/compose/services.h): services read
 * from a compose file's tree, image names, build paths. */
#include "testutil.h"
#include "../../src/rules/compose/services.h"

static void test_image_repo_and_tag(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *tag;
    assert_string_equal(pl_svc_image_repo(a, "postgres:16", &tag), "postgres");
    assert_string_equal(tag, "16");
    assert_string_equal(pl_svc_image_repo(a, "docker.io/library/Redis:7-alpine", &tag), "redis");
    assert_string_equal(tag, "7-alpine");
    assert_string_equal(pl_svc_image_repo(a, "bitnami/postgresql", &tag), "bitnami/postgresql");
    assert_string_equal(tag, "");
    assert_string_equal(pl_svc_image_repo(a, "localhost:5000/team/api:1.2@sha256:abc", &tag),
                        "team/api");
    assert_string_equal(tag, "1.2");
    assert_string_equal(pl_svc_image_repo(a, "mcr.microsoft.com/mssql/server:2022-latest", &tag),
                        "mssql/server");
    pl_arena_free(a);
}

static void test_official_images(void **state)
{
    (void)state;
    assert_true(pl_svc_image_official("postgres:16"));
    assert_true(pl_svc_image_official("docker.io/library/redis"));
    assert_true(pl_svc_image_official("library/mysql:8@sha256:00"));
    assert_true(pl_svc_image_official("docker.io/nginx:1.27"));
    assert_false(pl_svc_image_official("bitnami/redis:7"));
    assert_false(pl_svc_image_official("ghcr.io/acme/api:1"));
    assert_false(pl_svc_image_official("localhost:5000/postgres"));
    assert_false(pl_svc_image_official("${IMAGE}"));
}

static pl_file *compose_file(pl_arena *a, const char *path, const char *text)
{
    pl_file *f = PL_NEW(a, pl_file);
    f->arena = a;
    f->path = path;
    f->kind = PL_KIND_COMPOSE;
    f->data = text;
    f->len = strlen(text);
    f->compose = pl_yaml_parse(a, path, text, f->len, NULL);
    return f;
}

static void test_services_and_builds(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_file *f = compose_file(a, "deploy/compose.yaml",
                              "x-base: &base\n  restart: always\n"
                              "services:\n"
                              "  api:\n    <<: *base\n    build: ./api\n"
                              "  web:\n    build:\n      context: ../web\n      dockerfile: docker/Dockerfile\n"
                              "      target: prod\n"
                              "  gen:\n    build:\n      context: .\n      dockerfile_inline: FROM scratch\n"
                              "  remote:\n    build: https://github.com/acme/app.git#main\n"
                              "  dyn:\n    build: ${CTX}\n"
                              "  broken: just-a-string\n");
    pl_svc *s;
    int n = pl_compose_services(f, &s);
    assert_int_equal(n, 5); /* `broken` is not a mapping: the schema rule's finding */
    assert_string_equal(s[0].name, "api");
    assert_int_equal(s[0].key->span.line, 4);
    assert_int_equal(s[0].key->span.col, 3);
    assert_string_equal(s[0].dir, "deploy");
    assert_non_null(pl_yaml_get(s[0].node, "restart")); /* merge keys applied */

    pl_svc_build b;
    pl_svc_build_of(a, &s[0], &b);
    assert_true(b.builds && b.known);
    assert_string_equal(b.context, "deploy/api");
    assert_string_equal(b.dockerfile, "deploy/api/Dockerfile");
    assert_null(b.dockerfile_at);

    pl_svc_build_of(a, &s[1], &b);
    assert_string_equal(b.context, "deploy/../web");
    assert_string_equal(b.dockerfile, "deploy/../web/docker/Dockerfile");
    assert_string_equal(b.target, "prod");
    assert_int_equal(b.dockerfile_at->span.line, 10);

    pl_svc_build_of(a, &s[2], &b);
    assert_true(b.known);
    assert_string_equal(b.context, "deploy");
    assert_null(b.dockerfile);

    pl_svc_build_of(a, &s[3], &b);
    assert_true(b.builds && !b.known);
    assert_string_equal(b.why_unknown, "the build context is remote");
    pl_svc_build_of(a, &s[4], &b);
    assert_false(b.known);
    assert_string_equal(b.why_unknown, "the build context is interpolated");

    pl_file *none = compose_file(a, "c.yaml", "name: x\n");
    assert_int_equal(pl_compose_services(none, &s), 0);
    none->kind = PL_KIND_DOCKERFILE;
    assert_int_equal(pl_compose_services(none, &s), -1);
    pl_arena_free(a);
}

static void test_value_helpers(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *text = "a: true\nb: \"true\"\nc: 3\nd: -1\ne: ~\nf: x$Y\n";
    pl_yaml *y = pl_yaml_parse(a, "v.yaml", text, strlen(text), NULL);
    const pl_ynode *m = y->docs[0];
    assert_true(pl_svc_true(pl_yaml_get(m, "a")));
    assert_true(pl_svc_true(pl_yaml_get(m, "b")));
    assert_int_equal(pl_svc_int(pl_yaml_get(m, "c")), 3);
    assert_int_equal(pl_svc_int(pl_yaml_get(m, "d")), -1);
    assert_null(pl_svc_scalar(pl_yaml_get(m, "e")));
    assert_true(pl_svc_dynamic(pl_svc_scalar(pl_yaml_get(m, "f"))));
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_repo_and_tag),
        cmocka_unit_test(test_official_images),
        cmocka_unit_test(test_services_and_builds),
        cmocka_unit_test(test_value_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
