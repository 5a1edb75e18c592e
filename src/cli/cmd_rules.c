/* cmd_rules.c — `plimsoll rules` and `plimsoll explain RULE`. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plimsoll/rule.h"

static cJSON *rule_json(const pl_rule *r, int full)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->id);
    cJSON_AddStringToObject(o, "name", r->name);
    cJSON_AddStringToObject(o, "title", r->title);
    cJSON_AddStringToObject(o, "category", r->category);
    cJSON_AddStringToObject(o, "severity", pl_severity_name(r->severity));
    cJSON_AddStringToObject(o, "kind", pl_kind_name(r->kind));
    cJSON *al = cJSON_AddArrayToObject(o, "aliases");
    for (const char *const *a = r->aliases; a && *a; a++)
        cJSON_AddItemToArray(al, cJSON_CreateString(*a));
    cJSON_AddBoolToObject(o, "checklist", r->checklist);
    cJSON *ps = cJSON_AddArrayToObject(o, "presets");
    for (int p = 0; p < PL_PRESET_COUNT; p++)
        if (pl_rule_in_preset(r, (pl_preset)p))
            cJSON_AddItemToArray(ps, cJSON_CreateString(pl_preset_name((pl_preset)p)));
    if (r->hadolint != PL_SEV_NONE)
        cJSON_AddStringToObject(o, "hadolint_severity", pl_severity_name(r->hadolint));
    cJSON_AddStringToObject(o, "summary", r->summary);
    if (full) {
        cJSON_AddStringToObject(o, "description", r->description);
        cJSON_AddStringToObject(o, "fix", r->fix);
        cJSON_AddStringToObject(o, "bad", r->bad);
        cJSON_AddStringToObject(o, "good", r->good);
    }
    return o;
}

/* The smallest of recommended/strict the rule is in, and hadolint: every
 * rule of recommended is in strict too. */
static const char *presets_text(const pl_rule *r)
{
    int had = pl_rule_in_preset(r, PL_PRESET_HADOLINT);
    if (pl_rule_in_preset(r, PL_PRESET_RECOMMENDED))
        return had ? "recommended,hadolint" : "recommended";
    if (pl_rule_in_preset(r, PL_PRESET_STRICT))
        return had ? "strict,hadolint" : "strict";
    return had ? "hadolint" : "select only";
}

static void print_json(cJSON *j)
{
    char *s = cJSON_Print(j);
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    cJSON_Delete(j);
}

int pl_cmd_rules(int argc, char **argv)
{
    const char *format = "text";
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "--format") || !strcmp(argv[i], "-f")) && i + 1 < argc)
            format = argv[++i];
        else if (!strncmp(argv[i], "--format=", 9))
            format = argv[i] + 9;
        else {
            fprintf(stderr, "plimsoll rules: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!strcmp(format, "json")) {
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < pl_nrules; i++)
            cJSON_AddItemToArray(arr, rule_json(&pl_rules[i], 0));
        print_json(arr);
        return 0;
    }
    if (strcmp(format, "text")) {
        fprintf(stderr, "plimsoll rules: unknown format '%s' (text, json)\n", format);
        return 2;
    }
    for (int i = 0; i < pl_nrules; i++) {
        const pl_rule *r = &pl_rules[i];
        printf("%s  %-34s %-8s %-12s %-21s %s", r->id, r->name, pl_severity_name(r->severity),
               pl_kind_name(r->kind), presets_text(r), r->title);
        int first = 1;
        for (const char *const *a = r->aliases; a && *a; a++, first = 0)
            printf("%s%s", first ? "  [" : ", ", *a);
        puts(first ? "" : "]");
    }
    return 0;
}

static void print_block(const char *label, const char *text)
{
    printf("%s:\n", label);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        printf("    %.*s\n", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
}

int pl_cmd_explain(int argc, char **argv)
{
    int json = 0;
    const char *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format=json") ||
            ((!strcmp(argv[i], "--format") || !strcmp(argv[i], "-f")) && i + 1 < argc &&
             !strcmp(argv[++i], "json")))
            json = 1;
        else
            key = argv[i];
    }
    if (!key) {
        fputs("usage: plimsoll explain RULE\n", stderr);
        return 2;
    }
    const pl_rule *r = pl_rule_find(key);
    if (!r) {
        fprintf(stderr, "plimsoll: unknown rule '%s' (see `plimsoll rules`)\n", key);
        return 2;
    }
    if (json) {
        print_json(rule_json(r, 1));
        return 0;
    }
    printf("%s %s — %s\n\n", r->id, r->name, r->title);
    printf("severity: %s   category: %s   applies to: %s\n", pl_severity_name(r->severity),
           r->category, pl_kind_name(r->kind));
    printf("presets: %s", presets_text(r));
    if (r->hadolint != PL_SEV_NONE && r->hadolint != r->severity)
        printf(" (%s in hadolint)", pl_severity_name(r->hadolint));
    putchar('\n');
    if (r->aliases && r->aliases[0]) {
        fputs("aliases:", stdout);
        for (const char *const *a = r->aliases; *a; a++)
            printf(" %s", *a);
        putchar('\n');
    }
    printf("\n%s\n\n", r->summary);
    print_block("Why", r->description);
    putchar('\n');
    print_block("Fix", r->fix);
    putchar('\n');
    print_block("Bad", r->bad);
    putchar('\n');
    print_block("Good", r->good);
    return 0;
}
