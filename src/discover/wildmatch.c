/* wildmatch.c — git's glob dialect for ignore files (see gitignore.h),
 * compiled to a token list and run as a set of states over the text, so
 * that time is bounded by pattern × text whatever the stars.
 *
 * What the tokens mean, from gitignore(5) and git's behaviour:
 *   `?` any byte but '/';  `*` any run without '/';
 *   `**` at the start (or after '/') and followed by '/': zero or more whole
 *     directories; at the start (or after '/') and at the end: anything;
 *     elsewhere a plain `*`;
 *   `[...]` one byte of a set (never '/'): `!` or `^` negates, a leading
 *     `]` is a member, `a-z` ranges, `[:alpha:]` classes (an unknown class
 *     makes the whole pattern match nothing), `\` escapes;
 *   `\x` the byte x; a pattern ending in a lone `\`, or with a `[` left
 *     open, matches nothing.
 * Case folding (core.ignoreCase) lowers ASCII letters of the text and of
 * literal bytes. Inside a set git lowers only the text, so `[F]` matches
 * neither "f" nor "F" then: the sets reproduce that. */
#include "plimsoll/gitignore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { TK_CHAR, TK_ANY, TK_SET, TK_STAR, TK_DIRS, TK_ALL };

typedef struct {
    unsigned char kind;
    unsigned char c;     /* TK_CHAR */
    unsigned short set;  /* TK_SET: index into sets */
} wm_tok;

typedef struct {
    unsigned char bits[32];
} wm_set;

struct pl_wm_pattern {
    wm_tok *tok;
    size_t n;
    wm_set *sets;
    int never;    /* can match nothing (an open '[', a trailing '\', an unknown class) */
    int literal;  /* tokens are all TK_CHAR */
    int casefold;
};

/* ASCII only, as git's own ctype (the locale plays no part). */
static int a_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int a_lower(int c) { return c >= 'a' && c <= 'z'; }
static int a_digit(int c) { return c >= '0' && c <= '9'; }
static int a_alpha(int c) { return a_upper(c) || a_lower(c); }
static int a_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int a_print(int c) { return c >= 0x20 && c < 0x7f; }
static int to_lower(int c) { return a_upper(c) ? c + 32 : c; }
static int to_upper(int c) { return a_lower(c) ? c - 32 : c; }

enum {
    CL_ALNUM = 1 << 0, CL_ALPHA = 1 << 1, CL_BLANK = 1 << 2, CL_CNTRL = 1 << 3,
    CL_DIGIT = 1 << 4, CL_GRAPH = 1 << 5, CL_LOWER = 1 << 6, CL_PRINT = 1 << 7,
    CL_PUNCT = 1 << 8, CL_SPACE = 1 << 9, CL_UPPER = 1 << 10, CL_XDIGIT = 1 << 11,
};

static unsigned class_named(const char *s, size_t n)
{
    static const struct { const char *name; unsigned bit; } classes[] = {
        {"alnum", CL_ALNUM}, {"alpha", CL_ALPHA}, {"blank", CL_BLANK}, {"cntrl", CL_CNTRL},
        {"digit", CL_DIGIT}, {"graph", CL_GRAPH}, {"lower", CL_LOWER}, {"print", CL_PRINT},
        {"punct", CL_PUNCT}, {"space", CL_SPACE}, {"upper", CL_UPPER}, {"xdigit", CL_XDIGIT},
    };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i].name) == n && !memcmp(classes[i].name, s, n))
            return classes[i].bit;
    return 0;
}

static int in_classes(unsigned cl, int t, int casefold)
{
    if ((cl & CL_ALNUM) && (a_alpha(t) || a_digit(t)))
        return 1;
    if ((cl & CL_ALPHA) && a_alpha(t))
        return 1;
    if ((cl & CL_BLANK) && (t == ' ' || t == '\t'))
        return 1;
    if ((cl & CL_CNTRL) && (t < 0x20 || t == 0x7f))
        return 1;
    if ((cl & CL_DIGIT) && a_digit(t))
        return 1;
    if ((cl & CL_GRAPH) && a_print(t) && t != ' ')
        return 1;
    if ((cl & CL_LOWER) && a_lower(t))
        return 1;
    if ((cl & CL_PRINT) && a_print(t))
        return 1;
    if ((cl & CL_PUNCT) && a_print(t) && t != ' ' && !a_alpha(t) && !a_digit(t))
        return 1;
    if ((cl & CL_SPACE) && a_space(t))
        return 1;
    if ((cl & CL_UPPER) && (a_upper(t) || (casefold && a_lower(t))))
        return 1;
    if ((cl & CL_XDIGIT) && (a_digit(t) || (to_lower(t) >= 'a' && to_lower(t) <= 'f')))
        return 1;
    return 0;
}

