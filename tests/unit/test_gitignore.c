/* test_gitignore.c — plimsoll's own reading of git's ignore rules
 * (plimsoll/gitignore.h) against `git check-ignore --no-index` on real
 * repositories: a table of tricky patterns and paths (negation, dir-only,
 * anchored, `**`, classes, escapes, nested .gitignore overriding a parent,
 * info/exclude, core.excludesFile, core.ignoreCase, a config include, a
 * re-include under an excluded parent). Each path also carries the answer expected here, so
 * the table holds without git too. Then: laziness (each .gitignore read
 * once, none below an ignored directory), a symbolic link named
 * .gitignore, and a run of the binary that must not load libgit2. */
#include <sys/wait.h>

#include "gitfixture.h"
#include "plimsoll/gitignore.h"

typedef struct {
    const char *path, *content;
} gi_file;

typedef struct {
    const char *name;
    gi_file files[6];
    const char *config[3]; /* "key value", given to `git config` */
    /* one a line: '+' ignored or '-' not, then the path; a trailing '/'
     * makes it a directory in the work tree (else an empty file) */
    const char *paths;
} gi_case;

static const gi_case cases[] = {
    {"basics",
     {{".gitignore", "*.log\n!keep.log\nbuild/\n/root.txt\ndoc/*.md\n"}},
     {NULL},
     "+a.log\n-keep.log\n-sub/keep.log\n+sub/x.log\n+build/\n+build/f\n+sub/build/\n"
     "-other/build\n+root.txt\n-sub/root.txt\n+doc/a.md\n-doc/sub/a.md\n-x/doc/a.md\n-plain\n"},
    {"re-include under an excluded parent",
     {{".gitignore", "d/\n!d/keep\ne/*\n!e/keep/\nf/**\n!f/in/\n!f/in/**\n"}},
     {NULL},
     "+d/keep\n+d/other\n-e/keep/\n-e/keep/f\n+e/x\n-f/in/\n-f/in/g\n+f/out\n"},
    {"double star",
     {{".gitignore", "**/logs\n**/cache/**\na/**/b\nx/**\n/**/q\nm/**n\n**\\/z\n"}},
     {NULL},
     "+logs/\n+deep/er/logs/\n+q1/cache/r\n+cache/z\n-cache\n+a/b\n+a/x/b\n+a/x/y/b\n-a/bb\n"
     "+x/one\n+x/two/three\n-x\n+q\n+k/l/q\n-m/x/n\n+m/xn\n+m/n\n+k/z\n-z\n"},
    {"literal prefix then double star",
     {{".gitignore", "x/foo**/bar\n"}},
     {NULL},
     "+x/foobar\n+x/foo/q/bar\n+x/fooz/bar\n-x/bar\n"},
    {"classes and ranges",
     {{".gitignore", "[[:digit:]]*.tmp\n[[:upper:]][[:lower:]]\nfile[!0-9]\n[]x]y\n[a-c-e]w\n"
                     "[\\]]t\n[[:space:]]s\n[[:punct:]]p\nv[[:alpha]x\n[^a]u\n[[:xdigit:]]h\n"}},
     {NULL},
     "+1a.tmp\n-a1.tmp\n+Ab\n-AB\n-ab\n+filex\n-file1\n+]y\n+xy\n-dw\n+ew\n+-w\n+]t\n+ s\n"
     "+.p\n-ap\n+v[x\n+vax\n+v:x\n-vbx\n+bu\n-au\n+Fh\n-gh\n"},
    {"escapes, spaces and comments",
     {{".gitignore", "\\#hash\n\\!bang\ntrail   \nesc\\ \n\\*star\nq\\?\n#comment\n"
                     " lead\ntab\t\n"}},
     {NULL},
     "+#hash\n+!bang\n+trail\n-trail \n+esc \n-esc\n+*star\n-xstar\n+q?\n-qa\n-#comment\n"
     "+ lead\n-lead\n-tab\n+tab\t\n"},
    {"patterns that match nothing",
     {{".gitignore", "[unterminated\n[[:nope:]]x\nback\\\n!\n/\nok\n"}},
     {NULL},
     "-[unterminated\n-u\n-ax\n-back\\\n-back\n+ok\n"},
    {"nested files override their parents",
     {{".gitignore", "*.txt\n"},
      {"sub/.gitignore", "!keep.txt\n/local\n"},
      {"sub/deep/.gitignore", "keep.txt\n"}},
     {NULL},
     "+keep.txt\n-sub/keep.txt\n+sub/deep/keep.txt\n+sub/other.txt\n+sub/local\n"
     "-sub/x/local\n-local\n"},
    {"info/exclude and core.excludesFile",
     {{".git/info/exclude", "*.x\n!b.x\n"},
      {"global.ignore", "*.y\n*.x\n*.z\n"},
      {".gitignore", "a.y\n!c.y\n!d.z\n"}},
     {"core.excludesFile global.ignore"},
     "+a.x\n-b.x\n+a.y\n-c.y\n+e.y\n-d.z\n+f.z\n-w\n"},
    {"an include in the config (read by libgit2)",
     {{".git/extra.cfg", "[core]\n\texcludesFile = ~/inc.ignore\n\tignoreCase = yes\n"},
      {"inc.ignore", "*.inc\n"},
      {".gitignore", "*.GI\n"}},
     {"include.path extra.cfg"},
     "+a.inc\n+b.INC\n+c.gi\n-d\n"},
    {"core.ignoreCase",
     {{".gitignore", "*.LOG\nBuild/\n[F]oo\n[a-c]x\n[[:upper:]]u\n"}},
     {"core.ignoreCase true"},
     "+a.log\n+A.LOG\n+build/\n-foo\n-Foo\n+Bx\n+bx\n+au\n"},
    {"dir-only and anchored patterns",
     {{".gitignore", "a/b/\n/c/\nd\n"}},
     {NULL},
     "+a/b/\n-q/a/b/\n+c/\n-c2\n-x/c/\n+d\n+x/d\n"},
    {"byte order mark and CRLF",
     {{".gitignore", "\xef\xbb\xbf" "bom\r\ncr\r\n*.crlf\r\n"}},
     {NULL},
     "+bom\n+cr\n+a.crlf\n-cr\r\n"},
};

