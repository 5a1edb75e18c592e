/* df_runtime_util.c — stage chains, working directories, COPY/ADD landing
 * paths and build-context lookups for the runtime rules.
 * The build context is the one the context rules walk (ctx_util.h). */
#include "df_runtime_util.h"

#include <fnmatch.h>
#include <string.h>

int pl_rt_chain(pl_arena *a, const pl_stage *s, const pl_stage ***out)
{
    int n = 0;
    for (const pl_stage *p = s; p && n < 4096; p = p->parent)
        n++;
    const pl_stage **v = PL_NEW_N(a, const pl_stage *, n > 0 ? n : 1);
    int i = n;
    for (const pl_stage *p = s; p && i > 0; p = p->parent)
        v[--i] = p;
    *out = v;
    return n;
}

/* ---- paths ---------------------------------------------------------------- */

const char *pl_rt_path_join(pl_arena *a, const char *dir, const char *path)
{
    const char *full = path[0] == '/' ? path : pl_arena_printf(a, "%s/%s", dir ? dir : "/", path);
    size_t n = strlen(full);
    /* components kept so far, as offsets into out */
    char *out = pl_arena_alloc(a, n + 2);
    size_t *starts = PL_NEW_N(a, size_t, n / 2 + 2);
    size_t o = 0;
    int depth = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && full[i] == '/')
            i++;
        size_t j = i;
        while (j < n && full[j] != '/')
            j++;
        size_t len = j - i;
        if (len == 0 || (len == 1 && full[i] == '.')) {
            /* nothing */
        } else if (len == 2 && full[i] == '.' && full[i + 1] == '.') {
            if (depth > 0)
                o = starts[--depth];
        } else {
            starts[depth++] = o;
            out[o++] = '/';
            memcpy(out + o, full + i, len);
            o += len;
        }
        i = j;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

const char *pl_rt_dirname(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pl_arena_strndup(a, path, (size_t)(slash - path));
}

const char *pl_rt_basename(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *b = path;
    for (size_t i = 0; i + 1 < n; i++)
        if (path[i] == '/')
            b = path + i + 1;
    return b;
}

int pl_rt_path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (!strcmp(dir, "/"))
        return path[0] == '/';
    return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

int pl_rt_system_program(const char *path)
{
    static const char *const dirs[] = {"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/lib",
                                       "/usr/libexec", "/lib", NULL};
    for (int i = 0; dirs[i]; i++)
        if (pl_rt_path_under(path, dirs[i]))
            return 1;
    return 0;
}

int pl_rt_has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* ---- COPY / ADD ---------------------------------------------------------------- */

int pl_rt_copy_read(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins, const char *workdir,
                    pl_rt_copy *out)
{
    memset(out, 0, sizeof *out);
    if ((ins->kind != PL_DF_COPY && ins->kind != PL_DF_ADD) || ins->nargs < 2)
        return -1;
    out->ins = ins;
    const pl_df_flag *from = pl_df_flag_get(ins, "from");
    if (from && from->value) {
        const char *v;
        if (pl_model_expand(a, m, ins, from->value, &v) != PL_EXPAND_OK || !v)
            out->unknown = 1;
        out->from = v ? v : from->value;
    }
    out->nsrcs = ins->nargs - 1;
    out->srcs = PL_NEW_N(a, const char *, out->nsrcs);
    for (int i = 0; i < out->nsrcs; i++) {
        const char *t = ins->args[i].text, *v = NULL;
        if (t[0] == '<' && t[1] == '<') {
            out->srcs[i] = t;
            continue;
        }
        if (pl_model_expand(a, m, ins, t, &v) != PL_EXPAND_OK || !v) {
            out->unknown = 1;
            v = t;
        }
        out->srcs[i] = v;
    }
    const char *d = ins->args[ins->nargs - 1].text, *dv = NULL;
    if (pl_model_expand(a, m, ins, d, &dv) != PL_EXPAND_OK || !dv) {
        out->unknown = 1;
        dv = d;
    }
    size_t dl = strlen(dv);
    out->dest_dir = out->nsrcs > 1 || (dl && dv[dl - 1] == '/') || !strcmp(dv, ".") ||
                    (dl >= 2 && !strcmp(dv + dl - 2, "/."));
    if (dv[0] != '/' && !workdir)
        out->unknown = 1;
    out->dest = pl_rt_path_join(a, workdir ? workdir : PL_RT_BASE_WORKDIR, dv);
    return 0;
}

