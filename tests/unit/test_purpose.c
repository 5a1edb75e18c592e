/* test_purpose.c — what a path says a file is for (purpose.h), and the
 * pinning rule's reading of requirements files no shipped image installs,
 * on real trees: a Dockerfile's `pip install -r` through COPY and an
 * absolute path, -r includes, a docs image, a library's dependency list. */
#include "gitfixture.h"
#include "plimsoll/purpose.h"

#define BUF 8192

static void test_words(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const pl_purpose_kind C = PL_PURPOSE_COMPOSE, R = PL_PURPOSE_REQUIREMENTS;
    assert_string_equal(pl_relpath_purpose(a, "docker-compose.dev.yml", C),
                        "its name says dev (docker-compose.dev.yml)");
    assert_string_equal(pl_relpath_purpose(a, "docker/compose/docker-compose.ci-test.yml", C),
                        "its name says ci (docker-compose.ci-test.yml)");
    assert_string_equal(pl_relpath_purpose(a, "tests/e2e/docker/docker-compose.yml", C),
                        "it lies under tests/");
    assert_string_equal(pl_relpath_purpose(a, "tools/dev/kafka/docker-compose.yaml", C),
                        "it lies under tools/");
    assert_string_equal(pl_relpath_purpose(a, ".devcontainer/compose.yaml", C),
                        "it lies under .devcontainer/");
    assert_string_equal(pl_relpath_purpose(a, "_integration-test/x/compose.yaml", C),
                        "it lies under _integration-test/");
    assert_string_equal(pl_relpath_purpose(a, "docs/requirements.txt", R), "it lies under docs/");
    /* an end-to-end test framework's setup, test doubles */
    assert_string_equal(pl_relpath_purpose(a, "playwright/docker-compose.yml", C),
                        "it lies under playwright/");
    assert_string_equal(pl_relpath_purpose(a, "docker/dummy/compose.yaml", C),
                        "it lies under docker/dummy/");
    assert_string_equal(pl_relpath_purpose(a, "requirements/lint.txt", R),
                        "its name says lint (lint.txt)");
    /* benchmark tooling (torchserve's benchmarks/requirements-ab.txt) */
    assert_string_equal(pl_relpath_purpose(a, "benchmarks/requirements-ab.txt", R),
                        "it lies under benchmarks/");
    assert_string_equal(pl_relpath_purpose(a, "dex/benchmark/compose.yaml", C),
                        "it lies under dex/benchmark/");
    /* docs words are only requirements words: a compose file in a docs
     * tree is still caught by its folder, one named docs is not */
    assert_null(pl_relpath_purpose(a, "compose.docs.yaml", C));
    /* what ships */
    assert_null(pl_relpath_purpose(a, "docker-compose.yml", C));
    assert_null(pl_relpath_purpose(a, "deploy/compose.prod.yaml", C));
    assert_null(pl_relpath_purpose(a, "requirements/production.txt", R));
    assert_null(pl_relpath_purpose(a, "requirements.txt", R));
    /* whole words only: latest, contest, devops are not test or dev */
    assert_null(pl_relpath_purpose(a, "compose.latest.yaml", C));
    assert_null(pl_relpath_purpose(a, "contest/devops/compose.yaml", C));
    pl_arena_free(a);
}

/* Without PATH arguments, the folders above the current directory do not
 * count: a clone under ~/dev/ is not a development file. */
static void test_outside_repository(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_workspace ws = {0};
    assert_null(pl_path_purpose(a, &ws, "/home/me/dev/app/compose.yaml", PL_PURPOSE_COMPOSE));
    assert_null(pl_path_purpose(a, &ws, "../tests/app/compose.yaml", PL_PURPOSE_COMPOSE));
    assert_string_equal(pl_path_purpose(a, &ws, "./tests/compose.yaml", PL_PURPOSE_COMPOSE),
                        "it lies under tests/");
    assert_string_equal(pl_path_purpose(a, &ws, "/srv/x/compose.test.yaml", PL_PURPOSE_COMPOSE),
                        "its name says test (compose.test.yaml)");
    pl_arena_free(a);
}

