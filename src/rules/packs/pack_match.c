/* pack_match.c — running a pack rule on one file: Dockerfile instructions,
 * compose values at a key path, requirements, or the lines of any other
 * file, each judged by the rule's mode (pack_internal.h). */
#include "pack_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/model.h"
#include "plimsoll/requirements.h"
#include "plimsoll/workspace.h"

typedef struct {
    pl_check *c;
    const pl_pack_rule *p;
    pcre2_match_data *md;
    int items;   /* items the rule looked at */
    int matches; /* of those, the ones that matched */
    int first_line;
} matcher;

/* Offset and length of the first match of `re`, or -1. */
static long first_match(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t n,
                        size_t *len)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    if (rc < 0)
        return -1;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *len = ov[1] > ov[0] ? ov[1] - ov[0] : 1;
    return (long)ov[0];
}

/* One item looked at: `hit` says whether it matched; `span` is where a
 * finding about it goes, `detail` (may be NULL) what it is. */
static void judge(matcher *m, int hit, pl_span span, const char *detail)
{
    m->items++;
    if (!m->first_line)
        m->first_line = span.line;
    if (hit)
        m->matches++;
    int finding = (m->p->mode == PL_PACK_FORBID && hit) || (m->p->mode == PL_PACK_EACH && !hit);
    if (!finding)
        return;
    if (detail)
        pl_fail(m->c, span, NULL, "%s (%s)", m->p->message, detail);
    else
        pl_fail(m->c, span, NULL, "%s", m->p->message);
}

static int wants(const pl_pack_rule *p, pl_df_kind k)
{
    if (!p->ninstructions)
        return 1;
    for (int i = 0; i < p->ninstructions; i++)
        if (p->instructions[i] == k)
            return 1;
    return 0;
}

static void check_instr(matcher *m, const pl_df_instr *ins)
{
    if (!ins || !ins->original || !wants(m->p, ins->kind))
        return;
    size_t len;
    long at = first_match(m->p->re, m->md, ins->original, strlen(ins->original), &len);
    /* a match is reported where it is; a missing one on the instruction */
    judge(m, at >= 0, at >= 0 ? pl_df_span_of(ins, (size_t)at, len) : ins->span, NULL);
}

static void check_dockerfile(matcher *m, const pl_dockerfile *df)
{
    /* a missing required match is reported on the first instruction */
    if (df->ninstrs)
        m->first_line = df->instrs[0]->span.line;
    for (int i = 0; i < df->ninstrs; i++) {
        check_instr(m, df->instrs[i]);
        check_instr(m, df->instrs[i]->sub);
    }
}

/* Requirements: `package` selects by PEP 503 name; `pattern` sees
 * `name<specifier>` ("pyyaml==5.3.1", "lib @ git+https://..."), and
 * `specifier` the specifier alone ("==5.3.1", ">=1,<2", "" when none, the
 * URL after "@ " for a URL requirement). */
static void check_requirements(matcher *m, const pl_reqfile *rf)
{
    pl_arena *a = pl_check_arena(m->c);
    const pl_pack_rule *p = m->p;
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        const char *name = r->name ? pl_req_canonical_name(a, r->name) : NULL;
        size_t len;
        if (p->package && (!name || first_match(p->package, m->md, name, strlen(name), &len) < 0))
            continue;
        const char *spec = r->url ? pl_arena_printf(a, "@ %s", r->url) : r->specifier;
        const char *text = !name     ? r->text
                           : r->url  ? pl_arena_printf(a, "%s @ %s", name, r->url)
                                     : pl_arena_printf(a, "%s%s", name, r->specifier);
        int hit = 1;
        if (p->re && first_match(p->re, m->md, text, strlen(text), &len) < 0)
            hit = 0;
        if (hit && p->specifier && first_match(p->specifier, m->md, spec, strlen(spec), &len) < 0)
            hit = 0;
        judge(m, hit, r->span, p->mode == PL_PACK_EACH ? text : NULL);
    }
}

/* Compose: every scalar the key path reaches, matched as written. A value
 * an anchor shares between services comes back once per service at the
 * anchor's position: it is judged once, where it is written. */
typedef struct {
    const pl_ynode *value;
    const char *where;
} compose_value;

typedef struct {
    pl_arena *a;
    pl_vec values; /* compose_value* */
} compose_walk;

