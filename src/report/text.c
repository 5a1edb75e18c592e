/* text.c — the default `text` format, for people at a terminal.
 *
 * Owns the human layout: per file a header, the checklist grouped by
 * category with evidence behind dotted leaders, then each standing finding as
 * a compiler-style diagnostic with the source line, a caret run under the span
 * and the fix; one summary line and the notes at the end. ANSI colour only
 * when the report asks for it.
 */
#include <string.h>

#include "plimsoll/card.h"
#include "render.h"

#define ANSI_RESET "\x1b[0m"
#define ANSI_BOLD "\x1b[1m"
#define ANSI_DIM "\x1b[2m"
#define ANSI_RED "\x1b[1;31m"
#define ANSI_GREEN "\x1b[1;32m"
#define ANSI_YELLOW "\x1b[1;33m"
#define ANSI_BLUE "\x1b[34m"
#define ANSI_MAGENTA "\x1b[1;35m"
#define ANSI_CYAN "\x1b[1;36m"

/* Titles longer than this do not push every leader further right. */
#define MAX_LEADER_WIDTH 50
#define MIN_DOTS 3

typedef struct {
    FILE *out;
    int color;
} painter;

static void paint_on(const painter *p, const char *code)
{
    if (p->color)
        fputs(code, p->out);
}

static void paint_off(const painter *p)
{
    if (p->color)
        fputs(ANSI_RESET, p->out);
}

static const char *severity_color(pl_severity s)
{
    switch (s) {
    case PL_SEV_ERROR: return ANSI_RED;
    case PL_SEV_WARNING: return ANSI_YELLOW;
    case PL_SEV_INFO: return ANSI_CYAN;
    default: return ANSI_MAGENTA;
    }
}

/* Code points, which is what a terminal advances by for the text we print. */
static int display_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

static int leader_width(const pl_report *r)
{
    int width = 0;
    for (int i = 0; i < r->nchecklist; i++) {
        const pl_result *res = pl_report_check(r, i);
        if (!res->evidence || !*res->evidence)
            continue;
        int w = display_width(res->rule->title);
        if (w > width)
            width = w > MAX_LEADER_WIDTH ? MAX_LEADER_WIDTH : w;
    }
    return width;
}

static void render_check(const painter *p, const pl_result *res, int width)
{
    static const char *const symbol[] = {"\xE2\x9C\x94", "\xE2\x9C\x98", "\xE2\x80\x93"}; /* ✔ ✘ – */
    static const char *const color[] = {ANSI_GREEN, ANSI_RED, ANSI_YELLOW};
    int st = res->status == PL_STATUS_PASS ? 0 : res->status == PL_STATUS_FAIL ? 1 : 2;
    fputs("    ", p->out);
    paint_on(p, color[st]);
    fputs(symbol[st], p->out);
    paint_off(p);
    fputc(' ', p->out);
    pl_report_put_line(p->out, res->rule->title);
    if (res->evidence && *res->evidence) {
        int dots = width + MIN_DOTS - display_width(res->rule->title);
        if (dots < MIN_DOTS)
            dots = MIN_DOTS;
        fputc(' ', p->out);
        paint_on(p, ANSI_DIM);
        for (int i = 0; i < dots; i++)
            fputc('.', p->out);
        paint_off(p);
        fputc(' ', p->out);
        pl_report_put_line(p->out, res->evidence);
    }
    fputc('\n', p->out);
}

static void render_checklist(const painter *p, const pl_report *r, const pl_report_section *s,
                             int width)
{
    const char *category = NULL;
    for (int i = s->first_check; i < s->first_check + s->nchecks; i++) {
        const pl_result *res = pl_report_check(r, i);
        const char *c = res->rule->category ? res->rule->category : "other";
        if (!category || strcmp(c, category) != 0) {
            fputs("  ", p->out);
            paint_on(p, ANSI_BOLD);
            pl_report_put_line(p->out, c);
            paint_off(p);
            fputc('\n', p->out);
            category = c;
        }
        render_check(p, res, width);
    }
}

