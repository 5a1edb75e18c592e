/* pl_display_paths: the answers of pl_display_path for many paths, with
 * what it learns of each directory kept for the next one. Every answer is
 * compared with pl_display_path's, through symbolic links (to a directory,
 * to a file), "." and "..", doubled slashes and missing paths. */
#include "testutil.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/discover.h"

typedef struct {
    char root[PATH_MAX];
    char cwd[PATH_MAX];
} tree;

static const char *at(const tree *t, const char *rel, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", t->root, rel);
    return buf;
}

/* root/real/sub/Dockerfile, root/real/sub/flink -> Dockerfile,
 * root/link -> real */
static void make_tree(tree *t)
{
    char tmpl[] = "/tmp/plimsoll-display-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    snprintf(t->root, sizeof t->root, "%s", tmpl);
    assert_non_null(getcwd(t->cwd, sizeof t->cwd));
    char p[PATH_MAX];
    assert_int_equal(mkdir(at(t, "real", p, sizeof p), 0755), 0);
    assert_int_equal(mkdir(at(t, "real/sub", p, sizeof p), 0755), 0);
    FILE *f = fopen(at(t, "real/sub/Dockerfile", p, sizeof p), "w");
    assert_non_null(f);
    fputs("FROM scratch\n", f);
    fclose(f);
    assert_int_equal(symlink("Dockerfile", at(t, "real/sub/flink", p, sizeof p)), 0);
    assert_int_equal(symlink("real", at(t, "link", p, sizeof p)), 0);
}

static void remove_tree(tree *t)
{
    char p[PATH_MAX];
    assert_int_equal(chdir(t->cwd), 0);
    unlink(at(t, "link", p, sizeof p));
    unlink(at(t, "real/sub/flink", p, sizeof p));
    unlink(at(t, "real/sub/Dockerfile", p, sizeof p));
    rmdir(at(t, "real/sub", p, sizeof p));
    rmdir(at(t, "real", p, sizeof p));
    rmdir(t->root);
}

static const char *const rels[] = {
    "real/sub/Dockerfile", "link/sub/Dockerfile", "real/sub/flink", "link/sub/flink",
    "real/sub/../sub/Dockerfile", "real/sub/.", "real/sub/..", "real//sub/Dockerfile",
    "real/sub", "link", "missing/Dockerfile", "real/missing", NULL,
};

/* Each path twice (the second answer comes from what the first learnt),
 * in a cache that lives through them all. */
static void assert_same_answers(const tree *t)
{
    pl_arena *a = pl_arena_new();
    pl_display_paths *c = pl_display_paths_new(a);
    char p[PATH_MAX];
    for (int round = 0; round < 2; round++) {
        for (int i = 0; rels[i]; i++) {
            at(t, rels[i], p, sizeof p);
            assert_string_equal(pl_display_paths_get(c, a, p), pl_display_path(a, p));
        }
        static const char *const plain[] = {"./x/Dockerfile", "a//b", ".", "/", "Dockerfile", NULL};
        for (int i = 0; plain[i]; i++)
            assert_string_equal(pl_display_paths_get(c, a, plain[i]), pl_display_path(a, plain[i]));
    }
    pl_arena_free(a);
}

static void test_outside_the_current_directory(void **state)
{
    (void)state;
    tree t;
    make_tree(&t);
    assert_int_equal(chdir("/"), 0);
    assert_same_answers(&t);
    remove_tree(&t);
}

static void test_below_the_current_directory(void **state)
{
    (void)state;
    tree t;
    make_tree(&t);
    char p[PATH_MAX];
    assert_int_equal(chdir(at(&t, "real", p, sizeof p)), 0);
    assert_same_answers(&t);

    /* relative to it, through the symbolic link to it too */
    pl_arena *a = pl_arena_new();
    pl_display_paths *c = pl_display_paths_new(a);
    assert_string_equal(pl_display_paths_get(c, a, at(&t, "real/sub/Dockerfile", p, sizeof p)),
                        "sub/Dockerfile");
    assert_string_equal(pl_display_paths_get(c, a, at(&t, "link/sub/Dockerfile", p, sizeof p)),
                        "sub/Dockerfile");
    /* a symbolic link to a file is shown where it points */
    assert_string_equal(pl_display_paths_get(c, a, at(&t, "link/sub/flink", p, sizeof p)),
                        "sub/Dockerfile");
    pl_arena_free(a);
    remove_tree(&t);
}

static void test_real_dir(void **state)
{
    (void)state;
    tree t;
    make_tree(&t);
    pl_arena *a = pl_arena_new();
    pl_display_paths *c = pl_display_paths_new(a);
    char p[PATH_MAX], real[PATH_MAX];
    for (int round = 0; round < 2; round++) {
        assert_non_null(realpath(at(&t, "real/sub", p, sizeof p), real));
        assert_string_equal(pl_display_paths_real_dir(c, at(&t, "link/sub", p, sizeof p)), real);
        assert_string_equal(pl_display_paths_real_dir(c, at(&t, "real/sub", p, sizeof p)), real);
        assert_string_equal(pl_display_paths_real_dir(c, at(&t, "real/sub/..", p, sizeof p)),
                            realpath(at(&t, "real", p, sizeof p), real));
        assert_null(pl_display_paths_real_dir(c, at(&t, "missing/dir", p, sizeof p)));
    }
    pl_arena_free(a);
    remove_tree(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outside_the_current_directory),
        cmocka_unit_test(test_below_the_current_directory),
        cmocka_unit_test(test_real_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
