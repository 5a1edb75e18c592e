/* checklist.c — the `checklist` format: Markdown for a pull request.
 *
 * Owns the reviewer's view: a title naming the repository, commit and date,
 * the counts, one section per file with a task-list line per checklist rule
 * (evidence after an em dash; skipped lines struck through with the reason),
 * the findings, the notes, and what only a running container can show. With
 * several images it leads with one table (a row per question, a column per
 * Dockerfile, each ✘ linking to its line below) and then details only the
 * failures, so fifty Dockerfiles stay readable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/card.h"
#include "render.h"

#define EM_DASH " \xE2\x80\x94 "

static int is_word(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* Length of the run of backticks at p. */
static size_t tick_run(const char *p)
{
    size_t n = 0;
    while (p[n] == '`')
        n++;
    return n;
}

/* Text outside code spans: Markdown punctuation backslash-escaped (so
 * `<digest>` is not swallowed as an HTML tag and `*` starts no emphasis), an
 * @name made unable to notify anyone, control characters as spaces. */
static void put_md_plain(FILE *out, const char *p, size_t n, int after_word)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c == 0x7F) {
            fputc(' ', out);
        } else if (strchr("\\`*_[]<>~&|#!", c)) {
            fputc('\\', out);
            fputc(c, out);
        } else if (c == '@' && !after_word && i + 1 < n && is_word((unsigned char)p[i + 1])) {
            fputs("@\xE2\x80\x8B", out); /* a zero-width space after @ */
        } else {
            fputc(c, out);
        }
        after_word = is_word(c);
    }
}

/* Writes untrusted text as Markdown: code spans the text already has
 * (`like this`) pass through; everything else is escaped. */
static void put_md(FILE *out, const char *s)
{
    if (!s)
        return;
    const char *p = s;
    int after_word = 0;
    while (*p) {
        const char *tick = strchr(p, '`');
        if (!tick) {
            put_md_plain(out, p, strlen(p), after_word);
            return;
        }
        put_md_plain(out, p, (size_t)(tick - p), after_word);
        size_t run = tick_run(tick);
        /* the span closes at the next run of exactly the same length */
        const char *close = tick + run;
        while ((close = strchr(close, '`'))) {
            size_t r = tick_run(close);
            if (r == run)
                break;
            close += r;
        }
        if (!close || memchr(tick, '\n', (size_t)(close - tick))) {
            put_md_plain(out, tick, run, after_word);
            p = tick + run;
        } else {
            for (const char *q = tick; q < close + run; q++)
                fputc((unsigned char)*q < 0x20 ? ' ' : *q, out);
            p = close + run;
        }
        after_word = 0;
    }
}

/* `s` as one code span, fenced with more backticks than it contains. */
static void put_md_code(FILE *out, const char *s)
{
    size_t longest = 0;
    for (const char *p = s; *p;) {
        size_t r = tick_run(p);
        if (r > longest)
            longest = r;
        p += r ? r : 1;
    }
    int pad = longest > 0;
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
    if (pad)
        fputc(' ', out);
    pl_report_put_line(out, s);
    if (pad)
        fputc(' ', out);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', out);
}

static void render_title(const pl_report *r, FILE *out)
{
    fputs("# Container verification", out);
    if (r->repo_name) {
        fputs(EM_DASH, out);
        put_md(out, r->repo_name);
    }
    if (r->commit) {
        fputs(r->repo_name ? " @ " : EM_DASH, out);
        put_md(out, r->commit);
    }
    if (r->date) {
        fputs(" (", out);
        put_md(out, r->date);
        fputc(')', out);
    }
    fputs("\n\n", out);
}

static void render_counts(const pl_report *r, FILE *out)
{
    const pl_report_summary *s = &r->summary;
    fprintf(out,
            "**%d passed, %d failed, %d skipped** \xC2\xB7 %d error%s, %d warning%s, %d info, "
            "%d style",
            s->passed, s->failed, s->skipped, s->by_severity[PL_SEV_ERROR],
            s->by_severity[PL_SEV_ERROR] == 1 ? "" : "s", s->by_severity[PL_SEV_WARNING],
            s->by_severity[PL_SEV_WARNING] == 1 ? "" : "s", s->by_severity[PL_SEV_INFO],
            s->by_severity[PL_SEV_STYLE]);
    if (s->suppressed)
        fprintf(out, ", %d suppressed", s->suppressed);
    fprintf(out, " \xC2\xB7 %d file%s\n", s->files, s->files == 1 ? "" : "s");
}

