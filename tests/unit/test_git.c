/* test_git.c — the repository module (index table, staged blobs, ignore
 * answers from many threads, paths, $GIT_INDEX_FILE, --changed-since) on
 * real repositories, and the built binary: `plimsoll hook
 * install|uninstall`, the hook it writes run for real, and exit status 2
 * for a bad revision or --staged outside a repository. The repository
 * rules are in test_repo_rules.c. */
#include <pthread.h>
#include <sys/wait.h>

#include "gitfixture.h"

#define BUF 8192

/* ---- the index table ---------------------------------------------------------- */

static void make_index_repo(fx_repo *r)
{
    fx_init(r);
    fx_stage(r, "a/Dockerfile", "FROM x\n");
    fx_stage(r, "a-b/file", "1\n");
    fx_stage(r, "a.b", "2\n");
    fx_stage(r, "a0", "3\n");
    fx_stage(r, "b/c/d.txt", "4\n");
    fx_write(r, "run.sh", "#!/bin/sh\n");
    char path[PATH_MAX];
    assert_int_equal(chmod(fx_path(r, "run.sh", path, sizeof path), 0755), 0);
    fx_add(r, "run.sh");
    assert_int_equal(symlink("a.b", fx_path(r, "ln", path, sizeof path)), 0);
    fx_add(r, "ln");
    fx_stage(r, ".gitignore", "build/\n*.log\n!keep.log\nnodir/\n");
    fx_commit(r, "init", NULL);
    fx_write(r, "u.txt", "untracked\n");
    fx_write(r, "build/x/y.txt", "ignored\n");
    fx_write(r, "debug.log", "ignored\n");
    fx_write(r, "keep.log", "not ignored\n");
}

