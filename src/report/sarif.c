/* sarif.c — the `sarif` format: SARIF 2.1.0 for code-scanning services.
 *
 * Owns the mapping from the report to one SARIF run: the rules the standing
 * findings use (with title, documentation, default level and aliases) and
 * one result per finding with its physical location. SARIF regions end
 * exclusively where ours end inclusively, hence endColumn = end_col + 1.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static const char *sarif_level(pl_severity s)
{
    switch (s) {
    case PL_SEV_ERROR: return "error";
    case PL_SEV_WARNING: return "warning";
    default: return "note";
    }
}

static int cmp_rule(const void *pa, const void *pb)
{
    const pl_rule *a = *(const pl_rule *const *)pa, *b = *(const pl_rule *const *)pb;
    int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
    return c ? c : (a > b) - (a < b);
}

/* The distinct rules of the findings, sorted by id. */
static const pl_rule **used_rules(const pl_report *r, int *n)
{
    const pl_rule **rules = PL_NEW_N(r->arena, const pl_rule *, r->nfindings > 0 ? r->nfindings : 1);
    for (int i = 0; i < r->nfindings; i++)
        rules[i] = r->findings[i]->rule;
    if (r->nfindings > 1)
        qsort(rules, (size_t)r->nfindings, sizeof *rules, cmp_rule);
    int k = 0;
    for (int i = 0; i < r->nfindings; i++)
        if (k == 0 || rules[k - 1] != rules[i])
            rules[k++] = rules[i];
    *n = k;
    return rules;
}

static int rule_index(const pl_rule **rules, int n, const pl_rule *rule)
{
    for (int i = 0; i < n; i++)
        if (rules[i] == rule)
            return i;
    return -1;
}

static cJSON *text_object(pl_arena *a, const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "text", pl_report_json_string(a, text));
    return o;
}

const char *pl_report_rule_doc_url(pl_arena *a, const pl_rule *rule)
{
    /* a pack may reuse a built-in id; only the built-in rule has the page */
    if (!rule || !rule->id || pl_rule_find(rule->id) != rule)
        return NULL;
    return pl_arena_printf(a, "%s/blob/main/docs/rules/%s.md", PLIMSOLL_REPOSITORY_URL, rule->name);
}

static cJSON *rule_json(pl_arena *a, const pl_rule *rule)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "id", pl_report_json_string(a, rule->id));
    cJSON_AddItemToObject(o, "name", pl_report_json_string(a, rule->name));
    cJSON_AddItemToObject(o, "shortDescription", text_object(a, rule->title));
    const char *full = rule->description && *rule->description ? rule->description : rule->summary;
    cJSON_AddItemToObject(o, "fullDescription", text_object(a, full ? full : rule->title));
    const char *help = rule->fix && *rule->fix ? rule->fix : full ? full : rule->title;
    cJSON_AddItemToObject(o, "help", text_object(a, help));
    const char *doc = pl_report_rule_doc_url(a, rule);
    if (doc)
        cJSON_AddItemToObject(o, "helpUri", pl_report_json_string(a, doc));
    cJSON *config = cJSON_AddObjectToObject(o, "defaultConfiguration");
    cJSON_AddStringToObject(config, "level",
                            rule->severity < PL_SEV_NONE ? sarif_level(rule->severity) : "none");
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    cJSON *aliases = cJSON_AddArrayToObject(props, "aliases");
    for (const char *const *al = rule->aliases; al && *al; al++)
        cJSON_AddItemToArray(aliases, pl_report_json_string(a, *al));
    cJSON *tags = cJSON_AddArrayToObject(props, "tags");
    if (rule->category)
        cJSON_AddItemToArray(tags, pl_report_json_string(a, rule->category));
    return o;
}

/* A relative URI reference: path bytes outside the unreserved set (and '/')
 * percent-encoded, so spaces and '#' survive. */
