/* test_context_rules.c — the build-context rules on real trees: COPY/ADD
 * sources (missing, excluded by the ignore file with `!` re-includes, not
 * tracked by git), --staged contexts read from the index, the context budget
 * and what should not be sent, and the .dockerignore rules that need the
 * context. Each test builds a directory (a git repository where git
 * matters), runs plimsoll over it with the rules under test selected, and
 * checks exact positions, messages and checklist evidence. */
#include <sys/stat.h>

#include "gitfixture.h"
#include "../../src/rules/context/ctx_util.h"

#define BUF 8192

/* ---- helpers ------------------------------------------------------------------- */

/* Messages of a rule's standing findings, in report order, joined by " | ". */
static const char *messages(const fx_run *run, const char *rule, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        for (size_t k = 0; k < f->findings.len; k++) {
            const pl_finding *fd = f->findings.items[k];
            if (strcmp(fd->rule->name, rule) || fd->suppressed_by)
                continue;
            n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? " | " : "",
                                  fd->message);
        }
    }
    return buf;
}

/* A file of `size` bytes without writing them (sparse). */
static void fx_sized(const fx_repo *r, const char *rel, long long size)
{
    fx_write(r, rel, "");
    char path[PATH_MAX];
    assert_int_equal(truncate(fx_path(r, rel, path, sizeof path), (off_t)size), 0);
}