static void test_index_table(void **state)
{
    (void)state;
    fx_repo r;
    make_index_repo(&r);
    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    assert_non_null(g);
    assert_string_equal(pl_git_workdir(g), r.dir);
    assert_int_equal(strlen(pl_git_head(g)), 7);
    assert_string_equal(pl_git_name(g), strrchr(r.dir, '/') + 1);

    const pl_git_entry *e = pl_git_index_lookup(g, "a/Dockerfile");
    assert_non_null(e);
    assert_string_equal(e->path, "a/Dockerfile");
    assert_int_equal(e->size, 7);
    assert_int_equal(e->mode, PL_GIT_MODE_FILE);
    assert_false(e->conflicted);
    assert_ptr_equal(pl_git_index_lookup(g, "./a/Dockerfile"), e);
    assert_null(pl_git_index_lookup(g, "a"));
    assert_null(pl_git_index_lookup(g, "u.txt"));
    assert_int_equal(pl_git_index_lookup(g, "run.sh")->mode, PL_GIT_MODE_EXECUTABLE);
    assert_int_equal(pl_git_index_lookup(g, "ln")->mode, PL_GIT_MODE_SYMLINK);

    /* "a-b/", "a.b" and "a0" sort around "a/" but are not below it */
    size_t n;
    const pl_git_entry *below = pl_git_index_below(g, "a", &n);
    assert_int_equal(n, 1);
    assert_string_equal(below[0].path, "a/Dockerfile");
    assert_ptr_equal(pl_git_index_below(g, "a/", &n), below);
    assert_int_equal(n, 1);
    below = pl_git_index_below(g, "", &n);
    assert_int_equal(n, 8);
    const char *order[] = {".gitignore", "a-b/file", "a.b", "a/Dockerfile", "a0",
                           "b/c/d.txt", "ln", "run.sh", NULL};
    for (int i = 0; order[i]; i++)
        assert_string_equal(below[i].path, order[i]);
    assert_null(pl_git_index_below(g, "nope", &n));
    assert_int_equal(n, 0);
    assert_true(pl_git_has_tracked_below(g, "b"));
    assert_true(pl_git_has_tracked_below(g, "b/c"));
    assert_true(pl_git_has_tracked_below(g, "a-b"));
    assert_false(pl_git_has_tracked_below(g, "a/Dockerfile"));
    assert_false(pl_git_has_tracked_below(g, "build"));

    const char *data;
    size_t len;
    assert_int_equal(pl_git_index_read(g, e, a, 0, &data, &len), 0);
    assert_string_equal(data, "FROM x\n");
    assert_int_equal(len, 7);
    assert_int_equal(pl_git_index_read(g, e, a, 4, &data, &len), 0);
    assert_string_equal(data, "FROM");
    assert_int_equal(len, 4);
    pl_git_entry fake = *e;
    assert_int_equal(pl_git_index_read(g, &fake, a, 0, &data, &len), -1);
    assert_null(data);

    assert_int_equal(pl_git_state_of(g, "a/Dockerfile"), PL_GIT_TRACKED);
    assert_int_equal(pl_git_state_of(g, "b"), PL_GIT_TRACKED);
    assert_int_equal(pl_git_state_of(g, "u.txt"), PL_GIT_UNTRACKED);
    assert_int_equal(pl_git_state_of(g, "build"), PL_GIT_IGNORED);
    assert_int_equal(pl_git_state_of(g, "build/x/y.txt"), PL_GIT_IGNORED);
    assert_int_equal(pl_git_state_of(g, "debug.log"), PL_GIT_IGNORED);
    assert_int_equal(pl_git_state_of(g, "keep.log"), PL_GIT_UNTRACKED);
    assert_int_equal(pl_git_state_of(g, "not/there.log"), PL_GIT_IGNORED);
    assert_true(pl_git_is_ignored(g, "build", 1));
    assert_true(pl_git_is_ignored(g, "build", 0)); /* a directory in the work tree */
    assert_true(pl_git_is_ignored(g, "build/", 0)); /* asked again: the remembered answer */
    /* `nodir/` names directories only; nothing on disk says it is one */
    assert_false(pl_git_is_ignored(g, "nodir", 0));
    assert_true(pl_git_is_ignored(g, "nodir", 1));
    assert_int_equal(pl_git_state_of(g, "nodir"), PL_GIT_UNTRACKED);
    assert_int_equal(pl_git_state_of(g, "nodir/x"), PL_GIT_IGNORED);
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_origin_names_the_repository(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    /* set in the config: git_remote_create leaks in libgit2 1.5 */
    git_config *cfg;
    fx_check(git_repository_config(&cfg, r.repo), "config");
    fx_check(git_config_set_string(cfg, "remote.origin.url", "git@github.com:acme/widgets.git"), "remote");
    git_config_free(cfg);
    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    assert_string_equal(pl_git_name(g), "acme/widgets");
    assert_null(pl_git_head(g)); /* unborn branch */
    size_t n;
    assert_null(pl_git_index_below(g, "", &n));
    assert_int_equal(n, 0);
    assert_int_equal(pl_git_state_of(g, "anything"), PL_GIT_UNTRACKED);
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_staged_content_not_work_tree(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM a:1\n");
    fx_commit(&r, "init", NULL);
    fx_stage(&r, "Dockerfile", "FROM a:22\n");
    fx_write(&r, "Dockerfile", "FROM a:333\n");
    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, "Dockerfile"); /* opened from a file */
    assert_non_null(g);
    const pl_git_entry *e = pl_git_index_lookup(g, "Dockerfile");
    assert_int_equal(e->size, 10);
    const char *data;
    size_t len;
    assert_int_equal(pl_git_index_read(g, e, a, 0, &data, &len), 0);
    assert_string_equal(data, "FROM a:22\n");
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

static git_oid blob_of(fx_repo *r, const char *text)
{
    git_oid id;
    fx_check(git_blob_create_from_buffer(&id, r->repo, text, strlen(text)), "blob");
    return id;
}

static void test_conflict_and_intent_to_add(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM a\n");
    git_index *idx;
    fx_check(git_repository_index(&idx, r.repo), "index");
    git_index_entry base = {0}, ours = {0}, theirs = {0};
    base.mode = ours.mode = theirs.mode = GIT_FILEMODE_BLOB;
    base.path = ours.path = theirs.path = "c.txt";
    base.id = blob_of(&r, "base\n");
    ours.id = blob_of(&r, "ours\n");
    theirs.id = blob_of(&r, "theirs\n");
    fx_check(git_index_conflict_add(idx, &base, &ours, &theirs), "conflict");
    git_index_entry ita = {0};
    ita.mode = GIT_FILEMODE_BLOB;
    ita.path = "later.txt";
    ita.id = blob_of(&r, "");
    ita.flags_extended = GIT_INDEX_ENTRY_INTENT_TO_ADD;
    fx_check(git_index_add(idx, &ita), "intent to add");
    fx_check(git_index_write(idx), "write");
    git_index_free(idx);

    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    size_t n;
    pl_git_index_below(g, "", &n);
    assert_int_equal(n, 3); /* the conflict is one path */
    const pl_git_entry *c = pl_git_index_lookup(g, "c.txt");
    assert_true(c->conflicted);
    const char *data;
    size_t len;
    assert_int_equal(pl_git_index_read(g, c, a, 0, &data, &len), 0);
    assert_string_equal(data, "ours\n");
    assert_true(pl_git_index_lookup(g, "later.txt")->intent_to_add);
    assert_false(pl_git_index_lookup(g, "Dockerfile")->intent_to_add);
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_paths_relative_to_the_current_directory(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_write(&r, "sub/deeper/f", "x\n");
    fx_cd(&r, "sub");
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    assert_string_equal(pl_git_display_path(a, g, "x/y"), "../x/y");
    assert_string_equal(pl_git_display_path(a, g, "sub/z"), "z");
    assert_string_equal(pl_git_display_path(a, g, "sub/deeper/f"), "deeper/f");
    assert_string_equal(pl_git_display_path(a, g, "sub"), ".");
    assert_string_equal(pl_git_display_path(a, g, ""), "..");
    assert_string_equal(pl_git_display_path(a, g, "subway/f"), "../subway/f");
    assert_string_equal(pl_git_display_path(a, g, "su"), "../su");
    assert_string_equal(pl_git_relpath_of(a, g, "../x"), "x");
    assert_string_equal(pl_git_relpath_of(a, g, "nope/./a/../b/"), "sub/nope/b");
    assert_string_equal(pl_git_relpath_of(a, g, "deeper/f"), "sub/deeper/f");
    assert_string_equal(pl_git_relpath_of(a, g, ".."), "");
    assert_null(pl_git_relpath_of(a, g, "/"));
    assert_null(pl_git_relpath_of(a, g, "../../.."));
    pl_git_close(g);

    fx_cd(&r, "sub/deeper");
    g = pl_git_open(a, ".");
    assert_string_equal(pl_git_display_path(a, g, "x"), "../../x");
    assert_string_equal(pl_git_display_path(a, g, "sub/y"), "../y");
    pl_git_close(g);

    char parent[PATH_MAX];
    strcpy(parent, r.dir);
    *strrchr(parent, '/') = '\0';
    assert_int_equal(chdir(parent), 0);
    g = pl_git_open(a, r.dir);
    const char *name = strrchr(r.dir, '/') + 1;
    char want[PATH_MAX + 8];
    snprintf(want, sizeof want, "%s/x", name);
    assert_string_equal(pl_git_display_path(a, g, "x"), want);
    assert_string_equal(pl_git_display_path(a, g, ""), name);
    pl_git_close(g);

    assert_int_equal(chdir("/proc"), 0); /* the repository lies elsewhere */
    g = pl_git_open(a, r.dir);
    snprintf(want, sizeof want, "%s/x", r.dir);
    assert_string_equal(pl_git_display_path(a, g, "x"), want);
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

/* ---- many threads asking at once -------------------------------------------------- */

#define NPATHS 240
#define NTHREADS 8

typedef struct {
    pl_git *g;
    const char **paths;
    pl_git_state want[NPATHS];
    int mismatches;
    int seed;
} ask_job;

static void *ask(void *arg)
{
    ask_job *j = arg;
    for (int round = 0; round < 20; round++)
        for (int k = 0; k < NPATHS; k++) {
            int i = (k * 7 + j->seed + round) % NPATHS;
            if (pl_git_state_of(j->g, j->paths[i]) != j->want[i])
                j->mismatches++;
        }
    return NULL;
}

static void test_state_from_many_threads(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".gitignore", "*.tmp\ncache/\n");
    static char names[NPATHS][64];
    static const char *paths[NPATHS];
    for (int i = 0; i < NPATHS; i++) {
        static const char *const forms[] = {"src/m%d/file.c", "src/m%d/x.tmp", "cache/%d/y",
                                            "docs/%d.md"};
        snprintf(names[i], sizeof names[i], forms[i % 4], i);
        paths[i] = names[i];
        if (i % 4 == 0)
            fx_stage(&r, names[i], "x\n");
        else if (i % 4 == 3)
            fx_write(&r, names[i], "x\n");
    }
    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    ask_job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (ask_job){.g = g, .paths = paths, .seed = t * 31};
        for (int i = 0; i < NPATHS; i++)
            jobs[t].want[i] = i % 4 == 0 ? PL_GIT_TRACKED : i % 4 == 3 ? PL_GIT_UNTRACKED : PL_GIT_IGNORED;
    }
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, ask, &jobs[t]), 0);
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(jobs[t].mismatches, 0);
    }
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

