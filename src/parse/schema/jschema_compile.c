/* jschema_compile.c — a JSON Schema document (cJSON) into js_node trees.
 * Every schema object is compiled once (memoised by its cJSON item), so
 * $ref cycles close on themselves and shared definitions are shared. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "js_internal.h"

typedef struct {
    const cJSON *key;
    js_node *node;
} memo_slot;

typedef struct {
    pl_arena *a;
    pl_jschema *out;
    const cJSON *doc;
    memo_slot *memo;
    size_t memo_cap, memo_len;
    const char *err;
} compiler;

static size_t ptr_hash(const void *p)
{
    size_t h = (size_t)p;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static js_node **memo_slot_for(compiler *c, const cJSON *key)
{
    if ((c->memo_len + 1) * 10 >= c->memo_cap * 7) {
        size_t ncap = c->memo_cap ? c->memo_cap * 2 : 256;
        memo_slot *nm = PL_NEW_N(c->a, memo_slot, ncap);
        for (size_t i = 0; i < c->memo_cap; i++) {
            if (!c->memo[i].key)
                continue;
            size_t j = ptr_hash(c->memo[i].key) & (ncap - 1);
            while (nm[j].key)
                j = (j + 1) & (ncap - 1);
            nm[j] = c->memo[i];
        }
        c->memo = nm;
        c->memo_cap = ncap;
    }
    size_t j = ptr_hash(key) & (c->memo_cap - 1);
    while (c->memo[j].key && c->memo[j].key != key)
        j = (j + 1) & (c->memo_cap - 1);
    if (!c->memo[j].key) {
        c->memo[j].key = key;
        c->memo_len++;
    }
    return &c->memo[j].node;
}

static void fail(compiler *c, const char *fmt, const char *arg)
{
    if (!c->err)
        c->err = pl_arena_printf(c->a, fmt, arg ? arg : "");
}

static pcre2_code *compile_regex(compiler *c, const char *src)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY |
                                       PCRE2_MATCH_INVALID_UTF,
                                   &code, &off, NULL);
    if (!re) {
        fail(c, "invalid regular expression '%s'", src);
        return NULL;
    }
    pl_jschema *s = c->out;
    if (s->ncodes == s->capcodes) {
        int ncap = s->capcodes ? s->capcodes * 2 : 32;
        pcre2_code **nc = PL_NEW_N(c->a, pcre2_code *, ncap);
        if (s->ncodes)
            memcpy(nc, s->codes, sizeof *nc * (size_t)s->ncodes);
        s->codes = nc;
        s->capcodes = ncap;
    }
    s->codes[s->ncodes++] = re;
    return re;
}

/* "#", "#/definitions/a%25b/0": percent-decoding, then ~1 and ~0. */
static const cJSON *resolve_pointer(compiler *c, const char *ref)
{
    if (ref[0] != '#') {
        fail(c, "unsupported $ref '%s' (only pointers into the same document)", ref);
        return NULL;
    }
    size_t n = strlen(ref);
    char *dec = pl_arena_alloc(c->a, n + 1);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (ref[i] == '%' && i + 2 < n + 1 && ref[i + 1] && ref[i + 2]) {
            char hex[3] = {ref[i + 1], ref[i + 2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (!*end) {
                dec[k++] = (char)v;
                i += 2;
                continue;
            }
        }
        dec[k++] = ref[i];
    }
    dec[k] = '\0';
    const cJSON *cur = c->doc;
    if (!*dec)
        return cur;
    if (*dec != '/') {
        fail(c, "unsupported $ref '%s' (anchors are not supported)", ref);
        return NULL;
    }
    char *tok = dec + 1;
    for (;;) {
        char *slash = strchr(tok, '/');
        if (slash)
            *slash = '\0';
        char *w = tok;
        for (char *r = tok; *r; r++) {
            if (r[0] == '~' && r[1] == '1') {
                *w++ = '/';
                r++;
            } else if (r[0] == '~' && r[1] == '0') {
                *w++ = '~';
                r++;
            } else {
                *w++ = *r;
            }
        }
        *w = '\0';
        if (cJSON_IsArray(cur)) {
            char *end;
            long idx = strtol(tok, &end, 10);
            cur = (*tok && !*end && idx >= 0) ? cJSON_GetArrayItem(cur, (int)idx) : NULL;
        } else if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
        } else {
            cur = NULL;
        }
        if (!cur) {
            fail(c, "$ref '%s' points nowhere", ref);
            return NULL;
        }
        if (!slash)
            return cur;
        tok = slash + 1;
    }
}

static js_node *compile_node(compiler *c, const cJSON *j);