static void run_pins(fx_repo *r, fx_run *run)
{
    fx_cd(r, NULL);
    run->paths[0] = ".";
    run->select[0] = "requirements-unpinned";
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

static void make_app(fx_repo *r)
{
    fx_init(r);
    fx_write(r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements/ /tmp/req/\n"
             "RUN pip install --no-cache-dir -r /tmp/req/prod.txt\n");
    fx_write(r, "requirements/prod.txt", "-r base.txt\nflask>=2\n");
    fx_write(r, "requirements/base.txt", "django>=4\n");
    fx_write(r, "requirements/dev.txt", "-r base.txt\npytest>=7\n");
    fx_write(r, "requirements/tests.txt", "coverage\n");
    fx_write(r, "docs/requirements.txt", "sphinx>=5\n");
}

static void test_installed_judged_dev_aside(void **state)
{
    (void)state;
    fx_repo r;
    make_app(&r);
    fx_run run = {0};
    run_pins(&r, &run);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "requirements-unpinned", buf, sizeof buf),
                        "requirements/base.txt:1:1 requirements/prod.txt:2:1");
    fx_assert_result(&run, "requirements/dev.txt", "requirements-unpinned", PL_STATUS_SKIP,
                     "its name says dev (dev.txt), and no Dockerfile of the repository installs "
                     "it: the requirements of development, test or docs tools, which no image "
                     "ships");
    fx_assert_result(&run, "docs/requirements.txt", "requirements-unpinned", PL_STATUS_SKIP,
                     "it lies under docs/, and no Dockerfile of the repository installs it: the "
                     "requirements of development, test or docs tools, which no image ships");
    fx_run_free(&run);

    /* the image installs the test requirements too: judged */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "COPY . .\n"
             "RUN pip install -r requirements/prod.txt -r requirements/tests.txt\n");
    fx_run run2 = {0};
    run_pins(&r, &run2);
    assert_string_equal(fx_findings(&run2, "requirements-unpinned", buf, sizeof buf),
                        "requirements/base.txt:1:1 requirements/prod.txt:2:1 "
                        "requirements/tests.txt:1:1");
    fx_run_free(&run2);

    /* a ${VAR} in the name may be any of them */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "ARG ENV=prod\n"
             "COPY requirements/ /req/\n"
             "RUN pip install -r /req/${ENV}.txt\n");
    fx_run run3 = {0};
    run_pins(&r, &run3);
    assert_string_equal(fx_findings(&run3, "requirements-unpinned", buf, sizeof buf),
                        "requirements/base.txt:1:1 requirements/dev.txt:2:1 "
                        "requirements/prod.txt:2:1 requirements/tests.txt:1:1");
    fx_run_free(&run3);
    fx_cleanup(&r);
}

/* The rules about what an image installs from a requirements file (a VCS
 * head, an editable install, a duplicate line) leave the files of
 * development, test or docs tools alone as the pinning rule does
 * (torchserve's docs/sphinx/requirements.txt installs its theme editable
 * from git); an installed file is judged. */
static void test_other_rules_dev_aside(void **state)
{
    (void)state;
    fx_repo r;
    make_app(&r);
    static const char docs[] = "sphinx==7.2.6\n"
                               "-e git+https://github.com/pytorch/pytorch_sphinx_theme.git#egg=pytorch_sphinx_theme\n"
                               "sphinx==7.2.6\n";
    fx_write(&r, "docs/requirements.txt", docs);
    fx_write(&r, "requirements/base.txt", docs);
    static const char *const rules[] = {"requirements-vcs-unpinned", "requirements-editable",
                                        "requirements-duplicate", NULL};
    static const char *const found[] = {"requirements/base.txt:2:4", "requirements/base.txt:2:4",
                                        "requirements/base.txt:3:1"};
    char buf[BUF];
    for (int i = 0; rules[i]; i++) {
        fx_cd(&r, NULL);
        fx_run run = {.paths = {"."}, .select = {rules[i]}};
        fx_check_all(&run);
        assert_string_equal(fx_findings(&run, rules[i], buf, sizeof buf), found[i]);
        fx_assert_result(&run, "docs/requirements.txt", rules[i], PL_STATUS_SKIP,
                         "it lies under docs/, and no Dockerfile of the repository installs it: "
                         "the requirements of development, test or docs tools, which no image "
                         "ships");
        fx_run_free(&run);
    }
    fx_cleanup(&r);
}

