/* ignore_glob.c — moby/patternmatcher's pattern compilation and matching.
 *
 * Owns: turning a cleaned pattern into an exact, prefix or suffix
 * comparison, or a regular expression, exactly as patternmatcher decides;
 * and matching. Docker runs the expression on Go's RE2; here ordinary
 * patterns run on a small automaton built from the pattern (linear time, no
 * allocation), which reproduces what the expression means: runes not bytes
 * for `?` and classes, `.` that stops at a newline, negated classes that
 * accept '/'. Expressions that use more of RE2 (`\d`, `|` and `{n}`, which
 * patternmatcher leaves unescaped, `*` inside a class, POSIX classes) go to
 * ignore_re2.c.
 */
#include "ignore_glob.h"

#include <stdlib.h>
#include <string.h>

/* ---- compiled patterns ------------------------------------------------- */

enum {
    T_LIT,      /* one rune */
    T_ANY,      /* `?`: one rune but '/' */
    T_CLASS,    /* `[...]`: one rune in (or, negated, not in) the ranges */
    T_STAR,     /* `*`: runes but '/', any number */
    T_DOTSTAR,  /* trailing `**`: runes but '\n', any number */
    T_DS_ENTRY, /* a double star inside: optional group ... */
    T_DS_LOOP,  /* ... of runes but '\n', ending in '/' */
};

typedef struct {
    unsigned char kind, negated;
    uint32_t rune;
    uint32_t first, count; /* ranges of a class */
} tok;

typedef struct {
    uint32_t lo, hi;
} rune_range;

struct pl_glob {
    pl_glob_kind kind;
    const char *pat;
    size_t len;
    tok *prog;
    size_t nprog;
    rune_range *ranges;
    pl_glob_re2 *re; /* set instead of prog for the rare expressions */
    /* the literal text the automaton must start and end with (empty when
     * it starts or ends with a wildcard): most paths fail these cheap checks */
    const char *head, *tail;
    size_t head_len, tail_len;
};

pl_glob_kind pl_glob_kind_of(const pl_glob *g)
{
    return g->kind;
}

/* Go's text/scanner over the pattern: runes, invalid bytes as U+FFFD, a
 * leading byte-order mark skipped. */
typedef struct {
    const unsigned char *s;
    size_t n, pos;
} scanner;

#define SCAN_EOF (-1)

static void scan_init(scanner *sc, const char *s, size_t n)
{
    sc->s = (const unsigned char *)s;
    sc->n = n;
    sc->pos = 0;
    if (n >= 3 && sc->s[0] == 0xEF && sc->s[1] == 0xBB && sc->s[2] == 0xBF)
        sc->pos = 3;
}

static long scan_peek(const scanner *sc)
{
    if (sc->pos >= sc->n)
        return SCAN_EOF;
    size_t w;
    return (long)pl_glob_decode_rune(sc->s + sc->pos, sc->n - sc->pos, &w);
}

static long scan_next(scanner *sc)
{
    if (sc->pos >= sc->n)
        return SCAN_EOF;
    size_t w;
    uint32_t r = pl_glob_decode_rune(sc->s + sc->pos, sc->n - sc->pos, &w);
    sc->pos += w;
    return (long)r;
}

/* patternmatcher means to escape `.+()|{}$`, but its lookup table only
 * works for characters below 64, so `|`, `{` and `}` reach the expression
 * unescaped (and act as alternation and repeat counts), and so does `^`, an
 * anchor. */
static int should_escape(long r)
{
    return r > 0 && r < 0x80 && strchr(".+()$", (int)r) != NULL;
}

static int is_ascii_alnum(long r)
{
    return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
}

static void sb_rune(pl_strbuf *sb, long r)
{
    char buf[4];
    pl_sb_append(sb, buf, pl_glob_encode_rune((uint32_t)r, buf));
}

