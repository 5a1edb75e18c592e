/* test_vars_rules.c — the variable rules on real trees: compose variables
 * listed in example env files (PL2802), `.env` git-ignored (PL6004), the
 * variables the Python code of an image reads (PL5006). Each test builds a
 * directory (a git repository where git matters), runs plimsoll over it with
 * the rule under test selected, and checks exact positions, messages and
 * checklist evidence. */
#include "gitfixture.h"

#define BUF 8192

/* "file:line:col message" of a rule's standing findings, sorted, joined by
 * " | ". */
static const char *findings(const fx_run *run, const char *rule, char *buf, size_t cap)
{
    char *items[64];
    int n = 0;
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        for (size_t k = 0; k < f->findings.len && n < 64; k++) {
            const pl_finding *fd = f->findings.items[k];
            if (strcmp(fd->rule->name, rule) || fd->suppressed_by)
                continue;
            char one[1024];
            snprintf(one, sizeof one, "%s:%d:%d %s", fd->file, fd->span.line, fd->span.col,
                     fd->message);
            items[n++] = strdup(one);
        }
    }
    qsort(items, (size_t)n, sizeof *items, fx_cmp_str);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", i ? " | " : "",
                                items[i]);
        free(items[i]);
    }
    return buf;
}

/* ---- PL2802 compose-variables-documented ---------------------------------------------- */

static const char COMPOSE_VARS[] = "services:\n"                          /* 1 */
                                   "  web:\n"                             /* 2 */
                                   "    image: app:${TAG}\n"              /* 3 */
                                   "    environment:\n"                   /* 4 */
                                   "      DB_PASSWORD: ${DB_PASSWORD:?}\n" /* 5 */
                                   "      SENTRY: \"$SENTRY_DSN\"\n"      /* 6 */
                                   "      API: ${API_URL:-http://api}\n"  /* 7 */
                                   "      AGAIN: $TAG-$DB_PASSWORD\n";    /* 8 */

static void test_compose_vars_listed(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "compose.yaml", COMPOSE_VARS);
    /* a commented key documents an optional variable */
    fx_write(&r, ".env.example", "TAG=latest\n# SENTRY_DSN=\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-variables-documented");
    char buf[BUF];
    assert_string_equal(findings(&run, "compose-variables-documented", buf, sizeof buf),
                        "compose.yaml:5:20 DB_PASSWORD is needed without a default (compose "
                        "refuses to start without it) but .env.example does not list it");
    fx_run_free(&run);

    /* listed in a second example file: all documented */
    fx_write(&r, "deploy.env.sample", "DB_PASSWORD=\n");
    fx_run ok = {0};
    fx_run_rule(&r, &ok, "compose-variables-documented");
    assert_string_equal(findings(&ok, "compose-variables-documented", buf, sizeof buf), "");
    fx_assert_result(&ok, "compose.yaml", "compose-variables-documented", PL_STATUS_PASS,
                  "3 variables needed without a default, all listed in .env.example, "
                  "deploy.env.sample");
    fx_run_free(&ok);
    fx_cleanup(&r);
}

static void test_compose_vars_no_example(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "app/docker-compose.yml", COMPOSE_VARS);
    /* an example in a sibling folder documents another project */
    fx_write(&r, "other/.env.example", "TAG=\nDB_PASSWORD=\nSENTRY_DSN=\n");
    /* a .env that git does not track (a developer's own) documents nothing */
    fx_write(&r, "app/.env", "TAG=1\nDB_PASSWORD=x\nSENTRY_DSN=\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-variables-documented");
    char buf[BUF];
    assert_string_equal(findings(&run, "compose-variables-documented", buf, sizeof buf),
                        "app/docker-compose.yml:3:16 no example env file (.env.example) beside "
                        "this file lists the 3 variables it needs without a default: TAG, "
                        "DB_PASSWORD, SENTRY_DSN");
    fx_run_free(&run);

    /* --env-file names the file the variables come from */
    fx_run withenv = {0};
    const char *env_files[1] = {"app/.env"};
    withenv.o.env_files.items = env_files;
    withenv.o.env_files.n = 1;
    fx_run_rule(&r, &withenv, "compose-variables-documented");
    assert_string_equal(findings(&withenv, "compose-variables-documented", buf, sizeof buf), "");
    fx_run_free(&withenv);
    fx_cleanup(&r);

    /* outside a repository nothing says the .env is not shipped: it counts */
    fx_repo plain;
    fx_tmpdir(&plain);
    fx_write(&plain, "app/docker-compose.yml", COMPOSE_VARS);
    fx_write(&plain, "app/.env", "TAG=1\nDB_PASSWORD=x\n");
    fx_run bare = {0};
    fx_run_rule(&plain, &bare, "compose-variables-documented");
    assert_string_equal(findings(&bare, "compose-variables-documented", buf, sizeof buf),
                        "app/docker-compose.yml:6:16 SENTRY_DSN is needed without a default "
                        "(unset, compose makes it an empty string) but app/.env does not list it");
    fx_run_free(&bare);
    fx_cleanup(&plain);
}

