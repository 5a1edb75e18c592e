/* test_context.c — the build-context walker on real trees: exact sent and
 * excluded lists in walk order, fsutil's pruning, symlinks never followed,
 * unreadable directories, large and deep trees, the ignore-file choice,
 * lookups and COPY wildcard resolution. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plimsoll/context.h"

/* ---- tree helpers ------------------------------------------------------------ */

static char tree_root[256];

static void make_dir(const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", tree_root, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void make_file(const char *rel, const char *content)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", tree_root, rel);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
}

static void make_link(const char *rel, const char *target)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", tree_root, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D)
        chmod(path, 0755);
    return remove(path);
}

static void remove_tree(void)
{
    nftw(tree_root, remove_entry, 64, FTW_DEPTH | FTW_PHYS);
}

static const char *const IGNORE_TEXT = "# shared ignore\n";

/* The tree every listing test walks (sizes in brackets):
 *   .dockerignore [16] Dockerfile [7] a.txt [3] b.md [5]
 *   build/out.o [8] build/sub/keep.txt [1] build/sub/x.o [1]
 *   docs/README.md [4] docs/guide.md [6] docs/img/logo.png [3]
 *   empty/  link -> src [3]  loop1 -> loop2 [5]  loop2 -> loop1 [5]
 *   node_modules/pkg/index.js [10]  selfref/up -> .. [2]
 *   src/lib/util.c [3] src/lib/util.h [1] src/main.c [9] */
static int setup_tree(void **state)
{
    (void)state;
    snprintf(tree_root, sizeof tree_root, "/tmp/plimsoll-ctx-XXXXXX");
    assert_non_null(mkdtemp(tree_root));
    make_file(".dockerignore", IGNORE_TEXT);
    make_file("Dockerfile", "FROM x\n");
    make_file("a.txt", "abc");
    make_file("b.md", "hello");
    make_dir("build");
    make_dir("build/sub");
    make_file("build/out.o", "12345678");
    make_file("build/sub/keep.txt", "k");
    make_file("build/sub/x.o", "x");
    make_dir("docs");
    make_dir("docs/img");
    make_file("docs/README.md", "read");
    make_file("docs/guide.md", "guide!");
    make_file("docs/img/logo.png", "PNG");
    make_dir("empty");
    make_link("link", "src");
    make_link("loop1", "loop2");
    make_link("loop2", "loop1");
    make_dir("node_modules");
    make_dir("node_modules/pkg");
    make_file("node_modules/pkg/index.js", "module.x=1");
    make_dir("selfref");
    make_link("selfref/up", "..");
    make_dir("src");
    make_dir("src/lib");
    make_file("src/lib/util.c", "u.c");
    make_file("src/lib/util.h", "h");
    make_file("src/main.c", "int main;");
    return 0;
}

static int teardown_tree(void **state)
{
    (void)state;
    remove_tree();
    return 0;
}

static pl_context *walk(pl_arena *a, const char *ignore_text)
{
    pl_ignorefile *ig = NULL;
    if (ignore_text)
        ig = pl_ignore_parse(a, ".dockerignore", ignore_text, strlen(ignore_text));
    pl_context *ctx = NULL;
    assert_int_equal(pl_context_walk(a, tree_root, ig, &ctx), 0);
    assert_non_null(ctx);
    for (const pl_diag *d = ctx->diags.head; d; d = d->next)
        print_error("unexpected diagnostic: %s\n", d->message);
    assert_int_equal(ctx->diags.count, 0);
    return ctx;
}

static void assert_files(const pl_context *ctx, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < ctx->nfiles && i < n; i++)
        if (strcmp(ctx->files[i].path, paths[i]) != 0)
            print_error("file %zu: got %s, want %s\n", i, ctx->files[i].path, paths[i]);
    assert_int_equal(ctx->nfiles, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(ctx->files[i].path, paths[i]);
}

static void assert_dirs(const pl_context *ctx, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < ctx->ndirs && i < n; i++)
        if (strcmp(ctx->dirs[i].path, paths[i]) != 0)
            print_error("dir %zu: got %s, want %s\n", i, ctx->dirs[i].path, paths[i]);
    assert_int_equal(ctx->ndirs, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(ctx->dirs[i].path, paths[i]);
        assert_int_equal(ctx->dirs[i].kind, PL_CTX_DIR);
    }
}

