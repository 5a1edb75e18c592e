/* contexts.c — the build context of a unit: which directory and ignore
 * file, and what the walk (or, with --staged, the git index) sends.
 *
 * Owns: the workspace's cache of walked contexts, keyed by directory and
 * ignore file, so that each is walked once per run however many
 * Dockerfiles use it, from whichever thread asks first (the others wait for
 * that walk); and the index-shaped context for --staged, which reads no
 * disk and is built per file. Cached walks live in arenas of their own,
 * freed with the workspace.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/context.h"
#include "plimsoll/git.h"
#include "plimsoll/hash.h"
#include "plimsoll/ignore.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pl_ignore_clean(a, pl_arena_strndup(a, path, (size_t)(slash - path)));
}

static const char *join(pl_arena *a, const char *dir, const char *name)
{
    if (!*dir || !strcmp(dir, "."))
        return pl_arena_strdup(a, name);
    return pl_arena_printf(a, "%s/%s", dir, name);
}

static int within(const char *path, const char *dir)
{
    if (!*dir || !strcmp(dir, "."))
        return 1;
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* ---- the context from the git index (--staged) ------------------------------------ */

typedef struct {
    const char *path;
    pl_ctx_kind kind;
    long long size;
    int excluded;
    int pattern;
} staged_entry;

static int staged_cmp(const void *x, const void *y)
{
    return pl_context_path_cmp(((const staged_entry *)x)->path, ((const staged_entry *)y)->path);
}

static int entry_cmp(const void *x, const void *y)
{
    return pl_context_path_cmp(((const pl_ctx_entry *)x)->path, ((const pl_ctx_entry *)y)->path);
}

static int excluded_cmp(const void *x, const void *y)
{
    return pl_context_path_cmp(((const pl_ctx_excluded *)x)->path,
                               ((const pl_ctx_excluded *)y)->path);
}

/* Whether a sent file lies below directory `dir` (entries sorted). */
static int sends_below(const staged_entry *v, size_t n, const char *dir)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl_context_path_cmp(v[mid].path, dir) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && within(v[i].path, dir); i++)
        if (!v[i].excluded)
            return 1;
    return 0;
}

/* The index entries below `reldir`, shaped like a walk: what the ignore
 * file excludes is listed one by one (nothing is pruned, so lookups never
 * touch the disk). */
static pl_context *index_context(pl_arena *a, pl_git *g, const char *reldir, const char *label,
                                 const pl_ignorefile *ign)
{
    pl_context *ctx = PL_NEW(a, pl_context);
    ctx->root = label;
    ctx->ignore = ign;
    size_t n = 0;
    const pl_git_entry *e = pl_git_index_below(g, reldir, &n);
    size_t skip = *reldir ? strlen(reldir) + 1 : 0;
    staged_entry *all = PL_NEW_N(a, staged_entry, n + 1);
    size_t nall = 0, ndirs_max = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].intent_to_add || strlen(e[i].path) <= skip)
            continue;
        staged_entry *s = &all[nall++];
        s->path = e[i].path + skip;
        s->kind = e[i].mode == PL_GIT_MODE_SYMLINK     ? PL_CTX_SYMLINK
                  : e[i].mode == PL_GIT_MODE_SUBMODULE ? PL_CTX_DIR
                                                       : PL_CTX_FILE;
        s->size = s->kind == PL_CTX_DIR ? 0 : (long long)e[i].size;
        s->excluded = ign ? pl_ignore_match(ign, s->path, &s->pattern) : 0;
        for (const char *p = s->path; *p; p++)
            ndirs_max += *p == '/';
    }
    if (nall > 1)
        qsort(all, nall, sizeof *all, staged_cmp);

    /* every directory holding an entry, once */
    pl_ctx_entry *dirs = PL_NEW_N(a, pl_ctx_entry, ndirs_max + 1);
    size_t ndirs = 0;
    for (size_t i = 0; i < nall; i++)
        for (const char *p = strchr(all[i].path, '/'); p; p = strchr(p + 1, '/'))
            dirs[ndirs++] = (pl_ctx_entry){
                pl_arena_strndup(a, all[i].path, (size_t)(p - all[i].path)), PL_CTX_DIR, 0};
    if (ndirs > 1)
        qsort(dirs, ndirs, sizeof *dirs, entry_cmp);
    size_t unique = 0;
    for (size_t i = 0; i < ndirs; i++)
        if (!unique || strcmp(dirs[unique - 1].path, dirs[i].path))
            dirs[unique++] = dirs[i];
    ndirs = unique;

    ctx->files = PL_NEW_N(a, pl_ctx_entry, nall + 1);
    ctx->dirs = PL_NEW_N(a, pl_ctx_entry, ndirs + nall + 1);
    ctx->excluded = PL_NEW_N(a, pl_ctx_excluded, nall + ndirs + 1);
    for (size_t i = 0; i < ndirs; i++) {
        int pattern = -1;
        int excluded = ign ? pl_ignore_match(ign, dirs[i].path, &pattern) : 0;
        if (!excluded || sends_below(all, nall, dirs[i].path))
            ctx->dirs[ctx->ndirs++] = dirs[i];
        else
            ctx->excluded[ctx->nexcluded++] =
                (pl_ctx_excluded){dirs[i].path, PL_CTX_DIR, pattern, 0};
    }
    for (size_t i = 0; i < nall; i++) {
        if (all[i].excluded) {
            ctx->excluded[ctx->nexcluded++] =
                (pl_ctx_excluded){all[i].path, all[i].kind, all[i].pattern, 0};
        } else if (all[i].kind == PL_CTX_DIR) {
            ctx->dirs[ctx->ndirs++] = (pl_ctx_entry){all[i].path, PL_CTX_DIR, 0};
        } else {
            ctx->files[ctx->nfiles++] = (pl_ctx_entry){all[i].path, all[i].kind, all[i].size};
            ctx->total_size += (unsigned long long)all[i].size;
        }
    }
    if (ctx->ndirs > 1)
        qsort(ctx->dirs, ctx->ndirs, sizeof *ctx->dirs, entry_cmp);
    if (ctx->nexcluded > 1)
        qsort(ctx->excluded, ctx->nexcluded, sizeof *ctx->excluded, excluded_cmp);
    return ctx;
}

