/* registry.c — looking rules up by id, name or alias, and the names of the
 * enums rules are described with. The table itself is generated. */
#include <string.h>
#include <strings.h>

#include "plimsoll/rule.h"

int pl_rule_matches(const pl_rule *r, const char *key)
{
    if (!key || !*key)
        return 0;
    if (!strcasecmp(r->id, key) || !strcasecmp(r->name, key))
        return 1;
    for (const char *const *a = r->aliases; a && *a; a++)
        if (!strcasecmp(*a, key))
            return 1;
    return 0;
}

const pl_rule *pl_rule_find(const char *key)
{
    if (!key || !*key)
        return NULL;
    /* exact spellings first, so an alias shared in different case cannot
     * shadow an exact match */
    for (int i = 0; i < pl_nrules; i++) {
        const pl_rule *r = &pl_rules[i];
        if (!strcmp(r->id, key) || !strcmp(r->name, key))
            return r;
        for (const char *const *a = r->aliases; a && *a; a++)
            if (!strcmp(*a, key))
                return r;
    }
    for (int i = 0; i < pl_nrules; i++)
        if (pl_rule_matches(&pl_rules[i], key))
            return &pl_rules[i];
    return NULL;
}

/* BuildKit check names are PascalCase words; every other anchor's ids have
 * digits or dashes (DL3008, SC2086, DS-0002, CKV_DOCKER_3, dclint's kebab
 * names). */
static int is_buildkit_name(const char *s)
{
    if (!s[0] || s[0] < 'A' || s[0] > 'Z')
        return 0;
    int lower = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            lower = 1;
        else if (!(*p >= 'A' && *p <= 'Z'))
            return 0;
    }
    return lower;
}

int pl_is_buildkit_name(const char *key) { return key && is_buildkit_name(key); }

int pl_is_hadolint_code(const char *key)
{
    if (!key || (key[0] != 'D' && key[0] != 'd') || (key[1] != 'L' && key[1] != 'l'))
        return 0;
    int n = 0;
    for (key += 2; *key; key++, n++)
        if (*key < '0' || *key > '9')
            return 0;
    return n == 4;
}

int pl_rule_has_buildkit_alias(const pl_rule *r)
{
    for (const char *const *a = r->aliases; a && *a; a++)
        if (is_buildkit_name(*a))
            return 1;
    return 0;
}

static int is_kebab(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '-'))
            return 0;
    return 1;
}

int pl_is_dclint_name(const pl_rule *r, const char *key)
{
    if (!key || r->kind != PL_KIND_COMPOSE)
        return 0;
    for (const char *const *a = r->aliases; a && *a; a++)
        if (is_kebab(*a) && !strcasecmp(*a, key))
            return 1;
    return 0;
}

static const char *const sev_names[] = {"error", "warning", "info", "style", "ignore"};

const char *pl_severity_name(pl_severity s)
{
    return (unsigned)s <= PL_SEV_NONE ? sev_names[s] : "unknown";
}

int pl_severity_parse(const char *s, pl_severity *out)
{
    for (int i = 0; i <= PL_SEV_NONE; i++)
        if (!strcasecmp(s, sev_names[i])) {
            *out = (pl_severity)i;
            return 0;
        }
    if (!strcasecmp(s, "none")) {
        *out = PL_SEV_NONE;
        return 0;
    }
    return -1;
}

static const char *const kind_names[] = {"dockerfile", "compose", "dockerignore",
                                         "requirements", "envfile", "repository"};

const char *pl_kind_name(pl_file_kind k)
{
    return (unsigned)k < PL_KIND_COUNT ? kind_names[k] : "unknown";
}

int pl_kind_parse(const char *s, pl_file_kind *out)
{
    for (int i = 0; i < PL_KIND_COUNT; i++)
        if (!strcasecmp(s, kind_names[i])) {
            *out = (pl_file_kind)i;
            return 0;
        }
    return -1;
}

const char *pl_status_name(pl_status s)
{
    switch (s) {
    case PL_STATUS_PASS: return "pass";
    case PL_STATUS_FAIL: return "fail";
    default: return "skip";
    }
}

static const char *const preset_names[PL_PRESET_COUNT] = {"recommended", "strict", "hadolint"};

const char *pl_preset_name(pl_preset p)
{
    return p >= 0 && p < PL_PRESET_COUNT ? preset_names[p] : "recommended";
}

int pl_preset_parse(const char *s, pl_preset *out)
{
    for (int i = 0; s && i < PL_PRESET_COUNT; i++)
        if (!strcasecmp(s, preset_names[i])) {
            *out = (pl_preset)i;
            return 0;
        }
    return -1;
}

int pl_rule_in_preset(const pl_rule *r, pl_preset p)
{
    switch (p) {
    case PL_PRESET_STRICT: return r->severity != PL_SEV_NONE;
    case PL_PRESET_HADOLINT: return r->hadolint != PL_SEV_NONE;
    default: return r->recommended && r->severity != PL_SEV_NONE;
    }
}

pl_severity pl_rule_preset_severity(const pl_rule *r, pl_preset p)
{
    return p == PL_PRESET_HADOLINT && r->hadolint != PL_SEV_NONE ? r->hadolint : r->severity;
}
