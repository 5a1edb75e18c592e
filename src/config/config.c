/* config.c — reading `.plimsoll.yaml` into a typed pl_config.
 *
 * Owns: the loader for the config format of spec/cli.md ("Config file"),
 * built on libyaml's document API, and its diagnostics: unknown keys (with the
 * nearest valid key), wrong types, bad severity / label type / size values,
 * negative numbers, duplicate keys, YAML syntax errors, roots that are not a
 * mapping. Every problem is reported (the walk goes on after one) with the
 * line and byte column of the offending key or value. Rule names are kept as
 * written: the CLI checks them against the rule registry.
 *
 * Scalars are typed as YAML 1.2's core schema types them (libyaml itself does
 * not resolve types; see config_text.c): a plain `true`, `3` or `~` is a boolean, a number or
 * null, a quoted one is a string. So `strict-labels: "true"` and
 * `ignore: 3` are type errors, as they would be in any typed YAML reader.
 *
 * File reading, discovery, sizes and the template live in config_file.c.
 */
#include "plimsoll/config.h"
#include "config_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

typedef struct {
    pl_arena *arena;
    pl_diag_list *diags;
    pl_config *cfg;
    yaml_document_t *doc;
    pl_ypos map;
} loader;

/* ---- positions ------------------------------------------------------------ */

static pl_span mark_span(loader *l, yaml_mark_t mark)
{
    int line, col;
    pl_ypos_mark(&l->map, mark.line, mark.column, &line, &col);
    return pl_span_make(line, col, line, col);
}

static pl_span node_span(loader *l, const yaml_node_t *n)
{
    pl_span s = mark_span(l, n->start_mark);
    if (n->type != YAML_SCALAR_NODE)
        return s;
    /* libyaml's end mark is one past the last character; spans are inclusive. */
    pl_span e = mark_span(l, n->end_mark);
    if (e.line > s.line || (e.line == s.line && e.col - 1 >= s.col)) {
        s.end_line = e.line;
        s.end_col = e.col > 1 ? e.col - 1 : 1;
    }
    return s;
}

static void report(loader *l, const yaml_node_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(loader *l, const yaml_node_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = pl_arena_vprintf(l->arena, fmt, ap);
    va_end(ap);
    pl_span span = at ? node_span(l, at) : pl_span_make(0, 0, 0, 0);
    pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, span, NULL, "%s", msg);
}

/* ---- scalar typing ------------------------------------------------------- */

static pl_config_scalar_type scalar_type_of(const yaml_node_t *n)
{
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return SCALAR_STRING;
    return pl_config_plain_scalar_type((const char *)n->data.scalar.value);
}

static int is_null(const yaml_node_t *n)
{
    return !n || (n->type == YAML_SCALAR_NODE && scalar_type_of(n) == SCALAR_NULL);
}

static int is_string(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE && scalar_type_of(n) == SCALAR_STRING;
}

static const char *scalar_text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* A quoted "\0" puts a NUL inside the scalar; C strings would cut it there. */
static int has_nul(const yaml_node_t *n)
{
    return strlen(scalar_text(n)) != n->data.scalar.length;
}

/* A string usable as a list item or name: not empty, no NUL. */
static int is_text(const yaml_node_t *n)
{
    return is_string(n) && n->data.scalar.length > 0 && !has_nul(n);
}

/* ---- describing what was found ---------------------------------------------- */

/* Printable, bounded form of user text for messages: control bytes escaped,
 * cut at a character boundary after 40 bytes. */
static const char *shown(loader *l, const char *s)
{
    enum { LIMIT = 40 };
    pl_strbuf sb;
    pl_sb_init(&sb, l->arena);
    size_t n = 0;
    for (; *s; s++, n++) {
        unsigned char c = (unsigned char)*s;
        if (n >= LIMIT && (c & 0xC0) != 0x80) {
            pl_sb_puts(&sb, "...");
            break;
        }
        if (c < 0x20 || c == 0x7F)
            pl_sb_printf(&sb, "\\x%02X", c);
        else
            pl_sb_putc(&sb, (char)c);
    }
    return pl_sb_str(&sb);
}