/* ---- $GIT_INDEX_FILE and --changed-since ----------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = tu_read_file(from, &len);
    assert_non_null(data);
    FILE *fp = fopen(to, "wb");
    assert_non_null(fp);
    fwrite(data, 1, len, fp);
    fclose(fp);
    free(data);
}

static void test_git_index_file_is_honoured(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "Dockerfile", "FROM a\n");
    fx_stage(&r, "alt/Dockerfile", "FROM alt\n");
    char index[PATH_MAX], alt[PATH_MAX];
    copy_file(fx_path(&r, ".git/index", index, sizeof index), fx_path(&r, ".git/alt-index", alt, sizeof alt));
    fx_unstage(&r, "alt/Dockerfile");
    fx_cd(&r, NULL);

    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    assert_false(pl_git_is_tracked(g, "alt/Dockerfile"));
    pl_git_close(g);

    setenv("GIT_INDEX_FILE", alt, 1);
    g = pl_git_open(a, ".");
    unsetenv("GIT_INDEX_FILE");
    const pl_git_entry *e = pl_git_index_lookup(g, "alt/Dockerfile");
    assert_non_null(e);
    const char *data;
    size_t len;
    assert_int_equal(pl_git_index_read(g, e, a, 0, &data, &len), 0);
    assert_string_equal(data, "FROM alt\n");
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_changed_paths(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, "a/Dockerfile", "FROM a\n");
    fx_stage(&r, "a/keep", "k\n");
    fx_stage(&r, "b/Dockerfile", "FROM b\n");
    fx_stage(&r, ".gitignore", "*.log\n");
    char first[41];
    fx_commit(&r, "first", first);
    fx_write(&r, "a/Dockerfile", "FROM a:2\n");
    fx_write(&r, "a/new/Dockerfile", "FROM n\n");
    fx_write(&r, "fresh/deep/x", "x\n");
    fx_write(&r, "debug.log", "ignored\n");
    fx_cd(&r, NULL);
    pl_arena *a = pl_arena_new();
    pl_git *g = pl_git_open(a, ".");
    assert_true(pl_git_is_changed(g, "b/Dockerfile")); /* no revision given: all count */
    const char *err = NULL;
    assert_int_equal(pl_git_set_changed_since(g, first, 0, &err), 0);
    assert_true(pl_git_is_changed(g, "a/Dockerfile"));
    assert_false(pl_git_is_changed(g, "a/keep"));
    assert_false(pl_git_is_changed(g, "b/Dockerfile"));
    assert_true(pl_git_is_changed(g, "a/new/Dockerfile"));
    assert_true(pl_git_is_changed(g, "fresh/deep/x"));
    assert_false(pl_git_is_changed(g, "fresh"));
    assert_false(pl_git_is_changed(g, "debug.log"));
    assert_false(pl_git_is_changed(g, "a/ne"));
    pl_git_close(g);

    g = pl_git_open(a, ".");
    assert_int_equal(pl_git_set_changed_since(g, "HEAD", 1, &err), 0);
    assert_false(pl_git_is_changed(g, "a/Dockerfile")); /* not staged */
    assert_false(pl_git_is_changed(g, "a/new/Dockerfile"));
    assert_int_equal(pl_git_set_changed_since(g, "HEAD~3", 1, &err), -1);
    assert_string_equal(err, "--changed-since: unknown revision 'HEAD~3'");
    pl_git_close(g);
    pl_arena_free(a);
    fx_cleanup(&r);
}

