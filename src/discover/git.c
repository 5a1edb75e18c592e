/* git.c — what libgit2 tells about the repository, read once where possible. */
#include "plimsoll/git.h"

#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pl_git {
    git_repository *repo;
    pthread_mutex_t lock;
    const char *workdir;
    const char *head;
    const char *name;
    const char **tracked; /* sorted */
    size_t ntracked;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *name_from_url(pl_arena *a, const char *url)
{
    /* git@host:owner/name.git, https://host/owner/name(.git) */
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    if (n > 4 && !strncmp(url + n - 4, ".git", 4))
        n -= 4;
    int slashes = 0;
    size_t start = n;
    while (start > 0) {
        char c = url[start - 1];
        if (c == '/' || c == ':') {
            if (++slashes == 2 || c == ':')
                break;
        }
        start--;
    }
    if (start >= n)
        return NULL;
    return pl_arena_strndup(a, url + start, n - start);
}

pl_git *pl_git_open(pl_arena *a, const char *path)
{
    git_libgit2_init();
    git_repository *repo = NULL;
    if (git_repository_open_ext(&repo, path, 0, NULL) != 0 || git_repository_is_bare(repo)) {
        git_repository_free(repo);
        git_libgit2_shutdown();
        return NULL;
    }
    pl_git *g = PL_NEW(a, pl_git);
    g->repo = repo;
    pthread_mutex_init(&g->lock, NULL);
    const char *wd = git_repository_workdir(repo);
    size_t wl = strlen(wd);
    while (wl > 1 && wd[wl - 1] == '/')
        wl--;
    g->workdir = pl_arena_strndup(a, wd, wl);

    git_oid oid;
    if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
        char buf[GIT_OID_HEXSZ + 1];
        git_oid_tostr(buf, sizeof buf, &oid);
        g->head = pl_arena_strndup(a, buf, 7);
    }
    git_remote *origin = NULL;
    if (git_remote_lookup(&origin, repo, "origin") == 0 && git_remote_url(origin))
        g->name = name_from_url(a, git_remote_url(origin));
    git_remote_free(origin);
    if (!g->name) {
        const char *slash = strrchr(g->workdir, '/');
        g->name = slash ? slash + 1 : g->workdir;
    }

    git_index *idx = NULL;
    if (git_repository_index(&idx, repo) == 0) {
        size_t n = git_index_entrycount(idx);
        g->tracked = PL_NEW_N(a, const char *, n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            const git_index_entry *e = git_index_get_byindex(idx, i);
            if (e && git_index_entry_stage(e) <= 0)
                g->tracked[g->ntracked++] = pl_arena_strdup(a, e->path);
        }
        git_index_free(idx);
        qsort(g->tracked, g->ntracked, sizeof *g->tracked, cmp_str);
    }
    return g;
}

void pl_git_close(pl_git *g)
{
    if (!g)
        return;
    git_repository_free(g->repo);
    pthread_mutex_destroy(&g->lock);
    git_libgit2_shutdown();
}

const char *pl_git_workdir(const pl_git *g) { return g->workdir; }
const char *pl_git_head(const pl_git *g) { return g->head; }
const char *pl_git_name(const pl_git *g) { return g->name; }

int pl_git_is_tracked(const pl_git *g, const char *relpath)
{
    return g->ntracked &&
           bsearch(&relpath, g->tracked, g->ntracked, sizeof *g->tracked, cmp_str) != NULL;
}

int pl_git_has_tracked_below(const pl_git *g, const char *reldir)
{
    size_t n = strlen(reldir);
    if (n == 0)
        return g->ntracked > 0;
    /* first entry >= "reldir/" */
    size_t lo = 0, hi = g->ntracked;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(g->tracked[mid], reldir, n);
        if (c < 0 || (c == 0 && g->tracked[mid][n] < '/'))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->ntracked && !strncmp(g->tracked[lo], reldir, n) && g->tracked[lo][n] == '/';
}

int pl_git_is_ignored(pl_git *g, const char *relpath, int is_dir)
{
    int ignored = 0;
    char buf[4096];
    size_t n = strlen(relpath);
    if (n + 2 > sizeof buf)
        return 0;
    memcpy(buf, relpath, n);
    if (is_dir && n && buf[n - 1] != '/')
        buf[n++] = '/';
    buf[n] = '\0';
    pthread_mutex_lock(&g->lock);
    if (git_ignore_path_is_ignored(&ignored, g->repo, buf) != 0)
        ignored = 0;
    pthread_mutex_unlock(&g->lock);
    return ignored;
}

pl_git_state pl_git_state_of(pl_git *g, const char *relpath)
{
    if (pl_git_is_tracked(g, relpath))
        return PL_GIT_TRACKED;
    return pl_git_is_ignored(g, relpath, 0) ? PL_GIT_IGNORED : PL_GIT_UNTRACKED;
}

const char *pl_git_relpath(pl_arena *a, const pl_git *g, const char *abspath)
{
    size_t n = strlen(g->workdir);
    if (strncmp(abspath, g->workdir, n) != 0)
        return NULL;
    if (abspath[n] == '\0')
        return "";
    if (abspath[n] != '/')
        return NULL;
    return pl_arena_strdup(a, abspath + n + 1);
}
