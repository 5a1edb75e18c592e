/* test_repo_rules.c — the repository rules PL6001-PL6003 (tracked .env
 * files, private keys, credentials files) run by the engine over real
 * repositories: committed, staged only, unstaged, untracked, ignored and
 * skipped-folder files, content read from the index, the run's scope,
 * --changed-since, and paths from a subdirectory. */
#include "gitfixture.h"

#define BUF 8192

/* The path of the run's repository file, the file repository results are on. */
static const char *repo_path(const fx_run *run)
{
    for (int i = 0; i < run->ws.nfiles; i++)
        if (run->ws.files[i]->kind == PL_KIND_REPOSITORY)
            return run->ws.files[i]->path;
    return NULL;
}

static void test_tracked_env_file(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "ignored/\n");
    fx_stage(&r, ".env", "DB_PASSWORD=hunter2\nexport API_KEY=ghp_16C7e42F292c6912E7710c838347Ae178B4a\n# comment\n");
    fx_stage(&r, ".env.example", "DB_PASSWORD=\n");
    fx_stage(&r, "config/.env.production", "TIMEZONE=UTC\nADMIN_PW=9f8e7d6c5b4a\n");
    fx_stage(&r, "deploy/prod.env", "DATABASE_URL=postgres://app:Xk9qmQ2vL7pRt4@db/app\n");
    /* a demo's or a test suite's defaults (netbox's env/, opentelemetry-demo's
     * .env, outline's .env.test): configuration, not a leaked secret */
    fx_stage(&r, "env/postgres.env", "POSTGRES_PASSWORD=otel\nGRAFANA_PASSWORD=admin123\n");
    fx_stage(&r, ".env.test", "SECRET_KEY=test-secret\nDATABASE_URL=postgres://user:pass@localhost/test\n");
    /* settings and placeholders only: not a secret, not reported */
    fx_stage(&r, "media/.env", "MEDIA_PATH=/media/your/path\nTIMEZONE=Etc/UTC\nADMIN_PW=changeit\n");
    fx_stage(&r, "deploy/.env.sample", "X=\n");
    fx_stage(&r, "templates/example.env", "X=\n");
    fx_stage(&r, "docs/.env.local.template", "X=\n");
    fx_stage(&r, "vendor/pkg/.env", "API_TOKEN=1\n");
    fx_stage(&r, ".envrc", "use nix\n");
    fx_stage(&r, "removed/.env", "X=1\n");
    fx_stage(&r, "Dockerfile", "FROM alpine:3.20\n");
    fx_commit(&r, "init", NULL);
    fx_unstage(&r, "removed/.env");                    /* git rm --cached */
    fx_stage(&r, "staged/.env.local", "TOKEN=f3a9c2e1d4b5\n"); /* staged, not committed */
    fx_write(&r, "untracked/.env", "X=1\n");
    fx_write(&r, "ignored/.env", "X=1\n");
    fx_cd(&r, NULL);
    char buf[BUF];

    fx_run run = {.paths = {NULL}, .select = {"tracked-env-file"}};
    fx_check_all(&run);
    assert_int_equal(run.rc, 0);
    assert_string_equal(fx_findings(&run, "tracked-env-file", buf, sizeof buf),
                        ".env:1:1 config/.env.production:1:1 deploy/prod.env:1:1 "
                        "staged/.env.local:1:1");
    const pl_result *res = fx_repo_result(&run, "tracked-env-file");
    assert_int_equal(res->status, PL_STATUS_FAIL);
    assert_non_null(res);
    assert_string_equal(repo_path(&run), "."); /* the file the result is on */
    assert_string_equal(res->evidence, "4 problems; first: .env is tracked by git (2 variables) (.env:1)");
    fx_run_free(&run);

    /* only below the checked directory */
    fx_run part = {.paths = {"config"}, .select = {"tracked-env-file"}};
    fx_check_all(&part);
    assert_string_equal(fx_findings(&part, "tracked-env-file", buf, sizeof buf),
                        "config/.env.production:1:1");
    fx_run_free(&part);

    fx_run clean = {.paths = {"templates", "docs"}, .select = {"tracked-env-file"}};
    fx_check_all(&clean);
    assert_string_equal(fx_findings(&clean, "tracked-env-file", buf, sizeof buf), "");
    res = fx_repo_result(&clean, "tracked-env-file");
    assert_int_equal(res->status, PL_STATUS_PASS);
    assert_string_equal(res->evidence,
                        "no .env file holding a real-looking secret among 2 tracked files");
    fx_run_free(&clean);

    /* a file named by hand covers no directory: no repository in the report */
    fx_run file = {.paths = {"Dockerfile"}, .select = {"tracked-env-file"}};
    fx_check_all(&file);
    assert_int_equal(file.ws.nfiles, 1);
    assert_null(fx_repo_result(&file, "tracked-env-file"));
    fx_run_free(&file);

    /* nor when every repository rule is off */
    fx_run off = {.paths = {NULL}, .select = {"user-root"}};
    fx_check_all(&off);
    for (int i = 0; i < off.ws.nfiles; i++)
        assert_int_not_equal(off.ws.files[i]->kind, PL_KIND_REPOSITORY);
    fx_run_free(&off);

    /* --changed-since: what was there before is not reported again */
    fx_run changed = {.paths = {NULL}, .select = {"tracked-env-file"}, .o = {.changed_since = "HEAD"}};
    fx_check_all(&changed);
    assert_string_equal(fx_findings(&changed, "tracked-env-file", buf, sizeof buf),
                        "staged/.env.local:1:1");
    fx_run_free(&changed);

    /* from a subdirectory the findings name the files relative to it */
    fx_cd(&r, "config");
    fx_run sub = {.paths = {".."}, .select = {"tracked-env-file"}};
    fx_check_all(&sub);
    assert_string_equal(fx_findings(&sub, "tracked-env-file", buf, sizeof buf),
                        "../.env:1:1 ../deploy/prod.env:1:1 ../staged/.env.local:1:1 .env.production:1:1");
    assert_non_null(fx_repo_result(&sub, "tracked-env-file"));
    assert_string_equal(repo_path(&sub), "..");
    fx_run_free(&sub);
    fx_cleanup(&r);
}

