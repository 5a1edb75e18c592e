/* hcl.c — the subset of HCL that bake files use, read into the same node
 * tree YAML and JSON files give (yaml.h), so one reader interprets
 * docker-bake.hcl and docker-bake.json alike.
 *
 * Understood: blocks with labels (`target "app" { ... }` becomes
 * target: {app: {...}}), attributes, strings (escapes; `${...}` makes the
 * value unknown: tag "!unknown"), numbers, booleans, null, lists, objects,
 * comments (#, //, slash-star), heredocs. An expression beyond that
 * (function calls, references, conditionals) is unknown too; text that is
 * not HCL at all is a diagnostic and the rest of the file is skipped.
 */
#include <ctype.h>
#include <string.h>

#include "buildsrc_internal.h"

typedef struct {
    pl_arena *a;
    const char *path;
    const char *s;
    size_t len, pos;
    int line, col;
    pl_diag_list *diags;
    int failed;
    int depth;
} hcl;

enum { MAX_DEPTH = 64 };

static int peek(const hcl *h) { return h->pos < h->len ? (unsigned char)h->s[h->pos] : -1; }

static void advance(hcl *h)
{
    if (h->pos >= h->len)
        return;
    if (h->s[h->pos] == '\n') {
        h->line++;
        h->col = 1;
    } else {
        h->col++;
    }
    h->pos++;
}

static void fail(hcl *h, const char *what)
{
    if (h->failed)
        return;
    h->failed = 1;
    pl_diag_add(h->a, h->diags, PL_DIAG_WARNING, pl_span_make(h->line, h->col, h->line, h->col),
                NULL, "not understood as a bake file: %s; the rest of the file is not read", what);
}

/* Blanks and comments; newlines too when `newlines`. */
static void skip_space(hcl *h, int newlines)
{
    for (;;) {
        int c = peek(h);
        if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
            advance(h);
        } else if (c == '#' || (c == '/' && h->pos + 1 < h->len && h->s[h->pos + 1] == '/')) {
            while (peek(h) != -1 && peek(h) != '\n')
                advance(h);
        } else if (c == '/' && h->pos + 1 < h->len && h->s[h->pos + 1] == '*') {
            advance(h);
            advance(h);
            while (peek(h) != -1 &&
                   !(peek(h) == '*' && h->pos + 1 < h->len && h->s[h->pos + 1] == '/'))
                advance(h);
            advance(h);
            advance(h);
        } else {
            return;
        }
    }
}

static pl_ynode *node(hcl *h, pl_ykind k, int line, int col)
{
    pl_ynode *n = PL_NEW(h->a, pl_ynode);
    n->kind = k;
    n->file = h->path;
    n->span = pl_span_make(line, col, h->line, h->col > 1 ? h->col - 1 : 1);
    return n;
}

static int ident_char(int c) { return c != -1 && (isalnum(c) || c == '_' || c == '-'); }

static const char *ident(hcl *h)
{
    size_t start = h->pos;
    while (ident_char(peek(h)))
        advance(h);
    return pl_arena_strndup(h->a, h->s + start, h->pos - start);
}

static void push_pair(hcl *h, pl_vec *pairs, pl_ynode *k, pl_ynode *v)
{
    pl_ypair *p = PL_NEW(h->a, pl_ypair);
    p->key = k;
    p->value = v;
    pl_vec_push(h->a, pairs, p);
}

static void finish_map(hcl *h, pl_ynode *m, pl_vec *pairs)
{
    m->pairs = PL_NEW_N(h->a, pl_ypair, pairs->len + 1);
    for (size_t i = 0; i < pairs->len; i++)
        m->pairs[i] = *(pl_ypair *)pairs->items[i];
    m->npairs = (int)pairs->len;
}

static pl_ynode *scalar(hcl *h, const char *text, pl_ystype t, int line, int col)
{
    pl_ynode *n = node(h, PL_YAML_SCALAR, line, col);
    n->str = text;
    n->len = strlen(text);
    n->stype = t;
    return n;
}

static pl_ynode *expr(hcl *h);

static pl_ynode *string(hcl *h)
{
    int line = h->line, col = h->col;
    advance(h); /* the quote */
    pl_strbuf sb;
    pl_sb_init(&sb, h->a);
    int unknown = 0, braces = 0;
    while (peek(h) != -1 && peek(h) != '\n' && (peek(h) != '"' || braces)) {
        int c = peek(h);
        if (c == '\\' && h->pos + 1 < h->len) {
            advance(h);
            int e = peek(h);
            pl_sb_putc(&sb, e == 'n' ? '\n' : e == 't' ? '\t' : (char)e);
            advance(h);
            continue;
        }
        if ((c == '$' || c == '%') && h->pos + 1 < h->len && h->s[h->pos + 1] == '{')
            unknown = 1;
        if (unknown && c == '{')
            braces++;
        else if (unknown && c == '}' && braces)
            braces--;
        pl_sb_putc(&sb, (char)c);
        advance(h);
    }
    if (peek(h) != '"') {
        fail(h, "unterminated string");
        return NULL;
    }
    advance(h);
    pl_ynode *n = scalar(h, pl_sb_str(&sb), PL_YS_STR, line, col);
    n->quoted = 1;
    if (unknown)
        n->tag = "!unknown";
    return n;
}

