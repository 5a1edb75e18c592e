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
#include <stdlib.h>
#include <string.h>

#include "plimsoll/context.h"
#include "plimsoll/git.h"
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

typedef struct walked {
    const char *fs_dir;
    const char *ignore_fs; /* "" when no ignore file applies */
    pl_arena *arena;
    pthread_mutex_t lock;  /* held by the thread walking it */
    int done;
    const pl_ignorefile *ignore;
    const pl_context *ctx;
    const char *unavailable;
    struct walked *next;
} walked;

struct pl_context_cache {
    pthread_mutex_t lock;
    walked *head;
};

static void cache_free(void *arg)
{
    struct pl_context_cache *cache = arg;
    walked *w = cache->head;
    while (w) {
        walked *next = w->next;
        pthread_mutex_destroy(&w->lock);
        pl_arena_free(w->arena);
        w = next;
    }
    cache->head = NULL;
    pthread_mutex_destroy(&cache->lock);
}

void pl_model_contexts_init(pl_workspace *ws)
{
    if (ws->contexts)
        return;
    ws->contexts = PL_NEW(ws->arena, struct pl_context_cache);
    pthread_mutex_init(&ws->contexts->lock, NULL);
    pl_arena_on_free(ws->arena, cache_free, ws->contexts);
}

/* The entry for (fs_dir, ignore_fs), created empty when new. */
static walked *entry(struct pl_context_cache *cache, const char *fs_dir, const char *ignore_fs)
{
    pthread_mutex_lock(&cache->lock);
    walked *w = cache->head;
    while (w && (strcmp(w->fs_dir, fs_dir) || strcmp(w->ignore_fs, ignore_fs)))
        w = w->next;
    if (!w) {
        pl_arena *a = pl_arena_new();
        w = PL_NEW(a, walked);
        w->arena = a;
        w->fs_dir = pl_arena_strdup(a, fs_dir);
        w->ignore_fs = pl_arena_strdup(a, ignore_fs);
        pthread_mutex_init(&w->lock, NULL);
        w->next = cache->head;
        cache->head = w;
    }
    pthread_mutex_unlock(&cache->lock);
    return w;
}

/* Loads the ignore file and walks, into `a`. */
static void walk_into(pl_arena *a, const char *fs_dir, const char *dockerfile_fs,
                      const pl_ignorefile **ignore, const pl_context **ctx,
                      const char **unavailable)
{
    pl_ignorefile *ign = NULL;
    if (pl_context_load_ignore(a, fs_dir, dockerfile_fs, &ign) != 0) {
        *unavailable = "cannot read the ignore file";
        return;
    }
    *ignore = ign;
    pl_context *walked_ctx;
    if (pl_context_walk(a, fs_dir, ign, &walked_ctx) != 0) {
        const pl_diag *d = walked_ctx->diags.head;
        *unavailable = d ? pl_arena_strdup(a, d->message) : "cannot read the build context";
        return;
    }
    *ctx = walked_ctx;
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
        walk_into(a, uc->fs_dir, owner, &uc->ignore, &uc->ctx, &uc->unavailable);
    } else {
        walked *w = entry(cache, uc->fs_dir, which ? which : "");
        pthread_mutex_lock(&w->lock);
        if (!w->done) {
            walk_into(w->arena, uc->fs_dir, owner, &w->ignore, &w->ctx, &w->unavailable);
            w->done = 1;
        }
        pthread_mutex_unlock(&w->lock);
        uc->ignore = w->ignore;
        uc->ctx = w->ctx;
        uc->unavailable = w->unavailable;
    }
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
