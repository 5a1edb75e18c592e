/* interpolate.c — compose's `$` interpolation (see plimsoll/interp.h).
 *
 * compose-go matches each `$` with one regular expression,
 *   \$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))
 * and this file reproduces what that expression matches by hand, so that the
 * verdicts are the same: the greedy `.*` (which stops at a newline) makes a
 * reference with an operator reach the last `}` of its line, and compose then
 * cuts it at the brace that balances its `${` (counting `{` and skipping the
 * byte after each one) and reads what follows as more text.
 *
 * Scanning goes forward only; the last `}` of the current line is found once
 * per line, so a line of many references costs linear time. Words (defaults,
 * messages) are read recursively, at most PL_INTERP_MAX_DEPTH deep.
 */
#include "plimsoll/interp.h"

#include <stdint.h>
#include <string.h>

typedef enum {
    M_NONE,    /* the `$` stays as written */
    M_ESCAPED, /* $$ */
    M_NAMED,   /* $NAME */
    M_BRACED,  /* ${NAME...} */
    M_INVALID, /* a `${` compose refuses */
} match_kind;

typedef struct {
    match_kind kind;
    size_t end;                /* first byte after the reference */
    size_t name, name_end;     /* absolute offsets */
    pl_interp_op op;
    size_t word, word_end;     /* the word after the operator */
} ref_match;

/* Where the current line ends and its last `}`, for the greedy `.*`. */
typedef struct {
    size_t line_end;   /* offset of the '\n' or the end of the frame */
    size_t last_brace; /* SIZE_MAX when the line has none */
    int valid;
} brace_cache;

/* compose's name pattern is case-insensitive; under Go's case folding
 * [a-z] also holds U+017F (folds to s) and U+212A (Kelvin, folds to k). */
static size_t name_char_len(const char *s, size_t i, size_t end, int first)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    if (!first && c >= '0' && c <= '9')
        return 1;
    if (c == 0xC5 && i + 1 < end && (unsigned char)s[i + 1] == 0xBF)
        return 2;
    if (c == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x84 &&
        (unsigned char)s[i + 2] == 0xAA)
        return 3;
    return 0;
}

static size_t last_brace_from(const char *s, size_t from, size_t end, brace_cache *bc)
{
    if (!bc->valid || from >= bc->line_end) {
        size_t i = from;
        bc->last_brace = SIZE_MAX;
        while (i < end && s[i] != '\n') {
            if (s[i] == '}')
                bc->last_brace = i;
            i++;
        }
        bc->line_end = i;
        bc->valid = 1;
    }
    if (bc->last_brace == SIZE_MAX || bc->last_brace < from)
        return SIZE_MAX;
    return bc->last_brace;
}

/* compose-go's getFirstBraceClosingIndex over s[p..end). */
static size_t first_closing_brace(const char *s, size_t p, size_t end)
{
    int open = 0;
    for (size_t i = p; i < end; i++) {
        if (s[i] == '}') {
            open--;
            if (open == 0)
                return i;
        }
        if (s[i] == '{') {
            open++;
            i++;
        }
    }
    return SIZE_MAX;
}

static pl_interp_op op_at(const char *s, size_t q, size_t end, size_t *word)
{
    int colon = 0;
    if (q < end && s[q] == ':') {
        colon = 1;
        q++;
    }
    if (q >= end)
        return PL_INTERP_OP_NONE;
    *word = q + 1;
    switch (s[q]) {
    case '-': return colon ? PL_INTERP_OP_DEFAULT_EMPTY : PL_INTERP_OP_DEFAULT;
    case '+': return colon ? PL_INTERP_OP_ALT_NONEMPTY : PL_INTERP_OP_ALT;
    case '?': return colon ? PL_INTERP_OP_REQUIRED_EMPTY : PL_INTERP_OP_REQUIRED;
    default: return PL_INTERP_OP_NONE;
    }
}