/* HOME and the config git reads point into the fixture, for git and for
 * plimsoll alike; `git init` makes the repository. */
static void init_repo(fx_repo *r)
{
    fx_tmpdir(r);
    setenv("HOME", r->dir, 1);
    setenv("XDG_CONFIG_HOME", r->dir, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    unsetenv("GIT_CONFIG_GLOBAL");
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "git init -q '%s' 2>/dev/null", r->dir);
    assert_int_equal(system(cmd), 0);
}

static int have_git(void)
{
    return system("git --version >/dev/null 2>&1") == 0;
}

/* The paths `git check-ignore` says are ignored, NUL-separated in *out. */
static size_t git_ignored(const fx_repo *r, const char *list, size_t list_len, char **out)
{
    char in[] = "/tmp/plimsoll-test-in-XXXXXX", res[] = "/tmp/plimsoll-test-out-XXXXXX";
    int fd = mkstemp(in);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, list, list_len), (ssize_t)list_len);
    close(fd);
    fd = mkstemp(res);
    assert_true(fd >= 0);
    close(fd);
    char cmd[3 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && git check-ignore --no-index -z --stdin <'%s' >'%s'",
             r->dir, in, res);
    int status = system(cmd);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) <= 1);
    size_t len = 0;
    *out = tu_read_file(res, &len);
    unlink(in);
    unlink(res);
    return len;
}

static int in_nul_list(const char *list, size_t len, const char *path)
{
    for (size_t i = 0; i < len; i += strlen(list + i) + 1)
        if (!strcmp(list + i, path))
            return 1;
    return 0;
}

