/* envfile.c — compose's dotenv parser (see plimsoll/envfile.h).
 *
 * Follows compose-go's dotenv/parser.go statement by statement, keeping byte
 * offsets so that every entry and diagnostic has its line and column. Where
 * compose-go stops at the first error, this parser reports it and carries on
 * at the next line. Earlier keys are kept in a small hash table so that a
 * file of many `${VAR}` values stays linear.
 */
#include "plimsoll/envfile.h"

#include <string.h>

#include "env_text.h"

typedef struct {
    const char *name;
    const char *value;
} slot;

typedef struct {
    pl_arena *a;
    const char *s;
    size_t len, start;
    pl_envfile *f;
    const pl_interp_env *env;
    size_t *line_starts;
    int nlines;
    pl_env_entry *tail;
    slot *slots; /* keys set so far (compose's envMap) */
    size_t nslots, used;
} env_parser;

/* ---- positions -------------------------------------------------------------- */

static void index_lines(env_parser *p)
{
    int n = 1;
    for (size_t i = p->start; i < p->len; i++)
        n += p->s[i] == '\n';
    p->line_starts = PL_NEW_N(p->a, size_t, n);
    p->line_starts[0] = p->start;
    int k = 1;
    for (size_t i = p->start; i < p->len; i++)
        if (p->s[i] == '\n')
            p->line_starts[k++] = i + 1;
    p->nlines = n;
}