typedef struct {
    const char *path;
    pl_ctx_kind kind;
    int pattern, pruned;
} want_excluded;

static void assert_excluded(const pl_context *ctx, const want_excluded *w, size_t n)
{
    for (size_t i = 0; i < ctx->nexcluded && i < n; i++)
        if (strcmp(ctx->excluded[i].path, w[i].path) != 0)
            print_error("excluded %zu: got %s, want %s\n", i, ctx->excluded[i].path, w[i].path);
    assert_int_equal(ctx->nexcluded, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(ctx->excluded[i].path, w[i].path);
        assert_int_equal(ctx->excluded[i].kind, w[i].kind);
        assert_int_equal(ctx->excluded[i].pattern, w[i].pattern);
        assert_int_equal(ctx->excluded[i].pruned, w[i].pruned);
    }
}

static long long size_of(const pl_context *ctx, const char *path)
{
    for (size_t i = 0; i < ctx->nfiles; i++)
        if (strcmp(ctx->files[i].path, path) == 0)
            return ctx->files[i].size;
    fail_msg("%s not sent", path);
    return -1;
}

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- listings ---------------------------------------------------------------------- */

static void test_no_ignore_file_sends_everything(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, NULL);
    static const char *const files[] = {
        ".dockerignore", "Dockerfile", "a.txt", "b.md", "build/out.o", "build/sub/keep.txt",
        "build/sub/x.o", "docs/README.md", "docs/guide.md", "docs/img/logo.png", "link", "loop1",
        "loop2", "node_modules/pkg/index.js", "selfref/up", "src/lib/util.c", "src/lib/util.h",
        "src/main.c",
    };
    assert_files(ctx, files, N(files));
    static const char *const dirs[] = {"build", "build/sub", "docs", "docs/img", "empty",
                                       "node_modules", "node_modules/pkg", "selfref", "src",
                                       "src/lib"};
    assert_dirs(ctx, dirs, N(dirs));
    assert_int_equal(ctx->nexcluded, 0);
    /* 16+7+3+5+8+1+1+4+6+3+3+5+5+10+2+3+1+9 */
    assert_int_equal(ctx->total_size, 92);
    /* symlinks are listed as themselves: size is the target's length */
    assert_int_equal(ctx->files[10].kind, PL_CTX_SYMLINK);
    assert_int_equal(size_of(ctx, "link"), 3);
    assert_int_equal(size_of(ctx, "loop1"), 5);
    assert_int_equal(size_of(ctx, "selfref/up"), 2);
    assert_int_equal(ctx->files[0].kind, PL_CTX_FILE);
    assert_int_equal(size_of(ctx, ".dockerignore"), 16);
    for (size_t i = 1; i < ctx->nfiles; i++)
        assert_true(pl_context_path_cmp(ctx->files[i - 1].path, ctx->files[i].path) < 0);
    pl_arena_free(a);
}

static void test_pruned_directories_listed_once(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, "build\nnode_modules/\n*.md\n**/*.o\n");
    static const char *const files[] = {
        ".dockerignore", "Dockerfile", "a.txt", "docs/README.md", "docs/guide.md",
        "docs/img/logo.png", "link", "loop1", "loop2", "selfref/up", "src/lib/util.c",
        "src/lib/util.h", "src/main.c",
    };
    assert_files(ctx, files, N(files));
    static const want_excluded ex[] = {
        {"b.md", PL_CTX_FILE, 2, 0},
        {"build", PL_CTX_DIR, 0, 1},
        {"node_modules", PL_CTX_DIR, 1, 1},
    };
    assert_excluded(ctx, ex, N(ex));
    static const char *const dirs[] = {"docs", "docs/img", "empty", "selfref", "src", "src/lib"};
    assert_dirs(ctx, dirs, N(dirs));
    assert_int_equal(ctx->total_size, 16 + 7 + 3 + 4 + 6 + 3 + 3 + 5 + 5 + 2 + 3 + 1 + 9);
    pl_arena_free(a);
}

