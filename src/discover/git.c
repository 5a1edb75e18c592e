/* git.c — what git tells about the repository, read once where possible:
 * the index as a sorted table, ignore answers remembered, the paths changed
 * since a revision, and the paths of the run relative to the repository.
 * The location, HEAD, origin and index come from the repository's files
 * (git_files.c), the ignore rules from gitignore.c; libgit2 is opened only
 * for blobs and diffs, or when those files say something git_files.c
 * leaves to it. */
#include "plimsoll/git.h"
#include "plimsoll/gitignore.h"
#include "plimsoll/hash.h"
#include "plimsoll/libgit2.h"

#include "git_files.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An answer of the ignore rules, remembered (a chained hash table). */
typedef struct memo {
    const char *path;
    int is_dir;
    int ignored;
    struct memo *next;
} memo;

struct pl_git {
    /* libgit2's repository, opened the first time something needs it
     * (repo_locked): what git_files.c reads costs far less than loading
     * libgit2 */
    git_repository *repo;
    int repo_tried;
    const char *gitdir; /* when found without libgit2 */
    const char *commondir; /* likewise */
    pl_gitignore *ignore; /* made on the first question (under the lock) */
    int ignore_tried;
    pl_gitf_index index_map; /* the index file the table points into */
    pthread_mutex_t lock; /* guards repo, ignore and the memo table */
    pl_arena *memo_arena;
    memo **memo_buckets;
    size_t memo_nbuckets, memo_count;

    const char *workdir;
    const char *cwd;     /* the process's directory when opened */
    const char *cwd_rel; /* cwd as a repository path; NULL when outside */
    const char *head;
    const char *name;

    /* the index, read on first use (under the lock, into index_arena); once
     * index_ready is set it never changes and is read without the lock */
    atomic_int index_ready;
    const char *index_file; /* $GIT_INDEX_FILE when the repository was opened */
    pl_arena *index_arena;
    pl_git_entry *entries; /* sorted by path, one per path */
    git_oid *oids;         /* the blob of each entry */
    size_t nentries;

    const char **changed; /* sorted; an untracked directory ends with '/' */
    size_t nchanged;
    int changed_known;

    const char **scopes;
    size_t nscopes, scope_cap;

    pl_arena *arena;
};

/* ---- small helpers --------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `relpath` without a leading "./" or trailing '/' (copied into buf when
 * something was cut). */
