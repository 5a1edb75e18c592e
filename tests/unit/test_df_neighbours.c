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
    fx_run_rule(&r, &run, "copy-from-unknown-stage");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-from-unknown-stage", buf, sizeof buf),
                        "image/dev/Dockerfile:3:6");
    fx_run_free(&run);

    /* without the typo: a skip that names the bake file */
    fx_write(&r, "image/dev/Dockerfile", "FROM debian:12\n"
                                         "COPY --from=templates /redis.yml /pups/\n");
    fx_run run2 = {0};
    fx_run_rule(&r, &run2, "copy-from-unknown-stage");
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
    fx_run_rule(&r, &run, "copy-from-unknown-stage");
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
    fx_run_rule(&r, &run, "copy-from-unknown-stage");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-from-unknown-stage", buf, sizeof buf),
                        "engine/Dockerfile.api_test:3:6");
    fx_run_free(&run);

    fx_run hl = {0};
    fx_run_rule(&r, &hl, "DL3022");
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
    fx_run_rule(&r, &run, "image-tag-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "image-tag-missing", buf, sizeof buf),
                        "image/other/Dockerfile:1:6");
    fx_assert_result(&run, "image/dev/Dockerfile", "image-tag-missing", PL_STATUS_SKIP,
                     "FROM from names a named build context its build gives "
                     "(image/docker-bake.hcl:1, target dev)");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- copy-source-missing: what says a missing source is supplied ----------- */

/* The README beside the Dockerfile says to download german.data first:
 * unknown, with the reason; a file nothing names is still missing. */
static void test_missing_named_by_readme(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "server/Dockerfile", "FROM python:3.12\n"
                                      "COPY model.py ./\n"
                                      "COPY german.data /data/\n");
    fx_write(&r, "server/model.py", "x\n");
    fx_write(&r, "server/README.md", "Download\n"
                                     "- https://example.org/statlog/german/german.data\n"
                                     "into this folder before building.\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "server/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                     "1 of 2 resolved in context server/ (3 files, 152 B; no .dockerignore); "
                     "`german.data` (line 3) is unknown: server/README.md beside the Dockerfile "
                     "names german.data: a file put there before the build");
    fx_run_free(&run);

    /* another file's name, or the name in a sentence that does not say
     * where it comes from */
    fx_write(&r, "server/README.md", "Download german.data.bak first.\n\n\n\n\n"
                                     "The example has a `COPY german.data` whose source does "
                                     "not exist.\n");
    fx_run again = {0};
    fx_run_rule(&r, &again, "copy-source-missing");
    assert_string_equal(fx_findings(&again, "copy-source-missing", buf, sizeof buf),
                        "server/Dockerfile:3:6");
    fx_run_free(&again);
    fx_cleanup(&r);
}

/* RUN --mount=type=bind,src=secrets/ where git ignores what secrets/ holds:
 * each build host fills it. */
static void test_missing_git_ignored_content(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "images/rhel/Dockerfile", "FROM registry.access.redhat.com/ubi9/ubi:9.5\n"
                                           "COPY app.sh /app.sh\n"
                                           "RUN --mount=type=bind,src=secrets/,target=/run/secrets "
                                           "dnf install -y app\n"
                                           "COPY missing.sh /x\n");
    fx_stage(&r, "images/rhel/app.sh", "x\n");
    fx_stage(&r, ".gitignore", "images/*/secrets/*\n");
    fx_stage(&r, "compose.yaml", "services:\n  rhel:\n    build: ./images/rhel\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "images/rhel/Dockerfile:4:6");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* The Makefile above names the binary the COPY takes (`make compile`
 * writes it there): a step of the build may write it. */
static void test_missing_named_by_makefile(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "make/photon/jobservice/Dockerfile",
             "FROM photon:5.0\n"
             "COPY ./make/photon/jobservice/entrypoint.sh /harbor/\n"
             "COPY ./make/photon/jobservice/harbor_jobservice /harbor/\n");
    fx_stage(&r, "make/photon/jobservice/entrypoint.sh", "x\n");
    fx_stage(&r, "Makefile", "JOBSERVICEBINARYNAME=harbor_jobservice\n"
                             "compile:\n\tgo build -o $(JOBSERVICEBINARYNAME)\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    fx_run_free(&run);

    /* named only by a Makefile of another folder, in the context a compose
     * file gives: missing (with the context guessed, a source found only
     * above the guess leaves the rest unknown) */
    fx_write(&r, "Makefile", "all:\n\ttrue\n");
    fx_write(&r, "other/Makefile", "X=harbor_jobservice\n");
    fx_write(&r, "compose.yaml", "services:\n  jobservice:\n    build:\n      context: .\n"
                                 "      dockerfile: make/photon/jobservice/Dockerfile\n");
    fx_run again = {0};
    fx_run_rule(&r, &again, "copy-source-missing");
    assert_string_equal(fx_findings(&again, "copy-source-missing", buf, sizeof buf),
                        "make/photon/jobservice/Dockerfile:3:6");
    fx_run_free(&again);
    fx_cleanup(&r);
}

