/* retain.c — what is left of a checked file once its rules, their deferred
 * work and its suppression are done: only what the report prints.
 *
 * A file's arena holds its bytes, its parsed forms, its build context and
 * the scratch of every rule (several hundred kB for an ordinary Dockerfile);
 * keeping all of them until the report made a run's memory grow with the
 * number of files. pl_engine_retain copies the findings, the results, the
 * headline and the source lines that findings point at into one block sized
 * exactly for them (the checklist lines go to the workspace's checklist
 * spool instead, when it has one), frees the rest, and leaves the file with that block as
 * its arena, so whoever frees file arenas at the end frees it too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "plimsoll/card.h"
#include "plimsoll/unit.h"
#include "plimsoll/model.h"
#include "plimsoll/report.h"

#define RETAIN_ALIGN 16

/* Either measures (out == NULL) or copies into [out, out + cap). */
typedef struct {
    char *out;
    size_t used;
    const pl_arena_index *from; /* the file's arena */
    pl_interner *texts;         /* NULL: each string copied into the block */
    int count_only;             /* the report only counts checklist lines */
    const pl_result **lines;    /* the file's checklist lines (pl_report_checklist_lines) */
    size_t nlines;
} carver;

static size_t round_up(size_t n) { return (n + RETAIN_ALIGN - 1) & ~(size_t)(RETAIN_ALIGN - 1); }

static void *carve(carver *k, size_t n)
{
    void *p = k->out ? k->out + k->used : NULL;
    k->used += round_up(n ? n : 1);
    return p;
}

static const char *keep_str(carver *k, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = carve(k, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* A string of the file's arena is copied; any other (a literal, a rule's
 * fix text, the workspace's "ignored by ..." reason) outlives the file and
 * is kept by pointer. */
static const char *keep_text(carver *k, const char *s)
{
    if (!s || !pl_arena_index_owns(k->from, s))
        return s;
    return keep_str(k, s);
}

/* A text other files may say too (evidence, a message): kept once per run. */
static const char *keep_shared(carver *k, const char *s)
{
    if (!s || !k->texts || !pl_arena_index_owns(k->from, s))
        return keep_text(k, s);
    return pl_intern(k->texts, s);
}

/* The file's bytes with every line no finding starts on emptied (its
 * newline kept), so line numbers still count and excerpts still print.
 * Measured exactly: a file's report must not cost the whole file. */
static const char *keep_excerpts(carver *k, const pl_file *f, size_t *len)
{
    *len = 0;
    const pl_options *opts = f->ws ? f->ws->opts : NULL;
    if (!f->data || !f->findings.len || (opts && opts->format && strcmp(opts->format, "text") != 0))
        return NULL; /* only the text format quotes source lines */
    size_t nlines = 1;
    for (const char *p = f->data, *end = f->data + f->len; (p = memchr(p, '\n', (size_t)(end - p)));
         p++)
        nlines++;
    unsigned char *wanted = calloc(nlines + 1, 1); /* one flag per line */
    if (!wanted)
        return NULL;
    for (size_t i = 0; i < f->findings.len; i++) {
        const pl_finding *fd = PL_VEC_AT(f->findings, const pl_finding *, i);
        if (fd->file && (fd->file == f->path || !strcmp(fd->file, f->path)))
            if (fd->span.line >= 1 && (size_t)fd->span.line <= nlines)
                wanted[fd->span.line - 1] = 1;
    }
    size_t n = 0, line = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->data[i] == '\n')
            line++;
        n += f->data[i] == '\n' || wanted[line];
    }
    char *out = carve(k, n + 1);
    if (out) {
        size_t o = 0;
        line = 0;
        for (size_t i = 0; i < f->len; i++) {
            if (f->data[i] == '\n') {
                out[o++] = '\n';
                line++;
            } else if (wanted[line]) {
                out[o++] = f->data[i];
            }
        }
        out[o] = '\0';
        *len = o;
    }
    free(wanted);
    return out;
}

