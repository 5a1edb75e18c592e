/* test_compose_runtime.c — what a compose service sets over the image it
 * builds when it runs it, as the Dockerfile rules read it: the paths its
 * `volumes:` mount over (entrypoint-missing); which pulled images are the
 * project's own (service-image-require-explicit-tag). */
#include "gitfixture.h"

#define BUF 4096

static const char *const VOTE_DOCKERFILE = "FROM python:3.11-slim AS base\n"
                                           "WORKDIR /usr/local/app\n"
                                           "COPY requirements.txt ./requirements.txt\n"
                                           "\n"
                                           "FROM base AS dev\n"
                                           "CMD [\"python\", \"app.py\"]\n"
                                           "\n"
                                           "FROM base AS final\n"
                                           "COPY . .\n"
                                           "CMD [\"python\", \"app.py\"]\n";

static void run_entrypoint(fx_repo *r, fx_run *run)
{
    fx_cd(r, NULL);
    run->paths[0] = ".";
    run->select[0] = "entrypoint-missing";
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

/* example-voting-app: the dev target is run with ./vote bound over its
 * WORKDIR, so app.py is there at run time although no COPY puts it in. */
static void test_volume_over_workdir(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "vote/Dockerfile", VOTE_DOCKERFILE);
    fx_write(&r, "vote/app.py", "");
    fx_write(&r, "vote/requirements.txt", "flask==3.0.3\n");
    fx_write(&r, "compose.yaml",
             "services:\n"
             "  vote:\n"
             "    build:\n"
             "      context: ./vote\n"
             "      target: dev\n"
             "    volumes:\n"
             "      - type: volume\n"
             "        source: cache\n"
             "        target: /root/.cache\n"
             "      - ./vote:/usr/local/app:rw\n"
             "volumes:\n"
             "  cache: {}\n");
    char buf[BUF];
    fx_run run = {0};
    run_entrypoint(&r, &run);
    assert_string_equal(fx_findings(&run, "entrypoint-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "vote/Dockerfile", "entrypoint-missing", PL_STATUS_SKIP,
                     "CMD runs app.py; service vote mounts a volume over /usr/local/app when it "
                     "runs the image (compose.yaml:2), which may hold it");
    fx_run_free(&run);

    /* a mount elsewhere does not hold the program: missing */
    fx_write(&r, "compose.yaml",
             "services:\n"
             "  vote:\n"
             "    build:\n"
             "      context: ./vote\n"
             "      target: dev\n"
             "    volumes:\n"
             "      - ./data:/data\n");
    fx_run run2 = {0};
    run_entrypoint(&r, &run2);
    assert_string_equal(fx_findings(&run2, "entrypoint-missing", buf, sizeof buf),
                        "vote/Dockerfile:6:17");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

/* The project's own image on its release channel is not a third party's
 * image drifting: named after the repository (origin's owner/name), or
 * published under its owner. Another image at :latest still is. */
static void test_own_image_channel(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    /* written to the config, not with git_remote_create: libgit2 1.5 leaks
     * a PCRE2 match block on each remote it parses */
    char cfg[PATH_MAX];
    FILE *fp = fopen(fx_path(&r, ".git/config", cfg, sizeof cfg), "a");
    assert_non_null(fp);
    fputs("[remote \"origin\"]\n\turl = https://github.com/huginn/huginn.git\n", fp);
    fclose(fp);
    fx_write(&r, "compose.yaml",
             "services:\n"
             "  web:\n"
             "    image: ghcr.io/huginn/huginn-single-process\n"
             "  worker:\n"
             "    image: huginn/other:latest\n"
             "  db:\n"
             "    image: mysql:latest\n");
    /* the same in a Dockerfile: the project's own base, then a third party's */
    fx_write(&r, "Dockerfile", "FROM ghcr.io/huginn/base:latest AS base\n"
                               "FROM redis:latest\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run.paths[0] = ".";
    run.select[0] = "PL2108";
    run.select[1] = "PL1007";
    fx_check_all(&run);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "service-image-require-explicit-tag", buf, sizeof buf),
                        "compose.yaml:7:5");
    assert_string_equal(fx_findings(&run, "image-tag-latest", buf, sizeof buf), "Dockerfile:2:6");
    fx_run_free(&run);

    /* dclint's reading (its rule name) judges every image as written */
    fx_run run2 = {0};
    run2.paths[0] = ".";
    run2.select[0] = "service-image-require-explicit-tag";
    fx_check_all(&run2);
    assert_string_equal(fx_findings(&run2, "service-image-require-explicit-tag", buf, sizeof buf),
                        "compose.yaml:3:5 compose.yaml:5:5 compose.yaml:7:5");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_volume_over_workdir),
        cmocka_unit_test(test_own_image_channel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