/* ---- the binary --------------------------------------------------------------------- */

static int have_binary(const fx_repo *r)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/build/asan/plimsoll", r->home);
    return access(path, X_OK) == 0;
}

/* Runs a shell command in the repository with the built plimsoll first on
 * PATH and no user git config; its output (both streams) goes to `out`. */
static int sh(const fx_repo *r, const char *command, char *out, size_t cap)
{
    char log[] = "/tmp/plimsoll-test-out-XXXXXX";
    int fd = mkstemp(log);
    assert_true(fd >= 0);
    close(fd);
    char cmd[3 * PATH_MAX + 1024];
    int len = snprintf(cmd, sizeof cmd,
             "cd '%s' && HOME='%s' XDG_CONFIG_HOME='%s' GIT_CONFIG_NOSYSTEM=1 "
             "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
             "GIT_COMMITTER_EMAIL=t@example.com PATH='%s/build/asan':\"$PATH\" %s >'%s' 2>&1",
             r->dir, r->dir, r->dir, r->home, command, log);
    assert_true(len > 0 && (size_t)len < sizeof cmd);
    int status = system(cmd);
    char *text = tu_read_file(log, NULL);
    snprintf(out, cap, "%s", text ? text : "");
    free(text);
    unlink(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *hook_text(const fx_repo *r, const char *rel)
{
    char path[PATH_MAX];
    return tu_read_file(fx_path(r, rel, path, sizeof path), NULL);
}

static void test_hook_install_and_uninstall(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    if (!have_binary(&r)) {
        fx_cleanup(&r);
        skip();
    }
    char out[BUF];
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 0);
    char expect[PATH_MAX + 64];
    snprintf(expect, sizeof expect, "installed %s/.git/hooks/pre-commit\n", r.dir);
    assert_string_equal(out, expect);
    char *text = hook_text(&r, ".git/hooks/pre-commit");
    assert_non_null(strstr(text, "# installed by plimsoll hook install\n"));
    assert_non_null(strstr(text, "exec plimsoll check --staged --quiet\n"));
    free(text);
    struct stat st;
    char path[PATH_MAX];
    assert_int_equal(stat(fx_path(&r, ".git/hooks/pre-commit", path, sizeof path), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0755);

    /* its own hook is replaced */
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 0);
    snprintf(expect, sizeof expect, "replaced %s/.git/hooks/pre-commit\n", r.dir);
    assert_string_equal(out, expect);

    /* someone else's is not, unless forced; uninstall never removes it */
    fx_write(&r, ".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 2);
    assert_non_null(strstr(out, "was not installed by plimsoll; use --force to replace it"));
    text = hook_text(&r, ".git/hooks/pre-commit");
    assert_string_equal(text, "#!/bin/sh\necho mine\n");
    free(text);
    assert_int_equal(sh(&r, "plimsoll hook uninstall", out, sizeof out), 2);
    assert_non_null(strstr(out, "was not installed by plimsoll; left in place"));
    text = hook_text(&r, ".git/hooks/pre-commit");
    assert_string_equal(text, "#!/bin/sh\necho mine\n");
    free(text);
    assert_int_equal(sh(&r, "plimsoll hook install --force", out, sizeof out), 0);
    text = hook_text(&r, ".git/hooks/pre-commit");
    assert_non_null(strstr(text, "# installed by plimsoll hook install\n"));
    free(text);

    assert_int_equal(sh(&r, "plimsoll hook uninstall", out, sizeof out), 0);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(sh(&r, "plimsoll hook uninstall", out, sizeof out), 0);
    assert_string_equal(out, "no pre-commit hook installed\n");

    assert_int_equal(sh(&r, "plimsoll hook", out, sizeof out), 2);
    assert_int_equal(sh(&r, "plimsoll hook install --bogus", out, sizeof out), 2);

    /* core.hooksPath is where git looks */
    git_config *cfg;
    fx_check(git_repository_config(&cfg, r.repo), "config");
    fx_check(git_config_set_string(cfg, "core.hooksPath", ".githooks"), "hooksPath");
    git_config_free(cfg);
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 0);
    text = hook_text(&r, ".githooks/pre-commit");
    assert_non_null(text);
    free(text);
    fx_cleanup(&r);

    fx_tmpdir(&r);
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 2);
    assert_string_equal(out, "plimsoll hook: not inside a git working tree\n");
    fx_cleanup(&r);
}