/* One pass over the file's findings and results: measures or copies. */
static void retain_into(carver *k, pl_file *f, pl_file *to)
{
    const char *path = keep_text(k, f->path);
    const char *fs_path = keep_text(k, f->fs_path);
    /* the headline and the cards go with the checklist */
    const char *headline = k->count_only ? NULL : keep_str(k, f->headline);
    int ncards = k->count_only ? 0 : f->ncards;
    pl_finding *fds = carve(k, sizeof *fds * (f->findings.len ? f->findings.len : 1));
    void **fitems = carve(k, sizeof(void *) * (f->findings.len ? f->findings.len : 1));
    for (size_t i = 0; i < f->findings.len; i++) {
        const pl_finding *src = PL_VEC_AT(f->findings, const pl_finding *, i);
        pl_finding d = *src;
        d.file = src->file == f->path ? path : keep_str(k, src->file);
        d.message = keep_shared(k, src->message);
        d.fix = keep_shared(k, src->fix);
        d.suppressed_by = keep_text(k, src->suppressed_by);
        d.code = keep_text(k, src->code);
        if (src->nrelated) {
            pl_related *rel = carve(k, sizeof *rel * (size_t)src->nrelated);
            for (int r = 0; r < src->nrelated; r++) {
                pl_related e = src->related[r];
                e.file = keep_text(k, e.file);
                e.message = keep_shared(k, e.message);
                if (rel)
                    rel[r] = e;
            }
            d.related = rel;
        }
        if (k->out) {
            fds[i] = d;
            fitems[i] = &fds[i];
        }
    }
    /* the report prints a rule's verdict only when it is a checklist line,
     * and one line per question (the lines as the report lists them) */
    size_t nres = k->count_only ? 0 : k->nlines;
    pl_result *res = carve(k, sizeof *res * (nres ? nres : 1));
    void **ritems = carve(k, sizeof(void *) * (nres ? nres : 1));
    for (size_t i = 0; i < nres; i++) {
        const pl_result *src = k->lines[i];
        pl_result d = *src;
        d.evidence = keep_shared(k, src->evidence);
        if (k->out) {
            res[i] = d;
            ritems[i] = &res[i];
        }
    }
    pl_service_card *cards = carve(k, sizeof *cards * (size_t)(ncards ? ncards : 1));
    for (int i = 0; i < ncards; i++) {
        pl_service_card d = f->cards[i];
        d.name = keep_text(k, d.name);
        d.file = d.file == f->path ? path : keep_text(k, d.file);
        for (int q = 0; q < PL_CARD_NLINES; q++)
            d.lines[q].evidence = keep_shared(k, d.lines[q].evidence);
        if (k->out)
            cards[i] = d;
    }
    size_t len;
    const char *data = keep_excerpts(k, f, &len);
    if (!k->out)
        return;
    to->cards = ncards ? cards : NULL;
    to->ncards = ncards;
    to->path = path;
    to->fs_path = fs_path;
    to->headline = headline;
    to->findings = (pl_vec){fitems, f->findings.len, f->findings.len};
    to->results = (pl_vec){ritems, nres, nres};
    to->data = data;
    to->len = len;
}

void pl_engine_retain(pl_file *f, pl_interner *texts)
{
    if (!f || !f->arena || f->retained || !f->ws || !f->ws->report_only)
        return;
    const pl_options *o = f->ws->opts;
    int count_only = o && !pl_report_prints_checklist(o->format, o->quiet);
    pl_file to = *f;
    if (count_only) {
        pl_report_count_checklist(&f->results, to.checklist_counts);
        to.checklist_counted = 1;
    }
    const pl_result **lines = NULL;
    size_t nlines = 0;
    if (!count_only && f->results.len) {
        lines = malloc(sizeof *lines * f->results.len);
        if (!lines) {
            fputs("plimsoll: out of memory\n", stderr);
            abort();
        }
        nlines = pl_report_checklist_lines(&f->results, lines);
    }
    pl_check_spool *spool = count_only ? NULL : f->ws->checklist_spool;
    if (spool) {
        /* the lines go to disk now and come back one file at a time when
         * the report prints them; the file keeps their counts */
        to.checklist_at = pl_check_spool_put(spool, lines, nlines);
        to.checklist_lines = (int)nlines;
        to.checklist_spooled = 1;
        to.checklist_counted = 1;
        for (size_t i = 0; i < nlines; i++)
            to.checklist_counts[lines[i]->status == PL_STATUS_PASS   ? 0
                                : lines[i]->status == PL_STATUS_FAIL ? 1
                                                                     : 2]++;
        nlines = 0;
    }
    pl_arena_index *from = pl_arena_index_new(f->arena);
    carver measure = {NULL, 0, from, texts, count_only, lines, nlines};
    retain_into(&measure, f, NULL);
    pl_arena *kept = pl_arena_new_sized(measure.used);
    carver copy = {pl_arena_alloc(kept, measure.used), 0, from, texts, count_only, lines, nlines};
    retain_into(&copy, f, &to);
    pl_arena_index_free(from);
    free(lines);
    pl_arena_free(f->arena);
    to.arena = kept;
    to.dockerfile = NULL;
    to.ignore = NULL;
    to.compose = to.requirements = to.envfile = NULL;
    to.diags = NULL;
    to.context = NULL;
    to.retained = 1;
    *f = to;
}

const char *pl_engine_headline(pl_arena *a, const pl_file *f)
{
    if (!f->dockerfile || !f->dockerfile->nstages)
        return NULL;
    const pl_df_model *m = f->dockerfile;
    const char *final = m->final->name ? m->final->name : m->final->base;
    const char *line =
        m->nstages == 1 ? "1 stage"
        : m->target     ? pl_arena_printf(a, "%d stages, target: %s", m->nstages, final)
                        : pl_arena_printf(a, "%d stages, final: %s", m->nstages, final ? final : "?");
    /* how the image is built, when something in the repository says */
    const pl_build_unit *u = pl_file_primary_unit(f);
    if (u && u->spec.origin != PL_ORIGIN_NONE && u->spec.origin != PL_ORIGIN_CLI)
        line = pl_arena_printf(a, "%s; %s", line, u->evidence);
    if (f->nunits > 1)
        line = pl_arena_printf(a, "%s; %d builds", line, f->nunits);
    return line;
}
