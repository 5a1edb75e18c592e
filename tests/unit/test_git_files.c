/* test_git_files.c — the repository read from its files (src/discover/
 * git_files.c) says what libgit2 says: location, HEAD (loose and packed),
 * origin, linked worktrees, index versions 2 to 4 with conflicts and
 * intent-to-add entries; and it leaves to libgit2 what it does not follow
 * (core.worktree, include, a split index), also when the user's config
 * says it. Repositories are made with the
 * git command (skipped when it is missing). */
#include <sys/wait.h>

#include "gitfixture.h"

#include "../../src/discover/git_files.h"

static int have_git(void)
{
    return system("git --version >/dev/null 2>&1") == 0;
}

/* Runs `command` in `dir` with a clean git environment; returns its status. */
static int sh(const char *dir, const char *command)
{
    char cmd[2 * PATH_MAX + 2048];
    int len = snprintf(cmd, sizeof cmd,
                       "cd '%s' && HOME='%s' XDG_CONFIG_HOME='%s' GIT_CONFIG_NOSYSTEM=1 "
                       "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
                       "GIT_COMMITTER_EMAIL=t@example.com sh -e -c '%s' >/dev/null 2>&1",
                       dir, dir, dir, command);
    assert_true(len > 0 && (size_t)len < sizeof cmd);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A repository made by git: three commits on main, an origin, files of
 * each kind, an intent-to-add path and a merge conflict in the index. */
static void make_repo(fx_repo *r)
{
    fx_tmpdir(r);
    git_libgit2_init();
    static const int levels[] = {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
                                 GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "/nonexistent-plimsoll-config");
    assert_int_equal(
        sh(r->dir, "git init -q -b main . && git remote add origin git@example.com:acme/shop.git && "
                   "mkdir -p a/b && echo x >a/b/Dockerfile && echo y >a.b && echo z >a0 && "
                   "printf \"#!/bin/sh\\n\" >run.sh && chmod +x run.sh && ln -s a.b ln && "
                   "git add -A && git commit -qm one && echo 1 >c.txt && git add c.txt && "
                   "git commit -qm two && git checkout -qb side && echo side >c.txt && "
                   "git commit -qam side && git checkout -q main && echo main >c.txt && "
                   "git commit -qam three && (git merge -q side || true) && "
                   "echo new >n.txt && git add -N n.txt"),
        0);
}

/* What libgit2 reads of the repository at `path`. */
static void libgit2_view(const char *path, char *workdir, char *head, char *origin)
{
    git_repository *repo;
    fx_check(git_repository_open_ext(&repo, path, 0, NULL), "open");
    snprintf(workdir, PATH_MAX, "%s", git_repository_workdir(repo));
    size_t n = strlen(workdir);
    if (n > 1 && workdir[n - 1] == '/')
        workdir[n - 1] = '\0';
    git_oid oid;
    head[0] = '\0';
    if (git_reference_name_to_id(&oid, repo, "HEAD") == 0)
        git_oid_tostr(head, 41, &oid);
    git_config *cfg;
    const char *url = NULL;
    origin[0] = '\0';
    fx_check(git_repository_config_snapshot(&cfg, repo), "config");
    if (git_config_get_string(&url, cfg, "remote.origin.url") == 0)
        snprintf(origin, 256, "%s", url);
    git_config_free(cfg);
    git_repository_free(repo);
}

static void assert_same_as_libgit2(const char *path)
{
    char workdir[PATH_MAX], head[41], origin[256];
    libgit2_view(path, workdir, head, origin);
    pl_arena *a = pl_arena_new();
    pl_gitf_repo found;
    assert_int_equal(pl_gitf_find(a, path, &found, NULL), PL_GITF_FOUND);
    assert_string_equal(found.workdir, workdir);
    assert_string_equal(found.head, head);
    assert_string_equal(found.origin_url ? found.origin_url : "", origin);
    pl_arena_free(a);
}

/* The entries of the index file equal libgit2's, in libgit2's order
 * (paths, then stages). */
static void assert_index_as_libgit2(const fx_repo *r, size_t expect_min)
{
    char file[PATH_MAX];
    fx_path(r, ".git/index", file, sizeof file);
    pl_gitf_index ix;
    assert_int_equal(pl_gitf_read_index(file, &ix), 0);
    const pl_gitf_entry *e = ix.entries;
    size_t n = ix.n;
    git_index *idx;
    fx_check(git_index_open(&idx, file), "index");
    assert_int_equal(n, git_index_entrycount(idx));
    assert_true(n >= expect_min);
    int conflicts = 0, intents = 0;
    for (size_t i = 0; i < n; i++) {
        const git_index_entry *g = git_index_get_byindex(idx, i);
        assert_string_equal(e[i].path, g->path);
        assert_int_equal(e[i].mode, g->mode);
        assert_int_equal(e[i].size, g->file_size);
        assert_int_equal(e[i].stage, git_index_entry_stage(g));
        assert_int_equal(e[i].intent_to_add,
                         (g->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) != 0);
        assert_memory_equal(e[i].oid, g->id.id, 20);
        conflicts += e[i].stage != 0;
        intents += e[i].intent_to_add;
    }
    assert_int_equal(conflicts, 3); /* c.txt: base, ours, theirs */
    assert_int_equal(intents, 1);
    git_index_free(idx);
    pl_gitf_index_free(&ix);
}

static void test_repository_as_libgit2_reads_it(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo r;
    make_repo(&r);
    char sub[PATH_MAX];
    assert_same_as_libgit2(r.dir);
    assert_same_as_libgit2(fx_path(&r, "a/b", sub, sizeof sub));
    assert_same_as_libgit2(fx_path(&r, "a/b/Dockerfile", sub, sizeof sub));
    /* the branch only in packed-refs, then a detached HEAD */
    assert_int_equal(sh(r.dir, "git pack-refs --all --prune"), 0);
    assert_same_as_libgit2(r.dir);
    assert_int_equal(sh(r.dir, "git rm -q --cached n.txt && git merge --abort && "
                               "git checkout -q --detach side"),
                     0);
    assert_same_as_libgit2(r.dir);
    /* an unborn branch */
    assert_int_equal(sh(r.dir, "git symbolic-ref HEAD refs/heads/none"), 0);
    assert_same_as_libgit2(r.dir);
    pl_arena *a = pl_arena_new();
    pl_gitf_repo found;
    assert_int_equal(pl_gitf_find(a, r.dir, &found, NULL), PL_GITF_FOUND);
    assert_string_equal(found.head, "");
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_index_versions(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo r;
    make_repo(&r);
    static const char *const versions[] = {"git update-index --index-version 2",
                                           "git update-index --index-version 3",
                                           "git update-index --index-version 4"};
    for (size_t i = 0; i < 3; i++) {
        if (i != 0)
            assert_int_equal(sh(r.dir, versions[i]), 0);
        assert_index_as_libgit2(&r, 8);
    }
    /* a split index changes what the entries mean: libgit2 reads it */
    assert_int_equal(sh(r.dir, "git update-index --split-index"), 0);
    char file[PATH_MAX];
    pl_gitf_index ix;
    assert_int_equal(pl_gitf_read_index(fx_path(&r, ".git/index", file, sizeof file), &ix),
                     PL_GITF_ASK_LIBGIT2);
    /* no index yet: empty */
    assert_int_equal(pl_gitf_read_index(fx_path(&r, ".git/none", file, sizeof file), &ix), 0);
    assert_int_equal(ix.n, 0);
    pl_gitf_index_free(&ix);
    fx_cleanup(&r);
}

static void test_linked_worktree(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo r;
    make_repo(&r);
    assert_int_equal(sh(r.dir, "git rm -q --cached n.txt && git merge --abort && "
                               "git worktree add -q wt side"), 0);
    char wt[PATH_MAX], sub[PATH_MAX];
    fx_path(&r, "wt", wt, sizeof wt);
    assert_same_as_libgit2(wt);
    assert_same_as_libgit2(fx_path(&r, "wt/a/b", sub, sizeof sub));
    pl_arena *a = pl_arena_new();
    pl_gitf_repo found;
    assert_int_equal(pl_gitf_find(a, wt, &found, NULL), PL_GITF_FOUND);
    assert_string_equal(found.workdir, wt);
    assert_non_null(strstr(found.gitdir, "/.git/worktrees/wt"));
    pl_arena_free(a);
    fx_cleanup(&r);
}

static void test_left_to_libgit2(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo r;
    make_repo(&r);
    pl_arena *a = pl_arena_new();
    pl_gitf_repo found;
    char path[PATH_MAX];
    /* nothing above a directory outside any repository */
    fx_repo none;
    fx_tmpdir(&none);
    assert_int_equal(pl_gitf_find(a, none.dir, &found, NULL), PL_GITF_NONE);
    nftw(none.dir, fx_rm_entry, 32, FTW_DEPTH | FTW_PHYS);
    /* a path that does not exist: libgit2 opens nothing either */
    assert_int_equal(pl_gitf_find(a, fx_path(&r, "missing/x", path, sizeof path), &found, NULL),
                     PL_GITF_NONE);
    static const char *const setups[] = {
        "git config core.worktree /elsewhere",
        "git config include.path other.cfg",
        "git config core.bare true",
        "git config extensions.worktreeConfig true",
        "printf \"[remote.origin]\\n\\turl = x\\n\" >>.git/config",
        "printf \"[remote \\\"origin\\\"]\\n\\turl = \\\"quoted\\\"\\n\" >>.git/config",
    };
    for (size_t i = 0; i < sizeof setups / sizeof setups[0]; i++) {
        assert_int_equal(sh(r.dir, "cp .git/config .git/config.orig"), 0);
        assert_int_equal(sh(r.dir, setups[i]), 0);
        if (pl_gitf_find(a, r.dir, &found, NULL) != PL_GITF_ASK_LIBGIT2)
            fail_msg("not left to libgit2: %s", setups[i]);
        assert_int_equal(sh(r.dir, "mv .git/config.orig .git/config"), 0);
    }
    assert_int_equal(pl_gitf_find(a, r.dir, &found, NULL), PL_GITF_FOUND);
    assert_string_equal(found.origin_url, "git@example.com:acme/shop.git");
    pl_arena_free(a);
    fx_cleanup(&r);
}

/* The user's config sends a repository to libgit2 only for what could
 * change how its config is read: an include, the origin, core.worktree,
 * core.bare, the format; not a word like "remote" or "worktree" in some
 * other key or value (`push.autoSetupRemote`, an alias). */
static void test_global_config_keys_that_matter(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo r;
    make_repo(&r);
    fx_repo home;
    fx_tmpdir(&home);
    const char *saved = getenv("HOME");
    char *old_home = saved ? strdup(saved) : NULL;
    const char *saved_xdg = getenv("XDG_CONFIG_HOME");
    char *old_xdg = saved_xdg ? strdup(saved_xdg) : NULL;
    setenv("HOME", home.dir, 1);
    setenv("XDG_CONFIG_HOME", home.dir, 1);
    pl_arena *a = pl_arena_new();
    pl_gitf_repo found;
    static const struct {
        const char *text;
        int how;
    } configs[] = {
        {"[push]\n\tautoSetupRemote = true\n[alias]\n\twt = worktree list\n"
         "[core]\n\texcludesFile = ~/bare.ignore\n[remote \"upstream\"]\n\turl = x\n",
         PL_GITF_FOUND},
        {"[include]\n\tpath = ~/more.cfg\n", PL_GITF_ASK_LIBGIT2},
        {"[includeIf \"gitdir:~/work/\"]\n\tpath = work.cfg\n", PL_GITF_ASK_LIBGIT2},
        {"[remote \"origin\"]\n\turl = x\n", PL_GITF_ASK_LIBGIT2},
        {"[remote.origin]\n\tfetch = y\n", PL_GITF_ASK_LIBGIT2},
        {"[CORE]\n\tBare\n", PL_GITF_ASK_LIBGIT2},
        {"[core]\n\tworktree = /elsewhere\n", PL_GITF_ASK_LIBGIT2},
        {"[extensions]\n\tobjectFormat = sha256\n", PL_GITF_ASK_LIBGIT2},
        {"[user\n\tname = broken\n", PL_GITF_ASK_LIBGIT2},
    };
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        fx_write(&home, ".gitconfig", configs[i].text);
        if (pl_gitf_find(a, r.dir, &found, NULL) != configs[i].how)
            fail_msg("global config %s: expected %d", configs[i].text, configs[i].how);
    }
    /* the XDG config file is read too */
    fx_write(&home, ".gitconfig", "");
    fx_write(&home, "git/config", "[include]\n\tpath = x\n");
    assert_int_equal(pl_gitf_find(a, r.dir, &found, NULL), PL_GITF_ASK_LIBGIT2);
    fx_write(&home, "git/config", "");
    assert_int_equal(pl_gitf_find(a, r.dir, &found, NULL), PL_GITF_FOUND);
    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    if (old_xdg)
        setenv("XDG_CONFIG_HOME", old_xdg, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    free(old_home);
    free(old_xdg);
    pl_arena_free(a);
    nftw(home.dir, fx_rm_entry, 32, FTW_DEPTH | FTW_PHYS);
    fx_cleanup(&r);
}

/* One version-4 entry: the path is the previous one less `strip` bytes,
 * then `suffix`. */
static size_t v4_entry(unsigned char *out, unsigned strip, const char *suffix)
{
    memset(out, 0, 62);
    out[24] = 0x00, out[25] = 0x00, out[26] = 0x81, out[27] = 0xa4; /* 0100644 */
    out[39] = 1;                                                     /* size */
    for (int i = 0; i < 20; i++)
        out[40 + i] = (unsigned char)i;
    size_t n = 62;
    out[n++] = (unsigned char)strip; /* < 128: one byte */
    size_t len = strlen(suffix) + 1;
    memcpy(out + n, suffix, len);
    return n + len;
}

/* Rebuilt paths may hold more bytes than the whole file. */
/* The directories a walk passed without finding a repository are
 * remembered, every one of them, also when the walk ended at a directory
 * remembered before: a repository made there later is not looked for
 * again (a run asks once per directory). */
static void test_misses_remember_every_directory_passed(void **state)
{
    (void)state;
    if (!have_git())
        skip();
    fx_repo t;
    fx_tmpdir(&t);
    fx_write(&t, "x/a/Dockerfile", "FROM scratch\n");
    fx_write(&t, "x/y/w/Dockerfile", "FROM scratch\n");
    fx_write(&t, "x/y/v/Dockerfile", "FROM scratch\n");
    pl_arena *a = pl_arena_new();
    pl_git_misses *m = pl_git_misses_new(a);
    pl_gitf_repo found;
    char path[PATH_MAX];
    /* up to "/" */
    assert_int_equal(pl_gitf_find(a, fx_path(&t, "x/a/Dockerfile", path, sizeof path), &found, m),
                     PL_GITF_NONE);
    /* up to x, known from the walk before: w and y are remembered too */
    assert_int_equal(pl_gitf_find(a, fx_path(&t, "x/y/w/Dockerfile", path, sizeof path), &found, m),
                     PL_GITF_NONE);
    assert_int_equal(sh(fx_path(&t, "x/y", path, sizeof path), "git init -q"), 0);
    assert_int_equal(pl_gitf_find(a, fx_path(&t, "x/y/v/Dockerfile", path, sizeof path), &found, m),
                     PL_GITF_NONE);
    /* asked afresh, the repository is there */
    assert_int_equal(pl_gitf_find(a, fx_path(&t, "x/y/v/Dockerfile", path, sizeof path), &found, NULL),
                     PL_GITF_FOUND);
    pl_arena_free(a);
    nftw(t.dir, fx_rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void test_index_v4_names_longer_than_the_file(void **state)
{
    (void)state;
    static unsigned char d[1024];
    char longname[201];
    memset(longname, 'a', 200);
    longname[200] = '\0';
    memcpy(d, "DIRC\0\0\0\4\0\0\0\3", 12);
    size_t n = 12;
    n += v4_entry(d + n, 0, longname);
    n += v4_entry(d + n, 0, "/b");
    n += v4_entry(d + n, 1, "c");
    n += 20; /* the checksum, not verified */
    pl_gitf_index ix;
    assert_int_equal(pl_gitf_parse_index(d, n, &ix), 0);
    assert_int_equal(ix.n, 3);
    assert_string_equal(ix.entries[0].path, longname);
    char want[210];
    snprintf(want, sizeof want, "%s/b", longname);
    assert_string_equal(ix.entries[1].path, want);
    snprintf(want, sizeof want, "%s/c", longname);
    assert_string_equal(ix.entries[2].path, want);
    assert_int_equal(ix.entries[2].mode, 0100644);
    assert_int_equal(ix.entries[2].size, 1);
    pl_gitf_index_free(&ix);
    /* a strip longer than the previous path is not an index */
    n = 12;
    n += v4_entry(d + n, 0, "x");
    n += v4_entry(d + n, 5, "y");
    n += v4_entry(d + n, 0, "z");
    n += 20;
    assert_int_equal(pl_gitf_parse_index(d, n, &ix), PL_GITF_ASK_LIBGIT2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repository_as_libgit2_reads_it),
        cmocka_unit_test(test_index_versions),
        cmocka_unit_test(test_linked_worktree),
        cmocka_unit_test(test_misses_remember_every_directory_passed),
        cmocka_unit_test(test_left_to_libgit2),
        cmocka_unit_test(test_global_config_keys_that_matter),
        cmocka_unit_test(test_index_v4_names_longer_than_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