/* What compose's pattern matches at s[p] == '$', within the frame s[..end). */
static ref_match match_at(const char *s, size_t p, size_t end, brace_cache *bc)
{
    ref_match m = {0};
    size_t i = p + 1, k;
    m.kind = M_NONE;
    if (i >= end)
        return m;
    if (s[i] == '$') {
        m.kind = M_ESCAPED;
        m.end = i + 1;
        return m;
    }
    if ((k = name_char_len(s, i, end, 1)) != 0) {
        m.name = i;
        for (i += k; i < end && (k = name_char_len(s, i, end, 0)) != 0; i += k) {
        }
        m.kind = M_NAMED;
        m.name_end = m.end = i;
        return m;
    }
    if (s[i] != '{')
        return m;
    m.kind = M_INVALID;
    m.end = i + 1;
    i++;
    if (i >= end || (k = name_char_len(s, i, end, 1)) == 0)
        return m;
    m.name = i;
    for (i += k; i < end && (k = name_char_len(s, i, end, 0)) != 0; i += k) {
    }
    m.name_end = i;
    size_t word = 0;
    pl_interp_op op = op_at(s, i, end, &word);
    if (op != PL_INTERP_OP_NONE) {
        size_t last = last_brace_from(s, word, end, bc);
        if (last != SIZE_MAX) {
            size_t close = first_closing_brace(s, p, last + 1);
            if (close == SIZE_MAX)
                close = last;
            m.kind = M_BRACED;
            m.op = op;
            m.word = word;
            m.word_end = close;
            m.end = close + 1;
            return m;
        }
    }
    if (i < end && s[i] == '}') {
        m.kind = M_BRACED;
        m.op = PL_INTERP_OP_NONE;
        m.end = i + 1;
    }
    return m;
}

/* ---- positions and issues ------------------------------------------------ */

typedef struct {
    pl_arena *a;
    const char *in;
    const pl_interp_env *env;
    pl_interp_issues *issues;
    /* line/column cursor: positions are asked for mostly in increasing order */
    size_t cur_off, cur_line_start;
    int cur_line;
} interp_ctx;

static void position_of(interp_ctx *c, size_t off, int *line, int *col)
{
    if (off < c->cur_off) {
        c->cur_off = c->cur_line_start = 0;
        c->cur_line = 1;
    }
    for (size_t i = c->cur_off; i < off; i++) {
        if (c->in[i] == '\n') {
            c->cur_line++;
            c->cur_line_start = i + 1;
        }
    }
    c->cur_off = off;
    *line = c->cur_line;
    *col = (int)(off - c->cur_line_start) + 1;
}

static void add_issue(interp_ctx *c, pl_interp_issue_kind kind, size_t off, size_t len,
                      const char *name, const char *detail, const char *message)
{
    if (!c->issues)
        return;
    pl_interp_issue *is = PL_NEW(c->a, pl_interp_issue);
    is->kind = kind;
    is->offset = off;
    is->length = len;
    position_of(c, off, &is->line, &is->col);
    is->name = name;
    is->detail = detail;
    is->message = message;
    if (c->issues->tail)
        c->issues->tail->next = is;
    else
        c->issues->head = is;
    c->issues->tail = is;
    c->issues->count++;
    if (kind == PL_INTERP_ISSUE_REQUIRED || kind == PL_INTERP_ISSUE_SYNTAX)
        c->issues->errors++;
    else
        c->issues->warnings++;
}

static int lookup(interp_ctx *c, const char *name, size_t n, const char **value)
{
    *value = "";
    if (!c->env || !c->env->lookup)
        return 0;
    const char *v = NULL;
    if (!c->env->lookup(c->env->ud, name, n, &v))
        return 0;
    *value = v ? v : "";
    return 1;
}

