/* test_df_runtime.c — the runtime rules against a build context on disk
 * (entrypoint-missing, lockfile-not-used), the base-image table of
 * healthcheck-tool-missing, and exact messages. tests/rules/ cases run
 * without a context; these put one in a temporary directory. */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

typedef struct {
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    pl_file f;
    const char *sel[1];
    char path[512];
} run;

static char ctx_dir[64];

static void put(const char *rel, const char *content)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", ctx_dir, rel);
    for (char *s = p + strlen(ctx_dir) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
}

static int setup_ctx(void **state)
{
    (void)state;
    strcpy(ctx_dir, "/tmp/pl_rt_XXXXXX");
    return mkdtemp(ctx_dir) ? 0 : -1;
}

static int remove_tree(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static int teardown_ctx(void **state)
{
    (void)state;
    return remove_tree(ctx_dir) == 0 ? 0 : -1;
}

/* Runs `rule` on `dockerfile`; with_context: the file sits in ctx_dir. */
static void run_rule(run *r, const char *rule, const char *dockerfile, int with_context)
{
    memset(r, 0, sizeof *r);
    r->sel[0] = rule;
    r->o.select.items = r->sel;
    r->o.select.n = 1;
    pl_config_init(&r->cfg);
    r->ws.arena = pl_arena_new();
    r->ws.opts = &r->o;
    r->ws.config = &r->cfg;
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&r->ws, &err), 0);
    r->f.arena = pl_arena_new();
    r->f.path = "Dockerfile";
    if (with_context) {
        snprintf(r->path, sizeof r->path, "%s/Dockerfile", ctx_dir);
        r->f.fs_path = r->path;
    }
    r->f.kind = PL_KIND_DOCKERFILE;
    r->f.report = 1;
    r->f.ws = &r->ws;
    r->f.data = dockerfile;
    r->f.len = strlen(dockerfile);
    pl_engine_check_file(&r->f);
}

static void run_free(run *r)
{
    pl_arena_free(r->f.arena);
    pl_arena_free(r->ws.arena);
}

static const pl_result *result(const run *r, const char *rule)
{
    for (size_t i = 0; i < r->f.results.len; i++) {
        const pl_result *res = r->f.results.items[i];
        if (!strcmp(res->rule->name, rule))
            return res;
    }
    fail_msg("no result for %s", rule);
    return NULL;
}

static const pl_finding *only_finding(const run *r)
{
    assert_int_equal(r->f.findings.len, 1);
    return r->f.findings.items[0];
}

static void expect(const char *rule, const char *df, int with_context, pl_status status,
                   const char *evidence)
{
    run r;
    run_rule(&r, rule, df, with_context);
    const pl_result *res = result(&r, rule);
    if (res->status != status || strcmp(res->evidence, evidence))
        fail_msg("%s: got %s \"%s\", want %s \"%s\"", rule, pl_status_name(res->status),
                 res->evidence, pl_status_name(status), evidence);
    if (status != PL_STATUS_FAIL)
        assert_int_equal(r.f.findings.len, 0);
    run_free(&r);
}

/* ---- entrypoint-missing ---------------------------------------------------------- */

static void test_entry_context_directory_copy(void **state)
{
    (void)state;
    put("main.py", "print(1)\n");
    put("src/app/main.py", "app = None\n");
    put("src/pkg/__init__.py", "app = None\n");
    put("web/dist/server.js", "\n");
    const char *copy_all = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n";
    expect("entrypoint-missing", copy_all, 1, PL_STATUS_PASS, "CMD runs main.py: COPY . . (line 3)");
    /* without the context on disk the directory copy cannot be judged */
    expect("entrypoint-missing", copy_all, 0, PL_STATUS_SKIP,
           "CMD runs main.py; COPY . . (line 3) may hold it (the build context is not on disk)");

    expect("entrypoint-missing",
           "FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ /app/\n"
           "CMD uvicorn app.main:app --host 0.0.0.0\n",
           1, PL_STATUS_PASS, "CMD runs app.main:app: COPY src/ /app/ (line 3)");
    expect("entrypoint-missing",
           "FROM python:3.12-slim\nCOPY src /srv\n"
           "CMD [\"gunicorn\", \"--chdir\", \"/srv\", \"-b\", \"0.0.0.0:80\", \"pkg:app\"]\n",
           1, PL_STATUS_PASS, "CMD runs pkg:app: COPY src /srv (line 2)");
    expect("entrypoint-missing",
           "FROM node:22-slim\nWORKDIR /w\nCOPY web ./\nCMD [\"node\", \"dist/server\"]\n", 1,
           PL_STATUS_PASS, "CMD runs dist/server: COPY web ./ (line 3)");
}

