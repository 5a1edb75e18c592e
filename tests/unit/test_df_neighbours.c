/* test_df_neighbours.c — Dockerfile rules that read what the build and the
 * files around a Dockerfile say, on real trees: a named build context a
 * bake file, `docker build --build-context` or compose's
 * `additional_contexts` gives (COPY --from=NAME takes it), a sibling
 * Dockerfile a script puts before this one, and a README that tells the
 * reader to fetch a file before building. Each test builds a directory,
 * runs plimsoll over it with the rule under test selected, and checks the
 * exact findings and the verdict's evidence. */
#include "gitfixture.h"

#define BUF 8192

static void run_rule(fx_repo *r, fx_run *run, const char *rule)
{
    fx_cd(r, NULL);
    run->paths[0] = ".";
    run->select[0] = rule;
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

static const char *const DEV_DOCKERFILE = "FROM debian:12\n"
                                          "COPY --from=templates /redis.yml /pups/\n"
                                          "COPY --from=tempaltes /pg.yml /pups/\n";

/* A bake target's `contexts` names the build context `templates`: COPY
 * --from=templates takes it; the typo next to it is still reported. */
static void test_bake_named_context(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "image/dev/Dockerfile", DEV_DOCKERFILE);
    fx_write(&r, "image/docker-bake.hcl", "target \"dev\" {\n"
                                          "  context = \"./dev\"\n"
                                          "  contexts = {\n"
                                          "    templates = \"../templates\"\n"
                                          "  }\n"
                                          "}\n");
    fx_run run = {0};
    run_rule(&r, &run, "copy-from-unknown-stage");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-from-unknown-stage", buf, sizeof buf),
                        "image/dev/Dockerfile:3:6");
    fx_run_free(&run);

    /* without the typo: a skip that names the bake file */
    fx_write(&r, "image/dev/Dockerfile", "FROM debian:12\n"
                                         "COPY --from=templates /redis.yml /pups/\n");
    fx_run run2 = {0};
    run_rule(&r, &run2, "copy-from-unknown-stage");
    assert_string_equal(fx_findings(&run2, "copy-from-unknown-stage", buf, sizeof buf), "");
    fx_assert_result(&run2, "image/dev/Dockerfile", "copy-from-unknown-stage", PL_STATUS_SKIP,
                     "COPY --from=templates takes the named build context "
                     "image/docker-bake.hcl:1 gives (1 COPY --from not known here)");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

/* `docker build --build-context NAME=...` in a Makefile, and compose's
 * additional_contexts (map and list forms), give named contexts too. */
static void test_cli_and_compose_named_contexts(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "a/Dockerfile", "FROM debian:12\nCOPY --from=assets /x /x\n");
    fx_write(&r, "a/Makefile", "image:\n\tdocker build --build-context assets=../assets -t a .\n");
    fx_write(&r, "b/Dockerfile", "FROM debian:12\nCOPY --from=shared /x /x\n");
    fx_write(&r, "c/Dockerfile", "FROM debian:12\nCOPY --from=Docs /x /x\n");
    fx_write(&r, "compose.yaml", "services:\n"
                                 "  b:\n"
                                 "    build:\n"
                                 "      context: b\n"
                                 "      additional_contexts:\n"
                                 "        shared: ./shared\n"
                                 "  c:\n"
                                 "    build:\n"
                                 "      context: c\n"
                                 "      additional_contexts:\n"
                                 "        - docs=./docs\n");
    fx_write(&r, "d/Dockerfile", "FROM debian:12\nCOPY --from=assets /x /x\n");
    fx_run run = {0};
    run_rule(&r, &run, "copy-from-unknown-stage");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-from-unknown-stage", buf, sizeof buf),
                        "d/Dockerfile:2:6");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A build script concatenates Dockerfile.common (which defines the stage)
 * and Dockerfile.api_test: a sibling Dockerfile defining the stage makes
 * the name unknown here. hadolint's DL3022 reads the file alone. */
static void test_sibling_defines_stage(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "engine/Dockerfile.common", "FROM ubuntu:20.04 as tool_builder\nRUN true\n");
    fx_write(&r, "engine/Dockerfile.api_test",
             "FROM photon:4.0\nCOPY --from=tool_builder /tool/tools.tar.gz /usr/local/bin\n"
             "COPY --from=other /x /x\n");
    fx_run run = {0};
    run_rule(&r, &run, "copy-from-unknown-stage");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-from-unknown-stage", buf, sizeof buf),
                        "engine/Dockerfile.api_test:3:6");
    fx_run_free(&run);

    fx_run hl = {0};
    run_rule(&r, &hl, "DL3022");
    assert_string_equal(fx_findings(&hl, "copy-from-unknown-stage", buf, sizeof buf),
                        "engine/Dockerfile.api_test:2:6 engine/Dockerfile.api_test:3:6");
    fx_run_free(&hl);
    fx_cleanup(&r);
}

/* `FROM $from_tag` with the bake arg from_tag=from and a context `from`
 * (a bake target): the base is that target, not an untagged image. */
static void test_from_named_context(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "image/dev/Dockerfile", "ARG from_tag=discourse/base:slim\n"
                                         "FROM $from_tag\n"
                                         "RUN true\n");
    fx_write(&r, "image/other/Dockerfile", "FROM from\nRUN true\n");
    fx_write(&r, "image/docker-bake.hcl", "target \"dev\" {\n"
                                          "  context = \"./dev\"\n"
                                          "  args = {\n"
                                          "    \"from_tag\" = \"from\"\n"
                                          "  }\n"
                                          "  contexts = {\n"
                                          "    from = \"target:base\"\n"
                                          "  }\n"
                                          "}\n");
    fx_run run = {0};
    run_rule(&r, &run, "image-tag-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "image-tag-missing", buf, sizeof buf),
                        "image/other/Dockerfile:1:6");
    fx_assert_result(&run, "image/dev/Dockerfile", "image-tag-missing", PL_STATUS_SKIP,
                     "FROM from names a named build context its build gives "
                     "(image/docker-bake.hcl:1, target dev)");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bake_named_context),
        cmocka_unit_test(test_cli_and_compose_named_contexts),
        cmocka_unit_test(test_sibling_defines_stage),
        cmocka_unit_test(test_from_named_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
