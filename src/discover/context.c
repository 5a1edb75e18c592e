/* context.c — the build context: what `docker build` sends from a directory.
 *
 * Owns: the walk (iterative, lstat only, entries sorted by name as Go's
 * os.ReadDir returns them), fsutil's filter applied during it (incremental
 * per-pattern results handed from a directory to its entries; an excluded
 * directory is skipped whole unless a `!` line could re-include something
 * below it; an excluded directory that is walked is still sent when
 * something inside is), and the queries later rules make on the result:
 * which ignore file applies, lookups, COPY wildcard resolution.
 */
#include "plimsoll/context.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- growable arrays in the arena ----------------------------------------- */

typedef struct {
    void *data;
    size_t n, cap;
} grow;

static void *grow_push(pl_arena *a, grow *g, size_t elem)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 8;
        void *d = pl_arena_alloc(a, cap * elem);
        if (g->n)
            memcpy(d, g->data, g->n * elem);
        g->data = d;
        g->cap = cap;
    }
    return (char *)g->data + elem * g->n++;
}

/* ---- walk order -------------------------------------------------------------- */

static int order_byte(unsigned char c)
{
    return c == '/' ? 1 : c == 0 ? 0 : c + 1;
}

int pl_context_path_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x && *x == *y) {
        x++;
        y++;
    }
    return order_byte(*x) - order_byte(*y);
}

/* ---- reading one directory ------------------------------------------------- */

typedef struct {
    const char *name;
    pl_ctx_kind kind;
    long long size;
    dev_t dev;
    ino_t ino;
} dent;

static int dent_cmp(const void *a, const void *b)
{
    return strcmp(((const dent *)a)->name, ((const dent *)b)->name);
}

static pl_ctx_kind kind_of(mode_t m)
{
    if (S_ISREG(m))
        return PL_CTX_FILE;
    if (S_ISLNK(m))
        return PL_CTX_SYMLINK;
    if (S_ISDIR(m))
        return PL_CTX_DIR;
    return PL_CTX_OTHER;
}

typedef struct {
    pl_arena *a;
    pl_context *ctx;
    const pl_ignorefile *ignore;
    int npat;
    int prune_by_prefix; /* no `!` line has wildcards before a trailing one */
    const char **exception_prefixes; /* `!` lines without a trailing wildcard */
    size_t *exception_lens;
    int nexceptions;
    unsigned char *scratch;
    grow files, dirs, excluded, frames;
    pl_strbuf full; /* scratch for absolute paths */
} walker;

static void fs_diag(walker *w, const char *fmt, const char *path, int err)
{
    pl_diag_add(w->a, &w->ctx->diags, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), NULL, fmt,
                path, strerror(err));
}

static const char *full_path(walker *w, const char *rel)
{
    w->full.len = 0;
    pl_sb_puts(&w->full, w->ctx->root);
    if (*rel) {
        pl_sb_putc(&w->full, '/');
        pl_sb_puts(&w->full, rel);
    }
    return pl_sb_str(&w->full);
}

/* Entry `name` of directory `fd` (context directory `rel`) into `ents`,
 * unless it is "." or "..", or vanished while walking. */
static void add_entry(walker *w, int fd, const char *rel, const char *name, grow *ents)
{
    if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
        return;
    struct stat st;
    if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno != ENOENT) { /* vanished while walking: fsutil skips it too */
            int e = errno;
            char *p = *rel ? pl_arena_printf(w->a, "%s/%s", rel, name) : pl_arena_strdup(w->a, name);
            fs_diag(w, "cannot stat '%s': %s", p, e);
        }
        return;
    }
    dent *e = grow_push(w->a, ents, sizeof *e);
    e->name = pl_arena_strdup(w->a, name);
    e->kind = kind_of(st.st_mode);
    e->size = e->kind == PL_CTX_DIR ? 0 : (long long)st.st_size;
    e->dev = st.st_dev;
    e->ino = st.st_ino;
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
#define HAVE_GETDENTS64 1
#endif

