/* test_compose_merged.c — compose files that are parts of a project merged
 * with `docker compose -f BASE -f PART ...`: a base defines the shared
 * network, parts add services that use it and write their paths against
 * the base's directory. What a part names but another compose file of the
 * repository defines, and a path that exists from a base's directory, is
 * unknown there, not missing; what exists nowhere is still a finding, and
 * a whole project is judged as written. */
#include "gitfixture.h"
#include "plimsoll/compose_project.h"

#define BUF 8192

/* A Go test harness's suites (authelia's internal/suites): every suite
 * runs `docker compose -f internal/suites/compose.yml -f PART ...`. */
static void write_harness(fx_repo *r)
{
    fx_write(r, "internal/suites/compose.yml",
             "networks:\n  suitenet:\n    driver: bridge\n");
    fx_write(r, "internal/suites/Directory/compose.yml",
             "services:\n"
             "  backend:\n"
             "    depends_on:\n"
             "      ldap:\n"
             "        condition: service_healthy\n"
             "    volumes:\n"
             "      - './Directory/configuration.yml:/config/configuration.yml'\n");
    fx_write(r, "internal/suites/example/compose/ldap/compose.yml",
             "services:\n"
             "  ldap:\n"
             "    image: acme/ldap:1.0\n"
             "    networks:\n"
             "      suitenet: {}\n");
    fx_write(r, "internal/suites/example/compose/app/compose.backend.yml",
             "services:\n"
             "  backend:\n"
             "    build:\n"
             "      context: 'example/compose/app'\n"
             "      dockerfile: 'Dockerfile.backend'\n"
             "    env_file: 'example/compose/app/app.env'\n"
             "    networks:\n"
             "      suitenet: {}\n");
    fx_write(r, "internal/suites/example/compose/app/Dockerfile.backend", "FROM alpine:3.20\n");
    fx_write(r, "internal/suites/example/compose/app/app.env", "LOG_LEVEL=debug\n");
    fx_write(r, "internal/suites/example/compose/pam/compose.yml",
             "services:\n"
             "  pam:\n"
             "    build:\n"
             "      context: '../..'\n"
             "      dockerfile: 'internal/suites/example/compose/pam/Dockerfile'\n"
             "    networks:\n"
             "      suitenet: {}\n");
    fx_write(r, "internal/suites/example/compose/pam/Dockerfile", "FROM alpine:3.20\n");
}

static void test_parts_of_a_merged_project(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    write_harness(&r);
    char buf[BUF];

    fx_run refs = {0};
    fx_run_rule_at(&r, &refs, ".", "compose-reference");
    assert_int_equal(refs.rc, 0);
    assert_string_equal(fx_findings(&refs, "compose-reference", buf, sizeof buf), "");
    fx_assert_result(&refs, "internal/suites/Directory/compose.yml", "compose-reference",
                     PL_STATUS_SKIP,
                     "1 name the services use is not defined in the files of this project but in "
                     "other compose files of the repository (the service ldap is defined in "
                     "internal/suites/example/compose/ldap/compose.yml): this file is likely "
                     "merged with them (`docker compose -f BASE -f THIS`), whose project defines "
                     "it");
    fx_assert_result(&refs, "internal/suites/example/compose/pam/compose.yml", "compose-reference",
                     PL_STATUS_SKIP,
                     "1 name the services use is not defined in the files of this project but in "
                     "other compose files of the repository (the network suitenet is defined in "
                     "internal/suites/compose.yml): this file is likely merged with them (`docker "
                     "compose -f BASE -f THIS`), whose project defines it");
    fx_run_free(&refs);

    fx_run ctx = {0};
    fx_run_rule_at(&r, &ctx, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&ctx, "compose-build-context-missing", buf, sizeof buf), "");
    fx_assert_result(&ctx, "internal/suites/example/compose/app/compose.backend.yml",
                     "compose-build-context-missing", PL_STATUS_SKIP,
                     "service backend builds from internal/suites/example/compose/app/example/"
                     "compose/app, missing here; resolved against internal/suites, the directory "
                     "of internal/suites/compose.yml (which defines the network suitenet this "
                     "file uses), it exists: compose resolves the paths of every `-f` file "
                     "against the first file's directory, and this file may be merged after that "
                     "one");
    fx_run_free(&ctx);

    fx_run df = {0};
    fx_run_rule_at(&r, &df, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&df, "compose-dockerfile-missing", buf, sizeof buf), "");
    fx_assert_result(&df, "internal/suites/example/compose/pam/compose.yml",
                     "compose-dockerfile-missing", PL_STATUS_SKIP,
                     "service pam builds internal/suites/example/compose/pam/../../internal/"
                     "suites/example/compose/pam/Dockerfile, missing here; resolved against "
                     "internal/suites, the directory of internal/suites/compose.yml (which "
                     "defines the network suitenet this file uses), it exists: compose resolves "
                     "the paths of every `-f` file against the first file's directory, and this "
                     "file may be merged after that one");
    fx_run_free(&df);

    fx_run env = {0};
    fx_run_rule_at(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf), "");
    fx_assert_result(&env, "internal/suites/example/compose/app/compose.backend.yml",
                     "compose-env-file-missing", PL_STATUS_SKIP,
                     "1 required env_file read; resolved against internal/suites, the directory "
                     "of internal/suites/compose.yml (which defines the network suitenet this "
                     "file uses), it exists: compose resolves the paths of every `-f` file "
                     "against the first file's directory, and this file may be merged after that "
                     "one");
    fx_run_free(&env);
    fx_cleanup(&r);
}

