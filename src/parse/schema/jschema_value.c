/* jschema_value.c — YAML nodes as JSON values: types, numbers, equality,
 * hashing, and JSON documents read into YAML trees. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "js_internal.h"

/* YAML 1.2 core-schema numbers as go-yaml reads them: decimal, 0x hex, 0o
 * octal, floats with exponent, .inf and .nan (any case variant). */
int js_number(const pl_ynode *n, double *out)
{
    if (!n || n->kind != PL_YAML_SCALAR || !n->str)
        return 0;
    const char *s = n->str;
    int neg = 0;
    const char *p = s;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    if (!strcasecmp(p, ".inf")) {
        *out = neg ? -INFINITY : INFINITY;
        return 1;
    }
    if (!strcasecmp(p, ".nan")) {
        *out = NAN;
        return 1;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p[2]) {
        char *end;
        unsigned long long v = strtoull(p + 2, &end, p[1] == 'x' ? 16 : 8);
        if (*end)
            return 0;
        *out = neg ? -(double)v : (double)v;
        return 1;
    }
    if (!*p || (*p != '.' && (*p < '0' || *p > '9')))
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (*end)
        return 0;
    *out = v;
    return 1;
}

unsigned js_scalar_types(const pl_ynode *n, pl_ystype stype)
{
    switch (stype) {
    case PL_YS_NULL:
        return JS_T_NULL;
    case PL_YS_BOOL:
        return JS_T_BOOL;
    case PL_YS_INT:
        return JS_T_INT | JS_T_NUM;
    case PL_YS_FLOAT: {
        double v;
        /* draft-07: a number without a fractional part is an integer */
        if (js_number(n, &v) && isfinite(v) && v == floor(v))
            return JS_T_INT | JS_T_NUM;
        return JS_T_NUM;
    }
    case PL_YS_STR:
        break;
    }
    return JS_T_STR;
}

size_t js_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static int is_numeric(const pl_ynode *n)
{
    return n->kind == PL_YAML_SCALAR && (n->stype == PL_YS_INT || n->stype == PL_YS_FLOAT);
}

static int bool_value(const pl_ynode *n)
{
    return n->str && (n->str[0] == 't' || n->str[0] == 'T');
}

static int cmp_pair_key(const void *a, const void *b)
{
    const pl_ypair *x = a, *y = b;
    const char *ks = x->key && x->key->str ? x->key->str : "";
    const char *kt = y->key && y->key->str ? y->key->str : "";
    return strcmp(ks, kt);
}

static int equal_depth(const pl_ynode *x, const pl_ynode *y, int depth);

static int maps_equal(const pl_ynode *x, const pl_ynode *y, int depth)
{
    if (x->npairs != y->npairs)
        return 0;
    int n = x->npairs;
    if (n == 0)
        return 1;
    /* sorted copies keep the comparison n log n on big mappings */
    pl_ypair *a = malloc(sizeof *a * (size_t)n), *b = malloc(sizeof *b * (size_t)n);
    if (!a || !b) {
        free(a);
        free(b);
        return 0;
    }
    memcpy(a, x->pairs, sizeof *a * (size_t)n);
    memcpy(b, y->pairs, sizeof *b * (size_t)n);
    qsort(a, (size_t)n, sizeof *a, cmp_pair_key);
    qsort(b, (size_t)n, sizeof *b, cmp_pair_key);
    int eq = 1;
    for (int i = 0; i < n && eq; i++)
        eq = cmp_pair_key(&a[i], &b[i]) == 0 && equal_depth(a[i].value, b[i].value, depth + 1);
    free(a);
    free(b);
    return eq;
}

static int equal_depth(const pl_ynode *x, const pl_ynode *y, int depth)
{
    if (!x || !y)
        return x == y;
    if (x == y)
        return 1;
    if (depth > 1000)
        return 0;
    if (x->kind != y->kind)
        return 0;
    switch (x->kind) {
    case PL_YAML_SEQ:
        if (x->nitems != y->nitems)
            return 0;
        for (int i = 0; i < x->nitems; i++)
            if (!equal_depth(x->items[i], y->items[i], depth + 1))
                return 0;
        return 1;
    case PL_YAML_MAP:
        return maps_equal(x, y, depth);
    case PL_YAML_SCALAR:
        break;
    }
    if (is_numeric(x) && is_numeric(y)) {
        double a, b;
        return js_number(x, &a) && js_number(y, &b) && a == b;
    }
    if (x->stype != y->stype)
        return 0;
    switch (x->stype) {
    case PL_YS_NULL:
        return 1;
    case PL_YS_BOOL:
        return bool_value(x) == bool_value(y);
    default:
        return x->len == y->len && (x->len == 0 || memcmp(x->str, y->str, x->len) == 0);
    }
}

int pl_jschema_equal(const pl_ynode *x, const pl_ynode *y)
{
    return equal_depth(x, y, 0);
}

static unsigned long fnv(unsigned long h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211UL;
    return h;
}