/* The entries of the directory open as `fd` (which this closes); 0, or -1
 * with *err. getdents64 where there is one: fdopendir's fstat and fcntl,
 * two system calls per directory, are the most of a small one's cost. */
static int read_entries(walker *w, int fd, const char *rel, grow *ents, int *err)
{
#ifdef HAVE_GETDENTS64
    _Alignas(struct dirent64) char buf[16384];
    for (;;) {
        ssize_t n = getdents64(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = errno;
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        for (ssize_t off = 0; off < n;) {
            const struct dirent64 *de = (const struct dirent64 *)(buf + off);
            off += de->d_reclen;
            add_entry(w, fd, rel, de->d_name, ents);
        }
    }
    close(fd);
    return 0;
#else
    DIR *d = fdopendir(fd);
    if (!d) {
        *err = errno;
        close(fd);
        return -1;
    }
    struct dirent *de;
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de)
            break;
        add_entry(w, dirfd(d), rel, de->d_name, ents);
    }
    int read_errno = errno;
    closedir(d);
    if (read_errno) {
        *err = read_errno;
        return -1;
    }
    return 0;
#endif
}

/* The sorted entries of context directory `rel` ("" for the root); -1 with
 * errno-style *err when it cannot be opened. */
static int read_dir(walker *w, const char *rel, int is_root, dent **out, size_t *n, int *err,
                    struct stat *self)
{
    const char *path = full_path(w, rel);
    /* the root may be reached through a symlink; nothing below it is */
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (is_root ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        *err = errno;
        return -1;
    }
    if (self && fstat(fd, self) < 0)
        memset(self, 0, sizeof *self);
    grow ents = {0};
    if (read_entries(w, fd, rel, &ents, err) < 0)
        return -1;
    if (ents.n > 1)
        qsort(ents.data, ents.n, sizeof(dent), dent_cmp);
    *out = ents.data;
    *n = ents.n;
    return 0;
}

/* ---- fsutil's pruning rule --------------------------------------------------- */

/* patternWithoutTrailingGlob: the pattern less a final slash and double
 * star, then less a final slash and star. */
static size_t without_trailing_glob(const char *p)
{
    size_t n = strlen(p);
    if (n >= 3 && memcmp(p + n - 3, "/**", 3) == 0)
        n -= 3;
    if (n >= 2 && memcmp(p + n - 2, "/*", 2) == 0)
        n -= 2;
    return n;
}

static void prepare_pruning(walker *w)
{
    const pl_ignorefile *f = w->ignore;
    w->prune_by_prefix = 1;
    w->exception_prefixes = PL_NEW_N(w->a, const char *, f->npatterns + 1);
    w->exception_lens = PL_NEW_N(w->a, size_t, f->npatterns + 1);
    for (int i = 0; i < f->npatterns; i++) {
        const pl_ignore_pattern *p = &f->patterns[i];
        if (!p->valid || !p->exclusion)
            continue;
        size_t n = without_trailing_glob(p->pattern);
        for (size_t k = 0; k < n; k++)
            if (strchr("*[]?^\\", p->pattern[k]) && p->pattern[k] != '\0')
                w->prune_by_prefix = 0;
        w->exception_prefixes[w->nexceptions] = p->pattern;
        w->exception_lens[w->nexceptions++] = n;
    }
}

/* May excluded directory `dir` be skipped whole? */
static int can_prune(const walker *w, const char *dir)
{
    if (!w->ignore->has_exclusions)
        return 1;
    if (!w->prune_by_prefix)
        return 0;
    size_t n = strlen(dir);
    for (int i = 0; i < w->nexceptions; i++) {
        const char *p = w->exception_prefixes[i];
        size_t len = w->exception_lens[i];
        if (len >= n && memcmp(p, dir, n) == 0 && (len == n || p[n] == '/'))
            return 0;
    }
    return 1;
}

/* ---- the walk ------------------------------------------------------------------ */

