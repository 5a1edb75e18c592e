/* jschema_validate.c — a YAML tree checked against a compiled schema.
 *
 * validate() returns the failures of one schema at one instance node as a
 * list (NULL: valid). Applicators that choose (oneOf, anyOf) keep their
 * branches' failures as causes, from which the report picks the most
 * specific one as compose-go does. In "boolean" mode (inside not, if,
 * contains, a oneOf after its first match) nothing is built: the first
 * failure answers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "js_internal.h"

#define JS_MAX_PATH 1024

typedef struct js_err js_err;
struct js_err {
    const char *keyword;
    const char *message;
    const pl_ynode *node, *key;
    const char *path;
    int depth;  /* instance location length */
    int choice; /* oneOf/anyOf: report one of the causes */
    js_err *causes;
    js_err *next;
};

typedef struct {
    const char *key; /* NULL: a sequence index */
    int index;
} path_tok;

typedef struct {
    pl_arena *a;
    const pl_jschema_options *o;
    size_t steps, max_steps;
    int depth, max_depth;
    int boolean; /* > 0: only valid/invalid matters */
    int incomplete;
    size_t unknown_hits;
    path_tok path[JS_MAX_PATH];
    int npath;
    const char *view_path[JS_MAX_PATH];
    pcre2_match_data *md;
} vctx;

static js_err boolean_failure; /* never written: the answer "invalid" in boolean mode */

static const char *path_string(vctx *v)
{
    pl_strbuf sb;
    pl_sb_init(&sb, v->a);
    for (int i = 0; i < v->npath; i++) {
        if (i)
            pl_sb_putc(&sb, '.');
        if (v->path[i].key)
            pl_sb_puts(&sb, v->path[i].key);
        else
            pl_sb_printf(&sb, "%d", v->path[i].index);
    }
    return pl_sb_str(&sb);
}

static js_err *new_err(vctx *v, const pl_ynode *n, const char *kw, const char *msg)
{
    if (v->boolean)
        return &boolean_failure;
    js_err *e = PL_NEW(v->a, js_err);
    e->keyword = kw;
    e->message = msg;
    e->node = n;
    e->depth = v->npath;
    e->path = path_string(v);
    return e;
}

/* Appends list `e` to the list ending at *tail. */
static void add(js_err **head, js_err **tail, js_err *e)
{
    if (!e)
        return;
    if (e == &boolean_failure) {
        *head = &boolean_failure;
        return;
    }
    if (*head == &boolean_failure)
        return;
    if (!*head)
        *head = e;
    else
        (*tail)->next = e;
    while (e->next)
        e = e->next;
    *tail = e;
}

static const char *type_message(vctx *v, const js_node *s)
{
    /* compose-go: "must be a mapping"; several: sorted, "a, b or c" */
    const char *names[16];
    int n = 0;
    for (int i = 0; i < s->ntype_names && n < 16; i++)
        names[n++] = !strcmp(s->type_names[i], "object") ? "mapping" : s->type_names[i];
    if (n == 1)
        return pl_arena_printf(v->a, "must be a %s", names[0]);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    pl_strbuf sb;
    pl_sb_init(&sb, v->a);
    pl_sb_puts(&sb, "must be a ");
    for (int i = 0; i < n; i++) {
        if (i)
            pl_sb_puts(&sb, i == n - 1 ? " or " : ", ");
        pl_sb_puts(&sb, names[i]);
    }
    return pl_sb_str(&sb);
}

static const char *display(vctx *v, const pl_ynode *n)
{
    if (!n || n->kind != PL_YAML_SCALAR)
        return "value";
    if (n->stype == PL_YS_STR)
        return js_quote(v->a, n->str, n->len);
    if (n->stype == PL_YS_NULL)
        return "<nil>";
    return n->str;
}

static int all_primitive(const pl_ynode *const *vals, int n)
{
    for (int i = 0; i < n; i++)
        if (vals[i]->kind != PL_YAML_SCALAR)
            return 0;
    return 1;
}

static js_err *validate(vctx *v, const js_node *s, const pl_ynode *n);

static void push_key(vctx *v, const char *key)
{
    if (v->npath < JS_MAX_PATH) {
        v->path[v->npath].key = key ? key : "";
        v->view_path[v->npath] = key ? key : "";
    }
    v->npath++;
}