/* A folder the context does not hold (an artefact CI unpacks before the
 * build): what it holds is unknown, not missing. */
static void test_entry_folder_absent_from_context(void **state)
{
    (void)state;
    put("other.py", "\n");
    expect("entrypoint-missing",
           "FROM eclipse-temurin:21-jre\nCOPY artifacts/quarkus-app/ /srv\n"
           "CMD [\"java\", \"-jar\", \"/srv/quarkus-run.jar\"]\n",
           1, PL_STATUS_SKIP,
           "CMD runs /srv/quarkus-run.jar; COPY artifacts/quarkus-app/ /srv (line 2) may hold it");
    /* a file source named otherwise does not put it there */
    run r;
    run_rule(&r, "entrypoint-missing",
             "FROM eclipse-temurin:21-jre\nCOPY build/app.jar /srv/app.jar\n"
             "CMD [\"java\", \"-jar\", \"/srv/quarkus-run.jar\"]\n", 1);
    assert_int_equal(r.f.findings.len, 1);
    run_free(&r);
}

static void test_entry_context_lacks_file(void **state)
{
    (void)state;
    put("other.py", "\n");
    run r;
    run_rule(&r, "entrypoint-missing",
             "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"server.py\"]\n", 1);
    const pl_finding *fd = only_finding(&r);
    assert_int_equal(fd->span.line, 4);
    assert_int_equal(fd->span.col, 17);
    assert_int_equal(fd->span.end_col, 25);
    assert_string_equal(fd->message,
                        "CMD runs server.py (line 4), but no COPY or ADD puts /app/server.py into "
                        "the image (COPY . . at line 3 copies from the build context ./; it has no "
                        "server.py)");
    run_free(&r);
}

static void test_entry_left_out_by_dockerignore(void **state)
{
    (void)state;
    put("server.py", "\n");
    put(".dockerignore", "*.py\n");
    run r;
    run_rule(&r, "entrypoint-missing",
             "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"server.py\"]\n", 1);
    char want[512];
    snprintf(want, sizeof want,
             "CMD runs server.py (line 4), but no COPY or ADD puts /app/server.py into the image "
             "(COPY . . at line 3 copies from the build context ./; %s leaves out server.py)",
             ".dockerignore");
    assert_string_equal(only_finding(&r)->message, want);
    run_free(&r);
    /* npm ci needs the lock, which the ignore file keeps out of the context */
    put("package.json", "{}\n");
    put("package-lock.json", "{}\n");
    put(".dockerignore", "package-lock.json\n");
    run_rule(&r, "lockfile-not-used", "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", 1);
    assert_string_equal(only_finding(&r)->message,
                        "npm ci runs before package-lock.json is copied (only package.json is, line 3)");
    run_free(&r);
}

static void test_entry_globs(void **state)
{
    (void)state;
    put("main.py", "\n");
    expect("entrypoint-missing",
           "FROM python:3.12-slim\nWORKDIR /app\nCOPY *.py ./\nCMD python main.py\n", 1,
           PL_STATUS_PASS, "CMD runs main.py: COPY *.py ./ (line 3)");
    run r;
    run_rule(&r, "entrypoint-missing",
             "FROM python:3.12-slim\nWORKDIR /app\nCOPY *.py ./\nCMD python absent.py\n", 1);
    assert_int_equal(only_finding(&r)->span.col, 12);
    run_free(&r);
}

/* ---- lockfile-not-used --------------------------------------------------------------- */

static void test_lock_in_context_not_copied(void **state)
{
    (void)state;
    put("package.json", "{}\n");
    put("package-lock.json", "{}\n");
    run r;
    run_rule(&r, "lockfile-not-used",
             "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\n", 1);
    const pl_finding *fd = only_finding(&r);
    assert_int_equal(fd->span.line, 4);
    assert_int_equal(fd->span.col, 5);
    assert_string_equal(fd->message,
                        "npm install runs before package-lock.json is copied (only package.json is, line 3)");
    run_free(&r);
    /* the same Dockerfile, no context: whether a lock exists is not known */
    expect("lockfile-not-used",
           "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n", 0,
           PL_STATUS_SKIP,
           "npm install at line 4: whether package-lock.json or npm-shrinkwrap.json exists beside "
           "package.json is not known (the build context is not on disk)");
    expect("lockfile-not-used", "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", 1,
           PL_STATUS_PASS, "1 install from a manifest uses the lockfile");
}

