/* ignore_glob.c — the .dockerignore pattern engine.
 *
 * Owns: Go's filepath.Clean, strings.TrimSpace and filepath.Match as Docker
 * runs them on Unix, and moby/patternmatcher's pattern compilation: a pattern
 * becomes an exact, prefix or suffix comparison, or a regular expression.
 * Docker runs that expression on Go's RE2; here it runs on a small
 * automaton built from the pattern (linear time, no allocation for ordinary
 * patterns), which reproduces what the expression means: runes not bytes for
 * `?` and classes, `.` that stops at a newline, negated classes that accept
 * '/'. The rare patterns whose expression uses RE2 features the automaton
 * does not model (`\d`, `*` inside a class, POSIX classes ...) run on PCRE2
 * after a check that RE2 would accept them.
 */
#include "ignore_glob.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#define RUNE_ERROR 0xFFFDu

uint32_t pl_glob_decode_rune(const unsigned char *s, size_t n, size_t *width)
{
    *width = 1;
    if (n == 0)
        return RUNE_ERROR;
    unsigned c0 = s[0];
    if (c0 < 0x80)
        return c0;
    unsigned lo = 0x80, hi = 0xBF;
    size_t need;
    uint32_t r;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        need = 2;
        r = c0 & 0x1F;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
        need = 3;
        r = c0 & 0x0F;
        if (c0 == 0xE0)
            lo = 0xA0;
        else if (c0 == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
        need = 4;
        r = c0 & 0x07;
        if (c0 == 0xF0)
            lo = 0x90;
        else if (c0 == 0xF4)
            hi = 0x8F;
    } else {
        return RUNE_ERROR;
    }
    if (n < need || s[1] < lo || s[1] > hi)
        return RUNE_ERROR;
    r = (r << 6) | (s[1] & 0x3F);
    for (size_t i = 2; i < need; i++) {
        if (s[i] < 0x80 || s[i] > 0xBF)
            return RUNE_ERROR;
        r = (r << 6) | (s[i] & 0x3F);
    }
    *width = need;
    return r;
}