/* The anchor a table cell links to: file section and rule id (ids are
 * [A-Za-z0-9_-], safe in an HTML attribute). */
static void put_anchor_id(FILE *out, int section, const pl_rule *rule)
{
    fprintf(out, "c%d-", section + 1);
    for (const char *p = rule->id ? rule->id : rule->name; *p; p++)
        fputc(is_word((unsigned char)*p) ? *p : '-', out);
}

/* anchor_section >= 0: a failing line carries the anchor the table links to */
static void render_check(const pl_result *res, FILE *out, int anchor_section)
{
    int has_evidence = res->evidence && *res->evidence;
    switch (res->status) {
    case PL_STATUS_PASS:
        fputs("- [x] ", out);
        put_md(out, res->rule->title);
        break;
    case PL_STATUS_FAIL:
        fputs("- [ ] ", out);
        if (anchor_section >= 0) {
            fputs("<a id=\"", out);
            put_anchor_id(out, anchor_section, res->rule);
            fputs("\"></a>", out);
        }
        put_md(out, res->rule->title);
        break;
    default:
        fputs("- [ ] ~~", out);
        put_md(out, res->rule->title);
        fputs("~~" EM_DASH "skipped", out);
        if (has_evidence) {
            fputs(": ", out);
            put_md(out, res->evidence);
        }
        fputc('\n', out);
        return;
    }
    if (has_evidence) {
        fputs(EM_DASH, out);
        put_md(out, res->evidence);
    }
    fputc('\n', out);
}

static int is_image(const pl_report_section *s)
{
    return s->file && s->file->kind == PL_KIND_DOCKERFILE;
}

static int count_images(const pl_report *r)
{
    int n = 0;
    for (int i = 0; i < r->nsections; i++)
        n += is_image(&r->sections[i]);
    return n;
}

/* The table's rows: the questions in the order they first appear in the
 * checklist (any file's), and for each image its answer. One pass over the
 * checklist gathers them (the lines may be read back from disk one file at
 * a time): a status per image and question, and the rule of each failing
 * answer, which the cell links to. */
typedef struct {
    const char *title;
    int asked; /* an image answers it */
} table_row;

typedef struct {
    int image, row;
    const pl_rule *rule;
} table_failure;

typedef struct {
    table_row *rows;
    int nrows, cap_rows;
    /* rule pointer -> row, open addressing: the rules are a few hundred,
     * the lines hundreds of thousands */
    const pl_rule **keys;
    int *key_rows;
    int nkeys, cap_keys;
    unsigned char *cells; /* [image * nrows + row]: 0 not asked, else status + 1 */
    table_failure *fails;
    int nfails, cap_fails;
} table;

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    int n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(p, size * (size_t)n);
    if (!q) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    *cap = n;
    return q;
}

static size_t rule_hash(const pl_rule *r, int cap)
{
    return (size_t)(((uintptr_t)r >> 4) * 2654435761u) & (size_t)(cap - 1);
}

static void key_insert(table *t, const pl_rule *rule, int row)
{
    size_t h = rule_hash(rule, t->cap_keys);
    while (t->keys[h])
        h = (h + 1) & (size_t)(t->cap_keys - 1);
    t->keys[h] = rule;
    t->key_rows[h] = row;
    t->nkeys++;
}

/* The row of `rule`'s question, added when new. */
static int row_of(table *t, const pl_rule *rule)
{
    if (t->cap_keys) {
        for (size_t h = rule_hash(rule, t->cap_keys); t->keys[h]; h = (h + 1) & (size_t)(t->cap_keys - 1))
            if (t->keys[h] == rule)
                return t->key_rows[h];
    }
    int row = -1;
    for (int i = 0; i < t->nrows && row < 0; i++)
        if (!strcmp(t->rows[i].title, rule->title))
            row = i; /* another rule asking the same question */
    if (row < 0) {
        t->rows = grow(t->rows, &t->cap_rows, t->nrows + 1, sizeof *t->rows);
        t->rows[t->nrows] = (table_row){rule->title, 0};
        row = t->nrows++;
    }
    if ((t->nkeys + 1) * 2 > t->cap_keys) {
        const pl_rule **old = t->keys;
        int *old_rows = t->key_rows, old_cap = t->cap_keys;
        t->cap_keys = old_cap ? old_cap * 2 : 256;
        t->keys = calloc((size_t)t->cap_keys, sizeof *t->keys);
        t->key_rows = calloc((size_t)t->cap_keys, sizeof *t->key_rows);
        if (!t->keys || !t->key_rows) {
            fputs("plimsoll: out of memory\n", stderr);
            abort();
        }
        t->nkeys = 0;
        for (int i = 0; i < old_cap; i++)
            if (old[i])
                key_insert(t, old[i], old_rows[i]);
        free(old);
        free(old_rows);
    }
    key_insert(t, rule, row);
    return row;
}