/* A wildcard COPY source that the build script beside the Dockerfile
 * copies in before `docker build .` (torchserve's kserve build_image.sh
 * copies the frontend's .proto files): unknown, never missing. The
 * script's pattern and destination decide: another pattern, or the same
 * pattern copied to another folder, leaves the source missing. */
static void test_missing_wildcard_copied_by_script(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "kubernetes/kserve/Dockerfile", "FROM python:3.12\n"
                                                 "COPY kserve_wrapper kserve_wrapper\n"
                                                 "COPY ./*.proto ./kserve_wrapper/\n");
    fx_stage(&r, "kubernetes/kserve/kserve_wrapper/main.py", "x\n");
    fx_stage(&r, "frontend/proto/inference.proto", "syntax = \"proto3\";\n");
    fx_stage(&r, "kubernetes/kserve/build_image.sh",
             "#!/bin/bash\n"
             "set -e\n"
             "cp ../../frontend/proto/*.proto .\n"
             "docker build --file Dockerfile -t kfs .\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "kubernetes/kserve/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                     "1 of 2 resolved in context kubernetes/kserve/ (3 files, 180 B; no "
                     ".dockerignore); `./*.proto` (line 3) is unknown: "
                     "kubernetes/kserve/build_image.sh:3 copies files matching ./*.proto into the "
                     "context before the build");
    fx_run_free(&run);

    /* `sudo cp` with an option, the destination folder with a slash: the same */
    fx_write(&r, "kubernetes/kserve/build_image.sh",
             "sudo cp -v ../../frontend/proto/*.proto ./ && docker build .\n");
    fx_run sudo = {0};
    fx_run_rule(&r, &sudo, "copy-source-missing");
    assert_string_equal(fx_findings(&sudo, "copy-source-missing", buf, sizeof buf), "");
    assert_non_null(strstr(fx_result_of(&sudo, "kubernetes/kserve/Dockerfile",
                                        "copy-source-missing")->evidence,
                           "kubernetes/kserve/build_image.sh:1 copies files matching"));
    fx_run_free(&sudo);

    /* another pattern, the same one copied into another folder or into one
     * only a variable names: in the default reading only BuildKit's empty
     * copy (a skip that says the wildcard matched nothing), not the
     * script's */
    static const char *const others[] = {
        "cp ../../frontend/proto/*.json .\ndocker build .\n",
        "cp ../../frontend/proto/*.proto protos/\ndocker build .\n",
        "cp ../../frontend/proto/*.proto \"$OUT\"\ndocker build .\n",
        NULL,
    };
    for (int i = 0; others[i]; i++) {
        fx_write(&r, "kubernetes/kserve/build_image.sh", others[i]);
        fx_run again = {0};
        fx_run_rule(&r, &again, "copy-source-missing");
        assert_string_equal(fx_findings(&again, "copy-source-missing", buf, sizeof buf), "");
        const pl_result *res =
            fx_result_of(&again, "kubernetes/kserve/Dockerfile", "copy-source-missing");
        assert_non_null(res);
        assert_non_null(strstr(res->evidence, "matches nothing there"));
        assert_null(strstr(res->evidence, "copies files matching"));
        fx_run_free(&again);
    }
    fx_cleanup(&r);
}

/* A stale Makefile target builds with its own folder as the context, where
 * most sources are not: one finding on that build reference, not one per
 * COPY. */
static void test_missing_most_sources_one_finding(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "docker/multi/Dockerfile", "FROM ruby:3.3\n"
                                            "COPY Gemfile Gemfile.lock /app/\n"
                                            "COPY lib/helper.rb /app/lib/\n"
                                            "COPY docker/multi/scripts/init /scripts/init\n");
    fx_write(&r, "docker/multi/Makefile", "image:\n\tdocker build -t app .\n");
    fx_write(&r, "Gemfile", "x\n");
    fx_write(&r, "Gemfile.lock", "x\n");
    fx_write(&r, "lib/helper.rb", "x\n");
    fx_write(&r, "docker/multi/scripts/init", "x\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "docker/multi/Makefile:2:2");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A Windows stage reads a backslash in a COPY source as the path
 * separator: `.\\docker-entrypoint.ps1` is the file beside the Dockerfile. */
static void test_windows_backslash_source(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "win/Dockerfile", "# escape=`\n"
                                   "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                                   "COPY [\".\\\\docker-entrypoint.ps1\", \"C:\\\\app\\\\\"]\n"
                                   "COPY scripts\\run.ps1 C:\\app\\\n"
                                   "COPY .\\missing.ps1 C:\\app\\\n");
    fx_write(&r, "win/docker-entrypoint.ps1", "x\n");
    fx_write(&r, "win/scripts/run.ps1", "x\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "win/Dockerfile:5:6");
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
        cmocka_unit_test(test_missing_named_by_readme),
        cmocka_unit_test(test_missing_git_ignored_content),
        cmocka_unit_test(test_missing_named_by_makefile),
        cmocka_unit_test(test_missing_wildcard_copied_by_script),
        cmocka_unit_test(test_missing_most_sources_one_finding),
        cmocka_unit_test(test_windows_backslash_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
