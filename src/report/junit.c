/* junit.c — the `junit` format: JUnit XML for CI test dashboards.
 *
 * Owns the mapping to test results: one testsuite per file (or per other path
 * findings name), one testcase per checklist line and one per rule with
 * standing findings that has no checklist line in that file. A testcase fails
 * when its line failed or it carries standing findings (listed in the failure
 * body); a skipped line is a skipped testcase. The counts come from the same
 * walk that writes the testcases, so they add up.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

typedef struct {
    int tests, failures, skipped;
} tally;

/* One rule's standing findings in a section, in report order. */
typedef struct {
    const pl_rule *rule;
    const int *findings; /* indices into the report's findings */
    int n;
} rule_group;

typedef struct {
    const pl_rule *rule;
    int index;
} rule_slot;

static int cmp_rule_slot(const void *pa, const void *pb)
{
    const rule_slot *a = pa, *b = pb;
    int c = strcmp(a->rule->id ? a->rule->id : "", b->rule->id ? b->rule->id : "");
    if (c)
        return c;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* The section's findings grouped by rule, groups sorted by rule id. */
static rule_group *group_by_rule(const pl_report *r, const pl_report_section *s, int *ngroups)
{
    int n = s->nfindings;
    rule_slot *slots = PL_NEW_N(r->arena, rule_slot, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        slots[i].rule = r->findings[s->first_finding + i]->rule;
        slots[i].index = s->first_finding + i;
    }
    if (n > 1)
        qsort(slots, (size_t)n, sizeof *slots, cmp_rule_slot);
    int *idx = PL_NEW_N(r->arena, int, n > 0 ? n : 1);
    rule_group *groups = PL_NEW_N(r->arena, rule_group, n > 0 ? n : 1);
    int g = 0;
    for (int i = 0; i < n; i++) {
        idx[i] = slots[i].index;
        if (i == 0 || slots[i].rule != slots[i - 1].rule)
            groups[g++] = (rule_group){slots[i].rule, idx + i, 0};
        groups[g - 1].n++;
    }
    *ngroups = g;
    return groups;
}

static const rule_group *find_group(const rule_group *groups, int n, const pl_rule *rule)
{
    for (int i = 0; i < n; i++)
        if (groups[i].rule == rule)
            return &groups[i];
    return NULL;
}

static int has_check(const pl_report *r, const pl_report_section *s, const pl_rule *rule)
{
    for (int k = s->first_check; k < s->first_check + s->nchecks; k++)
        if (pl_report_check(r, k)->rule == rule)
            return 1;
    return 0;
}

/* The failure body: each finding as path:line:col: severity: message, then
 * its fix, one per line. */
static void put_findings(const pl_report *r, const rule_group *g, FILE *out)
{
    for (int k = 0; g && k < g->n; k++) {
        const pl_finding *f = r->findings[g->findings[k]];
        pl_report_put_xml(out, f->file);
        if (f->span.line >= 1) {
            fprintf(out, ":%d", f->span.line);
            if (f->span.col >= 1)
                fprintf(out, ":%d", f->span.col);
        }
        fprintf(out, ": %s: ", pl_severity_name(f->severity));
        pl_report_put_xml(out, f->message);
        const char *fix = pl_report_finding_fix(f);
        if (*fix) {
            fputs("\nfix: ", out);
            pl_report_put_xml(out, fix);
        }
        fputc('\n', out);
    }
}

static const pl_finding *worst_finding(const pl_report *r, const rule_group *g)
{
    const pl_finding *worst = NULL;
    for (int k = 0; g && k < g->n; k++) {
        const pl_finding *f = r->findings[g->findings[k]];
        if (!worst || f->severity < worst->severity)
            worst = f;
    }
    return worst;
}

/* One testcase, counted in `t`; written only when `out` is set. `res` is NULL
 * for a rule that is not a checklist line of the section. */
static void testcase(const pl_report *r, const pl_report_section *s, const pl_rule *rule,
                     const pl_result *res, const rule_group *g, FILE *out, tally *t)
{
    int failed = g || (res && res->status == PL_STATUS_FAIL);
    int skipped = !failed && res && res->status == PL_STATUS_SKIP;
    t->tests++;
    t->failures += failed;
    t->skipped += skipped;
    if (!out)
        return;

    fputs("    <testcase classname=\"", out);
    pl_report_put_xml(out, s->path);
    fputs("\" name=\"", out);
    pl_report_put_xml(out, rule->id);
    fputc(' ', out);
    pl_report_put_xml(out, rule->title ? rule->title : rule->name);
    fputc('"', out);
    const char *evidence = res && res->evidence ? res->evidence : "";
    if (failed) {
        const pl_finding *worst = worst_finding(r, g);
        pl_severity sev = worst ? worst->severity
                                : rule->severity < PL_SEV_NONE ? rule->severity : PL_SEV_ERROR;
        fputs(">\n      <failure message=\"", out);
        pl_report_put_xml(out, worst ? worst->message : evidence);
        fprintf(out, "\" type=\"%s\">", pl_severity_name(sev));
        if (*evidence) {
            pl_report_put_xml(out, evidence);
            fputc('\n', out);
        }
        put_findings(r, g, out);
        fputs("</failure>\n    </testcase>\n", out);
    } else if (skipped) {
        fputs(">\n      <skipped message=\"", out);
        pl_report_put_xml(out, evidence);
        fputs("\"/>\n    </testcase>\n", out);
    } else {
        fputs("/>\n", out);
    }
}

/* Walks a section's testcases: checklist lines in order, then the rules with
 * findings but no checklist line, by id. */
static void section_cases(const pl_report *r, const pl_report_section *s, const rule_group *groups,
                          int ngroups, FILE *out, tally *t)
{
    for (int k = s->first_check; k < s->first_check + s->nchecks; k++) {
        const pl_rule *rule = pl_report_check(r, k)->rule;
        testcase(r, s, rule, pl_report_check(r, k), find_group(groups, ngroups, rule), out, t);
    }
    for (int i = 0; i < ngroups; i++)
        if (!has_check(r, s, groups[i].rule))
            testcase(r, s, groups[i].rule, NULL, &groups[i], out, t);
}

void pl_render_junit(const pl_report *r, FILE *out)
{
    int n = r->nsections;
    rule_group **groups = PL_NEW_N(r->arena, rule_group *, n > 0 ? n : 1);
    int *ngroups = PL_NEW_N(r->arena, int, n > 0 ? n : 1);
    tally *tallies = PL_NEW_N(r->arena, tally, n > 0 ? n : 1);
    tally total = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        groups[i] = group_by_rule(r, &r->sections[i], &ngroups[i]);
        section_cases(r, &r->sections[i], groups[i], ngroups[i], NULL, &tallies[i]);
        total.tests += tallies[i].tests;
        total.failures += tallies[i].failures;
        total.skipped += tallies[i].skipped;
    }

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", out);
    pl_report_put_xml(out, r->tool_name);
    fprintf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
            total.tests, total.failures, total.skipped,
            (r->elapsed_ms > 0 ? r->elapsed_ms : 0) / 1000.0);
    for (int i = 0; i < n; i++) {
        const pl_report_section *s = &r->sections[i];
        const tally *t = &tallies[i];
        fputs("  <testsuite name=\"", out);
        pl_report_put_xml(out, s->path);
        fprintf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\"", t->tests,
                t->failures, t->skipped);
        if (!t->tests) {
            fputs("/>\n", out);
            continue;
        }
        fputs(">\n", out);
        tally written = {0, 0, 0};
        section_cases(r, s, groups[i], ngroups[i], out, &written);
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
}
