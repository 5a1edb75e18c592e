/* yaml.c — libyaml's event stream to pl_ynode trees.
 *
 * Built on events (not libyaml's document API) so that every node keeps the
 * byte span it was written at and the work stays bounded: an alias is the
 * anchored node itself (the tree is a DAG), and every alias charges the
 * anchored node's expanded size to the document's budget, so a "billion
 * laughs" stops at max_nodes with a diagnostic. Nesting is counted through
 * aliases as well. What go-yaml v3 refuses while decoding (duplicate keys, a
 * merge of something that is not a map, an explicit tag the value does not
 * fit) is an error diagnostic and the document is kept; what stops reading
 * (syntax errors, limits, an unknown anchor) drops the document it is in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_internal.h"

#define DEFAULT_MAX_NODES 1000000
#define DEFAULT_MAX_DEPTH 256

typedef struct {
    const char *name;
    pl_yx *node; /* NULL while the anchored collection is still open */
} anchor_slot;

typedef struct {
    pl_arena *a;
    pl_yaml *y;
    const char *path;
    pl_ypos pos;
    size_t max_nodes;
    int max_depth;
    pl_yframe *frames;
    int nframes, capframes;
    anchor_slot *anchors;
    size_t anchor_cap, anchor_count;
    size_t expanded; /* this document's nodes after alias expansion */
    int skipping;    /* the document failed: its remaining events are ignored */
    pl_ynode *root;
    pl_vec docs;
} builder;

/* ---- positions and diagnostics ---------------------------------------------- */

static pl_span mark_span(builder *b, yaml_mark_t s, yaml_mark_t e)
{
    pl_span sp;
    pl_ypos_mark(&b->pos, s.line, s.column, &sp.line, &sp.col);
    pl_ypos_end(&b->pos, e.line, e.column, sp.line, sp.col, &sp.end_line, &sp.end_col);
    return sp;
}

static pl_span point_span(builder *b, yaml_mark_t m)
{
    int l, c;
    pl_ypos_mark(&b->pos, m.line, m.column, &l, &c);
    return pl_span_make(l, c, l, c);
}

static void fail_doc(builder *b)
{
    for (int i = 0; i < b->nframes; i++)
        free(b->frames[i].entries);
    b->nframes = 0;
    b->skipping = 1;
    b->root = NULL;
}

/* ---- anchors (per document) ------------------------------------------------------ */

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static anchor_slot *anchor_find(builder *b, const char *name, int insert)
{
    if (insert && (b->anchor_count + 1) * 2 > b->anchor_cap) {
        size_t ncap = b->anchor_cap ? b->anchor_cap * 2 : 16;
        anchor_slot *old = b->anchors;
        size_t ocap = b->anchor_cap;
        b->anchors = calloc(ncap, sizeof *b->anchors);
        if (!b->anchors)
            abort();
        b->anchor_cap = ncap;
        for (size_t i = 0; i < ocap; i++) {
            if (!old[i].name)
                continue;
            size_t j = hash_bytes(old[i].name, strlen(old[i].name), 14695981039346656037ULL) & (ncap - 1);
            while (b->anchors[j].name)
                j = (j + 1) & (ncap - 1);
            b->anchors[j] = old[i];
        }
        free(old);
    }
    if (!b->anchor_cap)
        return NULL;
    size_t j = hash_bytes(name, strlen(name), 14695981039346656037ULL) & (b->anchor_cap - 1);
    while (b->anchors[j].name) {
        if (!strcmp(b->anchors[j].name, name))
            return &b->anchors[j];
        j = (j + 1) & (b->anchor_cap - 1);
    }
    if (!insert)
        return NULL;
    b->anchors[j].name = pl_arena_strdup(b->a, name);
    b->anchor_count++;
    return &b->anchors[j];
}

static void anchors_clear(builder *b)
{
    if (b->anchors)
        memset(b->anchors, 0, b->anchor_cap * sizeof *b->anchors);
    b->anchor_count = 0;
}

/* ---- building --------------------------------------------------------------------- */

static const char *short_tag(builder *b, const yaml_char_t *tag)
{
    if (!tag)
        return NULL;
    const char *t = (const char *)tag;
    if (!strncmp(t, "tag:yaml.org,2002:", 18))
        return pl_arena_printf(b->a, "!!%s", t + 18);
    return pl_arena_strdup(b->a, t);
}

static int charge(builder *b, size_t n, yaml_mark_t at)
{
    b->expanded = b->expanded > SIZE_MAX - n ? SIZE_MAX : b->expanded + n;
    if (b->expanded <= b->max_nodes)
        return 1;
    pl_diag_add(b->a, &b->y->diags, PL_DIAG_ERROR, point_span(b, at), NULL,
                "document expands to more than %zu nodes (excessive aliasing)", b->max_nodes);
    fail_doc(b);
    return 0;
}

