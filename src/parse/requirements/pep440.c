/* pep440.c — PEP 440 versions and specifiers, as `packaging` has them. */
#include "plimsoll/pep440.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *s;
    size_t i, n;
} cursor;

static int at_digit(const cursor *c)
{
    return c->i < c->n && isdigit((unsigned char)c->s[c->i]);
}

static int at_sep(const cursor *c)
{
    return c->i < c->n && (c->s[c->i] == '-' || c->s[c->i] == '_' || c->s[c->i] == '.');
}

/* Digits at the cursor, without leading zeros. */
static pl_pep440_num take_num(pl_arena *a, cursor *c)
{
    size_t start = c->i;
    while (at_digit(c))
        c->i++;
    size_t k = start;
    while (k + 1 < c->i && c->s[k] == '0')
        k++;
    return pl_arena_strndup(a, c->s + k, c->i - k);
}

/* A label at the cursor (case-insensitively), longest first. */
static int take_label(cursor *c, const char *const *labels)
{
    for (const char *const *l = labels; *l; l++) {
        size_t len = strlen(*l);
        if (c->n - c->i >= len && !strncasecmp(c->s + c->i, *l, len)) {
            c->i += len;
            return (int)(l - labels);
        }
    }
    return -1;
}

/* `[-_.]?N` after a label: the separator is only taken with a number. */
static pl_pep440_num take_label_num(pl_arena *a, cursor *c)
{
    if (at_sep(c) && c->i + 1 < c->n && isdigit((unsigned char)c->s[c->i + 1]))
        c->i++;
    return at_digit(c) ? take_num(a, c) : "0";
}

static const char *const pre_labels[] = {"preview", "alpha", "beta", "pre", "rc", "a", "b", "c", NULL};
static const char pre_kinds[] = {'r', 'a', 'b', 'r', 'r', 'a', 'b', 'r'};
static const char *const post_labels[] = {"post", "rev", "r", NULL};

static int parse_pre(pl_arena *a, cursor *c, pl_pep440 *v)
{
    cursor t = *c;
    if (at_sep(&t))
        t.i++;
    int k = take_label(&t, pre_labels);
    if (k < 0)
        return 0;
    v->pre_kind = pre_kinds[k];
    v->pre = take_label_num(a, &t);
    *c = t;
    return 1;
}

static void parse_post(pl_arena *a, cursor *c, pl_pep440 *v)
{
    if (c->i + 1 < c->n && c->s[c->i] == '-' && isdigit((unsigned char)c->s[c->i + 1])) {
        c->i++;
        v->has_post = 1;
        v->post = take_num(a, c);
        return;
    }
    cursor t = *c;
    if (at_sep(&t))
        t.i++;
    if (take_label(&t, post_labels) < 0)
        return;
    v->has_post = 1;
    v->post = take_label_num(a, &t);
    *c = t;
}

static void parse_dev(pl_arena *a, cursor *c, pl_pep440 *v)
{
    static const char *const dev[] = {"dev", NULL};
    cursor t = *c;
    if (at_sep(&t))
        t.i++;
    if (take_label(&t, dev) < 0)
        return;
    v->has_dev = 1;
    v->dev = take_label_num(a, &t);
    *c = t;
}

/* `+abc.1-x`: lower case, separators as dots, numbers without leading zeros. */
static int parse_local(pl_arena *a, cursor *c, pl_pep440 *v)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    c->i++; /* '+' */
    for (;;) {
        size_t start = c->i, digits = 1;
        while (c->i < c->n && isalnum((unsigned char)c->s[c->i])) {
            digits &= isdigit((unsigned char)c->s[c->i]) != 0;
            c->i++;
        }
        if (c->i == start)
            return -1;
        if (digits) {
            while (start + 1 < c->i && c->s[start] == '0')
                start++;
        }
        for (size_t k = start; k < c->i; k++)
            pl_sb_putc(&sb, (char)tolower((unsigned char)c->s[k]));
        if (!at_sep(c))
            break;
        c->i++;
        pl_sb_putc(&sb, '.');
    }
    v->local = pl_sb_str(&sb);
    return 0;
}

/* The version grammar without the surrounding whitespace; stops where the
 * version ends (the caller decides whether more may follow). */