/* A .env that git tracks is the project's documentation of its variables. */
static void test_compose_vars_tracked_env(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "compose.yaml", COMPOSE_VARS);
    fx_stage(&r, ".env", "TAG=1\nDB_PASSWORD=\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "compose-variables-documented");
    char buf[BUF];
    assert_string_equal(findings(&run, "compose-variables-documented", buf, sizeof buf),
                        "compose.yaml:6:16 SENTRY_DSN is needed without a default (unset, compose "
                        "makes it an empty string) but .env does not list it");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* ---- PL6004 env-file-not-ignored ----------------------------------------------------- */

static void test_env_not_ignored(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "node_modules/\n");
    fx_stage(&r, ".env.example", "TOKEN=\n");
    fx_stage(&r, "api/compose.yaml", "services:\n  api:\n    image: api\n    env_file:\n"
                                     "      - ./.env\n");
    fx_stage(&r, "worker/docker-compose.yml", "services:\n  w:\n    image: \"w:${TAG}\"\n"
                                              "    environment:\n"
                                              "      DB_PASSWORD: ${DB_PASSWORD}\n");
    /* .env only sets an image tag and a uid: nothing `git add .` could leak */
    fx_stage(&r, "tag/compose.yaml", "services:\n  t:\n    image: \"t:${TAG:-1}\"\n"
                                     "    user: \"$UID\"\n"
                                     "    # the app reads ${API_TOKEN} from its .env\n");
    /* no variable, no env_file: no .env needed */
    fx_stage(&r, "plain/compose.yaml", "services:\n  p:\n    image: p\n    env_file: app.env\n");
    fx_stage(&r, "ok/.gitignore", ".env\n");
    fx_stage(&r, "ok/.env.sample", "X=\n");
    fx_stage(&r, "ok/compose.yaml", "services:\n  o:\n    image: o\n    env_file: .env\n");
    /* tracked: tracked-env-file's to judge */
    fx_stage(&r, "tracked/.env", "X=1\n");
    fx_stage(&r, "tracked/.env.dist", "X=\n");
    /* vikunja's frontend: .env.local.example is copied to .env.local, which
     * git ignores; web/'s .env.production.example to a copy it does not */
    fx_stage(&r, "frontend/.gitignore", ".env.local\n");
    fx_stage(&r, "frontend/.env.local.example", "VITE_API_URL=\n");
    fx_stage(&r, "web/.env.production.example", "API_TOKEN=\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "env-file-not-ignored");
    char buf[BUF];
    assert_string_equal(findings(&run, "env-file-not-ignored", buf, sizeof buf),
                        ".env.example:1:1 .env is not git-ignored: whoever copies .env.example "
                        "to it can commit its secrets with `git add .` | "
                        "api/compose.yaml:5:11 api/.env is not git-ignored: compose reads its "
                        "variables from it, and `git add .` would commit them | "
                        "web/.env.production.example:1:1 web/.env is not git-ignored: whoever "
                        "copies web/.env.production.example to it can commit its secrets with "
                        "`git add .` | "
                        "worker/docker-compose.yml:5:20 worker/.env is not git-ignored: compose "
                        "reads its variables from it, and `git add .` would commit them");
    fx_run_free(&run);

    /* one line in the root .gitignore covers every directory */
    fx_stage(&r, ".gitignore", "node_modules/\n.env\n");
    fx_run ok = {0};
    fx_run_rule(&r, &ok, "env-file-not-ignored");
    assert_string_equal(findings(&ok, "env-file-not-ignored", buf, sizeof buf), "");
    const pl_result *res = fx_repo_result(&ok, "env-file-not-ignored");
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_PASS);
    assert_string_equal(res->evidence, ".env git-ignored in the 6 directories that use one");
    fx_run_free(&ok);
    fx_cleanup(&r);
}

