/* matrix.c — a GitHub Actions job's `strategy.matrix`, when it is written
 * out in the workflow: its rows (the combinations of its dimensions, with
 * `include` entries extending the rows they match or adding rows, and
 * `exclude` entries removing rows), and `${{ matrix.NAME }}` expressions
 * replaced by a row's values. A matrix read from an expression
 * (`${{ fromJSON(...) }}`) is not known statically: no rows. */
#include <string.h>

#include "buildsrc_internal.h"

enum { MAX_ROWS = 256, MAX_KEYS = 32, MAX_DEPTH = 16 };

static int same_value(const pl_ynode *x, const pl_ynode *y)
{
    return x && y && x->kind == PL_YAML_SCALAR && y->kind == PL_YAML_SCALAR && x->str && y->str &&
           !strcmp(x->str, y->str);
}

static const pl_ynode *row_get(const pl_wf_row *row, const char *name)
{
    for (int i = 0; i < row->n; i++)
        if (!strcmp(row->names[i], name))
            return row->values[i];
    return NULL;
}

static void row_set(pl_arena *a, pl_wf_row *row, const char *name, const pl_ynode *v)
{
    for (int i = 0; i < row->n; i++)
        if (!strcmp(row->names[i], name)) {
            row->values[i] = v;
            return;
        }
    if (row->n >= MAX_KEYS)
        return;
    if (!row->names) {
        row->names = PL_NEW_N(a, const char *, MAX_KEYS);
        row->values = PL_NEW_N(a, const pl_ynode *, MAX_KEYS);
    }
    row->names[row->n] = name;
    row->values[row->n++] = v;
}

static pl_wf_row copy_row(pl_arena *a, const pl_wf_row *r)
{
    pl_wf_row c = {0};
    for (int i = 0; i < r->n; i++)
        row_set(a, &c, r->names[i], r->values[i]);
    return c;
}

/* Whether every key of entry `e` that is a dimension has the row's value. */
static int matches(const pl_wf_row *row, const pl_ynode *e, const pl_ynode *m)
{
    for (int i = 0; i < e->npairs; i++) {
        const char *k = e->pairs[i].key->str;
        if (!k || !pl_yaml_get(m, k))
            continue; /* not a dimension */
        const pl_ynode *have = row_get(row, k);
        if (!same_value(have, e->pairs[i].value))
            return 0;
    }
    return 1;
}

int pl_wf_matrix_rows(pl_arena *a, const pl_ynode *job, pl_wf_row **out)
{
    *out = NULL;
    const pl_ynode *m = pl_yaml_get(pl_yaml_get(job, "strategy"), "matrix");
    if (!m)
        return 0;
    if (m->kind != PL_YAML_MAP)
        return -1;
    pl_wf_row *rows = PL_NEW_N(a, pl_wf_row, MAX_ROWS);
    int n = 0;
    /* the product of the dimensions */
    for (int i = 0; i < m->npairs; i++) {
        const char *k = m->pairs[i].key->str;
        const pl_ynode *v = m->pairs[i].value;
        if (!k || !strcmp(k, "include") || !strcmp(k, "exclude"))
            continue;
        if (v->kind != PL_YAML_SEQ)
            return -1; /* `${{ fromJSON(...) }}` */
        if (!v->nitems)
            return 0;
        if (!n)
            rows[n++] = (pl_wf_row){0};
        if ((long)n * v->nitems > MAX_ROWS)
            return -1;
        int before = n;
        n = 0;
        pl_wf_row *next = PL_NEW_N(a, pl_wf_row, (size_t)before * (size_t)v->nitems);
        for (int r = 0; r < before; r++)
            for (int j = 0; j < v->nitems; j++) {
                next[n] = copy_row(a, &rows[r]);
                row_set(a, &next[n++], k, v->items[j]);
            }
        memcpy(rows, next, sizeof *rows * (size_t)n);
    }
    const pl_ynode *exclude = pl_yaml_get(m, "exclude");
    for (int e = 0; exclude && exclude->kind == PL_YAML_SEQ && e < exclude->nitems; e++) {
        const pl_ynode *x = exclude->items[e];
        if (x->kind != PL_YAML_MAP)
            continue;
        int kept = 0;
        for (int r = 0; r < n; r++)
            if (!matches(&rows[r], x, m))
                rows[kept++] = rows[r];
        n = kept;
    }
    const pl_ynode *include = pl_yaml_get(m, "include");
    if (include && include->kind != PL_YAML_SEQ)
        return -1;
    int dims = n;
    for (int e = 0; include && e < include->nitems; e++) {
        const pl_ynode *x = include->items[e];
        if (x->kind != PL_YAML_MAP)
            return -1;
        /* an entry extends the rows whose dimensions it matches, else it is a row */
        int extended = 0;
        for (int r = 0; r < dims; r++)
            if (matches(&rows[r], x, m)) {
                for (int i = 0; i < x->npairs; i++)
                    if (x->pairs[i].key->str && !pl_yaml_get(m, x->pairs[i].key->str))
                        row_set(a, &rows[r], x->pairs[i].key->str, x->pairs[i].value);
                extended = 1;
            }
        if (extended)
            continue;
        if (n >= MAX_ROWS)
            return -1;
        rows[n] = (pl_wf_row){0};
        for (int i = 0; i < x->npairs; i++)
            if (x->pairs[i].key->str)
                row_set(a, &rows[n], x->pairs[i].key->str, x->pairs[i].value);
        n++;
    }
    *out = rows;
    return n;
}

