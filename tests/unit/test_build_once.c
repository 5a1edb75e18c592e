/* test_build_once.c — one build step is one problem: a workflow step that
 * a matrix expands into several builds, and a reusable workflow that other
 * workflows call (`uses: ./.github/workflows/x.yaml`), report a stale
 * build arg once, at the step, not once per matrix row and again at each
 * caller. */
#include "gitfixture.h"

#define BUF 4096

static const char called[] = "on:\n"
                             "  workflow_call:\n"
                             "    inputs:\n"
                             "      publish:\n"
                             "        type: boolean\n"
                             "jobs:\n"
                             "  images:\n"
                             "    runs-on: ubuntu-latest\n"
                             "    strategy:\n"
                             "      matrix:\n"
                             "        variant: [alpine, distroless]\n"
                             "    steps:\n"
                             "      - uses: actions/checkout@v4\n"
                             "      - uses: docker/build-push-action@v6\n"
                             "        with:\n"
                             "          context: .\n"
                             "          tags: acme/app:${{ matrix.variant }}\n"
                             "          build-args: |\n"
                             "            BASE_IMAGE=${{ matrix.variant }}\n"
                             "            BUILD_DATE=now\n";

static const char caller[] = "on: push\n"
                             "jobs:\n"
                             "  artifacts:\n"
                             "    uses: ./.github/workflows/artifacts.yaml\n"
                             "    with:\n"
                             "      publish: false\n";

static void test_reported_once_at_the_step(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "Dockerfile", "ARG BASE_IMAGE=alpine\nFROM alpine:3.20\nRUN true\n");
    fx_write(&r, ".github/workflows/artifacts.yaml", called);
    fx_write(&r, ".github/workflows/ci.yaml", caller);
    fx_write(&r, ".github/workflows/release.yaml", caller);
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule(&r, &run, "build-arg-unused");
    assert_string_equal(fx_findings(&run, "build-arg-unused", buf, sizeof buf),
                        ".github/workflows/artifacts.yaml:14:15");
    fx_run_free(&run);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reported_once_at_the_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