static void test_env_not_ignored_nothing_to_judge(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "compose.yaml", "services:\n  p:\n    image: p\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "env-file-not-ignored");
    const pl_result *res = fx_repo_result(&run, "env-file-not-ignored");
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_SKIP);
    assert_string_equal(res->evidence,
                        "no tracked example env file, nor compose file that names .env or "
                        "reads a secret-looking variable from it");
    fx_run_free(&run);

    /* a .env git tracks is tracked-env-file's to judge */
    fx_stage(&r, "db/compose.yaml", "services:\n  db:\n    image: \"postgres:${PG}\"\n"
                                    "    environment:\n"
                                    "      POSTGRES_PASSWORD: ${PG_PASSWORD}\n");
    fx_stage(&r, "db/.env", "PG=16\n");
    fx_run tracked = {0};
    fx_run_rule(&r, &tracked, "env-file-not-ignored");
    res = fx_repo_result(&tracked, "env-file-not-ignored");
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_SKIP);
    assert_string_equal(res->evidence, "the .env of the 1 directory that uses one is "
                                       "tracked by git (tracked-env-file judges what it holds)");
    fx_run_free(&tracked);
    fx_cleanup(&r);
}

/* An example is copied to its own name without the example word:
 * `app.env.example` becomes app.env, which git must ignore when a compose
 * file beside it reads it; one nothing here reads (woodpecker's
 * nfpm/woodpecker-agent.env.example, installed under /etc by nfpm) is not
 * a .env in the making. A `.env.X.sample` is judged by the `.env` compose
 * reads, as people copy it to either. */
