/* ctx_sources.c — the local sources of a Dockerfile's COPY/ADD (and the
 * sources of its RUN bind mounts) resolved against the build context, as
 * BuildKit resolves them (dockerfile2llb dispatchCopy): after ARG/ENV
 * expansion, joined to "/" and cleaned (so `../x` is `x`), wildcards with
 * Go's filepath.Match, `--parents` with its `/./` pivot and patternmatcher
 * include patterns. Heredoc sources, URLs, git sources and `--from` are not
 * from the context and are left out. Computed once per file. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ctx_util.h"
#include "plimsoll/unit.h"

/* fsutil's containsWildcards: `*`, `?` or `[` not escaped. */
static int has_wildcards(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') {
            if (!s[1])
                break;
            s++;
        } else if (*s == '*' || *s == '?' || *s == '[') {
            return 1;
        }
    }
    return 0;
}

/* `yarn.loc[k]`: every wildcard is a one-character class, the idiom for
 * copying a file only when it exists (BuildKit allows a wildcard to match
 * nothing). */
static int optional_idiom(const char *s)
{
    int classes = 0;
    for (; *s; s++) {
        if (*s == '\\') {
            if (!s[1])
                break;
            s++;
        } else if (*s == '*' || *s == '?') {
            return 0;
        } else if (*s == '[') {
            if (!s[1] || s[1] == ']' || s[1] == '^' || s[1] == '\\' || s[2] != ']')
                return 0;
            classes++;
            s += 2;
        }
    }
    return classes > 0;
}

/* A source BuildKit fetches from elsewhere: a URL or a git repository. */
static int is_remote(const char *s)
{
    static const char *const prefixes[] = {"http://", "https://", "git://", "git@", "ssh://"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncasecmp(s, prefixes[i], strlen(prefixes[i])))
            return 1;
    return 0;
}

/* BuildKit joins a source with "/" and cleans it: `..` cannot leave the
 * context. The result is context-relative ("." for the root). */
static const char *context_path(pl_arena *a, const char *src)
{
    char *p = pl_ignore_clean(a, pl_arena_printf(a, "/%s", src));
    if (!strcmp(p, "/"))
        return ".";
    return p[0] == '/' ? p + 1 : p;
}

