/* test_pystage.c — Python installs judged with the Dockerfile that runs
 * them, on real trees: the install modes that rely on a requirements
 * file's content (hash-checking, --no-deps, uv pip sync). Each test builds
 * a directory, runs plimsoll over it with the rule under test selected, and
 * checks exact positions, messages and evidence. */
#include "gitfixture.h"

#define BUF 8192

static const pl_result *result_of(const fx_run *run, const char *path, const char *rule)
{
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        if (strcmp(f->path, path))
            continue;
        for (size_t k = 0; k < f->results.len; k++) {
            const pl_result *res = f->results.items[k];
            if (!strcmp(res->rule->name, rule))
                return res;
        }
    }
    return NULL;
}

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

static void assert_result(const fx_run *run, const char *path, const char *rule, pl_status st,
                          const char *evidence)
{
    const pl_result *res = result_of(run, path, rule);
    if (!res)
        fail_msg("no result of %s on %s", rule, path);
    if (res->status != st || (evidence && strcmp(res->evidence, evidence)))
        fail_msg("%s on %s: %s \"%s\", expected %s \"%s\"", rule, path,
                 pl_status_name(res->status), res->evidence, pl_status_name(st),
                 evidence ? evidence : "(any)");
}

/* Runs one rule over the tree; `where` gets the findings' positions and
 * `msg` their messages. */
static void run_one(fx_repo *r, const char *rule, char *where, char *msg, fx_run *run)
{
    fx_cd(r, NULL);
    run->paths[0] = ".";
    run->select[0] = rule;
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
    fx_findings(run, rule, where, BUF);
    messages(run, rule, msg, BUF);
}

#define EXPECT(r, rule, at, text)                                                                  \
    do {                                                                                           \
        char where_[BUF], msg_[BUF];                                                               \
        fx_run run_ = {0};                                                                         \
        run_one(r, rule, where_, msg_, &run_);                                                     \
        assert_string_equal(where_, at);                                                           \
        assert_string_equal(msg_, text);                                                           \
        fx_run_free(&run_);                                                                        \
    } while (0)

#define EXPECT_RESULT(r, rule, st, evidence)                                                       \
    do {                                                                                           \
        char where_[BUF], msg_[BUF];                                                               \
        fx_run run_ = {0};                                                                         \
        run_one(r, rule, where_, msg_, &run_);                                                     \
        assert_string_equal(where_, "");                                                           \
        assert_result(&run_, "Dockerfile", rule, st, evidence);                                    \
        fx_run_free(&run_);                                                                        \
    } while (0)

/* ---- pip-hashes-incomplete ---------------------------------------------------------- */

static const char *const HASH_A = "--hash=sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