/* A bracket expression starting after its '['; the index after its ']',
 * or 0 when it never closes or names an unknown class. */
static size_t parse_set(const char *p, size_t len, size_t j, int casefold, wm_set *out)
{
    unsigned char single[256] = {0}, in_range[256] = {0};
    unsigned classes = 0;
    int negated = 0, prev = -1, first = 1;
    if (j < len && (p[j] == '!' || p[j] == '^')) {
        negated = 1;
        j++;
    }
    for (;;) {
        if (j >= len)
            return 0;
        unsigned char c = (unsigned char)p[j];
        if (c == ']' && !first) {
            j++;
            break;
        }
        first = 0;
        if (c == '\\') {
            if (++j >= len)
                return 0;
            c = (unsigned char)p[j++];
            single[c] = 1;
            prev = c;
        } else if (c == '-' && prev >= 0 && j + 1 < len && p[j + 1] != ']') {
            unsigned char hi = (unsigned char)p[j + 1];
            j += 2;
            if (hi == '\\') {
                if (j >= len)
                    return 0;
                hi = (unsigned char)p[j++];
            }
            for (int b = prev; b <= hi; b++)
                in_range[b] = 1;
            prev = -1;
        } else if (c == '[' && j + 1 < len && p[j + 1] == ':') {
            size_t s = j + 2, q = s;
            while (q < len && p[q] != ']')
                q++;
            if (q >= len)
                return 0;
            if (q > s && p[q - 1] == ':') {
                unsigned cl = class_named(p + s, q - 1 - s);
                if (!cl)
                    return 0;
                classes |= cl;
                prev = -1;
                j = q + 1;
            } else { /* no ":]": a '[' member, and go on from the ':' */
                single['['] = 1;
                prev = '[';
                j++;
            }
        } else {
            single[c] = 1;
            prev = c;
            j++;
        }
    }
    /* git folds the text byte, not the members: a range also matches a
     * folded byte whose upper case lies in it */
    memset(out->bits, 0, sizeof out->bits);
    for (int b = 1; b < 256; b++) {
        int t = casefold ? to_lower(b) : b;
        int hit = single[t] || in_range[t] || (casefold && a_lower(t) && in_range[to_upper(t)]) ||
                  in_classes(classes, t, casefold);
        if (hit != negated && b != '/')
            out->bits[b >> 3] |= (unsigned char)(1u << (b & 7));
    }
    return j;
}