static void push_index(vctx *v, int i)
{
    if (v->npath < JS_MAX_PATH) {
        v->path[v->npath].key = NULL;
        v->path[v->npath].index = i;
        v->view_path[v->npath] = "[]";
    }
    v->npath++;
}

static js_err *validate_child(vctx *v, const js_node *s, const pl_ynode *n)
{
    if (v->npath > JS_MAX_PATH) {
        v->incomplete = 1;
        return NULL;
    }
    return validate(v, s, n);
}

static js_err *validate_key(vctx *v, const js_node *s, const pl_ynode *val, const char *key)
{
    push_key(v, key);
    js_err *e = validate_child(v, s, val);
    v->npath--;
    return e;
}

static int regex_match(vctx *v, pcre2_code *re, const char *s, size_t len)
{
    return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, v->md, NULL) >= 0;
}

static const char *key_of(const pl_ypair *p)
{
    return p->key && p->key->kind == PL_YAML_SCALAR && p->key->str ? p->key->str : "";
}

static int has_key(const pl_ynode *n, const char *name)
{
    for (int i = 0; i < n->npairs; i++)
        if (!strcmp(key_of(&n->pairs[i]), name))
            return 1;
    return 0;
}

static const char *missing_message(vctx *v, const pl_ynode *n, const char *const *names, int count,
                                   int *nmissing)
{
    pl_strbuf sb;
    pl_sb_init(&sb, v->a);
    *nmissing = 0;
    for (int i = 0; i < count; i++) {
        if (has_key(n, names[i]))
            continue;
        if ((*nmissing)++)
            pl_sb_puts(&sb, ", ");
        pl_sb_puts(&sb, js_quote(v->a, names[i], strlen(names[i])));
    }
    return pl_sb_str(&sb);
}

static js_err *validate_object(vctx *v, const js_node *s, const pl_ynode *n)
{
    js_err *head = NULL, *tail = NULL;
    if (s->min_props >= 0 && n->npairs < s->min_props)
        add(&head, &tail, new_err(v, n, "minProperties",
                                  pl_arena_printf(v->a, "minProperties: got %d, want %d", n->npairs,
                                                  s->min_props)));
    if (s->max_props >= 0 && n->npairs > s->max_props)
        add(&head, &tail, new_err(v, n, "maxProperties",
                                  pl_arena_printf(v->a, "maxProperties: got %d, want %d", n->npairs,
                                                  s->max_props)));
    if (s->nrequired) {
        int nm;
        const char *m = missing_message(v, n, s->required, s->nrequired, &nm);
        if (nm)
            add(&head, &tail,
                new_err(v, n, "required",
                        pl_arena_printf(v->a, "missing %s %s", nm == 1 ? "property" : "properties", m)));
    }
    if (head == &boolean_failure)
        return head;
    for (int d = 0; d < s->ndeps; d++) {
        const js_dep *dep = &s->deps[d];
        if (!has_key(n, dep->name))
            continue;
        if (dep->schema) {
            add(&head, &tail, validate(v, dep->schema, n));
        } else {
            int nm;
            const char *m = missing_message(v, n, dep->names, dep->nnames, &nm);
            if (nm)
                add(&head, &tail,
                    new_err(v, n, "dependencies",
                            pl_arena_printf(v->a, "properties %s required, if %s exists", m,
                                            js_quote(v->a, dep->name, strlen(dep->name)))));
        }
    }
    pl_strbuf extra;
    int nextra = 0;
    const pl_ynode *first_extra = NULL;
    for (int i = 0; i < n->npairs && head != &boolean_failure; i++) {
        const pl_ypair *p = &n->pairs[i];
        const char *k = key_of(p);
        size_t klen = p->key && p->key->str ? p->key->len : 0;
        int evaluated = 0;
        for (int j = 0; j < s->nprops; j++)
            if (!strcmp(s->props[j].name, k)) {
                evaluated = 1;
                add(&head, &tail, validate_key(v, s->props[j].schema, p->value, k));
            }
        for (int j = 0; j < s->npprops; j++)
            if (regex_match(v, s->pprops[j].re, k, klen)) {
                evaluated = 1;
                add(&head, &tail, validate_key(v, s->pprops[j].schema, p->value, k));
            }
        if (evaluated || !s->additional_props)
            continue;
        if (s->additional_props->is_bool && !s->additional_props->bool_value) {
            if (v->boolean)
                return &boolean_failure;
            if (!nextra++) {
                pl_sb_init(&extra, v->a);
                first_extra = p->key;
            } else {
                pl_sb_puts(&extra, ", ");
            }
            pl_sb_puts(&extra, js_quote(v->a, k, strlen(k)));
        } else {
            add(&head, &tail, validate_key(v, s->additional_props, p->value, k));
        }
    }
    if (nextra) {
        js_err *e = new_err(v, n, "additionalProperties",
                            pl_arena_printf(v->a, "additional properties %s not allowed",
                                            pl_sb_str(&extra)));
        e->key = first_extra;
        add(&head, &tail, e);
    }
    if (s->property_names && head != &boolean_failure) {
        for (int i = 0; i < n->npairs; i++) {
            const pl_ypair *p = &n->pairs[i];
            const char *k = key_of(p);
            pl_ynode name = {.kind = PL_YAML_SCALAR, .stype = PL_YS_STR, .str = k, .len = strlen(k),
                             .span = p->key ? p->key->span : n->span, .file = n->file};
            v->boolean++;
            js_err *e = validate(v, s->property_names, &name);
            v->boolean--;
            if (e) {
                js_err *pe = new_err(v, n, "propertyNames",
                                     pl_arena_printf(v->a, "invalid propertyName %s",
                                                     js_quote(v->a, k, strlen(k))));
                if (pe != &boolean_failure)
                    pe->key = p->key;
                add(&head, &tail, pe);
            }
        }
    }
    return head;
}