static const char *parent_dir(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* ---- the sent tree below a directory, files and directories merged ------------ */

typedef struct {
    const pl_context *ctx;
    const char *dir;
    size_t i, j;
} below_iter;

static size_t first_dir_below(const pl_context *ctx, const char *dir)
{
    if (!*dir || !strcmp(dir, "."))
        return 0;
    size_t lo = 0, hi = ctx->ndirs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl_context_path_cmp(ctx->dirs[mid].path, dir) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void below_start(below_iter *it, const pl_context *ctx, const char *dir)
{
    it->ctx = ctx;
    it->dir = !strcmp(dir, ".") ? "" : dir;
    it->i = pl_ctx_first_file_below(ctx, it->dir);
    it->j = first_dir_below(ctx, it->dir);
}

/* The next sent entry strictly below the directory, in walk order; NULL at
 * the end. */
static const pl_ctx_entry *below_next(below_iter *it)
{
    const pl_context *ctx = it->ctx;
    for (;;) {
        const pl_ctx_entry *f = it->i < ctx->nfiles ? &ctx->files[it->i] : NULL;
        const pl_ctx_entry *d = it->j < ctx->ndirs ? &ctx->dirs[it->j] : NULL;
        const pl_ctx_entry *e;
        if (f && (!d || pl_context_path_cmp(f->path, d->path) < 0)) {
            e = f;
            it->i++;
        } else if (d) {
            e = d;
            it->j++;
        } else {
            return NULL;
        }
        if (!pl_ctx_path_within(e->path, it->dir))
            return NULL;
        if (*it->dir && !strcmp(e->path, it->dir))
            continue;
        return e;
    }
}

static const char *relative_to(const char *path, const char *dir)
{
    if (!*dir || !strcmp(dir, "."))
        return path;
    return path + strlen(dir) + 1;
}

/* ---- resolving one source ------------------------------------------------------ */

typedef struct {
    pl_arena *a;
    const pl_context *ctx;
    pl_vec paths;
} collector;

static void add_match(collector *col, const char *path)
{
    pl_vec_push(col->a, &col->paths, (void *)path);
}

static void set_matches(pl_ctx_source *s, collector *col)
{
    s->nmatches = (int)col->paths.len;
    s->matches = PL_NEW_N(col->a, const char *, s->nmatches + 1);
    s->kinds = PL_NEW_N(col->a, pl_ctx_kind, s->nmatches + 1);
    for (int i = 0; i < s->nmatches; i++) {
        s->matches[i] = col->paths.items[i];
        pl_ctx_kind k;
        pl_context_lookup(col->ctx, s->matches[i], &k, NULL);
        s->kinds[i] = k == (pl_ctx_kind)-1 ? PL_CTX_SYMLINK : k;
    }
    s->status = s->nmatches ? PL_SRC_RESOLVED : PL_SRC_MISSING;
}

/* A directory the ignore file empties: sent, but nothing below it is. */
static void check_emptied_dirs(pl_ctx_source *s, const pl_context *ctx)
{
    if (s->status != PL_SRC_RESOLVED)
        return;
    for (int i = 0; i < s->nmatches; i++) {
        if (s->kinds[i] != PL_CTX_DIR)
            return;
        if (pl_ctx_files_below(ctx, s->matches[i], NULL))
            return;
    }
    for (int i = 0; i < s->nmatches; i++)
        for (size_t k = 0; k < ctx->nexcluded; k++) {
            const char *x = ctx->excluded[k].path;
            if (strcmp(x, s->matches[i]) && pl_ctx_path_within(x, s->matches[i])) {
                s->status = PL_SRC_IGNORED;
                s->left_out = x;
                s->pattern = ctx->excluded[k].pattern;
                return;
            }
        }
}

/* A source without wildcards (or a --parents source without any). */
static void resolve_plain(pl_ctx_source *s, collector *col)
{
    pl_ctx_kind kind;
    int pattern;
    switch (pl_context_lookup(col->ctx, s->path, &kind, &pattern)) {
    case PL_CTX_SENT:
    case PL_CTX_BEYOND_SYMLINK:
        add_match(col, s->path);
        set_matches(s, col);
        s->base = kind == PL_CTX_DIR ? s->path : parent_dir(col->a, s->path);
        check_emptied_dirs(s, col->ctx);
        break;
    case PL_CTX_EXCLUDED:
        s->status = PL_SRC_IGNORED;
        s->left_out = s->path;
        s->pattern = pattern;
        break;
    default:
        s->status = PL_SRC_MISSING;
        break;
    }
}

/* Components of `rest` matched one by one against the excluded path `rel`
 * (fewer components: a directory left out whole, whose contents the walk
 * did not list). Returns 1 when an excluded path matches. */
static int excluded_glob_hit(const pl_context *ctx, pl_arena *a, const char *base,
                             const char *rest, const pl_ctx_excluded *x)
{
    const char *rel = relative_to(x->path, base);
    const char *r = rest, *p = rel;
    for (;;) {
        const char *rs = strchr(r, '/'), *ps = strchr(p, '/');
        char *rc = pl_arena_strndup(a, r, rs ? (size_t)(rs - r) : strlen(r));
        char *pc = pl_arena_strndup(a, p, ps ? (size_t)(ps - p) : strlen(p));
        if (pl_ignore_fnmatch(rc, pc) != 1)
            return 0;
        if (!ps && !rs)
            return 1;
        if (ps && !rs)
            return 0; /* deeper than the pattern */
        if (!ps) {
            /* the excluded entry is a directory the walk skipped: look
             * below it when the rest of the pattern is literal */
            if (x->kind != PL_CTX_DIR || !x->pruned || has_wildcards(rs + 1))
                return 0;
            const char *below = pl_arena_printf(a, "%s/%s", x->path, rs + 1);
            return pl_context_lookup(ctx, below, NULL, NULL) == PL_CTX_EXCLUDED;
        }
        r = rs + 1;
        p = ps + 1;
    }
}

static void resolve_wildcard(pl_ctx_source *s, collector *col)
{
    const char **found;
    int n = pl_context_glob(col->ctx, col->a, s->path, &found);
    /* split before the first component holding a wildcard */
    size_t split = 0;
    for (const char *c = s->path;;) {
        const char *slash = strchr(c, '/');
        char *comp = pl_arena_strndup(col->a, c, slash ? (size_t)(slash - c) : strlen(c));
        if (has_wildcards(comp) || !slash) {
            split = (size_t)(c - s->path);
            break;
        }
        c = slash + 1;
    }
    s->base = split ? pl_arena_strndup(col->a, s->path, split - 1) : "";
    if (n < 0) {
        s->status = PL_SRC_MISSING;
        return;
    }
    for (int i = 0; i < n; i++)
        add_match(col, found[i]);
    set_matches(s, col);
    if (n > 0) {
        check_emptied_dirs(s, col->ctx);
        return;
    }
    const char *rest = s->path + split;
    const pl_context *ctx = col->ctx;
    if (*s->base) {
        pl_ctx_kind kind;
        int pattern;
        pl_ctx_status st = pl_context_lookup(ctx, s->base, &kind, &pattern);
        if (st == PL_CTX_EXCLUDED) {
            s->status = PL_SRC_IGNORED;
            s->left_out = s->base;
            s->pattern = pattern;
            return;
        }
        if (st != PL_CTX_SENT) {
            s->status = PL_SRC_MISSING;
            return;
        }
    }
    for (size_t k = 0; k < ctx->nexcluded; k++) {
        const pl_ctx_excluded *x = &ctx->excluded[k];
        if (!pl_ctx_path_within(x->path, s->base) || !strcmp(x->path, s->base))
            continue;
        if (excluded_glob_hit(ctx, col->a, s->base, rest, x)) {
            s->status = PL_SRC_IGNORED;
            s->left_out = x->path;
            s->pattern = x->pattern;
            return;
        }
    }
    s->status = optional_idiom(s->path) ? PL_SRC_OPTIONAL : PL_SRC_MISSING;
}

/* COPY --parents: `parent/./pattern`, the pattern matched the way
 * .dockerignore patterns are (patternmatcher) against paths below the
 * parent. */
static void resolve_parents(pl_ctx_source *s, const char *expanded, collector *col)
{
    const char *pivot = strstr(expanded, "/./");
    const char *parent = pivot ? pl_arena_strndup(col->a, expanded, (size_t)(pivot - expanded)) : "/";
    const char *pattern = context_path(col->a, pivot ? pivot + 3 : expanded);
    if (has_wildcards(parent)) {
        s->status = PL_SRC_UNKNOWN; /* wildcards before the pivot: not modelled */
        return;
    }
    const char *pdir = context_path(col->a, parent);
    if (!has_wildcards(pattern)) {
        s->path = !strcmp(pdir, ".") ? pattern : !strcmp(pattern, ".") ? pdir
                                                  : pl_arena_printf(col->a, "%s/%s", pdir, pattern);
        resolve_plain(s, col);
        return;
    }
    s->wildcard = 1;
    s->path = !strcmp(pdir, ".") ? pattern : pl_arena_printf(col->a, "%s/%s", pdir, pattern);
    s->base = !strcmp(pdir, ".") ? "" : pdir;
    const pl_ignorefile *pf = pl_ignore_from_patterns(col->a, &pattern, 1);
    if (!pf->npatterns || !pf->patterns[0].valid) {
        s->status = PL_SRC_MISSING;
        return;
    }
    if (*s->base) {
        pl_ctx_kind kind;
        int decided;
        pl_ctx_status st = pl_context_lookup(col->ctx, s->base, &kind, &decided);
        if (st == PL_CTX_EXCLUDED) {
            s->status = PL_SRC_IGNORED;
            s->left_out = s->base;
            s->pattern = decided;
            return;
        }
        if (st != PL_CTX_SENT || kind != PL_CTX_DIR) {
            s->status = PL_SRC_MISSING;
            return;
        }
    }
    below_iter it;
    below_start(&it, col->ctx, s->base);
    const char *skip = NULL;
    for (const pl_ctx_entry *e; (e = below_next(&it));) {
        if (skip && pl_ctx_path_within(e->path, skip))
            continue;
        skip = NULL;
        if (!pl_ignore_pattern_matches(pf, 0, relative_to(e->path, s->base)))
            continue;
        add_match(col, e->path);
        if (e->kind == PL_CTX_DIR)
            skip = e->path;
    }
    set_matches(s, col);
    if (s->nmatches)
        return;
    for (size_t k = 0; k < col->ctx->nexcluded; k++) {
        const pl_ctx_excluded *x = &col->ctx->excluded[k];
        if (pl_ctx_path_within(x->path, s->base) && strcmp(x->path, s->base) &&
            pl_ignore_pattern_matches(pf, 0, relative_to(x->path, s->base))) {
            s->status = PL_SRC_IGNORED;
            s->left_out = x->path;
            s->pattern = x->pattern;
            return;
        }
    }
    s->status = optional_idiom(pattern) ? PL_SRC_OPTIONAL : PL_SRC_MISSING;
}

/* ---- the instructions ------------------------------------------------------------ */

typedef struct {
    pl_arena *a;
    const pl_ctx_info *ci;
    const pl_df_model *m;
    pl_vec out; /* pl_ctx_source* */
} resolver;

static const pl_ignorefile *instruction_excludes(resolver *r, const pl_df_instr *ins)
{
    const char *pats[32];
    int n = 0;
    for (int i = 0; i < ins->nflags && n < 32; i++) {
        const pl_df_flag *fl = &ins->flags[i];
        if (strcmp(fl->name, "exclude") || !fl->value || !*fl->value)
            continue;
        const char *v;
        if (pl_model_expand(r->a, r->m, ins, fl->value, &v) == PL_EXPAND_OK && *v)
            pats[n++] = v;
    }
    return n ? pl_ignore_from_patterns(r->a, pats, n) : NULL;
}

static int is_heredoc_source(const pl_df_instr *ins, const pl_df_word *w)
{
    for (int i = 0; i < ins->nheredocs; i++)
        if (ins->heredocs[i].span.line == w->span.line && ins->heredocs[i].span.col == w->span.col)
            return 1;
    return 0;
}

static int flag_true(const pl_df_flag *fl)
{
    return fl && (!fl->value || !strcasecmp(fl->value, "true"));
}

static pl_ctx_source *new_source(resolver *r, const pl_df_instr *ins, pl_span span,
                                 const char *written)
{
    pl_ctx_source *s = PL_NEW(r->a, pl_ctx_source);
    s->ins = ins;
    s->span = span;
    s->written = written;
    s->pattern = -1;
    s->base = "";
    pl_vec_push(r->a, &r->out, s);
    return s;
}

static void resolve_copy(resolver *r, const pl_df_instr *ins)
{
    if (ins->nargs < 2 || pl_df_flag_get(ins, "from"))
        return;
    int parents = ins->kind == PL_DF_COPY && flag_true(pl_df_flag_get(ins, "parents"));
    const pl_ignorefile *excludes = instruction_excludes(r, ins);
    for (int k = 0; k < ins->nargs - 1; k++) {
        const pl_df_word *w = &ins->args[k];
        if (is_heredoc_source(ins, w))
            continue;
        const char *v;
        pl_expand_status st = pl_model_expand(r->a, r->m, ins, w->text, &v);
        if (st == PL_EXPAND_OK && is_remote(v))
            continue;
        if (st != PL_EXPAND_OK && is_remote(w->text))
            continue;
        pl_ctx_source *s = new_source(r, ins, w->span, w->text);
        s->excludes = excludes;
        if (st != PL_EXPAND_OK) {
            s->status = PL_SRC_UNKNOWN;
            continue;
        }
        collector col = {r->a, r->ci->ctx, {0}};
        if (parents) {
            resolve_parents(s, v, &col);
            continue;
        }
        /* a Windows builder reads `.\docker-entrypoint.ps1` with the
         * backslash as the path separator */
        if (strchr(v, '\\') && ins->index >= 0 && ins->index < r->m->df->ninstrs &&
            pl_stage_windows(r->a, r->m->stage_of[ins->index]) != PL_WINDOWS_NO) {
            char *fwd = pl_arena_strdup(r->a, v);
            for (char *p = fwd; *p; p++)
                if (*p == '\\')
                    *p = '/';
            v = fwd;
        }
        s->path = context_path(r->a, v);
        s->wildcard = has_wildcards(s->path);
        if (s->wildcard)
            resolve_wildcard(s, &col);
        else
            resolve_plain(s, &col);
        /* the path came from an ARG default: the build may pass another */
        if (s->status == PL_SRC_MISSING && pl_model_uses_arg_default(r->m, ins, w->text)) {
            s->status = PL_SRC_UNKNOWN;
            s->from_arg_default = 1;
        }
    }
}

/* RUN --mount=type=bind without from= mounts a path of the context. */
static void resolve_mounts(resolver *r, const pl_df_instr *ins)
{
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *fl = &ins->flags[i];
        if (strcmp(fl->name, "mount") || !fl->value)
            continue;
        const char *v;
        pl_expand_status st = pl_model_expand(r->a, r->m, ins, fl->value, &v);
        const char *text = st == PL_EXPAND_OK ? v : fl->value;
        const char *type = "bind", *source = ".";
        int from = 0;
        for (const char *p = text; *p;) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            const char *eq = memchr(p, '=', n);
            size_t kn = eq ? (size_t)(eq - p) : n;
            const char *val = eq ? pl_arena_strndup(r->a, eq + 1, n - kn - 1) : "";
            if (kn == 4 && !strncasecmp(p, "type", 4))
                type = val;
            else if ((kn == 6 && !strncasecmp(p, "source", 6)) || (kn == 3 && !strncasecmp(p, "src", 3)))
                source = val;
            else if (kn == 4 && !strncasecmp(p, "from", 4))
                from = 1;
            p += n + (comma ? 1 : 0);
        }
        if (from || strcasecmp(type, "bind"))
            continue;
        pl_ctx_source *s = new_source(r, ins, fl->span, fl->raw);
        s->is_mount = 1;
        if (st != PL_EXPAND_OK) {
            s->status = PL_SRC_UNKNOWN;
            continue;
        }
        collector col = {r->a, r->ci->ctx, {0}};
        s->path = context_path(r->a, *source ? source : ".");
        resolve_plain(s, &col);
    }
}