static void attach(builder *b, pl_yx *x, int key_class, const char *key_text, pl_span written)
{
    if (b->nframes == 0) {
        b->root = &x->n;
        return;
    }
    pl_yframe *f = &b->frames[b->nframes - 1];
    f->last_end_line = written.end_line;
    f->last_end_col = written.end_col;
    if (f->node->n.kind == PL_YAML_MAP && f->have_key) {
        f->entries[f->nentries - 1].value = &x->n;
        f->have_key = 0;
        return;
    }
    if (f->nentries == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->entries = realloc(f->entries, f->cap * sizeof *f->entries);
        if (!f->entries)
            abort();
    }
    pl_yentry *e = &f->entries[f->nentries++];
    memset(e, 0, sizeof *e);
    if (f->node->n.kind == PL_YAML_MAP) {
        e->key = &x->n;
        e->key_class = key_class;
        e->key_text = key_text;
        f->have_key = 1;
    } else {
        e->value = &x->n;
    }
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
    if (!charge(b, 1, ev->start_mark))
        return;
    pl_yx *x = PL_NEW(b->a, pl_yx);
    pl_ynode *n = &x->n;
    n->kind = PL_YAML_SCALAR;
    n->span = mark_span(b, ev->start_mark, ev->end_mark);
    n->file = b->path;
    n->tag = short_tag(b, ev->data.scalar.tag);
    n->len = ev->data.scalar.length;
    n->str = pl_arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
                ev->data.scalar.style != YAML_ANY_SCALAR_STYLE;
    x->size = 1;
    pl_yaml_type_scalar(b->a, &b->y->diags, n);
    if (ev->data.scalar.anchor) {
        anchor_slot *s = anchor_find(b, (const char *)ev->data.scalar.anchor, 1);
        s->node = x;
    }
    attach(b, x, PL_YKEY_SCALAR, n->str, n->span);
}

static void on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    anchor_slot *s = anchor_find(b, name, 0);
    pl_span at = mark_span(b, ev->start_mark, ev->end_mark);
    if (!s || !s->node) {
        pl_diag_add(b->a, &b->y->diags, PL_DIAG_ERROR, at, NULL,
                    s ? "anchor '%s' value contains itself" : "unknown anchor '%s' referenced", name);
        fail_doc(b);
        return;
    }
    if (b->nframes + s->node->height > b->max_depth) {
        pl_diag_add(b->a, &b->y->diags, PL_DIAG_ERROR, at, NULL, "exceeded max depth of %d",
                    b->max_depth);
        fail_doc(b);
        return;
    }
    if (!charge(b, s->node->size, ev->start_mark))
        return;
    attach(b, s->node, PL_YKEY_ALIAS, s->name, at);
}

static void on_start(builder *b, const yaml_event_t *ev, pl_ykind kind)
{
    if (b->nframes >= b->max_depth) {
        pl_diag_add(b->a, &b->y->diags, PL_DIAG_ERROR, point_span(b, ev->start_mark), NULL,
                    "exceeded max depth of %d", b->max_depth);
        fail_doc(b);
        return;
    }
    if (!charge(b, 1, ev->start_mark))
        return;
    if (b->nframes == b->capframes) {
        b->capframes = b->capframes ? b->capframes * 2 : 16;
        b->frames = realloc(b->frames, (size_t)b->capframes * sizeof *b->frames);
        if (!b->frames)
            abort();
    }
    pl_yframe *f = &b->frames[b->nframes++];
    memset(f, 0, sizeof *f);
    pl_yx *x = PL_NEW(b->a, pl_yx);
    x->n.kind = kind;
    x->n.file = b->path;
    x->n.span = point_span(b, ev->start_mark);
    const yaml_char_t *tag, *anchor;
    if (kind == PL_YAML_SEQ) {
        tag = ev->data.sequence_start.tag;
        anchor = ev->data.sequence_start.anchor;
        f->flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    } else {
        tag = ev->data.mapping_start.tag;
        anchor = ev->data.mapping_start.anchor;
        f->flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    }
    x->n.tag = short_tag(b, tag);
    f->node = x;
    if (anchor) {
        f->anchor = anchor_find(b, (const char *)anchor, 1)->name;
        anchor_find(b, f->anchor, 0)->node = NULL; /* open: an alias to it is a cycle */
    }
}