static int cmp_failure(const void *pa, const void *pb)
{
    const table_failure *a = pa, *b = pb;
    if (a->image != b->image)
        return a->image < b->image ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static const pl_rule *failing_rule(const table *t, int image, int row)
{
    table_failure key = {image, row, NULL};
    const table_failure *f = bsearch(&key, t->fails, (size_t)t->nfails, sizeof key, cmp_failure);
    return f ? f->rule : NULL;
}

/* Gathers the rows, then the cells of the `nimages` images. */
static void gather_table(const pl_report *r, table *t, int nimages)
{
    /* the questions first, so that the cells have their final width */
    for (int k = 0; k < r->nchecklist; k++) {
        const pl_rule *rule = pl_report_check(r, k)->rule;
        row_of(t, rule);
    }
    t->cells = calloc((size_t)nimages * (size_t)(t->nrows ? t->nrows : 1), 1);
    if (!t->cells) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    int image = 0;
    for (int i = 0; i < r->nsections; i++) {
        const pl_report_section *s = &r->sections[i];
        if (!is_image(s))
            continue;
        for (int k = s->first_check; k < s->first_check + s->nchecks; k++) {
            const pl_result *res = pl_report_check(r, k);
            int row = row_of(t, res->rule);
            unsigned char *cell = &t->cells[(size_t)image * (size_t)t->nrows + (size_t)row];
            if (*cell)
                continue; /* the first line answering the question */
            *cell = (unsigned char)(res->status + 1);
            t->rows[row].asked = 1;
            if (res->status == PL_STATUS_FAIL) {
                t->fails = grow(t->fails, &t->cap_fails, t->nfails + 1, sizeof *t->fails);
                t->fails[t->nfails++] = (table_failure){image, row, res->rule};
            }
        }
        image++;
    }
    if (t->nfails > 1)
        qsort(t->fails, (size_t)t->nfails, sizeof *t->fails, cmp_failure);
}

/* A row per question (in the order they first appear), a column per image;
 * ✔ pass, ✘ fail (a link to the line below), – skipped or not asked. */
static void render_table(const pl_report *r, FILE *out)
{
    fputs("\n| |", out);
    int nimages = 0;
    for (int i = 0; i < r->nsections; i++)
        if (is_image(&r->sections[i])) {
            fputc(' ', out);
            put_md_code(out, r->sections[i].path);
            fputs(" |", out);
            nimages++;
        }
    fputs("\n|---|", out);
    for (int i = 0; i < r->nsections; i++)
        if (is_image(&r->sections[i]))
            fputs(":-:|", out);
    fputc('\n', out);
    table t = {0};
    gather_table(r, &t, nimages);
    for (int row = 0; row < t.nrows; row++) {
        if (!t.rows[row].asked)
            continue; /* a question about other kinds of files */
        fputs("| ", out);
        put_md(out, t.rows[row].title);
        fputs(" |", out);
        int image = 0;
        for (int i = 0; i < r->nsections; i++) {
            if (!is_image(&r->sections[i]))
                continue;
            int cell = t.cells[(size_t)image * (size_t)t.nrows + (size_t)row];
            const pl_rule *failing = cell == PL_STATUS_FAIL + 1 ? failing_rule(&t, image, row) : NULL;
            if (failing) {
                fputs(" [\xE2\x9C\x98](#", out);
                put_anchor_id(out, i, failing);
                fputs(") |", out);
            } else {
                fputs(cell == PL_STATUS_PASS + 1 ? " \xE2\x9C\x94 |" : " \xE2\x80\x93 |", out);
            }
            image++;
        }
        fputc('\n', out);
    }
    free(t.rows);
    free(t.keys);
    free(t.key_rows);
    free(t.cells);
    free(t.fails);
}

/* A compose file's services, each with its card: a line per question,
 * ✔ / ✘ / – and the evidence (a view: counted in no summary). */
static void render_cards(const pl_report_file *f, FILE *out)
{
    static const char *const symbol[] = {"\xE2\x9C\x94", "\xE2\x9C\x98", "\xE2\x80\x93"};
    for (int i = 0; i < f->ncards; i++) {
        const pl_service_card *c = &f->cards[i];
        fputs("\n### Service ", out);
        put_md_code(out, c->name ? c->name : "?");
        fputs(" (", out);
        put_md(out, c->file);
        fprintf(out, ":%d)\n", c->line);
        for (int q = 0; q < PL_CARD_NLINES; q++) {
            const pl_card_line *l = &c->lines[q];
            int st = l->status == PL_STATUS_PASS ? 0 : l->status == PL_STATUS_FAIL ? 1 : 2;
            fprintf(out, "- %s **", symbol[st]);
            put_md(out, pl_card_label((pl_card_question)q));
            fputs("**", out);
            if (l->evidence && *l->evidence) {
                fputs(EM_DASH, out);
                put_md(out, l->evidence);
            }
            fputc('\n', out);
        }
    }
}

static void render_files(const pl_report *r, FILE *out)
{
    int overview = count_images(r) >= 2;
    if (overview)
        render_table(r, out);
    for (int i = 0; i < r->nsections; i++) {
        const pl_report_section *s = &r->sections[i];
        if (!s->file)
            continue; /* paths only findings name appear under Findings */
        fputs("\n## ", out);
        put_md(out, s->path);
        if (s->file->headline) {
            fputs(" (", out);
            put_md(out, s->file->headline);
            fputc(')', out);
        }
        fputc('\n', out);
        if (!s->nchecks)
            fputs("No checklist items apply to this file.\n", out);
        int failed = 0;
        for (int k = s->first_check; k < s->first_check + s->nchecks; k++) {
            if (overview && pl_report_check(r, k)->status != PL_STATUS_FAIL)
                continue; /* the table answers it */
            render_check(pl_report_check(r, k), out, overview ? i : -1);
            failed++;
        }
        if (overview && s->nchecks && !failed)
            fputs("Every checklist item passes or does not apply.\n", out);
        render_cards(s->file, out);
    }
}

static void render_findings(const pl_report *r, FILE *out)
{
    fputs("\n## Findings\n", out);
    if (!r->nfindings)
        fputs("No findings.\n", out);
    for (int i = 0; i < r->nfindings; i++) {
        const pl_finding *f = r->findings[i];
        fprintf(out, "- **%s** ", pl_severity_name(f->severity));
        put_md_code(out, f->rule->id ? f->rule->id : "");
        fputc(' ', out);
        put_md(out, f->rule->name);
        fputs(" at ", out);
        const char *where = f->file ? f->file : "";
        if (f->span.line >= 1 && f->span.col >= 1)
            where = pl_arena_printf(r->arena, "%s:%d:%d", where, f->span.line, f->span.col);
        else if (f->span.line >= 1)
            where = pl_arena_printf(r->arena, "%s:%d", where, f->span.line);
        put_md_code(out, where);
        fputs(": ", out);
        put_md(out, f->message);
        const char *fix = pl_report_finding_fix(f);
        if (*fix) {
            fputs(EM_DASH "fix: ", out);
            put_md(out, fix);
        }
        fputc('\n', out);
    }
}

void pl_render_checklist(const pl_report *r, FILE *out)
{
    render_title(r, out);
    render_counts(r, out);
    render_files(r, out);
    render_findings(r, out);
    if (r->nnotes) {
        fputs("\n## Notes\n", out);
        for (int i = 0; i < r->nnotes; i++) {
            fputs("- ", out);
            put_md(out, r->notes[i]);
            fputc('\n', out);
        }
    }
    fputs("\n## Needs a running container\n"
          "These cannot be verified from the files; build the image and run it "
          "(`docker build`, then `docker run --gpus all` where a GPU is expected) to check:\n"
          "- [ ] Image size\n"
          "- [ ] Start-up time\n"
          "- [ ] GPU visible to the process\n"
          "- [ ] Health endpoint answering\n",
          out);
}
