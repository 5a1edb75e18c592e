/* The PATH arguments as the model compares them: cleaned once, sorted, and
 * asked whether they name a path or hold it. */
#include "testutil.h"

#include "../../src/model/path_args.h"

static void with_args(pl_arena *a, pl_options *o, pl_workspace *ws, const char **paths, int n,
                      pl_path_args *pa)
{
    memset(o, 0, sizeof *o);
    memset(ws, 0, sizeof *ws);
    o->paths = paths;
    o->npaths = n;
    ws->arena = a;
    ws->opts = o;
    pl_path_args_init(a, ws, pa);
}

static void test_names_and_holds(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_options o;
    pl_workspace ws;
    pl_path_args pa;
    static const char *paths[] = {"./svc/api/", "web/Dockerfile", "z", "lib//b"};
    with_args(a, &o, &ws, paths, 4, &pa);

    /* as display paths: "./" and trailing or doubled slashes go */
    assert_true(pl_path_args_names(&pa, "svc/api"));
    assert_true(pl_path_args_names(&pa, "web/Dockerfile"));
    assert_true(pl_path_args_names(&pa, "lib/b"));
    assert_false(pl_path_args_names(&pa, "svc"));
    assert_false(pl_path_args_names(&pa, "web/Dockerfil"));
    assert_false(pl_path_args_names(&pa, "web/Dockerfile2"));
    assert_false(pl_path_args_names(&pa, NULL));

    /* below an argument: the argument itself or a path under it, never a
     * sibling that only shares its first letters */
    assert_true(pl_path_args_hold(&pa, "svc/api"));
    assert_true(pl_path_args_hold(&pa, "svc/api/Dockerfile"));
    assert_true(pl_path_args_hold(&pa, "svc/api/deep/er/compose.yaml"));
    assert_true(pl_path_args_hold(&pa, "z/Dockerfile"));
    assert_true(pl_path_args_hold(&pa, "lib/b/x"));
    assert_false(pl_path_args_hold(&pa, "svc/apis/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "svc/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "zz/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "web"));
    assert_false(pl_path_args_hold(&pa, "../svc/api/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "/svc/api/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, ""));
    assert_false(pl_path_args_hold(&pa, NULL));
    pl_arena_free(a);
}

/* "." (or no argument at all) holds whatever lies below the current
 * directory, and nothing above or outside it. */
static void test_current_directory(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_options o;
    pl_workspace ws;
    pl_path_args pa;
    static const char *dot[] = {"."};
    with_args(a, &o, &ws, dot, 1, &pa);
    assert_true(pl_path_args_hold(&pa, "Dockerfile"));
    assert_true(pl_path_args_hold(&pa, "a/b/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "../a/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "/etc/Dockerfile"));
    assert_true(pl_path_args_names(&pa, "."));

    with_args(a, &o, &ws, NULL, 0, &pa);
    assert_true(pl_path_args_hold(&pa, "a/Dockerfile"));
    assert_false(pl_path_args_hold(&pa, "../a/Dockerfile"));
    assert_false(pl_path_args_names(&pa, "a/Dockerfile"));
    pl_arena_free(a);
}

/* As given, the argument is only cleaned, not resolved: what --target
 * applies to. */
static void test_given(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_options o;
    pl_workspace ws;
    pl_path_args pa;
    static const char *paths[] = {"./a/Dockerfile", "b/Dockerfile.dev"};
    with_args(a, &o, &ws, paths, 2, &pa);
    assert_true(pl_path_args_gives(&pa, "a/Dockerfile"));
    assert_true(pl_path_args_gives(&pa, "b/Dockerfile.dev"));
    assert_false(pl_path_args_gives(&pa, "b/Dockerfile"));
    assert_false(pl_path_args_gives(&pa, "a"));
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_holds),
        cmocka_unit_test(test_current_directory),
        cmocka_unit_test(test_given),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