typedef struct {
    unsigned long h;
    int i;
} hashed_item;

static int cmp_hashed(const void *a, const void *b)
{
    const hashed_item *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i - y->i;
}

/* The first pair (i, j), i < j, of equal items, by hashing: n log n. */
static int find_duplicates(vctx *v, const pl_ynode *n, int *di, int *dj)
{
    hashed_item *hs = PL_NEW_N(v->a, hashed_item, n->nitems);
    for (int i = 0; i < n->nitems; i++) {
        hs[i].h = js_hash(n->items[i], &v->steps);
        hs[i].i = i;
    }
    qsort(hs, (size_t)n->nitems, sizeof *hs, cmp_hashed);
    int found = 0;
    for (int a = 0; a < n->nitems; a++)
        for (int b = a + 1; b < n->nitems && hs[b].h == hs[a].h; b++) {
            if (++v->steps > v->max_steps) {
                v->incomplete = 1;
                return found;
            }
            if (!pl_jschema_equal(n->items[hs[a].i], n->items[hs[b].i]))
                continue;
            int i = hs[a].i, j = hs[b].i;
            if (!found || i < *di || (i == *di && j < *dj)) {
                *di = i;
                *dj = j;
            }
            found = 1;
        }
    return found;
}

static js_err *validate_array(vctx *v, const js_node *s, const pl_ynode *n)
{
    js_err *head = NULL, *tail = NULL;
    if (s->min_items >= 0 && n->nitems < s->min_items)
        add(&head, &tail, new_err(v, n, "minItems",
                                  pl_arena_printf(v->a, "minItems: got %d, want %d", n->nitems,
                                                  s->min_items)));
    if (s->max_items >= 0 && n->nitems > s->max_items)
        add(&head, &tail, new_err(v, n, "maxItems",
                                  pl_arena_printf(v->a, "maxItems: got %d, want %d", n->nitems,
                                                  s->max_items)));
    int di = 0, dj = 0;
    if (s->unique_items && n->nitems > 1 && find_duplicates(v, n, &di, &dj))
        add(&head, &tail, new_err(v, n, "uniqueItems",
                                  pl_arena_printf(v->a, "items at %d and %d are equal", di, dj)));
    int evaluated = 0;
    if (s->items) {
        for (int i = 0; i < n->nitems && head != &boolean_failure; i++) {
            push_index(v, i);
            add(&head, &tail, validate_child(v, s->items, n->items[i]));
            v->npath--;
        }
        evaluated = n->nitems;
    } else if (s->has_tuple) {
        for (int i = 0; i < n->nitems && i < s->nitems_tuple && head != &boolean_failure; i++) {
            push_index(v, i);
            add(&head, &tail, validate_child(v, s->items_tuple[i], n->items[i]));
            v->npath--;
        }
        evaluated = n->nitems < s->nitems_tuple ? n->nitems : s->nitems_tuple;
        if (s->additional_items && evaluated < n->nitems) {
            const js_node *ai = s->additional_items;
            if (ai->is_bool && !ai->bool_value) {
                add(&head, &tail,
                    new_err(v, n, "additionalItems",
                            pl_arena_printf(v->a, "last %d additionalItem(s) not allowed",
                                            n->nitems - evaluated)));
            } else {
                for (int i = evaluated; i < n->nitems && head != &boolean_failure; i++) {
                    push_index(v, i);
                    add(&head, &tail, validate_child(v, ai, n->items[i]));
                    v->npath--;
                }
            }
        }
    }
    if (s->contains && head != &boolean_failure) {
        int matched = 0;
        v->boolean++;
        for (int i = 0; i < n->nitems && !matched; i++) {
            push_index(v, i);
            matched = validate_child(v, s->contains, n->items[i]) == NULL;
            v->npath--;
        }
        v->boolean--;
        if (!matched)
            add(&head, &tail, new_err(v, n, "contains", "no items match contains schema"));
    }
    return head;
}