static pl_ynode *heredoc(hcl *h)
{
    int line = h->line, col = h->col;
    advance(h);
    advance(h);
    if (peek(h) == '-')
        advance(h);
    const char *marker = ident(h);
    while (peek(h) != -1 && peek(h) != '\n')
        advance(h);
    advance(h);
    pl_strbuf sb;
    pl_sb_init(&sb, h->a);
    size_t mlen = strlen(marker);
    while (peek(h) != -1) {
        size_t bol = h->pos;
        while (peek(h) == ' ' || peek(h) == '\t')
            advance(h);
        if (mlen && !strncmp(h->s + h->pos, marker, mlen) && !ident_char(h->pos + mlen < h->len
                                                                              ? h->s[h->pos + mlen]
                                                                              : -1)) {
            for (size_t i = 0; i < mlen; i++)
                advance(h);
            return scalar(h, pl_sb_str(&sb), PL_YS_STR, line, col);
        }
        pl_sb_append(&sb, h->s + bol, h->pos - bol);
        while (peek(h) != -1 && peek(h) != '\n') {
            pl_sb_putc(&sb, (char)peek(h));
            advance(h);
        }
        pl_sb_putc(&sb, '\n');
        advance(h);
    }
    fail(h, "unterminated heredoc");
    return NULL;
}

/* An expression we do not evaluate: skip it, balanced, to the end of the
 * attribute; the value is unknown. */
static pl_ynode *opaque(hcl *h)
{
    int line = h->line, col = h->col;
    int depth = 0;
    while (peek(h) != -1) {
        int c = peek(h);
        if (c == '"') {
            if (!string(h))
                return NULL;
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}') {
            if (!depth)
                break;
            depth--;
        } else if (!depth && (c == '\n' || c == ',')) {
            break;
        }
        advance(h);
    }
    pl_ynode *n = scalar(h, "", PL_YS_STR, line, col);
    n->tag = "!unknown";
    return n;
}

static pl_ynode *list(hcl *h)
{
    int line = h->line, col = h->col;
    advance(h);
    pl_vec items = {0};
    for (;;) {
        skip_space(h, 1);
        if (peek(h) == ']') {
            advance(h);
            break;
        }
        pl_ynode *v = expr(h);
        if (!v)
            return NULL;
        pl_vec_push(h->a, &items, v);
        skip_space(h, 1);
        if (peek(h) == ',')
            advance(h);
        else if (peek(h) != ']') {
            fail(h, "expected ',' or ']' in a list");
            return NULL;
        }
    }
    pl_ynode *n = node(h, PL_YAML_SEQ, line, col);
    n->items = (pl_ynode **)items.items;
    n->nitems = (int)items.len;
    return n;
}

static pl_ynode *object(hcl *h)
{
    int line = h->line, col = h->col;
    advance(h);
    pl_vec pairs = {0};
    for (;;) {
        skip_space(h, 1);
        if (peek(h) == '}') {
            advance(h);
            break;
        }
        int kl = h->line, kc = h->col;
        pl_ynode *k;
        if (peek(h) == '"')
            k = string(h);
        else if (ident_char(peek(h)))
            k = scalar(h, ident(h), PL_YS_STR, kl, kc);
        else {
            fail(h, "expected a key in an object");
            return NULL;
        }
        if (!k)
            return NULL;
        skip_space(h, 0);
        if (peek(h) != '=' && peek(h) != ':') {
            fail(h, "expected '=' after an object key");
            return NULL;
        }
        advance(h);
        skip_space(h, 0);
        pl_ynode *v = expr(h);
        if (!v)
            return NULL;
        push_pair(h, &pairs, k, v);
        skip_space(h, 0);
        if (peek(h) == ',')
            advance(h);
    }
    pl_ynode *m = node(h, PL_YAML_MAP, line, col);
    finish_map(h, m, &pairs);
    return m;
}

