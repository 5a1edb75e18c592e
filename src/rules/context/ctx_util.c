/* ctx_util.c — the build context of a checked file, built once and cached
 * in pl_file.context: the directory and ignore file BuildKit would use, the
 * walk (or, with --staged, the git index under that directory turned into
 * the same shape), and small helpers the context rules share. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctx_util.h"
#include "plimsoll/git.h"

/* ---- paths ------------------------------------------------------------------ */

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

int pl_ctx_path_within(const char *path, const char *dir)
{
    if (!*dir || !strcmp(dir, "."))
        return 1;
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

size_t pl_ctx_first_file_below(const pl_context *ctx, const char *dir)
{
    if (!*dir || !strcmp(dir, "."))
        return 0;
    size_t lo = 0, hi = ctx->nfiles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl_context_path_cmp(ctx->files[mid].path, dir) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t pl_ctx_files_below(const pl_context *ctx, const char *dir, unsigned long long *size)
{
    size_t n = 0;
    unsigned long long total = 0;
    for (size_t i = pl_ctx_first_file_below(ctx, dir);
         i < ctx->nfiles && pl_ctx_path_within(ctx->files[i].path, dir); i++) {
        n++;
        total += (unsigned long long)ctx->files[i].size;
    }
    if (size)
        *size = total;
    return n;
}

int pl_ctx_catch_all(const char *p)
{
    /* `*` alone, or `**` components with an optional final `*` */
    if (!strcmp(p, "*"))
        return 1;
    const char *s = p;
    for (;;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        int dstar = n == 2 && s[0] == '*' && s[1] == '*';
        int star = n == 1 && s[0] == '*';
        if (!dstar && !(star && !slash && s != p))
            return 0;
        if (!slash)
            return 1;
        s = slash + 1;
    }
}

int pl_ctx_dockerfile_name(const char *n)
{
    size_t len = strlen(n);
    if (len >= 13 && !strcmp(n + len - 13, ".dockerignore"))
        return 0;
    return !strcmp(n, "Dockerfile") || !strcmp(n, "dockerfile") || !strncmp(n, "Dockerfile.", 11) ||
           (len > 11 && !strcmp(n + len - 11, ".Dockerfile")) ||
           (len > 11 && !strcmp(n + len - 11, ".dockerfile")) || !strcmp(n, "Containerfile") ||
           !strncmp(n, "Containerfile.", 14);
}

/* ---- sizes -------------------------------------------------------------------- */

const char *pl_ctx_human_size(pl_arena *a, unsigned long long bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    if (bytes < 1000)
        return pl_arena_printf(a, "%llu B", bytes);
    double v = (double)bytes;
    int u = 0;
    while (v >= 999.95 && u < 5) {
        v /= 1000.0;
        u++;
    }
    if (v < 9.95)
        return pl_arena_printf(a, "%.1f %s", v, units[u]);
    return pl_arena_printf(a, "%.0f %s", v, units[u]);
}

const char *pl_ctx_label(pl_arena *a, const pl_ctx_info *ci)
{
    if (!strcmp(ci->dir, "."))
        return "./";
    return pl_arena_printf(a, "%s/", ci->dir);
}

const char *pl_ctx_summary(pl_arena *a, const pl_ctx_info *ci)
{
    const pl_context *ctx = ci->ctx;
    const char *size = pl_ctx_human_size(a, ctx->total_size);
    if (!ci->ignore)
        return pl_arena_printf(a, "%zu file%s, %s; no .dockerignore", ctx->nfiles,
                               ctx->nfiles == 1 ? "" : "s", size);
    const char *base = strrchr(ci->ignore_path, '/');
    return pl_arena_printf(a, "%zu file%s, %s after %s", ctx->nfiles, ctx->nfiles == 1 ? "" : "s",
                           size, base ? base + 1 : ci->ignore_path);
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
    for (size_t i = lo; i < n && pl_ctx_path_within(v[i].path, dir); i++)
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
                         const pl_file *f, pl_ctx_info *ci, pl_ignorefile **out)
{
    const char *own = pl_arena_printf(a, "%s.dockerignore", rel_dockerfile);
    const char *shared = join(a, reldir, ".dockerignore");
    const pl_git_entry *e = pl_git_index_lookup(g, own);
    const char *display = pl_arena_printf(a, "%s.dockerignore", f->path);
    if (!e) {
        e = pl_git_index_lookup(g, shared);
        display = join(a, ci->dir, ".dockerignore");
    }
    if (!e)
        return 0;
    const char *data;
    size_t len;
    ci->ignore_path = display;
    if (pl_git_index_read(g, e, a, 0, &data, &len) != 0)
        return -1;
    *out = pl_ignore_parse(a, display, data, len);
    return 1;
}

/* With --staged: `reldir` (a repository path) as the index holds it. */
static void build_staged(pl_ctx_info *ci, const pl_file *f, pl_git *g, const char *rel,
                         const char *reldir)
{
    pl_arena *a = f->arena;
    ci->staged = 1;
    ci->repo_dir = reldir;
    pl_ignorefile *ign = NULL;
    if (f->kind == PL_KIND_DOCKERIGNORE) {
        ign = f->ignore;
        ci->ignore_path = f->path;
    } else if (staged_ignore(a, g, rel, reldir, f, ci, &ign) < 0) {
        ci->unavailable = pl_arena_printf(a, "cannot read the staged %s", ci->ignore_path);
        return;
    }
    ci->ignore = ign;
    ci->ctx = index_context(a, g, reldir, ci->dir, ign);
}

/* The work-tree directory ci->fs_dir. */
static void build_worktree(pl_ctx_info *ci, const pl_file *f, pl_git *g)
{
    pl_arena *a = f->arena;
    pl_ignorefile *ign = NULL;
    if (f->kind == PL_KIND_DOCKERIGNORE) {
        ign = f->ignore;
        ci->ignore_path = f->path;
    } else {
        const char *which;
        if (pl_context_ignore_path(a, ci->fs_dir, f->fs_path, &which)) {
            int own = !strcmp(which, pl_arena_printf(a, "%s.dockerignore", f->fs_path));
            ci->ignore_path = own ? pl_arena_printf(a, "%s.dockerignore", f->path)
                                  : join(a, ci->dir, ".dockerignore");
        }
        if (pl_context_load_ignore(a, ci->fs_dir, f->fs_path, &ign) != 0) {
            ci->unavailable = pl_arena_printf(a, "cannot read %s", ci->ignore_path);
            return;
        }
    }
    ci->ignore = ign;
    if (pl_context_walk(a, ci->fs_dir, ign, &ci->ctx) != 0) {
        const pl_diag *d = ci->ctx->diags.head;
        ci->unavailable = d ? d->message : "cannot read the build context";
        ci->ctx = NULL;
        return;
    }
    if (g)
        ci->repo_dir = pl_git_relpath_of(a, g, ci->fs_dir);
}

static void build(pl_ctx_info *ci, const pl_file *f)
{
    pl_arena *a = f->arena;
    const pl_workspace *ws = f->ws;
    pl_git *g = ws ? ws->git : NULL;
    if (f->read_error) {
        ci->unavailable = "the file could not be read";
    } else if (f->kind == PL_KIND_DOCKERIGNORE && !f->ignore) {
        ci->unavailable = "the ignore file was not parsed";
    } else if (ws && ws->opts && ws->opts->staged) {
        const char *rel = g ? pl_git_relpath_of(a, g, f->path) : NULL;
        if (!rel) {
            ci->unavailable = "context of staged files not available";
            return;
        }
        const char *slash = strrchr(rel, '/');
        build_staged(ci, f, g, rel, slash ? pl_arena_strndup(a, rel, (size_t)(slash - rel)) : "");
    } else if (!f->fs_path) {
        ci->unavailable = "read from standard input: no build context";
    } else {
        ci->fs_dir = dir_of(a, f->fs_path);
        build_worktree(ci, f, g);
    }
}

const pl_ctx_info *pl_ctx_get(pl_check *c, const pl_file *f)
{
    (void)c;
    if (f->context)
        return f->context;
    pl_arena *a = f->arena;
    pl_ctx_info *ci = PL_NEW(a, pl_ctx_info);
    /* the cache is the file's own: only this thread touches it */
    ((pl_file *)f)->context = ci;
    ci->dir = dir_of(a, f->path ? f->path : "");
    build(ci, f);
    return ci;
}

/* Whether `dir` (real path) lies inside `top` (real path). */
static int real_within(const char *dir, const char *top)
{
    size_t n = strlen(top);
    if (n == 1 && top[0] == '/')
        return 1;
    return !strncmp(dir, top, n) && (dir[n] == '\0' || dir[n] == '/');
}

static int exists_in(const pl_ctx_info *ci, pl_git *g, pl_arena *a, const char *path)
{
    if (ci->staged) {
        const char *p = join(a, ci->repo_dir, path);
        return pl_git_index_lookup(g, p) || pl_git_has_tracked_below(g, p);
    }
    struct stat st;
    return lstat(pl_arena_printf(a, "%s/%s", ci->fs_dir, path), &st) == 0;
}

int pl_ctx_ancestor(const pl_file *f, const pl_ctx_info *from, const char *const *need, int nneed,
                    pl_ctx_info **out)
{
    pl_arena *a = f->arena;
    const pl_workspace *ws = f->ws;
    pl_git *g = ws ? ws->git : NULL;
    pl_ctx_info *ci = PL_NEW(a, pl_ctx_info);
    *out = NULL;
    ci->dir = pl_ignore_clean(a, pl_arena_printf(a, "%s/..", from->dir));
    if (from->staged) {
        if (!g || !from->repo_dir || !*from->repo_dir)
            return -1;
        const char *slash = strrchr(from->repo_dir, '/');
        ci->staged = 1;
        ci->repo_dir =
            slash ? pl_arena_strndup(a, from->repo_dir, (size_t)(slash - from->repo_dir)) : "";
    } else {
        if (!from->fs_dir)
            return -1;
        /* never above the repository, or above the current directory outside one */
        if (g && from->repo_dir && !*from->repo_dir)
            return -1;
        char real[PATH_MAX], top[PATH_MAX];
        const char *up = pl_ignore_clean(a, pl_arena_printf(a, "%s/..", from->fs_dir));
        if (!realpath(up, real))
            return -1;
        if (g && from->repo_dir) {
            if (!realpath(pl_git_workdir(g), top))
                return -1;
        } else if (!getcwd(top, sizeof top)) {
            return -1;
        }
        if (!real_within(real, top))
            return -1;
        ci->fs_dir = up;
        ci->repo_dir = g && from->repo_dir ? pl_git_relpath_of(a, g, up) : NULL;
    }
    *out = ci;
    for (int i = 0; i < nneed; i++)
        if (!exists_in(ci, g, a, need[i]))
            return 0;
    if (ci->staged)
        build_staged(ci, f, g, pl_git_relpath_of(a, g, f->path), ci->repo_dir);
    else
        build_worktree(ci, f, g);
    if (ci->unavailable) {
        *out = NULL;
        return -1;
    }
    return 1;
}

/* ---- reading a context file ------------------------------------------------------ */

long pl_ctx_read_head(pl_check *c, const pl_ctx_info *ci, const char *path, char *buf, size_t max)
{
    if (ci->staged) {
        const pl_workspace *ws = pl_check_workspace(c);
        if (!ws || !ws->git)
            return -1;
        const pl_git_entry *e = pl_git_index_lookup(ws->git, join(pl_check_arena(c), ci->repo_dir, path));
        const char *data;
        size_t len;
        if (!e || pl_git_index_read(ws->git, e, pl_check_arena(c), max, &data, &len) != 0)
            return -1;
        if (len > max)
            len = max;
        memcpy(buf, data, len);
        return (long)len;
    }
    const char *full = pl_arena_printf(pl_check_arena(c), "%s/%s", ci->fs_dir, path);
    int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return -1;
    size_t got = 0;
    while (got < max) {
        ssize_t r = read(fd, buf + got, max - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return (long)got;
}