/* The staged ignore file that applies: `<dockerfile>.dockerignore`, else
 * the context's `.dockerignore`. 0 none, 1 found, -1 unreadable. */
static int staged_ignore(pl_arena *a, pl_git *g, const char *rel_dockerfile, const char *reldir,
                         const pl_file *f, pl_unit_context *uc, pl_ignorefile **out)
{
    const char *own = pl_arena_printf(a, "%s.dockerignore", rel_dockerfile);
    const char *shared = join(a, reldir, ".dockerignore");
    const pl_git_entry *e = pl_git_index_lookup(g, own);
    const char *display = pl_arena_printf(a, "%s.dockerignore", f->path);
    if (!e) {
        e = pl_git_index_lookup(g, shared);
        display = join(a, uc->dir, ".dockerignore");
    }
    if (!e)
        return 0;
    const char *data;
    size_t len;
    uc->ignore_path = display;
    if (pl_git_index_read(g, e, a, 0, &data, &len) != 0)
        return -1;
    *out = pl_ignore_parse(a, display, data, len);
    return 1;
}

/* With --staged: `reldir` (a repository path) as the index holds it. */
static void build_staged(pl_arena *a, pl_unit_context *uc, const pl_file *f, pl_git *g,
                         const char *rel, const char *reldir)
{
    uc->staged = 1;
    uc->repo_dir = reldir;
    pl_ignorefile *ign = NULL;
    if (f->kind == PL_KIND_DOCKERIGNORE) {
        ign = f->ignore;
        uc->ignore_path = f->path;
    } else if (staged_ignore(a, g, rel, reldir, f, uc, &ign) < 0) {
        uc->unavailable = pl_arena_printf(a, "cannot read the staged %s", uc->ignore_path);
        return;
    }
    uc->ignore = ign;
    uc->ctx = index_context(a, g, reldir, uc->dir, ign);
}

/* ---- the shared cache of walks -------------------------------------------------- */

/* Walks nobody is using are kept (most recently used last) up to this many
 * bytes, then the oldest are freed: files sharing a context are usually
 * checked one after another, and a run's memory must not grow with the
 * number of directories it walks. A few recent walks serve them: 8 MB
 * took no more CPU time than 2 MB on thousands of real Dockerfiles, and
 * 6 MB more memory. */
#define IDLE_BUDGET ((size_t)2 << 20)
#define CONTEXT_BLOCK ((size_t)8 << 10)
/* Without context.max-files, the walk stops after this many sent files. */
#define DEFAULT_MAX_FILES 100000