static void line_col(const env_parser *p, size_t off, int *line, int *col)
{
    int lo = 0, hi = p->nlines - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (p->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    *line = lo + 1;
    *col = (int)(off - p->line_starts[lo]) + 1;
}

/* The span of s[b..e) (e exclusive); an empty range is a point at b. */
static pl_span span_of(const env_parser *p, size_t b, size_t e)
{
    pl_span sp;
    line_col(p, b, &sp.line, &sp.col);
    if (e > b)
        line_col(p, e - 1, &sp.end_line, &sp.end_col);
    else {
        sp.end_line = sp.line;
        sp.end_col = sp.col;
    }
    return sp;
}

/* ---- keys set so far ---------------------------------------------------------- */

static size_t hash_name(const char *s, size_t n)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static slot *find_slot(env_parser *p, const char *name, size_t n)
{
    if (!p->nslots)
        return NULL;
    size_t i = hash_name(name, n) & (p->nslots - 1);
    while (p->slots[i].name) {
        if (strlen(p->slots[i].name) == n && !memcmp(p->slots[i].name, name, n))
            return &p->slots[i];
        i = (i + 1) & (p->nslots - 1);
    }
    return &p->slots[i];
}

static void set_key(env_parser *p, const char *name, const char *value)
{
    if ((p->used + 1) * 2 > p->nslots) {
        slot *old = p->slots;
        size_t oldn = p->nslots;
        p->nslots = oldn ? oldn * 2 : 64;
        p->slots = PL_NEW_N(p->a, slot, p->nslots);
        for (size_t i = 0; i < oldn; i++)
            if (old[i].name)
                *find_slot(p, old[i].name, strlen(old[i].name)) = old[i];
    }
    slot *sl = find_slot(p, name, strlen(name));
    if (!sl->name)
        p->used++;
    sl->name = name;
    sl->value = value;
}

/* compose's lookup for a dotenv file: its environment first, then the keys
 * the file set earlier. */
static int lookup_var(void *ud, const char *name, size_t n, const char **value)
{
    env_parser *p = ud;
    if (p->env && p->env->lookup && p->env->lookup(p->env->ud, name, n, value))
        return 1;
    slot *sl = find_slot(p, name, n);
    if (sl && sl->name) {
        *value = sl->value;
        return 1;
    }
    return 0;
}

/* ---- entries and diagnostics ---------------------------------------------------- */

static void error_at(env_parser *p, size_t b, size_t e, const char *msg)
{
    pl_diag_add(p->a, &p->f->diags, PL_DIAG_ERROR, span_of(p, b, e), NULL, "%s", msg);
}

static pl_env_entry *add_entry(env_parser *p, size_t kb, size_t ke, int exported)
{
    pl_env_entry *e = PL_NEW(p->a, pl_env_entry);
    e->name = pl_arena_strndup(p->a, p->s + kb, ke - kb);
    e->name_span = span_of(p, kb, ke);
    e->line = e->name_span.line;
    e->column = e->name_span.col;
    e->exported = exported;
    if (p->tail)
        p->tail->next = e;
    else
        p->f->entries = e;
    p->tail = e;
    p->f->count++;
    return e;
}

/* An entry compose never sets (its quote is never closed). */
static void drop_last(env_parser *p, pl_env_entry *e)
{
    pl_env_entry *prev = NULL;
    for (pl_env_entry *x = p->f->entries; x && x != e; x = x->next)
        prev = x;
    if (prev)
        prev->next = NULL;
    else
        p->f->entries = NULL;
    p->tail = prev;
    p->f->count--;
}

/* Interpolates `text` (whose byte i came from file offset src ? src[i] : base + i)
 * into e->value, keeping its issues with file positions. */
static void interpolate_value(env_parser *p, pl_env_entry *e, const char *text, size_t n,
                              const size_t *src, size_t base)
{
    pl_interp_env env = {lookup_var, p};
    pl_interp_issues issues = {0};
    const char *out;
    pl_interp_substitute(p->a, text, n, &env, &out, NULL, &issues);
    e->value = out;
    e->issues = issues.head;
    e->nissues = issues.count;
    for (pl_interp_issue *is = issues.head; is; is = is->next) {
        size_t b = src ? src[is->offset] : base + is->offset;
        size_t last = is->offset + is->length - 1;
        size_t end = (src ? src[last] : base + last) + 1;
        if (end < b + 1)
            end = b + 1;
        is->offset = b;
        is->length = end - b;
        line_col(p, b, &is->line, &is->col);
        if (is->kind == PL_INTERP_ISSUE_SYNTAX)
            error_at(p, b, end, is->message);
    }
}

/* ---- statements -------------------------------------------------------------- */

static size_t skip_while(const env_parser *p, size_t i, int (*cls)(int32_t))
{
    while (i < p->len) {
        size_t w;
        int32_t r = pl_env_rune_at(p->s, i, p->len, &w);
        if (!cls(r))
            break;
        i += w;
    }
    return i;
}

static size_t next_line(const env_parser *p, size_t i)
{
    const char *nl = i < p->len ? memchr(p->s + i, '\n', p->len - i) : NULL;
    return nl ? (size_t)(nl - p->s) + 1 : p->len;
}

static int key_char(int32_t r)
{
    return r == '_' || r == '.' || r == '-' || r == '[' || r == ']' || pl_env_letter_or_number(r);
}

/* A quoted value starting at s[v]; returns the offset after the closing
 * quote, or 0 when the quote is never closed. */
static size_t quoted_value(env_parser *p, pl_env_entry *e, size_t v)
{
    char q = p->s[v];
    pl_env_mapped chars = {0};
    pl_env_mapped_put(p->a, &chars, '\0', v);
    chars.len = 0;
    int escaped = 0;
    for (size_t j = v + 1; j < p->len; j++) {
        char c = p->s[j];
        if (c != q || escaped) {
            if (c != q && !escaped && c == '\\') {
                escaped = 1;
                continue;
            }
            if (c != q && escaped)
                pl_env_mapped_put(p->a, &chars, '\\', j - 1);
            escaped = 0;
            pl_env_mapped_put(p->a, &chars, c, j);
            continue;
        }
        e->quote = q == '"' ? PL_ENV_DOUBLE : PL_ENV_SINGLE;
        e->raw = pl_arena_strndup(p->a, p->s + v + 1, j - v - 1);
        e->value_span = span_of(p, v, j + 1);
        if (q == '"') {
            pl_env_mapped unescaped;
            pl_env_expand_escapes(p->a, &chars, &unescaped);
            interpolate_value(p, e, unescaped.data, unescaped.len, unescaped.src, 0);
        } else {
            e->value = chars.data;
        }
        return j + 1;
    }
    return 0;
}

static size_t unquoted_value(env_parser *p, pl_env_entry *e, size_t v)
{
    const char *nl = v < p->len ? memchr(p->s + v, '\n', p->len - v) : NULL;
    size_t end = nl ? (size_t)(nl - p->s) : p->len;
    size_t cut = end;
    for (size_t i = v; i + 1 < end; i++)
        if (p->s[i] == ' ' && p->s[i + 1] == '#') {
            cut = i;
            break;
        }
    cut = pl_env_trim_right(p->s, v, cut);
    e->raw = pl_arena_strndup(p->a, p->s + v, cut - v);
    e->value_span = span_of(p, v, cut);
    interpolate_value(p, e, p->s + v, cut - v, NULL, v);
    return nl ? end + 1 : p->len;
}

/* One statement at s[i] (not blank, not a comment); returns where the next
 * one may start, or 0 to stop. */
static size_t statement(env_parser *p, size_t i)
{
    int exported = 0;
    if (p->len - i > 6 && !memcmp(p->s + i, "export", 6) && p->s[i + 6] &&
        strchr("\t\n\f\r ", p->s[i + 6])) {
        exported = 1;
        i = skip_while(p, i + 6, pl_env_blank);
    }
    size_t kb = i, k = i;
    int32_t sep = 0;
    while (k < p->len) {
        size_t w;
        int32_t r = pl_env_rune_at(p->s, k, p->len, &w);
        if (r == '=' || r == ':' || r == '\n') {
            sep = r;
            break;
        }
        if (!pl_env_blank(r) && !key_char(r)) {
            size_t le = next_line(p, kb);
            if (le > kb && p->s[le - 1] == '\n')
                le--;
            if (le - kb > 80)
                le = kb + 80;
            error_at(p, k, k + w,
                     pl_arena_printf(p->a, "unexpected character \"%.*s\" in variable name \"%.*s\"",
                                     (int)w, p->s + k, (int)(le - kb), p->s + kb));
            return next_line(p, k);
        }
        k += w;
    }
    if (!sep) {
        /* compose-go reads a last line without `=` as the value of "" */
        pl_env_entry *e = add_entry(p, kb, kb, exported);
        unquoted_value(p, e, kb);
        set_key(p, e->name, e->value);
        pl_diag_add(p->a, &p->f->diags, PL_DIAG_WARNING, span_of(p, kb, p->len), NULL,
                    "\"%s\" has no `=` and no line break after it: compose sets the empty "
                    "name to it",
                    e->value);
        return 0;
    }
    size_t ke = pl_env_trim_right(p->s, kb, k);
    if (memchr(p->s + kb, ' ', ke - kb)) {
        error_at(p, kb, ke,
                 pl_arena_printf(p->a, "key \"%.*s\" cannot contain a space", (int)(ke - kb),
                                 p->s + kb));
        return next_line(p, k);
    }
    if (sep == '\n') {
        if (ke == kb)
            return skip_while(p, k + 1, pl_env_blank);
        pl_env_entry *e = add_entry(p, kb, ke, exported);
        e->inherited = 1;
        const char *v;
        if (lookup_var(p, p->s + kb, ke - kb, &v)) {
            e->value = v;
            set_key(p, e->name, v);
        }
        return skip_while(p, k + 1, pl_env_blank);
    }
    pl_env_entry *e = add_entry(p, kb, ke, exported);
    size_t v = skip_while(p, k + 1, pl_env_blank);
    size_t next;
    if (v < p->len && (p->s[v] == '"' || p->s[v] == '\'')) {
        next = quoted_value(p, e, v);
        if (!next) {
            size_t le = next_line(p, v);
            error_at(p, v, le > v && p->s[le - 1] == '\n' ? le - 1 : le,
                     "unterminated quoted value");
            drop_last(p, e);
            return 0;
        }
    } else {
        next = unquoted_value(p, e, v);
    }
    set_key(p, e->name, e->value);
    return next;
}

pl_envfile *pl_envfile_parse(pl_arena *a, const char *path, const char *text, size_t len,
                             const pl_interp_env *env)
{
    pl_envfile *f = PL_NEW(a, pl_envfile);
    f->path = path;
    env_parser p = {.a = a, .s = text ? text : "", .len = text ? len : 0, .f = f, .env = env};
    if (p.len >= 3 && !memcmp(p.s, "\xEF\xBB\xBF", 3)) {
        f->has_bom = 1;
        p.start = 3;
    }
    index_lines(&p);
    for (size_t i = p.start; i + 1 < p.len; i++)
        f->crlf_lines += p.s[i] == '\r' && p.s[i + 1] == '\n';

    size_t i = p.start;
    for (;;) {
        i = skip_while(&p, i, pl_env_go_space);
        if (i >= p.len)
            break;
        if (p.s[i] == '#') {
            const char *nl = memchr(p.s + i, '\n', p.len - i);
            if (!nl)
                break;
            i = (size_t)(nl - p.s);
            continue;
        }
        size_t next = statement(&p, i);
        if (!next || next <= i)
            break;
        i = next;
    }
    return f;
}

const pl_env_entry *pl_envfile_get(const pl_envfile *f, const char *name)
{
    const pl_env_entry *found = NULL;
    for (const pl_env_entry *e = f ? f->entries : NULL; e; e = e->next)
        if (!strcmp(e->name, name) && e->value)
            found = e;
    return found;
}

int pl_envfile_lookup(void *envfile, const char *name, size_t n, const char **value)
{
    const pl_envfile *f = envfile;
    const pl_env_entry *found = NULL;
    for (const pl_env_entry *e = f ? f->entries : NULL; e; e = e->next)
        if (e->value && strlen(e->name) == n && !memcmp(e->name, name, n))
            found = e;
    if (!found)
        return 0;
    *value = found->value;
    return 1;
}