/* ---- facts ------------------------------------------------------------------------ */

pl_rt_facts *pl_rt_facts_build(pl_arena *a, const pl_df_model *m)
{
    int n = m->df->ninstrs;
    pl_rt_facts *f = PL_NEW(a, pl_rt_facts);
    f->model = m;
    f->workdir = PL_NEW_N(a, const char *, n > 0 ? n : 1);
    f->copy = PL_NEW_N(a, pl_rt_copy *, n > 0 ? n : 1);
    f->run = PL_NEW_N(a, pl_sh_script *, n > 0 ? n : 1);
    f->script = PL_NEW_N(a, const char *, n > 0 ? n : 1);
    const char **end = PL_NEW_N(a, const char *, m->nstages > 0 ? m->nstages : 1);
    for (int si = 0; si < m->nstages; si++) {
        const pl_stage *s = m->stages[si];
        /* a parent stage comes earlier in the file, so its end is known */
        const char *wd = s->parent && s->parent->index < si ? end[s->parent->index]
                         : s->is_scratch                    ? "/"
                                                            : PL_RT_BASE_WORKDIR;
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->index < 0 || ins->index >= n)
                continue;
            f->workdir[ins->index] = wd;
            if (ins->kind == PL_DF_WORKDIR && ins->nargs >= 1) {
                const char *v;
                if (pl_model_expand(a, m, ins, ins->args[0].text, &v) != PL_EXPAND_OK || !v)
                    wd = NULL;
                else if (v[0] == '/' || wd)
                    wd = pl_rt_path_join(a, wd, v);
            } else if (ins->kind == PL_DF_COPY || ins->kind == PL_DF_ADD) {
                pl_rt_copy *c = PL_NEW(a, pl_rt_copy);
                if (pl_rt_copy_read(a, m, ins, wd, c) == 0)
                    f->copy[ins->index] = c;
            } else if (ins->kind == PL_DF_RUN) {
                f->run[ins->index] = pl_df_run_shell(a, ins, &f->script[ins->index]);
            }
        }
        end[si] = wd;
    }
    return f;
}

/* ---- build context ------------------------------------------------------------- */

const pl_ctx_info *pl_rt_context(pl_check *c, const pl_file *f)
{
    /* the same context the context rules judge sources against, including
     * their choice of a parent directory for `docker build -f app/Dockerfile .` */
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    return ci && !ci->unavailable && ci->ctx ? ci : NULL;
}

/* Context-relative and cleaned, without a leading '/'; `..` above the
 * root stays at the root. */
static const char *context_rel(pl_arena *a, const char *rel)
{
    const char *clean = pl_rt_path_join(a, "/", rel);
    return clean + 1;
}

pl_rt_ctx pl_rt_context_stat(pl_arena *a, const pl_ctx_info *ctx, const char *rel)
{
    if (!ctx)
        return PL_RT_UNKNOWN;
    const char *r = context_rel(a, rel);
    pl_ctx_kind kind;
    switch (pl_context_lookup(ctx->ctx, *r ? r : ".", &kind, NULL)) {
    case PL_CTX_SENT:
        return kind == PL_CTX_DIR ? PL_RT_DIR : PL_RT_FILE;
    case PL_CTX_BEYOND_SYMLINK:
        return PL_RT_UNKNOWN;
    default:
        return PL_RT_ABSENT;
    }
}

static int looks_like_file(const char *src)
{
    size_t n = strlen(src);
    if (!n || src[n - 1] == '/' || !strcmp(src, ".") || (n >= 2 && !strcmp(src + n - 2, "/.")))
        return 0;
    const char *b = pl_rt_basename(src);
    const char *dot = strrchr(b, '.');
    return dot && dot != b;
}

static int is_archive(const char *s)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz",
                                      ".txz", ".tar.zst", NULL};
    size_t n = strlen(s);
    for (const char *const *e = ext; *e; e++) {
        size_t k = strlen(*e);
        if (n > k && !strcmp(s + n - k, *e))
            return 1;
    }
    return 0;
}

static pl_rt_ctx better(pl_rt_ctx cur, pl_rt_ctx next)
{
    if (cur == PL_RT_FILE || next == PL_RT_FILE)
        return PL_RT_FILE;
    if (cur == PL_RT_UNKNOWN || next == PL_RT_UNKNOWN)
        return PL_RT_UNKNOWN;
    return PL_RT_ABSENT;
}

