/* df_run_pipreq.c — the requirements files a RUN installs (`pip install
 * -r X`, `-c X`, `uv pip install -r X`, `uv pip sync X`), read from the
 * build context: the pip pinning rule (PL1140) answers on what the file
 * holds, not on the command alone, and the install-mode rules
 * (df_run_pipmode.c) read the same files. */
#include <stdlib.h>
#include <string.h>

#include "../context/ctx_util.h"
#include "df_pipreq.h"

#define MAX_REQ_BYTES (1 << 20)

typedef struct {
    pl_check *c;
    const pl_ctx_info *ci;
} ctx_reader;

static const char *read_ctx(void *ud, const char *path, size_t *len)
{
    ctx_reader *r = ud;
    if (path[0] == '/' || !strncmp(path, "../", 3))
        return NULL;
    return pl_ctx_read_file(r->c, r->ci, path, MAX_REQ_BYTES, len);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Where the file the RUN names sits in the build context: a COPY/ADD
 * source before the RUN with that name, else the path itself (or its tail
 * after leading directories, as `COPY . /app` + `-r /app/x.txt` has it). */
static const char *find_in_context(pl_check *c, const pl_ctx_info *ci, const pl_df_instr *run,
                                   const char *written, const char **data, size_t *len,
                                   const char **excluded)
{
    ctx_reader rd = {c, ci};
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        if (s->ins->index >= run->index || s->status != PL_SRC_RESOLVED)
            continue;
        for (int k = 0; k < s->nmatches; k++)
            if (s->kinds[k] != PL_CTX_DIR && !strcmp(base_name(s->matches[k]), base_name(written)) &&
                (*data = read_ctx(&rd, s->matches[k], len)))
                return s->matches[k];
    }
    /* an absolute path is tried without its leading directories (where the
     * context was copied to is not known here); a relative one as written */
    for (const char *p = written; p && *p;
         p = written[0] == '/' && strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
        if (*p == '/')
            continue;
        const char *clean = pl_req_join(pl_check_arena(c), "x", p);
        pl_ctx_status st = ci->ctx ? pl_context_lookup(ci->ctx, clean, NULL, NULL) : PL_CTX_SENT;
        if (st == PL_CTX_EXCLUDED && !*excluded)
            *excluded = clean;
        if (st == PL_CTX_SENT && (*data = read_ctx(&rd, clean, len)))
            return clean;
    }
    return NULL;
}

static const char *shown_path(pl_arena *a, const pl_ctx_info *ci, const char *path)
{
    return !ci || !ci->dir || !strcmp(ci->dir, ".") || !*ci->dir
               ? path
               : pl_arena_printf(a, "%s/%s", ci->dir, path);
}