static const char *describe(loader *l, const yaml_node_t *n)
{
    if (!n)
        return "nothing";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    switch (scalar_type_of(n)) {
    case SCALAR_NULL:
        return "an empty value";
    case SCALAR_BOOL:
        return pl_arena_printf(l->arena, "the boolean %s", scalar_text(n));
    case SCALAR_NUMBER:
        return pl_arena_printf(l->arena, "the number %s", shown(l, scalar_text(n)));
    case SCALAR_STRING:
        break;
    }
    if (n->data.scalar.length == 0)
        return "an empty string";
    if (has_nul(n))
        return "text with a NUL character";
    return pl_arena_printf(l->arena, "\"%s\"", shown(l, scalar_text(n)));
}

static const char *joined(loader *l, const char *const *names, const char *last_sep)
{
    pl_strbuf sb;
    pl_sb_init(&sb, l->arena);
    for (const char *const *n = names; *n; n++) {
        if (n != names)
            pl_sb_puts(&sb, n[1] ? ", " : last_sep);
        pl_sb_puts(&sb, *n);
    }
    return pl_sb_str(&sb);
}

/* ---- keys of a mapping ---------------------------------------------------------- */

/* The text of a mapping key, or NULL (reported) when it is not a name. */
static const char *key_name(loader *l, const yaml_node_t *key)
{
    if (!key || key->type != YAML_SCALAR_NODE || scalar_type_of(key) == SCALAR_NULL) {
        report(l, key, "keys must be names, got %s", describe(l, key));
        return NULL;
    }
    if (has_nul(key)) {
        report(l, key, "keys must not contain NUL characters");
        return NULL;
    }
    return scalar_text(key);
}

/* `where` is NULL at the top level, else the parent key ("context"). */
static void report_unknown(loader *l, const yaml_node_t *key, const char *name, const char *where,
                           const char *what, const char *whats, const char *const *valid)
{
    const char *near = pl_config_nearest(name, valid);
    const char *in = where ? pl_arena_printf(l->arena, " in '%s'", where) : "";
    if (near)
        report(l, key, "unknown %s '%s'%s; did you mean '%s'?", what, shown(l, name), in, near);
    else
        report(l, key, "unknown %s '%s'%s; valid %s are %s", what, shown(l, name), in, whats,
               joined(l, valid, ", "));
}

/* Records the key as seen; reports and returns 0 when an equivalent key
 * (`seen_as[slot]`) came before. */
static int first_time(loader *l, const yaml_node_t *key, const char *name, const char *where,
                      const yaml_node_t **seen, const char **seen_as, int slot)
{
    if (!seen[slot]) {
        seen[slot] = key;
        seen_as[slot] = name;
        return 1;
    }
    const char *in = where ? pl_arena_printf(l->arena, " in '%s'", where) : "";
    int first_line = node_span(l, seen[slot]).line;
    if (strcmp(seen_as[slot], name) == 0)
        report(l, key, "duplicate key '%s'%s (first at line %d)", shown(l, name), in,
               first_line);
    else
        report(l, key, "duplicate key '%s'%s (same as '%s' at line %d)", shown(l, name), in,
               seen_as[slot], first_line);
    return 0;
}

static yaml_node_t *node(loader *l, int index)
{
    return yaml_document_get_node(l->doc, index);
}

/* ---- values ----------------------------------------------------------------------- */

typedef struct {
    const char *one;  /* "a rule name" */
    const char *many; /* "rule names" */
} item_noun;

static int list_length(const yaml_node_t *v)
{
    if (v && v->type == YAML_SEQUENCE_NODE)
        return (int)(v->data.sequence.items.top - v->data.sequence.items.start);
    return is_text(v) ? 1 : 0;
}

/* One string or a list of strings; null is an empty list. Returns 0 after
 * reporting a wrong type for the whole value. */