static int count_of(const cJSON *j)
{
    int n = cJSON_GetArraySize(j);
    return n > 0 ? n : 1;
}

static js_node **compile_list(compiler *c, const cJSON *arr, int *n, const char *kw)
{
    if (!cJSON_IsArray(arr)) {
        fail(c, "%s must be an array of schemas", kw);
        return NULL;
    }
    js_node **out = PL_NEW_N(c->a, js_node *, count_of(arr));
    for (const cJSON *it = arr->child; it; it = it->next)
        out[(*n)++] = compile_node(c, it);
    return out;
}

static const char **string_list(compiler *c, const cJSON *arr, int *n, const char *kw)
{
    if (!cJSON_IsArray(arr)) {
        fail(c, "%s must be an array of strings", kw);
        return NULL;
    }
    const char **out = PL_NEW_N(c->a, const char *, count_of(arr));
    for (const cJSON *it = arr->child; it; it = it->next) {
        if (!cJSON_IsString(it)) {
            fail(c, "%s must be an array of strings", kw);
            return out;
        }
        out[(*n)++] = pl_arena_strdup(c->a, it->valuestring);
    }
    return out;
}

static void read_bound(compiler *c, const cJSON *j, const char *kw, js_bound *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, kw);
    if (!v)
        return;
    if (!cJSON_IsNumber(v)) {
        fail(c, "%s must be a number", kw);
        return;
    }
    b->set = 1;
    b->value = v->valuedouble;
    if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15)
        b->text = pl_arena_printf(c->a, "%.0f", v->valuedouble);
    else
        b->text = pl_arena_printf(c->a, "%.17g", v->valuedouble);
}

static int read_count(compiler *c, const cJSON *j, const char *kw)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, kw);
    if (!v)
        return -1;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0) {
        fail(c, "%s must be a non-negative integer", kw);
        return -1;
    }
    return v->valuedouble > 2147483647.0 ? 2147483647 : (int)v->valuedouble;
}

static unsigned type_bit(const char *t)
{
    static const struct {
        const char *name;
        unsigned bit;
    } types[] = {
        {"null", JS_T_NULL},   {"boolean", JS_T_BOOL}, {"integer", JS_T_INT}, {"number", JS_T_NUM},
        {"string", JS_T_STR},  {"array", JS_T_ARR},    {"object", JS_T_OBJ},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(t, types[i].name))
            return types[i].bit;
    return 0;
}

static void compile_type(compiler *c, js_node *s, const cJSON *t)
{
    if (cJSON_IsString(t)) {
        s->type_names = PL_NEW_N(c->a, const char *, 1);
        s->type_names[s->ntype_names++] = pl_arena_strdup(c->a, t->valuestring);
    } else {
        s->type_names = string_list(c, t, &s->ntype_names, "type");
    }
    for (int i = 0; i < s->ntype_names; i++) {
        unsigned b = type_bit(s->type_names[i]);
        if (!b)
            fail(c, "unknown type '%s'", s->type_names[i]);
        s->types |= b;
    }
}

static void compile_object_keywords(compiler *c, js_node *s, const cJSON *j)
{
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "properties")) && cJSON_IsObject(v)) {
        s->props = PL_NEW_N(c->a, js_prop, count_of(v));
        for (const cJSON *p = v->child; p; p = p->next) {
            js_prop *jp = &s->props[s->nprops++];
            jp->name = pl_arena_strdup(c->a, p->string);
            jp->schema = compile_node(c, p);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "patternProperties")) && cJSON_IsObject(v)) {
        s->pprops = PL_NEW_N(c->a, js_pprop, count_of(v));
        for (const cJSON *p = v->child; p; p = p->next) {
            js_pprop *jp = &s->pprops[s->npprops++];
            jp->re = compile_regex(c, p->string);
            jp->schema = compile_node(c, p);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "additionalProperties")))
        s->additional_props = compile_node(c, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "required")))
        s->required = string_list(c, v, &s->nrequired, "required");
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "dependencies")) && cJSON_IsObject(v)) {
        s->deps = PL_NEW_N(c->a, js_dep, count_of(v));
        for (const cJSON *p = v->child; p; p = p->next) {
            js_dep *d = &s->deps[s->ndeps++];
            d->name = pl_arena_strdup(c->a, p->string);
            if (cJSON_IsArray(p))
                d->names = string_list(c, p, &d->nnames, "dependencies");
            else
                d->schema = compile_node(c, p);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "propertyNames")))
        s->property_names = compile_node(c, v);
    s->min_props = read_count(c, j, "minProperties");
    s->max_props = read_count(c, j, "maxProperties");
}