const char *pl_pipreq_shown(pl_check *c, const pl_file *f, const char *path)
{
    return shown_path(pl_check_arena(c), pl_ctx_get(c, f), path);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int pl_pip_install_at(const pl_sh_cmd *cmd)
{
    const char *name = pl_sh_name(cmd);
    if (starts_with(name, "pip") && !starts_with(name, "pipenv"))
        return pl_dfrun_find_arg(cmd, 1, "install");
    if (!starts_with(name, "python"))
        return -1;
    for (int i = 1; i + 2 < cmd->argc; i++)
        if (!strcmp(cmd->argv[i].text, "-m") && !strcmp(cmd->argv[i + 1].text, "pip") &&
            !strcmp(cmd->argv[i + 2].text, "install"))
            return i + 2;
    return -1;
}

int pl_uv_pip_at(const pl_sh_cmd *cmd, int *sync)
{
    *sync = 0;
    if (!pl_sh_is(cmd, "uv") || cmd->argc < 3 || strcmp(cmd->argv[1].text, "pip"))
        return -1;
    *sync = !strcmp(cmd->argv[2].text, "sync");
    return *sync || !strcmp(cmd->argv[2].text, "install") ? 3 : -1;
}

/* Index of `r` or `c` in a cluster of pip's short flags ("-Ur"), before
 * any other flag that takes a value; 0 when none. */
static int short_file_flag(const char *t)
{
    for (int i = 1; t[i]; i++) {
        if (t[i] == 'r' || t[i] == 'c')
            return i;
        if (strchr("iefbt", t[i]))
            return 0;
    }
    return 0;
}

int pl_pipreq_operands(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const pl_sh_cmd *cmd,
                       int from, int sync, pl_pipreq_operand **out)
{
    pl_pipreq_operand *ops = PL_NEW_N(pl_check_arena(c), pl_pipreq_operand, cmd->argc + 1);
    int n = 0;
    for (int i = from; i < cmd->argc; i++) {
        const pl_sh_word *w = &cmd->argv[i];
        const char *t = w->text, *value = NULL;
        const pl_sh_word *vw = w;
        int constraint = 0;
        if (!strcmp(t, "-r") || !strcmp(t, "--requirement") || !strcmp(t, "-c") ||
            !strcmp(t, "--constraint")) {
            if (i + 1 >= cmd->argc)
                break;
            constraint = t[1] == 'c' || t[2] == 'c';
            vw = &cmd->argv[++i];
            value = pl_dfrun_word_value(c, m, r, vw);
        } else if (starts_with(t, "--requirement=") || starts_with(t, "--constraint=")) {
            constraint = t[2] == 'c';
            value = pl_dfrun_word_value(c, m, r, w);
            value = value ? strchr(value, '=') + 1 : NULL;
        } else if (t[0] == '-' && t[1] && t[1] != '-' && short_file_flag(t) > 0) {
            /* `-r file` clustered with flags (`-Ur x`) or with its value (`-rx`) */
            int at = short_file_flag(t);
            constraint = t[at] == 'c';
            if (t[at + 1]) {
                value = pl_dfrun_word_value(c, m, r, w);
                value = value && strlen(value) > (size_t)at + 1 ? value + at + 1 : NULL;
            } else {
                if (i + 1 >= cmd->argc)
                    break;
                vw = &cmd->argv[++i];
                value = pl_dfrun_word_value(c, m, r, vw);
            }
        } else if (sync && t[0] != '-') {
            value = pl_dfrun_word_value(c, m, r, w);
        } else {
            continue;
        }
        ops[n++] = (pl_pipreq_operand){vw, value, constraint};
    }
    *out = ops;
    return n;
}

int pl_pipreq_exact(const pl_req *r)
{
    for (int i = 0; i < r->specs.n; i++)
        if ((r->specs.items[i].op == PL_PEP440_EQ && !r->specs.items[i].wildcard) ||
            r->specs.items[i].op == PL_PEP440_ARBITRARY)
            return 1;
    return 0;
}

int pl_pipreq_pinned_by_constraint(pl_arena *a, const pl_req_set *set, const pl_req *r)
{
    const char *name = pl_req_canonical_name(a, r->name);
    for (int i = 0; i < set->nreqs; i++)
        if (set->reqs[i]->constraint && set->reqs[i]->name && pl_pipreq_exact(set->reqs[i]) &&
            !strcmp(pl_req_canonical_name(a, set->reqs[i]->name), name))
            return 1;
    return 0;
}

int pl_pipreq_hashed(const pl_req *q)
{
    return q->nhashes > 0 || (q->url && strstr(q->url, "sha256="));
}

int pl_pipreq_load(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_pipreq_operand *op,
                   pl_pipreq_file *out, const char **unknown)
{
    pl_arena *a = pl_check_arena(c);
    memset(out, 0, sizeof *out);
    if (!op->path) {
        *unknown = pl_arena_printf(a, "%s needs a value not known statically", op->w->text);
        return -1;
    }
    const pl_ctx_info *ci = pl_ctx_get(c, f);
    if (ci->unavailable) {
        *unknown = pl_arena_printf(a, "%s cannot be read: %s", op->path, ci->unavailable);
        return -1;
    }
    ci = pl_ctx_sources(c, f);
    const char *data = NULL;
    size_t len = 0;
    const char *excluded = NULL;
    const char *at = ci ? find_in_context(c, ci, r->ins, op->path, &data, &len, &excluded) : NULL;
    if (!at) {
        *unknown = excluded ? pl_arena_printf(a, "%s is left out of the build context by %s", op->path,
                                              ci->ignore_path ? ci->ignore_path : "the ignore file")
                            : pl_arena_printf(a, "%s is not in the build context", op->path);
        return -1;
    }
    ctx_reader rd = {c, ci};
    out->set = pl_req_load(a, at, data, len, read_ctx, &rd, 64);
    for (int i = 0; i < out->set->nfiles; i++) {
        pl_req_loaded *lf = &out->set->files[i];
        lf->path = shown_path(a, ci, lf->path);
        if (!lf->rf && !out->unread)
            out->unread = pl_arena_printf(a, "%s (-%c at %s:%d)", lf->path, lf->constraint ? 'c' : 'r',
                                          lf->included_from ? shown_path(a, ci, lf->included_from) : "?",
                                          lf->include_line);
    }
    for (int i = 0; i < out->set->nreqs; i++)
        out->set->reqs[i]->file = shown_path(a, ci, out->set->reqs[i]->file);
    out->shown = shown_path(a, ci, at);
    return 0;
}

int pl_pipreq_judge(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_pipreq_operand *op,
                    const char **unknown)
{
    pl_arena *a = pl_check_arena(c);
    pl_pipreq_file pf;
    if (pl_pipreq_load(c, f, r, op, &pf, unknown) != 0)
        return 0;
    const pl_req_set *set = pf.set;
    const pl_req *first = NULL;
    int unpinned = 0, judged = 0;
    for (int i = 0; i < set->nreqs; i++) {
        const pl_req *q = set->reqs[i];
        if (q->has_variable || (q->constraint && !op->constraint))
            continue;
        judged++;
        if (!q->name || q->url || pl_pipreq_exact(q) || pl_pipreq_pinned_by_constraint(a, set, q))
            continue;
        unpinned++;
        if (!first)
            first = q;
    }
    if (unpinned) {
        pl_fail(c, pl_dfrun_span(r, op->w), NULL,
                "%s installs %d requirement%s without an exact == pin (first: %s%s at %s:%d)", pf.shown,
                unpinned, unpinned == 1 ? "" : "s", first->name,
                *first->specifier ? first->specifier : "", first->file, first->line);
    } else if (pf.unread) {
        *unknown = pl_arena_printf(a, "%s includes %s, which cannot be read", pf.shown, pf.unread);
        return 0;
    }
    return judged;
}