static void test_reinclude_keeps_directory_walked(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, "docs\n!docs/README.md\nbuild\n");
    static const char *const files[] = {
        ".dockerignore", "Dockerfile", "a.txt", "b.md", "docs/README.md", "link", "loop1",
        "loop2", "node_modules/pkg/index.js", "selfref/up", "src/lib/util.c", "src/lib/util.h",
        "src/main.c",
    };
    assert_files(ctx, files, N(files));
    /* build is skipped whole: no `!` line reaches below it; docs is walked,
     * and docs/img is skipped whole again */
    static const want_excluded ex[] = {
        {"build", PL_CTX_DIR, 2, 1},
        {"docs/guide.md", PL_CTX_FILE, 0, 0},
        {"docs/img", PL_CTX_DIR, 0, 1},
    };
    assert_excluded(ctx, ex, N(ex));
    /* docs holds a sent file, so it is sent too */
    static const char *const dirs[] = {"docs", "empty", "node_modules", "node_modules/pkg",
                                       "selfref", "src", "src/lib"};
    assert_dirs(ctx, dirs, N(dirs));
    pl_arena_free(a);
}

static void test_wildcard_exception_disables_pruning(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, "build\n!**/keep.txt\nnode_modules\n");
    static const want_excluded ex[] = {
        {"build/out.o", PL_CTX_FILE, 0, 0},
        {"build/sub/x.o", PL_CTX_FILE, 0, 0},
        {"node_modules", PL_CTX_DIR, 2, 0},
        {"node_modules/pkg", PL_CTX_DIR, 2, 0},
        {"node_modules/pkg/index.js", PL_CTX_FILE, 2, 0},
    };
    assert_excluded(ctx, ex, N(ex));
    static const char *const dirs[] = {"build", "build/sub", "docs", "docs/img", "empty",
                                       "selfref", "src", "src/lib"};
    assert_dirs(ctx, dirs, N(dirs));
    assert_int_equal(ctx->nfiles, 15);
    assert_string_equal(ctx->files[4].path, "build/sub/keep.txt");
    pl_arena_free(a);
}

static void test_context_root_and_everything(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    /* `*` excludes every top-level entry, `!Dockerfile` brings one back */
    pl_context *ctx = walk(a, "*\n!Dockerfile\n");
    assert_int_equal(ctx->nfiles, 1);
    assert_string_equal(ctx->files[0].path, "Dockerfile");
    assert_int_equal(ctx->total_size, 7);
    assert_int_equal(ctx->ndirs, 0);
    assert_int_equal(ctx->nexcluded, 12);
    assert_string_equal(ctx->excluded[0].path, ".dockerignore");
    assert_string_equal(ctx->excluded[3].path, "build");
    assert_int_equal(ctx->excluded[3].pruned, 1);
    pl_arena_free(a);
}

/* 0 when the walk reports the unreadable `empty` directory and goes on,
 * and stays quiet when that directory is excluded; else the failed step. */
static int check_unreadable(void)
{
    pl_arena *a = pl_arena_new();
    pl_context *ctx = NULL;
    int step = 0;
    if (pl_context_walk(a, tree_root, NULL, &ctx) != 0)
        step = 1;
    else if (ctx->diags.count != 1)
        step = 2;
    else if (strcmp(ctx->diags.head->message, "cannot read directory 'empty': Permission denied "
                                              "(docker build fails sending the context)") != 0)
        step = 3;
    else if (ctx->nfiles != 18 || pl_context_lookup(ctx, "empty", NULL, NULL) != PL_CTX_SENT)
        step = 4; /* the walk went on; the directory itself is still sent */
    if (!step) {
        /* excluded but walked (a wildcard `!` line): fsutil ignores the error */
        const char *text = "empty\n!**/never\n";
        pl_ignorefile *ig = pl_ignore_parse(a, "x", text, strlen(text));
        if (pl_context_walk(a, tree_root, ig, &ctx) != 0 || ctx->diags.count != 0)
            step = 5;
        else if (ctx->nexcluded != 1 || strcmp(ctx->excluded[0].path, "empty") != 0)
            step = 6;
    }
    pl_arena_free(a);
    return step;
}

