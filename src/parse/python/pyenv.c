/* pyenv.c — the environment variables a Python file reads (see
 * plimsoll/pyenv.h): a streaming lexer and a window of tokens the patterns
 * are matched on. */
#include "plimsoll/pyenv.h"

#include <ctype.h>
#include <string.h>

typedef enum { T_END = 0, T_NAME, T_STR, T_OP, T_NL } tok_kind;

typedef struct {
    tok_kind kind;
    const char *s; /* T_NAME, T_OP: the text; T_STR: the body between the quotes */
    size_t n;
    int name_like; /* T_STR: a plain literal whose body is an identifier */
    int line, col;
} tok;

typedef struct {
    const char *t;
    size_t len, i;
    int line;
    size_t line_start;
    int depth; /* open brackets: a newline inside them ends no statement */
} lexer;

static int ident_start(unsigned char c) { return isalpha(c) || c == '_' || c >= 0x80; }
static int ident_char(unsigned char c) { return isalnum(c) || c == '_' || c >= 0x80; }

static void newline_at(lexer *L, size_t i)
{
    L->line++;
    L->line_start = i + 1;
}

/* A string whose opening quote is at L->i (prefix already consumed). */
static void lex_string(lexer *L, tok *out, int raw_or_f_ok)
{
    const char *t = L->t;
    char q = t[L->i];
    int triple = L->i + 2 < L->len && t[L->i + 1] == q && t[L->i + 2] == q;
    size_t open = triple ? 3 : 1;
    size_t body = L->i + open, i = body;
    int escaped = 0;
    size_t end = L->len; /* body end */
    size_t after = L->len;
    while (i < L->len) {
        char ch = t[i];
        if (ch == '\\' && i + 1 < L->len) {
            escaped = 1;
            if (t[i + 1] == '\n')
                newline_at(L, i + 1);
            i += 2;
            continue;
        }
        if (ch == '\n') {
            if (!triple) { /* unterminated: the string ends with its line */
                end = after = i;
                break;
            }
            newline_at(L, i);
        }
        if (ch == q && (!triple || (i + 2 < L->len && t[i + 1] == q && t[i + 2] == q))) {
            end = i;
            after = i + (triple ? 3 : 1);
            break;
        }
        i++;
    }
    out->kind = T_STR;
    out->s = t + body;
    out->n = end > body ? end - body : 0;
    out->name_like = raw_or_f_ok && !escaped && !triple && out->n > 0 &&
                     ident_start((unsigned char)out->s[0]) && (unsigned char)out->s[0] < 0x80;
    for (size_t k = 0; out->name_like && k < out->n; k++)
        out->name_like = isalnum((unsigned char)out->s[k]) || out->s[k] == '_';
    L->i = after;
}

static void lex_next(lexer *L, tok *out)
{
    const char *t = L->t;
    for (;;) {
        while (L->i < L->len && (t[L->i] == ' ' || t[L->i] == '\t' || t[L->i] == '\r' ||
                                 t[L->i] == '\f'))
            L->i++;
        if (L->i >= L->len) {
            *out = (tok){.kind = T_END, .line = L->line, .col = 1};
            return;
        }
        char ch = t[L->i];
        if (ch == '#') {
            while (L->i < L->len && t[L->i] != '\n')
                L->i++;
            continue;
        }
        /* a backslash at the end of a line joins the next one */
        size_t nl = L->i + 1 < L->len && t[L->i + 1] == '\r' ? L->i + 2 : L->i + 1;
        if (ch == '\\' && nl < L->len && t[nl] == '\n') {
            newline_at(L, nl);
            L->i = nl + 1;
            continue;
        }
        out->line = L->line;
        out->col = (int)(L->i - L->line_start) + 1;
        out->name_like = 0;
        if (ch == '\n') {
            newline_at(L, L->i);
            L->i++;
            if (L->depth > 0)
                continue;
            out->kind = T_NL;
            out->s = t + L->i - 1;
            out->n = 1;
            return;
        }
        if (ident_start((unsigned char)ch)) {
            size_t s = L->i;
            while (L->i < L->len && ident_char((unsigned char)t[L->i]))
                L->i++;
            size_t n = L->i - s;
            /* a string prefix: r, b, u, f, rb, br, fr, rf (any case) */
            if (n <= 2 && L->i < L->len && (t[L->i] == '"' || t[L->i] == '\'')) {
                int ok = 1, f = 0;
                for (size_t k = s; k < L->i; k++) {
                    char p = (char)tolower((unsigned char)t[k]);
                    ok &= p == 'r' || p == 'b' || p == 'u' || p == 'f';
                    f |= p == 'f' || p == 'b';
                }
                if (ok) {
                    lex_string(L, out, !f);
                    out->line = out->line ? out->line : L->line;
                    return;
                }
            }
            out->kind = T_NAME;
            out->s = t + s;
            out->n = n;
            return;
        }
        if (ch == '"' || ch == '\'') {
            int line = out->line, col = out->col;
            lex_string(L, out, 1);
            out->line = line;
            out->col = col;
            return;
        }
        if (isdigit((unsigned char)ch)) {
            size_t s = L->i;
            while (L->i < L->len && (isalnum((unsigned char)t[L->i]) || t[L->i] == '.' ||
                                     t[L->i] == '_'))
                L->i++;
            out->kind = T_OP; /* a number: nothing the patterns need */
            out->s = t + s;
            out->n = L->i - s;
            return;
        }
        if (ch == '(' || ch == '[' || ch == '{')
            L->depth++;
        else if ((ch == ')' || ch == ']' || ch == '}') && L->depth > 0)
            L->depth--;
        out->kind = T_OP;
        out->s = t + L->i;
        out->n = 1;
        /* `==`, `+=`, `:=`...: not an assignment `=` */
        if (L->i + 1 < L->len && t[L->i + 1] == '=' && strchr("=!<>+-*/%&|^:@", ch))
            out->n = 2;
        L->i += out->n;
        return;
    }
}