/* A directory source `src` of the context copied to `dest`: does it hold
 * the file `target` lands at? */
static pl_rt_ctx dir_holds(pl_arena *a, const pl_ctx_info *ctx, const char *src, const char *dest,
                           const char *target)
{
    if (!pl_rt_path_under(target, dest) || !strcmp(target, dest))
        return PL_RT_ABSENT;
    if (!ctx)
        return PL_RT_UNKNOWN;
    size_t dl = strcmp(dest, "/") ? strlen(dest) : 0;
    const char *rel = pl_arena_printf(a, "%s/%s", src, target + dl + 1);
    return pl_rt_context_stat(a, ctx, rel) == PL_RT_FILE ? PL_RT_FILE : PL_RT_ABSENT;
}

pl_rt_ctx pl_rt_copy_lands(pl_arena *a, const pl_rt_copy *c, const pl_ctx_info *ctx, const char *target,
                           const char **why)
{
    pl_rt_ctx best = PL_RT_ABSENT;
    int line = c->ins->span.line;
    const char *kw = c->ins->kind == PL_DF_ADD ? "ADD" : "COPY";
    for (int i = 0; i < c->nsrcs && best != PL_RT_FILE; i++) {
        const char *src = c->srcs[i];
        const char *name;
        if (src[0] == '<' && src[1] == '<') {
            name = src + 2 + (src[2] == '-');
            size_t nl = strlen(name);
            if (nl >= 2 && (*name == '"' || *name == '\''))
                name = pl_arena_strndup(a, name + 1, nl - 2);
        } else {
            name = pl_rt_basename(src);
        }
        const char *landing = c->dest_dir ? pl_rt_path_join(a, c->dest, name) : c->dest;
        int exact = !pl_rt_has_glob(src) && !strcmp(landing, target);
        /* a wildcard onto a destination without a trailing slash (vikunja's
         * `COPY --from=apibuilder /build/vikunja-* vikunja`): BuildKit
         * copies each match to the destination path itself, so one file
         * matching lands as that name (several are refused by the classic
         * builder and overwrite each other in BuildKit) */
        int glob_onto = pl_rt_has_glob(src) && !c->dest_dir && !strcmp(c->dest, target);
        if (src[0] == '<' && src[1] == '<') {
            if (!strcmp(landing, target)) {
                best = PL_RT_FILE;
                *why = pl_arena_printf(a, "%s <<heredoc (line %d)", kw, line);
            }
            continue;
        }
        if (c->from) {
            pl_rt_ctx r = exact || glob_onto ? PL_RT_FILE
                                : pl_rt_path_under(target, c->dest) && strcmp(target, c->dest)
                                      ? PL_RT_UNKNOWN
                                      : PL_RT_ABSENT;
            if (r != PL_RT_ABSENT && best != PL_RT_UNKNOWN)
                *why = pl_arena_printf(a, "%s --from=%s %s (line %d)", kw, c->from, src, line);
            best = better(best, r);
            continue;
        }
        if (strstr(src, "://") || !strncmp(src, "git@", 4)) {
            if (exact) {
                best = PL_RT_FILE;
                *why = pl_arena_printf(a, "ADD %s (line %d)", src, line);
            }
            continue;
        }
        pl_rt_ctx r = PL_RT_ABSENT;
        if (glob_onto) {
            r = PL_RT_UNKNOWN; /* a match in the context may be a folder */
        } else if (pl_rt_has_glob(src)) {
            const char *sdir = pl_rt_dirname(a, src);
            const char *tdir = pl_rt_dirname(a, target);
            if (!strcmp(tdir, c->dest) && !pl_rt_has_glob(sdir) &&
                fnmatch(pl_rt_basename(src), pl_rt_basename(target), 0) == 0) {
                pl_rt_ctx k = pl_rt_context_stat(
                    a, ctx, pl_arena_printf(a, "%s/%s", sdir, pl_rt_basename(target)));
                r = k == PL_RT_FILE ? PL_RT_FILE : k == PL_RT_UNKNOWN ? PL_RT_UNKNOWN : PL_RT_ABSENT;
            } else if (pl_rt_path_under(target, c->dest) && strcmp(target, c->dest)) {
                r = PL_RT_UNKNOWN; /* a matching directory's contents land in dest */
            }
        } else {
            pl_rt_ctx kind = pl_rt_context_stat(a, ctx, src);
            /* a source named but absent is the COPY sources rule's business:
             * the COPY still names the file */
            if (exact && kind != PL_RT_DIR)
                r = PL_RT_FILE;
            if (r == PL_RT_ABSENT && kind == PL_RT_DIR)
                r = dir_holds(a, ctx, src, c->dest, target);
            /* a folder the context does not hold (commafeed's
             * artifacts/.../quarkus-app/ that CI unpacks before the build):
             * what it holds is unknown, and whether it is missing is the
             * COPY sources rule's question */
            else if (r == PL_RT_ABSENT && (kind == PL_RT_UNKNOWN || kind == PL_RT_ABSENT) &&
                     !looks_like_file(src))
                r = dir_holds(a, NULL, src, c->dest, target);
            if (r == PL_RT_ABSENT && c->ins->kind == PL_DF_ADD && is_archive(src) &&
                pl_rt_path_under(target, c->dest))
                r = PL_RT_UNKNOWN;
        }
        if (r != PL_RT_ABSENT && (best == PL_RT_ABSENT || r == PL_RT_FILE))
            *why = pl_arena_printf(a, "%s %s %s (line %d)", kw, src,
                                   c->ins->args[c->ins->nargs - 1].text, line);
        best = better(best, r);
    }
    return best;
}

