/* test_real_shapes.c — rules on small trees shaped like public repositories
 * where they once reported something false or noisy: a workflow matrix
 * sharing build args (opentelemetry-demo), env files each user creates
 * from an example (searxng, healthchecks). Each test builds a git
 * repository, runs plimsoll with the rule selected and checks exact
 * findings and evidence. */
#include "gitfixture.h"

#define BUF 8192

/* opentelemetry-demo: one build-push-action step builds every component
 * of a matrix with one build-args list; each arg is meant for some of the
 * Dockerfiles only. A single-Dockerfile step is still judged. */
static void test_build_args_shared_by_a_matrix(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".github/workflows/images.yml",
             "on: push\n"
             "jobs:\n"
             "  build:\n"
             "    strategy:\n"
             "      matrix:\n"
             "        file_tag:\n"
             "          - {file: ./src/ad/Dockerfile, context: ./}\n"
             "          - {file: ./src/cart/Dockerfile, context: ./}\n"
             "    steps:\n"
             "      - uses: docker/build-push-action@v6\n"
             "        with:\n"
             "          context: ${{ matrix.file_tag.context }}\n"
             "          file: ${{ matrix.file_tag.file }}\n"
             "          build-args: |\n"
             "            OTEL_JAVA_AGENT_VERSION=2.9.0\n"
             "  one:\n"
             "    steps:\n"
             "      - uses: docker/build-push-action@v6\n"
             "        with:\n"
             "          context: .\n"
             "          file: ./src/cart/Dockerfile\n"
             "          build-args: |\n"
             "            CART_VERSION=1\n");
    fx_stage(&r, "src/ad/Dockerfile",
             "FROM eclipse-temurin:21-jre\nARG OTEL_JAVA_AGENT_VERSION\nRUN echo $OTEL_JAVA_AGENT_VERSION\n");
    fx_stage(&r, "src/cart/Dockerfile", "FROM alpine:3.20\nRUN echo cart\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "build-arg-unused");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "build-arg-unused", buf, sizeof buf),
                        ".github/workflows/images.yml:18:15");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* searxng's container/: `env_file: ./.env` beside a committed .env.example
 * the README says to copy; healthchecks' docker/: .env is git-ignored. Each
 * user creates those files: skipped with the reason. A missing file with
 * neither is still reported. */
static void test_env_file_each_user_creates(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "hc/.env\n");
    fx_stage(&r, "sx/compose.yaml",
             "services:\n  core:\n    image: searxng/searxng:2025.1.1\n    env_file: ./.env\n");
    fx_stage(&r, "sx/.env.example", "SEARXNG_PORT=8080\n");
    fx_stage(&r, "hc/compose.yaml",
             "services:\n  web:\n    image: healthchecks/healthchecks:v3.9\n    env_file:\n      - .env\n");
    fx_stage(&r, "app/compose.yaml",
             "services:\n  api:\n    image: acme/api:3.2\n    env_file: .env.local\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-env-file-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "compose-env-file-missing", buf, sizeof buf),
                        "app/compose.yaml:4:15");
    const pl_result *sx = fx_result_of(&run, "sx/compose.yaml", "compose-env-file-missing");
    assert_non_null(sx);
    assert_int_equal(sx->status, PL_STATUS_SKIP);
    assert_string_equal(sx->evidence, "1 required env_file checked; .env is made from .env.example beside it");
    const pl_result *hc = fx_result_of(&run, "hc/compose.yaml", "compose-env-file-missing");
    assert_non_null(hc);
    assert_int_equal(hc->status, PL_STATUS_SKIP);
    assert_string_equal(hc->evidence, "1 required env_file checked; .env is ignored by git: each user creates it");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* frappe_docker: the files in overrides/ are used with the root compose.yaml and
 * `--env-file example.env`; the root example documents what they need. */
static void test_variables_documented_above(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "example.env", "NGINX_PROXY_HOSTS=erp.example.com\n");
    fx_stage(&r, "compose.yaml", "services:\n  frontend:\n    image: frappe/erpnext:v15.0.0\n");
    fx_stage(&r, "overrides/compose.nginxproxy.yaml",
             "services:\n  frontend:\n    environment:\n"
             "      VIRTUAL_HOST: ${NGINX_PROXY_HOSTS:?No NGINX_PROXY_HOSTS set}\n"
             "      LETSENCRYPT_EMAIL: ${EMAIL}\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-variables-documented");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "compose-variables-documented", buf, sizeof buf),
                        "overrides/compose.nginxproxy.yaml:5:26");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* healthchecks' docker/: `$DB_PASSWORD` comes from the .env each user
 * makes from .env.example, which is not in the clone: not judged. Without
 * an example, or once a .env exists, compose's verdict stands. */
static void test_variables_from_users_env(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "hc/compose.yaml",
             "services:\n  db:\n    image: postgres:16\n    environment:\n"
             "      - POSTGRES_PASSWORD=$DB_PASSWORD\n");
    fx_stage(&r, "hc/.env.example", "DB_PASSWORD=\n");
    fx_stage(&r, "app/compose.yaml",
             "services:\n  db:\n    image: postgres:16\n    environment:\n"
             "      - POSTGRES_PASSWORD=$DB_PASSWORD\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-variable-unset");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "compose-variable-unset", buf, sizeof buf),
                        "app/compose.yaml:5:27");
    const pl_result *hc = fx_result_of(&run, "hc/compose.yaml", "compose-variable-unset");
    assert_non_null(hc);
    assert_int_equal(hc->status, PL_STATUS_SKIP);
    assert_string_equal(hc->evidence,
                        "no .env in hc and no --env-file: each user makes one from hc/.env.example");
    fx_run_free(&run);

    fx_write(&r, "hc/.env", "OTHER=1\n");
    fx_run withenv = {0};
    fx_run_rule(&r, &withenv, "compose-variable-unset");
    assert_string_equal(fx_findings(&withenv, "compose-variable-unset", buf, sizeof buf),
                        "app/compose.yaml:5:27 hc/compose.yaml:5:27");
    fx_run_free(&withenv);
    fx_cleanup(&r);
}

/* jupyterhub's service example: `if os.environ.get("X"):` guards the
 * os.environ["X"] read below it; getenv alone is an optional setting; an
 * unguarded os.environ["Y"] that nothing provides is reported. */
static void test_python_env_guarded_read(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM python:3.12-slim\nCOPY app/ /app/\nCMD [\"python\", \"/app/security.py\"]\n");
    fx_stage(&r, "app/security.py",
             "import os, json\n"
             "if os.environ.get(\"JUPYTERHUB_OAUTH_SCOPES\"):\n"
             "    # typically [\"access:services\"]\n"
             "    scopes = json.loads(os.environ[\"JUPYTERHUB_OAUTH_SCOPES\"])\n"
             "email = os.getenv(\"SUPPORT_EMAIL\")\n"
             "url = os.environ[\"JUPYTERHUB_API_URL\"]\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "python-env-documented");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "python-env-documented", buf, sizeof buf),
                        "app/security.py:6:7");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_args_shared_by_a_matrix),
        cmocka_unit_test(test_env_file_each_user_creates),
        cmocka_unit_test(test_variables_documented_above),
        cmocka_unit_test(test_variables_from_users_env),
        cmocka_unit_test(test_python_env_guarded_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
