/* pack.c — declarative rule packs: loading and validating each rule,
 * compiling its patterns and key path once (matching: pack_match.c). */
#include "pack_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

int pl_rule_is_pack(const pl_rule *r) { return r && r->check == pl_pack_check; }

pl_rule_state *pl_pack_state(const pl_rule *r)
{
    return pl_rule_is_pack(r) ? &((pl_pack_rule *)r)->state : NULL;
}

void pl_pack_free(pl_vec *rules)
{
    for (size_t i = 0; i < rules->len; i++) {
        pl_pack_rule *p = rules->items[i];
        pcre2_code_free(p->re);
        pcre2_code_free(p->package);
        pcre2_code_free(p->specifier);
        p->re = p->package = p->specifier = NULL;
    }
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct {
    pl_arena *a;
    const char *path;
    yaml_document_t *doc;
    pl_diag_list *diags;
    int errors;
} loader;

static void err_at(loader *L, yaml_node_t *n, const char *fmt, const char *arg)
{
    pl_span sp = {0};
    if (n) {
        sp.line = sp.end_line = (int)n->start_mark.line + 1;
        sp.col = sp.end_col = (int)n->start_mark.column + 1;
    }
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    pl_diag_add(L->a, L->diags, PL_DIAG_ERROR, sp, NULL, "%s: %s", L->path, msg);
    L->errors++;
}

static const char *scalar(loader *L, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        err_at(L, n, "'%s' must be a string", key);
        return NULL;
    }
    return pl_arena_strndup(L->a, (const char *)n->data.scalar.value, n->data.scalar.length);
}

static int boolean(loader *L, yaml_node_t *n, const char *key)
{
    const char *s = scalar(L, n, key);
    if (s && (!strcmp(s, "true") || !strcmp(s, "True")))
        return 1;
    if (s && !(!strcmp(s, "false") || !strcmp(s, "False")))
        err_at(L, n, "'%s' must be true or false", key);
    return 0;
}

/* A string or a list of strings, NULL-terminated. */
static const char **strings(loader *L, yaml_node_t *n, const char *key, int *count)
{
    *count = 0;
    if (n && n->type == YAML_SCALAR_NODE) {
        const char **out = PL_NEW_N(L->a, const char *, 2);
        out[0] = scalar(L, n, key);
        *count = 1;
        return out;
    }
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        err_at(L, n, "'%s' must be a string or a list of strings", key);
        return NULL;
    }
    int len = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    const char **out = PL_NEW_N(L->a, const char *, len + 1);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const char *s = scalar(L, yaml_document_get_node(L->doc, *it), key);
        if (s)
            out[(*count)++] = s;
    }
    return out;
}

static int known_category(const char *c)
{
    static const char *const cats[] = {"security", "reliability", "reproducibility", "efficiency",
                                       "maintainability", "correctness", NULL};
    for (const char *const *p = cats; *p; p++)
        if (!strcmp(*p, c))
            return 1;
    return 0;
}

static int clashes(const char *key, const pl_vec *loaded)
{
    if (pl_rule_find(key))
        return 1;
    for (size_t i = 0; i < loaded->len; i++)
        if (pl_rule_matches(loaded->items[i], key))
            return 1;
    return 0;
}

/* A PCRE2 pattern compiled once per run; NULL with an error at `node`
 * (the offset in the message counts in the pattern's text). */
static pcre2_code *compile(loader *L, yaml_node_t *node, const char *key, const char *text)
{
    int ecode;
    PCRE2_SIZE eoff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ecode, &eoff, NULL);
    if (!re) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(ecode, buf, sizeof buf);
        char msg[400];
        snprintf(msg, sizeof msg, "bad %s at offset %zu: %s", key, (size_t)eoff, (const char *)buf);
        err_at(L, node, "%s", msg);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

typedef struct {
    const char *text;
    yaml_node_t *node;
} keyed;

/* What each kind of rule may say beyond the common keys. */
static void check_kind_keys(loader *L, yaml_node_t *m, const pl_pack_rule *p, const keyed *pattern,
                            const keyed *path, const keyed *package, const keyed *specifier,
                            yaml_node_t *instructions)
{
    pl_file_kind k = p->rule.kind;
    if (instructions && k != PL_KIND_DOCKERFILE)
        err_at(L, instructions, "'instructions' is for kind dockerfile%s", NULL);
    if (path->node && k != PL_KIND_COMPOSE)
        err_at(L, path->node, "'path' is for kind compose%s", NULL);
    if (k == PL_KIND_COMPOSE && !path->node)
        err_at(L, m, "a compose rule needs a path (services.*.image)%s", NULL);
    if (package->node && k != PL_KIND_REQUIREMENTS)
        err_at(L, package->node, "'package' is for kind requirements%s", NULL);
    if (specifier->node && k != PL_KIND_REQUIREMENTS)
        err_at(L, specifier->node, "'specifier' is for kind requirements%s", NULL);
    if (!pattern->text && (k != PL_KIND_REQUIREMENTS || (!package->text && !specifier->text)))
        err_at(L, m,
               k == PL_KIND_REQUIREMENTS ? "a rule needs a pattern, a package or a specifier%s"
                                         : "a rule needs a pattern%s",
               NULL);
}

