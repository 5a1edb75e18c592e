/* test_pkg.c — the helpers the OS package-manager rules share
 * (src/rules/df_pkg_common.c): hadolint's rpm version test, `rm` of a cache
 * directory, finding a verb and the package words past value-taking flags.
 * The rules themselves are tested through tests/rules/ (test_rules.c). */
#include "testutil.h"

#include "../../src/rules/dockerfile/df_pkg_common.h"

static pl_sh_cmd *first_cmd(pl_arena *a, const char *script)
{
    pl_sh_script *s = pl_sh_parse(a, script, strlen(script));
    assert_true(s->ncmds >= 1);
    return &s->cmds[0];
}

static void test_rpm_version(void **state)
{
    (void)state;
    /* pinned, from hadolint's DL3033/DL3041 cases */
    assert_true(pl_pkg_rpm_version_pinned("tomcat-9.2"));
    assert_true(pl_pkg_rpm_version_pinned("openssl-1:1.1.1k"));
    assert_true(pl_pkg_rpm_version_pinned("rpm-sign-4.16.1.3"));
    assert_true(pl_pkg_rpm_version_pinned("gcc-c++-1.1.1"));
    assert_true(pl_pkg_rpm_version_pinned("git-core-2.51.0-2.fc42"));
    assert_true(pl_pkg_rpm_version_pinned("foo.rpm"));
    assert_true(pl_pkg_rpm_version_pinned("nginx-1.24.0~rc1^post_2+x"));
    /* not pinned */
    assert_false(pl_pkg_rpm_version_pinned("tomcat"));
    assert_false(pl_pkg_rpm_version_pinned("rpm-sign"));
    assert_false(pl_pkg_rpm_version_pinned("python3-devel"));
    assert_false(pl_pkg_rpm_version_pinned("httpd-2.4*"));
    assert_false(pl_pkg_rpm_version_pinned("git-core-"));
    assert_false(pl_pkg_rpm_version_pinned("git-core-${version}"));
    assert_false(pl_pkg_rpm_version_pinned("epel-release"));
    assert_false(pl_pkg_rpm_version_pinned(""));
    assert_false(pl_pkg_rpm_version_pinned("-"));
    assert_false(pl_pkg_rpm_version_pinned("rpm"));
}

static void test_rm_removes(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *dir = "/var/lib/apt/lists";
    assert_true(pl_pkg_rm_removes(first_cmd(a, "rm -rf /var/lib/apt/lists/*"), dir));
    assert_true(pl_pkg_rm_removes(first_cmd(a, "rm -fr /var/lib/apt/lists"), dir));
    assert_true(pl_pkg_rm_removes(first_cmd(a, "rm -r -f /var/lib/apt/lists/"), dir));
    assert_true(pl_pkg_rm_removes(first_cmd(a, "/bin/rm -rf /tmp/x /var/lib/apt/lists*"), dir));
    assert_true(pl_pkg_rm_removes(first_cmd(a, "rm -rf \"/var/lib/apt/lists/\"*"), dir));
    /* hadolint counts any `rm -rf`; the lists must be named here */
    assert_false(pl_pkg_rm_removes(first_cmd(a, "rm -rf /tmp/*"), dir));
    assert_false(pl_pkg_rm_removes(first_cmd(a, "rm -rf /var/lib/apt/lists/partial"), dir));
    assert_false(pl_pkg_rm_removes(first_cmd(a, "rm -rf /var/lib/apt/listsx"), dir));
    assert_false(pl_pkg_rm_removes(first_cmd(a, "echo /var/lib/apt/lists/*"), dir));
    pl_arena_free(a);
}

static void test_verb_and_args(void **state)
{
    (void)state;
    static const char *const with_value[] = {"t", "target-release", "o", NULL};
    static const char *const install[] = {"install", NULL};
    pl_arena *a = pl_arena_new();

    pl_sh_cmd *c = first_cmd(a, "apt-get -t bookworm-backports -o Foo=install install -y jq curl=1");
    const pl_sh_word *v = pl_pkg_verb(a, c, "apt-get", with_value, install);
    assert_non_null(v);
    assert_string_equal(v->text, "install");
    assert_int_equal((int)v->offset, 45);
    const pl_sh_word **args;
    int n = pl_pkg_args(a, c, with_value, install, &args);
    assert_int_equal(n, 2);
    assert_string_equal(args[0]->text, "jq");
    assert_string_equal(args[1]->text, "curl=1");

    /* the value of -t is not the verb, and a path to the tool counts */
    c = first_cmd(a, "/usr/bin/apt-get -t install update");
    assert_null(pl_pkg_verb(a, c, "apt-get", with_value, install));
    c = first_cmd(a, "/usr/bin/apt-get --target-release=x install");
    assert_non_null(pl_pkg_verb(a, c, "apt-get", with_value, install));
    /* another tool, or no verb */
    c = first_cmd(a, "apt-cache install");
    assert_null(pl_pkg_verb(a, c, "apt-get", with_value, install));
    c = first_cmd(a, "apt-get update");
    assert_null(pl_pkg_verb(a, c, "apt-get", with_value, install));

    /* empty words ("") are not packages */
    c = first_cmd(a, "apk add \"\" curl");
    static const char *const add[] = {"add", NULL};
    n = pl_pkg_args(a, c, NULL, add, &args);
    assert_int_equal(n, 1);
    assert_string_equal(args[0]->text, "curl");

    static const char *const words[] = {"update", "up", NULL};
    assert_true(pl_pkg_has_word(first_cmd(a, "zypper -n up"), words));
    assert_false(pl_pkg_has_word(first_cmd(a, "apk add --update curl"), words));
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rpm_version),
        cmocka_unit_test(test_rm_removes),
        cmocka_unit_test(test_verb_and_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
