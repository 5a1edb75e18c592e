/* ctx_util.c — the build context of a checked file, built once and cached
 * in pl_file.context: the directory and ignore file BuildKit would use, the
 * walk (or, with --staged, the git index under that directory turned into
 * the same shape), and small helpers the context rules share. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctx_util.h"
#include "plimsoll/git.h"
#include "plimsoll/unit.h"

/* ---- paths ------------------------------------------------------------------ */

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

/* ---- the context, from the model ---------------------------------------------------- */

static void compute(const pl_file *f, pl_ctx_info *ci);

static void take(pl_ctx_info *ci, const pl_unit_context *uc)
{
    ci->unavailable = uc->unavailable;
    ci->dir = uc->dir;
    ci->fs_dir = uc->fs_dir;
    ci->repo_dir = uc->repo_dir;
    ci->staged = uc->staged;
    ci->ignore = uc->ignore;
    ci->ignore_path = uc->ignore_path;
    ci->ctx = (pl_context *)uc->ctx;
}

const pl_ctx_info *pl_ctx_get(pl_check *c, const pl_file *f)
{
    pl_ctx_info *ci = f->context;
    if (!ci) {
        ci = PL_NEW(f->arena, pl_ctx_info);
        /* the cache is the file's own: only this thread touches it */
        ((pl_file *)f)->context = ci;
        compute(f, ci);
    }
    /* a finding about the context names the build that sends it */
    if (c && ci->unit)
        pl_check_about_units(c, &ci->unit, 1);
    return ci;
}

static void compute(const pl_file *f, pl_ctx_info *ci)
{
    pl_arena *a = f->arena;
    const pl_build_unit *u = pl_file_primary_unit(f);
    ci->unit = u;
    pl_unit_context uc;
    pl_model_context(a, f, u ? u->spec.context : NULL, &uc);
    take(ci, &uc);
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
    pl_unit_context uc;
    pl_model_context(a, f, ci->staged ? ci->dir : ci->fs_dir, &uc);
    uc.dir = ci->dir;
    take(ci, &uc);
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

const char *pl_ctx_read_file(pl_check *c, const pl_ctx_info *ci, const char *path, size_t max,
                             size_t *len)
{
    pl_arena *a = pl_check_arena(c);
    if (!ci->staged) {
        /* a regular file is read into a buffer of its own size: a buffer
         * of `max` bytes cost more (a fresh mapping, its pages) than the
         * reading of the few bytes most files hold */
        const char *full = pl_arena_printf(a, "%s/%s", ci->fs_dir, path);
        int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
            return NULL;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t cap = (uintmax_t)st.st_size < max ? (size_t)st.st_size : max;
            char *buf = pl_arena_alloc(a, cap + 1);
            size_t got = 0;
            while (got < cap) {
                ssize_t r = read(fd, buf + got, cap - got);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0)
                    break;
                got += (size_t)r;
            }
            close(fd);
            buf[got] = '\0';
            *len = got;
            return buf;
        }
        close(fd);
    }
    char *tmp = malloc(max);
    long n = tmp ? pl_ctx_read_head(c, ci, path, tmp, max) : -1;
    char *buf = n < 0 ? NULL : pl_arena_strndup(a, tmp, (size_t)n);
    free(tmp);
    if (buf)
        *len = (size_t)n;
    return buf;
}