static int load_string_list(loader *l, const char *key, const yaml_node_t *v, item_noun noun,
                            pl_strlist *out)
{
    int cap = list_length(v);
    out->items = cap ? PL_NEW_N(l->arena, const char *, cap) : NULL;
    out->spans = cap ? PL_NEW_N(l->arena, pl_span, cap) : NULL;
    out->n = 0;
    if (is_null(v))
        return 1;
    if (v->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
             it++) {
            const yaml_node_t *item = node(l, *it);
            if (!is_text(item)) {
                report(l, item, "'%s' items must be %s, got %s", key, noun.many,
                       describe(l, item));
                continue;
            }
            out->items[out->n] = pl_arena_strdup(l->arena, scalar_text(item));
            out->spans[out->n] = node_span(l, item);
            out->n++;
        }
        return 1;
    }
    if (is_text(v)) {
        out->items[0] = pl_arena_strdup(l->arena, scalar_text(v));
        out->spans[0] = node_span(l, v);
        out->n = 1;
        return 1;
    }
    report(l, v, "'%s' expects %s or a list of %s, got %s", key, noun.one, noun.many,
           describe(l, v));
    return 0;
}

static const item_noun RULE_NAMES = {"a rule name", "rule names"};

static void load_failure_threshold(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const names[] = {"error", "warning", "info", "style", "none", NULL};
    if (is_text(v)) {
        const char *s = scalar_text(v);
        int level = pl_config_severity_parse(s);
        if (level != PL_CONFIG_SEVERITY_UNKNOWN) {
            l->cfg->has_failure_threshold = 1;
            l->cfg->failure_threshold = level == PL_SEV_NONE ? -1 : level;
            return;
        }
    }
    const char *near = is_text(v) ? pl_config_nearest(scalar_text(v), names) : NULL;
    report(l, v, "'%s' expects %s, got %s%s%s%s", key, joined(l, names, " or "), describe(l, v),
           near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

static void load_preset(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const names[] = {"recommended", "strict", "hadolint", NULL};
    pl_preset p;
    if (is_text(v) && pl_preset_parse(scalar_text(v), &p) == 0) {
        l->cfg->has_preset = 1;
        l->cfg->preset = p;
        return;
    }
    const char *near = is_text(v) ? pl_config_nearest(scalar_text(v), names) : NULL;
    report(l, v, "'%s' expects %s, got %s%s%s%s", key, joined(l, names, " or "), describe(l, v),
           near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

static void load_ignore(loader *l, const char *key, const yaml_node_t *v)
{
    load_string_list(l, key, v, RULE_NAMES, &l->cfg->ignore);
}

static void load_trusted_registries(loader *l, const char *key, const yaml_node_t *v)
{
    static const item_noun noun = {"a registry", "registries"};
    load_string_list(l, key, v, noun, &l->cfg->trusted_registries);
}

static void load_rules(loader *l, const char *key, const yaml_node_t *v)
{
    static const item_noun noun = {"a rule pack path", "rule pack paths"};
    load_string_list(l, key, v, noun, &l->cfg->rules);
}

static void load_advisories(loader *l, const char *key, const yaml_node_t *v)
{
    if (is_text(v) && *scalar_text(v)) {
        l->cfg->advisories = pl_arena_strdup(l->arena, scalar_text(v));
        l->cfg->advisories_span = (pl_span){(int)v->start_mark.line + 1, (int)v->start_mark.column + 1,
                                            (int)v->end_mark.line + 1, (int)v->end_mark.column};
        return;
    }
    report(l, v, "'%s' expects a path (a directory or .zip of OSV records), got %s", key,
           describe(l, v));
}

static void load_exclude(loader *l, const char *key, const yaml_node_t *v)
{
    static const item_noun noun = {"a glob pattern", "glob patterns"};
    load_string_list(l, key, v, noun, &l->cfg->exclude);
}

static void load_strict_labels(loader *l, const char *key, const yaml_node_t *v)
{
    if (v && v->type == YAML_SCALAR_NODE && scalar_type_of(v) == SCALAR_BOOL) {
        l->cfg->strict_labels = tolower((unsigned char)scalar_text(v)[0]) == 't';
        return;
    }
    report(l, v, "'%s' expects true or false, got %s", key, describe(l, v));
}

static int mapping_size(const yaml_node_t *v)
{
    return (int)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
}

static void load_override(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const severities[] = {"error", "warning", "info", "style", "ignore", NULL};
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping from severity to rules (error: [PL1001]), got %s",
               key, describe(l, v));
        return;
    }
    int cap = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++)
        cap += list_length(node(l, p->value));
    pl_config *cfg = l->cfg;
    cfg->overrides = cap ? PL_NEW_N(l->arena, pl_config_override, cap) : NULL;
    cfg->noverrides = 0;

    const yaml_node_t *seen[PL_SEV_NONE + 1] = {0};
    const char *seen_as[PL_SEV_NONE + 1] = {0};
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        int sev = pl_config_severity_parse(name);
        if (sev == PL_CONFIG_SEVERITY_UNKNOWN) {
            report_unknown(l, k, name, key, "severity", "severities", severities);
            continue;
        }
        if (!first_time(l, k, name, key, seen, seen_as, sev))
            continue;
        pl_strlist rules;
        const char *path = pl_arena_printf(l->arena, "%s.%s", key, name);
        load_string_list(l, path, node(l, p->value), RULE_NAMES, &rules);
        for (int i = 0; i < rules.n; i++) {
            pl_config_override *o = &cfg->overrides[cfg->noverrides++];
            o->rule = rules.items[i];
            o->severity = (pl_severity)sev;
            o->line = rules.spans[i].line;
            o->col = rules.spans[i].col;
        }
    }
}