static void test_unreadable_directory(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/empty", tree_root);
    assert_int_equal(chmod(p, 0), 0);
    int step;
    if (geteuid() != 0) {
        step = check_unreadable();
    } else {
        /* root reads a chmod 000 directory anyway: check as an ordinary user */
        assert_int_equal(chmod(tree_root, 0755), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(77);
            _exit(check_unreadable());
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        chmod(p, 0755);
        assert_true(WIFEXITED(status));
        step = WEXITSTATUS(status);
        if (step == 77)
            skip(); /* cannot drop root here */
    }
    chmod(p, 0755);
    if (step)
        print_error("unreadable directory: step %d failed\n", step);
    assert_int_equal(step, 0);
}

static void test_missing_root(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = NULL;
    char p[512];
    snprintf(p, sizeof p, "%s/no-such-dir", tree_root);
    assert_int_equal(pl_context_walk(a, p, NULL, &ctx), -1);
    assert_non_null(ctx);
    assert_int_equal(ctx->diags.errors, 1);
    assert_non_null(strstr(ctx->diags.head->message, "No such file or directory"));
    snprintf(p, sizeof p, "%s/a.txt", tree_root);
    assert_int_equal(pl_context_walk(a, p, NULL, &ctx), -1);
    pl_arena_free(a);
}

/* ---- lookups and wildcards --------------------------------------------------------- */

static void expect_lookup(const pl_context *ctx, const char *path, pl_ctx_status st,
                          int kind, int pattern)
{
    pl_ctx_kind k;
    int p;
    pl_ctx_status got = pl_context_lookup(ctx, path, &k, &p);
    if (got != st)
        print_error("lookup %s: got %d want %d\n", path, got, st);
    assert_int_equal(got, st);
    assert_int_equal((int)k, kind);
    assert_int_equal(p, pattern);
}

static void test_lookup(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, "docs\n!docs/README.md\nbuild\n");
    expect_lookup(ctx, "a.txt", PL_CTX_SENT, PL_CTX_FILE, -1);
    expect_lookup(ctx, "./src/../a.txt", PL_CTX_SENT, PL_CTX_FILE, -1);
    expect_lookup(ctx, "/a.txt", PL_CTX_SENT, PL_CTX_FILE, -1);
    expect_lookup(ctx, "link", PL_CTX_SENT, PL_CTX_SYMLINK, -1);
    expect_lookup(ctx, "src/lib/", PL_CTX_SENT, PL_CTX_DIR, -1);
    expect_lookup(ctx, ".", PL_CTX_SENT, PL_CTX_DIR, -1);
    expect_lookup(ctx, "/", PL_CTX_SENT, PL_CTX_DIR, -1);
    expect_lookup(ctx, "docs", PL_CTX_SENT, PL_CTX_DIR, -1);
    expect_lookup(ctx, "docs/README.md", PL_CTX_SENT, PL_CTX_FILE, -1);
    expect_lookup(ctx, "docs/guide.md", PL_CTX_EXCLUDED, PL_CTX_FILE, 0);
    expect_lookup(ctx, "build", PL_CTX_EXCLUDED, PL_CTX_DIR, 2);
    /* below a skipped directory: excluded when it is on disk */
    expect_lookup(ctx, "build/out.o", PL_CTX_EXCLUDED, PL_CTX_FILE, 2);
    expect_lookup(ctx, "build/sub", PL_CTX_EXCLUDED, PL_CTX_DIR, 2);
    expect_lookup(ctx, "build/nope", PL_CTX_ABSENT, -1, -1);
    expect_lookup(ctx, "docs/img/logo.png", PL_CTX_EXCLUDED, PL_CTX_FILE, 0);
    expect_lookup(ctx, "link/main.c", PL_CTX_BEYOND_SYMLINK, -1, -1);
    expect_lookup(ctx, "a.txt/x", PL_CTX_ABSENT, -1, -1);
    expect_lookup(ctx, "missing", PL_CTX_ABSENT, -1, -1);
    expect_lookup(ctx, "../a.txt", PL_CTX_ABSENT, -1, -1);
    pl_arena_free(a);
}