static void resolve_all(pl_arena *a, pl_ctx_info *ci, const pl_df_model *m)
{
    resolver r = {a, ci, m, {0}};
    /* ONBUILD instructions run in a later build, with its own context */
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (!m->stage_of[i])
            continue;
        if (ins->kind == PL_DF_COPY || ins->kind == PL_DF_ADD)
            resolve_copy(&r, ins);
        else if (ins->kind == PL_DF_RUN)
            resolve_mounts(&r, ins);
    }
    ci->nsources = (int)r.out.len;
    ci->sources = PL_NEW_N(a, pl_ctx_source, ci->nsources + 1);
    for (int i = 0; i < ci->nsources; i++)
        ci->sources[i] = *(pl_ctx_source *)r.out.items[i];
    ci->sources_ready = 1;
}

/* Sources that name a path (no wildcard) the context lacks. */
static int plain_missing(const pl_ctx_info *ci, const char **paths, const char **first)
{
    int n = 0;
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        if (s->status != PL_SRC_MISSING || s->wildcard || !s->path)
            continue;
        if (paths)
            paths[n] = s->path;
        if (first && !n)
            *first = s->written;
        n++;
    }
    return n;
}

/* `docker build -f app/Dockerfile .`: when every source missing from the
 * Dockerfile's directory is in a directory above it, and everything
 * resolves there, that directory is the context the Dockerfile is built
 * with. Up to four levels, never above the repository. */