/* Label names seen so far (open addressing), so that thousands of labels
 * cost no more than a pass. */
typedef struct {
    const yaml_node_t **slots;
    size_t mask;
} name_set;

static void name_set_init(loader *l, name_set *set, int expected)
{
    size_t cap = 16;
    while (cap < (size_t)expected * 2)
        cap <<= 1;
    set->slots = PL_NEW_N(l->arena, const yaml_node_t *, cap);
    set->mask = cap - 1;
}

/* Adds the key; returns the earlier key of the same name instead, if any. */
static const yaml_node_t *name_set_add(name_set *set, const yaml_node_t *key)
{
    size_t h = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)scalar_text(key); *c; c++)
        h = (h ^ *c) * 16777619u;
    for (size_t i = h & set->mask;; i = (i + 1) & set->mask) {
        if (!set->slots[i]) {
            set->slots[i] = key;
            return NULL;
        }
        if (strcmp(scalar_text(set->slots[i]), scalar_text(key)) == 0)
            return set->slots[i];
    }
}

static void load_label_schema(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const types[] = {"text",    "url",  "semver", "hash",
                                        "rfc3339", "spdx", "email",  NULL};
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping from label name to type (%s), got %s", key,
               joined(l, types, ", "), describe(l, v));
        return;
    }
    int cap = mapping_size(v);
    pl_config *cfg = l->cfg;
    cfg->label_schema = cap ? PL_NEW_N(l->arena, pl_config_label, cap) : NULL;
    cfg->nlabel_schema = 0;
    /* Every named key so far, valid type or not, so a duplicate is always caught. */
    name_set seen;
    name_set_init(l, &seen, cap);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const yaml_node_t *type = node(l, p->value);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        if (!*name) {
            report(l, k, "label names in '%s' must not be empty", key);
            continue;
        }
        const yaml_node_t *first = name_set_add(&seen, k);
        if (first) {
            report(l, k, "duplicate key '%s' in '%s' (first at line %d)", shown(l, name), key,
                   node_span(l, first).line);
            continue;
        }
        const char *canonical = NULL;
        if (is_text(type))
            for (const char *const *t = types; *t && !canonical; t++)
                if (strcasecmp(*t, scalar_text(type)) == 0)
                    canonical = *t;
        if (!canonical) {
            const char *near = is_text(type) ? pl_config_nearest(scalar_text(type), types) : NULL;
            report(l, type, "'%s.%s' expects %s, got %s%s%s%s", key, shown(l, name),
                   joined(l, types, " or "), describe(l, type), near ? "; did you mean '" : "",
                   near ? near : "", near ? "'?" : "");
            continue;
        }
        pl_config_label *lab = &cfg->label_schema[cfg->nlabel_schema++];
        pl_span at = node_span(l, k);
        lab->name = pl_arena_strdup(l->arena, name);
        lab->type = canonical;
        lab->line = at.line;
        lab->col = at.col;
    }
}

