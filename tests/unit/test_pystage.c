/* test_pystage.c — Python installs judged with the Dockerfile that runs
 * them, on real trees: the install modes that rely on a requirements
 * file's content (hash-checking, --no-deps, uv pip sync). Each test builds
 * a directory, runs plimsoll over it with the rule under test selected, and
 * checks exact positions, messages and evidence. */
#include "gitfixture.h"

#define BUF 8192

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
        fx_assert_result(&run_, "Dockerfile", rule, st, evidence);                                    \
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

    /* the mode set by the environment: ENV in a parent stage, or the RUN */
    fx_write(&r, "requirements.txt", "flask==3.0.3\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim AS base\n"
             "ENV PIP_REQUIRE_HASHES=1\n"
             "FROM base\n"
             "COPY requirements.txt .\n"
             "RUN pip install -r requirements.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:5:20",
           "pip install runs in hash-checking mode (PIP_REQUIRE_HASHES=1 in the environment), but "
           "flask at requirements.txt:1 has no hash: pip refuses to install and the build fails");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt .\n"
             "RUN UV_REQUIRE_HASHES=true uv pip install --system -r requirements.txt\n");
    EXPECT(&r, "pip-hashes-incomplete", "Dockerfile:3:55",
           "uv pip install runs in hash-checking mode (UV_REQUIRE_HASHES set by the RUN), but "
           "flask at requirements.txt:1 has no hash: uv refuses to install and the build fails");
    /* off is off */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "ENV PIP_REQUIRE_HASHES=0\n"
             "COPY requirements.txt .\n"
             "RUN pip install -r requirements.txt\n");
    EXPECT_RESULT(&r, "pip-hashes-incomplete", PL_STATUS_SKIP, "no pip install in hash-checking mode");

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

    /* PIP_NO_DEPS in the environment is --no-deps */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "ARG PIP_NO_DEPS=yes\n"
             "COPY requirements.txt base.txt ./\n"
             "RUN pip install -r requirements.txt\n");
    EXPECT(&r, "pip-no-deps-unpinned", "Dockerfile:4:20",
           "pip install installs only what it is given (PIP_NO_DEPS=yes in the environment), and "
           "uvicorn>=0.30 at base.txt:2 is not pinned with == (2 of 3 requirements are not): the "
           "release installed may need dependencies requirements.txt does not list");

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

/* ---- the programs RUN and CMD call ---------------------------------------------------------- */

static void test_programs(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "requirements.txt", "fastapi==0.115.4\nuvicorn[standard]==0.32.0\n");
    /* a console script the installed requirements list */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n"
             "CMD [\"uvicorn\", \"app:app\"]\n");
    EXPECT_RESULT(&r, "cmd-program-missing", PL_STATUS_PASS,
                  "CMD runs uvicorn; requirements.txt:2 lists uvicorn (installed by the RUN at line 3)");
    /* not listed: the requirements' dependencies may bring it */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n"
             "CMD [\"gunicorn\", \"app:app\"]\n");
    EXPECT_RESULT(&r, "cmd-program-missing", PL_STATUS_SKIP,
                  "CMD runs gunicorn (line 4); RUN runs pip install -r (line 3), which may install it");
    /* installed in a stage that is not copied over */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim AS build\n"
             "COPY requirements.txt .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n"
             "FROM python:3.12-slim\n"
             "COPY app.py /app/\n"
             "CMD uvicorn app:app\n");
    EXPECT(&r, "cmd-program-missing", "Dockerfile:6:5",
           "CMD runs uvicorn (line 6), but python:3.12-slim does not ship it and nothing in the final "
           "stage installs or copies it: the container fails to start");

    /* pip on a base without Python, with the program's line */
    fx_write(&r, "Dockerfile",
             "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n"
             "COPY requirements.txt .\n"
             "RUN apt-get update && apt-get install -y --no-install-recommends git \\\n"
             " && pip install --no-cache-dir -r requirements.txt\n");
    EXPECT(&r, "installer-missing", "Dockerfile:4:5",
           "RUN runs pip (line 3), but nvidia/cuda:12.4.1-runtime-ubuntu22.04 does not ship it and "
           "nothing before it in stage 0 installs or copies it: the build fails with \"pip: not found\"");
    /* the same RUN installing Python first */
    fx_write(&r, "Dockerfile",
             "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n"
             "COPY requirements.txt .\n"
             "RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \\\n"
             " && pip install --no-cache-dir -r requirements.txt\n");
    EXPECT_RESULT(&r, "installer-missing", PL_STATUS_PASS,
                  "RUN runs pip (line 3); apt-get installs python3-pip (line 3)");
    /* an installer script: unknown */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "RUN curl -LsSf https://astral.sh/uv/install.sh | sh\n"
             "RUN uv pip install --system -r requirements.txt\n");
    EXPECT_RESULT(&r, "installer-missing", PL_STATUS_SKIP,
                  "RUN runs uv (line 3); RUN runs a script piped to sh (line 2), which may install it");
    fx_cleanup(&r);
}

/* ---- virtualenvs copied between stages ------------------------------------------------------- */