static void run_case(const gi_case *c, int with_git)
{
    fx_repo r;
    init_repo(&r);
    char cmd[2 * PATH_MAX];
    for (size_t i = 0; i < 3 && c->config[i]; i++) {
        const char *sp = strchr(c->config[i], ' ');
        snprintf(cmd, sizeof cmd, "cd '%s' && git config %.*s '%s'", r.dir,
                 (int)(sp - c->config[i]), c->config[i], sp + 1);
        assert_int_equal(system(cmd), 0);
    }
    for (size_t i = 0; i < 6 && c->files[i].path; i++)
        fx_write(&r, c->files[i].path, c->files[i].content);

    /* the work tree, and the list of paths for git */
    char list[4096];
    size_t list_len = 0;
    char line[512];
    for (const char *p = c->paths; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = (size_t)(nl - p);
        memcpy(line, p + 1, n - 1);
        line[n - 1] = '\0';
        p = nl + 1;
        size_t ln = strlen(line);
        if (line[ln - 1] == '/') {
            line[--ln] = '\0';
            fx_mkdirs(&r, line);
        } else {
            char full[PATH_MAX];
            if (access(fx_path(&r, line, full, sizeof full), F_OK) != 0)
                fx_write(&r, line, "");
        }
        memcpy(list + list_len, line, ln + 1);
        list_len += ln + 1;
    }
    char *from_git = NULL;
    size_t git_len = with_git ? git_ignored(&r, list, list_len, &from_git) : 0;

    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, r.dir);
    assert_non_null(g);
    int bad = 0;
    for (const char *p = c->paths; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = (size_t)(nl - p);
        int want = p[0] == '+';
        memcpy(line, p + 1, n - 1);
        line[n - 1] = '\0';
        p = nl + 1;
        size_t ln = strlen(line);
        int is_dir = line[ln - 1] == '/';
        if (is_dir)
            line[--ln] = '\0';
        int ours = pl_git_is_ignored(g, line, 0);
        int ours_told = pl_git_is_ignored(g, line, is_dir);
        int git = with_git ? in_nul_list(from_git, git_len, line) : want;
        if (ours != want || ours_told != want || git != want) {
            print_error("%s: \"%s\": expected %s, plimsoll %d (told %d), git %d\n", c->name,
                        line, want ? "ignored" : "not ignored", ours, ours_told, git);
            bad = 1;
        }
    }
    pl_git_close(g);
    pl_arena_free(a);
    free(from_git);
    fx_cleanup(&r);
    if (bad)
        fail();
}

static void test_table_against_git(void **state)
{
    (void)state;
    int with_git = have_git();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i], with_git);
    if (!with_git)
        skip(); /* the expectations held; git was not there to confirm them */
}

/* ---- laziness ----------------------------------------------------------------- */

static void test_each_file_read_once_and_only_when_reached(void **state)
{
    (void)state;
    fx_repo r;
    init_repo(&r);
    fx_write(&r, ".gitignore", "out/\n");
    fx_write(&r, "a/.gitignore", "*.tmp\n");
    fx_write(&r, "a/b/.gitignore", "!keep.tmp\n");
    fx_write(&r, "out/.gitignore", "!*\n");
    fx_write(&r, "z/.gitignore", "x\n");
    fx_write(&r, ".git/info/exclude", "");
    pl_gitignore_sources src;
    pl_arena *a = pl_arena_new();
    char gitdir[PATH_MAX];
    pl_gitignore_sources_read(a, r.dir, fx_path(&r, ".git", gitdir, sizeof gitdir), &src);
    pl_gitignore *gi = pl_gitignore_new(&src);
    size_t base = pl_gitignore_files_read(gi); /* info/exclude (empty) */
    assert_int_equal(base, 1);
    assert_false(pl_gitignore_is_ignored(gi, "x", 0)); /* reads the root's only */
    assert_int_equal(pl_gitignore_files_read(gi), base + 1);
    assert_true(pl_gitignore_is_ignored(gi, "a/b/c.tmp", 0));
    assert_false(pl_gitignore_is_ignored(gi, "a/b/keep.tmp", 0));
    assert_true(pl_gitignore_is_ignored(gi, "a/d.tmp", 0));
    assert_int_equal(pl_gitignore_files_read(gi), base + 3); /* a/ and a/b/, once each */
    /* below an ignored directory nothing is read, and "!*" there cannot
     * re-include anything */
    assert_true(pl_gitignore_is_ignored(gi, "out/f", 0));
    assert_true(pl_gitignore_is_ignored(gi, "out/deep/f", 0));
    assert_int_equal(pl_gitignore_files_read(gi), base + 3);
    pl_gitignore_free(gi);
    pl_arena_free(a);
    fx_cleanup(&r);
}