static int parse_at(pl_arena *a, cursor *c, pl_pep440 *v, int release_only)
{
    memset(v, 0, sizeof *v);
    v->epoch = "0";
    if (c->i < c->n && (c->s[c->i] == 'v' || c->s[c->i] == 'V'))
        c->i++;
    if (!at_digit(c))
        return -1;
    size_t mark = c->i;
    pl_pep440_num first = take_num(a, c);
    if (c->i < c->n && c->s[c->i] == '!') {
        c->i++;
        v->epoch = first;
        if (!at_digit(c))
            return -1;
    } else {
        c->i = mark;
    }
    pl_vec rel = {0};
    for (;;) {
        pl_vec_push(a, &rel, (void *)take_num(a, c));
        if (c->i + 1 < c->n && c->s[c->i] == '.' && isdigit((unsigned char)c->s[c->i + 1]))
            c->i++;
        else
            break;
    }
    v->release = (pl_pep440_num *)rel.items;
    v->nrelease = (int)rel.len;
    if (release_only)
        return 0;
    parse_pre(a, c, v);
    parse_post(a, c, v);
    parse_dev(a, c, v);
    if (c->i < c->n && c->s[c->i] == '+' && parse_local(a, c, v) != 0)
        return -1;
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

int pl_pep440_parse(pl_arena *a, const char *s, size_t n, pl_pep440 *out)
{
    trim(&s, &n);
    cursor c = {s, 0, n};
    if (parse_at(a, &c, out, 0) != 0)
        return -1;
    return c.i == n ? 0 : -1;
}

static int cmp_num(pl_pep440_num x, pl_pep440_num y)
{
    size_t a = strlen(x), b = strlen(y);
    if (a != b)
        return a < b ? -1 : 1;
    int r = strcmp(x, y);
    return (r > 0) - (r < 0);
}

static int cmp_release(const pl_pep440 *x, const pl_pep440 *y)
{
    int n = x->nrelease > y->nrelease ? x->nrelease : y->nrelease;
    for (int i = 0; i < n; i++) {
        int r = cmp_num(i < x->nrelease ? x->release[i] : "0", i < y->nrelease ? y->release[i] : "0");
        if (r)
            return r;
    }
    return 0;
}

/* packaging's key for the pre-release part: a dev release without pre or
 * post sorts before every pre-release; no pre-release sorts after them. */
static int pre_class(const pl_pep440 *v)
{
    if (!v->pre_kind && !v->has_post && v->has_dev)
        return -1;
    return v->pre_kind ? 0 : 1;
}

static int is_num(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

/* Local segments: numbers sort after words, numbers by value. */
static int cmp_local(const char *x, const char *y)
{
    if (!x || !y)
        return x ? 1 : y ? -1 : 0;
    for (;;) {
        if (!*x || !*y)
            return *x ? 1 : *y ? -1 : 0;
        size_t a = strcspn(x, "."), b = strcspn(y, ".");
        int na = is_num(x, a), nb = is_num(y, b), r;
        if (na != nb)
            return na ? 1 : -1;
        if (na) {
            r = a != b ? (a < b ? -1 : 1) : strncmp(x, y, a);
        } else {
            r = strncmp(x, y, a < b ? a : b);
            if (!r && a != b)
                r = a < b ? -1 : 1;
        }
        if (r)
            return r > 0 ? 1 : -1;
        x += a + (x[a] == '.');
        y += b + (y[b] == '.');
    }
}

static int cmp_public(const pl_pep440 *x, const pl_pep440 *y)
{
    int r = cmp_num(x->epoch, y->epoch);
    if (!r)
        r = cmp_release(x, y);
    if (r)
        return r;
    int px = pre_class(x), py = pre_class(y);
    if (px != py)
        return px < py ? -1 : 1;
    if (px == 0) {
        if (x->pre_kind != y->pre_kind)
            return x->pre_kind < y->pre_kind ? -1 : 1;
        if ((r = cmp_num(x->pre, y->pre)))
            return r;
    }
    if (x->has_post != y->has_post)
        return x->has_post ? 1 : -1;
    if (x->has_post && (r = cmp_num(x->post, y->post)))
        return r;
    if (x->has_dev != y->has_dev)
        return x->has_dev ? -1 : 1;
    if (x->has_dev && (r = cmp_num(x->dev, y->dev)))
        return r;
    return 0;
}

int pl_pep440_cmp(const pl_pep440 *x, const pl_pep440 *y)
{
    int r = cmp_public(x, y);
    return r ? r : cmp_local(x->local, y->local);
}

const char *pl_pep440_str(pl_arena *a, const pl_pep440 *v)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (strcmp(v->epoch, "0"))
        pl_sb_printf(&sb, "%s!", v->epoch);
    for (int i = 0; i < v->nrelease; i++)
        pl_sb_printf(&sb, "%s%s", i ? "." : "", v->release[i]);
    if (v->pre_kind)
        pl_sb_printf(&sb, "%s%s", v->pre_kind == 'r' ? "rc" : v->pre_kind == 'a' ? "a" : "b", v->pre);
    if (v->has_post)
        pl_sb_printf(&sb, ".post%s", v->post);
    if (v->has_dev)
        pl_sb_printf(&sb, ".dev%s", v->dev);
    if (v->local)
        pl_sb_printf(&sb, "+%s", v->local);
    return pl_sb_str(&sb);
}

int pl_pep440_is_prerelease(const pl_pep440 *v)
{
    return v->pre_kind || v->has_dev;
}

/* ---- specifiers ------------------------------------------------------------ */

int pl_pep440_spec_parse(pl_arena *a, const char *s, size_t n, pl_pep440_spec *out,
                         const char **error)
{
    static const struct {
        const char *text;
        pl_pep440_op op;
    } ops[] = {{"===", PL_PEP440_ARBITRARY}, {"~=", PL_PEP440_COMPAT}, {"==", PL_PEP440_EQ},
               {"!=", PL_PEP440_NE},         {"<=", PL_PEP440_LE},     {">=", PL_PEP440_GE},
               {"<", PL_PEP440_LT},          {">", PL_PEP440_GT}};
    memset(out, 0, sizeof *out);
    trim(&s, &n);
    size_t k = 0, oplen = 0;
    for (; k < sizeof ops / sizeof ops[0]; k++) {
        oplen = strlen(ops[k].text);
        if (n >= oplen && !strncmp(s, ops[k].text, oplen))
            break;
    }
    if (k == sizeof ops / sizeof ops[0]) {
        *error = "expected a version operator (==, !=, <=, >=, <, >, ~=, ===)";
        return -1;
    }
    out->op = ops[k].op;
    const char *ver = s + oplen;
    size_t vlen = n - oplen;
    trim(&ver, &vlen);
    out->version = pl_arena_strndup(a, ver, vlen);
    out->text = pl_arena_printf(a, "%s%s", ops[k].text, out->version);
    if (out->op == PL_PEP440_ARBITRARY) {
        for (size_t i = 0; i < vlen; i++)
            if (isspace((unsigned char)ver[i]) || ver[i] == ';' || ver[i] == ')') {
                *error = "unexpected character in an arbitrary (===) version";
                return -1;
            }
        /* `===` compares text with a version's normal form: only a text
         * already in normal form can match */
        out->arbitrary_normal = pl_pep440_parse(a, ver, vlen, &out->v) == 0 &&
                                !strcasecmp(pl_pep440_str(a, &out->v), out->version);
        return 0;
    }
    cursor c = {ver, 0, vlen};
    int eqne = out->op == PL_PEP440_EQ || out->op == PL_PEP440_NE;
    if (eqne && vlen >= 2 && ver[vlen - 2] == '.' && ver[vlen - 1] == '*') {
        c.n -= 2;
        if (parse_at(a, &c, &out->v, 1) != 0 || c.i != c.n) {
            *error = "a wildcard (.*) may only follow a release number (==1.2.*)";
            return -1;
        }
        out->wildcard = 1;
        return 0;
    }
    if (parse_at(a, &c, &out->v, 0) != 0 || c.i != c.n) {
        *error = "invalid version";
        return -1;
    }
    if (out->v.local && !eqne) {
        *error = "a local version (+...) is only allowed with == and !=";
        return -1;
    }
    if (out->op == PL_PEP440_COMPAT && out->v.nrelease < 2) {
        *error = "~= needs at least two release numbers (~=1.4)";
        return -1;
    }
    return 0;
}

int pl_pep440_specset_parse(pl_arena *a, const char *s, size_t n, pl_pep440_specset *out,
                            const char **error)
{
    out->n = 0;
    out->items = NULL;
    trim(&s, &n);
    if (!n)
        return 0;
    int count = 1;
    for (size_t i = 0; i < n; i++)
        count += s[i] == ',';
    out->items = PL_NEW_N(a, pl_pep440_spec, count);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',')
            continue;
        if (pl_pep440_spec_parse(a, s + start, i - start, &out->items[out->n], error) != 0)
            return -1;
        out->n++;
        start = i + 1;
    }
    return 0;
}