static js_err *validate_string(vctx *v, const js_node *s, const pl_ynode *n)
{
    js_err *head = NULL, *tail = NULL;
    const char *str = n->str ? n->str : "";
    size_t len = n->str ? n->len : 0;
    if (s->min_length >= 0 || s->max_length >= 0) {
        size_t cps = js_utf8_length(str, len);
        if (s->min_length >= 0 && cps < (size_t)s->min_length)
            add(&head, &tail, new_err(v, n, "minLength",
                                      pl_arena_printf(v->a, "minLength: got %zu, want %d", cps,
                                                      s->min_length)));
        if (s->max_length >= 0 && cps > (size_t)s->max_length)
            add(&head, &tail, new_err(v, n, "maxLength",
                                      pl_arena_printf(v->a, "maxLength: got %zu, want %d", cps,
                                                      s->max_length)));
    }
    if (s->pattern && !regex_match(v, s->pattern, str, len))
        add(&head, &tail,
            new_err(v, n, "pattern",
                    pl_arena_printf(v->a, "%s does not match pattern %s", js_quote(v->a, str, len),
                                    js_quote(v->a, s->pattern_src, strlen(s->pattern_src)))));
    return head;
}

static const char *num_text(vctx *v, const pl_ynode *n)
{
    return n->str ? n->str : pl_arena_strdup(v->a, "0");
}

/* The integer nearest to q (|q| >= 2^52 is one already); written here so
 * that the binary does not load libm for two calls (each shared library
 * costs every start its loading and relocation). */
static double nearest_integer(double q)
{
    if (!(fabs(q) < 4503599627370496.0))
        return q;
    double t = (double)(long long)q;
    if (q - t >= 0.5)
        t += 1.0;
    else if (t - q >= 0.5)
        t -= 1.0;
    return t;
}

static js_err *validate_number(vctx *v, const js_node *s, const pl_ynode *n)
{
    js_err *head = NULL, *tail = NULL;
    double x;
    if (!js_number(n, &x))
        return NULL;
    if (s->minimum.set && x < s->minimum.value)
        add(&head, &tail, new_err(v, n, "minimum",
                                  pl_arena_printf(v->a, "must be greater than or equal to %s",
                                                  s->minimum.text)));
    if (s->maximum.set && x > s->maximum.value)
        add(&head, &tail, new_err(v, n, "maximum",
                                  pl_arena_printf(v->a, "must be less than or equal to %s",
                                                  s->maximum.text)));
    if (s->xminimum.set && x <= s->xminimum.value)
        add(&head, &tail, new_err(v, n, "exclusiveMinimum",
                                  pl_arena_printf(v->a, "exclusiveMinimum: got %s, want %s",
                                                  num_text(v, n), s->xminimum.text)));
    if (s->xmaximum.set && x >= s->xmaximum.value)
        add(&head, &tail, new_err(v, n, "exclusiveMaximum",
                                  pl_arena_printf(v->a, "exclusiveMaximum: got %s, want %s",
                                                  num_text(v, n), s->xmaximum.text)));
    if (s->multiple_of.set) {
        double q = x / s->multiple_of.value;
        /* decimal multiples (0.0075 of 0.0001) are not exact in binary */
        int ok = isfinite(q) && fabs(q - nearest_integer(q)) <= 1e-9 * (fabs(q) > 1.0 ? fabs(q) : 1.0);
        if (!ok)
            add(&head, &tail, new_err(v, n, "multipleOf",
                                      pl_arena_printf(v->a, "multipleOf: got %s, want %s",
                                                      num_text(v, n), s->multiple_of.text)));
    }
    return head;
}

