/* rulegen — compiles the rule YAML files into the C rule table (build time only).
 *
 * Each YAML file holds a sequence of rule mappings. Every rule must have id,
 * name, title, category, severity, kind, summary, description, fix, bad and
 * good; aliases and checklist are optional. `presets` lists the named rule
 * sets besides strict (which holds every rule) the rule belongs to:
 * recommended and/or hadolint, `[]` for strict only; `hadolint-severity`
 * gives hadolint's own severity where it differs from ours. `judges: image`
 * marks a Dockerfile rule that judges the image a build ships (the final
 * stage): the engine runs it once per stage some build unit builds. A rule named
 * after a hadolint DL code must be in the hadolint preset or say
 * `hadolint-severity: ignore` (off in hadolint too). The generated table binds each
 * rule to `pl_check_<name>` (dashes as underscores), so a rule without a check
 * function fails to link. Any mistake stops the build with file:line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_RULES 1024
#define MAX_ALIASES 32

typedef struct {
    char *id, *name, *title, *category, *severity, *kind, *summary, *description, *fix,
        *bad, *good, *checklist, *hadolint_severity, *judges;
    char *aliases[MAX_ALIASES];
    int naliases;
    int has_presets, recommended, hadolint;
    const char *file;
    int line;
} rule_src;

static rule_src rules[MAX_RULES];
static int nrules;
static int failed;

static void err(const char *file, int line, const char *msg, const char *arg)
{
    fprintf(stderr, "%s:%d: %s%s%s\n", file, line, msg, arg ? ": " : "", arg ? arg : "");
    failed = 1;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

static int in_list(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(v, *list) == 0)
            return 1;
    return 0;
}

static void load_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        err(path, 0, "cannot open", NULL);
        return;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, fp);
    if (!yaml_parser_load(&p, &doc)) {
        err(path, (int)p.problem_mark.line + 1, "YAML error", p.problem);
        yaml_parser_delete(&p);
        fclose(fp);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        goto done;
    }
    if (root->type != YAML_SEQUENCE_NODE) {
        err(path, (int)root->start_mark.line + 1, "expected a sequence of rules", NULL);
        goto done;
    }
    for (yaml_node_item_t *it = root->data.sequence.items.start;
         it < root->data.sequence.items.top; it++) {
        yaml_node_t *rn = yaml_document_get_node(&doc, *it);
        if (!rn || rn->type != YAML_MAPPING_NODE) {
            err(path, rn ? (int)rn->start_mark.line + 1 : 0, "expected a rule mapping", NULL);
            continue;
        }
        if (nrules == MAX_RULES) {
            err(path, 0, "too many rules", NULL);
            break;
        }
        rule_src *r = &rules[nrules++];
        r->file = path;
        r->line = (int)rn->start_mark.line + 1;
        for (yaml_node_pair_t *pr = rn->data.mapping.pairs.start;
             pr < rn->data.mapping.pairs.top; pr++) {
            yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
            yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
            if (!k || k->type != YAML_SCALAR_NODE || !v)
                continue;
            const char *key = (const char *)k->data.scalar.value;
            int kline = (int)k->start_mark.line + 1;
            if (strcmp(key, "aliases") == 0) {
                if (v->type != YAML_SEQUENCE_NODE) {
                    err(path, kline, "aliases must be a list", NULL);
                    continue;
                }
                for (yaml_node_item_t *ai = v->data.sequence.items.start;
                     ai < v->data.sequence.items.top; ai++) {
                    yaml_node_t *an = yaml_document_get_node(&doc, *ai);
                    if (!an || an->type != YAML_SCALAR_NODE) {
                        err(path, kline, "alias must be a string", NULL);
                        continue;
                    }
                    if (r->naliases < MAX_ALIASES)
                        r->aliases[r->naliases++] = xstrdup((const char *)an->data.scalar.value);
                }
                continue;
            }
            if (strcmp(key, "presets") == 0) {
                if (v->type != YAML_SEQUENCE_NODE) {
                    err(path, kline, "presets must be a list", NULL);
                    continue;
                }
                r->has_presets = 1;
                for (yaml_node_item_t *pi = v->data.sequence.items.start;
                     pi < v->data.sequence.items.top; pi++) {
                    yaml_node_t *pn = yaml_document_get_node(&doc, *pi);
                    const char *pv = pn && pn->type == YAML_SCALAR_NODE
                                         ? (const char *)pn->data.scalar.value : "";
                    if (!strcmp(pv, "recommended"))
                        r->recommended = 1;
                    else if (!strcmp(pv, "hadolint"))
                        r->hadolint = 1;
                    else if (!strcmp(pv, "strict"))
                        err(path, kline, "every rule is in strict; list only recommended or hadolint", NULL);
                    else
                        err(path, kline, "unknown preset (recommended, hadolint)", pv);
                }
                continue;
            }
            if (v->type != YAML_SCALAR_NODE) {
                err(path, kline, "expected a string value for", key);
                continue;
            }
            char *val = xstrdup((const char *)v->data.scalar.value);
            char **slot = NULL;
            if (!strcmp(key, "id")) slot = &r->id;
            else if (!strcmp(key, "name")) slot = &r->name;
            else if (!strcmp(key, "title")) slot = &r->title;
            else if (!strcmp(key, "category")) slot = &r->category;
            else if (!strcmp(key, "severity")) slot = &r->severity;
            else if (!strcmp(key, "kind")) slot = &r->kind;
            else if (!strcmp(key, "summary")) slot = &r->summary;
            else if (!strcmp(key, "description")) slot = &r->description;
            else if (!strcmp(key, "fix")) slot = &r->fix;
            else if (!strcmp(key, "bad")) slot = &r->bad;
            else if (!strcmp(key, "good")) slot = &r->good;
            else if (!strcmp(key, "checklist")) slot = &r->checklist;
            else if (!strcmp(key, "hadolint-severity")) slot = &r->hadolint_severity;
            else if (!strcmp(key, "judges")) slot = &r->judges;
            if (!slot) {
                err(path, kline, "unknown rule key", key);
                free(val);
                continue;
            }
            *slot = val;
        }
    }
done:
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    fclose(fp);
}

static void validate(void)
{
    static const char *const cats[] = {"security", "reliability", "reproducibility",
                                       "efficiency", "maintainability", "correctness", "style", NULL};
    static const char *const sevs[] = {"error", "warning", "info", "style", "ignore", NULL};
    static const char *const kinds[] = {"dockerfile", "compose", "dockerignore", "requirements",
                                        "envfile", "repository", NULL};
    for (int i = 0; i < nrules; i++) {
        rule_src *r = &rules[i];
        struct { const char *n; char *v; } req[] = {
            {"id", r->id}, {"name", r->name}, {"title", r->title}, {"category", r->category},
            {"severity", r->severity}, {"kind", r->kind}, {"summary", r->summary},
            {"description", r->description}, {"fix", r->fix}, {"bad", r->bad}, {"good", r->good}};
        for (size_t k = 0; k < sizeof req / sizeof req[0]; k++)
            if (!req[k].v || !*req[k].v)
                err(r->file, r->line, "rule lacks", req[k].n);
        if (r->id && (strlen(r->id) != 6 || strncmp(r->id, "PL", 2) || !isdigit((unsigned char)r->id[2]) ||
                      !isdigit((unsigned char)r->id[3]) || !isdigit((unsigned char)r->id[4]) ||
                      !isdigit((unsigned char)r->id[5])))
            err(r->file, r->line, "id must be PL and 4 digits", r->id);
        if (r->name)
            for (const char *c = r->name; *c; c++)
                if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '-'))
                    err(r->file, r->line, "name must be kebab-case", r->name);
        if (r->category && !in_list(r->category, cats))
            err(r->file, r->line, "unknown category", r->category);
        if (r->severity && !in_list(r->severity, sevs))
            err(r->file, r->line, "unknown severity", r->severity);
        if (r->kind && !in_list(r->kind, kinds))
            err(r->file, r->line, "unknown kind", r->kind);
        if (r->checklist && strcmp(r->checklist, "true") && strcmp(r->checklist, "false"))
            err(r->file, r->line, "checklist must be true or false", r->checklist);
        if (!r->has_presets)
            err(r->file, r->line, "rule lacks", "presets");
        if (r->judges && strcmp(r->judges, "image"))
            err(r->file, r->line, "judges must be image", r->judges);
        if (r->judges && r->kind && strcmp(r->kind, "dockerfile"))
            err(r->file, r->line, "only a dockerfile rule judges an image", r->name);
        if (r->hadolint_severity && !in_list(r->hadolint_severity, sevs))
            err(r->file, r->line, "unknown hadolint-severity", r->hadolint_severity);
        if (r->hadolint_severity && !r->hadolint && strcmp(r->hadolint_severity, "ignore"))
            err(r->file, r->line, "hadolint-severity without hadolint in presets", r->hadolint_severity);
        int dl_alias = 0;
        for (int a = 0; a < r->naliases; a++)
            dl_alias |= !strncmp(r->aliases[a], "DL", 2) && isdigit((unsigned char)r->aliases[a][2]);
        if (dl_alias && !r->hadolint && !r->hadolint_severity)
            err(r->file, r->line,
                "a rule with a hadolint alias lists hadolint in presets or says hadolint-severity: ignore",
                r->name);
        for (int j = 0; j < i; j++) {
            if (r->id && rules[j].id && !strcmp(r->id, rules[j].id))
                err(r->file, r->line, "duplicate id", r->id);
            if (r->name && rules[j].name && !strcmp(r->name, rules[j].name))
                err(r->file, r->line, "duplicate name", r->name);
        }
    }
}

static void put_cstr(const char *s)
{
    if (!s) {
        fputs("NULL", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n\"\n    \"", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20)
                printf("\\%03o", *p);
            else
                putchar(*p);
        }
    }
    putchar('"');
}

static void fn_name(const char *name, char *out, size_t n)
{
    snprintf(out, n, "pl_check_%s", name);
    for (char *c = out; *c; c++)
        if (*c == '-')
            *c = '_';
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const rule_src *)a)->id, ((const rule_src *)b)->id);
}

static const char *sev_enum(const char *s)
{
    if (!strcmp(s, "error")) return "PL_SEV_ERROR";
    if (!strcmp(s, "warning")) return "PL_SEV_WARNING";
    if (!strcmp(s, "info")) return "PL_SEV_INFO";
    if (!strcmp(s, "style")) return "PL_SEV_STYLE";
    return "PL_SEV_NONE";
}

static const char *kind_enum(const char *s)
{
    if (!strcmp(s, "dockerfile")) return "PL_KIND_DOCKERFILE";
    if (!strcmp(s, "compose")) return "PL_KIND_COMPOSE";
    if (!strcmp(s, "dockerignore")) return "PL_KIND_DOCKERIGNORE";
    if (!strcmp(s, "requirements")) return "PL_KIND_REQUIREMENTS";
    if (!strcmp(s, "envfile")) return "PL_KIND_ENVFILE";
    return "PL_KIND_REPOSITORY";
}

/* With --header: only the prototypes of the check functions, so the files
 * that define them are compiled against a declaration. */