/* The context path of the file COPY `c` lands at `target`; NULL when it
 * comes from another stage or image, or cannot be told. */
const char *pl_rt_copy_source(pl_arena *a, const pl_rt_copy *c, const char *target)
{
    if (c->from)
        return NULL;
    for (int i = 0; i < c->nsrcs; i++) {
        const char *src = c->srcs[i];
        if ((src[0] == '<' && src[1] == '<') || strstr(src, "://"))
            continue;
        const char *landing = c->dest_dir ? pl_rt_path_join(a, c->dest, pl_rt_basename(src)) : c->dest;
        if (!pl_rt_has_glob(src) && !strcmp(landing, target))
            return src;
        if (pl_rt_has_glob(src) && !strcmp(pl_rt_dirname(a, target), c->dest))
            return pl_arena_printf(a, "%s/%s", pl_rt_dirname(a, src), pl_rt_basename(target));
        if (pl_rt_path_under(target, c->dest) && strcmp(target, c->dest)) {
            size_t dl = strcmp(c->dest, "/") ? strlen(c->dest) : 0;
            return pl_arena_printf(a, "%s/%s", src, target + dl + 1);
        }
    }
    return NULL;
}

/* ---- spans ------------------------------------------------------------------------- */

pl_span pl_rt_text_span(const pl_df_instr *ins, const char *text, size_t off, size_t len)
{
    const char *o = ins->original;
    size_t n = ins->original_len, tl = strlen(text);
    if (o && tl && ins->rest_offset <= n) {
        const char *p = memmem(o + ins->rest_offset, n - ins->rest_offset, text, tl);
        if (p && off + len <= tl)
            return pl_df_span_of(ins, (size_t)(p - o) + off, len ? len : 1);
    }
    return pl_df_ins_span(ins);
}

pl_span pl_rt_exec_span(const pl_df_word *w)
{
    pl_span s = w->span;
    if (s.line == s.end_line && s.end_col - s.col >= 1) {
        s.col++;
        s.end_col--;
    }
    return s;
}

int pl_rt_in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && n && !strncmp(p, word, n))
            return 1;
        p = e;
    }
    return 0;
}

int pl_rt_is_builtin(const char *name)
{
    static const char *const b[] = {"exit", "test", "[", "[[", "echo", "true", "false", "set",
                                    "cd", "export", ":", "printf", "return", "unset", "trap",
                                    "sleep", "read", "eval", NULL};
    for (const char *const *p = b; *p; p++)
        if (!strcmp(name, *p))
            return 1;
    return 0;
}

void pl_rt_image_command(const pl_stage **chain, int n, const pl_df_instr **ep,
                         const pl_df_instr **cmd)
{
    int ep_stage = -1, cmd_stage = -1;
    *ep = *cmd = NULL;
    for (int k = n - 1; k >= 0; k--) {
        if (!*ep && (*ep = pl_stage_last(chain[k], PL_DF_ENTRYPOINT)))
            ep_stage = k;
        if (!*cmd && (*cmd = pl_stage_last(chain[k], PL_DF_CMD)))
            cmd_stage = k;
    }
    if (*ep && *cmd && ep_stage > cmd_stage)
        *cmd = NULL;
}