static void test_hashes_incomplete(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    char buf[512];
    /* --require-hashes on the command, a file without any hash */
    fx_write(&r, "requirements.txt", "flask==3.0.3\ngunicorn==22.0.0\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "COPY requirements.txt .\n"
             "RUN pip install --no-cache-dir --require-hashes -r requirements.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:4:52",
           "pip install runs in hash-checking mode (--require-hashes), but flask at "
           "requirements.txt:1 has no hash (2 of 2 requirements lack one): pip refuses to "
           "install and the build fails");

    /* one --hash puts pip in hash mode: every other requirement needs one,
     * across the -r files of the command */
    snprintf(buf, sizeof buf, "flask==3.0.3 \\\n    %s\n", HASH_A);
    fx_write(&r, "requirements.txt", buf);
    fx_write(&r, "dev.txt", "# tools\npytest==8.3.3\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt dev.txt ./\n"
             "RUN pip install -r requirements.txt -r dev.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:3:40",
           "pip install runs in hash-checking mode (--hash at requirements.txt:1), but pytest at "
           "dev.txt:2 has no hash: pip refuses to install and the build fails");

    /* an editable cannot be hashed */
    snprintf(buf, sizeof buf, "--require-hashes\nflask==3.0.3 %s\n-e ./lib\n", HASH_A);
    fx_write(&r, "requirements.txt", buf);
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY . .\n"
             "RUN pip install -r requirements.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:3:20",
           "pip install runs in hash-checking mode (--require-hashes at requirements.txt:1), but "
           "./lib at requirements.txt:3 is editable, which cannot be hashed: pip refuses to "
           "install and the build fails");

    /* every requirement hashed: a pass that says what stays unknown */
    snprintf(buf, sizeof buf, "flask==3.0.3 %s\ngunicorn==22.0.0 %s\n", HASH_A, HASH_A);
    fx_write(&r, "requirements.txt", buf);
    EXPECT_RESULT(&r, "pip-hashes-incomplete", PL_STATUS_PASS,
                  "1 install command in hash-checking mode, 2 requirements each with a hash (the "
                  "dependencies they pull in need one too, which is not known statically)");

    /* uv checks the hashes it is given without requiring them */
    fx_write(&r, "requirements.txt", buf);
    fx_write(&r, "dev.txt", "pytest==8.3.3\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY . .\n"
             "RUN uv pip install --system -r requirements.txt -r dev.txt\n");
    EXPECT_RESULT(&r, "pip-hashes-incomplete", PL_STATUS_SKIP, "no pip install in hash-checking mode");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY . .\n"
             "RUN uv pip install --system --require-hashes -r requirements.txt -r dev.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:3:69",
           "uv pip install runs in hash-checking mode (--require-hashes), but pytest at dev.txt:1 "
           "has no hash: uv refuses to install and the build fails");

    /* a file that cannot be read is never a pass */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "RUN pip install --require-hashes -r lock/requirements.txt\n");
    EXPECT_RESULT(&r, "pip-hashes-incomplete", PL_STATUS_SKIP,
                  "lock/requirements.txt is not in the build context");
    fx_cleanup(&r);
}

/* ---- pip-no-deps-unpinned ------------------------------------------------------------ */

static void test_no_deps_unpinned(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "requirements.txt", "fastapi==0.115.4\n-r base.txt\n");
    fx_write(&r, "base.txt", "# serving\nuvicorn[standard]>=0.30\nanyio\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt base.txt ./\n"
             "RUN pip install --no-deps -r requirements.txt\n");
    EXPECT(&r, "pip-no-deps-unpinned", "Dockerfile:3:30",
           "pip install --no-deps installs only what it is given, and uvicorn>=0.30 at base.txt:2 "
           "is not pinned with == (2 of 3 requirements are not): the release installed may need "
           "dependencies requirements.txt does not list");

    /* uv pip sync never resolves dependencies */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt base.txt ./\n"
             "RUN uv pip sync --system requirements.txt\n");
    EXPECT(&r, "pip-no-deps-unpinned", "Dockerfile:3:26",
           "uv pip sync installs only what it is given, and uvicorn>=0.30 at base.txt:2 is not "
           "pinned with == (2 of 3 requirements are not): the release installed may need "
           "dependencies requirements.txt does not list");

    /* a constraints file that pins them closes the set */
    fx_write(&r, "constraints.txt", "uvicorn==0.32.0\nanyio==4.6.2\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY . .\n"
             "RUN pip install --no-deps -r requirements.txt -c constraints.txt\n");
    fx_write(&r, "requirements.txt", "fastapi==0.115.4\n-r base.txt\n-c constraints.txt\n");
    EXPECT_RESULT(&r, "pip-no-deps-unpinned", PL_STATUS_PASS,
                  "1 install command without dependency resolution, 3 requirements all pinned "
                  "with == (whether they list every dependency is not known statically)");

    /* resolving installs are the pinning rule's */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY . .\n"
             "RUN pip install -r base.txt\n");
    EXPECT_RESULT(&r, "pip-no-deps-unpinned", PL_STATUS_SKIP,
                  "no install from a requirements file with --no-deps or uv pip sync");
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashes_incomplete),
        cmocka_unit_test(test_no_deps_unpinned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