static const char *normal_rel(const char *rel, char *buf, size_t cap)
{
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (!strcmp(rel, "."))
        return "";
    size_t n = strlen(rel);
    if (n == 0 || rel[n - 1] != '/')
        return rel;
    while (n && rel[n - 1] == '/')
        n--;
    if (n >= cap)
        return rel;
    memcpy(buf, rel, n);
    buf[n] = '\0';
    return buf;
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

/* ---- the index table ------------------------------------------------------------ */

static int cmp_raw(const void *pa, const void *pb)
{
    const pl_gitf_entry *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    /* within one path: stage 0, then "ours" (2), then the others */
    static const int rank[4] = {0, 2, 1, 3};
    return rank[a->stage & 3] - rank[b->stage & 3];
}

/* The entries as a table sorted by strcmp, one per path. git writes the
 * index in that order, so the sort is skipped unless a case-insensitive
 * index or a conflict (several stages of one path) needs it. Paths are
 * copied unless they live as long as the table (the mapped index file). */
static void build_table(pl_git *g, pl_gitf_entry *raw, size_t nraw, int copy_paths)
{
    size_t bytes = 0;
    int sorted = 1;
    for (size_t i = 0; i < nraw; i++) {
        if (copy_paths)
            bytes += strlen(raw[i].path) + 1;
        if (i && sorted && strcmp(raw[i - 1].path, raw[i].path) >= 0)
            sorted = 0;
    }
    if (!sorted)
        qsort(raw, nraw, sizeof *raw, cmp_raw);
    pl_arena *a = g->index_arena;
    g->entries = PL_NEW_N(a, pl_git_entry, nraw ? nraw : 1);
    g->oids = PL_NEW_N(a, git_oid, nraw ? nraw : 1);
    char *paths = copy_paths ? pl_arena_alloc(a, bytes ? bytes : 1) : NULL; /* one block */
    for (size_t i = 0; i < nraw; i++) {
        const pl_gitf_entry *e = &raw[i];
        if (g->nentries && !strcmp(g->entries[g->nentries - 1].path, e->path)) {
            g->entries[g->nentries - 1].conflicted = 1;
            continue;
        }
        pl_git_entry *out = &g->entries[g->nentries];
        if (copy_paths) {
            size_t len = strlen(e->path) + 1;
            memcpy(paths, e->path, len);
            out->path = paths;
            paths += len;
        } else {
            out->path = e->path;
        }
        out->size = e->size;
        out->mode = e->mode;
        out->conflicted = e->stage != 0;
        out->intent_to_add = e->intent_to_add;
        memcpy(g->oids[g->nentries].id, e->oid, sizeof g->oids[0].id);
        g->nentries++;
    }
}

/* The index as libgit2 reads it. */
static void read_index(pl_git *g, git_index *idx)
{
    size_t n = git_index_entrycount(idx);
    if (n == 0)
        return;
    pl_gitf_entry *raw = malloc(n * sizeof *raw);
    if (!raw)
        return;
    size_t nraw = 0;
    for (size_t i = 0; i < n; i++) {
        const git_index_entry *e = git_index_get_byindex(idx, i);
        if (e && e->path)
            raw[nraw++] = (pl_gitf_entry){e->path,
                                          e->id.id,
                                          e->file_size,
                                          e->mode,
                                          git_index_entry_stage(e),
                                          (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) != 0};
    }
    build_table(g, raw, nraw, 1);
    free(raw);
}

/* The index file read directly (mapped until pl_git_close); 0, or -1 when
 * libgit2 must read it. */
static int read_index_file(pl_git *g)
{
    char def[PATH_MAX];
    const char *file = g->index_file;
    if (!file) {
        if (!g->gitdir || snprintf(def, sizeof def, "%s/index", g->gitdir) >= (int)sizeof def)
            return -1;
        file = def;
    }
    if (pl_gitf_read_index(file, &g->index_map) != 0)
        return -1;
    build_table(g, g->index_map.entries, g->index_map.n, 0);
    return 0;
}

/* git reads $GIT_INDEX_FILE instead of .git/index; a hook run by
 * `git commit -a` depends on it. */
static void use_index_file(git_repository *repo, const char *alt)
{
    git_index *idx = NULL;
    if (alt && git_index_open(&idx, alt) == 0) {
        git_repository_set_index(repo, idx);
        git_index_free(idx);
    }
}

/* libgit2's repository, opened on first use; NULL when libgit2 cannot be
 * loaded. Caller holds the lock (or is the only thread). */
static git_repository *repo_locked(pl_git *g)
{
    if (g->repo || g->repo_tried)
        return g->repo;
    g->repo_tried = 1;
    git_repository *repo = NULL;
    if (!pl_libgit2_available())
        return NULL;
    if (git_repository_open_ext(&repo, g->workdir, 0, NULL) != 0 || git_repository_is_bare(repo)) {
        git_repository_free(repo);
        return NULL;
    }
    use_index_file(repo, g->index_file);
    return g->repo = repo;
}

/* The index table, read by the first caller that needs it (any thread).
 * Caller must not hold the lock. */
static const pl_git *loaded(const pl_git *cg)
{
    pl_git *g = (pl_git *)cg; /* the table is filled once, behind the flag */
    if (atomic_load_explicit(&g->index_ready, memory_order_acquire))
        return g;
    pthread_mutex_lock(&g->lock);
    if (!atomic_load_explicit(&g->index_ready, memory_order_relaxed)) {
        if (read_index_file(g) != 0) {
            git_repository *repo = repo_locked(g);
            git_index *idx = NULL;
            if (repo && git_repository_index(&idx, repo) == 0) {
                read_index(g, idx);
                git_index_free(idx);
            }
        }
        atomic_store_explicit(&g->index_ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&g->lock);
    return g;
}

/* HEAD and the repository's name, asked of libgit2. */
static void describe_with_libgit2(pl_git *g, git_repository *repo)
{
    pl_arena *a = g->arena;
    git_oid oid;
    if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
        char buf[GIT_OID_HEXSZ + 1];
        git_oid_tostr(buf, sizeof buf, &oid);
        g->head = pl_arena_strndup(a, buf, 7);
    }
    /* the config value, not git_remote_lookup: libgit2 1.5 leaks a PCRE2
     * match block on each remote lookup */
    git_config *cfg = NULL;
    const char *url = NULL;
    if (git_repository_config_snapshot(&cfg, repo) == 0 &&
        git_config_get_string(&url, cfg, "remote.origin.url") == 0 && url && *url)
        g->name = name_from_url(a, url);
    git_config_free(cfg);
}

pl_git *pl_git_open(pl_arena *a, const char *path)
{
    return pl_git_open_known(a, path, NULL);
}

/* The current directory, as a real path and relative to the work tree;
 * not inlined, so that the repository search below pl_git_open_known does
 * not run under its two path buffers. */
__attribute__((noinline)) static void set_cwd(pl_arena *a, pl_git *g)
{
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        char real[PATH_MAX];
        g->cwd = pl_arena_strdup(a, realpath(cwd, real) ? real : cwd);
        g->cwd_rel = pl_git_relpath(a, g, g->cwd);
    }
}