static void test_copied_environments(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "Dockerfile",
             "FROM python:3.12 AS build\n"
             "RUN python -m venv /opt/venv\n"
             "FROM python:3.11-slim\n"
             "COPY --from=build /opt/venv /opt/venv\n");
    EXPECT(&r, "python-version-mismatch", "Dockerfile:4:1",
           "COPY --from=build /opt/venv (line 4) copies a virtualenv built for Python 3.12 (stage "
           "build, FROM python:3.12 at line 1) into a stage with Python 3.11 (FROM python:3.11-slim "
           "at line 3): its packages are not on that interpreter's path and compiled extensions do "
           "not load");
    EXPECT_RESULT(&r, "venv-python-missing", PL_STATUS_PASS,
                  "COPY --from=build /opt/venv (line 4); python:3.11-slim ships Python");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12 AS build\n"
             "RUN pip install --user flask==3.0.3\n"
             "FROM debian:bookworm-slim\n"
             "COPY --from=build /root/.local /root/.local\n");
    EXPECT(&r, "venv-python-missing", "Dockerfile:4:1",
           "COPY --from=build /root/.local (line 4) copies a user site, but debian:bookworm-slim "
           "(line 3) has no Python and nothing in the final stage installs one: what it holds cannot "
           "run (a virtualenv's python is a link to the interpreter of the stage it was built in)");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12 AS build\n"
             "RUN pip install --user flask==3.0.3\n"
             "FROM python:3.12-slim\n"
             "COPY --from=build /root/.local /root/.local\n");
    EXPECT_RESULT(&r, "python-version-mismatch", PL_STATUS_PASS,
                  "COPY --from=build /root/.local (line 4): Python 3.12 in both stages (FROM "
                  "python:3.12 at line 1; FROM python:3.12-slim at line 3)");
    fx_cleanup(&r);
}

/* ---- requirements-not-copied ------------------------------------------------------------- */

static void test_requirements_not_copied(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "requirements.txt", "flask==3.0.3\n");
    fx_write(&r, "app.py", "print(1)\n");
    /* installed before the COPY that brings it */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n"
             "COPY . .\n");
    EXPECT(&r, "requirements-not-copied", "Dockerfile:3:35",
           "pip reads requirements.txt (/app/requirements.txt), but no COPY, ADD or bind mount puts it "
           "into the stage before the RUN at line 3 (the COPY at line 4 that copies it comes after): "
           "the install fails with \"Could not open requirements file\"");
    /* copied to another directory than the one the RUN reads */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "COPY requirements.txt /tmp/\n"
             "WORKDIR /app\n"
             "RUN uv pip install --system -r requirements.txt\n");
    EXPECT(&r, "requirements-not-copied", "Dockerfile:4:32",
           "uv reads requirements.txt (/app/requirements.txt), but no COPY, ADD or bind mount puts it "
           "into the stage before the RUN at line 4: the install fails with \"Could not open "
           "requirements file\"");
    /* copied with the whole context, and bind-mounted */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "COPY . .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n");
    EXPECT_RESULT(&r, "requirements-not-copied", PL_STATUS_PASS,
                  "requirements.txt is in the stage: COPY . . (line 3)");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \\\n"
             "    pip install --no-cache-dir -r /tmp/requirements.txt\n");
    EXPECT_RESULT(&r, "requirements-not-copied", PL_STATUS_PASS,
                  "/tmp/requirements.txt is bind-mounted into the RUN at line 2");
    /* left out by the ignore file: COPY . . does not bring it (once the
     * context is known, not guessed from where the Dockerfile sits) */
    fx_write(&r, ".dockerignore", "*.txt\n");
    fx_write(&r, "compose.yaml", "services:\n  app:\n    build: .\n");
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "COPY . .\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n");
    EXPECT(&r, "requirements-not-copied", "Dockerfile:4:35",
           "pip reads requirements.txt (/app/requirements.txt), but no COPY, ADD or bind mount puts it "
           "into the stage before the RUN at line 4: the install fails with \"Could not open "
           "requirements file\"");
    fx_unlink(&r, "compose.yaml");
    EXPECT_RESULT(&r, "requirements-not-copied", PL_STATUS_SKIP,
                  "requirements.txt: COPY (line 3) from a build context that is only guessed may put it there");
    /* written by an earlier RUN; an unknown base image */
    fx_write(&r, "Dockerfile",
             "FROM python:3.12-slim\n"
             "WORKDIR /app\n"
             "RUN pip freeze > requirements.txt\n"
             "RUN pip install --no-cache-dir -r requirements.txt\n");
    EXPECT_RESULT(&r, "requirements-not-copied", PL_STATUS_SKIP,
                  "requirements.txt: the RUN at line 3 may put it there");
    fx_write(&r, "Dockerfile",
             "FROM mycorp/python-app:1\n"
             "RUN pip install --no-cache-dir -r /srv/requirements.txt\n");
    EXPECT_RESULT(&r, "requirements-not-copied", PL_STATUS_SKIP,
                  "/srv/requirements.txt: nothing of this Dockerfile copies it before line 2, but "
                  "mycorp/python-app:1 may hold it");
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashes_incomplete),
        cmocka_unit_test(test_no_deps_unpinned),
        cmocka_unit_test(test_programs),
        cmocka_unit_test(test_copied_environments),
        cmocka_unit_test(test_requirements_not_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