/* git does not follow a .gitignore that is a symbolic link in the work
 * tree (info/exclude and core.excludesFile may be links). */
static void test_symlinked_gitignore_is_not_read(void **state)
{
    (void)state;
    fx_repo r;
    init_repo(&r);
    fx_write(&r, "s/real", "x\n");
    fx_write(&r, "s/x", "");
    fx_write(&r, "t/.gitignore", "x\n");
    fx_write(&r, "t/x", "");
    fx_write(&r, "excl", "y\n");
    fx_write(&r, "y", "");
    char link[PATH_MAX], excl[PATH_MAX];
    assert_int_equal(symlink("real", fx_path(&r, "s/.gitignore", link, sizeof link)), 0);
    assert_int_equal(unlink(fx_path(&r, ".git/info/exclude", excl, sizeof excl)), 0);
    assert_int_equal(symlink("../../excl", excl), 0);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, r.dir);
    assert_non_null(g);
    assert_false(pl_git_is_ignored(g, "s/x", 0));
    assert_true(pl_git_is_ignored(g, "t/x", 0));
    assert_true(pl_git_is_ignored(g, "y", 0));
    pl_git_close(g);
    pl_arena_free(a);
    if (have_git()) {
        char cmd[PATH_MAX + 128];
        snprintf(cmd, sizeof cmd, "cd '%s' && git check-ignore -q --no-index s/x 2>/dev/null", r.dir);
        assert_int_not_equal(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "cd '%s' && git check-ignore -q --no-index y", r.dir);
        assert_int_equal(system(cmd), 0);
    }
    fx_cleanup(&r);
}

/* ---- the binary ------------------------------------------------------------------ */

/* A COPY whose source is missing asks whether the source is ignored; the
 * answer comes without loading libgit2 (its start-up dwarfs the check). */
static void test_binary_does_not_load_libgit2(void **state)
{
    (void)state;
    fx_repo r;
    init_repo(&r);
    char bin[PATH_MAX + 32];
    snprintf(bin, sizeof bin, "%s/build/asan/plimsoll", r.home);
    if (access(bin, X_OK) != 0) {
        fx_cleanup(&r);
        skip();
    }
    fx_write(&r, "Dockerfile", "FROM alpine:3.19\nCOPY missing.log /x\nCOPY missing /y\n");
    fx_write(&r, ".gitignore", "*.log\n");
    char cmd[5 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LD_DEBUG=libs '%s' check --no-cache -f json Dockerfile 2>'%s/ld.txt' >'%s/out.json'",
             r.dir, bin, r.dir, r.dir);
    int status = system(cmd);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    char path[PATH_MAX];
    char *ld = tu_read_file(fx_path(&r, "ld.txt", path, sizeof path), NULL);
    char *out = tu_read_file(fx_path(&r, "out.json", path, sizeof path), NULL);
    assert_non_null(ld);
    assert_non_null(out);
    assert_non_null(strstr(ld, "libc.so")); /* LD_DEBUG did report the libraries */
    assert_null(strstr(ld, "libgit2"));
    /* the source git ignores is a build output, not reported; the plainly
     * missing one is */
    assert_non_null(strstr(out, "COPY source `missing` is not in the build context"));
    assert_null(strstr(out, "missing.log"));
    free(ld);
    free(out);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_against_git),
        cmocka_unit_test(test_each_file_read_once_and_only_when_reached),
        cmocka_unit_test(test_symlinked_gitignore_is_not_read),
        cmocka_unit_test(test_binary_does_not_load_libgit2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