static const char *path_uri(pl_arena *a, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (const unsigned char *p = (const unsigned char *)(path ? path : ""); *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c)) {
            pl_sb_putc(&sb, (char)c);
        } else {
            pl_sb_putc(&sb, '%');
            pl_sb_putc(&sb, hex[c >> 4]);
            pl_sb_putc(&sb, hex[c & 15]);
        }
    }
    return pl_sb_str(&sb);
}

static cJSON *location_json(pl_arena *a, const pl_finding *f)
{
    cJSON *loc = cJSON_CreateObject();
    cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
    cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
    cJSON_AddStringToObject(art, "uri", path_uri(a, f->file));
    const pl_span *sp = &f->span;
    if (sp->line >= 1) {
        cJSON *region = cJSON_AddObjectToObject(phys, "region");
        cJSON_AddNumberToObject(region, "startLine", sp->line);
        if (sp->col >= 1)
            cJSON_AddNumberToObject(region, "startColumn", sp->col);
        if (sp->end_line >= sp->line) {
            cJSON_AddNumberToObject(region, "endLine", sp->end_line);
            if (sp->end_col >= 1 && (sp->end_line > sp->line || sp->end_col >= sp->col))
                cJSON_AddNumberToObject(region, "endColumn", sp->end_col + 1);
        }
    }
    return loc;
}

static cJSON *result_json(pl_arena *a, const pl_finding *f, int index)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "ruleId", pl_report_json_string(a, f->rule->id));
    cJSON_AddNumberToObject(o, "ruleIndex", index);
    cJSON_AddStringToObject(o, "level", sarif_level(f->severity));
    cJSON_AddItemToObject(o, "message", text_object(a, f->message));
    cJSON *locs = cJSON_AddArrayToObject(o, "locations");
    cJSON_AddItemToArray(locs, location_json(a, f));
    if (f->nrelated) {
        cJSON *rel = cJSON_AddArrayToObject(o, "relatedLocations");
        for (int i = 0; i < f->nrelated; i++) {
            pl_finding at = {.file = f->related[i].file, .span = f->related[i].span};
            cJSON *loc = location_json(a, &at);
            cJSON_AddNumberToObject(loc, "id", i);
            cJSON_AddItemToObject(loc, "message", text_object(a, f->related[i].message));
            cJSON_AddItemToArray(rel, loc);
        }
    }
    const char *fix = pl_report_finding_fix(f);
    if (*fix) {
        cJSON *props = cJSON_AddObjectToObject(o, "properties");
        cJSON_AddItemToObject(props, "fix", pl_report_json_string(a, fix));
    }
    return o;
}

typedef struct {
    const pl_report *r;
    const pl_rule **rules;
    int nrules;
} results_stream;

static cJSON *result_item(void *ctx, int i)
{
    const results_stream *st = ctx;
    const pl_finding *f = st->r->findings[i];
    /* cJSON copies the strings: their scratch goes with the item */
    pl_arena *scratch = pl_arena_new();
    cJSON *o = result_json(scratch, f, rule_index(st->rules, st->nrules, f->rule));
    pl_arena_free(scratch);
    return o;
}

void pl_render_sarif(const pl_report *r, FILE *out)
{
    pl_arena *a = r->arena;
    int nrules;
    const pl_rule **rules = used_rules(r, &nrules);

    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(root, "version", "2.1.0");
    cJSON *runs = cJSON_AddArrayToObject(root, "runs");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(runs, run);

    cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddItemToObject(driver, "name", pl_report_json_string(a, r->tool_name));
    cJSON_AddItemToObject(driver, "version", pl_report_json_string(a, r->tool_version));
    cJSON_AddStringToObject(driver, "informationUri", PLIMSOLL_REPOSITORY_URL);
    cJSON *jrules = cJSON_AddArrayToObject(driver, "rules");
    for (int i = 0; i < nrules; i++)
        cJSON_AddItemToArray(jrules, rule_json(a, rules[i]));

    /* one result at a time: a big run's results are not all in memory */
    cJSON *results = cJSON_AddArrayToObject(run, "results");
    results_stream st = {r, rules, nrules};
    pl_report_json_write_stream(out, root, results, r->nfindings, result_item, &st);
    cJSON_Delete(root);
}