static pl_ynode *expr(hcl *h)
{
    if (++h->depth > MAX_DEPTH) {
        fail(h, "nesting too deep");
        return NULL;
    }
    pl_ynode *n;
    int c = peek(h);
    int line = h->line, col = h->col;
    if (c == '"')
        n = string(h);
    else if (c == '<' && h->pos + 1 < h->len && h->s[h->pos + 1] == '<')
        n = heredoc(h);
    else if (c == '[')
        n = list(h);
    else if (c == '{')
        n = object(h);
    else if (c != -1 && (isdigit(c) || c == '-')) {
        size_t start = h->pos;
        while (peek(h) != -1 && (isalnum(peek(h)) || peek(h) == '.' || peek(h) == '-'))
            advance(h);
        n = scalar(h, pl_arena_strndup(h->a, h->s + start, h->pos - start), PL_YS_INT, line, col);
    } else if (ident_char(c)) {
        size_t start = h->pos;
        const char *w = ident(h);
        skip_space(h, 0);
        int more = peek(h) == '(' || peek(h) == '.' || peek(h) == '[' || peek(h) == '?';
        if (!more && (!strcmp(w, "true") || !strcmp(w, "false")))
            n = scalar(h, w, PL_YS_BOOL, line, col);
        else if (!more && !strcmp(w, "null"))
            n = scalar(h, "", PL_YS_NULL, line, col);
        else {
            h->pos = start; /* a reference or a call: not evaluated */
            h->col = col;
            n = opaque(h);
        }
    } else {
        fail(h, "expected a value");
        n = NULL;
    }
    h->depth--;
    return n;
}

/* Adds `body` under root[type][label...]: blocks of the same type merge. */
static void add_block(hcl *h, pl_vec *root_pairs, pl_ynode *type, pl_ynode **labels, int nlabels,
                      pl_ynode *body)
{
    pl_ynode *v = body;
    for (int i = nlabels - 1; i >= 0; i--) {
        pl_ynode *m = node(h, PL_YAML_MAP, labels[i]->span.line, labels[i]->span.col);
        m->pairs = PL_NEW(h->a, pl_ypair);
        m->pairs[0].key = labels[i];
        m->pairs[0].value = v;
        m->npairs = 1;
        v = m;
    }
    /* merge into an existing block of that type */
    for (size_t i = 0; i < root_pairs->len; i++) {
        pl_ypair *p = root_pairs->items[i];
        if (nlabels && !strcmp(p->key->str, type->str) && p->value->kind == PL_YAML_MAP) {
            pl_ynode *m = p->value;
            pl_ypair *grown = PL_NEW_N(h->a, pl_ypair, m->npairs + v->npairs);
            memcpy(grown, m->pairs, sizeof *grown * (size_t)m->npairs);
            memcpy(grown + m->npairs, v->pairs, sizeof *grown * (size_t)v->npairs);
            m->pairs = grown;
            m->npairs += v->npairs;
            return;
        }
    }
    push_pair(h, root_pairs, type, v);
}

static pl_ynode *body(hcl *h, int top)
{
    pl_vec pairs = {0};
    int line = h->line, col = h->col;
    for (;;) {
        skip_space(h, 1);
        int c = peek(h);
        if (c == -1 || (!top && c == '}'))
            break;
        int kl = h->line, kc = h->col;
        if (!ident_char(c)) {
            fail(h, "expected an attribute or a block");
            break;
        }
        pl_ynode *name = scalar(h, ident(h), PL_YS_STR, kl, kc);
        skip_space(h, 0);
        if (peek(h) == '=') {
            advance(h);
            skip_space(h, 0);
            pl_ynode *v = expr(h);
            if (!v)
                break;
            push_pair(h, &pairs, name, v);
            continue;
        }
        pl_ynode *labels[8];
        int nlabels = 0;
        while ((peek(h) == '"' || ident_char(peek(h))) && nlabels < 8) {
            pl_ynode *l = peek(h) == '"' ? string(h) : scalar(h, ident(h), PL_YS_STR, h->line, h->col);
            if (!l)
                return NULL;
            labels[nlabels++] = l;
            skip_space(h, 0);
        }
        if (peek(h) != '{') {
            fail(h, "expected '=' or a block");
            break;
        }
        advance(h);
        if (++h->depth > MAX_DEPTH) {
            fail(h, "nesting too deep");
            break;
        }
        pl_ynode *b = body(h, 0);
        h->depth--;
        if (!b || peek(h) != '}') {
            fail(h, "unterminated block");
            break;
        }
        advance(h);
        add_block(h, &pairs, name, labels, nlabels, b);
    }
    pl_ynode *m = node(h, PL_YAML_MAP, line, col);
    finish_map(h, m, &pairs);
    return m;
}


pl_ynode *pl_hcl_parse(pl_arena *a, const char *path, const char *data, size_t len,
                       pl_diag_list *diags)
{
    hcl h = {a, path, data, len, 0, 1, 1, diags, 0, 0};
    return body(&h, 1);
}
