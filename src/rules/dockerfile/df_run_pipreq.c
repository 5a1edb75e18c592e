/* df_run_pipreq.c — the requirements files a RUN installs (`pip install
 * -r X`, `-c X`, `uv pip install -r X`, `uv pip sync X`), read from the
 * build context and judged for exact pins and hashes: the pip pinning rule
 * (PL1140) answers on what the file holds, not on the command alone. */
#include <string.h>

#include "../context/ctx_util.h"
#include "df_pipreq.h"
#include "plimsoll/requirements.h"

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
    char *buf = pl_arena_alloc(pl_check_arena(r->c), MAX_REQ_BYTES + 1);
    long n = pl_ctx_read_head(r->c, r->ci, path, buf, MAX_REQ_BYTES);
    if (n < 0)
        return NULL;
    *len = (size_t)n;
    return buf;
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
    for (const char *p = written; p && *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
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
    return !ci->dir || !strcmp(ci->dir, ".") || !*ci->dir ? path
                                                          : pl_arena_printf(a, "%s/%s", ci->dir, path);
}

static int exact(const pl_req *r)
{
    for (int i = 0; i < r->specs.n; i++)
        if ((r->specs.items[i].op == PL_PEP440_EQ && !r->specs.items[i].wildcard) ||
            r->specs.items[i].op == PL_PEP440_ARBITRARY)
            return 1;
    return 0;
}

static int pinned_by_constraint(pl_arena *a, const pl_req_set *set, const pl_req *r)
{
    const char *name = pl_req_canonical_name(a, r->name);
    for (int i = 0; i < set->nreqs; i++)
        if (set->reqs[i]->constraint && set->reqs[i]->name && exact(set->reqs[i]) &&
            !strcmp(pl_req_canonical_name(a, set->reqs[i]->name), name))
            return 1;
    return 0;
}

int pl_pipreq_judge(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_sh_word *w,
                    const char *path, int constraint, int require_hashes, const char **unknown)
{
    pl_arena *a = pl_check_arena(c);
    if (!path) {
        *unknown = pl_arena_printf(a, "%s needs a value not known statically", w->text);
        return 0;
    }
    const pl_ctx_info *ci = pl_ctx_get(c, f);
    if (ci->unavailable) {
        *unknown = pl_arena_printf(a, "%s cannot be read: %s", path, ci->unavailable);
        return 0;
    }
    ci = pl_ctx_sources(c, f);
    const char *data = NULL;
    size_t len = 0;
    const char *excluded = NULL;
    const char *at = ci ? find_in_context(c, ci, r->ins, path, &data, &len, &excluded) : NULL;
    if (!at) {
        *unknown = excluded ? pl_arena_printf(a, "%s is left out of the build context by %s", path,
                                              ci->ignore_path ? ci->ignore_path : "the ignore file")
                            : pl_arena_printf(a, "%s is not in the build context", path);
        return 0;
    }
    ctx_reader rd = {c, ci};
    pl_req_set *set = pl_req_load(a, at, data, len, read_ctx, &rd, 64);
    for (int i = 0; i < set->nfiles; i++) {
        set->files[i].path = shown_path(a, ci, set->files[i].path);
        if (set->files[i].rf)
            for (int k = 0; k < set->files[i].rf->noptions; k++)
                require_hashes |= !strcmp(set->files[i].rf->options[k].name, "--require-hashes");
    }
    int hash_mode = require_hashes;
    for (int i = 0; i < set->nreqs; i++)
        hash_mode |= set->reqs[i]->nhashes > 0 && !set->reqs[i]->constraint;
    const pl_req *first = NULL, *first_unhashed = NULL;
    int unpinned = 0, unhashed = 0, judged = 0;
    for (int i = 0; i < set->nreqs; i++) {
        const pl_req *q = set->reqs[i];
        if (q->has_variable || (q->constraint && !constraint))
            continue;
        judged++;
        if (hash_mode && !q->nhashes && !(q->url && strstr(q->url, "sha256="))) {
            unhashed++;
            if (!first_unhashed)
                first_unhashed = q;
        }
        if (!q->name || q->url || exact(q) || pinned_by_constraint(a, set, q))
            continue;
        unpinned++;
        if (!first)
            first = q;
    }
    const char *shown = shown_path(a, ci, at);
    if (hash_mode && unhashed)
        pl_fail(c, pl_dfrun_span(r, w), NULL,
                "%s is installed in hash-checking mode, but %d requirement%s lack%s a hash "
                "(first: %s at %s:%d): the build fails",
                shown, unhashed, unhashed == 1 ? "" : "s", unhashed == 1 ? "s" : "",
                first_unhashed->name ? first_unhashed->name : first_unhashed->text,
                shown_path(a, ci, first_unhashed->file), first_unhashed->line);
    if (unpinned)
        pl_fail(c, pl_dfrun_span(r, w), NULL,
                "%s installs %d requirement%s without an exact == pin (first: %s%s at %s:%d)", shown,
                unpinned, unpinned == 1 ? "" : "s", first->name,
                *first->specifier ? first->specifier : "", shown_path(a, ci, first->file),
                first->line);
    return judged;
}
