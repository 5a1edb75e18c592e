/* tree.c — node construction, key paths, and the interpolation pass with
 * compose-go's casts (loader/interpolate.go: after interpolation a string at
 * one of these paths becomes the number or boolean the model wants, whether
 * or not it held a variable). */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_internal.h"

/* ---- paths -------------------------------------------------------------------------- */

int pl_cpath_matches(const pl_cpath *p, const char *pattern)
{
    int i = 0;
    const char *s = pattern;
    while (*s) {
        const char *dot = strchr(s, '.');
        size_t n = dot ? (size_t)(dot - s) : strlen(s);
        if (i >= p->n)
            return 0;
        if (!(n == 1 && s[0] == '*') && (strlen(p->parts[i]) != n || memcmp(p->parts[i], s, n)))
            return 0;
        i++;
        s += n;
        if (*s == '.')
            s++;
    }
    return i == p->n;
}

const char *pl_cpath_str(pl_arena *a, const pl_cpath *p)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < p->n; i++) {
        if (i && strcmp(p->parts[i], "[]"))
            pl_sb_putc(&sb, '.');
        pl_sb_puts(&sb, p->parts[i]);
    }
    return pl_sb_str(&sb);
}

/* ---- nodes --------------------------------------------------------------------------- */

pl_ynode *pl_cn_scalar(pl_arena *a, const pl_ynode *at, const char *s, size_t len, pl_ystype t)
{
    pl_ynode *n = PL_NEW(a, pl_ynode);
    n->kind = PL_YAML_SCALAR;
    if (at) {
        n->span = at->span;
        n->file = at->file;
    }
    n->str = pl_arena_strndup(a, s, len);
    n->len = len;
    n->stype = t;
    return n;
}

pl_ynode *pl_cn_copy(pl_arena *a, const pl_ynode *n)
{
    pl_ynode *c = PL_NEW(a, pl_ynode);
    *c = *n;
    return c;
}

pl_ynode *pl_cn_map(pl_arena *a, const pl_ynode *at, int cap)
{
    pl_ynode *n = PL_NEW(a, pl_ynode);
    n->kind = PL_YAML_MAP;
    if (at) {
        n->span = at->span;
        n->file = at->file;
        n->tag = at->tag;
    }
    n->pairs = PL_NEW_N(a, pl_ypair, cap > 0 ? cap : 1);
    return n;
}

pl_ynode *pl_cn_seq(pl_arena *a, const pl_ynode *at, int cap)
{
    pl_ynode *n = PL_NEW(a, pl_ynode);
    n->kind = PL_YAML_SEQ;
    if (at) {
        n->span = at->span;
        n->file = at->file;
        n->tag = at->tag;
    }
    n->items = PL_NEW_N(a, pl_ynode *, cap > 0 ? cap : 1);
    return n;
}

void pl_cn_add_pair(pl_ynode *map, pl_ynode *key, pl_ynode *value)
{
    map->pairs[map->npairs].key = key;
    map->pairs[map->npairs].value = value;
    map->npairs++;
}

void pl_cn_add_item(pl_ynode *seq, pl_ynode *item)
{
    seq->items[seq->nitems++] = item;
}

int pl_cn_key_is(const pl_ynode *key, const char *s)
{
    size_t n = strlen(s);
    return key && key->kind == PL_YAML_SCALAR && key->len == n && !memcmp(key->str, s, n);
}

int pl_cn_index(const pl_ynode *map, const char *key)
{
    if (!map || map->kind != PL_YAML_MAP)
        return -1;
    for (int i = map->npairs - 1; i >= 0; i--)
        if (pl_cn_key_is(map->pairs[i].key, key))
            return i;
    return -1;
}

int pl_cn_is_null(const pl_ynode *n)
{
    return !n || (n->kind == PL_YAML_SCALAR && n->stype == PL_YS_NULL);
}

int pl_cn_scalar_eq(const pl_ynode *x, const pl_ynode *y)
{
    return x->kind == PL_YAML_SCALAR && y->kind == PL_YAML_SCALAR && x->len == y->len &&
           !memcmp(x->str, y->str, x->len);
}

