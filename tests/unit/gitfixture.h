/* gitfixture.h — real git repositories for the unit tests: made with
 * libgit2 in a fresh temporary directory (init, write, stage, commit,
 * unstage), plus a one-call plimsoll run over them and a compact listing of
 * what it found. Included by test_git.c and test_discover.c. */
#ifndef PLIMSOLL_GITFIXTURE_H
#define PLIMSOLL_GITFIXTURE_H

#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <unistd.h>

#include "testutil.h"
#include "plimsoll/discover.h"
#include "plimsoll/engine.h"
#include "plimsoll/git.h"
#include "plimsoll/workspace.h"

typedef struct {
    char dir[PATH_MAX];  /* the working directory (realpath) */
    char home[PATH_MAX]; /* where the test started: the project's root */
    git_repository *repo;
} fx_repo;

static inline void fx_check(int rc, const char *what)
{
    if (rc != 0) {
        const git_error *e = git_error_last();
        print_error("%s: %s\n", what, e && e->message ? e->message : "failed");
        fail();
    }
}

/* A temporary directory, no repository. */
static inline void fx_tmpdir(fx_repo *r)
{
    /* the project's root, taken before any test could leave the directory
     * elsewhere (a failing assertion skips fx_cleanup) */
    static char root[PATH_MAX];
    if (!root[0])
        assert_non_null(getcwd(root, sizeof root));
    memset(r, 0, sizeof *r);
    strcpy(r->home, root);
    if (chdir(root) != 0)
        fail();
    char tmpl[] = "/tmp/plimsoll-test-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    assert_non_null(realpath(tmpl, r->dir));
}

static inline void fx_init(fx_repo *r)
{
    fx_tmpdir(r);
    git_libgit2_init();
    /* the user's global and system git config (a global excludesFile ...)
     * must not change what the tests see */
    static const int levels[] = {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
                                 GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "/nonexistent-plimsoll-config");
    /* nor what plimsoll reads itself (core.excludesFile, ~/.config/git/ignore) */
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", "/nonexistent-plimsoll-config", 1);
    setenv("XDG_CONFIG_HOME", "/nonexistent-plimsoll-config", 1);
    fx_check(git_repository_init(&r->repo, r->dir, 0), "init");
}

static inline const char *fx_path(const fx_repo *r, const char *rel, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s", r->dir, rel);
    if (n < 0 || (size_t)n >= cap)
        fail_msg("path too long: %s", rel);
    return buf;
}

static inline void fx_mkdirs(const fx_repo *r, const char *rel)
{
    char path[PATH_MAX];
    fx_path(r, rel, path, sizeof path);
    for (char *p = path + strlen(r->dir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    mkdir(path, 0755);
}

/* Writes `len` bytes (binary content too) to a file of the work tree
 * (directories made as needed). */
static inline void fx_write_bytes(const fx_repo *r, const char *rel, const char *content, size_t len)
{
    char path[PATH_MAX];
    fx_path(r, rel, path, sizeof path);
    char *slash = strrchr(path, '/');
    if (slash && slash > path + strlen(r->dir)) {
        *slash = '\0';
        fx_mkdirs(r, path + strlen(r->dir) + 1);
        *slash = '/';
    }
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(content, 1, len, fp);
    fclose(fp);
}

/* Writes a file of the work tree (directories made as needed). */
static inline void fx_write(const fx_repo *r, const char *rel, const char *content)
{
    fx_write_bytes(r, rel, content, strlen(content));
}

static inline void fx_unlink(const fx_repo *r, const char *rel)
{
    char path[PATH_MAX];
    assert_int_equal(unlink(fx_path(r, rel, path, sizeof path)), 0);
}

/* git add <rel> (as it is in the work tree). */
static inline void fx_add(fx_repo *r, const char *rel)
{
    git_index *idx;
    fx_check(git_repository_index(&idx, r->repo), "index");
    fx_check(git_index_add_bypath(idx, rel), rel);
    fx_check(git_index_write(idx), "index write");
    git_index_free(idx);
}

/* Writes a file and stages it. */
static inline void fx_stage(fx_repo *r, const char *rel, const char *content)
{
    fx_write(r, rel, content);
    fx_add(r, rel);
}

/* Writes `len` bytes to a file and stages it. */
static inline void fx_stage_bytes(fx_repo *r, const char *rel, const char *content, size_t len)
{
    fx_write_bytes(r, rel, content, len);
    fx_add(r, rel);
}

/* git rm --cached <rel> */
static inline void fx_unstage(fx_repo *r, const char *rel)
{
    git_index *idx;
    fx_check(git_repository_index(&idx, r->repo), "index");
    fx_check(git_index_remove_bypath(idx, rel), rel);
    fx_check(git_index_write(idx), "index write");
    git_index_free(idx);
}

/* Commits the index on HEAD; the commit id goes to `hex` (41 bytes) when
 * not NULL. */
static inline void fx_commit(fx_repo *r, const char *message, char *hex)
{
    git_index *idx;
    git_oid tree_id, commit_id;
    git_tree *tree;
    git_signature *sig;
    fx_check(git_repository_index(&idx, r->repo), "index");
    fx_check(git_index_write_tree(&tree_id, idx), "write tree");
    git_index_free(idx);
    fx_check(git_tree_lookup(&tree, r->repo, &tree_id), "tree");
    fx_check(git_signature_new(&sig, "Test", "test@example.com", 1700000000, 0), "signature");
    git_commit *parent = NULL;
    git_oid head;
    int has_parent = git_reference_name_to_id(&head, r->repo, "HEAD") == 0;
    if (has_parent)
        fx_check(git_commit_lookup(&parent, r->repo, &head), "parent");
    const git_commit *parents[1] = {parent};
    fx_check(git_commit_create(&commit_id, r->repo, "HEAD", sig, sig, NULL, message, tree,
                               has_parent ? 1 : 0, parents),
             "commit");
    if (hex)
        git_oid_tostr(hex, 41, &commit_id);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
}

static inline int fx_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D)
        chmod(path, 0755);
    return remove(path);
}