static pl_pack_rule *load_rule(loader *L, yaml_node_t *m, const pl_vec *loaded)
{
    pl_pack_rule *p = PL_NEW(L->a, pl_pack_rule);
    pl_rule *r = &p->rule;
    r->kind = PL_KIND_DOCKERFILE;
    r->severity = PL_SEV_WARNING;
    r->check = pl_pack_check;
    const char *sev = NULL;
    keyed pattern = {0}, path = {0}, package = {0}, specifier = {0};
    yaml_node_t *instructions = NULL, *require_node = NULL;
    int require = 0, must_match = 0;
    int before = L->errors;
    for (yaml_node_pair_t *pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, pr->value);
        if (!k || k->type != YAML_SCALAR_NODE)
            continue;
        const char *key = (const char *)k->data.scalar.value;
        int n;
        if (!strcmp(key, "id")) r->id = scalar(L, v, key);
        else if (!strcmp(key, "name")) r->name = scalar(L, v, key);
        else if (!strcmp(key, "title")) r->title = scalar(L, v, key);
        else if (!strcmp(key, "category")) r->category = scalar(L, v, key);
        else if (!strcmp(key, "severity")) sev = scalar(L, v, key);
        else if (!strcmp(key, "message")) p->message = scalar(L, v, key);
        else if (!strcmp(key, "fix")) r->fix = scalar(L, v, key);
        else if (!strcmp(key, "summary")) r->summary = scalar(L, v, key);
        else if (!strcmp(key, "description")) r->description = scalar(L, v, key);
        else if (!strcmp(key, "bad")) r->bad = scalar(L, v, key);
        else if (!strcmp(key, "good")) r->good = scalar(L, v, key);
        else if (!strcmp(key, "require")) {
            require = boolean(L, v, key);
            require_node = v;
        } else if (!strcmp(key, "must-match")) {
            must_match = boolean(L, v, key);
            if (!require_node)
                require_node = v;
        } else if (!strcmp(key, "checklist")) r->checklist = boolean(L, v, key);
        else if (!strcmp(key, "pattern")) pattern = (keyed){scalar(L, v, key), v};
        else if (!strcmp(key, "path")) path = (keyed){scalar(L, v, key), v};
        else if (!strcmp(key, "package")) package = (keyed){scalar(L, v, key), v};
        else if (!strcmp(key, "specifier")) specifier = (keyed){scalar(L, v, key), v};
        else if (!strcmp(key, "aliases")) {
            r->aliases = strings(L, v, key, &n);
        } else if (!strcmp(key, "kind")) {
            const char *kind = scalar(L, v, key);
            if (kind && (pl_kind_parse(kind, &r->kind) != 0 ||
                         (r->kind != PL_KIND_DOCKERFILE && r->kind != PL_KIND_DOCKERIGNORE &&
                          r->kind != PL_KIND_REQUIREMENTS && r->kind != PL_KIND_COMPOSE)))
                err_at(L, v,
                       "kind '%s' is not supported by rule packs (dockerfile, dockerignore, "
                       "requirements, compose)",
                       kind);
        } else if (!strcmp(key, "instructions")) {
            instructions = v;
            const char **names = strings(L, v, key, &n);
            for (int i = 0; i < n && names; i++) {
                char lower[32];
                snprintf(lower, sizeof lower, "%s", names[i]);
                for (char *q = lower; *q; q++)
                    *q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
                pl_df_kind dk = pl_df_kind_from_name(lower);
                if (dk == PL_DF_UNKNOWN)
                    err_at(L, v, "unknown instruction '%s'", names[i]);
                else if (p->ninstructions < MAX_PACK_INSTRUCTIONS)
                    p->instructions[p->ninstructions++] = dk;
            }
        } else {
            err_at(L, k, "unknown key '%s'", key);
        }
    }
    if (!r->id || !*r->id)
        err_at(L, m, "a rule needs an id%s", NULL);
    else if (clashes(r->id, loaded))
        err_at(L, m, "id '%s' is already used by another rule", r->id);
    if (!r->name || !*r->name)
        err_at(L, m, "a rule needs a name%s", NULL);
    else if (clashes(r->name, loaded))
        err_at(L, m, "name '%s' is already used by another rule", r->name);
    if (!r->title)
        err_at(L, m, "a rule needs a title%s", NULL);
    check_kind_keys(L, m, p, &pattern, &path, &package, &specifier, instructions);
    if (require && must_match)
        err_at(L, require_node,
               "'require' (one match somewhere) and 'must-match' (every item matches) exclude each "
               "other%s",
               NULL);
    p->mode = require ? PL_PACK_REQUIRE : must_match ? PL_PACK_EACH : PL_PACK_FORBID;
    if (r->category && !known_category(r->category))
        err_at(L, m, "unknown category '%s'", r->category);
    if (sev && (pl_severity_parse(sev, &r->severity) != 0))
        err_at(L, m, "unknown severity '%s'", sev);
    if (path.text) {
        size_t off = 0;
        const char *why = NULL;
        if (pl_pack_path_parse(L->a, path.text, &p->path, &off, &why) != 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "bad path at offset %zu: %s", off, why);
            err_at(L, path.node, "%s", msg);
        }
    }
    if (L->errors != before)
        return NULL;
    if (!r->category)
        r->category = "correctness";
    if (!p->message)
        p->message = r->title;
    if (!r->summary)
        r->summary = p->message;
    if (!r->description)
        r->description = r->summary;
    if (!r->fix)
        r->fix = "See the rule pack that defines this rule.";
    if (!r->bad)
        r->bad = "";
    if (!r->good)
        r->good = "";
    if (!r->aliases)
        r->aliases = PL_NEW_N(L->a, const char *, 1);

    if (pattern.text)
        p->re = compile(L, pattern.node, "pattern", pattern.text);
    if (package.text)
        p->package = compile(L, package.node, "package", package.text);
    if (specifier.text)
        p->specifier = compile(L, specifier.node, "specifier", specifier.text);
    if (L->errors != before) {
        pcre2_code_free(p->re);
        pcre2_code_free(p->package);
        pcre2_code_free(p->specifier);
        return NULL;
    }
    return p;
}