typedef struct walked {
    const char *fs_dir;    /* in the arena, like everything below */
    const char *ignore_fs; /* "" when no ignore file applies */
    size_t hash;
    pl_arena *arena;
    pthread_mutex_t lock;  /* held by the thread walking it */
    int done;
    int users;             /* arenas holding pointers into it (cache lock) */
    size_t bytes;          /* its arena, once walked */
    const pl_ignorefile *ignore;
    const pl_context *ctx;
    const char *unavailable;
    struct walked *next;   /* in its hash bucket */
    struct walked *idle_prev, *idle_next; /* while nobody uses it */
    struct pl_context_cache *cache;
} walked;

typedef struct truncation {
    const char *message;
    struct truncation *next;
} truncation;

struct pl_context_cache {
    pthread_mutex_t lock;
    walked **buckets;
    size_t nbuckets, count;
    walked *idle_head, *idle_tail;
    size_t idle_bytes;
    size_t max_files;
    pl_arena *notes_arena; /* contexts that were not walked whole (cache lock) */
    truncation *truncations;
    int release_on_free; /* files' arenas are freed before the workspace's */
};

static size_t hash_key(const char *fs_dir, const char *ignore_fs)
{
    uint64_t h = pl_hash_more(PL_HASH_SEED, fs_dir);
    h = pl_hash_bytes(h, "\xff", 1); /* no path holds it: the two parts stay apart */
    return (size_t)pl_hash_more(h, ignore_fs);
}

static void destroy(walked *w)
{
    pthread_mutex_destroy(&w->lock);
    pl_arena_free(w->arena);
    free(w);
}

static void cache_free(void *arg)
{
    struct pl_context_cache *cache = arg;
    for (size_t i = 0; i < cache->nbuckets; i++)
        for (walked *w = cache->buckets[i], *next; w; w = next) {
            next = w->next;
            destroy(w);
        }
    free(cache->buckets);
    cache->buckets = NULL;
    cache->nbuckets = cache->count = 0;
    pl_arena_free(cache->notes_arena);
    pthread_mutex_destroy(&cache->lock);
}

void pl_model_contexts_init(pl_workspace *ws)
{
    if (ws->contexts)
        return;
    struct pl_context_cache *cache = PL_NEW(ws->arena, struct pl_context_cache);
    pthread_mutex_init(&cache->lock, NULL);
    cache->notes_arena = pl_arena_new();
    long long max = ws->config ? ws->config->context_max_files : 0;
    cache->max_files = max > 0 ? (size_t)max : DEFAULT_MAX_FILES;
    cache->release_on_free = ws->report_only;
    ws->contexts = cache;
    pl_arena_on_free(ws->arena, cache_free, cache);
}

void pl_model_contexts_notes(pl_workspace *ws)
{
    struct pl_context_cache *cache = ws->contexts;
    if (!cache)
        return;
    pthread_mutex_lock(&cache->lock);
    for (truncation *t = cache->truncations; t; t = t->next)
        pl_vec_push(ws->arena, &ws->notes, (void *)pl_arena_strdup(ws->arena, t->message));
    cache->truncations = NULL;
    pthread_mutex_unlock(&cache->lock);
}

static void idle_unlink(struct pl_context_cache *cache, walked *w)
{
    if (w->idle_prev)
        w->idle_prev->idle_next = w->idle_next;
    else
        cache->idle_head = w->idle_next;
    if (w->idle_next)
        w->idle_next->idle_prev = w->idle_prev;
    else
        cache->idle_tail = w->idle_prev;
    w->idle_prev = w->idle_next = NULL;
    cache->idle_bytes -= w->bytes;
}

static void bucket_unlink(struct pl_context_cache *cache, walked *w)
{
    walked **p = &cache->buckets[w->hash & (cache->nbuckets - 1)];
    while (*p != w)
        p = &(*p)->next;
    *p = w->next;
    cache->count--;
}

static void grow_buckets(struct pl_context_cache *cache)
{
    size_t n = cache->nbuckets ? cache->nbuckets * 2 : 64;
    walked **b = calloc(n, sizeof *b);
    if (!b)
        return; /* the chains just get longer */
    for (size_t i = 0; i < cache->nbuckets; i++)
        for (walked *w = cache->buckets[i], *next; w; w = next) {
            next = w->next;
            w->next = b[w->hash & (n - 1)];
            b[w->hash & (n - 1)] = w;
        }
    free(cache->buckets);
    cache->buckets = b;
    cache->nbuckets = n;
}

/* The entry for (fs_dir, ignore_fs), created empty when new, with one more
 * user. */