static void expect_glob(const pl_context *ctx, pl_arena *a, const char *src,
                        const char *const *want, int n)
{
    const char **got = NULL;
    int count = pl_context_glob(ctx, a, src, &got);
    for (int i = 0; i < count && i < n; i++)
        if (strcmp(got[i], want[i]) != 0)
            print_error("glob %s [%d]: got %s want %s\n", src, i, got[i], want[i]);
    if (count != n)
        print_error("glob %s: %d matches, want %d\n", src, count, n);
    assert_int_equal(count, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(got[i], want[i]);
}

static void test_glob(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, "docs\n!docs/README.md\nbuild\n");
    static const char *const txt[] = {"a.txt"};
    expect_glob(ctx, a, "*.txt", txt, 1);
    expect_glob(ctx, a, "./*.txt", txt, 1);
    expect_glob(ctx, a, "a.txt", txt, 1);
    static const char *const top[] = {".dockerignore", "Dockerfile", "a.txt", "b.md", "docs",
                                      "empty", "link", "loop1", "loop2", "node_modules",
                                      "selfref", "src"};
    expect_glob(ctx, a, "*", top, 12);
    static const char *const mainc[] = {"src/main.c"};
    expect_glob(ctx, a, "src/*.c", mainc, 1);
    static const char *const lib[] = {"src/lib/util.c", "src/lib/util.h"};
    expect_glob(ctx, a, "/src/lib/*.[ch]", lib, 2);
    static const char *const libdir[] = {"src/lib"};
    expect_glob(ctx, a, "src/l?b", libdir, 1);
    expect_glob(ctx, a, "s*/lib", libdir, 1);
    static const char *const md[] = {"docs/README.md"};
    expect_glob(ctx, a, "*/*.md", md, 1);
    static const char *const root[] = {"."};
    expect_glob(ctx, a, ".", root, 1);
    expect_glob(ctx, a, "build/*", NULL, 0);
    expect_glob(ctx, a, "nomatch*", NULL, 0);
    expect_glob(ctx, a, "docs/guide.md", NULL, 0);
    expect_glob(ctx, a, "docs/g*", NULL, 0);
    const char **got = NULL;
    assert_int_equal(pl_context_glob(ctx, a, "src/[", &got), -1);
    assert_null(got);
    pl_arena_free(a);
}

/* ---- which ignore file ---------------------------------------------------------------- */

static void test_ignore_file_choice(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    make_dir("docker");
    make_file("docker/app.Dockerfile", "FROM x\n");
    make_file("docker/app.Dockerfile.dockerignore", "only-for-app\n");
    char df[512], want[600];
    snprintf(df, sizeof df, "%s/docker/app.Dockerfile", tree_root);
    const char *path = NULL;
    assert_int_equal(pl_context_ignore_path(a, tree_root, df, &path), 1);
    snprintf(want, sizeof want, "%s.dockerignore", df);
    assert_string_equal(path, want);
    pl_ignorefile *ig = NULL;
    assert_int_equal(pl_context_load_ignore(a, tree_root, df, &ig), 0);
    assert_non_null(ig);
    assert_int_equal(ig->npatterns, 1);
    assert_string_equal(ig->patterns[0].pattern, "only-for-app");
    assert_string_equal(ig->path, want);

    /* without it, the context's own file applies */
    snprintf(want, sizeof want, "%s/docker/app.Dockerfile.dockerignore", tree_root);
    assert_int_equal(unlink(want), 0);
    assert_int_equal(pl_context_ignore_path(a, tree_root, df, &path), 1);
    snprintf(want, sizeof want, "%s/.dockerignore", tree_root);
    assert_string_equal(path, want);
    assert_int_equal(pl_context_load_ignore(a, tree_root, NULL, &ig), 0);
    assert_int_equal(ig->npatterns, 0); /* only a comment */

    /* a directory of that name is no ignore file */
    char dir[600];
    snprintf(dir, sizeof dir, "%s/docker/app.Dockerfile.dockerignore", tree_root);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(pl_context_ignore_path(a, tree_root, df, &path), 1);
    assert_string_equal(path, want);
    rmdir(dir);

    char empty[600];
    snprintf(empty, sizeof empty, "%s/empty", tree_root);
    assert_int_equal(pl_context_ignore_path(a, empty, NULL, &path), 0);
    assert_null(path);
    assert_int_equal(pl_context_load_ignore(a, empty, NULL, &ig), 0);
    assert_null(ig);

    unlink(df);
    snprintf(dir, sizeof dir, "%s/docker", tree_root);
    rmdir(dir);
    pl_arena_free(a);
}

/* ---- size and depth ---------------------------------------------------------------------- */