static void test_no_lock_in_context(void **state)
{
    (void)state;
    put("package.json", "{}\n");
    expect("lockfile-not-used",
           "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n", 1,
           PL_STATUS_SKIP,
           "npm install at line 4: no package-lock.json or npm-shrinkwrap.json beside package.json "
           "in the build context");
}

static void test_lock_beside_manifest_in_subfolder(void **state)
{
    (void)state;
    put("frontend/package.json", "{}\n");
    put("frontend/yarn.lock", "\n");
    put("yarn.lock", "\n"); /* not the one beside the manifest */
    expect("lockfile-not-used",
           "FROM node:22-slim\nWORKDIR /app\nCOPY frontend/package.json frontend/yarn.lock ./\n"
           "RUN yarn install --frozen-lockfile\n",
           1, PL_STATUS_PASS, "1 install from a manifest uses the lockfile");
    run r;
    run_rule(&r, "lockfile-not-used",
             "FROM node:22-slim\nWORKDIR /app\nCOPY frontend/package.json yarn.lock /tmp/\n"
             "RUN cd /app && cp /tmp/package.json . && yarn\n",
             1);
    /* the manifest was not copied to where yarn runs: nothing to judge */
    assert_int_equal(r.f.findings.len, 0);
    run_free(&r);
    run_rule(&r, "lockfile-not-used",
             "FROM node:22-slim\nWORKDIR /app\nCOPY frontend/package.json ./\nCOPY yarn.lock ./\n"
             "RUN yarn install\n",
             1);
    /* /app/yarn.lock came from the context root, not from beside the
     * manifest; BuildKit copies it all the same, so the lock is present */
    assert_int_equal(r.f.findings.len, 0);
    run_free(&r);
}

static void test_pip_project_beside_lock(void **state)
{
    (void)state;
    put("pyproject.toml", "[project]\nname='x'\n");
    put("uv.lock", "\n");
    run r;
    run_rule(&r, "lockfile-not-used",
             "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python -m pip install --no-cache-dir .\n", 1);
    assert_string_equal(only_finding(&r)->message,
                        "python -m pip install resolves the dependencies of pyproject.toml afresh; uv.lock is not used");
    run_free(&r);
}

/* A requirements file kept in the repository that was exported from the
 * lock, installed before the project: the project install resolves nothing
 * afresh. */
static void test_pip_project_after_exported_requirements(void **state)
{
    (void)state;
    put("server/pyproject.toml", "[project]\nname='x'\n");
    put("server/poetry.lock", "\n");
    put("server/requirements.txt",
        "accelerate==1.7.0 ; python_version >= \"3.9\" and python_version < \"3.13\"\n"
        "attrs==25.3.0 ; python_version >= \"3.9\"\n");
    put("server/requirements-header.txt",
        "# This file was autogenerated by uv via the following command:\n"
        "#    uv export --no-hashes\n"
        "attrs==25.3.0\n"
        "    # via x\n");
    put("server/requirements-loose.txt", "attrs==25.3.0 ; python_version >= \"3.9\"\nrich\n");
    /* a header that says it was exported, with lines loosened by hand */
    put("server/requirements-note.txt",
        "# exported from x version 0.70.0, without any gpu dependencies\n"
        "attrs==25.3.0 ; python_version >= \"3.9\"\nscipy\n");
    /* all but one of ten pinned the way poetry export writes them */
    char mostly[1024] = "";
    for (int i = 0; i < 10; i++)
        snprintf(mostly + strlen(mostly), sizeof mostly - strlen(mostly),
                 "pkg%d==1.0.%d ; python_version >= \"3.9\"\n", i, i);
    strcat(mostly, "numpy\n");
    put("server/requirements-mostly.txt", mostly);
    const char *df = "FROM python:3.12-slim\nWORKDIR /usr/src\nCOPY server server\n"
                     "RUN cd server && pip install --no-deps -r %s && pip install . --no-cache-dir\n";
    char text[512];
    snprintf(text, sizeof text, df, "requirements.txt");
    expect("lockfile-not-used", text, 1, PL_STATUS_PASS,
           "1 install from a manifest uses the lockfile (pip install at line 4 installs after "
           "server/requirements.txt (line 4), which was exported from the lock)");
    snprintf(text, sizeof text, df, "requirements-header.txt");
    expect("lockfile-not-used", text, 1, PL_STATUS_PASS,
           "1 install from a manifest uses the lockfile (pip install at line 4 installs after "
           "server/requirements-header.txt (line 4), which was exported from the lock)");
    snprintf(text, sizeof text, df, "requirements-note.txt");
    expect("lockfile-not-used", text, 1, PL_STATUS_PASS,
           "1 install from a manifest uses the lockfile (pip install at line 4 installs after "
           "server/requirements-note.txt (line 4), which was exported from the lock)");
    snprintf(text, sizeof text, df, "requirements-mostly.txt");
    expect("lockfile-not-used", text, 1, PL_STATUS_PASS,
           "1 install from a manifest uses the lockfile (pip install at line 4 installs after "
           "server/requirements-mostly.txt (line 4), which was exported from the lock)");
    /* one requirement left unpinned: not an export */
    snprintf(text, sizeof text, df, "requirements-loose.txt");
    run r;
    run_rule(&r, "lockfile-not-used", text, 1);
    assert_string_equal(only_finding(&r)->message,
                        "pip install resolves the dependencies of pyproject.toml afresh; poetry.lock is not used");
    run_free(&r);
}