static void syntax_issue(interp_ctx *c, size_t p, size_t end)
{
    /* shown: from `${` to the first `}` of the line, or its end; at most 60 bytes */
    size_t e = p + 2;
    while (e < end && c->in[e] != '\n' && c->in[e - 1] != '}' && e - p < 60)
        e++;
    const char *text = pl_arena_strndup(c->a, c->in + p, e - p);
    add_issue(c, PL_INTERP_ISSUE_SYNTAX, p, e - p, NULL, text,
              pl_arena_printf(c->a, "invalid interpolation format: \"%s\" (write $$ for a literal $)",
                              text));
}

/* ---- substitution ------------------------------------------------------- */

static int subst(interp_ctx *c, size_t begin, size_t end, int depth, pl_strbuf *out);

static int subst_word(interp_ctx *c, const ref_match *m, size_t p, int depth, pl_strbuf *out)
{
    if (depth + 1 > PL_INTERP_MAX_DEPTH) {
        add_issue(c, PL_INTERP_ISSUE_TOO_DEEP, p, m->end - p, NULL, NULL,
                  "references nested too deeply to be read");
        pl_sb_append(out, c->in + m->word, m->word_end - m->word);
        return 0;
    }
    return subst(c, m->word, m->word_end, depth + 1, out);
}

static int subst_operator(interp_ctx *c, const ref_match *m, size_t p, int depth,
                          pl_strbuf *out)
{
    const char *name = c->in + m->name;
    size_t n = m->name_end - m->name;
    const char *value;
    int set = lookup(c, name, n, &value);
    int empty = value[0] == '\0';

    switch (m->op) {
    case PL_INTERP_OP_DEFAULT_EMPTY:
    case PL_INTERP_OP_DEFAULT:
        if (!set || (m->op == PL_INTERP_OP_DEFAULT_EMPTY && empty))
            return subst_word(c, m, p, depth, out);
        pl_sb_puts(out, value);
        return 0;
    case PL_INTERP_OP_ALT_NONEMPTY:
    case PL_INTERP_OP_ALT:
        if (set && (m->op == PL_INTERP_OP_ALT || !empty))
            return subst_word(c, m, p, depth, out);
        pl_sb_puts(out, value);
        return 0;
    case PL_INTERP_OP_REQUIRED_EMPTY:
    case PL_INTERP_OP_REQUIRED: {
        if (set && (m->op == PL_INTERP_OP_REQUIRED || !empty)) {
            pl_sb_puts(out, value);
            return 0;
        }
        pl_strbuf msg;
        pl_sb_init(&msg, c->a);
        subst_word(c, m, p, depth, &msg);
        const char *reason = pl_sb_str(&msg);
        const char *nm = pl_arena_strndup(c->a, name, n);
        add_issue(c, PL_INTERP_ISSUE_REQUIRED, p, m->end - p, nm, reason,
                  reason[0] ? pl_arena_printf(c->a, "required variable %s is missing a value: %s",
                                              nm, reason)
                            : pl_arena_printf(c->a, "required variable %s is missing a value", nm));
        return -1;
    }
    case PL_INTERP_OP_NONE:
        break;
    }
    return 0;
}

static int subst(interp_ctx *c, size_t begin, size_t end, int depth, pl_strbuf *out)
{
    const char *s = c->in;
    brace_cache bc = {0};
    int rc = 0;
    size_t p = begin, lit = begin;
    while (p < end) {
        const char *d = memchr(s + p, '$', end - p);
        if (!d)
            break;
        p = (size_t)(d - s);
        ref_match m = match_at(s, p, end, &bc);
        if (m.kind == M_NONE) {
            p++;
            continue;
        }
        pl_sb_append(out, s + lit, p - lit);
        switch (m.kind) {
        case M_ESCAPED:
            pl_sb_putc(out, '$');
            break;
        case M_INVALID:
            syntax_issue(c, p, end);
            rc = -1;
            break;
        case M_NAMED:
        case M_BRACED:
            if (m.kind == M_NAMED || m.op == PL_INTERP_OP_NONE) {
                const char *value;
                if (lookup(c, s + m.name, m.name_end - m.name, &value)) {
                    pl_sb_puts(out, value);
                } else {
                    const char *nm = pl_arena_strndup(c->a, s + m.name, m.name_end - m.name);
                    add_issue(c, PL_INTERP_ISSUE_UNSET, p, m.end - p, nm, NULL,
                              pl_arena_printf(c->a,
                                              "The \"%s\" variable is not set. Defaulting to a "
                                              "blank string.",
                                              nm));
                }
            } else if (subst_operator(c, &m, p, depth, out) != 0) {
                rc = -1;
            }
            break;
        case M_NONE:
            break;
        }
        p = lit = m.end;
    }
    pl_sb_append(out, s + lit, end - lit);
    return rc;
}