/* Back to the project's root; the directory and the repository go. */
static inline void fx_cleanup(fx_repo *r)
{
    if (chdir(r->home) != 0)
        fail();
    if (r->repo) {
        git_repository_free(r->repo);
        git_libgit2_shutdown();
    }
    r->repo = NULL;
    nftw(r->dir, fx_rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static inline void fx_cd(const fx_repo *r, const char *rel)
{
    char path[PATH_MAX];
    if (chdir(rel && *rel ? fx_path(r, rel, path, sizeof path) : r->dir) != 0)
        fail();
}

/* ---- a plimsoll run -------------------------------------------------------------- */

typedef struct {
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
    const char *paths[8];
    const char *select[8];
    int rc;            /* pl_engine_prepare + pl_discover */
    const char *error; /* their message */
} fx_run;

/* Discovery only (from the current directory). */
static inline void fx_discover(fx_run *run)
{
    run->o.paths = run->paths;
    for (run->o.npaths = 0; run->o.npaths < 8 && run->paths[run->o.npaths]; run->o.npaths++)
        ;
    run->o.select.items = run->select;
    for (run->o.select.n = 0; run->o.select.n < 8 && run->select[run->o.select.n]; run->o.select.n++)
        ;
    pl_config_init(&run->cfg);
    run->ws.arena = pl_arena_new();
    run->ws.opts = &run->o;
    run->ws.config = &run->cfg;
    run->rc = pl_engine_prepare(&run->ws, &run->error);
    if (run->rc == 0)
        run->rc = pl_discover(&run->ws, &run->error);
}

/* Discovery, then every rule (or the selected ones). */
static inline void fx_check_all(fx_run *run)
{
    fx_discover(run);
    if (run->rc == 0)
        pl_engine_run(&run->ws);
}

/* From the repository's top: `path` checked, with `rule` alone selected. */
static inline void fx_run_rule_at(const fx_repo *r, fx_run *run, const char *path, const char *rule)
{
    fx_cd(r, NULL);
    run->paths[0] = path;
    run->select[0] = rule;
    fx_check_all(run);
    assert_int_equal(run->rc, 0);
}

/* From the repository's top: every file, with `rule` alone selected. */
static inline void fx_run_rule(const fx_repo *r, fx_run *run, const char *rule)
{
    fx_run_rule_at(r, run, ".", rule);
}

static inline void fx_run_free(fx_run *run)
{
    for (int i = 0; i < run->ws.nfiles; i++)
        pl_arena_free(run->ws.files[i]->arena);
    pl_git_close(run->ws.git);
    pl_arena_free(run->ws.arena);
}

/* "path[:report]" of every discovered file in order, space-separated;
 * ":0" marks a file --changed-since leaves out of the report. */
static inline const char *fx_files(const fx_run *run, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        if (f->kind == PL_KIND_REPOSITORY)
            continue;
        n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s%s", n ? " " : "", f->path,
                              f->report ? "" : ":0");
    }
    return buf;
}

static int fx_cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "file:line:col" of every standing finding of `rule` (name), sorted,
 * space-separated. */
static inline const char *fx_findings(const fx_run *run, const char *rule, char *buf, size_t cap)
{
    char *items[256];
    int n = 0;
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        for (size_t k = 0; k < f->findings.len && n < 256; k++) {
            const pl_finding *fd = f->findings.items[k];
            if (strcmp(fd->rule->name, rule) || fd->suppressed_by)
                continue;
            char one[PATH_MAX + 32];
            snprintf(one, sizeof one, "%s:%d:%d", fd->file, fd->span.line, fd->span.col);
            items[n++] = strdup(one);
        }
    }
    qsort(items, (size_t)n, sizeof *items, fx_cmp_str);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", i ? " " : "", items[i]);
        free(items[i]);
    }
    return buf;
}

/* The result (pass/fail/skip) of `rule` on the checked file `path`. */
static inline const pl_result *fx_result_of(const fx_run *run, const char *path, const char *rule)
{
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        if (strcmp(f->path, path))
            continue;
        for (size_t k = 0; k < f->results.len; k++) {
            const pl_result *res = f->results.items[k];
            if (!strcmp(res->rule->name, rule))
                return res;
        }
    }
    return NULL;
}

/* Fails the test unless `rule` on `path` has status `st` and (when given)
 * exactly `evidence`. */
static inline void fx_assert_result(const fx_run *run, const char *path, const char *rule,
                                    pl_status st, const char *evidence)
{
    const pl_result *res = fx_result_of(run, path, rule);
    if (!res)
        fail_msg("no result of %s on %s", rule, path);
    if (res->status != st || (evidence && strcmp(res->evidence, evidence)))
        fail_msg("%s on %s: %s \"%s\", expected %s \"%s\"", rule, path,
                 pl_status_name(res->status), res->evidence, pl_status_name(st),
                 evidence ? evidence : "(any)");
}

/* The result (pass/fail/skip) of `rule` on the repository's own file. */
static inline const pl_result *fx_repo_result(const fx_run *run, const char *rule)
{
    for (int i = 0; i < run->ws.nfiles; i++) {
        const pl_file *f = run->ws.files[i];
        if (f->kind != PL_KIND_REPOSITORY)
            continue;
        for (size_t k = 0; k < f->results.len; k++) {
            const pl_result *res = f->results.items[k];
            if (!strcmp(res->rule->name, rule))
                return res;
        }
    }
    return NULL;
}

#endif
