/* check.c — the pl_check handle: how a rule's check function reports, and
 * how its reports become the file's findings and its result. */
#include <stdarg.h>
#include <string.h>

#include "engine_internal.h"
#include "plimsoll/unit.h"

/* The related evidence of a finding about units: where each is built, for
 * the units a repository file says (nothing for a guess or the command
 * line), each origin once. */
void pl_finding_relate(pl_arena *a, pl_finding *fd, const pl_build_unit *const *units, int n)
{
    pl_related *rel = NULL;
    int k = 0;
    for (int i = 0; i < n; i++) {
        const pl_unit_spec *s = &units[i]->spec;
        if (!s->origin_file || s->origin == PL_ORIGIN_NONE || s->origin == PL_ORIGIN_CLI)
            continue;
        int dup = 0;
        for (int j = 0; j < k && !dup; j++)
            dup = rel[j].span.line == s->origin_span.line && !strcmp(rel[j].file, s->origin_file);
        if (dup)
            continue;
        if (!rel)
            rel = PL_NEW_N(a, pl_related, n);
        rel[k++] = (pl_related){s->origin_file, s->origin_span, units[i]->evidence};
    }
    fd->related = rel;
    fd->nrelated = k;
}

void pl_fail_in(pl_check *c, const char *file, pl_span span, const char *fix, const char *fmt, ...)
{
    pl_arena *a = c->file->arena;
    pl_finding *fd = PL_NEW(a, pl_finding);
    fd->rule = c->rule;
    fd->severity = c->severity;
    fd->file = file ? file : c->file->path;
    fd->span = span;
    va_list ap;
    va_start(ap, fmt);
    fd->message = pl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    fd->fix = fix ? fix : c->rule->fix;
    if (c->nunits)
        pl_finding_relate(a, fd, c->units, c->nunits);
    pl_vec_push(a, &c->file->findings, fd);
    c->nfail++;
    if (!c->first_fail)
        c->first_fail = fd;
}

void pl_fail(pl_check *c, pl_span span, const char *fix, const char *fmt, ...)
{
    pl_arena *a = c->file->arena;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = pl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    pl_fail_in(c, NULL, span, fix, "%s", msg);
}

void pl_pass(pl_check *c, pl_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->evidence = pl_arena_vprintf(c->file->arena, fmt, ap);
    va_end(ap);
    c->passed = 1;
}

void pl_summary(pl_check *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->summary = pl_arena_vprintf(c->file->arena, fmt, ap);
    va_end(ap);
}

void pl_skip(pl_check *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->skip_reason = pl_arena_vprintf(c->file->arena, fmt, ap);
    va_end(ap);
}

void pl_check_note(pl_check *c, const char *fmt, ...)
{
    const pl_workspace *ws = c->file->ws;
    va_list ap;
    va_start(ap, fmt);
    /* a rule run on its own has no report: its verdict says it */
    if (ws && ws->note_queue)
        pl_engine_note_queue_vadd(ws->note_queue, fmt, ap);
    va_end(ap);
}

pl_reading pl_check_reading(pl_check *c)
{
    const pl_workspace *ws = c->file->ws;
    if (!ws || !ws->rule_states || c->rule < pl_rules || c->rule >= pl_rules + pl_nrules)
        return PL_READING_DEFAULT;
    return ws->rule_states[pl_rule_index(c->rule)].reading;
}

void pl_check_about_units(pl_check *c, const pl_build_unit *const *units, int n)
{
    c->units = units;
    c->nunits = n;
}

const pl_build_unit *const *pl_check_units(pl_check *c, int *n)
{
    if (c->nunits) {
        *n = c->nunits;
        return c->units;
    }
    *n = c->file->nunits;
    return (const pl_build_unit *const *)c->file->units;
}

pl_arena *pl_check_arena(pl_check *c) { return c->file->arena; }
const pl_rule *pl_check_rule(pl_check *c) { return c->rule; }
const pl_config *pl_check_config(pl_check *c) { return c->file->ws ? c->file->ws->config : NULL; }
const pl_workspace *pl_check_workspace(pl_check *c) { return c->file->ws; }

/* A failing rule's evidence names the first problem and how many there are,
 * so the checklist line is specific without repeating every finding. */
static const char *fail_evidence(pl_check *c)
{
    const pl_finding *f = c->first_fail;
    if (c->summary)
        return pl_arena_printf(c->file->arena, "%s; first: %s:%d", c->summary, f->file,
                               f->span.line);
    if (c->nfail == 1)
        return pl_arena_printf(c->file->arena, "%s (%s:%d)", f->message, f->file, f->span.line);
    return pl_arena_printf(c->file->arena, "%d problems; first: %s (%s:%d)", c->nfail, f->message,
                           f->file, f->span.line);
}

void pl_check_defer(pl_check *c, pl_deferred_fn run, void *payload)
{
    c->defer_run = run;
    c->defer_payload = payload;
}

void pl_check_finish(pl_check *c, pl_result *res)
{
    if (c->nfail) {
        res->status = PL_STATUS_FAIL;
        res->evidence = fail_evidence(c);
    } else if (c->passed) {
        res->status = PL_STATUS_PASS;
        res->evidence = c->evidence;
    } else {
        res->status = PL_STATUS_SKIP;
        res->evidence = c->skip_reason ? c->skip_reason : "not applicable to this file";
    }
}

void pl_check_run(const pl_rule *r, pl_severity sev, pl_file *f, pl_vec *deferred)
{
    pl_check c = {0};
    c.rule = r;
    c.severity = sev;
    c.file = f;
    if (r->judges_image && f->kind == PL_KIND_DOCKERFILE && f->dockerfile)
        pl_check_images(&c, f);
    else
        r->check(&c, f);

    pl_result *res = PL_NEW(f->arena, pl_result);
    res->rule = r;
    res->status = PL_STATUS_SKIP;
    res->evidence = "not judged yet";
    pl_vec_push(f->arena, &f->results, res);
    if (c.defer_run && deferred) {
        pl_deferred *d = PL_NEW(f->arena, pl_deferred);
        d->check = PL_NEW(f->arena, pl_check);
        *d->check = c;
        d->result = res;
        pl_vec_push(f->arena, deferred, d);
        return;
    }
    if (c.defer_run) {
        /* nowhere to queue it: do the work now, for this file alone */
        pl_check *one = &c;
        void *payload = c.defer_payload;
        c.defer_run(&one, &payload, 1, 1);
    }
    pl_check_finish(&c, res);
}