/* ---- the patterns --------------------------------------------------------------- */

#define WIN 10
#define MAX_NAMES 16

typedef struct {
    const char *s;
    size_t n;
} name;

typedef struct {
    name os[MAX_NAMES];      /* names bound to the os module */
    int nos;
    name environ[MAX_NAMES]; /* names bound to os.environ */
    int nenviron;
    name getenv[MAX_NAMES];  /* names bound to os.getenv */
    int ngetenv;
    int from_os;             /* inside `from os import ...` */
    name last_imported;
} bindings;

static int is(const tok *k, tok_kind kind, const char *text)
{
    return k->kind == kind && strlen(text) == k->n && !memcmp(k->s, text, k->n);
}

static int in(const name *list, int n, const tok *k)
{
    if (k->kind != T_NAME)
        return 0;
    for (int i = 0; i < n; i++)
        if (list[i].n == k->n && !memcmp(list[i].s, k->s, k->n))
            return 1;
    return 0;
}

static void bind(name *list, int *n, const tok *k)
{
    if (*n < MAX_NAMES && !in(list, *n, k))
        list[(*n)++] = (name){k->s, k->n};
}

static void add_use(pl_arena *a, pl_pyenv_uses *out, const tok *at, const tok *str,
                    pl_pyenv_how how, int has_default, int *added)
{
    if (!str->name_like)
        return;
    if (out->count >= PL_PYENV_MAX_READS) {
        out->truncated = 1;
        return;
    }
    pl_pyenv_use *u = PL_NEW(a, pl_pyenv_use);
    u->name = pl_arena_strndup(a, str->s, str->n);
    u->how = how;
    u->has_default = has_default;
    u->line = at->line;
    u->col = at->col;
    if (out->tail)
        out->tail->next = u;
    else
        out->head = u;
    out->tail = u;
    out->count++;
    (*added)++;
}

/* The call's arguments from w[k] = '(' : ("X") or ("X", default). */
static int call_args(const tok *w, int nw, int k, int *has_default)
{
    if (k + 2 >= nw || !is(&w[k], T_OP, "(") || w[k + 1].kind != T_STR)
        return 0;
    if (is(&w[k + 2], T_OP, ")"))
        *has_default = 0;
    else if (is(&w[k + 2], T_OP, ","))
        *has_default = !(k + 3 < nw && is(&w[k + 3], T_OP, ")"));
    else
        return 0;
    return 1;
}