void pl_wf_env_add(pl_arena *a, pl_wf_row *env, const pl_ynode *map, const pl_wf_row *row)
{
    for (int i = 0; map && map->kind == PL_YAML_MAP && i < map->npairs; i++) {
        const char *k = map->pairs[i].key->str;
        const pl_ynode *v = map->pairs[i].value;
        if (!k)
            continue;
        if (v->kind == PL_YAML_SCALAR && v->str && v->stype != PL_YS_NULL) {
            pl_ynode *c = pl_wf_subst_node(a, v, row, env, 0);
            /* a value only the run knows hides whatever an outer env said */
            row_set(a, env, k, strstr(c->str, "${{") ? NULL : c);
        } else {
            row_set(a, env, k, NULL);
        }
    }
}

/* The value `matrix.a.b` names in the row; NULL when it is not a scalar there. */
static const char *lookup(const pl_wf_row *row, const char *path, size_t len, pl_arena *a)
{
    const char *dot = memchr(path, '.', len);
    size_t head = dot ? (size_t)(dot - path) : len;
    const char *name = pl_arena_strndup(a, path, head);
    const pl_ynode *v = row_get(row, name);
    while (v && dot) {
        const char *rest = dot + 1;
        size_t left = len - (size_t)(rest - path);
        dot = memchr(rest, '.', left);
        size_t part = dot ? (size_t)(dot - rest) : left;
        v = v->kind == PL_YAML_MAP ? pl_yaml_get(v, pl_arena_strndup(a, rest, part)) : NULL;
    }
    return v && v->kind == PL_YAML_SCALAR && v->stype != PL_YS_NULL && v->str ? v->str : NULL;
}

static const char *subst_with(pl_arena *a, const char *s, const pl_wf_row *row,
                              const pl_wf_row *env, const pl_wf_row *inputs)
{
    if (!s || (!row && !env && !inputs) || !strstr(s, "${{"))
        return s;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    while (*s) {
        const char *open = strstr(s, "${{");
        if (!open) {
            pl_sb_puts(&sb, s);
            break;
        }
        const char *close = strstr(open, "}}");
        if (!close) {
            pl_sb_puts(&sb, s);
            break;
        }
        pl_sb_printf(&sb, "%.*s", (int)(open - s), s);
        const char *e = open + 3, *end = close;
        while (e < end && (*e == ' ' || *e == '\t'))
            e++;
        while (end > e && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        const char *value = NULL;
        int plain = !memchr(e, ' ', (size_t)(end - e)) && !memchr(e, '(', (size_t)(end - e));
        if (plain && row && (size_t)(end - e) > 7 && !strncmp(e, "matrix.", 7))
            value = lookup(row, e + 7, (size_t)(end - e - 7), a);
        else if (plain && env && (size_t)(end - e) > 4 && !strncmp(e, "env.", 4))
            value = lookup(env, e + 4, (size_t)(end - e - 4), a);
        else if (plain && inputs && (size_t)(end - e) > 7 && !strncmp(e, "inputs.", 7))
            value = lookup(inputs, e + 7, (size_t)(end - e - 7), a);
        if (value)
            pl_sb_puts(&sb, value);
        else
            pl_sb_printf(&sb, "%.*s", (int)(close + 2 - open), open);
        s = close + 2;
    }
    return pl_sb_str(&sb);
}

const char *pl_wf_subst(pl_arena *a, const char *s, const pl_wf_row *row, const pl_wf_row *env)
{
    return subst_with(a, s, row, env, NULL);
}

static pl_ynode *subst_node(pl_arena *a, const pl_ynode *n, const pl_wf_row *row,
                            const pl_wf_row *env, const pl_wf_row *inputs, int depth)
{
    if (!n)
        return NULL;
    pl_ynode *c = PL_NEW(a, pl_ynode);
    *c = *n;
    if (depth > MAX_DEPTH)
        return c;
    if (n->kind == PL_YAML_SCALAR && n->str) {
        c->str = subst_with(a, n->str, row, env, inputs);
        c->len = strlen(c->str);
    } else if (n->kind == PL_YAML_SEQ && n->nitems) {
        c->items = PL_NEW_N(a, pl_ynode *, n->nitems);
        for (int i = 0; i < n->nitems; i++)
            c->items[i] = subst_node(a, n->items[i], row, env, inputs, depth + 1);
    } else if (n->kind == PL_YAML_MAP && n->npairs) {
        c->pairs = PL_NEW_N(a, pl_ypair, n->npairs);
        for (int i = 0; i < n->npairs; i++)
            c->pairs[i] = (pl_ypair){n->pairs[i].key,
                                     subst_node(a, n->pairs[i].value, row, env, inputs,
                                                depth + 1)};
    }
    return c;
}

pl_ynode *pl_wf_subst_node(pl_arena *a, const pl_ynode *n, const pl_wf_row *row,
                           const pl_wf_row *env, int depth)
{
    return subst_node(a, n, row, env, NULL, depth);
}

pl_ynode *pl_wf_subst_inputs(pl_arena *a, const pl_ynode *n, const pl_wf_row *inputs)
{
    return subst_node(a, n, NULL, NULL, inputs, 0);
}