pl_wm_pattern *pl_wm_compile(pl_arena *a, const char *p, size_t len, size_t boundary, int casefold)
{
    pl_wm_pattern *w = PL_NEW(a, pl_wm_pattern);
    memset(w, 0, sizeof *w);
    w->casefold = casefold;
    w->tok = PL_NEW_N(a, wm_tok, len ? len : 1);
    size_t nsets = 0;
    for (size_t i = 0; i < len; i++)
        nsets += p[i] == '[';
    w->sets = nsets ? PL_NEW_N(a, wm_set, nsets) : NULL;
    nsets = 0;
    for (size_t i = 0; i < len && !w->never;) {
        unsigned char c = (unsigned char)p[i];
        wm_tok *t = &w->tok[w->n];
        memset(t, 0, sizeof *t);
        if (c == '\\') {
            if (i + 1 >= len) {
                w->never = 1;
                break;
            }
            t->kind = TK_CHAR;
            t->c = (unsigned char)(casefold ? to_lower((unsigned char)p[i + 1]) : p[i + 1]);
            i += 2;
        } else if (c == '?') {
            t->kind = TK_ANY;
            i++;
        } else if (c == '*') {
            size_t k = i;
            while (k < len && p[k] == '*')
                k++;
            int after_start = i == boundary || (i > boundary && p[i - 1] == '/');
            if (k - i >= 2 && after_start && k == len) {
                t->kind = TK_ALL;
                i = k;
            } else if (k - i >= 2 && after_start && p[k] == '/') {
                t->kind = TK_DIRS; /* the '/' is part of it */
                i = k + 1;
            } else if (k - i >= 2 && after_start && p[k] == '\\' && k + 1 < len && p[k + 1] == '/') {
                t->kind = TK_ALL; /* an escaped '/' follows: no "zero directories" */
                i = k;
            } else {
                t->kind = TK_STAR;
                i = k;
            }
        } else if (c == '[') {
            size_t end = parse_set(p, len, i + 1, casefold, &w->sets[nsets]);
            if (!end) {
                w->never = 1;
                break;
            }
            t->kind = TK_SET;
            t->set = (unsigned short)nsets++;
            i = end;
        } else {
            t->kind = TK_CHAR;
            t->c = (unsigned char)(casefold ? to_lower(c) : c);
            i++;
        }
        w->n++;
    }
    w->literal = !w->never;
    for (size_t k = 0; k < w->n && w->literal; k++)
        w->literal = w->tok[k].kind == TK_CHAR;
    return w;
}

/* Adds the states reachable without reading a byte (the stars matching
 * nothing): the edges only go forward, so one pass does. */
static void closure(const pl_wm_pattern *w, unsigned char *at)
{
    for (size_t k = 0; k < w->n; k++)
        if (at[k] & 1) {
            unsigned kind = w->tok[k].kind;
            if (kind == TK_STAR || kind == TK_ALL || kind == TK_DIRS)
                at[k + 1] |= 1;
        }
}

int pl_wm_match(const pl_wm_pattern *w, const char *text, size_t len)
{
    if (w->never)
        return 0;
    if (w->literal) {
        if (len != w->n)
            return 0;
        for (size_t i = 0; i < len; i++) {
            int c = (unsigned char)text[i];
            if ((w->casefold ? to_lower(c) : c) != w->tok[i].c)
                return 0;
        }
        return 1;
    }
    /* per state: bit 0 "before token k", bit 1 "inside a directory name
     * that a TK_DIRS at k is consuming" (it must reach a '/') */
    unsigned char stack[2][256];
    unsigned char *buf = NULL, *cur, *next;
    size_t ns = w->n + 1;
    if (ns <= sizeof stack[0]) {
        cur = stack[0];
        next = stack[1];
    } else {
        buf = malloc(2 * ns);
        if (!buf)
            return 0;
        cur = buf;
        next = buf + ns;
    }
    memset(cur, 0, ns);
    cur[0] = 1;
    closure(w, cur);
    int alive = 1;
    for (size_t i = 0; i < len && alive; i++) {
        int c = (unsigned char)text[i];
        if (w->casefold)
            c = to_lower(c);
        memset(next, 0, ns);
        alive = 0;
        for (size_t k = 0; k < w->n; k++) {
            if (!cur[k])
                continue;
            const wm_tok *t = &w->tok[k];
            unsigned char to = 0, stay = 0;
            switch (t->kind) {
            case TK_CHAR:
                to = (cur[k] & 1) && c == t->c;
                break;
            case TK_ANY:
                to = (cur[k] & 1) && c != '/';
                break;
            case TK_SET:
                to = (cur[k] & 1) && (w->sets[t->set].bits[c >> 3] >> (c & 7) & 1);
                break;
            case TK_STAR:
                stay = c != '/' ? 1 : 0;
                break;
            case TK_ALL:
                stay = 1;
                break;
            case TK_DIRS:
                stay = c == '/' ? 1 : 2;
                break;
            }
            if (to)
                next[k + 1] |= 1;
            next[k] |= stay;
            alive |= to || stay;
        }
        closure(w, next);
        unsigned char *swap = cur;
        cur = next;
        next = swap;
    }
    int ok = alive && (cur[w->n] & 1);
    free(buf);
    return ok;
}