typedef struct {
    const char *path; /* "" for the root */
    dent *ents;
    size_t nents, next;
    unsigned char *matched; /* per-pattern results; NULL at the root */
    dev_t dev;
    ino_t ino;
    int excluded;
    int emitted;
    size_t excluded_slot;
} frame;

#define NO_SLOT ((size_t)-1)

static frame *frames(walker *w)
{
    return (frame *)w->frames.data;
}

static void add_excluded(walker *w, const char *path, pl_ctx_kind kind, int pattern, int pruned)
{
    pl_ctx_excluded *x = grow_push(w->a, &w->excluded, sizeof *x);
    x->path = path;
    x->kind = kind;
    x->pattern = pattern;
    x->pruned = pruned;
}

/* Something below the open directories is sent: so are they (fsutil sends
 * an excluded parent lazily, right before its first sent entry). */
static void emit_open_dirs(walker *w)
{
    frame *f = frames(w);
    for (size_t i = 1; i < w->frames.n; i++) {
        if (f[i].emitted)
            continue;
        f[i].emitted = 1;
        pl_ctx_entry *e = grow_push(w->a, &w->dirs, sizeof *e);
        e->path = f[i].path;
        e->kind = PL_CTX_DIR;
        e->size = 0;
    }
}

static int is_open_dir(walker *w, dev_t dev, ino_t ino)
{
    frame *f = frames(w);
    for (size_t i = 0; i < w->frames.n; i++)
        if (f[i].dev == dev && f[i].ino == ino)
            return 1;
    return 0;
}

static void visit_dir(walker *w, const dent *e, const char *rel, int excluded, int deciding,
                      unsigned char *matched)
{
    if (excluded && can_prune(w, rel)) {
        add_excluded(w, rel, PL_CTX_DIR, deciding, 1);
        return;
    }
    if (is_open_dir(w, e->dev, e->ino)) {
        pl_diag_add(w->a, &w->ctx->diags, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), NULL,
                    "'%s' is a directory that contains itself (a bind mount?); not entered", rel);
        return;
    }
    dent *ents = NULL;
    size_t n = 0;
    int err = 0;
    if (read_dir(w, rel, 0, &ents, &n, &err, NULL) < 0) {
        if (err == ENOENT || err == ENOTDIR)
            return; /* gone while walking: fsutil skips it */
        if (excluded) {
            /* fsutil ignores a permission error on an excluded directory */
            add_excluded(w, rel, PL_CTX_DIR, deciding, 0);
            if (err != EACCES && err != EPERM)
                fs_diag(w, "cannot read directory '%s': %s", rel, err);
            return;
        }
        /* still sent as an empty directory: Docker sends it, then fails */
        fs_diag(w, "cannot read directory '%s': %s (docker build fails sending the context)",
                rel, err);
    }
    frame *f = grow_push(w->a, &w->frames, sizeof *f);
    memset(f, 0, sizeof *f);
    f->path = rel;
    f->ents = ents;
    f->nents = n;
    f->matched = matched;
    f->dev = e->dev;
    f->ino = e->ino;
    f->excluded = excluded;
    f->excluded_slot = NO_SLOT;
    if (excluded) {
        f->excluded_slot = w->excluded.n;
        add_excluded(w, rel, PL_CTX_DIR, deciding, 0);
    } else {
        emit_open_dirs(w);
    }
}

static void visit(walker *w, frame *f, const dent *e)
{
    const char *rel = *f->path ? pl_arena_printf(w->a, "%s/%s", f->path, e->name) : e->name;
    int excluded = 0, deciding = -1;
    unsigned char *matched = NULL;
    if (w->npat) {
        matched = e->kind == PL_CTX_DIR ? pl_arena_alloc(w->a, (size_t)w->npat) : w->scratch;
        excluded = pl_ignore_match_parent_results(w->ignore, rel, f->matched, matched, &deciding);
    }
    if (e->kind == PL_CTX_DIR) {
        visit_dir(w, e, rel, excluded, deciding, matched);
        return;
    }
    if (excluded) {
        add_excluded(w, rel, e->kind, deciding, 0);
        return;
    }
    emit_open_dirs(w);
    pl_ctx_entry *out = grow_push(w->a, &w->files, sizeof *out);
    out->path = rel;
    out->kind = e->kind;
    out->size = e->size;
    w->ctx->total_size += (unsigned long long)e->size;
}