static void run_rules(fx_repo *r, fx_run *run, const char *const *rules)
{
    fx_cd(r, NULL);
    run->paths[0] = ".";
    for (int i = 0; rules[i] && i < 8; i++)
        run->select[i] = rules[i];
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

/* ---- copy-source-missing ----------------------------------------------------------- */

static const char *const MISSING_DOCKERFILE =
    "FROM alpine:3.20\n"                                 /* 1 */
    "ARG SRC=app.py\n"                                   /* 2 */
    "ARG UNSET\n"                                        /* 3 */
    "COPY app.py ./\n"                                   /* 4 */
    "COPY missing.txt ./\n"                              /* 5: missing */
    "COPY $SRC /x\n"                                     /* 6 */
    "COPY *.py /x/\n"                                    /* 7 */
    "COPY *.whl /x/\n"                                   /* 8: wildcard, nothing */
    "COPY yarn.loc[k] /x/\n"                             /* 9: optional idiom */
    "COPY ../app.py /x\n"                                /* 10: `..` stays inside */
    "COPY src/ /src/\n"                                  /* 11 */
    "COPY Readme.md /x\n"                                /* 12: case twin */
    "COPY <<EOF /x\n"                                    /* 13: heredoc */
    "hello\n"                                            /* 14 */
    "EOF\n"                                              /* 15 */
    "ADD https://example.com/a.tgz /x\n"                 /* 16: URL */
    "COPY --from=alpine:3.20 /etc/os-release /x\n"       /* 17: image */
    "COPY --parents ./src/./lib/*.c /x/\n"               /* 18 */
    "COPY --parents nothing/**/*.c /x/\n"                /* 19: matches nothing */
    "RUN --mount=type=bind,source=conf,target=/conf true\n" /* 20: not in context */
    "RUN --mount=type=cache,target=/root/.cache true\n"  /* 21 */
    "ONBUILD COPY later.txt /x\n"                        /* 22: a later build's */
    "ADD git@github.com:acme/repo.git /x\n"              /* 23: git */
    "COPY [\"src/lib/a.c\", \"/y/\"]\n";                 /* 24: JSON form */

static void make_missing_tree(fx_repo *r, const char *dockerfile)
{
    fx_tmpdir(r);
    fx_write(r, "Dockerfile", dockerfile);
    fx_write(r, "app.py", "print(1)\n");
    fx_write(r, "README.md", "# x\n");
    fx_write(r, "src/lib/a.c", "int a;\n");
    fx_write(r, "src/main.c", "int main;\n");
}

/* A wildcard that matches nothing is copied as nothing by BuildKit: beside
 * a source that exists it is the optional-file idiom, and beside a missing
 * file it is that file, not the wildcard, that fails the build. */
static void test_optional_wildcard_beside_existing_source(void **state)
{
    (void)state;
    fx_repo r;
    make_missing_tree(&r, "FROM alpine:3.20\n"
                          "COPY environment.yml* app.py /tmp/conda-tmp/\n"
                          "COPY *.whl missing.txt /tmp/\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:3:12");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A build-output folder a package.json script writes before its own
 * docker build: made by that step, unknown rather than missing. Another
 * output folder the scripts do not write is still missing. */
static void test_output_folder_built_by_script(void **state)
{
    (void)state;
    fx_repo r;
    make_missing_tree(&r, "FROM alpine:3.20\n"
                          "COPY ./build/ ./build/\n"
                          "COPY dist/app.js /app/\n");
    fx_write(&r, "package.json",
             "{\"scripts\": {\"build-docker\": \"npm run build-all && docker buildx build . --push\",\n"
             " \"build-all\": \"go build -o ./build/push-amd64 push.go\"}}\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "Dockerfile:3:6");
    fx_run_free(&run);
    fx_cleanup(&r);
    /* without the script's docker build, build/ is missing too */
    make_missing_tree(&r, "FROM alpine:3.20\nCOPY ./build/ ./build/\n");
    fx_write(&r, "package.json", "{\"scripts\": {\"build\": \"go build -o ./build/x x.go\"}}\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(fx_findings(&run2, "copy-source-missing", buf, sizeof buf), "Dockerfile:2:6");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

static void test_missing_sources(void **state)
{
    (void)state;
    fx_repo r;
    make_missing_tree(&r, MISSING_DOCKERFILE);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:12:6 Dockerfile:20:5 Dockerfile:5:6");
    /* the wildcards of lines 8 and 19 match nothing, which
     * BuildKit copies as nothing: not a failure in the default reading */
    assert_string_equal(
        messages(&run, "copy-source-missing", buf, sizeof buf),
        "COPY source `missing.txt` is not in the build context ./ | "
        "COPY source `Readme.md` is not in the build context ./; did you mean `README.md`? "
        "(names are case-sensitive) | "
        "RUN --mount source `conf` is not in the build context ./");
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_missing_checklist_pass_and_unknown(void **state)
{
    (void)state;
    fx_repo r;
    make_missing_tree(&r, "FROM alpine:3.20\n"
                          "COPY app.py README.md /app/\n"
                          "COPY src/ /src/\n"
                          "COPY --parents src/**/*.c /x/\n");
    fx_write(&r, ".dockerignore", "*.md\n!README.md\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "copy-source-missing", PL_STATUS_PASS,
                  "4 of 4 resolved in context ./ (6 files, 137 B after .dockerignore)");
    fx_run_free(&run);

    /* one source needs a value nobody gives: the line is not a pass */
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\nARG VERSION\nCOPY app.py /\n"
                               "COPY dist/app-$VERSION.whl /\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(fx_findings(&run2, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run2, "Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "1 of 2 resolved in context ./ (6 files, 118 B after .dockerignore); "
                  "`dist/app-$VERSION.whl` (line 4) depends on a value not known statically");
    fx_run_free(&run2);

    /* a build arg gives it: now judged, and missing */
    fx_run run3 = {0};
    const char *bargs[] = {"VERSION=1.0"};
    run3.o.build_args.items = bargs;
    run3.o.build_args.n = 1;
    run_rules(&r, &run3, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(messages(&run3, "copy-source-missing", buf, sizeof buf),
                        "COPY source `dist/app-$VERSION.whl` (dist/app-1.0.whl) is not in the "
                        "build context ./");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* The context is the Dockerfile's own directory, not the directory checked. */
static void test_missing_context_is_dockerfile_dir(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "requirements.txt", "flask\n");
    fx_write(&r, "app/main.py", "x\n");
    fx_write(&r, "app/Dockerfile", "FROM python:3.12\nCOPY requirements.txt main.py /app/\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "app/Dockerfile:2:6");
    assert_string_equal(messages(&run, "copy-source-missing", buf, sizeof buf),
                        "COPY source `requirements.txt` is not in the build context app/");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* `docker build -f docker/Dockerfile .`: the sources are only in the
 * directory above, so that is the context (and its ignore file applies). */
static void test_missing_context_above(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "svc/docker/Dockerfile", "FROM python:3.12\n"
                                          "COPY requirements.txt /app/\n"
                                          "COPY src/ /app/src/\n"
                                          "COPY *.cfg /app/\n");
    fx_stage(&r, "svc/requirements.txt", "flask\n");
    fx_stage(&r, "svc/src/app.py", "x\n");
    fx_stage(&r, "svc/app.cfg", "a=1\n");
    fx_stage(&r, "svc/.dockerignore", "docker\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", "copy-source-ignored", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "svc/docker/Dockerfile", "copy-source-missing", PL_STATUS_PASS,
                  "3 of 3 resolved in context svc/ (4 files, 19 B after .dockerignore; taken as "
                  "the context because svc/docker/ lacks `requirements.txt`)");
    fx_assert_result(&run, "svc/docker/Dockerfile", "copy-source-ignored", PL_STATUS_PASS,
                  "3 sources, none excluded by svc/.dockerignore");
    fx_run_free(&run);

    /* the same from the index */
    fx_run staged = {0};
    staged.o.staged = 1;
    run_rules(&r, &staged, (const char *const[]){"copy-source-missing", NULL});
    fx_assert_result(&staged, "svc/docker/Dockerfile", "copy-source-missing", PL_STATUS_PASS,
                  "3 of 3 resolved in context svc/ (4 files, 19 B after .dockerignore; taken as "
                  "the context because svc/docker/ lacks `requirements.txt`)");
    fx_run_free(&staged);

    /* one source is in neither directory: the Dockerfile's own stays the
     * context, a guess that requirements.txt, found above it, shows wrong;
     * nope.txt is then unknown (in the real context it may be a build
     * output: Wiki.js' dev/build-arm), not missing */
    fx_stage(&r, "svc/docker/Dockerfile", "FROM python:3.12\nCOPY requirements.txt nope.txt /app/\n");
    fx_commit(&r, "two", NULL);
    fx_run run2 = {0};
    run_rules(&r, &run2, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(fx_findings(&run2, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run2, "svc/docker/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                     "the context svc/docker/ is a guess (nothing in the repository says how "
                     "svc/docker/Dockerfile is built), and `requirements.txt` (line 2) is in a "
                     "directory above it: `nope.txt` (line 2) is unknown there");
    fx_run_free(&run2);
    /* a build reference gives the context: nope.txt is missing there */
    fx_stage(&r, "compose.yaml", "services:\n  svc:\n    build:\n      context: svc\n"
                                 "      dockerfile: docker/Dockerfile\n");
    fx_commit(&r, "three", NULL);
    fx_run run3 = {0};
    run_rules(&r, &run3, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(fx_findings(&run3, "copy-source-missing", buf, sizeof buf),
                        "svc/docker/Dockerfile:2:23");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* Never above the repository's root. */
static void test_missing_context_not_above_repository(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM alpine:3.20\nCOPY outside.txt /\n");
    fx_commit(&r, "init", NULL);
    char path[PATH_MAX];
    fx_path(&r, "../outside.txt", path, sizeof path);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("x\n", fp);
    fclose(fp);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:2:6");
    fx_run_free(&run);
    unlink(path);
    fx_cleanup(&r);
}

/* A source whose path comes from an ARG default is a guess: a build may
 * pass another value, so "missing" becomes unknown; an ENV value is not. */
static void test_missing_from_arg_default(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile", "FROM eclipse-temurin:21-jre\n"
                               "ARG JAR_FILE=target/app.jar\n"
                               "COPY ${JAR_FILE} /app.jar\n"
                               "ENV CONF=conf/app.yaml\n"
                               "COPY $CONF /etc/app.yaml\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:5:6");
    fx_run_free(&run);

    fx_write(&r, "Dockerfile", "FROM eclipse-temurin:21-jre\n"
                               "ARG JAR_FILE=target/app.jar\n"
                               "COPY ${JAR_FILE} /app.jar\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, (const char *const[]){"copy-source-missing", NULL});
    assert_string_equal(fx_findings(&run2, "copy-source-missing", buf, sizeof buf), "");
    fx_assert_result(&run2, "Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "0 of 1 resolved in context ./ (1 file, 82 B; no .dockerignore); `${JAR_FILE}` "
                  "(target/app.jar) (line 3) is unknown: with its ARG default it is not in the context, and a "
                  "build may pass another value");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

static void test_missing_without_sources(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile", "FROM alpine:3.20 AS build\nRUN echo hi > /x\n"
                               "FROM alpine:3.20\nCOPY --from=build /x /x\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    fx_assert_result(&run, "Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "no COPY/ADD source from the build context");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A source git ignores is an output some step makes before the build
 * (langfuse's `dist`, made by tsc; argo-cd's `.tilt-bin/`): unknown, not
 * missing. With a guessed context, a source found (or git-ignored) in a
 * directory above it says the build runs there (searxng's container/). */
static void test_missing_ignored_output_and_above_guess(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "**/dist\nsearx/version_frozen.py\n");
    fx_stage(&r, "pkg/Dockerfile", "FROM node:22-alpine\nCOPY package.json ./\nCOPY dist ./dist\n");
    fx_stage(&r, "pkg/package.json", "{}\n");
    fx_stage(&r, "container/dist.dockerfile",
             "FROM python:3.13-slim\nCOPY ./container/ ./\nCOPY ./searx/version_frozen.py ./searx/\n");
    fx_stage(&r, "container/entry.sh", "#!/bin/sh\n");
    fx_stage(&r, "other/Dockerfile", "FROM alpine:3.20\nCOPY typo.txt /\n");
    fx_stage(&r, "Dockerfile", "FROM alpine:3.20\nCOPY typo.txt /\n");
    /* a wildcard in a folder git ignores (portainer's dist/storybook*,
     * made only by some builds): an output, in every reading */
    fx_stage(&r, "web/Dockerfile", "FROM alpine:3.20\nCOPY dist/storybook* /storybook/\n");
    fx_stage(&r, "web/compose.yaml", "services:\n  web:\n    build: .\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", NULL});
    char buf[BUF];
    /* at the root `docker build .` is the convention; below it, with no
     * build reference, the context is a guess */
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "Dockerfile:2:6");
    fx_assert_result(&run, "other/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                     "the context other/ is a guess (nothing in the repository says how "
                     "other/Dockerfile is built): `typo.txt` (line 2) is not in it, and the real "
                     "context may hold it");
    fx_assert_result(&run, "web/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                     "0 of 1 resolved in context web/ (2 files, 80 B; no .dockerignore); "
                     "`dist/storybook*` (line 2) is ignored by git: an output some step makes "
                     "before the build");
    fx_assert_result(&run, "pkg/Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "1 of 2 resolved in context pkg/ (2 files, 61 B; no .dockerignore); `dist` (line 3) "
                  "is ignored by git: an output some step makes before the build");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* entrypoint-missing reads the same guess: a directory COPY from a context
 * nothing names, below the root, may hold the file in the real context;
 * with a compose service naming that context it is missing. */
static void test_entrypoint_in_guessed_context(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "api/Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n");
    fx_stage(&r, "api/other.py", "x\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "entrypoint-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "entrypoint-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "api/Dockerfile", "entrypoint-missing", PL_STATUS_SKIP,
                     "CMD runs /app/main.py; the build context api/ is a guess (nothing in the "
                     "repository says how api/Dockerfile is built), and the real one may hold it");
    fx_run_free(&run);
    fx_stage(&r, "compose.yaml", "services:\n  api:\n    build: ./api\n");
    fx_commit(&r, "compose", NULL);
    fx_run known = {0};
    fx_run_rule(&r, &known, "entrypoint-missing");
    assert_string_equal(fx_findings(&known, "entrypoint-missing", buf, sizeof buf), "api/Dockerfile:3:17");
    fx_run_free(&known);
    fx_cleanup(&r);
}

/* authelia's shape: a Buildkite hook copies a folder into the checkout
 * before the step that builds Dockerfile.coverage from the root. */
static void test_missing_copied_by_ci_hook(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile.coverage", "FROM node:22-alpine\nCOPY .local /root/.local\nCOPY web ./\n"
                                         "COPY nothing.txt /x\n");
    fx_stage(&r, "web/index.js", "x\n");
    fx_stage(&r, ".dockerignore", ".git\n");
    fx_stage(&r, ".buildkite/hooks/pre-command", "#!/usr/bin/env bash\nif [[ -n \"$X\" ]]; then\n"
                                                  "  cp -R /buildkite/.local .\nfi\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    /* nothing.txt, named by no build step, stays missing */
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile.coverage:4:6");
    fx_run_free(&run);
    fx_stage(&r, "Dockerfile.coverage", "FROM node:22-alpine\nCOPY .local /root/.local\nCOPY web ./\n");
    fx_commit(&r, "only the hook's folder", NULL);
    fx_run only = {0};
    fx_run_rule(&r, &only, "copy-source-missing");
    fx_assert_result(&only, "Dockerfile.coverage", "copy-source-missing", PL_STATUS_SKIP,
                     "1 of 2 resolved in context ./ (4 files, 138 B after .dockerignore); `.local` "
                     "(line 2) is unknown: .buildkite/hooks/pre-command names .local: a step of "
                     "the build may write it first");
    fx_run_free(&only);
    fx_cleanup(&r);
}

/* monica's shape: a compose build context under a git-ignored vendor/
 * that composer install fills is made before the build, not missing. */
static void test_compose_context_ignored_by_git(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "docker-compose.yml", "services:\n  app:\n    build: ./vendor/laravel/sail/runtimes/8.4\n"
                                       "  web:\n    build: ./web\n");
    fx_commit(&r, "init", NULL);
    fx_run before = {0};
    fx_run_rule(&r, &before, "compose-build-context-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&before, "compose-build-context-missing", buf, sizeof buf),
                        "docker-compose.yml:3:12 docker-compose.yml:5:12");
    fx_run_free(&before);
    fx_stage(&r, ".gitignore", "/vendor\n");
    fx_commit(&r, "ignore vendor", NULL);
    fx_run after = {0};
    fx_run_rule(&r, &after, "compose-build-context-missing");
    /* web/ is still missing */
    assert_string_equal(fx_findings(&after, "compose-build-context-missing", buf, sizeof buf),
                        "docker-compose.yml:5:12");
    fx_run_free(&after);
    fx_cleanup(&r);
}

/* lago's shape: api/ and front/ are git submodules, empty in a checkout
 * without --recurse-submodules; what a build takes from them is unknown,
 * not missing, in the Dockerfile and in compose. */
static void test_missing_in_submodule(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitmodules", "[submodule \"api\"]\n\tpath = api\n\turl = https://example.com/api.git\n"
                                "[submodule \"front\"]\n\tpath = front/\n\turl = https://example.com/front.git\n");
    fx_stage(&r, "docker/Dockerfile", "FROM ruby:3.3-slim\nCOPY ./api/Gemfile ./api/Gemfile.lock /app/\n"
                                      "COPY ./front/ /front/\nCOPY ./apix/typo.txt /x/\n");
    fx_stage(&r, "compose.yaml", "services:\n  api:\n    build:\n      context: .\n"
                                 "      dockerfile: docker/Dockerfile\n"
                                 "  migrate:\n    build:\n      context: ./api\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", "compose-build-context-missing",
                                              NULL});
    char buf[BUF];
    /* apix/ is no submodule: its source is missing */
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "docker/Dockerfile:4:6");
    assert_string_equal(fx_findings(&run, "compose-build-context-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "compose.yaml", "compose-build-context-missing", PL_STATUS_SKIP,
                     "service migrate builds from api, in the git submodule api, which this "
                     "checkout leaves empty and a checkout with --recurse-submodules fills");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- copy-source-ignored ----------------------------------------------------------- */

static void make_ignored_tree(fx_repo *r)
{
    fx_tmpdir(r);
    fx_write(r, ".dockerignore", "docs\n"            /* 1 */
                                 "!docs/README.md\n" /* 2 */
                                 "*.md\n"            /* 3 */
                                 "!README.md\n"      /* 4 */
                                 "secrets/\n"        /* 5 */
                                 "config/*\n");      /* 6 */
    fx_write(r, "Dockerfile", "FROM alpine:3.20\n"             /* 1 */
                              "COPY docs/README.md /d/\n"      /* 2: re-included */
                              "COPY docs/guide.md /d/\n"       /* 3: line 1 */
                              "COPY README.md CHANGES.md /\n"  /* 4: second by line 3 */
                              "COPY secrets/key /\n"           /* 5: pruned dir */
                              "COPY secrets/*.txt /\n"         /* 6: under an excluded dir */
                              "COPY config/ /c/\n"             /* 7: sent empty */
                              "COPY *.md /\n"                  /* 8: README.md is sent */
                              "COPY docs/*.txt /\n"            /* 9: only excluded matches */
                              "COPY nothing.txt /\n");         /* 10: missing, not ignored */
    fx_write(r, "docs/README.md", "r\n");
    fx_write(r, "docs/guide.md", "g\n");
    fx_write(r, "docs/notes.txt", "n\n");
    fx_write(r, "README.md", "r\n");
    fx_write(r, "CHANGES.md", "c\n");
    fx_write(r, "secrets/key", "k\n");
    fx_write(r, "secrets/a.txt", "a\n");
    fx_write(r, "config/app.yml", "a: 1\n");
}

static void test_ignored_sources(void **state)
{
    (void)state;
    fx_repo r;
    make_ignored_tree(&r);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-ignored", "copy-source-missing", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-ignored", buf, sizeof buf),
                        "Dockerfile:3:6 Dockerfile:4:16 Dockerfile:5:6 Dockerfile:6:6 "
                        "Dockerfile:7:6 Dockerfile:9:6");
    assert_string_equal(
        messages(&run, "copy-source-ignored", buf, sizeof buf),
        "COPY source `docs/guide.md` is excluded by .dockerignore line 1 (`docs`) | "
        "COPY source `CHANGES.md` is excluded by .dockerignore line 3 (`*.md`) | "
        "COPY source `secrets/key` is excluded by .dockerignore line 5 (`secrets`) | "
        "COPY source `secrets/*.txt` matches only what .dockerignore line 5 (`secrets`) excludes "
        "(secrets): nothing is copied | "
        "COPY source `config/` is sent empty: .dockerignore line 6 (`config/*`) excludes what is "
        "in it (config/app.yml) | "
        "COPY source `docs/*.txt` matches only what .dockerignore line 1 (`docs`) excludes "
        "(docs/notes.txt): nothing is copied");
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:10:6");
    /* sources the ignore file excludes keep the checklist line from passing */
    fx_assert_result(&run, "Dockerfile", "copy-source-missing", PL_STATUS_FAIL, NULL);
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_ignored_pass_and_skip(void **state)
{
    (void)state;
    fx_repo r;
    make_ignored_tree(&r);
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\nCOPY docs/README.md README.md /d/\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-ignored", "copy-source-missing", NULL});
    fx_assert_result(&run, "Dockerfile", "copy-source-ignored", PL_STATUS_PASS,
                  "2 sources, none excluded by .dockerignore");
    fx_assert_result(&run, "Dockerfile", "copy-source-missing", PL_STATUS_PASS,
                  "2 of 2 resolved in context ./ (4 files, 110 B after .dockerignore)");
    fx_run_free(&run);

    /* only an excluded source: the checklist line says so */
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\nCOPY docs/guide.md /d/\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, (const char *const[]){"copy-source-missing", NULL});
    fx_assert_result(&run2, "Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "0 of 1 resolved in context ./ (4 files, 99 B after .dockerignore); 1 excluded "
                  "by .dockerignore (copy-source-ignored)");
    fx_run_free(&run2);

    /* no ignore file: nothing to judge */
    char path[PATH_MAX];
    assert_int_equal(unlink(fx_path(&r, ".dockerignore", path, sizeof path)), 0);
    fx_run run3 = {0};
    run_rules(&r, &run3, (const char *const[]){"copy-source-ignored", NULL});
    fx_assert_result(&run3, "Dockerfile", "copy-source-ignored", PL_STATUS_SKIP,
                  "no .dockerignore applies to the build context ./");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* `<Dockerfile>.dockerignore` takes precedence over the context's one. */
static void test_ignored_own_ignore_file(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, ".dockerignore", "tmp\n");
    fx_write(&r, "web.Dockerfile.dockerignore", "# the web image leaves static out\nstatic\n");
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\nCOPY static/ /s/\n");
    fx_write(&r, "web.Dockerfile", "FROM nginx:1.27\nCOPY static/ /s/\n");
    fx_write(&r, "static/index.html", "<p>\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-ignored", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-ignored", buf, sizeof buf),
                        "web.Dockerfile:2:6");
    assert_string_equal(messages(&run, "copy-source-ignored", buf, sizeof buf),
                        "COPY source `static/` is excluded by web.Dockerfile.dockerignore line 2 "
                        "(`static`)");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- copy-source-untracked ------------------------------------------------------------- */

static void make_untracked_repo(fx_repo *r)
{
    fx_init(r);
    fx_stage(r, ".gitignore", "*.local\ndist/\n");
    fx_stage(r, "Dockerfile", "FROM alpine:3.20\n"       /* 1 */
                              "COPY app.py /\n"          /* 2: tracked */
                              "COPY local.cfg /\n"       /* 3: untracked */
                              "COPY settings.local /\n"  /* 4: ignored by git */
                              "COPY dist/app.tar /\n"    /* 5: a build output */
                              "COPY src/ /src/\n"        /* 6: tracked below */
                              "COPY gen/ /gen/\n"        /* 7: nothing tracked below */
                              "COPY *.cfg /\n"           /* 8: only untracked matches */
                              "COPY *.py /\n");          /* 9: a tracked match */
    fx_stage(r, "app.py", "print(1)\n");
    fx_stage(r, "src/main.py", "x\n");
    fx_write(r, "src/extra.py", "untracked inside a tracked directory\n");
    fx_commit(r, "init", NULL);
    fx_write(r, "local.cfg", "a=1\n");
    fx_write(r, "settings.local", "b=2\n");
    fx_write(r, "dist/app.tar", "tar\n");
    fx_write(r, "gen/out.txt", "generated\n");
    fx_write(r, "tool.py", "untracked\n");
}

static void test_untracked_sources(void **state)
{
    (void)state;
    fx_repo r;
    make_untracked_repo(&r);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-untracked", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-untracked", buf, sizeof buf),
                        "Dockerfile:3:6 Dockerfile:4:6 Dockerfile:7:6 Dockerfile:8:6");
    assert_string_equal(
        messages(&run, "copy-source-untracked", buf, sizeof buf),
        "COPY source `local.cfg` exists here but is untracked: a clean clone (CI) does not have "
        "it | "
        "COPY source `settings.local` exists here but is ignored by git: a clean clone (CI) does "
        "not have it | "
        "COPY source `gen/` exists here but is untracked: a clean clone (CI) does not have it | "
        "COPY source `*.cfg` matches only paths git does not track (local.cfg is untracked): a "
        "clean clone (CI) has none of them");
    fx_run_free(&run);

    /* --staged: the context is the index, so an untracked file is simply missing */
    fx_run staged = {0};
    staged.o.staged = 1;
    run_rules(&r, &staged,
              (const char *const[]){"copy-source-untracked", "copy-source-missing", NULL});
    fx_assert_result(&staged, "Dockerfile", "copy-source-untracked", PL_STATUS_SKIP,
                  "with --staged the context is the index: a file it lacks is missing");
    assert_string_equal(fx_findings(&staged, "copy-source-missing", buf, sizeof buf),
                        "Dockerfile:3:6 Dockerfile:4:6 Dockerfile:5:6 Dockerfile:7:6");
    fx_run_free(&staged);
    fx_cleanup(&r);
}

static void test_untracked_outside_repository(void **state)
{
    (void)state;
    fx_repo r;
    make_missing_tree(&r, "FROM alpine:3.20\nCOPY app.py /\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-untracked", NULL});
    fx_assert_result(&run, "Dockerfile", "copy-source-untracked", PL_STATUS_SKIP,
                  "the build context is not in a git repository");
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_untracked_all_tracked(void **state)
{
    (void)state;
    fx_repo r;
    make_untracked_repo(&r);
    fx_stage(&r, "Dockerfile", "FROM alpine:3.20\nCOPY app.py src/ /\nCOPY . /all\n");
    fx_commit(&r, "two", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"copy-source-untracked", NULL});
    fx_assert_result(&run, "Dockerfile", "copy-source-untracked", PL_STATUS_PASS,
                  "3 sources, each tracked by git");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- --staged: the context the index holds -------------------------------------------- */

static void test_staged_context(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "svc/Dockerfile", "FROM alpine:3.20\n"
                                   "COPY app.py /\n"       /* 2: staged */
                                   "COPY notes.txt /\n"    /* 3: work tree only */
                                   "COPY debug.log /\n"    /* 4: excluded by the staged ignore file */
                                   "COPY lib/ /lib/\n"     /* 5: staged directory */
                                   "COPY *.py /\n");       /* 6 */
    fx_stage(&r, "svc/app.py", "print(1)\n");
    fx_stage(&r, "svc/lib/util.py", "x\n");
    fx_stage(&r, "svc/debug.log", "log\n");
    fx_stage(&r, "svc/.dockerignore", "*.log\n");
    fx_stage(&r, "compose.yaml", "services:\n  svc:\n    build: ./svc\n");
    fx_commit(&r, "init", NULL);
    fx_write(&r, "svc/notes.txt", "only on disk\n");
    /* the work-tree ignore file differs from the staged one */
    fx_write(&r, "svc/.dockerignore", "lib\n");
    fx_run run = {0};
    run.o.staged = 1;
    run_rules(&r, &run, (const char *const[]){"copy-source-missing", "copy-source-ignored", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf),
                        "svc/Dockerfile:3:6");
    assert_string_equal(messages(&run, "copy-source-ignored", buf, sizeof buf),
                        "COPY source `debug.log` is excluded by svc/.dockerignore line 1 (`*.log`)");
    fx_run_free(&run);

    /* the work tree sees the other ignore file */
    fx_run wt = {0};
    run_rules(&r, &wt, (const char *const[]){"copy-source-missing", "copy-source-ignored", NULL});
    assert_string_equal(fx_findings(&wt, "copy-source-missing", buf, sizeof buf), "");
    assert_string_equal(messages(&wt, "copy-source-ignored", buf, sizeof buf),
                        "COPY source `lib/` is excluded by svc/.dockerignore line 1 (`lib`)");
    fx_run_free(&wt);
    fx_cleanup(&r);
}

/* ---- what should not be sent ---------------------------------------------------------------- */

static const char *const SENDS_RULES[] = {"dockerignore-missing", "context-sends-secrets",
                                          "context-sends-git",    "context-sends-dependencies",
                                          "context-sends-caches", "context-sends-large-files",
                                          "context-sends-tests",  NULL};

static void make_heavy_repo(fx_repo *r, const char *dockerfile)
{
    fx_init(r);
    fx_stage(r, "Dockerfile", dockerfile);
    fx_stage(r, "requirements.txt", "flask\n");
    fx_stage(r, "src/app.py", "x\n");
    fx_commit(r, "init", NULL);
    fx_write(r, "node_modules/pkg/index.js", "module.exports = 1;\n");
    fx_write(r, "node_modules/pkg/.env", "inside dependencies: not reported as a secret\n");
    fx_write(r, ".venv/pyvenv.cfg", "home = /usr/bin\n");
    fx_write(r, ".venv/lib/site.py", "x\n");
    fx_write(r, "myenv/pyvenv.cfg", "home = /usr/bin\n");
    fx_write(r, "src/__pycache__/app.cpython-312.pyc", "pyc\n");
    fx_write(r, ".pytest_cache/v/cache/nodeids", "[]\n");
    fx_write(r, "tests/test_app.py", "def test(): pass\n");
    fx_write(r, ".env", "DATABASE_URL=postgres://u:p@db/app\n");
    fx_write(r, ".env.example", "DATABASE_URL=\n");
    fx_write(r, "certs/server.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    fx_write(r, "certs/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    fx_write(r, "keys/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
    fx_write(r, "keys/id_rsa.pub", "ssh-rsa AAAA\n");
    fx_sized(r, "models/model.safetensors", 2 * 1024 * 1024);
    fx_sized(r, "small.zip", 1000);
    fx_sized(r, "big.dat", 100LL * 1024 * 1024);
}

static void test_sends_without_dockerignore(void **state)
{
    (void)state;
    fx_repo r;
    make_heavy_repo(&r, "FROM python:3.12-slim\nCOPY requirements.txt /app/\nCOPY . /app\n");
    fx_run run = {0};
    run_rules(&r, &run, SENDS_RULES);
    char buf[BUF];
    /* every unwanted file has its category's rule: dockerignore-missing
     * leaves them to those (one finding per problem) */
    assert_string_equal(fx_findings(&run, "dockerignore-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "dockerignore-missing", PL_STATUS_SKIP,
                  "no .dockerignore in ./; each unwanted file COPY/ADD takes from it is "
                  "reported by its context-sends rule (first: context-sends-git)");
    for (int i = 1; SENDS_RULES[i]; i++)
        assert_string_equal(fx_findings(&run, SENDS_RULES[i], buf, sizeof buf), "Dockerfile:3:6");
    assert_string_equal(messages(&run, "context-sends-secrets", buf, sizeof buf),
                        "COPY `.` copies .env, certs/server.pem, keys/id_rsa (130 B): secrets "
                        "stay in the image layers");
    /* the .git size depends on libgit2; the start of the message does not */
    assert_non_null(strstr(messages(&run, "context-sends-git", buf, sizeof buf), "COPY `.` copies .git/ ("));
    assert_string_equal(messages(&run, "context-sends-dependencies", buf, sizeof buf),
                        "COPY `.` copies .venv/, myenv/, node_modules/ (5 files, 100 B) "
                        "installed on this machine, not in the image");
    assert_string_equal(messages(&run, "context-sends-caches", buf, sizeof buf),
                        "COPY `.` copies .pytest_cache/, src/__pycache__/ (2 files, 7 B)");
    assert_string_equal(messages(&run, "context-sends-large-files", buf, sizeof buf),
                        "COPY `.` copies big.dat, models/model.safetensors (107 MB)");
    assert_string_equal(messages(&run, "context-sends-tests", buf, sizeof buf),
                        "COPY `.` copies tests/ (1 file, 17 B)");
    fx_run_free(&run);

    /* alone, it names everything unwanted */
    static const char *const alone[] = {"dockerignore-missing", NULL};
    fx_run run2 = {0};
    run_rules(&r, &run2, alone);
    assert_string_equal(fx_findings(&run2, "dockerignore-missing", buf, sizeof buf), "Dockerfile:3:6");
    const char *missing = messages(&run2, "dockerignore-missing", buf, sizeof buf);
    /* 7 directories (.git's size varies) and 5 files */
    const char *want = "no .dockerignore in ./: COPY `.` copies .git/, .pytest_cache/, .venv/ and "
                       "9 more (";
    assert_true(!strncmp(missing, want, strlen(want)));
    fx_run_free(&run2);

    /* beside the secrets rule, it names the rest */
    static const char *const with_secrets[] = {"dockerignore-missing", "context-sends-secrets", NULL};
    fx_run run3 = {0};
    run_rules(&r, &run3, with_secrets);
    missing = messages(&run3, "dockerignore-missing", buf, sizeof buf);
    assert_null(strstr(missing, ".env"));
    assert_null(strstr(missing, "id_rsa"));
    assert_non_null(strstr(missing, "no .dockerignore in ./: COPY `.` copies .git/"));
    fx_run_free(&run3);
    fx_cleanup(&r);
}

static void test_sends_with_dockerignore(void **state)
{
    (void)state;
    fx_repo r;
    make_heavy_repo(&r, "FROM python:3.12-slim\nCOPY . /app\n");
    fx_write(&r, ".dockerignore", ".git\nnode_modules\n.venv\nmyenv\n**/__pycache__\n"
                                  ".pytest_cache\ntests\n.env\ncerts/server.pem\nkeys\n"
                                  "models\nbig.dat\n");
    fx_run run = {0};
    run_rules(&r, &run, SENDS_RULES);
    char buf[BUF];
    for (int i = 0; SENDS_RULES[i]; i++)
        assert_string_equal(fx_findings(&run, SENDS_RULES[i], buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "dockerignore-missing", PL_STATUS_PASS,
                  ".dockerignore applies");
    fx_assert_result(&run, "Dockerfile", "context-sends-secrets", PL_STATUS_PASS,
                  "no secret file taken by 1 COPY/ADD source from ./");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* .git excluded with HEAD and its refs re-included (for a version string)
 * sends no history; one object more does. */
static void test_sends_git_version_files(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
    fx_commit(&r, "init", NULL);
    fx_write(&r, ".dockerignore", ".git/\n!.git/HEAD\n!.git/refs/heads/*\n");
    fx_run run = {0};
    static const char *const git_rule[] = {"context-sends-git", NULL};
    run_rules(&r, &run, git_rule);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "context-sends-git", buf, sizeof buf), "");
    fx_run_free(&run);
    fx_write(&r, ".dockerignore", ".git/\n!.git/HEAD\n!.git/refs/heads/*\n!.git/config\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, git_rule);
    assert_string_equal(fx_findings(&run2, "context-sends-git", buf, sizeof buf), "Dockerfile:2:6");
    fx_run_free(&run2);

    /* navidrome's shape: the whole context lent to a RUN by a bind mount
     * (go build stamps the revision) puts nothing of .git in a layer */
    fx_write(&r, ".dockerignore", "# nothing left out\n");
    fx_write(&r, "Dockerfile", "FROM golang:1.24\nRUN --mount=type=bind,source=.,target=/src "
                               "go build -C /src -o /app\nCMD [\"/app\"]\n");
    fx_run run3 = {0};
    run_rules(&r, &run3, git_rule);
    assert_string_equal(fx_findings(&run3, "context-sends-git", buf, sizeof buf), "");
    fx_assert_result(&run3, "Dockerfile", "context-sends-git", PL_STATUS_PASS,
                     "no .git taken into a layer by 1 COPY/ADD source from ./ (1 lent to a RUN by "
                     "a bind mount, which puts nothing in a layer)");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* Naming a thing is deliberate (except a secret); --exclude and the COPY's
 * reach count; a bind mount exposes what it mounts. */
static void test_sends_reach(void **state)
{
    (void)state;
    fx_repo r;
    make_heavy_repo(&r, "FROM python:3.12-slim\n"
                        "COPY node_modules /app/node_modules\n"                     /* 2 */
                        "COPY models/model.safetensors /models/\n"                  /* 3 */
                        "COPY .env /app/.env\n"                                     /* 4 */
                        "COPY --exclude=.git --exclude=node_modules --exclude=**/__pycache__ "
                        "--exclude=.venv --exclude=myenv . /app\n"                  /* 5 */
                        "RUN --mount=type=bind,source=src,target=/src python /src/app.py\n"); /* 6 */
    fx_write(&r, ".dockerignore", ".env.example\n");
    fx_run run = {0};
    run_rules(&r, &run, SENDS_RULES);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "context-sends-dependencies", buf, sizeof buf), "");
    assert_string_equal(fx_findings(&run, "context-sends-git", buf, sizeof buf), "");
    assert_string_equal(fx_findings(&run, "context-sends-secrets", buf, sizeof buf),
                        "Dockerfile:4:6 Dockerfile:5:101");
    assert_string_equal(messages(&run, "context-sends-secrets", buf, sizeof buf),
                        "COPY `.env` copies .env (35 B): secrets stay in the image layers | "
                        "COPY `.` copies certs/server.pem, keys/id_rsa (95 B): secrets stay in the "
                        "image layers");
    /* the cache under src/ reaches the build through the mount, but the
     * COPY excluded it: the mount is the first to take it */
    assert_string_equal(fx_findings(&run, "context-sends-caches", buf, sizeof buf),
                        "Dockerfile:5:101 Dockerfile:6:5");
    assert_string_equal(messages(&run, "context-sends-caches", buf, sizeof buf),
                        "COPY `.` copies .pytest_cache/ (1 file, 3 B) | "
                        "RUN --mount (source `src`) exposes src/__pycache__/ (1 file, 4 B)");
    assert_string_equal(fx_findings(&run, "context-sends-large-files", buf, sizeof buf),
                        "Dockerfile:5:101");
    assert_string_equal(messages(&run, "context-sends-large-files", buf, sizeof buf),
                        "COPY `.` copies big.dat, models/model.safetensors (107 MB)");
    assert_string_equal(fx_findings(&run, "dockerignore-missing", buf, sizeof buf), "");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A builder stage that only hands its output on (loki's, argo-cd's `COPY .
 * /src` before `make`): .git and large files cost build time there, not
 * image size, so neither rule reports them; the shipped stage still does. */
static void test_sends_builder_stage(void **state)
{
    (void)state;
    fx_repo r;
    make_heavy_repo(&r, "FROM golang:1.24 AS build\nCOPY . /src\nRUN make -C /src\n"
                        "FROM alpine:3.20\nCOPY --from=build /src/app /usr/bin/app\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"context-sends-git", "context-sends-large-files",
                                              "context-sends-secrets", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "context-sends-git", buf, sizeof buf), "");
    assert_string_equal(fx_findings(&run, "context-sends-large-files", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "context-sends-large-files", PL_STATUS_PASS,
                  "no large file taken into a shipped stage by 1 COPY/ADD source from ./ (1 in a "
                  "builder stage that ships nothing)");
    /* the secrets stay in the builder: only /src/app goes on (a skip that
     * says so, not a pass: the build could bake them into the app) */
    assert_string_equal(fx_findings(&run, "context-sends-secrets", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "context-sends-secrets", PL_STATUS_SKIP, NULL);
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* grafana/loki vendors minio-go, whose credentials.json is a fixture
 * ("secret", "token"); argo-cd's test/fixture/certs hold the e2e suite's
 * keys: neither is the repository's secret. One beside the app still is. */
static void test_sends_secrets_fixtures(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM golang:1.24\nCOPY . /src\n");
    fx_stage(&r, "vendor/github.com/minio/minio-go/v7/pkg/credentials/credentials.json",
             "{\"SecretAccessKey\": \"secret\", \"SessionToken\": \"token\"}\n");
    fx_stage(&r, "test/fixture/certs/e2e.key",
             "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    fx_stage(&r, "deploy/credentials.json", "{\"key\": \"x\"}\n");
    fx_stage(&r, ".dockerignore", ".git\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"context-sends-secrets", NULL});
    char buf[BUF];
    assert_string_equal(messages(&run, "context-sends-secrets", buf, sizeof buf),
                        "COPY `.` copies deploy/credentials.json (13 B): secrets stay in the image layers");
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_sends_nothing_reached(void **state)
{
    (void)state;
    fx_repo r;
    make_heavy_repo(&r, "FROM python:3.12-slim\nCOPY requirements.txt /app/\n");
    fx_run run = {0};
    run_rules(&r, &run, SENDS_RULES);
    char buf[BUF];
    for (int i = 0; SENDS_RULES[i]; i++)
        assert_string_equal(fx_findings(&run, SENDS_RULES[i], buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "dockerignore-missing", PL_STATUS_PASS,
                  "no .dockerignore, but COPY/ADD takes nothing unwanted from ./");
    fx_run_free(&run);

    fx_write(&r, "Dockerfile", "FROM python:3.12-slim\nRUN echo no context\n");
    fx_run run2 = {0};
    run_rules(&r, &run2, SENDS_RULES);
    fx_assert_result(&run2, "Dockerfile", "context-sends-git", PL_STATUS_SKIP,
                  "no COPY/ADD source resolved in the build context");
    fx_run_free(&run2);
    fx_cleanup(&r);
}

/* A .env file is judged by its content: a fixture or a template of empty,
 * placeholder or commented keys is no secret; a set secret-named key or a
 * URL with a password is. */
static void test_sends_env_content(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
    fx_write(&r, ".dockerignore", "Dockerfile\n");
    fx_write(&r, "vendor/lib/tests/.env", "HELLO=world\nDEBUG=1\n");
    fx_write(&r, "deploy/.env", "# SECRET_KEY=\nAPI_TOKEN=\nDB_PASSWORD=changeme\n"
                                "export AUTH_TOKEN=<your token>\nSTRIPE_KEY=${STRIPE_KEY}\n");
    fx_write(&r, "prod.env", "LOG_LEVEL=info\nexport DJANGO_SECRET_KEY = 'k3j4h5g6f7'\n");
    fx_write(&r, "db/.env", "DATABASE_URL=postgres://app:s3cret@db:5432/app\n");
    fx_run run = {0};
    static const char *const rules[] = {"context-sends-secrets", NULL};
    run_rules(&r, &run, rules);
    char buf[BUF];
    assert_string_equal(messages(&run, "context-sends-secrets", buf, sizeof buf),
                        "COPY `.` copies db/.env, prod.env (102 B): secrets stay in the image layers");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- the budget -------------------------------------------------------------------------- */

static void test_budget(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\nCOPY . /app\n"); /* 30 B */
    fx_write(&r, ".dockerignore", "data\n");                     /* 5 B */
    fx_sized(&r, "blob.bin", 2500);
    fx_sized(&r, "data/huge.bin", 1000000);
    fx_write(&r, "a.txt", "a\n");
    fx_run run = {0};
    const char *const rules[] = {"context-over-budget", NULL};
    run_rules(&r, &run, rules);
    fx_assert_result(&run, "Dockerfile", "context-over-budget", PL_STATUS_PASS,
                  "./ (4 files, 2.5 kB after .dockerignore; no context.max-size or max-files set)");
    fx_run_free(&run);

    fx_run over = {0};
    fx_cd(&r, NULL);
    over.paths[0] = ".";
    over.select[0] = "context-over-budget";
    fx_discover(&over);
    assert_int_equal(over.rc, 0);
    over.cfg.context_max_size = 2000;
    over.cfg.context_max_files = 3;
    over.cfg.context_max_files = 5;
    pl_engine_run(&over.ws);
    char buf[BUF];
    assert_string_equal(fx_findings(&over, "context-over-budget", buf, sizeof buf),
                        "Dockerfile:2:6");
    assert_string_equal(messages(&over, "context-over-budget", buf, sizeof buf),
                        "the build context ./ is 2.5 kB (4 files, 2.5 kB after .dockerignore), "
                        "over context.max-size (2.0 kB)");
    fx_run_free(&over);

    /* more files than context.max-files: the walk stops there, the budget
     * rule says so once, the other context rules skip with the reason and
     * the report notes the directory once */
    fx_run many = {0};
    many.paths[0] = ".";
    many.select[0] = "context-over-budget";
    many.select[1] = "copy-source-missing";
    fx_discover(&many);
    many.cfg.context_max_files = 3;
    pl_engine_run(&many.ws);
    assert_string_equal(fx_findings(&many, "context-over-budget", buf, sizeof buf),
                        "Dockerfile:1:1");
    assert_string_equal(messages(&many, "context-over-budget", buf, sizeof buf),
                        "the build context ./ holds more than 3 files, over context.max-files (3); "
                        "not walked further");
    fx_assert_result(&many, "Dockerfile", "copy-source-missing", PL_STATUS_SKIP,
                  "the build context . holds more than 3 files (context.max-files); not walked "
                  "further");
    assert_int_equal(many.ws.notes.len, 1);
    assert_string_equal((const char *)many.ws.notes.items[0],
                        "the build context . holds more than 3 files (context.max-files); not "
                        "walked further");
    fx_run_free(&many);

    fx_run under = {0};
    under.paths[0] = ".";
    under.select[0] = "context-over-budget";
    fx_discover(&under);
    under.cfg.context_max_size = 70000000;
    under.cfg.context_max_files = 5000;
    pl_engine_run(&under.ws);
    fx_assert_result(&under, "Dockerfile", "context-over-budget", PL_STATUS_PASS,
                  "./ (4 files, 2.5 kB after .dockerignore; budget 70 MB, 5000 files)");
    fx_run_free(&under);
    fx_cleanup(&r);
}

/* ---- .dockerignore rules with the context --------------------------------------------------- */

/* Lines of the gitignore templates people copy (local artefacts, editor
 * folders, backups of a virtualenv) are defensive, not dead; a typo is. */
static void test_ignore_unused_defensive(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, ".dockerignore", "venv.bak/\nENV/\n*.egg-info\n.idea/\n.spyderproject\n"
                                  "develop-eggs/\ndocs/_build/\n.ipynb_checkpoints\nsrcx\n");
    fx_write(&r, "src/app.py", "x\n");
    fx_write(&r, "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"ignore-pattern-unused", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "ignore-pattern-unused", buf, sizeof buf),
                        ".dockerignore:9:1");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* What git ignores is what a clean checkout lacks and a developer's work
 * tree has (full-stack-fastapi's frontend/test-results, dclint's
 * /sea-prep.blob); local artefacts are named by a suffix or a folder
 * above them too (app.egg-info, travis_wait_*.log, .vscode/...). Dead
 * source paths are still reported, generic folders (tests/, lib/) not
 * taken for local ones. */
static void test_ignore_unused_git_ignored(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "/frontend/playwright-report/\ntest-results/\n*.blob\n/sea\n");
    fx_stage(&r, "Dockerfile", "FROM python:3.12-slim\nCOPY . /app\n");
    fx_stage(&r, "frontend/index.js", "x\n");
    fx_stage(&r, "src/app.py", "x\n");
    fx_stage(&r, ".dockerignore", "frontend/test-results\n"       /* 1: git ignores */
                                  "frontend/playwright-report\n"  /* 2: git ignores */
                                  "/sea-prep.blob\n"              /* 3: git ignores */
                                  "/sea\n"                        /* 4: git ignores */
                                  "app.egg-info\n"                /* 5: artefact suffix */
                                  "travis_wait_*.log\n"           /* 6: a log */
                                  "!.vscode/settings.json\n"      /* 7: in an editor folder */
                                  "**/#*\n"                       /* 8: editor autosaves */
                                  "docker-compose.*.yml\n"        /* 9: the build's own files */
                                  "srcx\n"                        /* 10: dead */
                                  "tests/fixtures/gone\n"         /* 11: dead */
                                  "lib/old.js\n");                /* 12: dead */
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"ignore-pattern-unused", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "ignore-pattern-unused", buf, sizeof buf),
                        ".dockerignore:10:1 .dockerignore:11:1 .dockerignore:12:1");
    fx_run_free(&run);

    /* all of them local: the pass says so */
    fx_write(&r, ".dockerignore", "frontend/test-results\n*.log\nsrc\n");
    fx_run again = {0};
    run_rules(&r, &again, (const char *const[]){"ignore-pattern-unused", NULL});
    fx_assert_result(&again, ".dockerignore", "ignore-pattern-unused", PL_STATUS_PASS,
                  "3 patterns, each matching something in ./ or naming a local "
                  "artefact or a path git ignores (2)");
    fx_run_free(&again);
    fx_cleanup(&r);
}

static void test_ignore_unused_and_ineffective(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, ".dockerignore", "node_mod\n"          /* 1: typo, unused */
                                  "*.pyc\n"             /* 2: defensive */
                                  "docs\n"              /* 3 */
                                  "!docs/README.md\n"   /* 4: effective */
                                  "!src/main.c\n"       /* 5: nothing excluded it */
                                  "*.txt\n"             /* 6 */
                                  "!notes.txt\n"        /* 7: excluded again by line 8 */
                                  "notes*\n"            /* 8 */
                                  "# plimsoll ignore=ignore-pattern-unused\n"
                                  "/legacy\n"           /* 10: unused, suppressed */
                                  "!ghost.txt\n"        /* 11: unused */
                                  "vendor\n"            /* 12 */
                                  "vendor/lib/old\n");  /* 13: inside a directory not walked */
    fx_write(&r, "docs/README.md", "r\n");
    fx_write(&r, "docs/guide.md", "g\n");
    fx_write(&r, "src/main.c", "int main;\n");
    fx_write(&r, "notes.txt", "n\n");
    fx_write(&r, "a.txt", "a\n");
    fx_write(&r, "node_modules/x/i.js", "x\n");
    fx_write(&r, "vendor/lib/old/a.c", "x\n");
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\n");
    fx_run run = {0};
    run_rules(&r, &run,
              (const char *const[]){"ignore-pattern-unused", "ignore-reinclude-ineffective", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "ignore-pattern-unused", buf, sizeof buf),
                        ".dockerignore:11:1 .dockerignore:1:1");
    assert_string_equal(messages(&run, "ignore-pattern-unused", buf, sizeof buf),
                        "`node_mod` matches none of the 13 paths of the build context ./ | "
                        "`!ghost.txt` matches none of the 13 paths of the build context ./");
    assert_string_equal(fx_findings(&run, "ignore-reinclude-ineffective", buf, sizeof buf),
                        ".dockerignore:5:1 .dockerignore:7:1");
    assert_string_equal(messages(&run, "ignore-reinclude-ineffective", buf, sizeof buf),
                        "`!src/main.c` has no effect: no line before it excludes what it matches "
                        "(src/main.c) | "
                        "`!notes.txt` has no effect: line 8 (`notes*`) excludes what it re-includes "
                        "again (notes.txt)");
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_ignore_excludes_dockerfile(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, ".dockerignore", "Dockerfile*\n.dockerignore\n*\n!src\n");
    fx_write(&r, "api.Dockerfile.dockerignore", "api.Dockerfile\n");
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\n");
    fx_write(&r, "Dockerfile.dev", "FROM alpine:3.20\n");
    fx_write(&r, "api.Dockerfile", "FROM alpine:3.20\n");
    fx_write(&r, "src/a.c", "x\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"ignore-excludes-dockerfile", NULL});
    char buf[BUF];
    /* `*` excludes api.Dockerfile in .dockerignore, but that file has its
     * own ignore file, and a catch-all is not singling anything out */
    assert_string_equal(fx_findings(&run, "ignore-excludes-dockerfile", buf, sizeof buf),
                        ".dockerignore:1:1 .dockerignore:2:1 api.Dockerfile.dockerignore:1:1");
    assert_string_equal(messages(&run, "ignore-excludes-dockerfile", buf, sizeof buf),
                        "`Dockerfile*` excludes Dockerfile, Dockerfile.dev: docker still sends it, "
                        "but COPY/ADD cannot take it | "
                        "`.dockerignore` excludes .dockerignore: docker still sends it, but "
                        "COPY/ADD cannot take it | "
                        "`api.Dockerfile` excludes api.Dockerfile: docker still sends it, but "
                        "COPY/ADD cannot take it");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- helpers of ctx_util ------------------------------------------------------------------- */

static void test_helpers(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    assert_string_equal(pl_ctx_human_size(a, 0), "0 B");
    assert_string_equal(pl_ctx_human_size(a, 999), "999 B");
    assert_string_equal(pl_ctx_human_size(a, 1000), "1.0 kB");
    assert_string_equal(pl_ctx_human_size(a, 1800000), "1.8 MB");
    assert_string_equal(pl_ctx_human_size(a, 12400000), "12 MB");
    assert_string_equal(pl_ctx_human_size(a, 999960), "1.0 MB");
    assert_true(pl_ctx_catch_all("*"));
    assert_true(pl_ctx_catch_all("**"));
    assert_true(pl_ctx_catch_all("**/*"));
    assert_true(pl_ctx_catch_all("**/**"));
    assert_false(pl_ctx_catch_all("*/*"));
    assert_false(pl_ctx_catch_all("*/**"));
    assert_false(pl_ctx_catch_all("**/*.pyc"));
    assert_false(pl_ctx_catch_all("src/**"));
    assert_true(pl_ctx_path_within("a/b", "a"));
    assert_true(pl_ctx_path_within("a", "a"));
    assert_false(pl_ctx_path_within("ab", "a"));
    assert_true(pl_ctx_path_within("x", "."));
    assert_true(pl_ctx_dockerfile_name("Dockerfile"));
    assert_true(pl_ctx_dockerfile_name("api.Dockerfile"));
    assert_true(pl_ctx_dockerfile_name("Containerfile.dev"));
    assert_false(pl_ctx_dockerfile_name("Dockerfile.dockerignore"));
    assert_false(pl_ctx_dockerfile_name("README.md"));
    pl_arena_free(a);
}


/* ---- pip install -r: judged on the requirements file ------------------------------------ */

static void test_pip_requirements_file(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "COPY requirements.txt .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n");
    fx_write(&r, "requirements.txt", "flask==3.0.3\n-r base.txt\n");
    fx_write(&r, "base.txt", "# shared\nuvicorn[standard]>=0.30\npsycopg[binary]\n");
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"pip-version-unpinned", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "pip-version-unpinned", buf, sizeof buf),
                        "Dockerfile:4:35");
    assert_string_equal(messages(&run, "pip-version-unpinned", buf, sizeof buf),
                        "requirements.txt installs 2 requirements without an exact == pin "
                        "(first: uvicorn>=0.30 at base.txt:2)");
    fx_run_free(&run);

    /* pinned: a pass that says what was read */
    fx_write(&r, "base.txt", "uvicorn[standard]==0.30.1\npsycopg[binary]==3.2.1\n");
    fx_run pinned = {0};
    run_rules(&r, &pinned, (const char *const[]){"pip-version-unpinned", NULL});
    fx_assert_result(&pinned, "Dockerfile", "pip-version-unpinned", PL_STATUS_PASS,
                  "1 pip install command pinned (1 requirements file, 3 requirements pinned with ==)");
    fx_run_free(&pinned);

    /* hash-checking mode is another rule's (pip-hashes-incomplete): the
     * pinning rule still only judges pins */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt .\n"
             "RUN pip install --require-hashes -r requirements.txt\n");
    fx_run hashed = {0};
    run_rules(&r, &hashed, (const char *const[]){"pip-version-unpinned", NULL});
    fx_assert_result(&hashed, "Dockerfile", "pip-version-unpinned", PL_STATUS_PASS,
                  "1 pip install command pinned (1 requirements file, 3 requirements pinned with ==)");
    fx_run_free(&hashed);

    /* an include that cannot be read: never a pass */
    fx_write(&r, "requirements.txt", "flask==3.0.3\n-r nowhere.txt\n");
    fx_run unread = {0};
    run_rules(&r, &unread, (const char *const[]){"pip-version-unpinned", NULL});
    fx_assert_result(&unread, "Dockerfile", "pip-version-unpinned", PL_STATUS_SKIP,
                  "requirements.txt includes nowhere.txt (-r at requirements.txt:2), which cannot be read");
    fx_run_free(&unread);

    /* a file that is not in the context: never a pass */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "RUN uv pip sync requirements/prod.txt\n");
    fx_run missing = {0};
    run_rules(&r, &missing, (const char *const[]){"pip-version-unpinned", NULL});
    fx_assert_result(&missing, "Dockerfile", "pip-version-unpinned", PL_STATUS_SKIP,
                  "requirements/prod.txt is not in the build context");
    fx_run_free(&missing);

    /* in the directory but left out by .dockerignore */
    fx_write(&r, ".dockerignore", "*.txt\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "RUN --mount=type=bind,source=.,target=/src pip install -r /src/requirements.txt\n");
    fx_run ignored = {0};
    run_rules(&r, &ignored, (const char *const[]){"pip-version-unpinned", NULL});
    fx_assert_result(&ignored, "Dockerfile", "pip-version-unpinned", PL_STATUS_SKIP,
                  "/src/requirements.txt is left out of the build context by .dockerignore");
    fx_run_free(&ignored);
    fx_cleanup(&r);
}


/* ---- requirements rules across -r/-c includes read from disk ----------------------------- */

static void test_requirements_includes(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "app/requirements.txt",
             "-r ../shared/base.txt\n"
             "-c constraints.txt\n"
             "django>=5.0\n"
             "requests\n"
             "six==1.16.0\n");
    fx_write(&r, "shared/base.txt", "django==4.2.11\nsix==1.16.0\n");
    fx_write(&r, "app/constraints.txt", "requests==2.32.3\nurllib3<3\n");
    fx_run run = {0};
    run_rules(&r, &run,
              (const char *const[]){"requirements-conflict", "requirements-duplicate",
                                    "requirements-unpinned", NULL});
    char buf[BUF];
    assert_string_equal(messages(&run, "requirements-conflict", buf, sizeof buf),
                        "conflicting specifiers for django: >=5.0 here, ==4.2.11 at "
                        "shared/base.txt:1");
    assert_string_equal(messages(&run, "requirements-duplicate", buf, sizeof buf),
                        "duplicate requirement six: ==1.16.0 here, ==1.16.0 at shared/base.txt:2");
    /* requests is pinned by the constraints file; django's range is the only unpinned line */
    assert_string_equal(messages(&run, "requirements-unpinned", buf, sizeof buf),
                        "django allows a range (>=5.0): the newest matching release installs");
    fx_assert_result(&run, "app/constraints.txt", "requirements-unpinned", PL_STATUS_SKIP,
                  "a constraints file only limits versions; the files that install are judged");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A secret the builder stage takes with `COPY . .` (AppFlowy's cargo-chef
 * builders, coolify's static-assets stage) stays there when the stage that
 * ships copies on only the build's output; copied on with the directory
 * that holds it, or into a stage that ships, it is reported. */
static void test_sends_secrets_builder_only(void **state)
{
    (void)state;
    static const char *const secrets_rule[] = {"context-sends-secrets", NULL};
    static const char *const shapes[][2] = {
        /* the output only: a skip */
        {"FROM rust:1.86 AS builder\n"
         "WORKDIR /app\n"
         "COPY . .\n"
         "RUN cargo build --release\n"
         "FROM debian:bookworm-slim\n"
         "COPY --from=builder /app/target/release/app /usr/local/bin/app\n",
         ""},
        /* the whole source directory goes on */
        {"FROM rust:1.86 AS builder\n"
         "WORKDIR /app\n"
         "COPY . .\n"
         "FROM debian:bookworm-slim\n"
         "COPY --from=builder /app /srv\n",
         "Dockerfile:3:6"},
        /* through a second builder, by a glob */
        {"FROM rust:1.86 AS builder\n"
         "COPY . /src\n"
         "FROM builder AS pack\n"
         "RUN true\n"
         "FROM alpine:3.20 AS stage2\n"
         "COPY --from=pack /src/ /in/\n"
         "FROM debian:bookworm-slim\n"
         "COPY --from=stage2 /in/*.env /etc/app/\n",
         "Dockerfile:2:6"},
        /* a stage that ships takes it itself */
        {"FROM rust:1.86 AS builder\n"
         "COPY . /src\n"
         "FROM debian:bookworm-slim\n"
         "COPY --from=builder /src/target/app /usr/bin/app\n"
         "COPY . /app\n",
         "Dockerfile:5:6"},
        /* a stage nothing names may be what a --target builds */
        {"FROM rust:1.86 AS builder\n"
         "COPY . /src\n"
         "FROM debian:bookworm-slim\n"
         "CMD [\"true\"]\n",
         "Dockerfile:2:6"},
    };
    char buf[BUF];
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        fx_repo r;
        fx_init(&r);
        fx_stage(&r, "Dockerfile", shapes[k][0]);
        fx_stage(&r, "main.rs", "fn main() {}\n");
        fx_commit(&r, "init", NULL);
        fx_write(&r, "deploy.env", "API_TOKEN=9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c\n");
        fx_run run = {0};
        run_rules(&r, &run, secrets_rule);
        assert_string_equal(fx_findings(&run, "context-sends-secrets", buf, sizeof buf),
                            shapes[k][1]);
        if (k == 0)
            fx_assert_result(&run, "Dockerfile", "context-sends-secrets", PL_STATUS_SKIP,
                             "COPY `.` copies deploy.env (43 B) into stage builder, which ships "
                             "nothing, and no COPY --from takes it on into a stage that ships; "
                             "what a build step there bakes into the files it hands on is not "
                             "judged");
        fx_run_free(&run);
        fx_cleanup(&r);
    }
}

/* vaultwarden's playwright runner copies its test.env: an image that never
 * ships pushes its secrets nowhere (a skip with the reason). */
static void test_sends_secrets_image_never_ships(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "playwright/Dockerfile", "FROM node:22\nCOPY test.env /project/\n");
    fx_stage(&r, "playwright/test.env", "ADMIN_TOKEN=9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    run_rules(&r, &run, (const char *const[]){"context-sends-secrets", NULL});
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "context-sends-secrets", buf, sizeof buf), "");
    fx_assert_result(&run, "playwright/Dockerfile", "context-sends-secrets", PL_STATUS_SKIP,
                     "a test image (playwright/): it runs in CI or on a developer's machine, not "
                     "as the service that ships");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_sources),
        cmocka_unit_test(test_optional_wildcard_beside_existing_source),
        cmocka_unit_test(test_output_folder_built_by_script),
        cmocka_unit_test(test_pip_requirements_file),
        cmocka_unit_test(test_requirements_includes),
        cmocka_unit_test(test_missing_checklist_pass_and_unknown),
        cmocka_unit_test(test_missing_context_is_dockerfile_dir),
        cmocka_unit_test(test_missing_context_above),
        cmocka_unit_test(test_missing_context_not_above_repository),
        cmocka_unit_test(test_missing_from_arg_default),
        cmocka_unit_test(test_missing_without_sources),
        cmocka_unit_test(test_missing_ignored_output_and_above_guess),
        cmocka_unit_test(test_entrypoint_in_guessed_context),
        cmocka_unit_test(test_missing_copied_by_ci_hook),
        cmocka_unit_test(test_compose_context_ignored_by_git),
        cmocka_unit_test(test_missing_in_submodule),
        cmocka_unit_test(test_ignored_sources),
        cmocka_unit_test(test_ignored_pass_and_skip),
        cmocka_unit_test(test_ignored_own_ignore_file),
        cmocka_unit_test(test_untracked_sources),
        cmocka_unit_test(test_untracked_outside_repository),
        cmocka_unit_test(test_untracked_all_tracked),
        cmocka_unit_test(test_staged_context),
        cmocka_unit_test(test_sends_without_dockerignore),
        cmocka_unit_test(test_sends_with_dockerignore),
        cmocka_unit_test(test_sends_git_version_files),
        cmocka_unit_test(test_sends_secrets_builder_only),
        cmocka_unit_test(test_sends_secrets_image_never_ships),
        cmocka_unit_test(test_sends_reach),
        cmocka_unit_test(test_sends_builder_stage),
        cmocka_unit_test(test_sends_secrets_fixtures),
        cmocka_unit_test(test_sends_nothing_reached),
        cmocka_unit_test(test_sends_env_content),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_ignore_unused_and_ineffective),
        cmocka_unit_test(test_ignore_unused_defensive),
        cmocka_unit_test(test_ignore_unused_git_ignored),
        cmocka_unit_test(test_ignore_excludes_dockerfile),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