/* ---- apt-lists-not-deleted: a script copied from the context -------------------------- */

static void test_apt_lists_removed_by_copied_script(void **state)
{
    (void)state;
    put("scripts/dist/cleanup.sh", "#!/bin/sh\napt-get -y autoremove\nrm -rf /var/lib/apt/lists/*\n");
    put("scripts/dist/other.sh", "#!/bin/sh\necho done\n");
    const char *df = "FROM ubuntu:24.04\nCOPY scripts/dist/ /scripts/\n"
                     "RUN apt-get update && apt-get -qq dist-upgrade && %s\n";
    char text[256];
    snprintf(text, sizeof text, df, "/scripts/cleanup.sh");
    expect("apt-lists-not-deleted", text, 1, PL_STATUS_PASS,
           "1 RUN with apt update remove the lists or keep them in a mount; RUN at line 3 runs "
           "/scripts/cleanup.sh, which removes the lists (scripts/dist/cleanup.sh:3)");
    /* a script read that does not remove them: the finding stays */
    snprintf(text, sizeof text, df, "sh /scripts/other.sh");
    run r;
    run_rule(&r, "apt-lists-not-deleted", text, 1);
    assert_int_equal(only_finding(&r)->span.line, 3);
    run_free(&r);
    /* a script the context does not hold, or no context: unknown, no finding */
    snprintf(text, sizeof text, df, "/opt/vendor/cleanup");
    expect("apt-lists-not-deleted", text, 1, PL_STATUS_SKIP,
           "RUN at line 3 runs /opt/vendor/cleanup: no COPY or ADD of the build context puts "
           "/opt/vendor/cleanup there");
    snprintf(text, sizeof text, df, "/scripts/cleanup.sh");
    expect("apt-lists-not-deleted", text, 0, PL_STATUS_SKIP,
           "RUN at line 3 runs /scripts/cleanup.sh: /scripts/cleanup.sh comes from the build "
           "context, which is not on disk");
}

/* ---- healthcheck-tool-missing: the base-image table ------------------------------------ */

typedef struct {
    const char *from;
    const char *check;
    pl_status status;
} hc_case;

