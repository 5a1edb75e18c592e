/* test_lock_workspace.c — lockfile-not-used on an npm workspace member:
 * `npm ci` in a member package uses the lock at the workspace root, the
 * directory above whose package.json declares "workspaces". Without the
 * declaration, or without the root lock copied, the member is judged by
 * what is beside it, as before. */
#include "gitfixture.h"

#define BUF 4096

static const char dockerfile[] = "FROM node:22-slim\n"
                                 "COPY package.json package-lock.json /src/\n"
                                 "COPY packages/web/package.json /src/packages/web/\n"
                                 "WORKDIR /src/packages/web\n"
                                 "RUN npm ci\n";

static void write_repo(fx_repo *r, const char *root_manifest)
{
    fx_write(r, "package.json", root_manifest);
    fx_write(r, "package-lock.json", "{\"lockfileVersion\": 3}\n");
    fx_write(r, "packages/web/package.json", "{\"name\": \"web\"}\n");
    fx_write(r, "Dockerfile", dockerfile);
}

static void test_member_uses_root_lock(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    write_repo(&r, "{\"name\": \"mono\", \"private\": true, \"workspaces\": [\"packages/*\"]}\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule(&r, &run, "lockfile-not-used");
    assert_string_equal(fx_findings(&run, "lockfile-not-used", buf, sizeof buf), "");
    fx_assert_result(&run, "Dockerfile", "lockfile-not-used", PL_STATUS_PASS,
                     "1 install from a manifest uses the lockfile (npm ci at line 5 runs in a "
                     "member of the workspace at /src, whose package-lock.json it uses)");
    fx_run_free(&run);
    fx_cleanup(&r);
}

/* A package.json above that declares no workspaces makes no workspace:
 * `npm ci` needs the lock beside the member's package.json. */
static void test_no_workspace_declared(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    write_repo(&r, "{\"name\": \"mono\", \"private\": true}\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule(&r, &run, "lockfile-not-used");
    assert_string_equal(fx_findings(&run, "lockfile-not-used", buf, sizeof buf), "Dockerfile:5:5");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member_uses_root_lock),
        cmocka_unit_test(test_no_workspace_declared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