/* Whole non-negative number of a plain scalar; reports and returns -1. */
static long long count_value(loader *l, const char *key, const yaml_node_t *v)
{
    if (v && v->type == YAML_SCALAR_NODE && scalar_type_of(v) == SCALAR_NUMBER) {
        const char *s = scalar_text(v);
        const char *digits = (*s == '+' || *s == '-') ? s + 1 : s;
        if (*digits && strspn(digits, "0123456789") == strlen(digits)) {
            if (*s == '-') {
                report(l, v, "'%s' must not be negative, got %s", key, shown(l, s));
                return -1;
            }
            long long n = 0;
            for (const char *d = digits; *d; d++) {
                if (n > (PL_CONFIG_SIZE_MAX - (*d - '0')) / 10) {
                    report(l, v, "'%s' is too large: %s", key, shown(l, s));
                    return -1;
                }
                n = n * 10 + (*d - '0');
            }
            return n;
        }
    }
    report(l, v, "'%s' expects a whole number, got %s", key, describe(l, v));
    return -1;
}

static long long size_value(loader *l, const char *key, const yaml_node_t *v)
{
    if (v && v->type == YAML_SCALAR_NODE && scalar_type_of(v) != SCALAR_NULL &&
        scalar_type_of(v) != SCALAR_BOOL) {
        const char *s = scalar_text(v);
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '-' && pl_config_parse_size(s + 1) >= 0) {
            report(l, v, "'%s' must not be negative, got %s", key, shown(l, scalar_text(v)));
            return -1;
        }
        long long n = pl_config_parse_size(s);
        if (n >= 0)
            return n;
    }
    report(l, v,
           "'%s' expects a size such as 70MB, 1.5GiB or 5000 (bytes; MB = 1000000, MiB = "
           "1048576), got %s",
           key, describe(l, v));
    return -1;
}

static void load_context(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const keys[] = {"max-size", "max-files", NULL};
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping with max-size and max-files, got %s", key,
               describe(l, v));
        return;
    }
    const yaml_node_t *seen[2] = {0};
    const char *seen_as[2] = {0};
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        int slot = strcmp(name, "max-size") == 0 ? 0 : strcmp(name, "max-files") == 0 ? 1 : -1;
        if (slot < 0) {
            report_unknown(l, k, name, key, "key", "keys", keys);
            continue;
        }
        if (!first_time(l, k, name, key, seen, seen_as, slot))
            continue;
        const char *path = pl_arena_printf(l->arena, "%s.%s", key, name);
        long long n = slot == 0 ? size_value(l, path, node(l, p->value))
                                : count_value(l, path, node(l, p->value));
        if (n < 0)
            continue;
        if (slot == 0)
            l->cfg->context_max_size = n;
        else
            l->cfg->context_max_files = n;
    }
}

/* ---- dockerfiles: how each Dockerfile is built -------------------------------------- */

static const char *text_value(loader *l, const char *key, const yaml_node_t *v)
{
    /* `PYTHON_VERSION: 3.12` is meant as the text 3.12, as compose reads build args */
    if (v && v->type == YAML_SCALAR_NODE && !is_null(v) && !has_nul(v))
        return pl_arena_strdup(l->arena, scalar_text(v));
    report(l, v, "'%s' expects a text value, got %s", key, describe(l, v));
    return NULL;
}

