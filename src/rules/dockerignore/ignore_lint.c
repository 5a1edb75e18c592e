/* ignore_lint.c — .dockerignore files: PL0002 malformed patterns, PL3001 a
 * pattern matching nothing in the context, PL3002 a `!` line that never
 * decides anything, PL3003 a `#` comment not at column 1, PL3004 a pattern
 * singling out the Dockerfile or the ignore file, PL3005 a catch-all with no
 * re-include after it. The context of a .dockerignore (and of
 * `<Dockerfile>.dockerignore`) is its own directory. */
#include <string.h>

#include "../context/ctx_util.h"
#include "ignore_local.h"

/* ---- spans ------------------------------------------------------------------ */

/* From the pattern's first character to the end of its line, trailing
 * blanks left out. */
static pl_span pattern_span(const pl_ignore_pattern *p)
{
    size_t n = p->raw ? strlen(p->raw) : 0;
    while (n > 0 && (p->raw[n - 1] == ' ' || p->raw[n - 1] == '\t'))
        n--;
    int end = (int)n > p->col ? (int)n : p->col;
    return pl_span_make(p->line, p->col, p->line, end);
}

static const pl_ignorefile *ignore_or_skip(pl_check *c, const pl_file *f)
{
    if (!f->ignore) {
        pl_skip(c, "the file could not be read");
        return NULL;
    }
    return f->ignore;
}

/* ---- PL0002 ------------------------------------------------------------------ */

void pl_check_ignore_syntax_error(pl_check *c, const pl_file *f)
{
    const pl_ignorefile *ign = ignore_or_skip(c, f);
    if (!ign)
        return;
    for (const pl_diag *d = ign->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR)
            pl_fail(c, d->span, NULL, "%s", d->message);
    pl_pass(c, (pl_span){0}, "%d pattern%s parsed", ign->npatterns, ign->npatterns == 1 ? "" : "s");
}

/* ---- PL3003 ------------------------------------------------------------------ */

/* The `#` of a comment that became (part of) the pattern, or NULL. */
static const char *comment_start(const pl_ignore_pattern *p)
{
    if (!p->raw || p->col < 1 || (size_t)p->col > strlen(p->raw))
        return NULL;
    const char *start = p->raw + p->col - 1;
    if (*start == '#')
        return start;
    for (const char *h = start + 1; (h = strchr(h, '#')); h++)
        if (h[-1] == ' ' || h[-1] == '\t')
            return h;
    return NULL;
}

static int comment_like(const pl_ignore_pattern *p)
{
    return comment_start(p) != NULL;
}

void pl_check_ignore_indented_comment(pl_check *c, const pl_file *f)
{
    const pl_ignorefile *ign = ignore_or_skip(c, f);
    if (!ign)
        return;
    for (int i = 0; i < ign->npatterns; i++) {
        const pl_ignore_pattern *p = &ign->patterns[i];
        const char *hash = comment_start(p);
        if (!hash)
            continue;
        if (hash == p->raw + p->col - 1)
            pl_fail(c, pattern_span(p), NULL,
                    "`%s` is a pattern, not a comment: a comment's `#` must be the first "
                    "character of the line",
                    hash);
        else
            pl_fail(c,
                    pl_span_make(p->line, (int)(hash - p->raw) + 1, p->line,
                                 pattern_span(p).end_col),
                    NULL,
                    "the comment after the pattern is part of it: the line is the pattern "
                    "`%s`, which matches a name with `#` in it",
                    p->pattern);
    }
    pl_pass(c, (pl_span){0}, "%d pattern%s, no comment read as a pattern", ign->npatterns,
            ign->npatterns == 1 ? "" : "s");
}

/* ---- PL3005 ------------------------------------------------------------------ */

void pl_check_ignore_excludes_everything(pl_check *c, const pl_file *f)
{
    const pl_ignorefile *ign = ignore_or_skip(c, f);
    if (!ign)
        return;
    int reincluded_after = 0;
    for (int i = ign->npatterns - 1; i >= 0; i--) {
        const pl_ignore_pattern *p = &ign->patterns[i];
        if (!p->valid)
            continue;
        if (p->exclusion) {
            reincluded_after = 1;
            continue;
        }
        if (pl_ctx_catch_all(p->pattern) && !reincluded_after)
            pl_fail(c, pattern_span(p), NULL,
                    "`%s` excludes the whole build context and no `!` line after it "
                    "re-includes anything: every COPY/ADD from the context fails",
                    p->pattern);
    }
    pl_pass(c, (pl_span){0}, "no catch-all pattern without a re-include after it");
}