int pl_context_walk(pl_arena *a, const char *dir, const pl_ignorefile *ignore, pl_context **out)
{
    return pl_context_walk_max(a, dir, ignore, 0, out);
}

int pl_context_walk_max(pl_arena *a, const char *dir, const pl_ignorefile *ignore,
                        size_t max_files, pl_context **out)
{
    pl_context *ctx = PL_NEW(a, pl_context);
    *out = ctx;
    ctx->root = pl_arena_strdup(a, dir ? dir : ".");
    ctx->max_files = max_files;
    ctx->ignore = ignore;
    walker w = {.a = a, .ctx = ctx, .ignore = ignore};
    pl_sb_init(&w.full, a);
    if (ignore && ignore->npatterns > 0) {
        w.npat = ignore->npatterns;
        w.scratch = pl_arena_alloc(a, (size_t)w.npat);
        prepare_pruning(&w);
    }

    dent *ents = NULL;
    size_t n = 0;
    int err = 0;
    struct stat self;
    if (read_dir(&w, "", 1, &ents, &n, &err, &self) < 0) {
        fs_diag(&w, "cannot read the build context '%s': %s", ctx->root, err);
        return -1;
    }
    frame *root = grow_push(a, &w.frames, sizeof *root);
    memset(root, 0, sizeof *root);
    root->path = "";
    root->ents = ents;
    root->nents = n;
    root->dev = self.st_dev;
    root->ino = self.st_ino;
    root->emitted = 1;
    root->excluded_slot = NO_SLOT;

    while (w.frames.n > 0) {
        if (max_files && w.files.n > max_files) {
            ctx->truncated = 1;
            break;
        }
        frame *f = &frames(&w)[w.frames.n - 1];
        if (f->next == f->nents) {
            /* an excluded directory with something sent inside is sent */
            if (f->excluded && f->emitted && f->excluded_slot != NO_SLOT)
                ((pl_ctx_excluded *)w.excluded.data)[f->excluded_slot].path = NULL;
            w.frames.n--;
            continue;
        }
        const dent *e = &f->ents[f->next++];
        visit(&w, f, e);
    }

    size_t kept = 0;
    pl_ctx_excluded *x = w.excluded.data;
    for (size_t i = 0; i < w.excluded.n; i++)
        if (x[i].path)
            x[kept++] = x[i];
    ctx->files = w.files.data;
    ctx->nfiles = w.files.n;
    ctx->dirs = w.dirs.data;
    ctx->ndirs = w.dirs.n;
    ctx->excluded = x;
    ctx->nexcluded = kept;
    return 0;
}

/* ---- which ignore file ------------------------------------------------------- */

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pl_context_ignore_path(pl_arena *a, const char *context_dir, const char *dockerfile,
                           const char **path)
{
    *path = NULL;
    if (dockerfile && *dockerfile) {
        const char *own = pl_arena_printf(a, "%s.dockerignore", dockerfile);
        if (is_regular_file(own)) {
            *path = own;
            return 1;
        }
    }
    const char *shared = pl_arena_printf(a, "%s/.dockerignore", context_dir ? context_dir : ".");
    if (is_regular_file(shared)) {
        *path = shared;
        return 1;
    }
    return 0;
}

/* Beyond this an ignore file is surely not one a person wrote */
#define MAX_IGNORE_FILE (64u << 20)

int pl_context_load_ignore(pl_arena *a, const char *context_dir, const char *dockerfile,
                           pl_ignorefile **out)
{
    *out = NULL;
    const char *path;
    if (!pl_context_ignore_path(a, context_dir, dockerfile, &path))
        return 0;
    return pl_context_read_ignore(a, path, out);
}