static void load_build_args(loader *l, const char *key, const yaml_node_t *v,
                            pl_config_dockerfile *d)
{
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping of build arg names to values, got %s", key,
               describe(l, v));
        return;
    }
    int n = mapping_size(v);
    d->arg_names = PL_NEW_N(l->arena, const char *, n);
    d->arg_values = PL_NEW_N(l->arena, const char *, n);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const char *name = key_name(l, node(l, p->key));
        if (!name)
            continue;
        const yaml_node_t *val = node(l, p->value);
        const char *value = is_null(val) ? "" : text_value(l, pl_arena_printf(l->arena, "%s.%s", key, name), val);
        if (!value)
            continue;
        d->arg_names[d->nargs] = pl_arena_strdup(l->arena, name);
        d->arg_values[d->nargs++] = value;
    }
}

static void load_one_dockerfile(loader *l, const char *where, const yaml_node_t *v,
                                pl_config_dockerfile *d)
{
    static const char *const keys[] = {"context", "target", "args", NULL};
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping with context, target and args, got %s", where,
               describe(l, v));
        return;
    }
    const yaml_node_t *seen[3] = {0};
    const char *seen_as[3] = {0};
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        int slot = -1;
        for (int i = 0; keys[i]; i++)
            if (!strcmp(name, keys[i]))
                slot = i;
        if (slot < 0) {
            report_unknown(l, k, name, where, "key", "keys", keys);
            continue;
        }
        if (!first_time(l, k, name, where, seen, seen_as, slot))
            continue;
        const char *path = pl_arena_printf(l->arena, "%s.%s", where, name);
        const yaml_node_t *val = node(l, p->value);
        if (slot == 0)
            d->context = text_value(l, path, val);
        else if (slot == 1)
            d->target = text_value(l, path, val);
        else
            load_build_args(l, path, val, d);
    }
}

static void load_dockerfiles(loader *l, const char *key, const yaml_node_t *v)
{
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping of Dockerfile paths to {context, target, args}, got %s",
               key, describe(l, v));
        return;
    }
    int n = mapping_size(v);
    l->cfg->dockerfiles = PL_NEW_N(l->arena, pl_config_dockerfile, n);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        pl_config_dockerfile *d = &l->cfg->dockerfiles[l->cfg->ndockerfiles++];
        d->dockerfile = pl_arena_strdup(l->arena, name);
        d->span = node_span(l, k);
        load_one_dockerfile(l, pl_arena_printf(l->arena, "%s.%s", key, name), node(l, p->value), d);
    }
}

static void load_requirements(loader *l, const char *key, const yaml_node_t *v)
{
    static const char *const keys[] = {"ranges-allowed", NULL};
    static const item_noun noun = {"a glob pattern", "glob patterns"};
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping with ranges-allowed, got %s", key, describe(l, v));
        return;
    }
    const yaml_node_t *seen[1] = {0};
    const char *seen_as[1] = {0};
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        if (strcmp(name, "ranges-allowed")) {
            report_unknown(l, k, name, key, "key", "keys", keys);
            continue;
        }
        if (!first_time(l, k, name, key, seen, seen_as, 0))
            continue;
        load_string_list(l, pl_arena_printf(l->arena, "%s.%s", key, name), node(l, p->value), noun,
                         &l->cfg->requirements_ranges_allowed);
    }
}

/* ---- the top level ------------------------------------------------------------------ */

/* `options:` values are kept as a tree; the rules that read them check
 * their own option types (a wrong one falls back to the default). */
static pl_config_value *option_value(loader *l, const yaml_node_t *n, int depth)
{
    pl_config_value *v = PL_NEW(l->arena, pl_config_value);
    if (!n)
        return v;
    v->span = node_span(l, n);
    if (depth > 32) {
        report(l, n, "options nest too deeply");
        return v;
    }
    if (n->type == YAML_SCALAR_NODE) {
        static const pl_config_value_kind kinds[] = {
            [SCALAR_NULL] = PL_CV_NULL, [SCALAR_BOOL] = PL_CV_BOOL,
            [SCALAR_NUMBER] = PL_CV_NUMBER, [SCALAR_STRING] = PL_CV_STRING};
        v->kind = kinds[scalar_type_of(n)];
        v->text = pl_arena_strdup(l->arena, scalar_text(n));
    } else if (n->type == YAML_SEQUENCE_NODE) {
        v->kind = PL_CV_LIST;
        int cap = list_length(n);
        v->items = PL_NEW_N(l->arena, pl_config_value *, cap ? cap : 1);
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            v->items[v->n++] = option_value(l, node(l, *it), depth + 1);
    } else if (n->type == YAML_MAPPING_NODE) {
        v->kind = PL_CV_MAP;
        int cap = mapping_size(n);
        v->items = PL_NEW_N(l->arena, pl_config_value *, cap ? cap : 1);
        v->keys = PL_NEW_N(l->arena, const char *, cap ? cap : 1);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const char *name = key_name(l, node(l, p->key));
            if (!name)
                continue;
            v->keys[v->n] = pl_arena_strdup(l->arena, name);
            v->items[v->n++] = option_value(l, node(l, p->value), depth + 1);
        }
    }
    return v;
}