static int load_file(pl_arena *a, const char *path, pl_vec *rules, pl_diag_list *diags)
{
    FILE *fp = fopen(path, "rb");
    loader L = {a, path, NULL, diags, 0};
    if (!fp) {
        err_at(&L, NULL, "cannot read the rule pack%s", NULL);
        return -1;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        pl_span sp = {(int)parser.problem_mark.line + 1, (int)parser.problem_mark.column + 1,
                      (int)parser.problem_mark.line + 1, (int)parser.problem_mark.column + 1};
        pl_diag_add(a, diags, PL_DIAG_ERROR, sp, NULL, "%s: YAML error: %s", path,
                    parser.problem ? parser.problem : "invalid document");
        yaml_parser_delete(&parser);
        fclose(fp);
        return -1;
    }
    L.doc = &doc;
    pl_vec found = {0};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type != YAML_SEQUENCE_NODE) {
        err_at(&L, root, "a rule pack is a list of rules%s", NULL);
    } else if (root) {
        for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top;
             it++) {
            yaml_node_t *m = yaml_document_get_node(&doc, *it);
            if (!m || m->type != YAML_MAPPING_NODE) {
                err_at(&L, m, "each rule is a mapping%s", NULL);
                continue;
            }
            pl_vec seen = *rules;
            for (size_t i = 0; i < found.len; i++)
                pl_vec_push(a, &seen, found.items[i]);
            pl_pack_rule *p = load_rule(&L, m, &seen);
            if (p)
                pl_vec_push(a, &found, p);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    if (L.errors) {
        pl_pack_free(&found);
        return -1;
    }
    for (size_t i = 0; i < found.len; i++)
        pl_vec_push(a, rules, found.items[i]);
    return 0;
}

static int cmp_names(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int pl_pack_load(pl_arena *a, const char *path, pl_vec *rules, pl_diag_list *diags)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        pl_diag_add(a, diags, PL_DIAG_ERROR, (pl_span){0}, NULL, "%s: no such rule pack", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return load_file(a, path, rules, diags);
    DIR *d = opendir(path);
    if (!d) {
        pl_diag_add(a, diags, PL_DIAG_ERROR, (pl_span){0}, NULL, "%s: cannot read directory", path);
        return -1;
    }
    pl_vec names = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] != '.' && ((n > 5 && !strcmp(e->d_name + n - 5, ".yaml")) ||
                                    (n > 4 && !strcmp(e->d_name + n - 4, ".yml"))))
            pl_vec_push(a, &names, pl_arena_printf(a, "%s/%s", path, e->d_name));
    }
    closedir(d);
    qsort(names.items, names.len, sizeof(void *), cmp_names);
    int rc = 0;
    for (size_t i = 0; i < names.len; i++)
        if (load_file(a, names.items[i], rules, diags) != 0)
            rc = -1;
    return rc;
}