static void on_end(builder *b, const yaml_event_t *ev)
{
    if (b->nframes == 0)
        return;
    pl_yframe *f = &b->frames[b->nframes - 1];
    pl_yx *x = f->node;
    /* a block collection ends where its last child ends (libyaml's end
     * event sits at the next token, past blank lines and comments); a flow
     * one at its closing bracket */
    pl_span end = mark_span(b, ev->start_mark, ev->end_mark);
    if (f->flow || f->nentries == 0) {
        x->n.span.end_line = end.end_line;
        x->n.span.end_col = end.end_col;
    } else {
        x->n.span.end_line = f->last_end_line;
        x->n.span.end_col = f->last_end_col;
    }
    if (x->n.span.end_line < x->n.span.line ||
        (x->n.span.end_line == x->n.span.line && x->n.span.end_col < x->n.span.col)) {
        x->n.span.end_line = x->n.span.line;
        x->n.span.end_col = x->n.span.col;
    }
    if (x->n.kind == PL_YAML_SEQ)
        pl_yaml_finish_seq(b->a, f);
    else
        pl_yaml_finish_map(b->a, &b->y->diags, f);
    const char *anchor = f->anchor;
    free(f->entries);
    b->nframes--;
    if (anchor)
        anchor_find(b, anchor, 0)->node = x;
    attach(b, x, x->n.kind == PL_YAML_SEQ ? PL_YKEY_SEQ : PL_YKEY_MAP, "", x->n.span);
}

static void on_document_end(builder *b, const yaml_event_t *ev)
{
    if (!b->skipping) {
        pl_ynode *root = b->root;
        if (!root) {
            pl_yx *x = PL_NEW(b->a, pl_yx);
            x->n.kind = PL_YAML_SCALAR;
            x->n.stype = PL_YS_NULL;
            x->n.str = "";
            x->n.file = b->path;
            x->n.span = point_span(b, ev->start_mark);
            x->size = 1;
            root = &x->n;
        }
        pl_vec_push(b->a, &b->docs, root);
    }
    fail_doc(b);
    b->skipping = 0;
    anchors_clear(b);
    b->expanded = 0;
}

static void syntax_error(builder *b, const yaml_parser_t *p)
{
    pl_span at;
    if (p->error == YAML_READER_ERROR) {
        int l, c;
        pl_ypos_offset(&b->pos, p->problem_offset, &l, &c);
        at = pl_span_make(l, c, l, c);
    } else {
        at = point_span(b, p->problem_mark);
    }
    const char *problem = p->problem ? p->problem : "unknown problem parsing YAML content";
    pl_diag_add(b->a, &b->y->diags, PL_DIAG_ERROR, at, NULL, "%s", problem);
}

pl_yaml *pl_yaml_parse(pl_arena *a, const char *path, const char *data, size_t len,
                       const pl_yaml_limits *limits)
{
    pl_yaml *y = PL_NEW(a, pl_yaml);
    builder b;
    memset(&b, 0, sizeof b);
    b.a = a;
    b.y = y;
    b.path = pl_arena_strdup(a, path ? path : "");
    b.max_nodes = limits && limits->max_nodes ? limits->max_nodes : DEFAULT_MAX_NODES;
    b.max_depth = limits && limits->max_depth > 0 ? limits->max_depth : DEFAULT_MAX_DEPTH;
    pl_ypos_init(&b.pos, a, data, len);

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        abort();
    yaml_parser_set_input_string(&p, (const unsigned char *)(data ? data : ""), data ? len : 0);
    for (int done = 0; !done;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&b, &p);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            b.skipping = 0;
            break;
        case YAML_DOCUMENT_END_EVENT:
            on_document_end(&b, &ev);
            break;
        case YAML_SCALAR_EVENT:
            if (!b.skipping)
                on_scalar(&b, &ev);
            break;
        case YAML_ALIAS_EVENT:
            if (!b.skipping)
                on_alias(&b, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            if (!b.skipping)
                on_start(&b, &ev, PL_YAML_SEQ);
            break;
        case YAML_MAPPING_START_EVENT:
            if (!b.skipping)
                on_start(&b, &ev, PL_YAML_MAP);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (!b.skipping)
                on_end(&b, &ev);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    fail_doc(&b);
    free(b.frames);
    free(b.anchors);
    y->ndocs = (int)b.docs.len;
    y->docs = (pl_ynode **)b.docs.items;
    return y;
}

pl_ynode *pl_yaml_get(const pl_ynode *map, const char *key)
{
    const pl_ypair *p = pl_yaml_pair(map, key);
    return p ? p->value : NULL;
}

const pl_ypair *pl_yaml_pair(const pl_ynode *map, const char *key)
{
    if (!map || map->kind != PL_YAML_MAP || !key)
        return NULL;
    size_t n = strlen(key);
    for (int i = map->npairs - 1; i >= 0; i--) {
        const pl_ynode *k = map->pairs[i].key;
        if (k && k->kind == PL_YAML_SCALAR && k->len == n && !memcmp(k->str, key, n))
            return &map->pairs[i];
    }
    return NULL;
}

const char *pl_yaml_get_str(const pl_ynode *map, const char *key, const pl_ynode **node)
{
    const pl_ynode *v = pl_yaml_get(map, key);
    if (node)
        *node = v;
    return v && v->kind == PL_YAML_SCALAR ? v->str : NULL;
}