/* A docs image installing the docs requirements does not make them part
 * of what ships. */
static void test_docs_image(void **state)
{
    (void)state;
    fx_repo r;
    make_app(&r);
    fx_write(&r, "docs/docs.Dockerfile",
             "FROM python:3.12-slim\nCOPY requirements.txt /mkdocs/\n"
             "RUN pip3 install -r /mkdocs/requirements.txt\n");
    fx_run run = {0};
    run_pins(&r, &run);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "requirements-unpinned", buf, sizeof buf),
                        "requirements/base.txt:1:1 requirements/prod.txt:2:1");
    fx_assert_result(&run, "docs/requirements.txt", "requirements-unpinned", PL_STATUS_SKIP,
                     "it lies under docs/, and only docs/docs.Dockerfile installs it (its name "
                     "says docs (docs.Dockerfile)): the requirements of development, test or "
                     "docs tools, which no image that ships installs");
    fx_assert_result(&run, "requirements/prod.txt", "requirements-unpinned", PL_STATUS_FAIL, NULL);
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A library's dependency list, read by pyproject.toml: ranges are right
 * there, unless an image installs the file. */
static void test_library_dependencies(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "pyproject.toml",
             "[project]\nname = \"lib\"\ndynamic = [\"dependencies\"]\n"
             "[tool.setuptools.dynamic]\ndependencies = { file = \"requirements.txt\" }\n");
    fx_write(&r, "requirements.txt", "requests>=2\n");
    fx_run run = {0};
    run_pins(&r, &run);
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "requirements-unpinned", buf, sizeof buf), "");
    fx_assert_result(&run, "requirements.txt", "requirements-unpinned", PL_STATUS_SKIP,
                     "pyproject.toml reads it as the package's dependencies, and no Dockerfile of "
                     "the repository installs it: a library declares ranges, the applications "
                     "that install it pin them");
    fx_run_free(&run);

    fx_write(&r, "Dockerfile", "FROM python:3.12\nCOPY . /src\nRUN pip install -r /src/requirements.txt\n");
    fx_run run2 = {0};
    run_pins(&r, &run2);
    assert_string_equal(fx_findings(&run2, "requirements-unpinned", buf, sizeof buf),
                        "requirements.txt:1:1");
    fx_run_free(&run2);

    /* a dev-named file beside it is set aside */
    fx_write(&r, "requirements-dev.txt", "pytest\n");
    fx_run run3 = {0};
    run_pins(&r, &run3);
    fx_assert_result(&run3, "requirements-dev.txt", "requirements-unpinned", PL_STATUS_SKIP, NULL);
    fx_run_free(&run3);
    fx_cleanup(&r);
}


/* A compose file under tests/ of the checked repository is set aside; the
 * same folder checked by itself is what the user asked about. */
static void test_compose_under_tests(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "tests/e2e/docker-compose.yml",
             "services:\n  app:\n    image: acme/app:1.0\n    privileged: true\n");
    fx_write(&r, "docker-compose.yml",
             "services:\n  app:\n    image: acme/app:1.0\n    privileged: true\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule_at(&r, &run, ".", "compose-privileged");
    assert_string_equal(fx_findings(&run, "compose-privileged", buf, sizeof buf),
                        "docker-compose.yml:4:17");
    fx_assert_result(&run, "tests/e2e/docker-compose.yml", "compose-privileged", PL_STATUS_SKIP,
                     "a compose file for development, tests, CI or docs (it lies under tests/): "
                     "what it sets up runs on a developer's machine or a CI runner, not in a "
                     "deployment");
    fx_run_free(&run);

    fx_run sub = {0};
    fx_run_rule_at(&r, &sub, "tests/e2e", "compose-privileged");
    assert_string_equal(fx_findings(&sub, "compose-privileged", buf, sizeof buf),
                        "tests/e2e/docker-compose.yml:4:17");
    fx_run_free(&sub);
    fx_cleanup(&r);
}