static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

static void test_tracked_private_key(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "deploy/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n");
    fx_stage(&r, "deploy/id_rsa.pub", "ssh-rsa AAAA me@host\n");
    fx_stage(&r, "certs/ca.pem", cert);
    fx_stage(&r, "certs/bundle.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                                     "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    fx_stage(&r, "certs/server.key", "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n");
    fx_stage(&r, "certs/public.key", "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n");
    fx_stage(&r, "slides/talk.key", "PK\003\004keynote");
    /* a PFX: SEQUENCE { INTEGER 3 ... } */
    fx_stage_bytes(&r, "certs/store.p12", "\060\202\001\000\002\001\003\060", 8);
    /* content decides, not the name: portainer's test asset named
     * portainer.key holds the word "content"; a .p12 that is no PFX */
    fx_stage(&r, "assets/portainer.key", "content");
    fx_stage(&r, "assets/old.p12", "\060\202\001");
    /* a DER PKCS#8 key (version 0), a PuTTY key, an SSH-1 key, a JWK with
     * its private part; a JWK without "d" is public */
    fx_stage_bytes(&r, "der/server.key", "\060\202\004\275\002\001\000\060", 8);
    fx_stage(&r, "putty/me.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n");
    fx_stage(&r, "ssh1/id_rsa", "SSH PRIVATE KEY FILE FORMAT 1.1\n\001");
    fx_stage(&r, "jwk/signing.jwk", "{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"f8\", \"d\": \"jp\"}");
    fx_stage(&r, "jwk/set.key", "{\"keys\": [{\"kty\": \"RSA\", \"n\": \"0v\", \"d\": \"X4\"}]}");
    fx_stage(&r, "jwk/public.jwk", "{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"f8\"}");
    fx_stage(&r, "certs/empty.pfx", "");
    fx_stage(&r, "keys/enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----\n");
    fx_stage(&r, "node_modules/x/test.key", "-----BEGIN PRIVATE KEY-----\n");
    /* traefik's and argo-cd's shapes: keys a test suite uses */
    fx_stage(&r, "integration/fixtures/https/snitest.com.key",
             "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    fx_stage(&r, "util/tls/testdata/valid_tls.key",
             "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    /* a file named like a test folder is not one */
    fx_stage(&r, "deploy/testing", "x\n");
    fx_commit(&r, "init", NULL);
    /* what git stores counts, not the work tree */
    fx_stage(&r, "later/id_ecdsa", "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n");
    fx_write(&r, "later/id_ecdsa", "");
    fx_stage(&r, "later/clean.pem", cert);
    fx_write(&r, "later/clean.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    fx_write(&r, "id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n"); /* untracked */
    fx_cd(&r, NULL);
    char buf[BUF];

    fx_run run = {.paths = {NULL}, .select = {"tracked-private-key"}};
    fx_check_all(&run);
    assert_string_equal(fx_findings(&run, "tracked-private-key", buf, sizeof buf),
                        "certs/bundle.pem:4:1 certs/server.key:1:1 certs/store.p12:1:1 "
                        "deploy/id_rsa:1:1 der/server.key:1:1 jwk/set.key:1:1 jwk/signing.jwk:1:1 "
                        "keys/enc.pem:1:1 later/id_ecdsa:1:1 putty/me.ppk:1:1 ssh1/id_rsa:1:1");
    int messages = 0;
    for (int i = 0; i < run.ws.nfiles; i++)
        for (size_t k = 0; k < run.ws.files[i]->findings.len; k++) {
            const pl_finding *fd = run.ws.files[i]->findings.items[k];
            if (!strcmp(fd->file, "keys/enc.pem")) {
                assert_string_equal(fd->message, "keys/enc.pem is a passphrase-protected private key tracked by git");
                messages++;
            } else if (!strcmp(fd->file, "certs/bundle.pem")) {
                assert_string_equal(fd->message, "certs/bundle.pem is a private key tracked by git");
                assert_int_equal(fd->span.end_col, 31);
                assert_int_equal(fd->severity, PL_SEV_ERROR);
                messages++;
            }
        }
    assert_int_equal(messages, 2);
    fx_run_free(&run);

    fx_run clean = {.paths = {"slides"}, .select = {"tracked-private-key"}};
    fx_check_all(&clean);
    assert_int_equal(fx_repo_result(&clean, "tracked-private-key")->status, PL_STATUS_PASS);
    assert_string_equal(fx_repo_result(&clean, "tracked-private-key")->evidence,
                        "no private key among 1 tracked files");
    fx_run_free(&clean);

    /* a name alone is not evidence: the pass says what was not judged */
    fx_run named = {.paths = {"assets"}, .select = {"tracked-private-key"}};
    fx_check_all(&named);
    assert_int_equal(fx_repo_result(&named, "tracked-private-key")->status, PL_STATUS_PASS);
    assert_string_equal(fx_repo_result(&named, "tracked-private-key")->evidence,
                        "no private key among 2 tracked files (2 named like a key but holding none "
                        "in a format read here)");
    assert_string_equal(fx_findings(&named, "tracked-private-key", buf, sizeof buf), "");
    fx_run_free(&named);

    fx_run fixtures = {.paths = {"integration", "util"}, .select = {"tracked-private-key"}};
    fx_check_all(&fixtures);
    assert_int_equal(fx_repo_result(&fixtures, "tracked-private-key")->status, PL_STATUS_PASS);
    assert_string_equal(fx_repo_result(&fixtures, "tracked-private-key")->evidence,
                        "no private key among 2 tracked files (2 in test fixture or example folders "
                        "not counted)");
    fx_run_free(&fixtures);
    fx_cleanup(&r);
}

/* Keys and env files a test suite, an example or a developer's setup
 * uses, named by a word of their folder or of their own name: huginn's
 * spec/data_fixtures/private.key, certbot's certbot_integration_tests/,
 * mailcow's data/assets/ssl-example/key.pem (a snake-oil pair its
 * installer replaces), snipe-it's .env.unit-tests, .env.testing-ci and
 * .env.dev.docker. A key beside the config that serves it (nginx/ssl/)
 * still counts. */
static void test_tracked_fixture_words(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    static const char key[] = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    fx_stage(&r, "spec/data_fixtures/private.key", key);
    fx_stage(&r, "ci/certbot_integration_tests/assets/key.pem", key);
    fx_stage(&r, "data/assets/ssl-example/key.pem", key);
    fx_stage(&r, "nginx/ssl/private_key.key", key);
    /* `examples` is a word of the folder's name, `exampled` is not */
    fx_stage(&r, "exampled/key.pem", key);
    static const char app_key[] = "APP_KEY=base64:tu9NRh/a6+dCXBDGvg0Gv/0TcABnFsbT4AKxrr8mwQo=\n";
    fx_stage(&r, ".env.unit-tests", app_key);
    fx_stage(&r, ".env.testing-ci", app_key);
    fx_stage(&r, ".env.dev.docker", app_key);
    fx_stage(&r, ".env.docker", app_key);
    fx_commit(&r, "init", NULL);
    fx_cd(&r, NULL);
    char buf[BUF];
    fx_run keys = {.paths = {NULL}, .select = {"tracked-private-key"}};
    fx_check_all(&keys);
    assert_string_equal(fx_findings(&keys, "tracked-private-key", buf, sizeof buf),
                        "exampled/key.pem:1:1 nginx/ssl/private_key.key:1:1");
    fx_run_free(&keys);

    fx_run envs = {.paths = {NULL}, .select = {"tracked-env-file"}};
    fx_check_all(&envs);
    assert_string_equal(fx_findings(&envs, "tracked-env-file", buf, sizeof buf),
                        ".env.docker:1:1");
    fx_run_free(&envs);
    fx_cleanup(&r);
}

static void test_tracked_credentials_file(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "gcp/credentials.json", "{\"installed\":{\"client_secret\":\"x\"}}\n");
    fx_stage(&r, "gcp/sa-key.json",
             "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n"
             "-----END PRIVATE KEY-----\\n\"\n}\n");
    fx_stage(&r, "schema/key.json", "{\"private_key\": {\"type\": \"string\"}}\n");
    fx_stage(&r, ".npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abc\n");
    fx_stage(&r, "web/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n");
    fx_stage(&r, ".pypirc", "[pypi]\nusername = __token__\npassword = pypi-abc\n");
    fx_stage(&r, "py/.pypirc", "[pypi]\nusername = x\npassword =\n");
    fx_stage(&r, ".netrc", "machine example.com login me password s3cret\n");
    fx_stage(&r, "ci/.netrc", "machine example.com login me\n");
    fx_stage(&r, ".git-credentials", "https://u:t@github.com\n");
    fx_stage(&r, ".docker/config.json",
             "{\n  \"auths\": {\n    \"ghcr.io\": {\n      \"auth\": \"dXNlcjpwYXNz\"\n    }\n  }\n}\n");
    fx_stage(&r, "ci/.docker/config.json", "{\"auths\": {\"ghcr.io\": {}}, \"credsStore\": \"desktop\"}\n");
    fx_stage(&r, "app/config.json", "{\"auths\": {\"x\": {\"auth\": \"abc\"}}}\n");
    fx_stage(&r, ".aws/credentials", "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = abc\n");
    fx_stage(&r, "ci/.aws/credentials", "[default]\naws_secret_access_key =\n");
    fx_stage(&r, "broken.json", "{\"private_key\": \"-----BEGIN PRIVATE KEY-----");
    fx_commit(&r, "init", NULL);
    fx_cd(&r, NULL);
    char buf[BUF];

    fx_run run = {.paths = {NULL}, .select = {"tracked-credentials-file"}};
    fx_check_all(&run);
    assert_string_equal(fx_findings(&run, "tracked-credentials-file", buf, sizeof buf),
                        ".aws/credentials:3:1 .docker/config.json:4:7 .git-credentials:1:1 "
                        ".netrc:1:30 .npmrc:2:23 .pypirc:3:1 gcp/credentials.json:1:1 "
                        "gcp/sa-key.json:3:3");
    fx_run_free(&run);

    fx_run clean = {.paths = {"ci", "py", "web", "schema", "app"}, .select = {"tracked-credentials-file"}};
    fx_check_all(&clean);
    assert_string_equal(fx_findings(&clean, "tracked-credentials-file", buf, sizeof buf), "");
    assert_string_equal(fx_repo_result(&clean, "tracked-credentials-file")->evidence,
                        "no credentials file among 7 tracked files");
    fx_run_free(&clean);
    fx_cleanup(&r);
}

static void test_repository_rules_need_a_repository(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, ".env", "X=1\n");
    fx_write(&r, "Dockerfile", "FROM alpine:3.20\n");
    fx_cd(&r, NULL);
    fx_run run = {.paths = {NULL}};
    fx_check_all(&run);
    if (!run.ws.git) {
        char buf[BUF];
        assert_null(fx_repo_result(&run, "tracked-env-file"));
        assert_string_equal(fx_files(&run, buf, sizeof buf), ".env Dockerfile");
    }
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tracked_env_file),
        cmocka_unit_test(test_tracked_private_key),
        cmocka_unit_test(test_tracked_fixture_words),
        cmocka_unit_test(test_tracked_credentials_file),
        cmocka_unit_test(test_repository_rules_need_a_repository),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