static walked *acquire(struct pl_context_cache *cache, const char *fs_dir, const char *ignore_fs)
{
    size_t h = hash_key(fs_dir, ignore_fs);
    pthread_mutex_lock(&cache->lock);
    walked *w = cache->nbuckets ? cache->buckets[h & (cache->nbuckets - 1)] : NULL;
    while (w && (w->hash != h || strcmp(w->fs_dir, fs_dir) || strcmp(w->ignore_fs, ignore_fs)))
        w = w->next;
    if (!w) {
        if (cache->count >= cache->nbuckets)
            grow_buckets(cache);
        w = calloc(1, sizeof *w);
        if (!w) {
            fputs("plimsoll: out of memory\n", stderr);
            abort();
        }
        /* small blocks: most contexts are a handful of files */
        pl_arena *a = pl_arena_new_sized(CONTEXT_BLOCK);
        w->arena = a;
        w->cache = cache;
        w->hash = h;
        w->fs_dir = pl_arena_strdup(a, fs_dir);
        w->ignore_fs = pl_arena_strdup(a, ignore_fs);
        pthread_mutex_init(&w->lock, NULL);
        if (cache->nbuckets) {
            w->next = cache->buckets[h & (cache->nbuckets - 1)];
            cache->buckets[h & (cache->nbuckets - 1)] = w;
            cache->count++;
        }
    } else if (!w->users && w->done) {
        idle_unlink(cache, w);
    }
    w->users++;
    pthread_mutex_unlock(&cache->lock);
    return w;
}

/* An arena holding pointers into the walk is freed: the walk becomes idle,
 * and the oldest idle walks go once they hold more than the budget. */
static void release(void *arg)
{
    walked *w = arg;
    struct pl_context_cache *cache = w->cache;
    pthread_mutex_lock(&cache->lock);
    if (--w->users == 0) {
        w->idle_prev = cache->idle_tail;
        w->idle_next = NULL;
        if (cache->idle_tail)
            cache->idle_tail->idle_next = w;
        else
            cache->idle_head = w;
        cache->idle_tail = w;
        cache->idle_bytes += w->bytes;
        while (cache->idle_bytes > IDLE_BUDGET && cache->idle_head) {
            walked *old = cache->idle_head;
            idle_unlink(cache, old);
            bucket_unlink(cache, old);
            destroy(old);
        }
    }
    pthread_mutex_unlock(&cache->lock);
}

/* Loads the ignore file and walks, into `a`. */
/* `ignore_fs`: the ignore file pl_context_ignore_path found, NULL for none. */
static void walk_into(pl_arena *a, const char *fs_dir, const char *ignore_fs, size_t max_files,
                      const pl_ignorefile **ignore, const pl_context **ctx,
                      const char **unavailable)
{
    pl_ignorefile *ign = NULL;
    if (pl_context_read_ignore(a, ignore_fs, &ign) != 0) {
        *unavailable = "cannot read the ignore file";
        return;
    }
    *ignore = ign;
    pl_context *walked_ctx;
    if (pl_context_walk_max(a, fs_dir, ign, max_files, &walked_ctx) != 0) {
        const pl_diag *d = walked_ctx->diags.head;
        *unavailable = d ? pl_arena_strdup(a, d->message) : "cannot read the build context";
        return;
    }
    *ctx = walked_ctx;
}

/* What is kept of a walk stopped at context.max-files: the fact, not the
 * part that was walked (nothing can be concluded from it). */
static void keep_truncation(walked *w, const char *dir)
{
    const pl_context *full = w->ctx;
    pl_arena *a = pl_arena_new_sized(1024);
    pl_context *stub = PL_NEW(a, pl_context);
    stub->root = pl_arena_strdup(a, full->root);
    stub->truncated = 1;
    stub->max_files = full->max_files;
    w->unavailable = pl_arena_printf(a,
                                     "the build context %s holds more than %zu files "
                                     "(context.max-files); not walked further",
                                     dir, full->max_files);
    w->ignore = NULL;
    w->fs_dir = pl_arena_strdup(a, w->fs_dir);
    w->ignore_fs = pl_arena_strdup(a, w->ignore_fs);
    w->ctx = stub;
    pl_arena_free(w->arena);
    w->arena = a;
    struct pl_context_cache *cache = w->cache;
    pthread_mutex_lock(&cache->lock);
    truncation *t = PL_NEW(cache->notes_arena, truncation);
    t->message = pl_arena_strdup(cache->notes_arena, w->unavailable);
    t->next = cache->truncations;
    cache->truncations = t;
    pthread_mutex_unlock(&cache->lock);
}

/* The file whose name picks `<name>.dockerignore`: the Dockerfile, or for
 * an ignore file `X.dockerignore` its X (plain `.dockerignore`: none). */