/* ---- the context's paths ------------------------------------------------------ */

typedef struct {
    const char **paths;
    size_t n;
} path_list;

static path_list all_paths(pl_arena *a, const pl_context *ctx)
{
    path_list l;
    l.paths = PL_NEW_N(a, const char *, ctx->nfiles + ctx->ndirs + ctx->nexcluded + 1);
    l.n = 0;
    for (size_t i = 0; i < ctx->ndirs; i++)
        l.paths[l.n++] = ctx->dirs[i].path;
    for (size_t i = 0; i < ctx->nfiles; i++)
        l.paths[l.n++] = ctx->files[i].path;
    for (size_t i = 0; i < ctx->nexcluded; i++)
        l.paths[l.n++] = ctx->excluded[i].path;
    return l;
}

static const pl_ctx_info *context_or_skip(pl_check *c, const pl_file *f)
{
    if (!ignore_or_skip(c, f))
        return NULL;
    const pl_ctx_info *ci = pl_ctx_get(c, f);
    if (ci->unavailable) {
        pl_skip(c, "%s", ci->unavailable);
        return NULL;
    }
    return ci;
}

/* ---- PL3001 ------------------------------------------------------------------ */

/* A pattern whose literal part lies inside a directory the walk did not
 * enter: what it would match there is not known. */
static int inside_pruned(const pl_context *ctx, const char *pattern)
{
    for (size_t i = 0; i < ctx->nexcluded; i++) {
        const pl_ctx_excluded *x = &ctx->excluded[i];
        if (x->pruned && x->kind == PL_CTX_DIR && strcmp(pattern, x->path) &&
            pl_ctx_path_within(pattern, x->path))
            return 1;
    }
    return 0;
}

void pl_check_ignore_pattern_unused(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = context_or_skip(c, f);
    if (!ci)
        return;
    const pl_ignorefile *ign = f->ignore;
    pl_arena *a = pl_check_arena(c);
    const pl_workspace *ws = pl_check_workspace(c);
    pl_git *g = ws && !ci->staged ? ws->git : NULL;
    path_list l = all_paths(a, ci->ctx);
    int checked = 0, local = 0;
    for (int i = 0; i < ign->npatterns; i++) {
        const pl_ignore_pattern *p = &ign->patterns[i];
        if (!p->valid)
            continue;
        checked++;
        int used = 0;
        for (size_t k = 0; k < l.n && !used; k++)
            used = pl_ignore_pattern_matches(ign, i, l.paths[k]);
        /* a comment read as a pattern is ignore-indented-comment's */
        if (used || comment_like(p) || inside_pruned(ci->ctx, p->pattern))
            continue;
        /* what a clean checkout lacks and a work tree has: excluded in
         * case it is there */
        if (pl_ignore_names_local_artefact(p->pattern) ||
            pl_ignore_names_git_ignored(a, g, ci->repo_dir, p->pattern)) {
            local++;
            continue;
        }
        pl_fail(c, pattern_span(p), NULL, "`%s` matches none of the %zu paths of the build context %s",
                p->raw + p->col - 1, l.n, pl_ctx_label(a, ci));
    }
    if (local)
        pl_pass(c, (pl_span){0}, "%d pattern%s, each matching something in %s or naming a local "
                                 "artefact or a path git ignores (%d)",
                checked, checked == 1 ? "" : "s", pl_ctx_label(a, ci), local);
    else
        pl_pass(c, (pl_span){0}, "%d pattern%s, each matching something in %s", checked,
                checked == 1 ? "" : "s", pl_ctx_label(a, ci));
}

/* ---- PL3002 ------------------------------------------------------------------ */