static void match(pl_arena *a, bindings *b, const tok *w, int nw, const tok *prev,
                  pl_pyenv_uses *out, int *added)
{
    const tok *t0 = &w[0];
    if (t0->kind == T_NL) {
        b->from_os = 0;
        return;
    }
    if (b->from_os && t0->kind == T_NAME) {
        if (prev && is(prev, T_NAME, "as")) {
            tok last = {.kind = T_NAME, .s = b->last_imported.s, .n = b->last_imported.n};
            if (is(&last, T_NAME, "environ"))
                bind(b->environ, &b->nenviron, t0);
            else if (is(&last, T_NAME, "getenv"))
                bind(b->getenv, &b->ngetenv, t0);
        } else if (!is(t0, T_NAME, "as")) {
            b->last_imported = (name){t0->s, t0->n};
            if (is(t0, T_NAME, "environ"))
                bind(b->environ, &b->nenviron, t0);
            else if (is(t0, T_NAME, "getenv"))
                bind(b->getenv, &b->ngetenv, t0);
        }
        return;
    }
    /* "X" in os.environ, "X" not in environ: the code checks before it reads */
    if (t0->kind == T_STR && nw > 2) {
        int k = is(&w[1], T_NAME, "in")                                    ? 2
                : is(&w[1], T_NAME, "not") && is(&w[2], T_NAME, "in") ? 3
                                                                        : 0;
        if (k && k < nw &&
            ((in(b->os, b->nos, &w[k]) && k + 2 < nw && is(&w[k + 1], T_OP, ".") &&
              is(&w[k + 2], T_NAME, "environ")) ||
             in(b->environ, b->nenviron, &w[k])))
            add_use(a, out, t0, t0, PL_PYENV_TEST, 0, added);
        return;
    }
    if (t0->kind != T_NAME || (prev && is(prev, T_OP, ".")))
        return;
    if (is(t0, T_NAME, "from") && nw > 2 && is(&w[1], T_NAME, "os") &&
        is(&w[2], T_NAME, "import")) {
        b->from_os = 1;
        return;
    }
    if (is(t0, T_NAME, "import") && nw > 3 && is(&w[1], T_NAME, "os") &&
        is(&w[2], T_NAME, "as") && w[3].kind == T_NAME) {
        bind(b->os, &b->nos, &w[3]);
        return;
    }
    int osname = in(b->os, b->nos, t0);
    /* E = os.environ */
    if (nw > 4 && is(&w[1], T_OP, "=") && in(b->os, b->nos, &w[2]) && is(&w[3], T_OP, ".") &&
        is(&w[4], T_NAME, "environ") &&
        !(nw > 5 && (is(&w[5], T_OP, ".") || is(&w[5], T_OP, "[") || is(&w[5], T_OP, "(")))) {
        bind(b->environ, &b->nenviron, t0);
        return;
    }
    int k = -1; /* the token after an environ expression */
    if (osname && nw > 2 && is(&w[1], T_OP, ".") && is(&w[2], T_NAME, "environ"))
        k = 3;
    else if (in(b->environ, b->nenviron, t0))
        k = 1;
    if (k > 0) {
        if (k + 2 < nw && is(&w[k], T_OP, "[") && w[k + 1].kind == T_STR &&
            is(&w[k + 2], T_OP, "]")) {
            if (prev && is(prev, T_NAME, "del"))
                return;
            int set = k + 3 < nw && is(&w[k + 3], T_OP, "=");
            add_use(a, out, t0, &w[k + 1], set ? PL_PYENV_SET : PL_PYENV_SUBSCRIPT, 0, added);
            return;
        }
        int dflt = 0;
        if (k + 1 < nw && is(&w[k], T_OP, ".") && call_args(w, nw, k + 2, &dflt)) {
            if (is(&w[k + 1], T_NAME, "get"))
                add_use(a, out, t0, &w[k + 3], PL_PYENV_GET, dflt, added);
            else if (is(&w[k + 1], T_NAME, "setdefault"))
                add_use(a, out, t0, &w[k + 3], PL_PYENV_SET, 0, added);
        }
        return;
    }
    int dflt = 0;
    if (osname && nw > 2 && is(&w[1], T_OP, ".") && call_args(w, nw, 3, &dflt)) {
        if (is(&w[2], T_NAME, "getenv"))
            add_use(a, out, t0, &w[4], PL_PYENV_GETENV, dflt, added);
        else if (is(&w[2], T_NAME, "putenv"))
            add_use(a, out, t0, &w[4], PL_PYENV_SET, 0, added);
        return;
    }
    if (in(b->getenv, b->ngetenv, t0) && call_args(w, nw, 1, &dflt))
        add_use(a, out, t0, &w[2], PL_PYENV_GETENV, dflt, added);
}

int pl_pyenv_scan(pl_arena *a, const char *text, size_t len, pl_pyenv_uses *out)
{
    lexer L = {.t = text, .len = text ? len : 0, .line = 1};
    bindings b = {0};
    b.os[b.nos++] = (name){"os", 2};
    tok w[WIN], prev = {0};
    int nw = 0, have_prev = 0, added = 0, ended = 0;
    for (;;) {
        while (!ended && nw < WIN) {
            lex_next(&L, &w[nw]);
            if (w[nw].kind == T_END)
                ended = 1;
            else
                nw++;
        }
        if (!nw)
            break;
        match(a, &b, w, nw, have_prev ? &prev : NULL, out, &added);
        prev = w[0];
        have_prev = 1;
        memmove(w, w + 1, sizeof *w * (size_t)(nw - 1));
        nw--;
    }
    return added;
}

const char *pl_pyenv_how_name(pl_pyenv_how how)
{
    switch (how) {
    case PL_PYENV_SUBSCRIPT: return "os.environ[...]";
    case PL_PYENV_GET: return "os.environ.get";
    case PL_PYENV_GETENV: return "os.getenv";
    case PL_PYENV_SET: return "set";
    case PL_PYENV_TEST: return "in os.environ";
    }
    return "?";
}