int main(int argc, char **argv)
{
    int header = argc > 1 && !strcmp(argv[1], "--header");
    for (int i = 1 + header; i < argc; i++)
        load_file(argv[i]);
    validate();
    if (failed)
        return 1;
    qsort(rules, (size_t)nrules, sizeof rules[0], by_id);
    char fn[256];
    if (header) {
        puts("/* Generated by tools/rulegen. Do not edit. */");
        puts("#ifndef PLIMSOLL_RULES_DECL_H\n#define PLIMSOLL_RULES_DECL_H\n");
        puts("#include \"plimsoll/rule.h\"\n");
        for (int i = 0; i < nrules; i++) {
            fn_name(rules[i].name, fn, sizeof fn);
            printf("void %s(pl_check *c, const struct pl_file *f);\n", fn);
        }
        puts("\n#endif");
        return 0;
    }

    puts("/* Generated by tools/rulegen from the rule YAML files. Do not edit. */");
    puts("#include \"plimsoll/rule.h\"\n");
    for (int i = 0; i < nrules; i++) {
        fn_name(rules[i].name, fn, sizeof fn);
        printf("void %s(pl_check *c, const struct pl_file *f);\n", fn);
    }
    putchar('\n');
    for (int i = 0; i < nrules; i++) {
        printf("static const char *const aliases_%d[] = {", i);
        for (int j = 0; j < rules[i].naliases; j++) {
            put_cstr(rules[i].aliases[j]);
            fputs(", ", stdout);
        }
        puts("NULL};");
    }
    puts("\nconst pl_rule pl_rules[] = {");
    for (int i = 0; i < nrules; i++) {
        rule_src *r = &rules[i];
        fn_name(r->name, fn, sizeof fn);
        printf("  {");
        put_cstr(r->id); fputs(", ", stdout);
        put_cstr(r->name); fputs(", ", stdout);
        put_cstr(r->title); fputs(", ", stdout);
        put_cstr(r->category);
        const char *hsev = !r->hadolint ? "PL_SEV_NONE"
                           : sev_enum(r->hadolint_severity ? r->hadolint_severity : r->severity);
        printf(", %s, %s, aliases_%d, %d, %d, %s,\n    ", sev_enum(r->severity), kind_enum(r->kind), i,
               r->checklist && !strcmp(r->checklist, "true"), r->recommended, hsev);
        put_cstr(r->summary); fputs(",\n    ", stdout);
        put_cstr(r->description); fputs(",\n    ", stdout);
        put_cstr(r->fix); fputs(",\n    ", stdout);
        put_cstr(r->bad); fputs(",\n    ", stdout);
        put_cstr(r->good);
        printf(",\n    %s, %d},\n", fn, r->judges != NULL);
    }
    puts("};");
    printf("const int pl_nrules = %d;\n", nrules);
    return 0;
}