static js_err *choice_error(vctx *v, const pl_ynode *n, const char *kw, const char *msg,
                            js_err *causes)
{
    js_err *e = new_err(v, n, kw, msg);
    if (e != &boolean_failure) {
        e->choice = 1;
        e->causes = causes;
    }
    return e;
}

static js_err *validate_conditions(vctx *v, const js_node *s, const pl_ynode *n)
{
    js_err *head = NULL, *tail = NULL;
    if (s->not_) {
        size_t before = v->unknown_hits;
        v->boolean++;
        js_err *e = validate(v, s->not_, n);
        v->boolean--;
        if (!e && v->unknown_hits == before)
            add(&head, &tail, new_err(v, n, "not", "not failed"));
    }
    if (s->nall_of && head != &boolean_failure) {
        js_err *causes = NULL, *ctail = NULL;
        for (int i = 0; i < s->nall_of && causes != &boolean_failure; i++)
            add(&causes, &ctail, validate(v, s->all_of[i], n));
        add(&head, &tail, causes); /* every branch must hold: its failures stand alone */
    }
    if (s->nany_of && head != &boolean_failure) {
        js_err *causes = NULL, *ctail = NULL;
        int matched = 0;
        for (int i = 0; i < s->nany_of && !matched; i++) {
            js_err *e = validate(v, s->any_of[i], n);
            if (!e)
                matched = 1;
            else if (e != &boolean_failure)
                add(&causes, &ctail, e);
        }
        if (!matched)
            add(&head, &tail, choice_error(v, n, "anyOf", "anyOf failed", causes));
    }
    if (s->none_of && head != &boolean_failure) {
        js_err *causes = NULL, *ctail = NULL;
        int first = -1, second = -1, unknown = 0;
        for (int i = 0; i < s->none_of && second < 0; i++) {
            size_t before = v->unknown_hits;
            if (first >= 0)
                v->boolean++;
            js_err *e = validate(v, s->one_of[i], n);
            if (first >= 0)
                v->boolean--;
            if (!e) {
                unknown |= v->unknown_hits != before;
                if (first < 0)
                    first = i;
                else
                    second = i;
            } else if (first < 0 && e != &boolean_failure) {
                add(&causes, &ctail, e);
            }
        }
        if (first < 0)
            add(&head, &tail, choice_error(v, n, "oneOf", "oneOf failed, none matched", causes));
        else if (second >= 0 && !unknown)
            add(&head, &tail,
                new_err(v, n, "oneOf",
                        pl_arena_printf(v->a, "oneOf failed, subschemas %d, %d matched", first,
                                        second)));
    }
    if (s->if_ && head != &boolean_failure) {
        v->boolean++;
        js_err *e = validate(v, s->if_, n);
        v->boolean--;
        if (!e && s->then_)
            add(&head, &tail, validate(v, s->then_, n));
        else if (e && s->else_)
            add(&head, &tail, validate(v, s->else_, n));
    }
    return head;
}