/* In the same harness, a name no compose file defines and a path that
 * exists from no base are still findings. */
static void test_parts_still_judged(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    write_harness(&r);
    fx_write(&r, "internal/suites/example/compose/pam/compose.yml",
             "services:\n"
             "  pam:\n"
             "    build:\n"
             "      context: '../..'\n"
             "      dockerfile: 'internal/suites/example/compose/pam/Dockerfile.gone'\n"
             "    networks:\n"
             "      suitenet: {}\n"
             "      othernet: {}\n");
    fx_write(&r, "internal/suites/example/compose/app/compose.backend.yml",
             "services:\n"
             "  backend:\n"
             "    build:\n"
             "      context: 'example/compose/nowhere'\n"
             "    networks:\n"
             "      suitenet: {}\n");
    char buf[BUF];
    fx_run refs = {0};
    fx_run_rule_at(&r, &refs, ".", "compose-reference");
    assert_string_equal(fx_findings(&refs, "compose-reference", buf, sizeof buf),
                        "internal/suites/example/compose/pam/compose.yml:8:7");
    fx_run_free(&refs);

    fx_run ctx = {0};
    fx_run_rule_at(&r, &ctx, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&ctx, "compose-build-context-missing", buf, sizeof buf),
                        "internal/suites/example/compose/app/compose.backend.yml:4:16");
    fx_run_free(&ctx);

    fx_run df = {0};
    fx_run_rule_at(&r, &df, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&df, "compose-dockerfile-missing", buf, sizeof buf),
                        "internal/suites/example/compose/pam/compose.yml:5:19");
    fx_run_free(&df);
    fx_cleanup(&r);
}

/* Examples that are each a whole project (monica's .examples folders): one
 * mounting a volume only its siblings define is wrong, not merged; and a
 * whole project below another compose file is judged from its own
 * directory (a broken `../..` stays broken). */
static void test_whole_projects_judged(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "examples/full/docker-compose.yml",
             "services:\n"
             "  db:\n"
             "    image: mysql:8.0\n"
             "    volumes:\n"
             "      - mysqldata:/var/lib/mysql\n"
             "volumes:\n"
             "  mysqldata:\n");
    fx_write(&r, "examples/fpm/docker-compose.yml",
             "services:\n"
             "  db:\n"
             "    image: mysql:8.0\n"
             "    volumes:\n"
             "      - mysqldata:/var/lib/mysql\n"
             "volumes:\n"
             "  mysql:\n");
    fx_write(&r, "docker-compose.yml", "services:\n  gateway:\n    build: .\n");
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\n");
    fx_write(&r, "crates/gateway/Dockerfile", "FROM alpine:3.20\n");
    fx_write(&r, "examples/cursor/docker-compose.yml",
             "services:\n"
             "  gateway:\n"
             "    build:\n"
             "      context: ..\n"
             "      dockerfile: crates/gateway/Dockerfile\n");
    char buf[BUF];
    fx_run refs = {0};
    fx_run_rule_at(&r, &refs, ".", "compose-reference");
    assert_string_equal(fx_findings(&refs, "compose-reference", buf, sizeof buf),
                        "examples/fpm/docker-compose.yml:5:9");
    fx_run_free(&refs);

    fx_run df = {0};
    fx_run_rule_at(&r, &df, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&df, "compose-dockerfile-missing", buf, sizeof buf),
                        "examples/cursor/docker-compose.yml:5:19");
    fx_run_free(&df);
    fx_cleanup(&r);
}

/* A part that shows no sign of it by itself, merged after a base by a
 * Makefile's `docker compose -f BASE -f PART`: its paths resolve from the
 * base's directory. Without the command it is a project of its own. */
static void test_named_in_a_compose_command(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "docker/compose.yml", "services:\n  app:\n    image: acme/app:1.0\n");
    fx_write(&r, "docker/dev/compose.dev.yml",
             "services:\n"
             "  app:\n"
             "    build:\n"
             "      context: .\n"
             "      dockerfile: dev/Dockerfile\n");
    fx_write(&r, "docker/dev/Dockerfile", "FROM alpine:3.20\n");
    char buf[BUF];
    fx_run alone = {0};
    fx_run_rule_at(&r, &alone, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&alone, "compose-dockerfile-missing", buf, sizeof buf),
                        "docker/dev/compose.dev.yml:5:19");
    fx_run_free(&alone);

    fx_write(&r, "Makefile",
             "dev:\n\tdocker compose -p app -f docker/compose.yml -f docker/dev/compose.dev.yml "
             "up\n");
    fx_run merged = {0};
    fx_run_rule_at(&r, &merged, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&merged, "compose-dockerfile-missing", buf, sizeof buf), "");
    fx_assert_result(&merged, "docker/dev/compose.dev.yml", "compose-dockerfile-missing",
                     PL_STATUS_SKIP,
                     "service app builds docker/dev/dev/Dockerfile, missing here; resolved "
                     "against docker, the directory of docker/compose.yml (named before it in "
                     "`docker compose -f` at Makefile:2), it exists: compose resolves the paths of "
                     "every `-f` file against the first file's directory, and this file may be "
                     "merged after that one");
    fx_run_free(&merged);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_of_a_merged_project),
        cmocka_unit_test(test_parts_still_judged),
        cmocka_unit_test(test_whole_projects_judged),
        cmocka_unit_test(test_named_in_a_compose_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