int pl_interp_substitute(pl_arena *a, const char *in, size_t len, const pl_interp_env *env,
                         const char **out, size_t *out_len, pl_interp_issues *issues)
{
    interp_ctx c = {.a = a, .in = in, .env = env, .issues = issues, .cur_line = 1};
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int rc = subst(&c, 0, len, 0, &sb);
    *out = pl_sb_str(&sb);
    if (out_len)
        *out_len = sb.len;
    return rc;
}

/* ---- references -------------------------------------------------------- */

typedef struct {
    interp_ctx c;
    pl_interp_ref *head, *tail;
    int count;
} refs_ctx;

static void walk_refs(refs_ctx *r, size_t begin, size_t end, int depth)
{
    const char *s = r->c.in;
    brace_cache bc = {0};
    size_t p = begin;
    while (p < end) {
        const char *d = memchr(s + p, '$', end - p);
        if (!d)
            break;
        p = (size_t)(d - s);
        ref_match m = match_at(s, p, end, &bc);
        if (m.kind == M_NONE) {
            p++;
            continue;
        }
        if (m.kind == M_NAMED || m.kind == M_BRACED) {
            pl_interp_ref *ref = PL_NEW(r->c.a, pl_interp_ref);
            ref->name = pl_arena_strndup(r->c.a, s + m.name, m.name_end - m.name);
            ref->op = m.kind == M_BRACED ? m.op : PL_INTERP_OP_NONE;
            if (ref->op != PL_INTERP_OP_NONE)
                ref->word = pl_arena_strndup(r->c.a, s + m.word, m.word_end - m.word);
            ref->offset = p;
            ref->length = m.end - p;
            position_of(&r->c, p, &ref->line, &ref->col);
            ref->depth = depth;
            if (r->tail)
                r->tail->next = ref;
            else
                r->head = ref;
            r->tail = ref;
            r->count++;
            if (ref->op != PL_INTERP_OP_NONE && depth + 1 <= PL_INTERP_MAX_DEPTH)
                walk_refs(r, m.word, m.word_end, depth + 1);
        }
        p = m.end;
    }
}

int pl_interp_refs(pl_arena *a, const char *in, size_t len, pl_interp_ref **out)
{
    refs_ctx r = {.c = {.a = a, .in = in, .cur_line = 1}};
    walk_refs(&r, 0, len, 0);
    *out = r.head;
    return r.count;
}

int pl_interp_ref_needs_value(const pl_interp_ref *r)
{
    return r->depth == 0 &&
           (r->op == PL_INTERP_OP_NONE || r->op == PL_INTERP_OP_REQUIRED ||
            r->op == PL_INTERP_OP_REQUIRED_EMPTY);
}

int pl_interp_ref_has_default(const pl_interp_ref *r)
{
    return r->op == PL_INTERP_OP_DEFAULT || r->op == PL_INTERP_OP_DEFAULT_EMPTY;
}

int pl_interp_has_refs(const char *s, size_t len)
{
    brace_cache bc = {0};
    for (size_t p = 0; p < len; p++) {
        if (s[p] == '$' && match_at(s, p, len, &bc).kind != M_NONE)
            return 1;
    }
    return 0;
}