int pl_context_read_ignore(pl_arena *a, const char *path, pl_ignorefile **out)
{
    *out = NULL;
    if (!path)
        return 0;
    path = pl_arena_strdup(a, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || (unsigned long long)st.st_size > MAX_IGNORE_FILE) {
        close(fd);
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *data = pl_arena_alloc(a, cap);
    for (;;) {
        ssize_t r = read(fd, data + len, cap - 1 - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len == cap - 1)
            break; /* grew while reading: the size seen first is enough */
    }
    close(fd);
    *out = pl_ignore_parse(a, path, data, len);
    return 0;
}

/* ---- lookups ---------------------------------------------------------------------- */

static const pl_ctx_entry *find_entry(const pl_ctx_entry *v, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = pl_context_path_cmp(v[mid].path, path);
        if (c == 0)
            return &v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const pl_ctx_excluded *find_excluded(const pl_ctx_excluded *v, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = pl_context_path_cmp(v[mid].path, path);
        if (c == 0)
            return &v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* First index whose path sorts after `path`. */
static size_t after(const pl_ctx_entry *v, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl_context_path_cmp(v[mid].path, path) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const pl_ctx_entry *find_sent(const pl_context *ctx, const char *path)
{
    const pl_ctx_entry *e = find_entry(ctx->files, ctx->nfiles, path);
    return e ? e : find_entry(ctx->dirs, ctx->ndirs, path);
}

/* A path below a directory that was not descended into: excluded when it
 * exists. */
static pl_ctx_status under_pruned(const pl_context *ctx, const char *path,
                                  const pl_ctx_excluded *dir, pl_ctx_kind *kind, int *pattern)
{
    size_t n = strlen(ctx->root) + strlen(path) + 2;
    char *full = malloc(n);
    if (!full)
        return PL_CTX_ABSENT;
    snprintf(full, n, "%s/%s", ctx->root, path);
    struct stat st;
    int exists = lstat(full, &st) == 0;
    free(full);
    if (!exists)
        return PL_CTX_ABSENT;
    *kind = kind_of(st.st_mode);
    *pattern = dir->pattern;
    return PL_CTX_EXCLUDED;
}

static pl_ctx_status lookup_clean(const pl_context *ctx, char *path, pl_ctx_kind *kind,
                                  int *pattern)
{
    if (strcmp(path, ".") == 0) {
        *kind = PL_CTX_DIR;
        return PL_CTX_SENT;
    }
    const pl_ctx_entry *e = find_sent(ctx, path);
    if (e) {
        *kind = e->kind;
        return PL_CTX_SENT;
    }
    const pl_ctx_excluded *x = find_excluded(ctx->excluded, ctx->nexcluded, path);
    if (x) {
        *kind = x->kind;
        *pattern = x->pattern;
        return PL_CTX_EXCLUDED;
    }
    /* what the ancestors say, nearest the root first */
    for (char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        const pl_ctx_entry *anc = find_sent(ctx, path);
        const pl_ctx_excluded *xa = anc ? NULL : find_excluded(ctx->excluded, ctx->nexcluded, path);
        *slash = '/';
        if (anc && anc->kind == PL_CTX_SYMLINK)
            return PL_CTX_BEYOND_SYMLINK;
        if (anc && anc->kind != PL_CTX_DIR)
            return PL_CTX_ABSENT;
        if (xa && xa->kind == PL_CTX_DIR && xa->pruned)
            return under_pruned(ctx, path, xa, kind, pattern);
        if (xa && xa->kind != PL_CTX_DIR)
            return PL_CTX_ABSENT;
    }
    return PL_CTX_ABSENT;
}

pl_ctx_status pl_context_lookup(const pl_context *ctx, const char *path, pl_ctx_kind *kind,
                                int *pattern)
{
    pl_ctx_kind k = (pl_ctx_kind)-1;
    int p = -1;
    pl_ctx_status st = PL_CTX_ABSENT;
    if (ctx && path) {
        size_t len = strlen(path);
        char stack[512];
        char *buf = len + 2 <= sizeof stack ? stack : malloc(len + 2);
        if (buf) {
            size_t n = pl_ignore_clean_buf(path, len, buf);
            char *clean = buf;
            if (n > 1 && clean[0] == '/')
                clean++;
            else if (n == 1 && clean[0] == '/')
                clean[0] = '.';
            st = lookup_clean(ctx, clean, &k, &p);
            if (buf != stack)
                free(buf);
        }
    }
    if (st != PL_CTX_SENT && st != PL_CTX_EXCLUDED) {
        k = (pl_ctx_kind)-1;
        p = -1;
    }
    if (kind)
        *kind = k;
    if (pattern)
        *pattern = p;
    return st;
}

/* ---- COPY wildcards ----------------------------------------------------------- */

/* fsutil's containsWildcards: `*`, `?` or `[` not escaped by a backslash. */
static int has_wildcards(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
            return 1;
    }
    return 0;
}

int pl_context_glob(const pl_context *ctx, pl_arena *a, const char *source, const char ***matches)
{
    *matches = NULL;
    if (!ctx || !source)
        return 0;
    char *path = pl_ignore_clean(a, source);
    if (path[0] == '/')
        path = path[1] ? path + 1 : ".";

    /* split before the first component with a wildcard */
    size_t split = (size_t)-1;
    for (size_t start = 0;;) {
        const char *slash = strchr(path + start, '/');
        size_t end = slash ? (size_t)(slash - path) : strlen(path);
        if (has_wildcards(path + start, end - start)) {
            split = start;
            break;
        }
        if (!slash)
            break;
        start = end + 1;
    }
    if (split == (size_t)-1) {
        if (pl_context_lookup(ctx, path, NULL, NULL) != PL_CTX_SENT)
            return 0;
        *matches = PL_NEW_N(a, const char *, 1);
        (*matches)[0] = path;
        return 1;
    }
    const char *rest = path + split;
    if (pl_ignore_fnmatch(rest, ".") < 0)
        return -1;
    char *base = pl_arena_strndup(a, path, split ? split - 1 : 0);
    pl_ctx_kind kind;
    if (*base && (pl_context_lookup(ctx, base, &kind, NULL) != PL_CTX_SENT || kind != PL_CTX_DIR))
        return 0;

    /* the sent tree below `base`, files and directories merged in walk order */
    size_t blen = strlen(base);
    size_t i = *base ? after(ctx->files, ctx->nfiles, base) : 0;
    size_t j = *base ? after(ctx->dirs, ctx->ndirs, base) : 0;
    grow found = {0};
    const char *skip = NULL;
    size_t skiplen = 0;
    for (;;) {
        const pl_ctx_entry *f = i < ctx->nfiles ? &ctx->files[i] : NULL;
        const pl_ctx_entry *d = j < ctx->ndirs ? &ctx->dirs[j] : NULL;
        const pl_ctx_entry *e;
        if (f && (!d || pl_context_path_cmp(f->path, d->path) < 0)) {
            e = f;
            i++;
        } else if (d) {
            e = d;
            j++;
        } else {
            break;
        }
        if (blen && (strncmp(e->path, base, blen) != 0 || e->path[blen] != '/'))
            break;
        if (skip && strncmp(e->path, skip, skiplen) == 0 && e->path[skiplen] == '/')
            continue;
        skip = NULL;
        const char *rel = blen ? e->path + blen + 1 : e->path;
        if (pl_ignore_fnmatch(rest, rel) != 1)
            continue;
        *(const char **)grow_push(a, &found, sizeof(const char *)) = e->path;
        if (e->kind == PL_CTX_DIR) {
            skip = e->path;
            skiplen = strlen(skip);
        }
    }
    *matches = found.data;
    return (int)found.n;
}