/* Epoch and the first `k` release numbers equal (missing ones are 0). */
static int prefix_match(const pl_pep440 *v, const pl_pep440 *prefix, int k)
{
    if (cmp_num(v->epoch, prefix->epoch))
        return 0;
    for (int i = 0; i < k; i++)
        if (cmp_num(i < v->nrelease ? v->release[i] : "0", prefix->release[i]))
            return 0;
    return 1;
}

static int base_equal(const pl_pep440 *x, const pl_pep440 *y)
{
    return !cmp_num(x->epoch, y->epoch) && !cmp_release(x, y);
}

static int equal(const pl_pep440_spec *s, const pl_pep440 *v)
{
    if (s->wildcard)
        return prefix_match(v, &s->v, s->v.nrelease);
    return s->v.local ? pl_pep440_cmp(v, &s->v) == 0 : cmp_public(v, &s->v) == 0;
}

/* Equal normal forms: 1.0 and 1.0.0 differ here. */
static int same_form(const pl_pep440 *x, const pl_pep440 *y)
{
    if (x->nrelease != y->nrelease || strcmp(x->epoch, y->epoch) || x->pre_kind != y->pre_kind ||
        x->has_post != y->has_post || x->has_dev != y->has_dev || !x->local != !y->local)
        return 0;
    for (int i = 0; i < x->nrelease; i++)
        if (strcmp(x->release[i], y->release[i]))
            return 0;
    return (!x->pre_kind || !strcmp(x->pre, y->pre)) && (!x->has_post || !strcmp(x->post, y->post)) &&
           (!x->has_dev || !strcmp(x->dev, y->dev)) && (!x->local || !strcmp(x->local, y->local));
}