/* readthedocs' docker-compose.override.yml, whose base compose file is in
 * a git submodule that is not checked out: a service it completes names
 * no build context of its own, and the images it names may be the base's
 * builds. Unknown, not missing. */
static void test_override_without_base(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "docker-compose.override.yml",
             "services:\n"
             "  server:\n"
             "    build:\n"
             "      args:\n"
             "        GITHUB_USER: x\n"
             "  web:\n"
             "    image: community-server:latest\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule_at(&r, &run, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&run, "compose-dockerfile-missing", buf, sizeof buf), "");
    fx_assert_result(&run, "docker-compose.override.yml", "compose-dockerfile-missing",
                     PL_STATUS_SKIP, "no service builds a local Dockerfile");
    fx_run_free(&run);

    fx_run tags = {0};
    fx_run_rule_at(&r, &tags, ".", "PL2108");
    assert_string_equal(fx_findings(&tags, "service-image-require-explicit-tag", buf, sizeof buf),
                        "");
    fx_assert_result(&tags, "docker-compose.override.yml", "service-image-require-explicit-tag",
                     PL_STATUS_SKIP,
                     "an override file read without its base compose file: which of the images "
                     "it names the project builds itself is not known");
    fx_run_free(&tags);

    /* with its base beside it, the project is whole and judged */
    fx_write(&r, "docker-compose.yml",
             "services:\n  server:\n    build: .\n  web:\n    image: redis\n");
    fx_run whole = {0};
    fx_run_rule_at(&r, &whole, ".", "compose-dockerfile-missing");
    assert_string_equal(fx_findings(&whole, "compose-dockerfile-missing", buf, sizeof buf),
                        "docker-compose.yml:3:12");
    fx_run_free(&whole);
    fx_cleanup(&r);
}

/* spring-petclinic-microservices: the compose file runs images named after
 * the modules beside it, which the repository's own build makes. */
static void test_image_built_from_folder(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "vets-service/pom.xml", "<project/>\n");
    fx_write(&r, "docs/README.md", "docs\n");
    fx_write(&r, "docker-compose.yml",
             "services:\n"
             "  vets:\n"
             "    image: springcommunity/vets-service\n"
             "  docs:\n"
             "    image: acme/docs\n"
             "  zipkin:\n"
             "    image: openzipkin/zipkin\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule_at(&r, &run, ".", "PL2108");
    /* docs/ holds no build: acme/docs is pulled */
    assert_string_equal(fx_findings(&run, "service-image-require-explicit-tag", buf, sizeof buf),
                        "docker-compose.yml:5:5 docker-compose.yml:7:5");
    fx_run_free(&run);

    /* dclint's reading judges every image as written */
    fx_run dcl = {0};
    fx_run_rule_at(&r, &dcl, ".", "service-image-require-explicit-tag");
    assert_string_equal(fx_findings(&dcl, "service-image-require-explicit-tag", buf, sizeof buf),
                        "docker-compose.yml:3:5 docker-compose.yml:5:5 docker-compose.yml:7:5");
    fx_run_free(&dcl);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_outside_repository),
        cmocka_unit_test(test_installed_judged_dev_aside),
        cmocka_unit_test(test_other_rules_dev_aside),
        cmocka_unit_test(test_docs_image),
        cmocka_unit_test(test_library_dependencies),
        cmocka_unit_test(test_compose_under_tests),
        cmocka_unit_test(test_override_without_base),
        cmocka_unit_test(test_image_built_from_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