#define MAX_LEVELS_UP 4

static void try_ancestors(pl_arena *a, const pl_file *f, pl_ctx_info *ci, const pl_df_model *m)
{
    const char *first = NULL;
    int n = plain_missing(ci, NULL, NULL);
    if (!n)
        return;
    const char **need = PL_NEW_N(a, const char *, n);
    plain_missing(ci, need, &first);
    const pl_ctx_info *from = ci;
    for (int level = 0; level < MAX_LEVELS_UP; level++) {
        pl_ctx_info *up;
        int rc = pl_ctx_ancestor(f, from, need, n, &up);
        if (rc < 0)
            return;
        if (rc == 0) {
            from = up;
            continue;
        }
        resolve_all(a, up, m);
        if (plain_missing(up, NULL, NULL))
            return;
        up->guess_note = pl_arena_printf(a, "taken as the context because %s lacks `%s`",
                                         pl_ctx_label(a, ci), first);
        up->unit = ci->unit;
        *ci = *up;
        return;
    }
}

int pl_ctx_is_guess(const pl_ctx_info *ci)
{
    return ci && !(ci->unit && ci->unit->spec.context) && ci->repo_dir && *ci->repo_dir;
}

const pl_ctx_info *pl_ctx_sources(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return NULL;
    pl_ctx_info *ci = (pl_ctx_info *)pl_ctx_get(c, f);
    if (ci->unavailable) {
        pl_skip(c, "%s", ci->unavailable);
        return NULL;
    }
    if (ci->sources_ready)
        return ci;
    resolve_all(f->arena, ci, m);
    /* a context some source gives is the context: no guessing above it */
    if (!ci->unit || !ci->unit->spec.context)
        try_ancestors(f->arena, f, ci, m);
    return ci;
}
