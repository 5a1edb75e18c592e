/* compose_util.c — helpers shared by the compose rules. */
#include "compose_util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const pl_yaml *cu_compose_or_skip(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = f->compose;
    if (!y) {
        pl_skip(c, "the file could not be read");
        return NULL;
    }
    if (y->diags.errors) {
        pl_skip(c, "the file is not valid YAML (see compose-yaml-syntax)");
        return NULL;
    }
    return y;
}

const pl_ynode *cu_services(const pl_ynode *root)
{
    const pl_ynode *s = pl_yaml_get(root, "services");
    return s && s->kind == PL_YAML_MAP ? s : NULL;
}

const char *cu_text(const pl_ynode *n)
{
    return n && n->kind == PL_YAML_SCALAR && n->str ? n->str : "";
}

pl_span cu_key_span(const pl_ypair *p)
{
    return p->key ? p->key->span : (p->value ? p->value->span : (pl_span){0});
}

pl_span cu_dclint_key_span(const pl_ypair *p)
{
    pl_span s = cu_key_span(p);
    const pl_ynode *v = p->value;
    if (!v || !p->key || !v->span.line)
        return s;
    /* dclint places a finding at a service key by its value: a scalar at
     * its own line, a mapping or sequence on the line before it starts */
    if (v->kind == PL_YAML_SCALAR && v->stype != PL_YS_NULL)
        s.line = v->span.line;
    else if (v->kind != PL_YAML_SCALAR)
        s.line = v->span.line > 1 ? v->span.line - 1 : 1;
    if (s.end_line < s.line)
        s.end_line = s.line;
    return s;
}

int cu_dclint_first_key_line(const cu_lines *l, const char *key)
{
    size_t n = strlen(key);
    int line = 1;
    for (const char *p = l->data, *end = l->data + l->len; p && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *q = p;
        while (q < le && isspace((unsigned char)*q))
            q++;
        if ((size_t)(le - q) > n && !strncasecmp(q, key, n) && q[n] == ':')
            return line;
        p = nl ? nl + 1 : NULL;
    }
    return 1;
}

int cu_is_ip(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* Splits at colons outside [...] (dclint's /:(?![^[]*])/): part `i`, or
 * NULL when there are fewer. */
static const char *colon_part(pl_arena *a, const char *s, int i)
{
    int depth = 0, k = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth > 0)
            depth--;
        if (*p == '\0' || (*p == ':' && depth == 0)) {
            if (k == i)
                return pl_arena_strndup(a, start, (size_t)(p - start));
            if (!*p)
                return NULL;
            k++;
            start = p + 1;
        }
    }
}

static const char *unbracket(pl_arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
        return pl_arena_strndup(a, s + 1, n - 2);
    return s;
}

void cu_port_published(pl_arena *a, const pl_ynode *item, const char **port, const char **proto)
{
    *port = "";
    *proto = "tcp";
    if (!item)
        return;
    if (item->kind == PL_YAML_MAP) {
        const pl_ynode *p = pl_yaml_get(item, "published"), *pr = pl_yaml_get(item, "protocol");
        *port = cu_text(p);
        if (*cu_text(pr))
            *proto = cu_text(pr);
        return;
    }
    if (item->kind != PL_YAML_SCALAR)
        return;
    const char *v = cu_text(item);
    const char *slash = strchr(v, '/');
    const char *part = slash ? pl_arena_strndup(a, v, (size_t)(slash - v)) : v;
    if (slash && slash[1]) {
        const char *end = strchr(slash + 1, '/');
        *proto = end ? pl_arena_strndup(a, slash + 1, (size_t)(end - slash - 1)) : slash + 1;
    }
    const char *first = colon_part(a, part, 0);
    if (cu_is_ip(unbracket(a, first))) {
        const char *second = colon_part(a, part, 1);
        *port = second ? second : "undefined";
    } else {
        *port = first;
    }
}

const char *cu_port_host_ip(pl_arena *a, const pl_ynode *item)
{
    if (!item)
        return "";
    if (item->kind == PL_YAML_MAP)
        return cu_text(pl_yaml_get(item, "host_ip"));
    if (item->kind != PL_YAML_SCALAR)
        return "";
    const char *first = unbracket(a, colon_part(a, cu_text(item), 0));
    return cu_is_ip(first) ? first : "";
}

static int char_class(unsigned char c)
{
    if (isdigit(c))
        return 1;
    if (isalpha(c))
        return 2;
    return c >= 0x80 ? 3 : 0;
}

static int primary_cmp(const char *a, const char *b, int numeric)
{
    while (*a && *b) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (numeric && isdigit(x) && isdigit(y)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t na = 0, nb = 0;
            while (isdigit((unsigned char)a[na]))
                na++;
            while (isdigit((unsigned char)b[nb]))
                nb++;
            if (na != nb)
                return na < nb ? -1 : 1;
            int d = strncmp(a, b, na);
            if (d)
                return d < 0 ? -1 : 1;
            a += na;
            b += nb;
            continue;
        }
        int cx = char_class(x), cy = char_class(y);
        if (cx != cy)
            return cx < cy ? -1 : 1;
        int fx = tolower(x), fy = tolower(y);
        if (fx != fy)
            return fx < fy ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

int cu_collate(const char *a, const char *b, int numeric)
{
    int d = primary_cmp(a, b, numeric);
    if (d)
        return d;
    /* same letters: lower case first, as ICU's tertiary level */
    for (; *a && *b; a++, b++)
        if (*a != *b)
            return islower((unsigned char)*a) ? -1 : 1;
    return 0;
}

void cu_lines_init(pl_arena *a, cu_lines *l, const pl_file *f)
{
    l->data = f->data;
    l->len = f->len;
    int n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->data[i] == '\n';
    l->starts = PL_NEW_N(a, size_t, n + 1);
    l->n = 0;
    l->starts[l->n++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->data[i] == '\n')
            l->starts[l->n++] = i + 1;
}

char cu_char_at(const cu_lines *l, pl_span s)
{
    if (!l->data || s.line < 1 || s.line > l->n || s.col < 1)
        return 0;
    size_t off = l->starts[s.line - 1] + (size_t)(s.col - 1);
    return off < l->len ? l->data[off] : 0;
}

const pl_config_value *cu_option(pl_check *c, const char *name)
{
    return pl_config_rule_option(pl_check_config(c), pl_check_rule(c), name);
}