/* The classification and the expression text patternmatcher derives. */
static pl_glob_kind translate(const char *pat, size_t len, pl_strbuf *re)
{
    pl_glob_kind kind = PL_GLOB_EXACT;
    scanner sc;
    scan_init(&sc, pat, len);
    pl_sb_putc(re, '^');
    for (int i = 0; scan_peek(&sc) != SCAN_EOF; i++) {
        long ch = scan_next(&sc);
        if (ch == '*') {
            if (scan_peek(&sc) == '*') {
                scan_next(&sc);
                if (scan_peek(&sc) == '/')
                    scan_next(&sc);
                if (scan_peek(&sc) == SCAN_EOF) {
                    if (kind == PL_GLOB_EXACT) {
                        kind = PL_GLOB_PREFIX;
                    } else {
                        pl_sb_puts(re, ".*");
                        kind = PL_GLOB_REGEXP;
                    }
                } else {
                    pl_sb_puts(re, "(.*/)?");
                    kind = PL_GLOB_REGEXP;
                }
                if (i == 0)
                    kind = PL_GLOB_SUFFIX;
            } else {
                pl_sb_puts(re, "[^/]*");
                kind = PL_GLOB_REGEXP;
            }
        } else if (ch == '?') {
            pl_sb_puts(re, "[^/]");
            kind = PL_GLOB_REGEXP;
        } else if (should_escape(ch)) {
            pl_sb_putc(re, '\\');
            sb_rune(re, ch);
        } else if (ch == '\\') {
            if (scan_peek(&sc) != SCAN_EOF) {
                pl_sb_putc(re, '\\');
                sb_rune(re, scan_next(&sc));
                kind = PL_GLOB_REGEXP;
            } else {
                pl_sb_putc(re, '\\');
            }
        } else if (ch == '[' || ch == ']') {
            sb_rune(re, ch);
            kind = PL_GLOB_REGEXP;
        } else {
            sb_rune(re, ch);
        }
    }
    if (kind == PL_GLOB_REGEXP)
        pl_sb_putc(re, '$');
    return kind;
}

typedef struct {
    pl_arena *a;
    tok *toks;
    size_t n, cap;
    rune_range *ranges;
    size_t nr, rcap;
} prog_builder;

static tok *emit(prog_builder *b, int kind, uint32_t rune)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        tok *t = PL_NEW_N(b->a, tok, cap);
        if (b->n)
            memcpy(t, b->toks, b->n * sizeof *t);
        b->toks = t;
        b->cap = cap;
    }
    tok *t = &b->toks[b->n++];
    t->kind = (unsigned char)kind;
    t->rune = rune;
    return t;
}

static void add_range(prog_builder *b, uint32_t lo, uint32_t hi)
{
    if (b->nr == b->rcap) {
        size_t cap = b->rcap ? b->rcap * 2 : 8;
        rune_range *r = PL_NEW_N(b->a, rune_range, cap);
        if (b->nr)
            memcpy(r, b->ranges, b->nr * sizeof *r);
        b->ranges = r;
        b->rcap = cap;
    }
    b->ranges[b->nr].lo = lo;
    b->ranges[b->nr].hi = hi;
    b->nr++;
}

enum { BUILD_OK, BUILD_UNSUPPORTED, BUILD_INVALID };

/* A class bound as RE2 reads patternmatcher's text for it. */
static int class_atom(scanner *sc, uint32_t *r)
{
    long c = scan_next(sc);
    if (c == '\\') {
        long d = scan_next(sc);
        if (d == SCAN_EOF || d >= 0x80 || is_ascii_alnum(d))
            return BUILD_UNSUPPORTED;
        *r = (uint32_t)d;
        return BUILD_OK;
    }
    if (c == SCAN_EOF || c == '[' || c == '*' || c == '?' || c == ']' || c == '-')
        return BUILD_UNSUPPORTED;
    *r = (uint32_t)c;
    return BUILD_OK;
}

static int build_class(prog_builder *b, scanner *sc, const char **why)
{
    tok *t = emit(b, T_CLASS, 0);
    size_t first = b->nr;
    if (scan_peek(sc) == '^') {
        scan_next(sc);
        t->negated = 1;
    }
    for (int count = 0;; count++) {
        long c = scan_peek(sc);
        if (c == SCAN_EOF)
            return BUILD_UNSUPPORTED;
        if (c == ']' && count > 0) {
            scan_next(sc);
            break;
        }
        uint32_t lo, hi;
        int st = class_atom(sc, &lo);
        if (st != BUILD_OK)
            return st;
        hi = lo;
        if (scan_peek(sc) == '-') {
            scan_next(sc);
            if ((st = class_atom(sc, &hi)) != BUILD_OK)
                return st;
            if (hi < lo) {
                char a[5] = {0}, z[5] = {0};
                pl_glob_encode_rune(lo, a);
                pl_glob_encode_rune(hi, z);
                *why = pl_arena_printf(b->a, "character class range %s-%s is reversed", a, z);
                return BUILD_INVALID;
            }
        }
        add_range(b, lo, hi);
    }
    t->first = (uint32_t)first;
    t->count = (uint32_t)(b->nr - first);
    return BUILD_OK;
}