static void test_base_image_table(void **state)
{
    (void)state;
    static const hc_case cases[] = {
        {"debian:bookworm", "curl -f http://x", PL_STATUS_FAIL},
        {"debian:bookworm-slim", "wget -q http://x", PL_STATUS_FAIL},
        {"ubuntu:24.04", "curl -f http://x", PL_STATUS_FAIL},
        {"buildpack-deps:bookworm-curl", "wget -q http://x", PL_STATUS_PASS},
        {"python:3.12", "curl -f http://x", PL_STATUS_PASS},
        {"python:3.12-slim-bookworm", "curl -f http://x", PL_STATUS_FAIL},
        {"python:3.12-slim", "python3 -c 'print(1)'", PL_STATUS_PASS},
        {"python:3.12-alpine", "wget -q http://x", PL_STATUS_PASS},
        {"python:3.12-alpine", "nc -z localhost 80", PL_STATUS_PASS},
        {"python:3.12-alpine", "curl -f http://x", PL_STATUS_FAIL},
        {"node:22", "curl -f http://x", PL_STATUS_PASS},
        {"node:22-bookworm-slim", "wget -q http://x", PL_STATUS_FAIL},
        {"node:22-alpine", "curl -f http://x", PL_STATUS_FAIL},
        {"node:22-alpine", "node -e 1", PL_STATUS_PASS},
        {"golang:1.23", "wget -q http://x", PL_STATUS_PASS},
        {"golang:1.23-alpine", "curl -f http://x", PL_STATUS_FAIL},
        {"nginx:1.27", "curl -f http://x", PL_STATUS_PASS},
        {"nginx:1.27", "wget -q http://x", PL_STATUS_FAIL},
        {"nginx:1.27-alpine", "curl -f http://x", PL_STATUS_PASS},
        {"nginx:1.27-alpine-slim", "curl -f http://x", PL_STATUS_FAIL},
        {"eclipse-temurin:21-jre", "curl -f http://x", PL_STATUS_PASS},
        {"eclipse-temurin:21-jre-ubi9-minimal", "curl -f http://x", PL_STATUS_SKIP},
        {"nvidia/cuda:12.4.1-runtime-ubuntu22.04", "curl -f http://x", PL_STATUS_FAIL},
        {"nvidia/cuda:12.4.1-runtime-rockylinux9", "curl -f http://x", PL_STATUS_SKIP},
        {"alpine:3.20", "curl -f http://x", PL_STATUS_FAIL},
        {"redis:7-alpine", "wget -q http://x", PL_STATUS_PASS},
        {"redis:7-alpine", "curl -f http://x", PL_STATUS_SKIP},
        {"gcr.io/distroless/static-debian12", "[\"/app\", \"health\"]", PL_STATUS_SKIP},
        {"gcr.io/distroless/static-debian12", "[\"curl\", \"-f\", \"http://x\"]", PL_STATUS_FAIL},
        {"gcr.io/distroless/base-debian12:debug", "wget -q http://x", PL_STATUS_SKIP},
        {"python:3.12-windowsservercore", "curl -f http://x", PL_STATUS_SKIP},
        /* the Python rows (df_runtime_base.c): debian and ubuntu ship no
         * Python, python images no node, node slim images no Python */
        {"ubuntu:24.04", "python3 -c 1", PL_STATUS_FAIL},
        {"debian:bookworm-slim", "python3 -c 1", PL_STATUS_FAIL},
        {"python:3.12-slim", "node -e 1", PL_STATUS_FAIL},
        {"node:22-slim", "python3 -c 1", PL_STATUS_FAIL},
        {"node:22", "python3 -c 1", PL_STATUS_SKIP},
        {"ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "python3 -c 1", PL_STATUS_PASS},
        {"ghcr.io/astral-sh/uv:0.5.4", "[\"python3\", \"-c\", \"1\"]", PL_STATUS_FAIL},
        {"gcr.io/distroless/python3-debian12", "[\"python3\", \"-c\", \"1\"]", PL_STATUS_PASS},
        {"mycorp/python:3.12", "python3 -c 1", PL_STATUS_SKIP},
        {"ghcr.io/acme/base:1", "curl -f http://x", PL_STATUS_SKIP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char df[512];
        snprintf(df, sizeof df, "FROM %s\nHEALTHCHECK CMD %s\n", cases[i].from, cases[i].check);
        run r;
        run_rule(&r, "healthcheck-tool-missing", df, 0);
        const pl_result *res = result(&r, "healthcheck-tool-missing");
        if (res->status != cases[i].status)
            fail_msg("FROM %s / %s: got %s (%s)", cases[i].from, cases[i].check,
                     pl_status_name(res->status), res->evidence);
        run_free(&r);
    }
}

static void test_healthcheck_messages(void **state)
{
    (void)state;
    run r;
    run_rule(&r, "healthcheck-tool-missing",
             "FROM python:3.12 AS build\nRUN echo\nFROM python:3.12-slim AS runtime\n"
             "HEALTHCHECK CMD curl -fsS http://localhost:8000/health || exit 1\n",
             0);
    const pl_finding *fd = only_finding(&r);
    assert_string_equal(fd->message, "HEALTHCHECK runs curl (line 4); nothing installs curl in stage "
                                     "runtime, and python:3.12-slim does not ship it");
    assert_string_equal(fd->fix, "install curl in stage runtime (apt-get install -y "
                                 "--no-install-recommends curl), or use a check the image can run");
    assert_int_equal(fd->span.col, 17);
    assert_int_equal(fd->span.end_col, 20);
    run_free(&r);
    run_rule(&r, "healthcheck-tool-missing", "FROM alpine:3.20\nHEALTHCHECK CMD [\"curl\", \"-f\", \"x\"]\n", 0);
    assert_string_equal(only_finding(&r)->fix, "install curl in the final stage (apk add --no-cache "
                                                "curl), or use a check the image can run");
    run_free(&r);
    run_rule(&r, "healthcheck-tool-missing", "FROM scratch\nCOPY app /app\nHEALTHCHECK CMD /app -health\n", 0);
    assert_string_equal(only_finding(&r)->message,
                        "HEALTHCHECK runs through /bin/sh (line 3), and scratch has no shell");
    run_free(&r);
}

/* ---- final-stage-toolchain -------------------------------------------------------------- */

/* A pass names what was checked, and that it was not nothing: an install
 * of no readable package, no ARG/ENV, no RUN, no package install is a skip. */
static void test_checklist_pass_needs_something_checked(void **state)
{
    (void)state;
    expect("apt-get-unpinned", "FROM debian:12\nARG PKGS\nRUN apt-get install -y $PKGS\nRUN apt-get install -y\n",
           0, PL_STATUS_SKIP, "2 commands name no package that can be read (none, or only variables)");
    expect("apt-get-unpinned", "FROM debian:12\nRUN apt-get install -y curl=8.5.0-2\n", 0,
           PL_STATUS_PASS, "1 apt-get install command pinned");
    expect("apk-unpinned", "FROM alpine:3.20\nRUN apk add --no-cache\n", 0, PL_STATUS_SKIP,
           "1 command names no package that can be read (none, or only variables)");
    expect("secret-name-in-arg-env", "FROM alpine:3.20\nRUN true\n", 0, PL_STATUS_SKIP,
           "no ARG or ENV");
    expect("secret-value-in-arg-env", "FROM alpine:3.20\nENV A=1\n", 0, PL_STATUS_PASS,
           "1 ARG/ENV name checked");
    expect("sudo", "FROM alpine:3.20\nCMD [\"sh\"]\n", 0, PL_STATUS_SKIP, "no RUN instruction");
    expect("final-stage-toolchain", "FROM alpine:3.20 AS a\nFROM a\nCOPY x /x\n", 0,
           PL_STATUS_SKIP, "no package install in the final image: what the base image holds is not known");
}

static void test_toolchain_message_lists_packages(void **state)
{
    (void)state;
    run r;
    run_rule(&r, "final-stage-toolchain",
             "FROM golang:1.23 AS b\nRUN go build ./...\nFROM debian:12-slim AS run\n"
             "RUN apt-get install -y libc6 gcc g++ make cmake libssl-dev zlib1g-dev\n",
             0);
    const pl_finding *fd = only_finding(&r);
    assert_string_equal(fd->message, "stage run (final) installs gcc, g++, make, cmake and 2 more "
                                     "(line 4); the build toolchain ships in the final image");
    assert_int_equal(fd->span.line, 4);
    assert_int_equal(fd->span.col, 30);
    assert_int_equal(fd->span.end_col, 32);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_entry_context_directory_copy, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_entry_folder_absent_from_context, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_entry_context_lacks_file, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_entry_left_out_by_dockerignore, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_entry_globs, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_lock_in_context_not_copied, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_no_lock_in_context, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_lock_beside_manifest_in_subfolder, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_pip_project_beside_lock, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_pip_project_after_exported_requirements, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(test_apt_lists_removed_by_copied_script, setup_ctx, teardown_ctx),
        cmocka_unit_test(test_base_image_table),
        cmocka_unit_test(test_healthcheck_messages),
        cmocka_unit_test(test_toolchain_message_lists_packages),
        cmocka_unit_test(test_checklist_pass_needs_something_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