static void collect_value(void *ctx, const pl_ynode *v, const char *where)
{
    compose_walk *w = ctx;
    compose_value *cv = PL_NEW(w->a, compose_value);
    cv->value = v;
    cv->where = pl_arena_strdup(w->a, where);
    pl_vec_push(w->a, &w->values, cv);
}

static int by_position(const void *x, const void *y)
{
    const compose_value *a = *(const compose_value *const *)x, *b = *(const compose_value *const *)y;
    if (a->value->span.line != b->value->span.line)
        return a->value->span.line < b->value->span.line ? -1 : 1;
    if (a->value->span.col != b->value->span.col)
        return a->value->span.col < b->value->span.col ? -1 : 1;
    return strcmp(a->where, b->where);
}

static void check_compose(matcher *m, const pl_yaml *y)
{
    compose_walk w = {pl_check_arena(m->c), {0}};
    for (int i = 0; i < y->ndocs; i++)
        if (y->docs[i] && y->docs[i]->kind == PL_YAML_MAP) {
            pl_pack_path_walk(w.a, &m->p->path, y->docs[i], collect_value, &w);
            break; /* compose reads the first mapping document */
        }
    if (w.values.len > 1)
        qsort(w.values.items, w.values.len, sizeof(void *), by_position);
    const pl_ynode *last = NULL;
    for (size_t i = 0; i < w.values.len; i++) {
        const compose_value *cv = w.values.items[i];
        const pl_ynode *v = cv->value;
        if (last && last->span.line == v->span.line && last->span.col == v->span.col)
            continue;
        last = v;
        size_t len;
        const char *s = v->str ? v->str : "";
        int hit = first_match(m->p->re, m->md, s, v->str ? v->len : 0, &len) >= 0;
        judge(m, hit, v->span, pl_arena_printf(w.a, "%s: %s", cv->where, s));
    }
}

static int blank_or_comment(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    return i == n || s[i] == '#';
}

static void check_lines(matcher *m, const char *data, size_t size)
{
    int line = 1;
    for (const char *s = data, *end = data + size; s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *text = s;
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        s = nl ? nl + 1 : end;
        /* must-match judges what the file says, not its comments */
        if (m->p->mode == PL_PACK_EACH && blank_or_comment(text, n))
            continue;
        size_t len;
        long at = first_match(m->p->re, m->md, text, n, &len);
        pl_span sp = at >= 0 ? (pl_span){line, (int)at + 1, line, (int)(at + (long)len)}
                             : (pl_span){line, 1, line, 1};
        judge(m, at >= 0, sp, NULL);
    }
    m->first_line = 1;
}

void pl_pack_check(pl_check *c, const struct pl_file *f)
{
    const pl_pack_rule *p = (const pl_pack_rule *)pl_check_rule(c);
    if (!f->data) {
        pl_skip(c, "the file could not be read");
        return;
    }
    const pcre2_code *any = p->re ? p->re : p->package ? p->package : p->specifier;
    matcher m = {c, p, pcre2_match_data_create_from_pattern(any, NULL), 0, 0, 0};
    if (f->kind == PL_KIND_DOCKERFILE && f->dockerfile) {
        check_dockerfile(&m, f->dockerfile->df);
    } else if (f->kind == PL_KIND_REQUIREMENTS && f->requirements) {
        check_requirements(&m, f->requirements);
    } else if (f->kind == PL_KIND_COMPOSE) {
        const pl_yaml *y = f->compose;
        if (!y || y->diags.errors) {
            pcre2_match_data_free(m.md);
            pl_skip(c, "the file is not valid YAML (see compose-yaml-syntax)");
            return;
        }
        check_compose(&m, y);
    } else {
        check_lines(&m, f->data, f->len);
    }
    pcre2_match_data_free(m.md);
    int first = m.first_line ? m.first_line : 1;
    switch (p->mode) {
    case PL_PACK_REQUIRE:
        if (!m.matches)
            pl_fail(c, (pl_span){first, 1, first, 1}, NULL, "%s", p->message);
        else
            pl_pass(c, (pl_span){0}, "%d match%s", m.matches, m.matches == 1 ? "" : "es");
        break;
    case PL_PACK_EACH:
        if (m.items == m.matches)
            pl_pass(c, (pl_span){0}, "%d of %d checked match", m.matches, m.items);
        break;
    case PL_PACK_FORBID:
        if (!m.matches)
            pl_pass(c, (pl_span){0}, "no match in %d checked", m.items);
        break;
    }
}