pl_git *pl_git_open_known(pl_arena *a, const char *path, pl_git_misses *misses)
{
    /* the repository's files answer for most repositories; libgit2 (loaded
     * here only when they cannot) for the others */
    pl_gitf_repo found;
    int how = pl_gitf_find(a, path, &found, misses);
    if (how == PL_GITF_NONE)
        return NULL;
    git_repository *repo = NULL;
    if (how == PL_GITF_ASK_LIBGIT2) {
        if (!pl_libgit2_available())
            return NULL;
        if (git_repository_open_ext(&repo, path, 0, NULL) != 0 || git_repository_is_bare(repo)) {
            git_repository_free(repo);
            return NULL;
        }
    }
    pl_git *g = PL_NEW(a, pl_git);
    g->arena = a;
    g->repo = repo;
    g->repo_tried = repo != NULL;
    pthread_mutex_init(&g->lock, NULL);
    g->memo_arena = pl_arena_new();
    g->index_arena = pl_arena_new();
    const char *alt = getenv("GIT_INDEX_FILE");
    if (alt && *alt)
        g->index_file = pl_arena_strdup(a, alt);
    const char *wd = repo ? git_repository_workdir(repo) : found.workdir;
    size_t wl = strlen(wd);
    while (wl > 1 && wd[wl - 1] == '/')
        wl--;
    g->workdir = pl_arena_strndup(a, wd, wl);

    set_cwd(a, g);

    if (repo) {
        use_index_file(repo, g->index_file);
        describe_with_libgit2(g, repo);
    } else {
        g->gitdir = found.gitdir;
        g->commondir = found.commondir;
        if (found.head[0]) {
            char *head = pl_arena_strndup(a, found.head, 7);
            for (char *p = head; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            g->head = head;
        }
        if (found.origin_url && *found.origin_url)
            g->name = name_from_url(a, found.origin_url);
    }
    if (!g->name) {
        const char *slash = strrchr(g->workdir, '/');
        g->name = slash && slash[1] ? slash + 1 : g->workdir;
    }
    return g;
}

void pl_git_close(pl_git *g)
{
    if (!g)
        return;
    if (g->repo)
        git_repository_free(g->repo);
    g->repo = NULL;
    pl_gitignore_free(g->ignore);
    g->ignore = NULL;
    pthread_mutex_destroy(&g->lock);
    pl_arena_free(g->memo_arena);
    g->memo_arena = NULL;
    pl_arena_free(g->index_arena);
    g->index_arena = NULL;
    pl_gitf_index_free(&g->index_map);
    g->entries = NULL;
    g->nentries = 0;
}

const char *pl_git_workdir(const pl_git *g) { return g->workdir; }
const char *pl_git_head(const pl_git *g) { return g->head; }
const char *pl_git_name(const pl_git *g) { return g->name; }

/* ---- the index ------------------------------------------------------------------ */

/* First entry whose path is >= key. */
static size_t lower_bound(const pl_git *g, const char *key)
{
    size_t lo = 0, hi = g->nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->entries[mid].path, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const pl_git_entry *pl_git_index_lookup(const pl_git *cg, const char *relpath)
{
    const pl_git *g = loaded(cg);
    char buf[PATH_MAX];
    const char *rel = normal_rel(relpath, buf, sizeof buf);
    size_t i = lower_bound(g, rel);
    return i < g->nentries && !strcmp(g->entries[i].path, rel) ? &g->entries[i] : NULL;
}

int pl_git_is_tracked(const pl_git *g, const char *relpath)
{
    return pl_git_index_lookup(g, relpath) != NULL;
}

/* Entries below "dir/" sort between "dir/" and "dir0" ('0' follows '/'). */
const pl_git_entry *pl_git_index_below(const pl_git *cg, const char *reldir, size_t *n)
{
    const pl_git *g = loaded(cg);
    char buf[PATH_MAX];
    const char *dir = normal_rel(reldir, buf, sizeof buf);
    *n = 0;
    if (!*dir) {
        *n = g->nentries;
        return g->nentries ? g->entries : NULL;
    }
    size_t len = strlen(dir);
    if (len + 2 > sizeof buf)
        return NULL;
    char key[PATH_MAX];
    memcpy(key, dir, len);
    key[len] = '/';
    key[len + 1] = '\0';
    size_t first = lower_bound(g, key);
    key[len] = '/' + 1;
    size_t end = lower_bound(g, key);
    *n = end - first;
    return end > first ? &g->entries[first] : NULL;
}

int pl_git_has_tracked_below(const pl_git *g, const char *reldir)
{
    size_t n;
    pl_git_index_below(g, reldir, &n);
    return n > 0;
}

int pl_git_index_read(pl_git *g, const pl_git_entry *e, pl_arena *a, size_t max,
                      const char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    if (!e || e < g->entries || e >= g->entries + g->nentries || e->mode == PL_GIT_MODE_SUBMODULE)
        return -1;
    const git_oid *oid = &g->oids[e - g->entries];
    int rc = -1;
    pthread_mutex_lock(&g->lock);
    git_blob *blob = NULL;
    git_repository *repo = repo_locked(g);
    if (repo && git_blob_lookup(&blob, repo, oid) == 0) {
        size_t size = (size_t)git_blob_rawsize(blob);
        size_t n = max && size > max ? max : size;
        char *buf = pl_arena_alloc(a, n + 1);
        if (n)
            memcpy(buf, git_blob_rawcontent(blob), n);
        buf[n] = '\0';
        *data = buf;
        *len = n;
        git_blob_free(blob);
        rc = 0;
    }
    pthread_mutex_unlock(&g->lock);
    return rc;
}

/* ---- ignore rules ------------------------------------------------------------------ */

static size_t hash_path(const char *s, int is_dir)
{
    return (size_t)pl_hash_more(PL_HASH_SEED ^ (uint64_t)is_dir, s);
}

/* Caller holds the lock. */
static void memo_grow(pl_git *g)
{
    size_t nb = g->memo_nbuckets ? g->memo_nbuckets * 4 : 256;
    memo **b = PL_NEW_N(g->memo_arena, memo *, nb);
    for (size_t i = 0; i < g->memo_nbuckets; i++)
        for (memo *m = g->memo_buckets[i], *next; m; m = next) {
            next = m->next;
            size_t k = hash_path(m->path, m->is_dir) & (nb - 1);
            m->next = b[k];
            b[k] = m;
        }
    g->memo_buckets = b;
    g->memo_nbuckets = nb;
}

/* The ignore rules, read on first use. Caller holds the lock. */
static pl_gitignore *ignore_locked(pl_git *g)
{
    if (g->ignore || g->ignore_tried)
        return g->ignore;
    g->ignore_tried = 1;
    const char *common = g->commondir;
    if (!common && g->repo) { /* opened by libgit2, which is loaded then */
        git_buf b = {0};
        if (git_repository_item_path(&b, g->repo, GIT_REPOSITORY_ITEM_COMMONDIR) == 0 && b.ptr) {
            size_t n = strlen(b.ptr);
            while (n > 1 && b.ptr[n - 1] == '/')
                n--;
            common = pl_arena_strndup(g->memo_arena, b.ptr, n);
        }
        git_buf_dispose(&b);
    }
    pl_gitignore_sources src;
    pl_gitignore_sources_read(g->memo_arena, g->workdir, common, &src);
    if (g->repo) {
        /* its config has something plimsoll's reader does not follow (an
         * include, a condition): the two keys as libgit2 reads them */
        git_config *cfg = NULL;
        if (git_repository_config_snapshot(&cfg, g->repo) == 0) {
            git_buf b = {0};
            int ic;
            if (git_config_get_path(&b, cfg, "core.excludesfile") == 0 && b.ptr && *b.ptr)
                src.excludes_file = b.ptr[0] == '/' ? pl_arena_strdup(g->memo_arena, b.ptr)
                                                    : pl_arena_printf(g->memo_arena, "%s/%s",
                                                                      g->workdir, b.ptr);
            else
                src.excludes_file = pl_gitignore_default_excludes(g->memo_arena);
            if (git_config_get_bool(&ic, cfg, "core.ignorecase") == 0)
                src.ignore_case = ic != 0;
            git_buf_dispose(&b);
            git_config_free(cfg);
        }
    }
    return g->ignore = pl_gitignore_new(&src);
}

int pl_git_is_ignored(pl_git *g, const char *relpath, int is_dir)
{
    char norm[PATH_MAX];
    const char *rel = normal_rel(relpath, norm, sizeof norm);
    size_t n = strlen(rel);
    if (n == 0 || n + 2 > PATH_MAX)
        return 0;
    is_dir = is_dir != 0;
    int ignored = 0;
    pthread_mutex_lock(&g->lock);
    if (!g->memo_arena || !ignore_locked(g)) {
        pthread_mutex_unlock(&g->lock);
        return 0;
    }
    if (g->memo_count >= g->memo_nbuckets)
        memo_grow(g);
    size_t k = hash_path(rel, is_dir) & (g->memo_nbuckets - 1);
    for (memo *m = g->memo_buckets[k]; m; m = m->next)
        if (m->is_dir == is_dir && !strcmp(m->path, rel)) {
            ignored = m->ignored;
            pthread_mutex_unlock(&g->lock);
            return ignored;
        }
    int dir = is_dir;
    char full[PATH_MAX];
    struct stat st;
    /* not said to be a directory: the work tree tells, as git looks
     * (a symbolic link to a directory is no directory) */
    if (!dir && snprintf(full, sizeof full, "%s/%s", g->workdir, rel) < (int)sizeof full &&
        lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
        dir = 1;
    ignored = pl_gitignore_is_ignored(g->ignore, rel, dir);
    memo *m = PL_NEW(g->memo_arena, memo);
    m->path = pl_arena_strdup(g->memo_arena, rel);
    m->is_dir = is_dir;
    m->ignored = ignored != 0;
    m->next = g->memo_buckets[k];
    g->memo_buckets[k] = m;
    g->memo_count++;
    pthread_mutex_unlock(&g->lock);
    return ignored != 0;
}

pl_git_state pl_git_state_of(pl_git *g, const char *relpath)
{
    if (pl_git_is_tracked(g, relpath) || pl_git_has_tracked_below(g, relpath))
        return PL_GIT_TRACKED;
    /* the work tree tells a directory from a file */
    return pl_git_is_ignored(g, relpath, 0) ? PL_GIT_IGNORED : PL_GIT_UNTRACKED;
}

/* ---- --changed-since ------------------------------------------------------------- */

int pl_git_set_changed_since(pl_git *g, const char *rev, int against_index, const char **error)
{
    git_object *obj = NULL, *tree = NULL;
    git_diff *diff = NULL;
    int rc = -1;
    loaded(g); /* the diff must see the same index ($GIT_INDEX_FILE) */
    pthread_mutex_lock(&g->lock);
    git_repository *repo = repo_locked(g);
    pthread_mutex_unlock(&g->lock);
    if (!repo) {
        *error = pl_arena_printf(g->arena, "--changed-since: libgit2 could not be loaded");
        return -1;
    }
    if (git_revparse_single(&obj, repo, rev) != 0) {
        *error = pl_arena_printf(g->arena, "--changed-since: unknown revision '%s'", rev);
        goto out;
    }
    if (git_object_peel(&tree, obj, GIT_OBJECT_TREE) != 0) {
        *error = pl_arena_printf(g->arena, "--changed-since: '%s' names no commit or tree", rev);
        goto out;
    }
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    /* an untracked directory comes back whole ("dir/"), not file by file */
    opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_INCLUDE_TYPECHANGE;
    int err = against_index
                  ? git_diff_tree_to_index(&diff, repo, (git_tree *)tree, NULL, &opts)
                  : git_diff_tree_to_workdir_with_index(&diff, repo, (git_tree *)tree, &opts);
    if (err != 0) {
        const git_error *e = git_error_last();
        *error = pl_arena_printf(g->arena, "--changed-since %s: %s", rev,
                                 e && e->message ? e->message : "cannot compare");
        goto out;
    }
    size_t n = git_diff_num_deltas(diff);
    g->changed = PL_NEW_N(g->arena, const char *, n ? n : 1);
    g->nchanged = 0;
    for (size_t i = 0; i < n; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d && d->status != GIT_DELTA_DELETED && d->new_file.path)
            g->changed[g->nchanged++] = pl_arena_strdup(g->arena, d->new_file.path);
    }
    qsort(g->changed, g->nchanged, sizeof *g->changed, cmp_str);
    g->changed_known = 1;
    rc = 0;
out:
    git_diff_free(diff);
    git_object_free(tree);
    git_object_free(obj);
    return rc;
}

/* Whether the first `len` bytes of `key` are an element of the changed set. */
static int changed_has(const pl_git *g, const char *key, size_t len)
{
    size_t lo = 0, hi = g->nchanged;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *s = g->changed[mid];
        int c = strncmp(s, key, len);
        if (c == 0)
            c = s[len] != '\0';
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

int pl_git_is_changed(const pl_git *g, const char *relpath)
{
    if (!g->changed_known)
        return 1;
    char buf[PATH_MAX];
    const char *rel = normal_rel(relpath, buf, sizeof buf);
    if (changed_has(g, rel, strlen(rel)))
        return 1;
    for (const char *p = strchr(rel, '/'); p; p = strchr(p + 1, '/'))
        if (changed_has(g, rel, (size_t)(p - rel) + 1))
            return 1;
    return 0;
}

/* ---- scope ----------------------------------------------------------------------- */

void pl_git_scope_add(pl_git *g, const char *reldir)
{
    char buf[PATH_MAX];
    const char *dir = normal_rel(reldir, buf, sizeof buf);
    for (size_t i = 0; i < g->nscopes; i++)
        if (!strcmp(g->scopes[i], dir))
            return;
    if (g->nscopes == g->scope_cap) {
        size_t cap = g->scope_cap ? g->scope_cap * 2 : 8;
        const char **s = PL_NEW_N(g->arena, const char *, cap);
        if (g->nscopes)
            memcpy(s, g->scopes, g->nscopes * sizeof *s);
        g->scopes = s;
        g->scope_cap = cap;
    }
    g->scopes[g->nscopes++] = pl_arena_strdup(g->arena, dir);
}

int pl_git_in_scope(const pl_git *g, const char *relpath)
{
    for (size_t i = 0; i < g->nscopes; i++) {
        const char *s = g->scopes[i];
        size_t n = strlen(s);
        if (n == 0 || (!strncmp(relpath, s, n) && (relpath[n] == '\0' || relpath[n] == '/')))
            return 1;
    }
    return 0;
}

int pl_git_has_scope(const pl_git *g) { return g->nscopes > 0; }

/* ---- paths ------------------------------------------------------------------------ */

const char *pl_git_relpath(pl_arena *a, const pl_git *g, const char *abspath)
{
    size_t n = strlen(g->workdir);
    if (n == 1 && g->workdir[0] == '/')
        n = 0; /* a repository at the file system's root */
    if (strncmp(abspath, g->workdir, n) != 0)
        return NULL;
    if (abspath[n] == '\0')
        return "";
    if (abspath[n] != '/')
        return NULL;
    char buf[PATH_MAX];
    return pl_arena_strdup(a, normal_rel(abspath + n + 1, buf, sizeof buf));
}

/* `path` made absolute and free of "." and ".." by text alone. */
static const char *lexical_abs(pl_arena *a, const char *cwd, const char *path)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    const char *full = path[0] == '/' ? path : pl_arena_printf(a, "%s/%s", cwd, path);
    for (const char *p = full; *p;) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (sb.len && sb.data[sb.len - 1] != '/')
                sb.len--;
            if (sb.len)
                sb.len--;
        } else {
            pl_sb_putc(&sb, '/');
            pl_sb_append(&sb, p, n);
        }
        p = e;
    }
    if (sb.len == 0)
        pl_sb_putc(&sb, '/');
    return pl_sb_str(&sb);
}