void pl_check_ignore_reinclude_ineffective(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = context_or_skip(c, f);
    if (!ci)
        return;
    const pl_ignorefile *ign = f->ignore;
    pl_arena *a = pl_check_arena(c);
    path_list l = all_paths(a, ci->ctx);
    int checked = 0;
    for (int j = 0; j < ign->npatterns; j++) {
        const pl_ignore_pattern *p = &ign->patterns[j];
        if (!p->valid || !p->exclusion)
            continue;
        const char *first = NULL;
        int first_decider = -1, effective = 0;
        for (size_t k = 0; k < l.n && !effective; k++) {
            if (!pl_ignore_pattern_matches(ign, j, l.paths[k]))
                continue;
            int d;
            pl_ignore_match(ign, l.paths[k], &d);
            if (d == j)
                effective = 1;
            else if (!first || (d > j && first_decider <= j)) {
                first = l.paths[k];
                first_decider = d;
            }
        }
        if (!first && !effective)
            continue; /* matches nothing: ignore-pattern-unused */
        checked++;
        if (effective)
            continue;
        if (first_decider > j) {
            const pl_ignore_pattern *later = &ign->patterns[first_decider];
            pl_fail(c, pattern_span(p), NULL,
                    "`%s` has no effect: line %d (`%s`) excludes what it re-includes again "
                    "(%s)",
                    p->raw + p->col - 1, later->line, later->pattern, first);
        } else {
            pl_fail(c, pattern_span(p), NULL,
                    "`%s` has no effect: no line before it excludes what it matches (%s)",
                    p->raw + p->col - 1, first);
        }
    }
    if (!checked)
        pl_skip(c, "no `!` line matches anything in %s", pl_ctx_label(a, ci));
    else
        pl_pass(c, (pl_span){0}, "%d `!` line%s, each re-including something", checked,
                checked == 1 ? "" : "s");
}

/* ---- PL3004 ------------------------------------------------------------------ */

static int exists_at_root(const pl_context *ctx, const char *name)
{
    return pl_context_lookup(ctx, name, NULL, NULL) == PL_CTX_SENT ||
           pl_context_lookup(ctx, name, NULL, NULL) == PL_CTX_EXCLUDED;
}

void pl_check_ignore_excludes_dockerfile(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = context_or_skip(c, f);
    if (!ci)
        return;
    const pl_ignorefile *ign = f->ignore;
    pl_arena *a = pl_check_arena(c);
    const pl_context *ctx = ci->ctx;
    const char *slash = strrchr(f->path, '/');
    const char *self = slash ? slash + 1 : f->path;

    /* the files this ignore file governs: itself and its Dockerfiles */
    pl_vec names = {0};
    pl_vec_push(a, &names, (void *)self);
    if (!strcmp(self, ".dockerignore")) {
        for (int pass = 0; pass < 2; pass++) {
            size_t n = pass ? ctx->nexcluded : ctx->nfiles;
            for (size_t i = 0; i < n; i++) {
                const char *p = pass ? ctx->excluded[i].path : ctx->files[i].path;
                pl_ctx_kind k = pass ? ctx->excluded[i].kind : ctx->files[i].kind;
                if (strchr(p, '/') || k == PL_CTX_DIR || !pl_ctx_dockerfile_name(p))
                    continue;
                if (exists_at_root(ctx, pl_arena_printf(a, "%s.dockerignore", p)))
                    continue;
                pl_vec_push(a, &names, (void *)p);
            }
        }
    } else {
        const char *dockerfile = pl_arena_strndup(a, self, strlen(self) - strlen(".dockerignore"));
        if (*dockerfile && exists_at_root(ctx, dockerfile))
            pl_vec_push(a, &names, (void *)dockerfile);
    }
    pl_strbuf *hit = PL_NEW_N(a, pl_strbuf, ign->npatterns + 1);
    for (size_t i = 0; i < names.len; i++) {
        int d;
        if (!pl_ignore_match(ign, names.items[i], &d) || d < 0)
            continue;
        if (pl_ctx_catch_all(ign->patterns[d].pattern))
            continue;
        if (!hit[d].arena)
            pl_sb_init(&hit[d], a);
        else
            pl_sb_puts(&hit[d], ", ");
        pl_sb_puts(&hit[d], names.items[i]);
    }
    for (int d = 0; d < ign->npatterns; d++)
        if (hit[d].arena)
            pl_fail(c, pattern_span(&ign->patterns[d]), NULL,
                    "`%s` excludes %s: docker still sends it, but COPY/ADD cannot take it",
                    ign->patterns[d].raw + ign->patterns[d].col - 1, pl_sb_str(&hit[d]));
    pl_pass(c, (pl_span){0}, "%zu file%s checked (%s%s)", names.len, names.len == 1 ? "" : "s",
            self, names.len > 1 ? " and its Dockerfiles" : "");
}