static int build_program(prog_builder *b, const char *pat, size_t len, const char **why)
{
    scanner sc;
    scan_init(&sc, pat, len);
    while (scan_peek(&sc) != SCAN_EOF) {
        long ch = scan_next(&sc);
        if (ch == '*') {
            if (scan_peek(&sc) == '*') {
                scan_next(&sc);
                if (scan_peek(&sc) == '/')
                    scan_next(&sc);
                if (scan_peek(&sc) == SCAN_EOF) {
                    emit(b, T_DOTSTAR, 0);
                } else {
                    emit(b, T_DS_ENTRY, 0);
                    emit(b, T_DS_LOOP, 0);
                }
            } else {
                emit(b, T_STAR, 0);
            }
        } else if (ch == '?') {
            emit(b, T_ANY, 0);
        } else if (ch == '\\') {
            long d = scan_next(&sc);
            if (d == SCAN_EOF || d >= 0x80 || is_ascii_alnum(d))
                return BUILD_UNSUPPORTED;
            emit(b, T_LIT, (uint32_t)d);
        } else if (ch == '|' || ch == '{' || ch == '^') {
            return BUILD_UNSUPPORTED;
        } else if (ch == '[') {
            int st = build_class(b, &sc, why);
            if (st != BUILD_OK)
                return st;
        } else {
            emit(b, T_LIT, (uint32_t)ch);
        }
    }
    return BUILD_OK;
}

/* Bytes of literal runes prog[from, to); NULL when one of them is U+FFFD,
 * which also stands for any invalid byte and so has no single spelling. */
static const char *literal_bytes(pl_arena *a, const pl_glob *g, size_t from, size_t to,
                                 size_t *len)
{
    char *out = pl_arena_alloc(a, 4 * (to - from) + 1);
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        if (g->prog[i].rune == 0xFFFD)
            return NULL;
        n += pl_glob_encode_rune(g->prog[i].rune, out + n);
    }
    *len = n;
    return out;
}

static void literal_ends(pl_arena *a, pl_glob *g)
{
    size_t h = 0, t = g->nprog;
    while (h < g->nprog && g->prog[h].kind == T_LIT)
        h++;
    while (t > h && g->prog[t - 1].kind == T_LIT)
        t--;
    if (h > 0)
        g->head = literal_bytes(a, g, 0, h, &g->head_len);
    if (t < g->nprog)
        g->tail = literal_bytes(a, g, t, g->nprog, &g->tail_len);
}

pl_glob *pl_glob_compile(pl_arena *a, const char *pat, size_t len, const char **why)
{
    pl_glob *g = PL_NEW(a, pl_glob);
    char *copy = pl_arena_alloc(a, len + 1);
    memcpy(copy, pat, len);
    g->pat = copy;
    g->len = len;
    pl_strbuf re;
    pl_sb_init(&re, a);
    g->kind = translate(pat, len, &re);
    if (g->kind != PL_GLOB_REGEXP)
        return g;
    prog_builder b = {.a = a};
    int st = build_program(&b, pat, len, why);
    if (st == BUILD_INVALID)
        return NULL;
    if (st == BUILD_OK) {
        g->prog = b.toks;
        g->nprog = b.n;
        g->ranges = b.ranges;
        literal_ends(a, g);
        return g;
    }
    g->re = pl_glob_re2_compile(a, re.data, re.len, why);
    return g->re ? g : NULL;
}

/* ---- matching ----------------------------------------------------------- */

typedef uint64_t word;
#define WBITS 64
#define STACK_WORDS 64

static int bit(const word *s, size_t i)
{
    return (int)((s[i / WBITS] >> (i % WBITS)) & 1u);
}

static void set_bit(word *s, size_t i)
{
    s[i / WBITS] |= (word)1 << (i % WBITS);
}

/* Adds what epsilon moves reach; they only go forward, so one pass over
 * the live states in ascending order is enough. */
static void closure(const pl_glob *g, word *s, size_t nwords)
{
    for (size_t w = 0; w < nwords; w++) {
        word done = 0;
        for (;;) {
            word bits = s[w] & ~done;
            if (!bits)
                break;
            size_t bitpos = (size_t)__builtin_ctzll(bits);
            done |= (word)1 << bitpos;
            size_t i = w * WBITS + bitpos;
            if (i >= g->nprog)
                continue;
            switch (g->prog[i].kind) {
            case T_STAR:
            case T_DOTSTAR:
                set_bit(s, i + 1);
                break;
            case T_DS_ENTRY:
                set_bit(s, i + 1);
                set_bit(s, i + 2);
                break;
            default:
                break;
            }
        }
    }
}

static int class_has(const pl_glob *g, const tok *t, uint32_t r)
{
    for (uint32_t k = 0; k < t->count; k++) {
        const rune_range *rr = &g->ranges[t->first + k];
        if (r >= rr->lo && r <= rr->hi)
            return 1;
    }
    return 0;
}

