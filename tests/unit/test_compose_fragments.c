/* test_compose_fragments.c — compose files whose relative paths resolve
 * somewhere else than beside them: an override fragment with no base
 * compose file beside it (users copy it next to the base). What such a
 * file names is unknown there, not missing; the same file beside its base,
 * or named by itself, is judged. */
#include "gitfixture.h"
#include "plimsoll/compose_project.h"

#define BUF 8192

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
    fx_run_rule_at(&r, &run, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&run, "compose-build-context-missing", buf, sizeof buf), "");
    fx_assert_result(&run, frag_path, "compose-build-context-missing", PL_STATUS_SKIP,
                     "service clamd: an override file with no base compose file beside it: its "
                     "relative paths resolve against the directory of the base it is copied next "
                     "to, which is not known");
    fx_run_free(&run);

    fx_run env = {0};
    fx_run_rule_at(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf), "");
    fx_assert_result(&env, frag_path, "compose-env-file-missing", PL_STATUS_SKIP,
                     "1 required env_file read; an override file with no base compose file "
                     "beside it: its relative paths resolve against the directory of the base "
                     "it is copied next to, which is not known");
    fx_run_free(&env);

    /* named by itself, it is what the user asked about: a project of its
     * own (`docker compose -f FILE`), whose paths resolve beside it */
    fx_run named = {0};
    fx_run_rule_at(&r, &named, frag_path, "compose-build-context-missing");
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
    fx_run_rule_at(&r, &run, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&run, "compose-build-context-missing", buf, sizeof buf),
                        "a/docker-compose.override.yml:3:12 b/docker-compose.prod.yml:3:12 "
                        "c/compose.overrides.yaml:3:12");
    fx_run_free(&run);

    fx_run env = {0};
    fx_run_rule_at(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf),
                        "a/docker-compose.override.yml:4:15 b/docker-compose.prod.yml:4:15 "
                        "c/compose.overrides.yaml:4:15");
    fx_run_free(&env);
    fx_cleanup(&r);
}

/* harbor's tests/docker-compose.test.yml: tests/testprepare.sh copies it
 * to make/, where `prepare` writes the env_file it reads. A missing path
 * is unknown; the same file with no script copying it is judged. */
static void test_copied_by_script(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "tests/docker-compose.test.yml",
             "services:\n"
             "  postgres:\n"
             "    image: goharbor/harbor-db:__version__\n"
             "    env_file:\n"
             "      - ./common/config/db/env\n"
             "  core:\n"
             "    build: ./core\n");
    fx_write(&r, "make/.keep", "");
    char buf[BUF];
    fx_run before = {0};
    fx_run_rule_at(&r, &before, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&before, "compose-env-file-missing", buf, sizeof buf),
                        "tests/docker-compose.test.yml:5:9");
    fx_run_free(&before);

    fx_write(&r, "tests/testprepare.sh",
             "#!/bin/bash\nset -e\n# cp tests/docker-compose.test.yml /nowhere\n"
             "sudo cp -f \"tests/docker-compose.test.yml\" make/. && echo ok\n");
    fx_run env = {0};
    fx_run_rule_at(&r, &env, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&env, "compose-env-file-missing", buf, sizeof buf), "");
    fx_assert_result(&env, "tests/docker-compose.test.yml", "compose-env-file-missing",
                     PL_STATUS_SKIP,
                     "1 required env_file read; the repository copies this compose file "
                     "elsewhere before it is used (tests/testprepare.sh:4): its relative paths "
                     "resolve where the copy lands");
    fx_run_free(&env);

    fx_run ctx = {0};
    fx_run_rule_at(&r, &ctx, ".", "compose-build-context-missing");
    assert_string_equal(fx_findings(&ctx, "compose-build-context-missing", buf, sizeof buf), "");
    fx_assert_result(&ctx, "tests/docker-compose.test.yml", "compose-build-context-missing",
                     PL_STATUS_SKIP,
                     "service core builds from tests/core, missing here; the repository copies "
                     "this compose file elsewhere before it is used (tests/testprepare.sh:4): its "
                     "relative paths resolve where the copy lands");
    fx_run_free(&ctx);
    fx_cleanup(&r);
}

/* A script that copies another file, or copies this one only in a
 * comment, says nothing about it; a workflow step copying it from its own
 * folder (`cp ../deploy/compose.yaml`) does, relative to the workflow. */
static void test_copy_must_name_the_file(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "deploy/compose.yaml", "services:\n  app:\n    env_file: app.env\n");
    fx_write(&r, "scripts/release.sh",
             "#!/bin/sh\n# cp deploy/compose.yaml /srv/app/\ncp compose.yaml /srv/app/\n"
             "cp deploy/compose.yaml.example x\necho cp deploy/compose.yaml\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule_at(&r, &run, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&run, "compose-env-file-missing", buf, sizeof buf),
                        "deploy/compose.yaml:3:15");
    fx_run_free(&run);

    fx_write(&r, ".github/workflows/deploy.yml",
             "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - run: scp x y; cp deploy/compose.yaml /srv/app/compose.yaml\n");
    fx_run wf = {0};
    fx_run_rule_at(&r, &wf, ".", "compose-env-file-missing");
    assert_string_equal(fx_findings(&wf, "compose-env-file-missing", buf, sizeof buf), "");
    fx_assert_result(&wf, "deploy/compose.yaml", "compose-env-file-missing", PL_STATUS_SKIP,
                     "1 required env_file read; the repository copies this compose file "
                     "elsewhere before it is used (.github/workflows/deploy.yml:6): its relative "
                     "paths resolve where the copy lands");
    fx_run_free(&wf);
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
        cmocka_unit_test(test_copied_by_script),
        cmocka_unit_test(test_copy_must_name_the_file),
        cmocka_unit_test(test_override_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
