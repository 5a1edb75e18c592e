/* build.c — gathering a finished workspace into the one report structure.
 *
 * Owns: which findings stand and in what order, which results are checklist
 * lines and in what order, the per-file sections, the summary counts and
 * whether the run fails; plus the format dispatch. Renderers only read what
 * this file settles.
 */
#include "plimsoll/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plimsoll/engine.h"
#include "render.h"
#include "plimsoll/git.h"
#include "plimsoll/unit.h"

/* Display order of categories: what hurts most first. */
static const char *const category_order[] = {
    "security", "reliability", "reproducibility", "efficiency", "maintainability", "correctness",
    "style",
};
#define NCATEGORIES ((int)(sizeof category_order / sizeof category_order[0]))

int pl_category_rank(const char *category)
{
    if (category)
        for (int i = 0; i < NCATEGORIES; i++)
            if (strcmp(category, category_order[i]) == 0)
                return i;
    return NCATEGORIES;
}

const char *pl_report_source_line(const pl_report_file *f, int line, size_t *len)
{
    if (len)
        *len = 0;
    if (!f || !f->data || line < 1)
        return NULL;
    const char *p = f->data, *end = f->data + f->len;
    for (int n = 1; n < line; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    /* the empty remainder after a final newline is not a line */
    if (p == end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    if (len)
        *len = n;
    return p;
}

const char *pl_report_finding_fix(const pl_finding *f)
{
    if (f->fix && *f->fix)
        return f->fix;
    if (f->rule && f->rule->fix)
        return f->rule->fix;
    return "";
}

void pl_report_set_threshold(pl_report *r, int threshold)
{
    r->threshold = threshold;
    r->failing = 0;
    if (threshold == PL_THRESHOLD_NONE)
        return;
    for (int i = 0; i < r->nfindings; i++)
        if ((int)r->findings[i]->severity <= threshold)
            r->failing = 1;
}

/* ---- ordering ------------------------------------------------------------ */

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

typedef struct {
    const pl_finding *finding;
    size_t seq; /* gathering order: the last tie-break, so output never depends on qsort */
} finding_slot;

static int cmp_finding(const void *pa, const void *pb)
{
    const finding_slot *sa = pa, *sb = pb;
    const pl_finding *a = sa->finding, *b = sb->finding;
    int c;
    if ((c = cmp_str(a->file, b->file)) || (c = cmp_int(a->span.line, b->span.line)) ||
        (c = cmp_int(a->span.col, b->span.col)) || (c = cmp_str(a->rule->id, b->rule->id)) ||
        (c = cmp_int(a->span.end_line, b->span.end_line)) ||
        (c = cmp_int(a->span.end_col, b->span.end_col)) || (c = cmp_str(a->message, b->message)))
        return c;
    return (sa->seq > sb->seq) - (sa->seq < sb->seq);
}

typedef struct {
    const pl_result *result;
    int file; /* index in the report's files */
    int rank;
    size_t seq;
} check_slot;

static int cmp_check(const void *pa, const void *pb)
{
    const check_slot *a = pa, *b = pb;
    int c;
    if ((c = cmp_int(a->file, b->file)) || (c = cmp_int(a->rank, b->rank)) ||
        (c = cmp_str(a->result->rule->id, b->result->rule->id)))
        return c;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Files of the workspace sorted by path, to find the one a finding names. */
typedef struct {
    const char *path;
    int index;
} path_slot;

static int cmp_path_slot(const void *pa, const void *pb)
{
    const path_slot *a = pa, *b = pb;
    int c = cmp_str(a->path, b->path);
    return c ? c : cmp_int(a->index, b->index);
}

static int find_path(const path_slot *slots, int n, const char *path)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cmp_str(slots[mid].path, path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && cmp_str(slots[lo].path, path) == 0 ? slots[lo].index : -1;
}

static path_slot *sorted_paths(pl_arena *a, const char *const *paths, int n)
{
    path_slot *slots = PL_NEW_N(a, path_slot, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        slots[i].path = paths[i];
        slots[i].index = i;
    }
    if (n > 1)
        qsort(slots, (size_t)n, sizeof *slots, cmp_path_slot);
    return slots;
}

/* ---- gathering ----------------------------------------------------------- */

static int finding_stands(const pl_finding *f, const pl_file *host, const pl_workspace *ws,
                          const path_slot *ws_paths)
{
    if (!f || !f->rule || f->suppressed_by)
        return 0;
    if ((int)f->severity < PL_SEV_ERROR || f->severity >= PL_SEV_NONE)
        return 0; /* the rule is switched off */
    /* a cross-file finding is reported with the file it names when that file
     * is checked (--changed-since may exclude it), else with its host */
    int target = f->file ? find_path(ws_paths, ws->nfiles, f->file) : -1;
    const pl_file *owner = target >= 0 ? ws->files[target] : host;
    return owner->report != 0;
}

static void gather_files(pl_arena *a, const pl_workspace *ws, pl_report *r, int *file_index)
{
    r->files = PL_NEW_N(a, pl_report_file, ws->nfiles > 0 ? ws->nfiles : 1);
    for (int i = 0; i < ws->nfiles; i++) {
        const pl_file *f = ws->files[i];
        file_index[i] = -1;
        if (!f || !f->report)
            continue;
        pl_report_file *rf = &r->files[r->nfiles];
        rf->path = f->path ? f->path : "";
        rf->kind = f->kind;
        rf->headline = f->headline;
        rf->cards = f->cards;
        rf->ncards = f->ncards;
        /* a binary file's "lines" are not worth quoting */
        rf->data = f->binary ? NULL : f->data;
        rf->len = rf->data ? f->len : 0;
        file_index[i] = r->nfiles++;
    }
}

/* `tmp` holds what only the gathering needs. */
static void gather_findings(pl_arena *a, pl_arena *tmp, const pl_workspace *ws, pl_report *r)
{
    const char **paths = PL_NEW_N(tmp, const char *, ws->nfiles > 0 ? ws->nfiles : 1);
    for (int i = 0; i < ws->nfiles; i++)
        paths[i] = ws->files[i] ? ws->files[i]->path : NULL;
    path_slot *ws_paths = sorted_paths(tmp, paths, ws->nfiles);

    size_t total = 0;
    for (int i = 0; i < ws->nfiles; i++)
        if (ws->files[i])
            total += ws->files[i]->findings.len;
    finding_slot *slots = PL_NEW_N(tmp, finding_slot, total > 0 ? total : 1);
    size_t n = 0;
    for (int i = 0; i < ws->nfiles; i++) {
        const pl_file *host = ws->files[i];
        if (!host)
            continue;
        for (size_t k = 0; k < host->findings.len; k++) {
            const pl_finding *f = PL_VEC_AT(host->findings, const pl_finding *, k);
            if (f && f->rule && f->suppressed_by) {
                int target = f->file ? find_path(ws_paths, ws->nfiles, f->file) : -1;
                if ((target >= 0 ? ws->files[target] : host)->report)
                    r->summary.suppressed++;
                continue;
            }
            if (!finding_stands(f, host, ws, ws_paths))
                continue;
            slots[n].finding = f;
            slots[n].seq = n;
            n++;
        }
    }
    if (n > 1)
        qsort(slots, n, sizeof *slots, cmp_finding);
    r->findings = PL_NEW_N(a, const pl_finding *, n > 0 ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const pl_finding *f = slots[i].finding;
        r->findings[i] = f;
        r->summary.by_severity[f->severity]++;
    }
    r->nfindings = (int)n;
}

/* How strongly a result answers its question: a failure wins, then a pass. */
static int answer_rank(pl_status st)
{
    return st == PL_STATUS_FAIL ? 2 : st == PL_STATUS_PASS ? 1 : 0;
}

/* Rules that ask the same question (the same title: user-root and
 * user-missing both ask "Runs as a non-root user") share one checklist line
 * per file, answered by the strongest result, so the checklist never says
 * ✘ and ✔ to one question. Returns 1 when `res` joined an earlier line. */
static int merge_same_question(check_slot *file_slots, size_t n, const pl_result *res)
{
    for (size_t j = 0; j < n; j++) {
        if (strcmp(file_slots[j].result->rule->title, res->rule->title) != 0)
            continue;
        const pl_result *had = file_slots[j].result;
        /* between two skips, the one that says why beats one that defers
         * to the other rule ("(see user-missing)") */
        if (answer_rank(res->status) > answer_rank(had->status) ||
            (res->status == had->status && had->status == PL_STATUS_SKIP && had->evidence &&
             strstr(had->evidence, "(see ")))
            file_slots[j].result = res;
        return 1;
    }
    return 0;
}

/* One file's checklist lines, merged by question and in report order, into
 * `slots` (room for every result); returns how many. */
static size_t file_lines(check_slot *slots, const pl_vec *results, int file)
{
    size_t m = 0;
    for (size_t k = 0; k < results->len; k++) {
        const pl_result *res = PL_VEC_AT(*results, const pl_result *, k);
        if (!res || !res->rule || !res->rule->checklist)
            continue;
        if (merge_same_question(slots, m, res))
            continue;
        slots[m].result = res;
        slots[m].file = file;
        slots[m].rank = pl_category_rank(res->rule->category);
        slots[m].seq = m;
        m++;
    }
    if (m > 1)
        qsort(slots, m, sizeof *slots, cmp_check);
    return m;
}

static void count_status(pl_status st, int counts[3])
{
    counts[st == PL_STATUS_PASS ? 0 : st == PL_STATUS_FAIL ? 1 : 2]++;
}

int pl_report_prints_checklist(const char *format, int quiet)
{
    if (!format || !strcmp(format, "text"))
        return !quiet;
    return strcmp(format, "github") && strcmp(format, "gitlab") && strcmp(format, "checkstyle") &&
           strcmp(format, "sarif");
}

void pl_report_count_checklist(const pl_vec *results, int counts[3])
{
    counts[0] = counts[1] = counts[2] = 0;
    if (!results->len)
        return;
    check_slot *slots = malloc(sizeof *slots * results->len);
    if (!slots) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    size_t m = file_lines(slots, results, 0);
    for (size_t k = 0; k < m; k++)
        count_status(slots[k].result->status, counts);
    free(slots);
}

size_t pl_report_checklist_lines(const pl_vec *results, const pl_result **lines)
{
    if (!results->len)
        return 0;
    check_slot *slots = malloc(sizeof *slots * results->len);
    if (!slots) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    size_t m = file_lines(slots, results, 0);
    for (size_t k = 0; k < m; k++)
        lines[k] = slots[k].result;
    free(slots);
    return m;
}

/* Puts `m` lines of slots to the spool: a file the engine did not cut
 * down (the repository's, or a merged report's) joins the spooled ones. */
static long long spool_lines(pl_check_spool *sp, const check_slot *slots, size_t m)
{
    if (!m)
        return pl_check_spool_put(sp, NULL, 0);
    const pl_result **lines = malloc(sizeof *lines * m);
    if (!lines) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    for (size_t k = 0; k < m; k++)
        lines[k] = slots[k].result;
    long long at = pl_check_spool_put(sp, lines, m);
    free(lines);
    return at;
}

/* The report's files sorted by path, to find the section of a path. */
static path_slot *file_paths_of(pl_arena *tmp, const pl_report *r)
{
    const char **paths = PL_NEW_N(tmp, const char *, r->nfiles > 0 ? r->nfiles : 1);
    for (int i = 0; i < r->nfiles; i++)
        paths[i] = r->files[i].path;
    return sorted_paths(tmp, paths, r->nfiles);
}

/* How many paths the findings name that no reported file has: each gets a
 * section after the files'. */
static int other_paths(const pl_report *r, const path_slot *file_paths)
{
    int n = 0;
    for (int i = 0; i < r->nfindings;) {
        const char *path = r->findings[i]->file;
        int j = i + 1;
        while (j < r->nfindings && cmp_str(r->findings[j]->file, path) == 0)
            j++;
        n += find_path(file_paths, r->nfiles, path) < 0;
        i = j;
    }
    return n;
}

static void gather_checklist(pl_arena *a, pl_arena *tmp, const pl_workspace *ws, pl_report *r,
                             const int *file_index, const path_slot *file_paths)
{
    /* files come in report order, so sorting each file's lines on its own
     * gives the order of one sort of all of them, without slots for all */
    pl_check_spool *spool = ws->checklist_spool;
    size_t total = 0, most = 0;
    for (int i = 0; i < ws->nfiles; i++)
        if (ws->files[i] && file_index[i] >= 0) {
            total += ws->files[i]->results.len;
            if (ws->files[i]->results.len > most)
                most = ws->files[i]->results.len;
        }
    check_slot *slots = PL_NEW_N(tmp, check_slot, most > 0 ? most : 1);
    if (spool && !(r->pager = pl_check_pager_new(spool))) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    if (!r->pager)
        r->checklist = PL_NEW_N(a, const pl_result *, total > 0 ? total : 1);
    r->sections = PL_NEW_N(a, pl_report_section,
                           (size_t)r->nfiles + (size_t)other_paths(r, file_paths) + 1);
    for (int i = 0; i < r->nfiles; i++) {
        r->sections[i].path = r->files[i].path;
        r->sections[i].file = &r->files[i];
    }
    r->nsections = r->nfiles;
    int counts[3] = {0, 0, 0};
    size_t n = 0;
    for (int i = 0; i < ws->nfiles; i++) {
        const pl_file *f = ws->files[i];
        if (!f || file_index[i] < 0)
            continue;
        if (f->checklist_counted)
            for (int k = 0; k < 3; k++)
                counts[k] += f->checklist_counts[k];
        pl_report_section *s = &r->sections[file_index[i]];
        /* set for a file without lines too: the json format finds a
         * line's file by where the sections start */
        s->first_check = (int)n;
        if (f->checklist_spooled) {
            s->nchecks = f->checklist_lines;
            s->check_at = f->checklist_at;
            n += (size_t)f->checklist_lines;
            continue;
        }
        size_t m = file_lines(slots, &f->results, file_index[i]);
        s->nchecks = (int)m;
        if (r->pager)
            s->check_at = spool_lines(spool, slots, m);
        for (size_t k = 0; k < m; k++) {
            if (!r->pager)
                r->checklist[n] = slots[k].result;
            n++;
            count_status(slots[k].result->status, counts);
        }
    }
    r->summary.passed += counts[0];
    r->summary.failed += counts[1];
    r->summary.skipped += counts[2];
    r->nchecklist = (int)n;
}

/* Findings are sorted by path, so each path's findings are one run; a run
 * goes to its file's section, or to a new section when no file has that path. */
static void assign_finding_sections(pl_report *r, const path_slot *file_paths)
{
    for (int i = 0; i < r->nfindings;) {
        const char *path = r->findings[i]->file;
        int j = i + 1;
        while (j < r->nfindings && cmp_str(r->findings[j]->file, path) == 0)
            j++;
        int fi = find_path(file_paths, r->nfiles, path);
        pl_report_section *s;
        if (fi >= 0) {
            s = &r->sections[fi];
        } else {
            s = &r->sections[r->nsections++];
            s->path = path ? path : "";
        }
        s->first_finding = i;
        s->nfindings = j - i;
        i = j;
    }
}

static void gather_notes(pl_arena *a, const pl_workspace *ws, pl_report *r)
{
    size_t n = ws->notes.len;
    r->notes = PL_NEW_N(a, const char *, n > 0 ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const char *note = PL_VEC_AT(ws->notes, const char *, i);
        int seen = !note || !*note;
        for (int k = 0; k < r->nnotes && !seen; k++)
            seen = strcmp(r->notes[k], note) == 0;
        if (!seen)
            r->notes[r->nnotes++] = note;
    }
}

/* The date from the day count (the proleptic Gregorian calendar, as
 * gmtime has it): gmtime and strftime read the time zone files first, a
 * cost every run paid for a date only the checklist prints. */
static const char *today_utc(pl_arena *a)
{
    time_t now = time(NULL);
    if (now == (time_t)-1)
        return NULL;
    long long days = (long long)(now / 86400) - (now % 86400 < 0);
    long long z = days + 719468; /* days since 0000-03-01 */
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;                                     /* [0, 146096] */
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    long long mp = (5 * doy + 2) / 153;                                    /* March = 0 */
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    long long year = yoe + era * 400 + (month <= 2);
    return pl_arena_printf(a, "%04lld-%02d-%02d", year, month, day);
}

static int default_threshold(const pl_workspace *ws)
{
    if (ws->opts && ws->opts->threshold_set)
        return ws->opts->threshold;
    if (ws->config && ws->config->has_failure_threshold)
        return ws->config->failure_threshold;
    /* hadolint fails on info findings too; its preset keeps its verdicts */
    return ws->opts && pl_workspace_preset(ws) == PL_PRESET_HADOLINT ? PL_SEV_INFO : PL_SEV_WARNING;
}

void pl_report_build(pl_arena *a, const pl_workspace *ws, pl_report *r)
{
    memset(r, 0, sizeof *r);
    r->arena = a;
    r->tool_name = "plimsoll";
    r->tool_version = PLIMSOLL_VERSION;
    r->date = today_utc(a);
    if (ws->opts) {
        r->quiet = ws->opts->quiet;
        r->color = ws->opts->color == 1;
    }

    pl_arena *tmp = pl_arena_new();
    int *file_index = PL_NEW_N(tmp, int, ws->nfiles > 0 ? ws->nfiles : 1);
    gather_files(a, ws, r, file_index);
    gather_findings(a, tmp, ws, r);
    const path_slot *file_paths = file_paths_of(tmp, r);
    gather_checklist(a, tmp, ws, r, file_index, file_paths);
    assign_finding_sections(r, file_paths);
    pl_arena_free(tmp);
    gather_notes(a, ws, r);
    /* only the json format prints the build units (one per Dockerfile) */
    const char *format = ws->opts ? ws->opts->format : NULL;
    if (!format || !pl_report_format_known(format) || !strcmp(format, "json"))
        pl_report_units(a, ws, r);
    r->summary.files = r->nfiles;
    pl_report_set_threshold(r, default_threshold(ws));
}

void pl_report_release(pl_report *r)
{
    pl_check_pager_free(r->pager);
    r->pager = NULL;
}

/* ---- dispatch ------------------------------------------------------------ */

static const struct {
    const char *name;
    void (*render)(const pl_report *r, FILE *out);
} formats[] = {
    {"text", pl_render_text},         {"json", pl_render_json},
    {"checklist", pl_render_checklist}, {"sarif", pl_render_sarif},
    {"junit", pl_render_junit},       {"github", pl_render_github},
    {"gitlab", pl_render_gitlab},     {"checkstyle", pl_render_checkstyle},
};

int pl_report_format_known(const char *format)
{
    if (!format)
        return 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(format, formats[i].name) == 0)
            return 1;
    return 0;
}

int pl_report_render(const pl_report *r, const char *format, FILE *out)
{
    if (!format)
        format = "text";
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(format, formats[i].name) == 0) {
            formats[i].render(r, out);
            return 0;
        }
    }
    return -1;
}