static const char *ignore_owner(pl_arena *a, const pl_file *f)
{
    if (f->kind != PL_KIND_DOCKERIGNORE)
        return f->fs_path;
    const char *base = strrchr(f->fs_path, '/');
    base = base ? base + 1 : f->fs_path;
    if (!strcmp(base, ".dockerignore"))
        return NULL;
    return pl_arena_strndup(a, f->fs_path, strlen(f->fs_path) - strlen(".dockerignore"));
}

static void build_worktree(pl_arena *a, pl_unit_context *uc, const pl_file *f, pl_git *g)
{
    const char *owner = ignore_owner(a, f);
    const char *which = NULL;
    if (pl_context_ignore_path(a, uc->fs_dir, owner, &which)) {
        if (f->kind == PL_KIND_DOCKERIGNORE)
            uc->ignore_path = f->path;
        else if (!strcmp(which, pl_arena_printf(a, "%s.dockerignore", f->fs_path)))
            uc->ignore_path = pl_arena_printf(a, "%s.dockerignore", f->path);
        else
            uc->ignore_path = join(a, uc->dir, ".dockerignore");
    }
    /* without a run's cache (a rule called on its own) the walk is the file's */
    struct pl_context_cache *cache = f->ws ? f->ws->contexts : NULL;
    if (!cache) {
        long long max = f->ws && f->ws->config ? f->ws->config->context_max_files : 0;
        walk_into(a, uc->fs_dir, which, max > 0 ? (size_t)max : DEFAULT_MAX_FILES, &uc->ignore,
                  &uc->ctx, &uc->unavailable);
        if (uc->ctx && uc->ctx->truncated)
            uc->unavailable = pl_arena_printf(a,
                                              "the build context %s holds more than %zu files "
                                              "(context.max-files); not walked further",
                                              uc->dir, uc->ctx->max_files);
    } else {
        walked *w = acquire(cache, uc->fs_dir, which ? which : "");
        pthread_mutex_lock(&w->lock);
        if (!w->done) {
            walk_into(w->arena, uc->fs_dir, which, cache->max_files, &w->ignore, &w->ctx,
                      &w->unavailable);
            if (w->ctx && w->ctx->truncated)
                keep_truncation(w, uc->dir);
            w->bytes = pl_arena_allocated(w->arena);
            w->done = 1;
        }
        pthread_mutex_unlock(&w->lock);
        uc->ignore = w->ignore;
        uc->ctx = w->ctx;
        uc->unavailable = w->unavailable;
        if (cache->release_on_free)
            pl_arena_on_free(a, release, w);
    }
    /* a context not walked whole is unavailable to every rule; the budget
     * rule still sees the stub that says so */
    if (uc->ctx && uc->ctx->truncated)
        return;
    if (uc->unavailable) {
        if (!strcmp(uc->unavailable, "cannot read the ignore file"))
            uc->unavailable = pl_arena_printf(a, "cannot read %s", uc->ignore_path);
        uc->ctx = NULL;
        return;
    }
    if (g)
        uc->repo_dir = pl_git_relpath_of(a, g, uc->fs_dir);
}

void pl_model_context(pl_arena *a, const pl_file *f, const char *dir, pl_unit_context *out)
{
    memset(out, 0, sizeof *out);
    const pl_workspace *ws = f->ws;
    pl_git *g = ws ? ws->git : NULL;
    out->dir = dir ? dir : dir_of(a, f->path ? f->path : "");
    if (f->read_error) {
        out->unavailable = "the file could not be read";
    } else if (f->kind == PL_KIND_DOCKERIGNORE && !f->ignore) {
        out->unavailable = "the ignore file was not parsed";
    } else if (ws && ws->opts && ws->opts->staged) {
        const char *rel = g ? pl_git_relpath_of(a, g, f->path) : NULL;
        const char *reldir = NULL;
        if (rel && dir) {
            reldir = pl_git_relpath_of(a, g, dir);
        } else if (rel) {
            const char *slash = strrchr(rel, '/');
            reldir = slash ? pl_arena_strndup(a, rel, (size_t)(slash - rel)) : "";
        }
        if (!rel || !reldir) {
            out->unavailable = "context of staged files not available";
            return;
        }
        build_staged(a, out, f, g, rel, reldir);
    } else if (!f->fs_path) {
        out->unavailable = "read from standard input: no build context";
    } else {
        out->fs_dir = dir ? dir : dir_of(a, f->fs_path);
        build_worktree(a, out, f, g);
    }
}
