/* yaml_map.c — closing a collection: go-yaml v3's duplicate-key check and
 * its merge keys.
 *
 * Duplicates: two keys of one mapping as written (before merging) are the
 * same when they are the same kind of node with the same text (`a` and "a"
 * collide, as in go-yaml), reported at the later key. Merges: a plain `<<`
 * key (untagged or !!merge) takes a map, or a sequence of maps; the
 * mapping's own keys win wherever they are written, and in a sequence an
 * earlier map wins over a later one. Merged pairs take the place of the
 * `<<` key, in their own order. Hash sets keep both linear.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_internal.h"

typedef struct {
    size_t *slots; /* index + 1 into the caller's arrays; 0 = empty */
    size_t cap;
} idxset;

static uint64_t key_hash(int cls, const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL ^ (uint64_t)cls;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void idxset_init(idxset *s, size_t n)
{
    s->cap = 16;
    while (s->cap < n * 2 + 2)
        s->cap *= 2;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (!s->slots)
        abort();
}

void pl_yaml_finish_seq(pl_arena *a, pl_yframe *f)
{
    pl_yx *x = f->node;
    x->n.nitems = (int)f->nentries;
    x->n.items = PL_NEW_N(a, pl_ynode *, f->nentries ? f->nentries : 1);
    size_t size = 1;
    int height = 0;
    for (size_t i = 0; i < f->nentries; i++) {
        pl_yx *c = (pl_yx *)f->entries[i].value;
        x->n.items[i] = &c->n;
        size = size > SIZE_MAX - c->size ? SIZE_MAX : size + c->size;
        if (c->height > height)
            height = c->height;
    }
    x->size = size;
    x->height = height + 1;
}

/* go-yaml's %#v of a string, close enough for ASCII keys */
static const char *quote_go(pl_arena *a, const char *s, size_t n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_putc(&sb, '"');
    for (size_t i = 0; i < n && i < 200; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            pl_sb_printf(&sb, "\\%c", c);
        else if (c == '\n')
            pl_sb_puts(&sb, "\\n");
        else if (c == '\t')
            pl_sb_puts(&sb, "\\t");
        else if (c < 0x20 || c == 0x7f)
            pl_sb_printf(&sb, "\\x%02x", c);
        else
            pl_sb_putc(&sb, (char)c);
    }
    pl_sb_putc(&sb, '"');
    return pl_sb_str(&sb);
}

static size_t text_len(const pl_yentry *e)
{
    return e->key_class == PL_YKEY_SCALAR ? e->key->len : strlen(e->key_text);
}

static void check_duplicates(pl_arena *a, pl_diag_list *diags, pl_yframe *f)
{
    idxset s;
    idxset_init(&s, f->nentries);
    for (size_t i = 0; i < f->nentries; i++) {
        const pl_yentry *e = &f->entries[i];
        size_t n = text_len(e);
        size_t j = key_hash(e->key_class, e->key_text, n) & (s.cap - 1);
        int dup = 0;
        while (s.slots[j]) {
            const pl_yentry *o = &f->entries[s.slots[j] - 1];
            if (o->key_class == e->key_class && text_len(o) == n && !memcmp(o->key_text, e->key_text, n)) {
                pl_diag_add(a, diags, PL_DIAG_ERROR, e->key->span, NULL,
                            "mapping key %s already defined at line %d",
                            quote_go(a, e->key_text, n), o->key->span.line);
                dup = 1;
                break;
            }
            j = (j + 1) & (s.cap - 1);
        }
        if (!dup)
            s.slots[j] = i + 1;
    }
    free(s.slots);
}

static int is_merge_key(const pl_yentry *e)
{
    const pl_ynode *k = e->key;
    return e->key_class == PL_YKEY_SCALAR && !k->quoted && k->len == 2 && !memcmp(k->str, "<<", 2) &&
           (!k->tag || !strcmp(k->tag, "!") || !strcmp(k->tag, "!!merge"));
}

/* Identity of a key for merging: go-yaml compares the decoded values. */
static int same_key(const pl_ynode *x, const pl_ynode *y)
{
    if (x == y)
        return 1;
    if (x->kind != PL_YAML_SCALAR || y->kind != PL_YAML_SCALAR)
        return 0;
    return x->stype == y->stype && x->len == y->len && !memcmp(x->str, y->str, x->len);
}

static uint64_t node_hash(const pl_ynode *k)
{
    if (k->kind != PL_YAML_SCALAR)
        return (uint64_t)(uintptr_t)k * 0x9E3779B97F4A7C15ULL;
    return key_hash((int)k->stype, k->str, k->len);
}

/* Adds `k` unless an equal key is there; 1 when added. */
static int key_add(idxset *s, const pl_ypair *pairs, size_t idx)
{
    const pl_ynode *k = pairs[idx].key;
    size_t j = node_hash(k) & (s->cap - 1);
    while (s->slots[j]) {
        if (same_key(pairs[s->slots[j] - 1].key, k))
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->slots[j] = idx + 1;
    return 1;
}

static void want_map(pl_arena *a, pl_diag_list *diags, const pl_ynode *at)
{
    pl_diag_add(a, diags, PL_DIAG_ERROR, at->span, NULL,
                "map merge requires map or sequence of maps as the value");
}

void pl_yaml_finish_map(pl_arena *a, pl_diag_list *diags, pl_yframe *f)
{
    pl_yx *x = f->node;
    check_duplicates(a, diags, f);

    long merge_at = -1;
    const pl_ynode *merge = NULL;
    size_t own = 0;
    for (size_t i = 0; i < f->nentries; i++) {
        if (!f->entries[i].value) /* defensive: libyaml always sends a value */
            continue;
        if (is_merge_key(&f->entries[i])) {
            if (merge_at < 0)
                merge_at = (long)i;
            merge = f->entries[i].value;
        } else {
            own++;
        }
    }
    /* the merge sources, in the order they win */
    size_t nsrc = 0, cand = 0;
    const pl_ynode **src = NULL;
    if (merge) {
        src = malloc(sizeof *src * ((merge->kind == PL_YAML_SEQ ? (size_t)merge->nitems : 0) + 1));
        if (!src)
            abort();
        if (merge->kind == PL_YAML_MAP) {
            src[nsrc++] = merge;
        } else if (merge->kind == PL_YAML_SEQ) {
            for (int i = 0; i < merge->nitems; i++) {
                if (merge->items[i]->kind == PL_YAML_MAP)
                    src[nsrc++] = merge->items[i];
                else
                    want_map(a, diags, merge->items[i]);
            }
        } else {
            want_map(a, diags, merge);
        }
        for (size_t i = 0; i < nsrc; i++)
            cand += (size_t)src[i]->npairs;
    }

    pl_ypair *pairs = PL_NEW_N(a, pl_ypair, own + cand + 1);
    size_t np = 0;
    idxset seen;
    idxset_init(&seen, own + cand);
    for (size_t i = 0; i < f->nentries; i++) {
        const pl_yentry *e = &f->entries[i];
        if (!e->value || is_merge_key(e))
            continue;
        pairs[np].key = e->key;
        pairs[np].value = e->value;
        key_add(&seen, pairs, np); /* own duplicates were reported above */
        np++;
    }
    if (merge_at >= 0 && cand > 0) {
        /* merged pairs go where `<<` was written: after the own keys before it */
        size_t before = 0;
        for (long i = 0; i < merge_at; i++)
            before += f->entries[i].value && !is_merge_key(&f->entries[i]);
        size_t nm = 0;
        for (size_t s = 0; s < nsrc; s++) {
            for (int i = 0; i < src[s]->npairs; i++) {
                pairs[np + nm] = src[s]->pairs[i];
                nm += (size_t)key_add(&seen, pairs, np + nm);
            }
        }
        pl_ypair *merged = malloc((nm + 1) * sizeof *pairs);
        if (!merged)
            abort();
        memcpy(merged, pairs + np, nm * sizeof *pairs);
        memmove(pairs + before + nm, pairs + before, (np - before) * sizeof *pairs);
        memcpy(pairs + before, merged, nm * sizeof *pairs);
        free(merged);
        np += nm;
    }
    free(seen.slots);
    free(src);

    x->n.pairs = pairs;
    x->n.npairs = (int)np;
    size_t size = 1;
    int height = 0;
    for (size_t i = 0; i < np; i++) {
        const pl_yx *k = (const pl_yx *)pairs[i].key, *v = (const pl_yx *)pairs[i].value;
        size_t add = k->size > SIZE_MAX - v->size ? SIZE_MAX : k->size + v->size;
        size = size > SIZE_MAX - add ? SIZE_MAX : size + add;
        if (k->height > height)
            height = k->height;
        if (v->height > height)
            height = v->height;
    }
    x->size = size;
    x->height = height + 1;
}