/* A compose file's services, each with its card (card.h). */
static void render_cards(const painter *p, const pl_report_file *f)
{
    static const char *const symbol[] = {"\xE2\x9C\x94", "\xE2\x9C\x98", "\xE2\x80\x93"}; /* ✔ ✘ – */
    static const char *const color[] = {ANSI_GREEN, ANSI_RED, ANSI_YELLOW};
    int width = 0;
    for (int q = 0; q < PL_CARD_NLINES; q++) {
        int w = display_width(pl_card_label((pl_card_question)q));
        width = w > width ? w : width;
    }
    for (int i = 0; i < f->ncards; i++) {
        const pl_service_card *c = &f->cards[i];
        fputs("  ", p->out);
        paint_on(p, ANSI_BOLD);
        fputs("service ", p->out);
        pl_report_put_line(p->out, c->name ? c->name : "?");
        paint_off(p);
        fputs("  ", p->out);
        paint_on(p, ANSI_DIM);
        fputc('(', p->out);
        pl_report_put_line(p->out, c->file);
        fprintf(p->out, ":%d)", c->line);
        paint_off(p);
        fputc('\n', p->out);
        for (int q = 0; q < PL_CARD_NLINES; q++) {
            const pl_card_line *l = &c->lines[q];
            const char *label = pl_card_label((pl_card_question)q);
            int st = l->status == PL_STATUS_PASS ? 0 : l->status == PL_STATUS_FAIL ? 1 : 2;
            fputs("    ", p->out);
            paint_on(p, color[st]);
            fputs(symbol[st], p->out);
            paint_off(p);
            fputc(' ', p->out);
            fputs(label, p->out);
            if (l->evidence && *l->evidence) {
                fputc(' ', p->out);
                paint_on(p, ANSI_DIM);
                for (int d = 0; d < width + MIN_DOTS - display_width(label); d++)
                    fputc('.', p->out);
                paint_off(p);
                fputc(' ', p->out);
                pl_report_put_line(p->out, l->evidence);
            }
            fputc('\n', p->out);
        }
    }
}

/* ---- diagnostics ----------------------------------------------------------- */

static int digits(int n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* The source line as printed: tabs kept so the caret line can reuse them,
 * other control characters shown as '?' (one column, like the caret line). */
static void put_source(FILE *out, const char *line, size_t len)
{
    const unsigned char *p = (const unsigned char *)line;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\t')
            fputc('\t', out);
        else if (p[i] < 0x20 || p[i] == 0x7F)
            fputc('?', out);
        else if (p[i] == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) {
            fputc('?', out);
            i++;
        } else
            fputc(p[i], out);
    }
}

/* Columns of bytes [from, to) of the line: one per character, continuation
 * bytes add none. */