static void test_large_tree(void **state)
{
    (void)state;
    char saved[256];
    memcpy(saved, tree_root, sizeof saved);
    snprintf(tree_root, sizeof tree_root, "/tmp/plimsoll-big-XXXXXX");
    assert_non_null(mkdtemp(tree_root));
    enum { DIRS = 200, PER_DIR = 500 };
    char p[512];
    for (int d = 0; d < DIRS; d++) {
        snprintf(p, sizeof p, "%s/d%d", tree_root, d);
        assert_int_equal(mkdir(p, 0755), 0);
        for (int f = 0; f < PER_DIR; f++) {
            snprintf(p, sizeof p, "%s/d%d/f%03d", tree_root, d, f);
            int fd = open(p, O_CREAT | O_WRONLY, 0644);
            assert_true(fd >= 0);
            if (f == 0)
                assert_int_equal(write(fd, "xy", 2), 2);
            close(fd);
        }
    }
    pl_arena *a = pl_arena_new();
    clock_t t0 = clock();
    pl_context *ctx = walk(a, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    print_message("walked %zu files in %.2fs\n", ctx->nfiles, secs);
    assert_int_equal(ctx->nfiles, DIRS * PER_DIR);
    assert_int_equal(ctx->total_size, 2 * DIRS);
    assert_int_equal(ctx->ndirs, DIRS);
    assert_string_equal(ctx->files[0].path, "d0/f000");
    /* "d1" < "d10" < "d100": name order, not number order */
    assert_string_equal(ctx->files[PER_DIR].path, "d1/f000");
    assert_string_equal(ctx->files[2 * PER_DIR].path, "d10/f000");
    assert_string_equal(ctx->files[ctx->nfiles - 1].path, "d99/f499");

    /* d1, d10-d19 and d100-d199 are skipped whole */
    ctx = walk(a, "d1*\n");
    assert_int_equal(ctx->nexcluded, 111);
    assert_int_equal(ctx->nfiles, (DIRS - 111) * PER_DIR);
    pl_ctx_kind k;
    assert_int_equal(pl_context_lookup(ctx, "d150/f007", &k, NULL), PL_CTX_EXCLUDED);
    assert_int_equal(pl_context_lookup(ctx, "d20/f007", &k, NULL), PL_CTX_SENT);

    /* context.max-files: the walk stops one file past the limit */
    ctx = NULL;
    assert_int_equal(pl_context_walk_max(a, tree_root, NULL, 1000, &ctx), 0);
    assert_int_equal(ctx->truncated, 1);
    assert_int_equal(ctx->max_files, 1000);
    assert_int_equal(ctx->nfiles, 1001);
    assert_int_equal(pl_context_walk_max(a, tree_root, NULL, DIRS * PER_DIR, &ctx), 0);
    assert_int_equal(ctx->truncated, 0);
    assert_int_equal(ctx->nfiles, DIRS * PER_DIR);
    pl_arena_free(a);
    remove_tree();
    memcpy(tree_root, saved, sizeof saved);
}

static void test_deep_tree(void **state)
{
    (void)state;
    char saved[256];
    memcpy(saved, tree_root, sizeof saved);
    snprintf(tree_root, sizeof tree_root, "/tmp/plimsoll-deep-XXXXXX");
    assert_non_null(mkdtemp(tree_root));
    enum { DEPTH = 600 };
    char rel[2 * DEPTH + 16] = "";
    for (int i = 0; i < DEPTH; i++) {
        strcat(rel, i ? "/n" : "n");
        make_dir(rel);
    }
    strcat(rel, "/leaf");
    make_file(rel, "deep");
    pl_arena *a = pl_arena_new();
    pl_context *ctx = walk(a, NULL);
    assert_int_equal(ctx->nfiles, 1);
    assert_string_equal(ctx->files[0].path, rel);
    assert_int_equal(ctx->ndirs, DEPTH);
    assert_int_equal(pl_context_lookup(ctx, rel, NULL, NULL), PL_CTX_SENT);
    pl_arena_free(a);
    remove_tree();
    memcpy(tree_root, saved, sizeof saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_ignore_file_sends_everything),
        cmocka_unit_test(test_pruned_directories_listed_once),
        cmocka_unit_test(test_reinclude_keeps_directory_walked),
        cmocka_unit_test(test_wildcard_exception_disables_pruning),
        cmocka_unit_test(test_context_root_and_everything),
        cmocka_unit_test(test_unreadable_directory),
        cmocka_unit_test(test_missing_root),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_glob),
        cmocka_unit_test(test_ignore_file_choice),
        cmocka_unit_test(test_large_tree),
        cmocka_unit_test(test_deep_tree),
    };
    return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