static void compile_array_keywords(compiler *c, js_node *s, const cJSON *j)
{
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "items"))) {
        if (cJSON_IsArray(v)) {
            s->has_tuple = 1;
            s->items_tuple = compile_list(c, v, &s->nitems_tuple, "items");
        } else {
            s->items = compile_node(c, v);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "additionalItems")))
        s->additional_items = compile_node(c, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "contains")))
        s->contains = compile_node(c, v);
    s->min_items = read_count(c, j, "minItems");
    s->max_items = read_count(c, j, "maxItems");
    s->unique_items = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "uniqueItems"));
}

static void compile_scalar_keywords(compiler *c, js_node *s, const cJSON *j)
{
    const cJSON *v;
    read_bound(c, j, "minimum", &s->minimum);
    read_bound(c, j, "maximum", &s->maximum);
    read_bound(c, j, "exclusiveMinimum", &s->xminimum);
    read_bound(c, j, "exclusiveMaximum", &s->xmaximum);
    read_bound(c, j, "multipleOf", &s->multiple_of);
    if (s->multiple_of.set && !(s->multiple_of.value > 0))
        fail(c, "multipleOf must be greater than 0%s", NULL);
    s->min_length = read_count(c, j, "minLength");
    s->max_length = read_count(c, j, "maxLength");
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "pattern"))) {
        if (!cJSON_IsString(v)) {
            fail(c, "pattern must be a string%s", NULL);
        } else {
            s->pattern_src = pl_arena_strdup(c->a, v->valuestring);
            s->pattern = compile_regex(c, v->valuestring);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "const")))
        s->const_value = js_from_cjson(c->a, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "enum"))) {
        if (!cJSON_IsArray(v)) {
            fail(c, "enum must be an array%s", NULL);
        } else {
            s->has_enum = 1;
            s->enum_values = PL_NEW_N(c->a, const pl_ynode *, count_of(v));
            for (const cJSON *it = v->child; it; it = it->next)
                s->enum_values[s->nenum++] = js_from_cjson(c->a, it);
        }
    }
}

static js_node *compile_node(compiler *c, const cJSON *j)
{
    js_node **slot = memo_slot_for(c, j);
    if (*slot)
        return *slot;
    js_node *s = PL_NEW(c->a, js_node);
    *slot = s;
    s->min_props = s->max_props = s->min_items = s->max_items = -1;
    s->min_length = s->max_length = -1;
    if (cJSON_IsBool(j)) {
        s->is_bool = 1;
        s->bool_value = cJSON_IsTrue(j);
        return s;
    }
    if (!cJSON_IsObject(j)) {
        fail(c, "a schema must be an object or a boolean%s", NULL);
        s->is_bool = s->bool_value = 1;
        return s;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "$ref");
    if (v && cJSON_IsString(v)) {
        /* draft-07: the other keywords beside $ref are ignored */
        const cJSON *target = resolve_pointer(c, v->valuestring);
        if (target)
            s->ref = compile_node(c, target);
        else
            s->is_bool = s->bool_value = 1;
        return s;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "type")))
        compile_type(c, s, v);
    compile_object_keywords(c, s, j);
    compile_array_keywords(c, s, j);
    compile_scalar_keywords(c, s, j);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "allOf")))
        s->all_of = compile_list(c, v, &s->nall_of, "allOf");
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "anyOf")))
        s->any_of = compile_list(c, v, &s->nany_of, "anyOf");
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "oneOf")))
        s->one_of = compile_list(c, v, &s->none_of, "oneOf");
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "not")))
        s->not_ = compile_node(c, v);
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "if"))) {
        s->if_ = compile_node(c, v);
        if ((v = cJSON_GetObjectItemCaseSensitive(j, "then")))
            s->then_ = compile_node(c, v);
        if ((v = cJSON_GetObjectItemCaseSensitive(j, "else")))
            s->else_ = compile_node(c, v);
    }
    return s;
}

pl_jschema *pl_jschema_compile(pl_arena *a, const char *json, size_t len, const char **err)
{
    if (err)
        *err = NULL;
    cJSON *doc = json && len ? cJSON_ParseWithLength(json, len) : NULL;
    if (!doc) {
        if (err)
            *err = "the schema is not valid JSON";
        return NULL;
    }
    compiler c = {.a = a, .doc = doc};
    c.out = PL_NEW(a, pl_jschema);
    c.out->root = compile_node(&c, doc);
    cJSON_Delete(doc);
    if (c.err) {
        if (err)
            *err = c.err;
        pl_jschema_free(c.out);
        return NULL;
    }
    return c.out;
}

void pl_jschema_free(pl_jschema *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ncodes; i++)
        pcre2_code_free(s->codes[i]);
    s->ncodes = 0;
}