static size_t key_hash(const char *s, size_t n)
{
    size_t h = 14695981039346656037ULL & SIZE_MAX;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

void pl_ckeyidx_init(pl_arena *a, pl_ckeyidx *x, const pl_ynode *map, int room)
{
    x->map = map;
    x->cap = 16;
    while (x->cap < (size_t)(room > 0 ? room : 0) * 2 + 2)
        x->cap *= 2;
    x->slots = PL_NEW_N(a, int, x->cap);
    for (int i = 0; i < map->npairs; i++)
        pl_ckeyidx_add(x, i);
}

void pl_ckeyidx_add(pl_ckeyidx *x, int i)
{
    const pl_ynode *k = x->map->pairs[i].key;
    if (k->kind != PL_YAML_SCALAR)
        return;
    size_t j = key_hash(k->str, k->len) & (x->cap - 1);
    while (x->slots[j]) {
        const pl_ynode *o = x->map->pairs[x->slots[j] - 1].key;
        if (o->len == k->len && !memcmp(o->str, k->str, k->len)) {
            x->slots[j] = i + 1; /* the last one wins */
            return;
        }
        j = (j + 1) & (x->cap - 1);
    }
    x->slots[j] = i + 1;
}

int pl_ckeyidx_find(const pl_ckeyidx *x, const char *key, size_t len)
{
    size_t j = key_hash(key, len) & (x->cap - 1);
    while (x->slots[j]) {
        const pl_ynode *o = x->map->pairs[x->slots[j] - 1].key;
        if (o->len == len && !memcmp(o->str, key, len))
            return x->slots[j] - 1;
        j = (j + 1) & (x->cap - 1);
    }
    return -1;
}

/* ---- casts ------------------------------------------------------------------------------- */

typedef enum { CAST_INT, CAST_INT64, CAST_FLOAT, CAST_FLOAT32, CAST_BOOL } cast_kind;

static const struct {
    const char *pattern;
    cast_kind cast;
} casts[] = {
    {"services.*.cpu_count", CAST_INT64},
    {"services.*.cpu_percent", CAST_FLOAT},
    {"services.*.cpu_period", CAST_INT64},
    {"services.*.cpu_quota", CAST_INT64},
    {"services.*.cpu_rt_period", CAST_INT64},
    {"services.*.cpu_rt_runtime", CAST_INT64},
    {"services.*.cpus", CAST_FLOAT32},
    {"services.*.cpu_shares", CAST_INT64},
    {"services.*.init", CAST_BOOL},
    {"services.*.depends_on.*.required", CAST_BOOL},
    {"services.*.depends_on.*.restart", CAST_BOOL},
    {"services.*.deploy.replicas", CAST_INT},
    {"services.*.deploy.update_config.parallelism", CAST_INT},
    {"services.*.deploy.update_config.max_failure_ratio", CAST_FLOAT},
    {"services.*.deploy.rollback_config.parallelism", CAST_INT},
    {"services.*.deploy.rollback_config.max_failure_ratio", CAST_FLOAT},
    {"services.*.deploy.restart_policy.max_attempts", CAST_INT},
    {"services.*.deploy.placement.max_replicas_per_node", CAST_INT},
    {"services.*.healthcheck.retries", CAST_INT},
    {"services.*.healthcheck.disable", CAST_BOOL},
    {"services.*.oom_kill_disable", CAST_BOOL},
    {"services.*.oom_score_adj", CAST_INT64},
    {"services.*.pids_limit", CAST_INT64},
    {"services.*.ports.[].target", CAST_INT},
    {"services.*.privileged", CAST_BOOL},
    {"services.*.read_only", CAST_BOOL},
    {"services.*.scale", CAST_INT},
    {"services.*.stdin_open", CAST_BOOL},
    {"services.*.tty", CAST_BOOL},
    {"services.*.ulimits.*", CAST_INT},
    {"services.*.ulimits.*.hard", CAST_INT},
    {"services.*.ulimits.*.soft", CAST_INT},
    {"services.*.volumes.[].read_only", CAST_BOOL},
    {"services.*.volumes.[].volume.nocopy", CAST_BOOL},
    {"networks.*.external", CAST_BOOL},
    {"networks.*.internal", CAST_BOOL},
    {"networks.*.attachable", CAST_BOOL},
    {"networks.*.enable_ipv4", CAST_BOOL},
    {"networks.*.enable_ipv6", CAST_BOOL},
    {"volumes.*.external", CAST_BOOL},
    {"secrets.*.external", CAST_BOOL},
    {"configs.*.external", CAST_BOOL},
};

/* Go's strconv.ParseInt(s, 10, bits): optional sign, decimal digits only. */
static int go_atoi(const char *s, int bits)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (!*p)
        return 0;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9')
            return 0;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE)
        return 0;
    (void)bits; /* Go's int is 64-bit on the platforms compose runs on */
    (void)v;
    return 1;
}