static unsigned long hash_depth(const pl_ynode *n, size_t *steps, int depth)
{
    unsigned long h = 14695981039346656037UL;
    (*steps)++;
    if (!n || depth > 1000)
        return h;
    switch (n->kind) {
    case PL_YAML_SEQ:
        h = fnv(h, "[", 1);
        for (int i = 0; i < n->nitems; i++) {
            unsigned long c = hash_depth(n->items[i], steps, depth + 1);
            h = fnv(h, &c, sizeof c);
        }
        return h;
    case PL_YAML_MAP: {
        unsigned long sum = 0;
        for (int i = 0; i < n->npairs; i++) {
            unsigned long k = hash_depth(n->pairs[i].key, steps, depth + 1);
            unsigned long v = hash_depth(n->pairs[i].value, steps, depth + 1);
            sum += (k * 31) ^ v; /* order-independent */
        }
        return fnv(fnv(h, "{", 1), &sum, sizeof sum);
    }
    case PL_YAML_SCALAR:
        break;
    }
    if (is_numeric(n)) {
        double v = 0;
        js_number(n, &v);
        if (v == 0)
            v = 0; /* -0 */
        return fnv(fnv(h, "n", 1), &v, sizeof v);
    }
    switch (n->stype) {
    case PL_YS_NULL:
        return fnv(h, "0", 1);
    case PL_YS_BOOL:
        return fnv(h, bool_value(n) ? "T" : "F", 1);
    default:
        return fnv(fnv(h, "s", 1), n->str ? n->str : "", n->len);
    }
}

unsigned long js_hash(const pl_ynode *n, size_t *steps)
{
    return hash_depth(n, steps, 0);
}

static pl_ynode *scalar(pl_arena *a, pl_ystype t, const char *s)
{
    pl_ynode *n = PL_NEW(a, pl_ynode);
    n->kind = PL_YAML_SCALAR;
    n->stype = t;
    n->str = pl_arena_strdup(a, s);
    n->len = strlen(s);
    return n;
}

pl_ynode *js_from_cjson(pl_arena *a, const cJSON *j)
{
    if (!j)
        return NULL;
    if (cJSON_IsNull(j))
        return scalar(a, PL_YS_NULL, "null");
    if (cJSON_IsBool(j))
        return scalar(a, PL_YS_BOOL, cJSON_IsTrue(j) ? "true" : "false");
    if (cJSON_IsString(j)) {
        pl_ynode *n = scalar(a, PL_YS_STR, j->valuestring ? j->valuestring : "");
        n->quoted = 1;
        return n;
    }
    if (cJSON_IsNumber(j)) {
        double v = j->valuedouble;
        if (isfinite(v) && v == floor(v) && fabs(v) < 9.0e15)
            return scalar(a, PL_YS_INT, pl_arena_printf(a, "%.0f", v));
        return scalar(a, PL_YS_FLOAT, pl_arena_printf(a, "%.17g", v));
    }
    pl_ynode *n = PL_NEW(a, pl_ynode);
    int count = cJSON_GetArraySize(j);
    if (cJSON_IsArray(j)) {
        n->kind = PL_YAML_SEQ;
        n->items = PL_NEW_N(a, pl_ynode *, count > 0 ? count : 1);
        for (const cJSON *c = j->child; c; c = c->next)
            n->items[n->nitems++] = js_from_cjson(a, c);
        return n;
    }
    if (cJSON_IsObject(j)) {
        n->kind = PL_YAML_MAP;
        n->pairs = PL_NEW_N(a, pl_ypair, count > 0 ? count : 1);
        for (const cJSON *c = j->child; c; c = c->next) {
            pl_ypair *p = &n->pairs[n->npairs++];
            p->key = scalar(a, PL_YS_STR, c->string ? c->string : "");
            p->value = js_from_cjson(a, c);
        }
        return n;
    }
    return scalar(a, PL_YS_NULL, "null"); /* cJSON_Invalid/Raw: not produced by the parser */
}

pl_ynode *pl_jschema_json_to_ynode(pl_arena *a, const char *json, size_t len)
{
    cJSON *j = cJSON_ParseWithLength(json, len);
    if (!j)
        return NULL;
    pl_ynode *n = js_from_cjson(a, j);
    cJSON_Delete(j);
    return n;
}

/* Go's %q with the quotes swapped for single ones, as santhosh-tekuri's
 * messages quote names. */
const char *js_quote(pl_arena *a, const char *s, size_t len)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_putc(&sb, '\'');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\'': pl_sb_puts(&sb, "\\'"); break;
        case '\\': pl_sb_puts(&sb, "\\\\"); break;
        case '\n': pl_sb_puts(&sb, "\\n"); break;
        case '\t': pl_sb_puts(&sb, "\\t"); break;
        case '\r': pl_sb_puts(&sb, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                pl_sb_printf(&sb, "\\x%02x", c);
            else
                pl_sb_putc(&sb, (char)c);
        }
    }
    pl_sb_putc(&sb, '\'');
    return pl_sb_str(&sb);
}