static void load_options(loader *l, const char *key, const yaml_node_t *v)
{
    if (is_null(v))
        return;
    if (v->type != YAML_MAPPING_NODE) {
        report(l, v, "'%s' expects a mapping from rule to its options "
                     "(no-build-and-image: {checkPullPolicy: false}), got %s",
               key, describe(l, v));
        return;
    }
    pl_config *cfg = l->cfg;
    int cap = mapping_size(v);
    cfg->options = PL_NEW_N(l->arena, pl_config_rule_options, cap ? cap : 1);
    cfg->noptions = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        const yaml_node_t *val = node(l, p->value);
        if (is_null(val))
            continue;
        if (val->type != YAML_MAPPING_NODE) {
            report(l, val, "'%s.%s' expects a mapping of option names to values, got %s", key,
                   shown(l, name), describe(l, val));
            continue;
        }
        pl_config_rule_options *o = &cfg->options[cfg->noptions++];
        o->rule = pl_arena_strdup(l->arena, name);
        o->options = option_value(l, val, 0);
        pl_span ks = node_span(l, k);
        o->line = ks.line;
        o->col = ks.col;
    }
}

typedef void (*key_loader)(loader *l, const char *key, const yaml_node_t *value);

static const struct top_key {
    const char *name;
    int slot; /* aliases share their key's slot */
    key_loader load;
} top_keys[] = {
    {"failure-threshold", 0, load_failure_threshold},
    {"ignore", 1, load_ignore},
    {"override", 2, load_override},
    {"trusted-registries", 3, load_trusted_registries},
    {"label-schema", 4, load_label_schema},
    {"strict-labels", 5, load_strict_labels},
    {"rules", 6, load_rules},
    {"context", 7, load_context},
    {"exclude", 8, load_exclude},
    {"dockerfiles", 9, load_dockerfiles},
    {"options", 10, load_options},
    {"preset", 11, load_preset},
    {"requirements", 12, load_requirements},
    {"advisories", 13, load_advisories},
    /* hadolint's spellings, as pasted from .hadolint.yaml */
    {"ignored", 1, load_ignore},
    {"trustedRegistries", 3, load_trusted_registries},
};
enum { NTOP_KEYS = sizeof top_keys / sizeof top_keys[0], NSLOTS = 14 };

static const char *const documented_keys[] = {
    "failure-threshold", "ignore", "override", "trusted-registries", "label-schema",
    "strict-labels",     "rules",  "context",  "exclude",            "dockerfiles",
    "options",           "preset", "requirements", "advisories", NULL};

/* hadolint options with no config key here: say what to do instead. */
static const struct {
    const char *name, *instead;
} hadolint_only[] = {
    {"format", "use --format on the command line"},
    {"formats", "use --format on the command line"},
    {"no-color", "use --color never or NO_COLOR"},
    {"no-fail", "use 'failure-threshold: none'"},
    {"verbose", "plimsoll has no verbose mode"},
    {"disable-ignore-pragma", "plimsoll has no such option"},
};