static size_t encode_rune(uint32_t r, char *out)
{
    if (r < 0x80) {
        out[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        out[0] = (char)(0xC0 | (r >> 6));
        out[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        out[0] = (char)(0xE0 | (r >> 12));
        out[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        out[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (r >> 18));
    out[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    out[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

size_t pl_glob_clean(const char *path, size_t n, char *out)
{
    if (n == 0) {
        out[0] = '.';
        return 1;
    }
    int rooted = path[0] == '/';
    size_t r = 0, w = 0, dotdot = 0;
    if (rooted) {
        out[w++] = '/';
        r = dotdot = 1;
    }
    while (r < n) {
        if (path[r] == '/') {
            r++;
        } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
            r++;
        } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
            r += 2;
            if (w > dotdot) {
                w--;
                while (w > dotdot && out[w] != '/')
                    w--;
            } else if (!rooted) {
                if (w > 0)
                    out[w++] = '/';
                out[w++] = '.';
                out[w++] = '.';
                dotdot = w;
            }
        } else {
            if ((rooted && w != 1) || (!rooted && w != 0))
                out[w++] = '/';
            for (; r < n && path[r] != '/'; r++)
                out[w++] = path[r];
        }
    }
    if (w == 0)
        out[w++] = '.';
    return w;
}

static int is_go_space(uint32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return 1;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

void pl_glob_trim_space(const char *s, size_t n, size_t *start, size_t *end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, last_end = 0;
    int seen = 0;
    while (i < n) {
        size_t w;
        uint32_t r = pl_glob_decode_rune(u + i, n - i, &w);
        if (!is_go_space(r)) {
            if (!seen)
                *start = i;
            seen = 1;
            last_end = i + w;
        }
        i += w;
    }
    if (!seen)
        *start = last_end = n;
    *end = last_end;
}

/* ---- filepath.Match ------------------------------------------------------ */

typedef struct {
    const char *p;
    size_t n;
} slice;

static void scan_chunk(slice *pat, int *star, slice *chunk)
{
    *star = 0;
    while (pat->n > 0 && pat->p[0] == '*') {
        pat->p++;
        pat->n--;
        *star = 1;
    }
    int inrange = 0;
    size_t i;
    for (i = 0; i < pat->n; i++) {
        char c = pat->p[i];
        if (c == '\\') {
            if (i + 1 < pat->n)
                i++;
        } else if (c == '[') {
            inrange = 1;
        } else if (c == ']') {
            inrange = 0;
        } else if (c == '*' && !inrange) {
            break;
        }
    }
    chunk->p = pat->p;
    chunk->n = i;
    pat->p += i;
    pat->n -= i;
}

/* One class bound; -1 when malformed. */
static int get_esc(slice *c, uint32_t *r)
{
    if (c->n == 0 || c->p[0] == '-' || c->p[0] == ']')
        return -1;
    if (c->p[0] == '\\') {
        c->p++;
        c->n--;
        if (c->n == 0)
            return -1;
    }
    size_t w;
    *r = pl_glob_decode_rune((const unsigned char *)c->p, c->n, &w);
    int bad = *r == RUNE_ERROR && w == 1;
    c->p += w;
    c->n -= w;
    return (bad || c->n == 0) ? -1 : 0;
}

/* 1 matched (*used bytes of s), 0 no match, -1 malformed. The whole chunk is
 * read even after a mismatch, so its syntax is always checked. */
static int match_chunk(slice chunk, const char *s, size_t sn, size_t *used)
{
    int failed = 0;
    size_t si = 0;
    while (chunk.n > 0) {
        if (!failed && si == sn)
            failed = 1;
        switch (chunk.p[0]) {
        case '[': {
            uint32_t r = 0;
            if (!failed) {
                size_t w;
                r = pl_glob_decode_rune((const unsigned char *)s + si, sn - si, &w);
                si += w;
            }
            chunk.p++;
            chunk.n--;
            int negated = 0;
            if (chunk.n > 0 && chunk.p[0] == '^') {
                negated = 1;
                chunk.p++;
                chunk.n--;
            }
            int match = 0, nrange = 0;
            for (;;) {
                if (chunk.n > 0 && chunk.p[0] == ']' && nrange > 0) {
                    chunk.p++;
                    chunk.n--;
                    break;
                }
                uint32_t lo, hi;
                if (get_esc(&chunk, &lo) < 0)
                    return -1;
                hi = lo;
                if (chunk.p[0] == '-') {
                    chunk.p++;
                    chunk.n--;
                    if (get_esc(&chunk, &hi) < 0)
                        return -1;
                }
                if (lo <= r && r <= hi)
                    match = 1;
                nrange++;
            }
            if (match == negated)
                failed = 1;
            break;
        }
        case '?':
            if (!failed) {
                if (s[si] == '/')
                    failed = 1;
                size_t w;
                pl_glob_decode_rune((const unsigned char *)s + si, sn - si, &w);
                si += w;
            }
            chunk.p++;
            chunk.n--;
            break;
        case '\\':
            chunk.p++;
            chunk.n--;
            if (chunk.n == 0)
                return -1;
            /* fall through */
        default:
            if (!failed) {
                if (chunk.p[0] != s[si])
                    failed = 1;
                si++;
            }
            chunk.p++;
            chunk.n--;
            break;
        }
    }
    if (failed)
        return 0;
    *used = si;
    return 1;
}

int pl_glob_fnmatch(const char *pat, size_t plen, const char *name, size_t nlen)
{
    slice p = {pat, plen};
next_chunk:
    while (p.n > 0) {
        int star;
        slice chunk;
        scan_chunk(&p, &star, &chunk);
        if (star && chunk.n == 0)
            return memchr(name, '/', nlen) == NULL;
        size_t used = 0;
        int ok = match_chunk(chunk, name, nlen, &used);
        if (ok == 1 && (used == nlen || p.n > 0)) {
            name += used;
            nlen -= used;
            continue;
        }
        if (ok < 0)
            return -1;
        if (star) {
            for (size_t i = 0; i < nlen && name[i] != '/'; i++) {
                const char *sub = name + i + 1;
                size_t subn = nlen - i - 1;
                ok = match_chunk(chunk, sub, subn, &used);
                if (ok == 1) {
                    if (p.n == 0 && used != subn)
                        continue;
                    name = sub + used;
                    nlen = subn - used;
                    goto next_chunk;
                }
                if (ok < 0)
                    return -1;
            }
        }
        /* no match: the rest of the pattern must still be well-formed */
        while (p.n > 0) {
            scan_chunk(&p, &star, &chunk);
            if (match_chunk(chunk, "", 0, &used) < 0)
                return -1;
        }
        return 0;
    }
    return nlen == 0;
}

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
    pcre2_code *re; /* set instead of prog for the rare expressions */
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

static int should_escape(long r)
{
    return r >= 0 && r < 0x80 && strchr(".+()|{}$", (int)r) != NULL && r != 0;
}

static int is_ascii_alnum(long r)
{
    return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
}

static void sb_rune(pl_strbuf *sb, long r)
{
    char buf[4];
    pl_sb_append(sb, buf, encode_rune((uint32_t)r, buf));
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
                encode_rune(lo, a);
                encode_rune(hi, z);
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

/* ---- the PCRE2 route for expressions the automaton does not model ------- */

static void *arena_malloc(size_t size, void *data)
{
    return pl_arena_alloc((pl_arena *)data, size);
}

static void arena_free(void *p, void *data)
{
    (void)p;
    (void)data;
}

static int is_octal(char c)
{
    return c >= '0' && c <= '7';
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Re-reads the expression as RE2 would, refusing what RE2 refuses, and
 * writes the PCRE2 spelling of what differs (octal escapes, `\v`). Returns 0
 * or -1 with a reason. */
static int re2_to_pcre(pl_arena *a, const char *re, size_t n, pl_strbuf *out, const char **why)
{
    int in_class = 0, class_start = 0;
    for (size_t i = 0; i < n; i++) {
        char c = re[i];
        if (c == '\\') {
            if (i + 1 >= n) {
                *why = "trailing backslash";
                return -1;
            }
            char d = re[++i];
            if ((unsigned char)d >= 0x80) {
                *why = "invalid escape of a non-ASCII character";
                return -1;
            }
            if (!is_ascii_alnum(d)) {
                pl_sb_putc(out, '\\');
                pl_sb_putc(out, d);
            } else if (is_octal(d) && (d == '0' || (i + 1 < n && is_octal(re[i + 1])))) {
                unsigned v = (unsigned)(d - '0');
                for (int k = 1; k < 3 && i + 1 < n && is_octal(re[i + 1]); k++)
                    v = v * 8 + (unsigned)(re[++i] - '0');
                pl_sb_printf(out, "\\x{%x}", v);
            } else if (d == 'x') {
                if (i + 2 >= n || !is_hex(re[i + 1]) || !is_hex(re[i + 2])) {
                    *why = "invalid \\x escape";
                    return -1;
                }
                pl_sb_append(out, re + i - 1, 4);
                i += 2;
            } else if (d == 'v') {
                pl_sb_puts(out, "\\x{b}");
            } else if (strchr("aftnrdDsSwW", d)) {
                pl_sb_putc(out, '\\');
                pl_sb_putc(out, d);
            } else if (d == 'p' || d == 'P') {
                if (i + 1 >= n || !strchr("CLMNPSZ", re[i + 1])) {
                    *why = "invalid Unicode class escape";
                    return -1;
                }
                pl_sb_append(out, re + i - 1, 3);
                i++;
            } else if (!in_class && strchr("bBAz", d)) {
                pl_sb_putc(out, '\\');
                pl_sb_putc(out, d);
            } else if (!in_class && d == 'Q') {
                /* literal text up to \E, as both engines read it */
                size_t j = i + 1;
                while (j + 1 < n && !(re[j] == '\\' && re[j + 1] == 'E'))
                    j++;
                size_t end = (j + 1 < n) ? j + 2 : n; /* no \E: literal to the end */
                pl_sb_append(out, re + i - 1, end - (i - 1));
                i = end - 1;
            } else {
                *why = pl_arena_printf(a, "invalid escape \\%c", d);
                return -1;
            }
            class_start = 0;
            continue;
        }
        if (in_class) {
            if (c == ']' && !class_start) {
                in_class = 0;
            } else if (c == '[' && i + 1 < n && re[i + 1] == ':') {
                const char *end = NULL;
                for (size_t j = i + 2; j + 1 < n; j++)
                    if (re[j] == ':' && re[j + 1] == ']') {
                        end = re + j;
                        break;
                    }
                if (end) {
                    static const char *const names[] = {
                        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
                        "print", "punct", "space", "upper", "word", "xdigit"};
                    const char *name = re + i + 2;
                    if (*name == '^')
                        name++;
                    size_t nl = (size_t)(end - name);
                    int known = 0;
                    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
                        if (strlen(names[k]) == nl && memcmp(names[k], name, nl) == 0)
                            known = 1;
                    if (!known) {
                        *why = "unknown POSIX character class";
                        return -1;
                    }
                    pl_sb_append(out, re + i, (size_t)(end + 2 - (re + i)));
                    i = (size_t)(end + 1 - re);
                    class_start = 0;
                    continue;
                }
            }
            class_start = 0;
        } else if (c == '[') {
            in_class = 1;
            class_start = 1;
            pl_sb_putc(out, c);
            if (i + 1 < n && re[i + 1] == '^') {
                pl_sb_putc(out, '^');
                i++;
            }
            continue;
        }
        pl_sb_putc(out, c);
    }
    if (in_class) {
        *why = "missing closing ]";
        return -1;
    }
    return 0;
}

static pcre2_code *compile_pcre(pl_arena *a, const char *re, size_t n, const char **why)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (re2_to_pcre(a, re, n, &sb, why) < 0)
        return NULL;
    pcre2_general_context *gc = pcre2_general_context_create(arena_malloc, arena_free, a);
    if (!gc) {
        *why = "out of memory";
        return NULL;
    }
    pcre2_compile_context *cc = pcre2_compile_context_create(gc);
    if (!cc) {
        *why = "out of memory";
        return NULL;
    }
    pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)sb.data, sb.len,
                                     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C |
                                         PCRE2_NO_AUTO_CAPTURE,
                                     &err, &off, cc);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(err, msg, sizeof msg);
        *why = pl_arena_strdup(a, (const char *)msg);
        return NULL;
    }
    return code;
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
        return g;
    }
    g->re = compile_pcre(a, re.data, re.len, why);
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

static void closure(const pl_glob *g, word *s)
{
    for (size_t i = 0; i < g->nprog; i++) {
        if (!bit(s, i))
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
    closure(g, next);
    return live;
}

/* Runs the automaton over s; with parents, a prefix that ends before a '/'
 * counts as a match too (one pass serves every parent directory). */
static int run_prog(const pl_glob *g, const char *s, size_t n, int parents)
{
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
    closure(g, cur);
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

/* Go's regexp sees invalid UTF-8 as U+FFFD; PCRE2 needs it spelled so. */
static int run_pcre(const pl_glob *g, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char *fixed = NULL;
    size_t fn = 0;
    for (size_t i = 0; i < n;) {
        size_t w;
        uint32_t r = pl_glob_decode_rune(u + i, n - i, &w);
        if (r == RUNE_ERROR && w == 1 && !fixed) {
            fixed = malloc(n * 3 + 1);
            if (!fixed)
                return 0;
            memcpy(fixed, s, i);
            fn = i;
        }
        if (fixed)
            fn += encode_rune(r, fixed + fn);
        i += w;
    }
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    int rc = -1;
    if (md && mc) {
        pcre2_set_match_limit(mc, 200000);
        pcre2_set_depth_limit(mc, 10000);
        rc = pcre2_match(g->re, (PCRE2_SPTR)(fixed ? fixed : s), fixed ? fn : n, 0, 0, md, mc);
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    free(fixed);
    return rc >= 0;
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
        return g->prog ? run_prog(g, s, n, 0) : run_pcre(g, s, n);
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
