/* gitlab.c — the `gitlab` format: a GitLab Code Quality report.
 *
 * Owns the mapping of each standing finding to a Code Quality issue
 * (description, check_name, fingerprint, severity, location) and the
 * fingerprint itself: a 64-bit FNV-1a over rule id, path, line and message,
 * so the same finding keeps its identity between pipelines and GitLab can
 * tell new issues from resolved ones.
 */
#include <inttypes.h>
#include <string.h>

#include "render.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        h ^= *p;
        h *= FNV_PRIME;
    }
    /* a separator byte, so ("ab","c") and ("a","bc") differ */
    h ^= 0xFF;
    h *= FNV_PRIME;
    return h;
}

static const char *fingerprint(pl_arena *a, const pl_finding *f)
{
    char line[16];
    snprintf(line, sizeof line, "%d", f->span.line);
    uint64_t h = FNV_OFFSET;
    h = fnv1a(h, f->rule->id);
    h = fnv1a(h, f->file);
    h = fnv1a(h, line);
    h = fnv1a(h, f->message);
    return pl_arena_printf(a, "%016" PRIx64, h);
}

static const char *severity(pl_severity s)
{
    switch (s) {
    case PL_SEV_ERROR: return "critical";
    case PL_SEV_WARNING: return "major";
    case PL_SEV_INFO: return "minor";
    default: return "info";
    }
}

/* Code Climate's categories, which GitLab shows next to the issue. */
static const char *category(const char *c)
{
    static const struct {
        const char *ours, *theirs;
    } map[] = {
        {"security", "Security"},         {"reliability", "Bug Risk"},
        {"reproducibility", "Bug Risk"},  {"efficiency", "Performance"},
        {"maintainability", "Clarity"},   {"correctness", "Bug Risk"},
    };
    for (size_t i = 0; c && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(c, map[i].ours) == 0)
            return map[i].theirs;
    return "Style";
}

static cJSON *issue_item(void *ctx, int i)
{
    const pl_report *r = ctx;
    const pl_finding *f = r->findings[i];
    /* cJSON copies the strings: their scratch goes with the item */
    pl_arena *a = pl_arena_new();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "issue");
    const char *desc = pl_arena_printf(a, "%s %s: %s", f->rule->id ? f->rule->id : "",
                                       f->rule->name ? f->rule->name : "",
                                       f->message ? f->message : "");
    cJSON_AddItemToObject(o, "description", pl_report_json_string(a, desc));
    cJSON_AddItemToObject(o, "check_name", pl_report_json_string(a, f->rule->id));
    cJSON_AddStringToObject(o, "fingerprint", fingerprint(a, f));
    cJSON_AddStringToObject(o, "severity", severity(f->severity));
    cJSON *cats = cJSON_AddArrayToObject(o, "categories");
    cJSON_AddItemToArray(cats, cJSON_CreateString(category(f->rule->category)));
    cJSON *loc = cJSON_AddObjectToObject(o, "location");
    cJSON_AddItemToObject(loc, "path", pl_report_json_string(a, f->file));
    cJSON *lines = cJSON_AddObjectToObject(loc, "lines");
    /* GitLab needs a line; a whole-file finding points at the first */
    cJSON_AddNumberToObject(lines, "begin", f->span.line >= 1 ? f->span.line : 1);
    pl_arena_free(a);
    return o;
}

void pl_render_gitlab(const pl_report *r, FILE *out)
{
    /* one issue at a time: a big run's issues are not all in memory */
    cJSON *root = cJSON_CreateArray();
    pl_report_json_write_stream(out, root, root, r->nfindings, issue_item, (void *)r);
    cJSON_Delete(root);
}
