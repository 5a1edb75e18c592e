/* env_text.c — Go's character classes and escapes for the dotenv parser. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "env_text.h"

#include <pcre2.h>
#include <pthread.h>
#include <string.h>

int32_t pl_env_rune_at(const char *s, size_t i, size_t len, size_t *width)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    *width = 1;
    if (u[0] < 0x80)
        return u[0];
    int n;
    int32_t r, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2;
        r = u[0] & 0x1F;
        min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3;
        r = u[0] & 0x0F;
        min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4;
        r = u[0] & 0x07;
        min = 0x10000;
    } else {
        return 0xFFFD;
    }
    if (left < (size_t)n)
        return 0xFFFD;
    for (int k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return 0xFFFD;
        r = (r << 6) | (u[k] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        return 0xFFFD;
    *width = (size_t)n;
    return r;
}

int pl_env_go_space(int32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
        return 1;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

int pl_env_blank(int32_t r)
{
    return r == '\t' || r == '\v' || r == '\f' || r == '\r' || r == ' ' || r == 0x85 || r == 0xA0;
}

/* Unicode classes beyond ASCII come from PCRE2's tables, compiled once for
 * all threads (read-only afterwards). */
static pcre2_code *alnum_re;
static pthread_once_t alnum_once = PTHREAD_ONCE_INIT;

static void compile_alnum(void)
{
    int err;
    PCRE2_SIZE off;
    alnum_re = pcre2_compile((PCRE2_SPTR) "^[\\p{L}\\p{N}]", PCRE2_ZERO_TERMINATED, PCRE2_UTF,
                             &err, &off, NULL);
}

int pl_env_letter_or_number(int32_t r)
{
    if (r < 0x80)
        return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
    if (r == 0xFFFD)
        return 0;
    pthread_once(&alnum_once, compile_alnum);
    if (!alnum_re)
        return 0;
    unsigned char buf[4];
    size_t n;
    if (r < 0x800) {
        buf[0] = (unsigned char)(0xC0 | (r >> 6));
        buf[1] = (unsigned char)(0x80 | (r & 0x3F));
        n = 2;
    } else if (r < 0x10000) {
        buf[0] = (unsigned char)(0xE0 | (r >> 12));
        buf[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
        buf[2] = (unsigned char)(0x80 | (r & 0x3F));
        n = 3;
    } else {
        buf[0] = (unsigned char)(0xF0 | (r >> 18));
        buf[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
        buf[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
        buf[3] = (unsigned char)(0x80 | (r & 0x3F));
        n = 4;
    }
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc = pcre2_match(alnum_re, buf, n, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

size_t pl_env_trim_right(const char *s, size_t b, size_t e)
{
    while (e > b) {
        /* the start of the last rune, as utf8.DecodeLastRune finds it */
        size_t st = e - 1;
        while (st > b && e - st < 4 && ((unsigned char)s[st] & 0xC0) == 0x80)
            st--;
        size_t w;
        int32_t r = pl_env_rune_at(s, st, e, &w);
        if (st + w != e) {
            st = e - 1;
            r = 0xFFFD;
        }
        if (!pl_env_go_space(r))
            break;
        e = st;
    }
    return e;
}

void pl_env_mapped_put(pl_arena *a, pl_env_mapped *m, char c, size_t src)
{
    if (m->len + 1 >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        char *d = pl_arena_alloc(a, cap);
        size_t *sr = PL_NEW_N(a, size_t, cap);
        if (m->len) {
            memcpy(d, m->data, m->len);
            memcpy(sr, m->src, m->len * sizeof *sr);
        }
        m->data = d;
        m->src = sr;
        m->cap = cap;
    }
    m->src[m->len] = src;
    m->data[m->len++] = c;
    m->data[m->len] = '\0';
}

static void put_rune(pl_arena *a, pl_env_mapped *out, uint32_t v, size_t src)
{
    if (v < 0x80) {
        pl_env_mapped_put(a, out, (char)v, src);
    } else {
        pl_env_mapped_put(a, out, (char)(0xC0 | (v >> 6)), src);
        pl_env_mapped_put(a, out, (char)(0x80 | (v & 0x3F)), src);
    }
}

void pl_env_expand_escapes(pl_arena *a, const pl_env_mapped *in, pl_env_mapped *out)
{
    const char *s = in->data;
    size_t n = in->len;
    memset(out, 0, sizeof *out);
    pl_env_mapped_put(a, out, '\0', 0); /* allocate even when empty */
    out->len = 0;
    for (size_t i = 0; i < n;) {
        size_t at = in->src[i];
        if (s[i] != '\\' || i + 1 >= n) {
            pl_env_mapped_put(a, out, s[i], at);
            i++;
            continue;
        }
        char c = s[i + 1];
        const char *simple = strchr("abfnrtv\\\"", c);
        if (c && simple) {
            static const char bytes[] = "\a\b\f\n\r\t\v\\\"";
            pl_env_mapped_put(a, out, bytes[simple - "abfnrtv\\\""], at);
            i += 2;
        } else if (c == '$') {
            pl_env_mapped_put(a, out, '$', at);
            pl_env_mapped_put(a, out, '$', at);
            i += 2;
        } else if (c == 'c') {
            /* matched by dotenv's pattern, refused by Go's unquoting */
            pl_env_mapped_put(a, out, '\\', at);
            pl_env_mapped_put(a, out, 'c', in->src[i + 1]);
            i += 2;
        } else if (c == '0') {
            size_t k = 0;
            while (k < 3 && i + 2 + k < n && s[i + 2 + k] >= '0' && s[i + 2 + k] <= '9')
                k++;
            uint32_t v = 0;
            int ok = k == 3;
            for (size_t j = 0; ok && j < 3; j++) {
                char d = s[i + 2 + j];
                if (d > '7')
                    ok = 0;
                v = (v << 3) | (uint32_t)(d - '0');
            }
            if (ok && v <= 255) {
                put_rune(a, out, v, at);
            } else {
                for (size_t j = 0; j < 2 + k; j++)
                    pl_env_mapped_put(a, out, s[i + j], in->src[i + j]);
            }
            i += 2 + k;
        } else {
            pl_env_mapped_put(a, out, s[i], at);
            i++;
        }
    }
}