static const char sudo_df[] = "FROM alpine:3.20\nRUN sudo ls\n";
static const char plain_df[] = "FROM alpine:3.20\nRUN ls\n";


static void test_hook_checks_what_is_staged(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    if (!have_binary(&r)) {
        fx_cleanup(&r);
        skip();
    }
    char out[BUF];
    fx_stage(&r, ".plimsoll.yaml", "preset: strict\nignore: [shellcheck]\nfailure-threshold: error\n");
    fx_stage(&r, "Dockerfile", plain_df);
    fx_commit(&r, "init", NULL);
    assert_int_equal(sh(&r, "plimsoll hook install", out, sizeof out), 0);

    /* staged: sudo; work tree: clean -> the hook fails */
    fx_stage(&r, "Dockerfile", sudo_df);
    fx_write(&r, "Dockerfile", plain_df);
    assert_int_equal(sh(&r, "sh .git/hooks/pre-commit", out, sizeof out), 1);
    assert_non_null(strstr(out, "Dockerfile:2:"));
    assert_non_null(strstr(out, "PL1012 sudo"));
    /* staged: clean; work tree: sudo -> it passes */
    fx_stage(&r, "Dockerfile", "FROM alpine:3.20\nRUN ls -l\n");
    fx_write(&r, "Dockerfile", sudo_df);
    assert_int_equal(sh(&r, "sh .git/hooks/pre-commit", out, sizeof out), 0);
    assert_null(strstr(out, "PL1012"));

    /* through git itself, when it is installed: `commit -a` stages the work
     * tree into a temporary index ($GIT_INDEX_FILE) before the hook runs */
    if (sh(&r, "git --version", out, sizeof out) == 0) {
        assert_int_equal(sh(&r, "git commit -q -m ok", out, sizeof out), 0);
        assert_int_equal(sh(&r, "git commit -q -a -m bad", out, sizeof out), 1);
        assert_non_null(strstr(out, "PL1012 sudo"));
        assert_int_equal(sh(&r, "git status --porcelain", out, sizeof out), 0);
        assert_string_equal(out, " M Dockerfile\n");
    }
    fx_cleanup(&r);
}

