/* test_compose_fragments.c — compose files whose relative paths resolve
 * somewhere else than beside them: an override fragment with no base
 * compose file beside it (users copy it next to the base). What such a
 * file names is unknown there, not missing; the same file beside its base,
 * or named by itself, is judged. */
#include "gitfixture.h"
#include "plimsoll/compose_project.h"

#define BUF 8192

static void run_selected(fx_repo *r, fx_run *run, const char *path, const char *rule)
{
    fx_cd(r, NULL);
    run->paths[0] = path;
    run->select[0] = rule;
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

static const char fragment[] = "services:\n"
                               "  clamd:\n"
                               "    build: ./data/Dockerfiles/clamd\n"
                               "    env_file: ./data/conf/clamd.env\n";

static const char *const frag_path =
    "helper-scripts/docker-compose.override.yml.d/BUILD_FLAGS/docker-compose.override.yml";

/* mailcow's helper-scripts/docker-compose.override.yml.d/BUILD_FLAGS/
 * docker-compose.override.yml: its paths exist from the repository root,
 * where users (and the CI) copy it. */
static void test_override_fragment(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "docker-compose.yml", "services:\n  clamd:\n    image: acme/clamd:1.0\n");
    fx_write(&r, "data/Dockerfiles/clamd/Dockerfile", "FROM alpine:3.20\n");
    fx_write(&r, frag_path, fragment);
    char buf[BUF];
    fx_run run = {0};
    run_selected(&r, &run, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&run, "compose-build-context-missing", buf, sizeof buf), "");
    fx_assert_result(&run, frag_path, "compose-build-context-missing", PL_STATUS_SKIP,
                     "service clamd: an override file with no base compose file beside it: its "
                     "relative paths resolve against the directory of the base it is copied next "
                     "to, which is not known");
    fx_run_free(&run);

    fx_run env = {0};
    run_selected(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf), "");
    fx_assert_result(&env, frag_path, "compose-env-file-missing", PL_STATUS_SKIP,
                     "1 required env_file read; an override file with no base compose file "
                     "beside it: its relative paths resolve against the directory of the base "
                     "it is copied next to, which is not known");
    fx_run_free(&env);

    /* named by itself, it is what the user asked about: a project of its
     * own (`docker compose -f FILE`), whose paths resolve beside it */
    fx_run named = {0};
    run_selected(&r, &named, frag_path, "compose-build-context-missing");
    assert_string_equal(fx_findings(&named, "compose-build-context-missing", buf, sizeof buf),
                        "helper-scripts/docker-compose.override.yml.d/BUILD_FLAGS/"
                        "docker-compose.override.yml:3:12");
    fx_run_free(&named);
    fx_cleanup(&r);
}

/* An override with its base beside it is part of the base's project, and
 * an alone file not named like an override is a project of its own: both
 * are judged where they are. */
static void test_judged_where_they_are(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "a/docker-compose.yml", "services:\n  clamd:\n    image: acme/clamd:1.0\n");
    fx_write(&r, "a/docker-compose.override.yml", fragment);
    fx_write(&r, "b/docker-compose.prod.yml", fragment);
    /* "overrides" is not the word override */
    fx_write(&r, "c/compose.overrides.yaml", fragment);
    char buf[BUF];
    fx_run run = {0};
    run_selected(&r, &run, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&run, "compose-build-context-missing", buf, sizeof buf),
                        "a/docker-compose.override.yml:3:12 b/docker-compose.prod.yml:3:12 "
                        "c/compose.overrides.yaml:3:12");
    fx_run_free(&run);

    fx_run env = {0};
    run_selected(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf),
                        "a/docker-compose.override.yml:4:15 b/docker-compose.prod.yml:4:15 "
                        "c/compose.overrides.yaml:4:15");
    fx_run_free(&env);
    fx_cleanup(&r);
}

static void test_override_name(void **state)
{
    (void)state;
    assert_true(pl_compose_override_name("docker-compose.override.yml"));
    assert_true(pl_compose_override_name("compose.gpu.override.yaml"));
    assert_true(pl_compose_override_name("override.compose.yaml"));
    assert_true(pl_compose_override_name("compose-override.yml"));
    assert_false(pl_compose_override_name("compose.overrides.yaml"));
    assert_false(pl_compose_override_name("docker-compose.yml"));
    assert_false(pl_compose_override_name("nooverride.yml"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_override_fragment),
        cmocka_unit_test(test_judged_where_they_are),
        cmocka_unit_test(test_override_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