static int ascii_ieq(const char *s, const char *t)
{
    for (; *s && *t; s++, t++)
        if ((*s | 0x20) != *t)
            return 0;
    return !*s && !*t;
}

/* Go's ParseFloat: decimal, hex, inf/infinity/nan, underscores aside. */
static int go_parse_float(const char *s, int bits)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    if (ascii_ieq(p, "inf") || ascii_ieq(p, "infinity") || ascii_ieq(p, "nan"))
        return 1;
    if (!*s || strchr(s, ' ') || strchr(s, '\t') || strchr(s, '\n'))
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || end == s)
        return 0;
    if (errno == ERANGE && (v > 1 || v < -1))
        return 0;
    if (bits == 32 && (v > 3.4028234663852886e38 || v < -3.4028234663852886e38))
        return 0;
    return 1;
}

static pl_ynode *cast_scalar(pl_cload *l, pl_ynode *n, pl_cpath *path)
{
    int which = -1;
    for (size_t i = 0; i < sizeof casts / sizeof *casts; i++)
        if (pl_cpath_matches(path, casts[i].pattern)) {
            which = (int)i;
            break;
        }
    if (which < 0)
        return n;
    const char *v = n->str;
    const char *why = NULL;
    pl_ynode *c = pl_cn_copy(l->a, n);
    switch (casts[which].cast) {
    case CAST_INT:
    case CAST_INT64:
        if (go_atoi(v, 64))
            c->stype = PL_YS_INT;
        else
            why = pl_arena_printf(l->a, "strconv.%s: parsing \"%s\": invalid syntax",
                                  casts[which].cast == CAST_INT ? "Atoi" : "ParseInt", v);
        break;
    case CAST_FLOAT:
    case CAST_FLOAT32:
        if (go_parse_float(v, casts[which].cast == CAST_FLOAT32 ? 32 : 64))
            c->stype = PL_YS_FLOAT;
        else
            why = pl_arena_printf(l->a, "strconv.ParseFloat: parsing \"%s\": invalid syntax", v);
        break;
    case CAST_BOOL:
        if (ascii_ieq(v, "true") || ascii_ieq(v, "y") || ascii_ieq(v, "yes") || ascii_ieq(v, "on"))
            c->stype = PL_YS_BOOL, c->str = "true", c->len = 4;
        else if (ascii_ieq(v, "false") || ascii_ieq(v, "n") || ascii_ieq(v, "no") ||
                 ascii_ieq(v, "off"))
            c->stype = PL_YS_BOOL, c->str = "false", c->len = 5;
        else
            why = pl_arena_printf(l->a, "invalid boolean: %s", v);
        break;
    }
    if (why) {
        pl_cload_diag_at(l, n, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA,
                         "error while interpolating %s: failed to cast to expected type: %s",
                         pl_cpath_str(l->a, path), why);
        return n;
    }
    return c;
}

/* ---- interpolation ------------------------------------------------------------------------- */

typedef struct {
    const pl_cenv *env;
    int misses; /* lookups of a variable that is not set */
} env_probe;

static int env_lookup(void *ud, const char *name, size_t name_len, const char **value)
{
    env_probe *p = ud;
    const char *v = pl_cenv_get(p->env, name, name_len);
    if (!v) {
        p->misses++;
        return 0;
    }
    *value = v;
    return 1;
}

/* Where an issue at byte `off` of the value is in the file: exact when the
 * value is written on one line as it reads (plain, or quoted without
 * escapes), the value's start otherwise. */
static pl_span issue_span(pl_cload *l, const pl_ynode *n, size_t off, size_t length)
{
    pl_span s = n->span;
    pl_cfile *f = pl_cload_file_of(l, n);
    s.end_line = s.line;
    s.end_col = s.col;
    if (!f || !f->data || n->span.line != n->span.end_line || n->span.line < 1)
        return s;
    if (!f->line_starts) {
        size_t count = 1;
        for (size_t i = 0; i < f->len; i++)
            count += f->data[i] == '\n';
        f->line_starts = PL_NEW_N(l->a, size_t, count);
        f->line_starts[0] = 0;
        f->nlines = 1;
        for (size_t i = 0; i < f->len; i++)
            if (f->data[i] == '\n')
                f->line_starts[f->nlines++] = i + 1;
    }
    if ((size_t)n->span.line > f->nlines)
        return s;
    size_t at = f->line_starts[n->span.line - 1] + (size_t)n->span.col - 1 + (n->quoted ? 1 : 0);
    size_t want = off + length;
    if (n->tag || want > n->len || at + want > f->len || memcmp(f->data + at, n->str, want))
        return s;
    s.col = n->span.col + (n->quoted ? 1 : 0) + (int)off;
    s.end_col = s.col + (int)length - 1;
    return s;
}