static void test_cli_errors_exit_2(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    if (!have_binary(&r)) {
        fx_cleanup(&r);
        skip();
    }
    fx_stage(&r, "Dockerfile", plain_df);
    fx_commit(&r, "init", NULL);
    char out[BUF];
    assert_int_equal(sh(&r, "plimsoll --changed-since nope", out, sizeof out), 2);
    assert_string_equal(out, "plimsoll: --changed-since: unknown revision 'nope'\n");
    assert_int_equal(sh(&r, "plimsoll --staged -q --failure-threshold error", out, sizeof out), 0);
    assert_int_equal(sh(&r, "plimsoll --changed-since HEAD -q --failure-threshold error", out, sizeof out), 0);
    fx_cleanup(&r);

    fx_tmpdir(&r);
    assert_int_equal(sh(&r, "plimsoll --staged", out, sizeof out), 2);
    assert_string_equal(out, "plimsoll: --staged needs a git repository (none at .)\n");
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_table),
        cmocka_unit_test(test_origin_names_the_repository),
        cmocka_unit_test(test_staged_content_not_work_tree),
        cmocka_unit_test(test_conflict_and_intent_to_add),
        cmocka_unit_test(test_paths_relative_to_the_current_directory),
        cmocka_unit_test(test_state_from_many_threads),
        cmocka_unit_test(test_git_index_file_is_honoured),
        cmocka_unit_test(test_changed_paths),
        cmocka_unit_test(test_hook_install_and_uninstall),
        cmocka_unit_test(test_hook_checks_what_is_staged),
        cmocka_unit_test(test_cli_errors_exit_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
