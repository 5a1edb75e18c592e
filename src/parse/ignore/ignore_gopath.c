/* ignore_gopath.c — Go's path and string rules that .dockerignore handling
 * depends on, as Docker runs them on Unix: utf8.DecodeRune,
 * filepath.Clean, strings.TrimSpace and filepath.Match (which also serves
 * COPY's wildcard sources).
 */
#include "ignore_glob.h"

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

size_t pl_glob_encode_rune(uint32_t r, char *out)
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

