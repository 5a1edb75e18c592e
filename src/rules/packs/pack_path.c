/* pack_path.c — compose key paths of rule packs: `services.*.image`,
 * `services.*.ports[*]`, `services.*.labels."com.acme.team"`. */
#include "pack_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int plain_key_char(char c)
{
    return c && c != '.' && c != '[' && c != ']' && c != '"' && c != '*';
}

int pl_pack_path_parse(pl_arena *a, const char *text, pl_pack_path *out, size_t *err_at,
                       const char **why)
{
    memset(out, 0, sizeof *out);
    out->text = text;
    const char *s = text;
    int need_segment = 1; /* at the start and after '.' */
    while (*s) {
        if (out->nsegs == PL_PACK_PATH_MAX) {
            *why = "a path has at most 16 segments";
            *err_at = (size_t)(s - text);
            return -1;
        }
        pl_pack_seg *seg = &out->segs[out->nsegs];
        if (*s == '[') {
            if (need_segment && out->nsegs == 0) {
                *why = "a path starts with a key";
                *err_at = 0;
                return -1;
            }
            const char *close = strchr(s, ']');
            if (!close) {
                *why = "'[' without ']'";
                *err_at = (size_t)(s - text);
                return -1;
            }
            if (close == s + 2 && s[1] == '*') {
                seg->kind = PL_PSEG_ITEMS;
            } else {
                int idx = 0;
                const char *d = s + 1;
                for (; d < close && *d >= '0' && *d <= '9' && idx < 100000; d++)
                    idx = idx * 10 + (*d - '0');
                if (d != close || d == s + 1) {
                    *why = "inside [ ] goes * or an item number";
                    *err_at = (size_t)(s + 1 - text);
                    return -1;
                }
                seg->kind = PL_PSEG_INDEX;
                seg->index = idx;
            }
            out->nsegs++;
            s = close + 1;
            need_segment = 0;
        } else if (*s == '.') {
            if (need_segment) {
                *why = "an empty key";
                *err_at = (size_t)(s - text);
                return -1;
            }
            need_segment = 1;
            s++;
        } else if (!need_segment) {
            *why = "expected '.' or '['";
            *err_at = (size_t)(s - text);
            return -1;
        } else if (*s == '*') {
            if (s[1] && s[1] != '.' && s[1] != '[') {
                *why = "'*' stands for a whole key";
                *err_at = (size_t)(s - text);
                return -1;
            }
            seg->kind = PL_PSEG_ANY;
            out->nsegs++;
            s++;
            need_segment = 0;
        } else if (*s == '"') {
            const char *close = strchr(s + 1, '"');
            if (!close) {
                *why = "'\"' without a closing '\"'";
                *err_at = (size_t)(s - text);
                return -1;
            }
            seg->kind = PL_PSEG_KEY;
            seg->key = pl_arena_strndup(a, s + 1, (size_t)(close - s - 1));
            out->nsegs++;
            s = close + 1;
            need_segment = 0;
        } else if (plain_key_char(*s)) {
            const char *b = s;
            while (plain_key_char(*s))
                s++;
            seg->kind = PL_PSEG_KEY;
            seg->key = pl_arena_strndup(a, b, (size_t)(s - b));
            out->nsegs++;
            need_segment = 0;
        } else {
            *why = "unexpected character";
            *err_at = (size_t)(s - text);
            return -1;
        }
    }
    if (need_segment) {
        *why = out->nsegs ? "a path does not end with '.'" : "an empty path";
        *err_at = (size_t)(s - text);
        return -1;
    }
    return 0;
}

typedef struct {
    pl_arena *a;
    const pl_pack_path *p;
    pl_pack_visit visit;
    void *ctx;
    int visited;
    char where[512];
} walker;

/* Appends to w->where from `at`; returns the new end (truncated with no
 * overflow: the text is only a message). */
static size_t put(walker *w, size_t at, const char *fmt, const char *s, int i)
{
    if (at >= sizeof w->where)
        return at;
    int n = s ? snprintf(w->where + at, sizeof w->where - at, fmt, s)
              : snprintf(w->where + at, sizeof w->where - at, fmt, i);
    size_t end = at + (n > 0 ? (size_t)n : 0);
    return end < sizeof w->where ? end : sizeof w->where - 1;
}

static size_t put_key(walker *w, size_t at, const char *key)
{
    const char *fmt = strpbrk(key, ".[]*") || !*key ? (at ? ".\"%s\"" : "\"%s\"") : (at ? ".%s" : "%s");
    return put(w, at, fmt, key, 0);
}

static void walk(walker *w, const pl_ynode *n, int seg, size_t at)
{
    if (!n)
        return;
    if (seg == w->p->nsegs) {
        if (n->kind == PL_YAML_SCALAR) {
            w->where[at] = '\0';
            w->visited++;
            w->visit(w->ctx, n, w->where);
        }
        return;
    }
    const pl_pack_seg *s = &w->p->segs[seg];
    switch (s->kind) {
    case PL_PSEG_KEY:
        if (n->kind == PL_YAML_MAP)
            walk(w, pl_yaml_get(n, s->key), seg + 1, put_key(w, at, s->key));
        break;
    case PL_PSEG_ANY:
        if (n->kind == PL_YAML_MAP) {
            for (int i = 0; i < n->npairs; i++) {
                const pl_ynode *k = n->pairs[i].key;
                const char *name = k && k->kind == PL_YAML_SCALAR && k->str ? k->str : "?";
                walk(w, n->pairs[i].value, seg + 1, put_key(w, at, name));
            }
        } else if (n->kind == PL_YAML_SEQ) { /* on a sequence `*` is every item */
            for (int i = 0; i < n->nitems; i++)
                walk(w, n->items[i], seg + 1, put(w, at, "[%d]", NULL, i));
        }
        break;
    case PL_PSEG_ITEMS:
        if (n->kind == PL_YAML_SEQ)
            for (int i = 0; i < n->nitems; i++)
                walk(w, n->items[i], seg + 1, put(w, at, "[%d]", NULL, i));
        break;
    case PL_PSEG_INDEX:
        if (n->kind == PL_YAML_SEQ && s->index < n->nitems)
            walk(w, n->items[s->index], seg + 1, put(w, at, "[%d]", NULL, s->index));
        break;
    }
}

int pl_pack_path_walk(pl_arena *a, const pl_pack_path *p, const pl_ynode *root, pl_pack_visit visit,
                      void *ctx)
{
    walker *w = PL_NEW(a, walker);
    w->a = a;
    w->p = p;
    w->visit = visit;
    w->ctx = ctx;
    walk(w, root, 0, 0);
    return w->visited;
}