/* Steps every live state over rune r; returns whether any state survives. */
static int step(const pl_glob *g, const word *cur, word *next, size_t nwords, uint32_t r)
{
    memset(next, 0, nwords * sizeof *next);
    int live = 0;
    for (size_t w = 0; w < nwords; w++) {
        word bits = cur[w];
        while (bits) {
            size_t i = w * WBITS + (size_t)__builtin_ctzll(bits);
            bits &= bits - 1;
            if (i >= g->nprog)
                continue;
            const tok *t = &g->prog[i];
            int stay = 0, adv = 0;
            switch (t->kind) {
            case T_LIT: adv = r == t->rune; break;
            case T_ANY: adv = r != '/'; break;
            case T_CLASS: adv = class_has(g, t, r) != t->negated; break;
            case T_STAR: stay = r != '/'; break;
            case T_DOTSTAR: stay = r != '\n'; break;
            case T_DS_LOOP: stay = r != '\n'; adv = r == '/'; break;
            default: break;
            }
            if (stay)
                set_bit(next, i);
            if (adv)
                set_bit(next, i + 1);
            live |= stay | adv;
        }
    }
    closure(g, next, nwords);
    return live;
}

/* Runs the automaton over s; with parents, a prefix that ends before a '/'
 * counts as a match too (one pass serves every parent directory). */
/* Can s itself, or with parents one of its prefixes before a '/', meet the
 * literal head and tail? Every candidate starts where s starts. */
static int may_match(const pl_glob *g, const char *s, size_t n, int parents)
{
    if (g->head && (n < g->head_len || memcmp(s, g->head, g->head_len) != 0))
        return 0;
    if (!g->tail)
        return 1;
    size_t tl = g->tail_len;
    if (n >= tl && memcmp(s + n - tl, g->tail, tl) == 0)
        return 1;
    if (parents)
        for (size_t j = tl; j < n; j++)
            if (s[j] == '/' && memcmp(s + j - tl, g->tail, tl) == 0)
                return 1;
    return 0;
}

static int run_prog(const pl_glob *g, const char *s, size_t n, int parents)
{
    if (!may_match(g, s, n, parents))
        return 0;
    size_t nstates = g->nprog + 1;
    size_t nwords = (nstates + 1 + WBITS - 1) / WBITS;
    word stack_a[STACK_WORDS], stack_b[STACK_WORDS];
    word *cur = stack_a, *next = stack_b, *heap = NULL;
    if (nwords > STACK_WORDS) {
        heap = calloc(2 * nwords, sizeof *heap);
        if (!heap)
            return 0;
        cur = heap;
        next = heap + nwords;
    }
    memset(cur, 0, nwords * sizeof *cur);
    set_bit(cur, 0);
    closure(g, cur, nwords);
    int result = 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (;;) {
        if (i == n) {
            result = bit(cur, g->nprog);
            break;
        }
        if (parents && u[i] == '/' && bit(cur, g->nprog)) {
            result = 1;
            break;
        }
        size_t w;
        uint32_t r = pl_glob_decode_rune(u + i, n - i, &w);
        i += w;
        if (!step(g, cur, next, nwords, r))
            break;
        word *t = cur;
        cur = next;
        next = t;
    }
    free(heap);
    return result;
}

int pl_glob_match(const pl_glob *g, const char *s, size_t n)
{
    switch (g->kind) {
    case PL_GLOB_EXACT:
        return n == g->len && memcmp(s, g->pat, n) == 0;
    case PL_GLOB_PREFIX:
        return n >= g->len - 2 && memcmp(s, g->pat, g->len - 2) == 0;
    case PL_GLOB_SUFFIX: {
        const char *suf = g->pat + 2;
        size_t sl = g->len - 2;
        if (n >= sl && memcmp(s + n - sl, suf, sl) == 0)
            return 1;
        return sl > 0 && suf[0] == '/' && n == sl - 1 && memcmp(s, suf + 1, sl - 1) == 0;
    }
    case PL_GLOB_REGEXP:
        return g->prog ? run_prog(g, s, n, 0) : pl_glob_re2_match(g->re, s, n);
    }
    return 0;
}

int pl_glob_match_or_parent(const pl_glob *g, const char *s, size_t n)
{
    const char *last = NULL;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == '/') {
            last = s + i - 1;
            break;
        }
    if (g->kind == PL_GLOB_REGEXP && g->prog) {
        if (run_prog(g, s, n, last != NULL))
            return 1;
    } else {
        if (pl_glob_match(g, s, n))
            return 1;
        if (last) {
            for (size_t j = 0; j <= (size_t)(last - s); j++)
                if (s[j] == '/' && pl_glob_match(g, s, j))
                    return 1;
        }
    }
    /* Go's Dir("/x") is "/", which is checked as a parent too */
    return last == s && n > 1 && pl_glob_match(g, "/", 1);
}