static pl_ynode *interp_scalar(pl_cload *l, pl_ynode *n, const pl_cenv *env, pl_cpath *path)
{
    if (n->stype != PL_YS_STR)
        return n;
    pl_ynode *out = n;
    if (pl_interp_has_refs(n->str, n->len)) {
        env_probe probe = {env, 0};
        pl_interp_env ie = {env_lookup, &probe};
        pl_interp_issues issues;
        memset(&issues, 0, sizeof issues);
        const char *val;
        size_t vlen;
        pl_interp_substitute(l->a, n->str, n->len, &ie, &val, &vlen, &issues);
        for (const pl_interp_issue *is = issues.head; is; is = is->next) {
            pl_cfile *f = pl_cload_file_of(l, n);
            pl_span sp = issue_span(l, n, is->offset, is->length);
            switch (is->kind) {
            case PL_INTERP_ISSUE_UNSET:
                pl_cload_diag(l, f, PL_DIAG_WARNING, sp, PL_COMPOSE_RULE_UNSET, "%s", is->message);
                break;
            case PL_INTERP_ISSUE_REQUIRED:
                pl_cload_diag(l, f, PL_DIAG_ERROR, sp, PL_COMPOSE_RULE_REQUIRED, "%s", is->message);
                break;
            case PL_INTERP_ISSUE_SYNTAX:
                pl_cload_diag(l, f, PL_DIAG_ERROR, sp, PL_COMPOSE_RULE_INTERPOLATION,
                              "invalid interpolation format for %s: \"%s\"; you may need to "
                              "escape any $ with another $",
                              pl_cpath_str(l->a, path), is->detail ? is->detail : "");
                break;
            default:
                pl_cload_diag(l, f, PL_DIAG_WARNING, sp, PL_COMPOSE_RULE_INTERPOLATION, "%s",
                              is->message);
                break;
            }
        }
        out = pl_cn_copy(l->a, n);
        out->raw = n->str;
        /* a default stands in for a variable the deployment may set */
        out->unresolved = probe.misses > 0;
        out->str = val;
        out->len = vlen;
    }
    return cast_scalar(l, out, path);
}

pl_ynode *pl_compose_interpolate(pl_cload *l, pl_ynode *n, const pl_cenv *env, pl_cpath *path)
{
    if (!n)
        return n;
    if (n->kind == PL_YAML_SCALAR)
        return interp_scalar(l, n, env, path);
    if (n->kind == PL_YAML_SEQ) {
        pl_ynode *out = NULL;
        if (!pl_cpath_push(path, "[]"))
            return n;
        for (int i = 0; i < n->nitems; i++) {
            pl_ynode *v = pl_compose_interpolate(l, n->items[i], env, path);
            if (v != n->items[i] && !out) {
                out = pl_cn_copy(l->a, n);
                out->items = PL_NEW_N(l->a, pl_ynode *, n->nitems);
                memcpy(out->items, n->items, sizeof *n->items * (size_t)n->nitems);
            }
            if (out)
                out->items[i] = v;
        }
        path->n--;
        return out ? out : n;
    }
    pl_ynode *out = NULL;
    for (int i = 0; i < n->npairs; i++) {
        const pl_ynode *k = n->pairs[i].key;
        if (!pl_cpath_push(path, k->kind == PL_YAML_SCALAR ? k->str : "?"))
            return n;
        pl_ynode *v = pl_compose_interpolate(l, n->pairs[i].value, env, path);
        path->n--;
        if (v != n->pairs[i].value && !out) {
            out = pl_cn_copy(l->a, n);
            out->pairs = PL_NEW_N(l->a, pl_ypair, n->npairs);
            memcpy(out->pairs, n->pairs, sizeof *n->pairs * (size_t)n->npairs);
        }
        if (out)
            out->pairs[i].value = v;
    }
    return out ? out : n;
}
