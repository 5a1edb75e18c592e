/* test_shipped.c — images that never ship, on real trees: a folder is
 * judged by its place in the repository (not by where the checkout lives),
 * and user-missing reads the entrypoint script a Dockerfile copies from the
 * build context to see it drop root (gosu, su-exec, runuser ...). */
#include <sys/stat.h>

#include "gitfixture.h"

#define BUF 4096

static void run_rules(fx_run *run, const char *path, const char *const *rules)
{
    run->paths[0] = path;
    for (int i = 0; rules[i] && i < 8; i++)
        run->select[i] = rules[i];
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

static const char *const SERVICE =
    "FROM python:3.12-slim\n"
    "COPY app.py /srv/\n"
    "CMD [\"python\", \"/srv/app.py\"]\n";

/* A repository checked out below a folder named `tests`: its own files are
 * not test images; its test/ folder is. */
static void test_folder_is_relative_to_repository(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    char outer[PATH_MAX];
    strcpy(outer, r.dir);
    fx_mkdirs(&r, "tests/proj");
    assert_true(strlen(r.dir) + 12 < sizeof r.dir);
    strcat(r.dir, "/tests/proj");
    git_libgit2_init();
    fx_check(git_repository_init(&r.repo, r.dir, 0), "init");
    fx_write(&r, "Dockerfile", SERVICE);
    fx_write(&r, "app.py", "print(1)\n");
    fx_write(&r, "test/Dockerfile", SERVICE);
    fx_write(&r, "test/app.py", "print(1)\n");
    if (chdir(outer) != 0)
        fail();
    fx_run run = {0};
    run_rules(&run, "tests/proj", (const char *const[]){"healthcheck-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "healthcheck-missing", buf, sizeof buf),
                        "tests/proj/Dockerfile:1:1");
    fx_assert_result(&run, "tests/proj/test/Dockerfile", "healthcheck-missing", PL_STATUS_SKIP,
                     "a test image (test/): it runs in CI or on a developer's machine, not as "
                     "the service that ships");
    fx_run_free(&run);

    /* a directory above the repository named on the command line: the
     * repository's root still decides */
    fx_cd(&r, "test");
    fx_run run2 = {0};
    run_rules(&run2, "../..", (const char *const[]){"healthcheck-missing", NULL});
    assert_string_equal(fx_findings(&run2, "healthcheck-missing", buf, sizeof buf),
                        "../../proj/Dockerfile:1:1");
    fx_run_free(&run2);
    strcpy(r.dir, outer);
    fx_cleanup(&r);
}

static const char *const POSTGRES_LIKE =
    "FROM debian:bookworm-slim\n"                              /* 1 */
    "RUN useradd -r postgres\n"                                /* 2 */
    "COPY docker-entrypoint.sh /usr/local/bin/\n"              /* 3 */
    "ENTRYPOINT [\"docker-entrypoint.sh\"]\n"                  /* 4 */
    "CMD [\"postgres\"]\n";                                    /* 5 */

/* The docker-library idiom: the entrypoint script re-executes itself as
 * the service's user with gosu. */
static void test_entrypoint_script_drops_root(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "Dockerfile", POSTGRES_LIKE);
    fx_write(&r, "docker-entrypoint.sh",
             "#!/usr/bin/env bash\n"
             "set -e\n"
             "# gosu in a comment is not a command\n"
             "if [ \"$(id -u)\" = '0' ]; then\n"
             "\texec gosu postgres \"$BASH_SOURCE\" \"$@\"\n"
             "fi\n"
             "exec \"$@\"\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "user-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "ENTRYPOINT runs docker-entrypoint.sh (line 4), which drops root with gosu "
                     "at docker-entrypoint.sh:5 before the service starts");
    fx_run_free(&run);

    /* `exec su app -c` and `runuser -u` drop root too; a script that does
     * neither leaves the finding */
    fx_write(&r, "docker-entrypoint.sh", "#!/bin/sh\nchown -R app /data\nexec su app -c \"$*\"\n");
    fx_run run2 = {0};
    run_rules(&run2, ".", (const char *const[]){"user-missing", NULL});
    fx_assert_result(&run2, "Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "ENTRYPOINT runs docker-entrypoint.sh (line 4), which drops root with su -c "
                     "at docker-entrypoint.sh:3 before the service starts");
    fx_run_free(&run2);

    fx_write(&r, "docker-entrypoint.sh", "#!/bin/sh\necho gosu is not used here\nsu -c id\nexec \"$@\"\n");
    fx_run run3 = {0};
    run_rules(&run3, ".", (const char *const[]){"user-missing", NULL});
    assert_string_equal(fx_findings(&run3, "user-missing", buf, sizeof buf), "Dockerfile:1:1");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* A script the Dockerfile copies under another name, by its path. */
static void test_entrypoint_script_by_path(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "docker/Dockerfile",
             "FROM python:3.12-slim\n"
             "ENV APP=/app\n"
             "COPY ./docker/entry.sh $APP/run.sh\n"
             "ENTRYPOINT [\"/app/run.sh\"]\n");
    fx_write(&r, "docker/entry.sh", "#!/bin/bash\nrunuser -u app -- \"$@\"\n");
    fx_write(&r, "compose.yaml", "services:\n  app:\n    build:\n      context: .\n"
                                 "      dockerfile: docker/Dockerfile\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-missing", NULL});
    fx_assert_result(&run, "docker/Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "ENTRYPOINT runs /app/run.sh (line 4), which drops root with runuser -u at "
                     "docker/entry.sh:2 before the service starts");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* memos' shape: a build stage takes the whole context, the final stage
 * copies the entrypoint out of it, sets USER root, and the script drops
 * root with su-exec. */
static void test_entrypoint_script_from_build_stage(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "scripts/Dockerfile",
             "FROM golang:1.23-alpine AS backend\n"                                  /* 1 */
             "WORKDIR /backend-build\n"                                             /* 2 */
             "COPY . .\n"                                                           /* 3 */
             "RUN go build -o memos ./cmd/memos\n"                                  /* 4 */
             "FROM alpine:3.21\n"                                                   /* 5 */
             "RUN apk add --no-cache su-exec && adduser -D -u 10001 nonroot\n"      /* 6 */
             "COPY --from=backend /backend-build/memos /usr/local/memos/memos\n"    /* 7 */
             "COPY --from=backend /backend-build/scripts/entrypoint.sh /usr/local/memos/\n"
             "USER root\n"                                                          /* 9 */
             "ENTRYPOINT [\"/usr/local/memos/entrypoint.sh\", \"/usr/local/memos/memos\"]\n");
    fx_write(&r, "scripts/entrypoint.sh", "#!/bin/sh\nchown -R nonroot /var/opt/memos\n"
                                          "exec su-exec nonroot \"$@\"\n");
    fx_write(&r, "compose.yaml", "services:\n  memos:\n    build:\n      context: .\n"
                                 "      dockerfile: scripts/Dockerfile\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-root", "user-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "user-root", buf, sizeof buf), "");
    const char *why = "ENTRYPOINT runs /usr/local/memos/entrypoint.sh (line 10), which drops root "
                      "with su-exec at scripts/entrypoint.sh:3 before the service starts";
    fx_assert_result(&run, "scripts/Dockerfile", "user-root", PL_STATUS_SKIP, why);
    /* USER root is not a pass of "runs as a non-root user" */
    fx_assert_result(&run, "scripts/Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "USER root (line 9) is set: user-root judges it");
    fx_run_free(&run);

    /* the script does not drop root: USER root is the finding */
    fx_write(&r, "scripts/entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n");
    fx_run run2 = {0};
    run_rules(&run2, ".", (const char *const[]){"user-root", NULL});
    assert_string_equal(fx_findings(&run2, "user-root", buf, sizeof buf), "scripts/Dockerfile:9:1");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

/* No CMD on a language image: a tool image run with a command, unless a
 * compose service builds it (and gives it its command). */
static void test_tool_image_unless_compose(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "genproto/Dockerfile", "FROM golang:1.23-alpine\n"
                                        "RUN apk add --no-cache protobuf-dev\n");
    fx_write(&r, "web/Dockerfile", "FROM python:3.12-slim\n"
                                   "RUN apt-get update && apt-get install -y --no-install-recommends "
                                   "gcc && rm -rf /var/lib/apt/lists/*\n");
    fx_write(&r, "compose.yaml", "services:\n  web:\n    build: web\n    command: gunicorn app:app\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-missing", "multi-stage", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "user-missing", buf, sizeof buf), "web/Dockerfile:1:1");
    assert_string_equal(fx_findings(&run, "multi-stage", buf, sizeof buf), "web/Dockerfile:2:1");
    fx_assert_result(&run, "genproto/Dockerfile", "multi-stage", PL_STATUS_SKIP,
                     "built on golang:1.23-alpine and sets no CMD or ENTRYPOINT, so it runs the "
                     "command its user gives: a tool image (a code generator, a build image), "
                     "whose toolchain is its purpose");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ollama's release workflow: one job builds each dependency stage as its
 * target on a buildx builder with no push, load or outputs (it only warms
 * the cache), another exports a scratch stage's files (`outputs:
 * type=local`), and the image that ships is the last stage, pushed. The
 * dependency stages' package caches and users never reach that image. */
static const char *const MANY_TARGETS =
    "FROM almalinux:8 AS deps\n"                                   /* 1 */
    "RUN dnf install -y gcc\n"                                     /* 2 */
    "RUN make -C /src && mkdir -p /dist\n"                         /* 3 */
    "FROM scratch AS publish\n"                                    /* 4 */
    "COPY --from=deps /dist /dist\n"                               /* 5 */
    "FROM ubuntu:24.04\n"                                          /* 6 */
    "COPY --from=deps /dist /usr/lib/app\n"                        /* 7 */
    "CMD [\"/usr/lib/app/serve\"]\n";                              /* 8 */

static const char *const WARM_AND_PUSH =
    "jobs:\n"
    "  depends:\n"
    "    steps:\n"
    "      - uses: docker/setup-buildx-action@v3\n"
    "      - uses: docker/build-push-action@v6\n"
    "        with:\n"
    "          target: deps\n"
    "          cache-to: type=registry,ref=example/cache:deps\n"
    "  payload:\n"
    "    steps:\n"
    "      - uses: docker/setup-buildx-action@v3\n"
    "      - uses: docker/build-push-action@v6\n"
    "        with:\n"
    "          target: publish\n"
    "          outputs: type=local,dest=out\n"
    "  image:\n"
    "    steps:\n"
    "      - uses: docker/setup-buildx-action@v3\n"
    "      - uses: docker/build-push-action@v6\n"
    "        with:\n"
    "          push: true\n"
    "          tags: example/app:1\n";

static void test_cache_only_builds_ship_nothing(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "Dockerfile", MANY_TARGETS);
    fx_write(&r, ".github/workflows/release.yml", WARM_AND_PUSH);
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"dnf-cache-not-cleaned", "user-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "dnf-cache-not-cleaned", buf, sizeof buf), "");
    assert_string_equal(fx_findings(&run, "user-missing", buf, sizeof buf), "Dockerfile:6:1");
    fx_run_free(&run);

    /* without the job that pushes, the targets the workflow names are
     * all that is known: judged as before */
    fx_write(&r, ".github/workflows/release.yml",
             "jobs:\n"
             "  depends:\n"
             "    steps:\n"
             "      - uses: docker/setup-buildx-action@v3\n"
             "      - uses: docker/build-push-action@v6\n"
             "        with:\n"
             "          target: deps\n");
    fx_run run2 = {0};
    run_rules(&run2, ".", (const char *const[]){"dnf-cache-not-cleaned", NULL});
    assert_string_equal(fx_findings(&run2, "dnf-cache-not-cleaned", buf, sizeof buf),
                        "Dockerfile:2:1");
    fx_run_free(&run2);

    /* the default docker driver (no setup-buildx-action) loads what it
     * builds: an image */
    fx_write(&r, ".github/workflows/release.yml",
             "jobs:\n"
             "  depends:\n"
             "    steps:\n"
             "      - uses: docker/build-push-action@v6\n"
             "        with:\n"
             "          target: deps\n"
             "  image:\n"
             "    steps:\n"
             "      - run: docker build -t example/app:1 .\n");
    fx_run run3 = {0};
    run_rules(&run3, ".", (const char *const[]){"dnf-cache-not-cleaned", NULL});
    assert_string_equal(fx_findings(&run3, "dnf-cache-not-cleaned", buf, sizeof buf),
                        "Dockerfile:2:1");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* What the files themselves say: a folder of an end-to-end test framework
 * (vaultwarden's playwright/) or of test doubles (photoprism's
 * docker/dummy/), a header comment (Wiki.js's dev/containers: "DO NOT USE
 * IN PRODUCTION"); an idle command (`tail -f /dev/null`) makes an image
 * that runs nothing itself, a base or a workspace, but what it installs is
 * still judged: it may be the base of an image that ships. */
static void test_files_say_not_shipped(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
#define APT_MAKE "RUN apt-get update && apt-get install -y --no-install-recommends make\n"
    fx_write(&r, "playwright/compose/runner/Dockerfile",
             "FROM debian:bookworm-slim\n" APT_MAKE "CMD [\"npx\", \"playwright\"]\n");
    fx_write(&r, "docker/dummy/webdav/Dockerfile",
             "FROM golang:1.23\nRUN go install example.com/webdav@latest\nCMD [\"webdav\"]\n");
    fx_write(&r, "dev/containers/Dockerfile",
             "# -- DEV DOCKERFILE --\n# -- DO NOT USE IN PRODUCTION! --\n"
             "FROM node:20\n" APT_MAKE "CMD [\"node\", \"server.js\"]\n");
    fx_write(&r, "docker/develop/bookworm-slim/Dockerfile",
             "FROM debian:bookworm-slim\n" APT_MAKE "CMD [\"tail\", \"-f\", \"/dev/null\"]\n");
    fx_write(&r, "dev/build/Dockerfile",
             "# production image\nFROM node:20\n" APT_MAKE "CMD [\"node\", \"server.js\"]\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-missing", "multi-stage", "go-version-unpinned", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "user-missing", buf, sizeof buf), "dev/build/Dockerfile:2:1");
    assert_string_equal(fx_findings(&run, "multi-stage", buf, sizeof buf),
                        "dev/build/Dockerfile:3:1 docker/develop/bookworm-slim/Dockerfile:2:1");
    assert_string_equal(fx_findings(&run, "go-version-unpinned", buf, sizeof buf), "");
    fx_assert_result(&run, "dev/containers/Dockerfile", "multi-stage", PL_STATUS_SKIP,
                     "its header says \"DEV DOCKERFILE\": it runs on a developer's "
                     "machine or in CI, not as the service that ships");
    fx_assert_result(&run, "docker/develop/bookworm-slim/Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "its command (line 3) only keeps the container idle for someone to exec "
                     "into: a workspace or a base for others to build FROM, which set what runs");
    fx_run_free(&run);
    fx_cleanup(&r);
#undef APT_MAKE
}

/* BookStack's dev/docker/Dockerfile: its only build is a compose service
 * that bind-mounts the build context over /app, so the container runs the
 * host's source tree. A service that mounts only a config file, or its
 * context elsewhere than the WORKDIR (getsentry/self-hosted's ./sentry at
 * /etc/sentry), is judged as before. */
static void test_compose_mounted_source(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    static const char *const php =
        "FROM php:8.3-apache\n"
        "WORKDIR /app\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends libpng-dev "
        "&& rm -rf /var/lib/apt/lists/*\n"
        "CMD [\"apache2-foreground\"]\n";
    fx_write(&r, "dev/docker/Dockerfile", php);
    fx_write(&r, "web/Dockerfile", php);
    fx_write(&r, "conf/Dockerfile", php);
    fx_write(&r, "docker-compose.yml",
             "services:\n"
             "  app:\n"
             "    build:\n"
             "      context: .\n"
             "      dockerfile: ./dev/docker/Dockerfile\n"
             "    volumes:\n"
             "      - ./:/app\n"
             "  web:\n"
             "    build: web\n"
             "    volumes:\n"
             "      - ./web/php.ini:/usr/local/etc/php/php.ini\n"
             "      - {type: volume, source: data, target: /data}\n"
             "  conf:\n"
             "    build: ./conf\n"
             "    volumes:\n"
             "      - ./conf:/etc/conf\n");
    fx_cd(&r, NULL);
    fx_run run = {0};
    run_rules(&run, ".", (const char *const[]){"user-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "user-missing", buf, sizeof buf),
                        "conf/Dockerfile:1:1 web/Dockerfile:1:1");
    fx_assert_result(&run, "dev/docker/Dockerfile", "user-missing", PL_STATUS_SKIP,
                     "every build of it is a compose service that mounts its build context over "
                     "the WORKDIR (docker-compose.yml:2, service app): it runs the host's "
                     "source tree, a development setup, not the service that ships");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_is_relative_to_repository),
        cmocka_unit_test(test_entrypoint_script_drops_root),
        cmocka_unit_test(test_entrypoint_script_by_path),
        cmocka_unit_test(test_entrypoint_script_from_build_stage),
        cmocka_unit_test(test_tool_image_unless_compose),
        cmocka_unit_test(test_cache_only_builds_ship_nothing),
        cmocka_unit_test(test_files_say_not_shipped),
        cmocka_unit_test(test_compose_mounted_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