const char *pl_git_relpath_of(pl_arena *a, const pl_git *g, const char *path)
{
    char real[PATH_MAX];
    if (realpath(path, real))
        return pl_git_relpath(a, g, real);
    if (!g->cwd)
        return NULL;
    return pl_git_relpath(a, g, lexical_abs(a, g->cwd, path));
}

const char *pl_git_display_path(pl_arena *a, const pl_git *g, const char *relpath)
{
    char buf[PATH_MAX];
    const char *rel = normal_rel(relpath, buf, sizeof buf);
    if (g->cwd_rel) {
        /* climb from the current directory to the common ancestor */
        const char *c = g->cwd_rel, *r = rel;
        size_t common = 0; /* bytes of rel shared with cwd_rel, at a '/' boundary */
        for (size_t i = 0;; i++) {
            int c_end = c[i] == '\0' || c[i] == '/', r_end = r[i] == '\0' || r[i] == '/';
            if (c_end && r_end) {
                if (i > 0)
                    common = i;
                if (c[i] == '\0' || r[i] == '\0')
                    break;
                continue;
            }
            if (c[i] != r[i])
                break;
        }
        const char *rest = rel + common;
        while (*rest == '/')
            rest++;
        int ups = 0;
        const char *cr = c + common;
        while (*cr == '/')
            cr++;
        if (*cr) {
            ups = 1;
            for (const char *p = cr; *p; p++)
                ups += *p == '/';
        }
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        for (int i = 0; i < ups; i++)
            pl_sb_puts(&sb, i + 1 < ups || *rest ? "../" : "..");
        pl_sb_puts(&sb, rest);
        return sb.len ? pl_sb_str(&sb) : ".";
    }
    size_t cl = g->cwd ? strlen(g->cwd) : 0;
    if (cl && !strncmp(g->workdir, g->cwd, cl) && (g->workdir[cl] == '/' || cl == 1)) {
        const char *below = g->workdir + (cl == 1 ? 1 : cl + 1);
        return *rel ? pl_arena_printf(a, "%s/%s", below, rel) : pl_arena_strdup(a, below);
    }
    return *rel ? pl_arena_printf(a, "%s/%s", g->workdir, rel) : pl_arena_strdup(a, g->workdir);
}