static js_err *validate(vctx *v, const js_node *s, const pl_ynode *n)
{
    if (++v->steps > v->max_steps || v->depth >= v->max_depth) {
        v->incomplete = 1;
        return NULL;
    }
    if (s->is_bool)
        return s->bool_value ? NULL : new_err(v, n, "false", "false schema");
    if (!n)
        return NULL;
    pl_ystype stype = n->stype;
    if (n->kind == PL_YAML_SCALAR && v->o && v->o->scalar_view) {
        int d = v->npath < JS_MAX_PATH ? v->npath : JS_MAX_PATH;
        pl_ystype t = stype;
        switch (v->o->scalar_view(v->o->user, v->view_path, d, n, &t)) {
        case PL_JS_AS_UNKNOWN:
            v->unknown_hits++;
            return NULL;
        case PL_JS_AS_TYPE:
            stype = t;
            break;
        case PL_JS_AS_IS:
            break;
        }
    }
    v->depth++;
    js_err *head = NULL, *tail = NULL;
    if (s->ref) {
        head = validate(v, s->ref, n);
        v->depth--;
        return head;
    }
    unsigned t = n->kind == PL_YAML_MAP   ? JS_T_OBJ
                 : n->kind == PL_YAML_SEQ ? JS_T_ARR
                                          : js_scalar_types(n, stype);
    pl_ynode typed;
    if (n->kind == PL_YAML_SCALAR && stype != n->stype) {
        typed = *n;
        typed.stype = stype;
        n = &typed;
    }
    if (s->types && !(s->types & t)) {
        head = new_err(v, n, "type", type_message(v, s));
    } else if (s->const_value && !pl_jschema_equal(n, s->const_value)) {
        head = new_err(v, n, "const",
                       s->const_value->kind == PL_YAML_SCALAR
                           ? pl_arena_printf(v->a, "value must be %s", display(v, s->const_value))
                           : "const failed");
    } else if (s->has_enum) {
        int found = 0;
        for (int i = 0; i < s->nenum && !found; i++)
            found = pl_jschema_equal(n, s->enum_values[i]);
        if (!found && !v->boolean) {
            const char *msg = "enum failed";
            if (all_primitive(s->enum_values, s->nenum)) {
                pl_strbuf sb;
                pl_sb_init(&sb, v->a);
                pl_sb_puts(&sb, s->nenum == 1 ? "value must be " : "value must be one of ");
                for (int i = 0; i < s->nenum; i++) {
                    if (i)
                        pl_sb_puts(&sb, ", ");
                    pl_sb_puts(&sb, display(v, s->enum_values[i]));
                }
                msg = pl_sb_str(&sb);
            }
            head = new_err(v, n, "enum", msg);
        } else if (!found) {
            head = &boolean_failure;
        }
    }
    if (head) {
        v->depth--;
        return head;
    }
    if (n->kind == PL_YAML_MAP)
        add(&head, &tail, validate_object(v, s, n));
    else if (n->kind == PL_YAML_SEQ)
        add(&head, &tail, validate_array(v, s, n));
    else if (t & JS_T_STR)
        add(&head, &tail, validate_string(v, s, n));
    else if (t & JS_T_NUM)
        add(&head, &tail, validate_number(v, s, n));
    if (head != &boolean_failure)
        add(&head, &tail, validate_conditions(v, s, n));
    v->depth--;
    return head;
}

/* compose-go's pick: the deepest failure; additionalProperties counts one
 * deeper; the first wins a tie. */
static int specificity(const js_err *e)
{
    return e->depth + (!strcmp(e->keyword, "additionalProperties") ? 1 : 0);
}

static const js_err *most_specific(const js_err *e)
{
    if (!e->causes)
        return e;
    const js_err *best = NULL;
    for (const js_err *c = e->causes; c; c = c->next) {
        const js_err *b = most_specific(c);
        if (!best || specificity(b) > specificity(best))
            best = b;
    }
    return best;
}

static void report(pl_arena *a, const js_err *list, pl_jschema_errors *out, int max)
{
    for (const js_err *e = list; e; e = e->next) {
        const js_err *r = e->choice ? most_specific(e) : e;
        if (out->n >= max)
            return;
        pl_jschema_error *o = &out->items[out->n++];
        o->node = r->node;
        o->key = r->key;
        o->path = r->path;
        o->keyword = r->keyword;
        o->message = r->message;
        (void)a;
    }
}

int pl_jschema_validate(pl_arena *a, const pl_jschema *s, const pl_ynode *instance,
                        const pl_jschema_options *opts, pl_jschema_errors *out)
{
    memset(out, 0, sizeof *out);
    if (!s) {
        out->unavailable = 1;
        return 1;
    }
    vctx *v = calloc(1, sizeof *v); /* the path stack is too big for a thread's stack */
    if (!v)
        abort();
    v->a = a;
    v->o = opts;
    v->max_steps = opts && opts->max_steps ? opts->max_steps : 4000000;
    v->max_depth = opts && opts->max_depth ? opts->max_depth : 512;
    int max_errors = opts && opts->max_errors ? opts->max_errors : 100;
    v->md = pcre2_match_data_create(1, NULL);
    js_err *errs = validate(v, s->root, instance);
    pcre2_match_data_free(v->md);
    out->incomplete = v->incomplete;
    out->items = PL_NEW_N(a, pl_jschema_error, max_errors);
    /* a cut-off branch counts as matching, so nothing found is proven */
    if (errs && errs != &boolean_failure && !v->incomplete)
        report(a, errs, out, max_errors);
    free(v);
    return out->n > 0;
}