int pl_pep440_spec_contains(const pl_pep440_spec *s, const pl_pep440 *v)
{
    int r;
    switch (s->op) {
    case PL_PEP440_EQ:
        return equal(s, v);
    case PL_PEP440_NE:
        return !equal(s, v);
    case PL_PEP440_LE:
        return cmp_public(v, &s->v) <= 0;
    case PL_PEP440_GE:
        return cmp_public(v, &s->v) >= 0;
    case PL_PEP440_COMPAT:
        return cmp_public(v, &s->v) >= 0 && prefix_match(v, &s->v, s->v.nrelease - 1);
    case PL_PEP440_LT:
        r = cmp_public(v, &s->v);
        if (r >= 0)
            return 0;
        /* `<3.0` leaves out 3.0's own pre-releases */
        return pl_pep440_is_prerelease(&s->v) || !pl_pep440_is_prerelease(v) || !base_equal(v, &s->v);
    case PL_PEP440_GT:
        r = cmp_public(v, &s->v);
        if (r <= 0)
            return 0;
        /* `>3.0` leaves out 3.0's post-releases and local versions */
        if (!s->v.has_post && v->has_post && base_equal(v, &s->v))
            return 0;
        return !(v->local && base_equal(v, &s->v));
    case PL_PEP440_ARBITRARY:
        return s->arbitrary_normal && same_form(v, &s->v);
    }
    return 0;
}

int pl_pep440_specset_contains(const pl_pep440_specset *set, const pl_pep440 *v)
{
    for (int i = 0; i < set->n; i++)
        if (!pl_pep440_spec_contains(&set->items[i], v))
            return 0;
    return 1;
}

int pl_pep440_specset_exact(const pl_pep440_specset *set)
{
    for (int i = 0; i < set->n; i++)
        if ((set->items[i].op == PL_PEP440_EQ && !set->items[i].wildcard) ||
            set->items[i].op == PL_PEP440_ARBITRARY)
            return 1;
    return 0;
}