static void report_unknown_top(loader *l, const yaml_node_t *k, const char *name)
{
    for (size_t i = 0; i < sizeof hadolint_only / sizeof hadolint_only[0]; i++)
        if (strcmp(name, hadolint_only[i].name) == 0) {
            report(l, k, "unknown key '%s' (a hadolint option); %s", name,
                   hadolint_only[i].instead);
            return;
        }
    if (strcmp(name, "max-size") == 0 || strcmp(name, "max-files") == 0) {
        report(l, k, "unknown key '%s'; it belongs under 'context:'", name);
        return;
    }
    report_unknown(l, k, name, NULL, "key", "keys", documented_keys);
}

static void load_root(loader *l, const yaml_node_t *root)
{
    if (is_null(root))
        return; /* an empty file: every default */
    if (root->type != YAML_MAPPING_NODE) {
        report(l, root, "the config file must be a mapping of keys (like 'failure-threshold: "
                        "warning'), got %s",
               describe(l, root));
        return;
    }
    const yaml_node_t *seen[NSLOTS] = {0};
    const char *seen_as[NSLOTS] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = node(l, p->key);
        const char *name = key_name(l, k);
        if (!name)
            continue;
        const struct top_key *tk = NULL;
        for (int i = 0; i < NTOP_KEYS && !tk; i++)
            if (strcmp(name, top_keys[i].name) == 0)
                tk = &top_keys[i];
        if (!tk) {
            report_unknown_top(l, k, name);
            continue;
        }
        if (first_time(l, k, name, NULL, seen, seen_as, tk->slot))
            tk->load(l, name, node(l, p->value));
    }
}

/* ---- YAML errors ---------------------------------------------------------------------- */

static void report_yaml_error(loader *l, const yaml_parser_t *p)
{
    pl_span at;
    const char *problem = p->problem ? p->problem : "unreadable input";
    if (p->error == YAML_MEMORY_ERROR) {
        pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), NULL,
                    "out of memory while reading YAML");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        int line, col;
        pl_ypos_offset(&l->map, p->problem_offset, &line, &col);
        at = pl_span_make(line, col, line, col);
        if (p->problem_value != -1)
            pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, at, NULL,
                        "invalid YAML: %s (#x%X)", problem, (unsigned)p->problem_value);
        else
            pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, at, NULL, "invalid YAML: %s",
                        problem);
        return;
    }
    at = mark_span(l, p->problem_mark);
    if (!p->context) {
        pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, at, NULL, "invalid YAML: %s", problem);
        return;
    }
    pl_span ctx = mark_span(l, p->context_mark);
    /* `exclude: [*.log]` is the classic: a leading `*` starts an alias. */
    const char *hint = strcmp(p->context, "while scanning an alias") == 0
                           ? "; quote values that start with '*'"
                           : "";
    pl_diag_add(l->arena, l->diags, PL_DIAG_ERROR, at, NULL,
                "invalid YAML: %s, %s at line %d, column %d%s", problem, p->context, ctx.line,
                ctx.col, hint);
}

/* ---- entry point ---------------------------------------------------------------------------- */

int pl_config_parse(pl_arena *a, const char *path, const char *data, size_t len, pl_config *cfg,
                    pl_diag_list *diags)
{
    pl_config_init(cfg);
    cfg->path = path ? pl_arena_strdup(a, path) : NULL;
    int errors_before = diags->errors;

    loader l = {.arena = a, .diags = diags, .cfg = cfg};
    pl_ypos_init(&l.map, a, data, len);

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        pl_diag_add(a, diags, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), NULL,
                    "out of memory while reading YAML");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)(data ? data : ""),
                                 data ? len : 0);
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        report_yaml_error(&l, &parser);
        yaml_parser_delete(&parser);
        return -1;
    }
    l.doc = &doc;
    const yaml_node_t *root = yaml_document_get_root_node(&doc);
    load_root(&l, root);

    if (root) {
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next)) {
            report_yaml_error(&l, &parser);
        } else {
            l.doc = &next;
            const yaml_node_t *next_root = yaml_document_get_root_node(&next);
            if (!is_null(next_root))
                report(&l, next_root,
                       "the config file must hold one YAML document, found a second one");
            yaml_document_delete(&next);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return diags->errors > errors_before ? -1 : 0;
}