static void test_env_not_ignored_copy_names(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", ".env\n");
    fx_stage(&r, "nfpm/woodpecker-agent.env.example", "WOODPECKER_AGENT_SECRET=\n");
    fx_stage(&r, "nfpm/agent.yaml", "contents:\n  - src: ./nfpm/woodpecker-agent.env.example\n");
    fx_stage(&r, "app/app.env.example", "TOKEN=\n");
    fx_stage(&r, "app/compose.yaml", "services:\n  a:\n    image: a\n    env_file: app.env\n");
    fx_stage(&r, "web/.env.local.sample", "KEY=\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "env-file-not-ignored");
    char buf[BUF];
    assert_string_equal(findings(&run, "env-file-not-ignored", buf, sizeof buf),
                        "app/app.env.example:1:1 app/app.env is not git-ignored: whoever copies "
                        "app/app.env.example to it can commit its secrets with `git add .`");
    fx_run_free(&run);

    fx_stage(&r, ".gitignore", ".env\n*.env\n");
    fx_run ok = {0};
    fx_run_rule(&r, &ok, "env-file-not-ignored");
    assert_string_equal(findings(&ok, "env-file-not-ignored", buf, sizeof buf), "");
    fx_run_free(&ok);
    fx_cleanup(&r);
}

/* ---- PL5006 python-env-documented ---------------------------------------------------- */

static const char SETTINGS_PY[] = "import os\n"                                   /* 1 */
                                  "DB = os.environ[\"DATABASE_URL\"]\n"          /* 2 */
                                  "ENVN = os.environ[\"APP_ENV\"]\n"             /* 3 */
                                  "SHA = os.getenv(\"BUILD_SHA\")\n"             /* 4 */
                                  "KEY = os.getenv(\"SECRET_KEY\")\n"            /* 5 */
                                  "LVL = os.getenv(\"LOG_LEVEL\", \"info\")\n" /* 6 */
                                  "D = os.environ.get(\"DOCUMENTED\")\n"         /* 7 */
                                  "R = os.environ[\"REDIS_URL\"]\n"              /* 8 */
                                  "K2 = os.environ['SECRET_KEY']\n"               /* 9 */
                                  "if 'CDN' in os.environ:\n"                     /* 10 */
                                  "    CDN = os.environ['CDN']\n";                /* 11 */

static void make_python_tree(fx_repo *r)
{
    fx_write(r, "Dockerfile", "FROM python:3.12-slim\nENV APP_ENV=prod\nARG BUILD_SHA\n"
                              "COPY app/ /app/\nCOPY manage.py /\nCMD [\"python\", \"-m\", \"app\"]\n");
    fx_write(r, "app/settings.py", SETTINGS_PY);
    fx_write(r, "manage.py", "import os\n"
                             "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n"
                             "print(os.environ['DJANGO_SETTINGS_MODULE'])\n");
    /* tests are copied along but are not what the image runs */
    fx_write(r, "app/tests/test_settings.py", "import os\nos.environ['TEST_DATABASE']\n");
    /* not copied */
    fx_write(r, "scripts/deploy.py", "import os\nos.environ['DEPLOY_TOKEN']\n");
    fx_write(r, ".env.example", "DOCUMENTED=\n");
    fx_write(r, "compose.yaml", "services:\n  web:\n    build: .\n    environment:\n"
                                "      - REDIS_URL=redis://cache\n");
}

static void test_python_env(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    make_python_tree(&r);
    fx_run run = {0};
    fx_run_rule(&r, &run, "python-env-documented");
    char buf[BUF];
    assert_string_equal(
        findings(&run, "python-env-documented", buf, sizeof buf),
        "app/settings.py:2:6 DATABASE_URL is read without a default (KeyError when it is unset), "
        "and nothing sets or lists it: not ENV/ARG in Dockerfile, not the environment of "
        "service web (compose.yaml), not in .env.example | "
        "app/settings.py:9:6 SECRET_KEY is read without a default (KeyError when it is unset), "
        "and nothing sets or lists it: not ENV/ARG in Dockerfile, not the environment of "
        "service web (compose.yaml), not in .env.example");
    fx_assert_result(&run, "Dockerfile", "python-env-documented", PL_STATUS_FAIL,
                  "5 of 9 variables the code reads are documented; missing: DATABASE_URL, "
                  "SECRET_KEY; first: app/settings.py:2");
    fx_run_free(&run);

    /* documented: the checklist counts them and names what has only a default */
    fx_write(&r, ".env.example", "DOCUMENTED=\nDATABASE_URL=\n# SECRET_KEY=\n");
    fx_run ok = {0};
    fx_run_rule(&r, &ok, "python-env-documented");
    assert_string_equal(findings(&ok, "python-env-documented", buf, sizeof buf), "");
    fx_assert_result(&ok, "Dockerfile", "python-env-documented", PL_STATUS_PASS,
                  "7 of 9 variables the code reads are documented (2 Python files); read with a "
                  "default, as optional or only when set, not documented: CDN, LOG_LEVEL");
    fx_run_free(&ok);
    fx_cleanup(&r);
}

/* Files reach the final image through a stage it copies from; a builder's
 * own files that are not copied on do not count. Without compose or an
 * example, the message says so. */
static void test_python_env_stages(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile", "FROM python:3.12 AS build\nCOPY tools/ /tools/\n"
                               "COPY src/ /src/\n"
                               "FROM python:3.12 AS unused\nCOPY other/ /other/\n"
                               "FROM python:3.12-slim\nCOPY --from=build /src /src\n"
                               "ENV PORT=8000\n");
    fx_write(&r, "src/main.py", "from os import environ as E, getenv\n"
                                "port = E['PORT']\n"
                                "token = getenv('API_TOKEN')\n");
    fx_write(&r, "tools/gen.py", "import os\nos.environ['GEN_ONLY']\n");
    fx_write(&r, "other/x.py", "import os\nos.environ['OTHER']\n");
    fx_run run = {0};
    fx_run_rule(&r, &run, "python-env-documented");
    char buf[BUF];
    /* the build stage is needed by the final one: its COPYs count;
     * getenv('API_TOKEN') gives None when unset, an optional setting */
    assert_string_equal(findings(&run, "python-env-documented", buf, sizeof buf),
                        "tools/gen.py:2:1 GEN_ONLY is read without a default (KeyError when it is "
                        "unset), and nothing sets or lists it: not ENV/ARG in Dockerfile, no "
                        "example env file");
    fx_run_free(&run);

    fx_write(&r, "Dockerfile", "FROM python:3.12-slim\nRUN echo no copy\n");
    fx_run none = {0};
    fx_run_rule(&r, &none, "python-env-documented");
    fx_assert_result(&none, "Dockerfile", "python-env-documented", PL_STATUS_SKIP,
                  NULL);
    fx_run_free(&none);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compose_vars_listed),
        cmocka_unit_test(test_compose_vars_no_example),
        cmocka_unit_test(test_compose_vars_tracked_env),
        cmocka_unit_test(test_env_not_ignored),
        cmocka_unit_test(test_env_not_ignored_nothing_to_judge),
        cmocka_unit_test(test_env_not_ignored_copy_names),
        cmocka_unit_test(test_python_env),
        cmocka_unit_test(test_python_env_stages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
