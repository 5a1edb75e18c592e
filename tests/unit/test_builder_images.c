/* test_builder_images.c — images a repository builds only as build
 * environments: every build it writes down tags them with a builder name
 * (miniflux's `docker build -t miniflux-rpm-builder -f packaging/rpm/...`,
 * woodpecker's woodpecker/make:local) and runs them over the checkout to
 * make packages. The hygiene rules about what ships leave them alone in
 * plimsoll's default reading; the same Dockerfile also pushed under
 * another name, or built by a compose service, is judged. */
#include "gitfixture.h"

#define BUF 4096

static const char rpm_dockerfile[] =
    "FROM rockylinux:9\n"
    "RUN dnf install -y rpm-build systemd-rpm-macros\n"
    "COPY miniflux.spec /root/rpmbuild/SPECS/\n";

static void test_builder_tags(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "packaging/rpm/Dockerfile", rpm_dockerfile);
    fx_write(&r, "packaging/rpm/miniflux.spec", "Name: miniflux\n");
    fx_write(&r, "Makefile",
             "rpm:\n"
             "\tdocker build -t miniflux-rpm-builder -f packaging/rpm/Dockerfile packaging/rpm\n"
             "\tdocker run --rm -v ${PWD}:/root/rpmbuild/RPMS miniflux-rpm-builder\n");
    char buf[BUF];
    fx_run run = {0};
    fx_run_rule(&r, &run, "dnf-cache-not-cleaned");
    assert_string_equal(fx_findings(&run, "dnf-cache-not-cleaned", buf, sizeof buf), "");
    fx_assert_result(&run, "packaging/rpm/Dockerfile", "dnf-cache-not-cleaned", PL_STATUS_SKIP,
                     "1 instruction not judged: a build environment (every build tags it "
                     "miniflux-rpm-builder): it runs over the checkout to build packages or "
                     "binaries, not as the service that ships");
    fx_run_free(&run);

    /* a `:local` tag is never pushed either */
    fx_write(&r, "Makefile",
             "rpm:\n"
             "\tdocker build -t acme/make:local -f packaging/rpm/Dockerfile packaging/rpm\n");
    fx_run local = {0};
    fx_run_rule(&r, &local, "dnf-cache-not-cleaned");
    assert_string_equal(fx_findings(&local, "dnf-cache-not-cleaned", buf, sizeof buf), "");
    fx_run_free(&local);

    /* pushed under a release name too: it ships */
    fx_write(&r, "Makefile",
             "rpm:\n"
             "\tdocker build -t miniflux-rpm-builder -f packaging/rpm/Dockerfile packaging/rpm\n"
             "release:\n"
             "\tdocker build -t ghcr.io/acme/rpm:1.0 -f packaging/rpm/Dockerfile packaging/rpm\n");
    fx_run both = {0};
    fx_run_rule(&r, &both, "dnf-cache-not-cleaned");
    assert_string_equal(fx_findings(&both, "dnf-cache-not-cleaned", buf, sizeof buf),
                        "packaging/rpm/Dockerfile:2:1");
    fx_run_free(&both);

    /* `builders` and `rebuilder` are other words */
    fx_write(&r, "Makefile",
             "rpm:\n"
             "\tdocker build -t acme/rebuilder -f packaging/rpm/Dockerfile packaging/rpm\n");
    fx_run other = {0};
    fx_run_rule(&r, &other, "dnf-cache-not-cleaned");
    assert_string_equal(fx_findings(&other, "dnf-cache-not-cleaned", buf, sizeof buf),
                        "packaging/rpm/Dockerfile:2:1");
    fx_run_free(&other);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