static int columns(const unsigned char *p, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to; i++)
        if ((p[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static void render_excerpt(const painter *p, const pl_report_file *file, const pl_finding *f)
{
    /* a finding placed in another file (a compose override, an extended
     * file) has no line of this one to quote */
    if (f->file && file->path && strcmp(f->file, file->path))
        return;
    size_t len;
    const char *line = pl_report_source_line(file, f->span.line, &len);
    if (!line)
        return;
    int gutter = (digits(f->span.line) > 4 ? digits(f->span.line) : 4) + 1;
    paint_on(p, ANSI_BLUE);
    fprintf(p->out, "%*d | ", gutter, f->span.line);
    paint_off(p);
    put_source(p->out, line, len);
    fputc('\n', p->out);

    /* byte range [start, end) under the carets, clamped to the line */
    size_t start = 0, end = len;
    if (f->span.col >= 1) {
        start = (size_t)f->span.col - 1;
        if (start > len)
            start = len;
        if (f->span.end_line == f->span.line && f->span.end_col >= f->span.col)
            end = (size_t)f->span.end_col;
        else if (f->span.end_line <= f->span.line)
            end = start + 1;
        if (end > len)
            end = len;
    }
    int carets = end > start ? columns((const unsigned char *)line, start, end) : 0;
    if (carets < 1)
        carets = 1;

    paint_on(p, ANSI_BLUE);
    fprintf(p->out, "%*s | ", gutter, "");
    paint_off(p);
    const unsigned char *u = (const unsigned char *)line;
    for (size_t i = 0; i < start; i++) {
        if (u[i] == '\t')
            fputc('\t', p->out);
        else if ((u[i] & 0xC0) != 0x80)
            fputc(' ', p->out);
    }
    paint_on(p, severity_color(f->severity));
    for (int i = 0; i < carets; i++)
        fputc('^', p->out);
    paint_off(p);
    fputc('\n', p->out);
}

static void render_finding(const painter *p, const pl_report_section *s, const pl_finding *f)
{
    FILE *out = p->out;
    paint_on(p, ANSI_BOLD);
    pl_report_put_line(out, f->file);
    if (f->span.line >= 1) {
        fprintf(out, ":%d", f->span.line);
        if (f->span.col >= 1)
            fprintf(out, ":%d", f->span.col);
    }
    fputs(": ", out);
    paint_off(p);
    paint_on(p, severity_color(f->severity));
    fputs(pl_severity_name(f->severity), out);
    fputc('[', out);
    pl_report_put_line(out, f->rule->id);
    fputc(' ', out);
    pl_report_put_line(out, f->rule->name);
    fputc(']', out);
    paint_off(p);
    fputc(' ', out);
    paint_on(p, ANSI_BOLD);
    pl_report_put_line(out, f->message);
    paint_off(p);
    fputc('\n', out);

    if (s->file)
        render_excerpt(p, s->file, f);

    for (int i = 0; i < f->nrelated; i++) {
        fputs("   ", out);
        paint_on(p, ANSI_BOLD);
        fputs("note:", out);
        paint_off(p);
        fputc(' ', out);
        pl_report_put_line(out, f->related[i].message);
        fputc('\n', out);
    }

    const char *fix = pl_report_finding_fix(f);
    if (*fix) {
        fputs("   ", out);
        paint_on(p, ANSI_GREEN);
        fputs("fix:", out);
        paint_off(p);
        fputc(' ', out);
        pl_report_put_line(out, fix);
        fputc('\n', out);
    }
}

/* ---- summary ------------------------------------------------------------------ */

static void count(FILE *out, int n, const char *one, const char *many)
{
    fprintf(out, "%d %s", n, n == 1 ? one : many);
}

static void render_hotspots(const painter *p, const pl_report *r);

static void render_summary(const painter *p, const pl_report *r)
{
    FILE *out = p->out;
    const pl_report_summary *s = &r->summary;
    if (r->repo_name) {
        paint_on(p, ANSI_BOLD);
        pl_report_put_line(out, r->repo_name);
        fputc(':', out);
        paint_off(p);
        fputc(' ', out);
    }
    fprintf(out, "%d passed, ", s->passed);
    if (s->failed)
        paint_on(p, ANSI_RED);
    fprintf(out, "%d failed", s->failed);
    if (s->failed)
        paint_off(p);
    fprintf(out, ", %d skipped \xC2\xB7 ", s->skipped);
    count(out, s->by_severity[PL_SEV_ERROR], "error", "errors");
    fputs(", ", out);
    count(out, s->by_severity[PL_SEV_WARNING], "warning", "warnings");
    fprintf(out, ", %d info, %d style", s->by_severity[PL_SEV_INFO], s->by_severity[PL_SEV_STYLE]);
    if (s->suppressed)
        fprintf(out, ", %d suppressed", s->suppressed);
    fputs(" \xC2\xB7 ", out);
    count(out, s->files, "file", "files");
    double ms = r->elapsed_ms > 0 ? r->elapsed_ms : 0;
    fprintf(out, ms < 10 ? " in %.1f ms\n" : " in %.0f ms\n", ms);
    render_hotspots(p, r);

    for (int i = 0; i < r->nnotes; i++) {
        paint_on(p, ANSI_CYAN);
        fputs("note:", out);
        paint_off(p);
        fputc(' ', out);
        pl_report_put_line(out, r->notes[i]);
        fputc('\n', out);
    }
}

/* ---- where the problems are ------------------------------------------------------ */

typedef struct {
    const void *key; /* a pl_rule *, or a path */
    const char *label;
    int n;
} tally;

/* The (at most) three largest tallies first, ties in first-seen order. */
static void top_three(tally *t, int n)
{
    for (int i = 0; i < n && i < 3; i++)
        for (int j = i + 1; j < n; j++)
            if (t[j].n > t[i].n) {
                tally x = t[i];
                t[i] = t[j];
                t[j] = x;
            }
}

static void put_top(const painter *p, const char *what, tally *t, int n)
{
    if (!n)
        return;
    top_three(t, n);
    paint_on(p, ANSI_DIM);
    fputs(what, p->out);
    paint_off(p);
    for (int i = 0; i < n && i < 3; i++) {
        fputs(i ? ", " : " ", p->out);
        pl_report_put_line(p->out, t[i].label);
        fprintf(p->out, " (%d)", t[i].n);
    }
    fputc('\n', p->out);
}

/* Over several files: the three rules that fail most often and the three
 * files with the most errors, so a big repository shows where to start. */
static void render_hotspots(const painter *p, const pl_report *r)
{
    int files_with_findings = 0;
    const char *last = NULL;
    for (int i = 0; i < r->nfindings; i++) {
        const char *file = r->findings[i]->file ? r->findings[i]->file : "";
        if (!last || strcmp(last, file))
            files_with_findings++;
        last = file;
    }
    if (files_with_findings < 2)
        return;
    tally *rules = PL_NEW_N(r->arena, tally, (size_t)r->nfindings);
    tally *files = PL_NEW_N(r->arena, tally, (size_t)r->nfindings);
    int nrules = 0, nfiles = 0;
    for (int i = 0; i < r->nfindings; i++) {
        const pl_finding *f = r->findings[i];
        int k = 0;
        while (k < nrules && rules[k].key != f->rule)
            k++;
        if (k == nrules)
            rules[nrules++] = (tally){f->rule,
                                      pl_arena_printf(r->arena, "%s %s", f->rule->id ? f->rule->id : "",
                                                      f->rule->name),
                                      0};
        rules[k].n++;
        if (f->severity != PL_SEV_ERROR)
            continue;
        /* findings are sorted by file: a file's errors are one run */
        const char *file = f->file ? f->file : "";
        if (!nfiles || strcmp(files[nfiles - 1].label, file))
            files[nfiles++] = (tally){NULL, file, 0};
        files[nfiles - 1].n++;
    }
    put_top(p, "failing most often:", rules, nrules);
    put_top(p, "most errors in:", files, nfiles);
}

void pl_render_text(const pl_report *r, FILE *out)
{
    painter p = {out, r->color};
    int width = leader_width(r);
    int printed = 0; /* blank lines go between blocks, never first or doubled */
    for (int i = 0; i < r->nsections; i++) {
        const pl_report_section *s = &r->sections[i];
        /* a path only findings name has no header: each diagnostic names it */
        if (!r->quiet && s->file) {
            if (printed)
                fputc('\n', out);
            paint_on(&p, ANSI_BOLD);
            pl_report_put_line(out, s->path);
            paint_off(&p);
            if (s->file->headline) {
                fputs("  ", out);
                paint_on(&p, ANSI_DIM);
                fputc('(', out);
                pl_report_put_line(out, s->file->headline);
                fputc(')', out);
                paint_off(&p);
            }
            fputc('\n', out);
            render_checklist(&p, r, s, width);
            render_cards(&p, s->file);
            /* a header alone would read as output cut short */
            if (!s->nchecks && !s->file->ncards && !s->nfindings)
                fputs("  no checklist question applies; no rule found a problem\n", out);
            printed = 1;
        }
        for (int k = s->first_finding; k < s->first_finding + s->nfindings; k++) {
            if (printed)
                fputc('\n', out);
            render_finding(&p, s, r->findings[k]);
            printed = 1;
        }
    }
    if (printed)
        fputc('\n', out);
    render_summary(&p, r);
}
