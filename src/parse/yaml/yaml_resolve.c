/* yaml_resolve.c — the type go-yaml v3 gives a plain scalar (its resolve.go):
 * a first-character hint, a table of exact spellings (true/True/TRUE,
 * null/~/empty, .inf/.nan...), then Go's strconv rules: ParseInt base 0 on
 * the text without underscores (0x, 0o, 0b, a leading 0 is octal), ParseUint
 * when that overflows, a decimal float pattern, and the 0b/0o prefixes once
 * more with a signed remainder. Dates stay strings here (go-yaml's
 * !!timestamp has no pl_ystype; nothing that looks like one is a number). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_internal.h"

static int is_in(const char *s, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == len && memcmp(*list, s, len) == 0)
            return 1;
    return 0;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Go's strconv.ParseUint(s, base, 64) without underscores: 1 when valid,
 * 0 on bad syntax, -1 on overflow. Base 0 reads a 0x/0o/0b/0 prefix. */
static int go_parse_uint(const char *s, size_t n, int base, uint64_t *out)
{
    if (n == 0)
        return 0;
    if (base == 0) {
        base = 10;
        if (s[0] == '0') {
            if (n >= 3 && (s[1] == 'x' || s[1] == 'X'))
                base = 16, s += 2, n -= 2;
            else if (n >= 3 && (s[1] == 'o' || s[1] == 'O'))
                base = 8, s += 2, n -= 2;
            else if (n >= 3 && (s[1] == 'b' || s[1] == 'B'))
                base = 2, s += 2, n -= 2;
            else if (n >= 2 && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O' ||
                                s[1] == 'b' || s[1] == 'B'))
                return 0;
            else
                base = 8, s += 1, n -= 1;
            if (n == 0) /* "0" */
                return *out = 0, 1;
        }
    }
    uint64_t v = 0;
    int overflow = 0;
    for (size_t i = 0; i < n; i++) {
        int d = digit_value(s[i]);
        if (d >= base)
            return 0;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            overflow = 1;
        else
            v = v * (uint64_t)base + (uint64_t)d;
    }
    if (overflow)
        return -1;
    *out = v;
    return 1;
}

/* Go's strconv.ParseInt(s, base, 64): an optional sign, then as above. */
static int go_parse_int(const char *s, size_t n, int base)
{
    int neg = 0;
    if (n > 0 && (s[0] == '+' || s[0] == '-'))
        neg = s[0] == '-', s++, n--;
    uint64_t v;
    int r = go_parse_uint(s, n, base, &v);
    if (r <= 0)
        return r;
    if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return -1;
    return 1;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int yaml_style_float(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    if (i < n && s[i] == '.') {
        i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    } else {
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return 0;
    }
    return i == n;
}

/* Go's ParseFloat on a decimal text: fails when the value overflows. */
static int finite_decimal(const char *s, size_t n)
{
    char buf[512];
    if (n >= sizeof buf)
        return 0; /* callers cap their texts below this */
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    return !isinf(v);
}

/* ParseFloat on text starting with '.': digits, underscores between digits
 * (Go allows them), an optional exponent. */
static int go_dot_float(const char *s, size_t n)
{
    char buf[512];
    size_t k = 0;
    int saw_digit = 0, prev = '!';
    size_t i = 1;
    if (n >= sizeof buf)
        return 0;
    buf[k++] = '.';
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            saw_digit = 1;
            prev = '0';
            buf[k++] = c;
        } else if (c == '_') {
            if (prev != '0')
                return 0;
            prev = '_';
        } else {
            break;
        }
    }
    if (!saw_digit || prev == '_')
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        buf[k++] = s[i++];
        if (i < n && (s[i] == '+' || s[i] == '-'))
            buf[k++] = s[i++];
        size_t d = i;
        prev = '!';
        for (; i < n; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9')
                buf[k++] = c, prev = '0';
            else if (c == '_' && prev == '0')
                prev = '_';
            else
                break;
        }
        if (i == d || prev == '_')
            return 0;
    }
    if (i != n)
        return 0;
    return finite_decimal(buf, k);
}

static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};
static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const float_words[] = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
                                          "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
                                          NULL};

pl_ystype pl_yaml_resolve_plain(const char *s, size_t len)
{
    char hint = 'N';
    if (len > 0) {
        unsigned char c = (unsigned char)s[0];
        hint = c == '+' || c == '-'        ? 'S'
               : c >= '0' && c <= '9'      ? 'D'
               : strchr("yYnNtTfFoO~", c) && c ? 'M'
               : c == '.'                  ? '.'
                                           : 0;
    }
    if (!hint)
        return PL_YS_STR;
    if (is_in(s, len, true_words) || is_in(s, len, false_words))
        return PL_YS_BOOL;
    if (is_in(s, len, null_words))
        return PL_YS_NULL;
    if (is_in(s, len, float_words))
        return PL_YS_FLOAT;
    if (hint == '.')
        return go_dot_float(s, len) ? PL_YS_FLOAT : PL_YS_STR;
    if (hint != 'D' && hint != 'S')
        return PL_YS_STR;

    /* go-yaml drops every underscore first */
    char buf[512];
    if (len >= sizeof buf)
        return PL_YS_STR; /* no int fits, and a float this long is not one go-yaml reads either */
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != '_')
            buf[n++] = s[i];
    buf[n] = '\0';
    uint64_t u;
    if (go_parse_int(buf, n, 0) == 1 || go_parse_uint(buf, n, 0, &u) == 1)
        return PL_YS_INT;
    if (yaml_style_float(buf, n) && finite_decimal(buf, n))
        return PL_YS_FLOAT;
    /* the 0b/0o prefixes once more, the rest read with its own sign */
    if (n >= 2 && buf[0] == '0' && (buf[1] == 'b' || buf[1] == 'o'))
        return go_parse_int(buf + 2, n - 2, buf[1] == 'b' ? 2 : 8) == 1 ? PL_YS_INT : PL_YS_STR;
    if (n >= 3 && buf[0] == '-' && buf[1] == '0' && (buf[2] == 'b' || buf[2] == 'o'))
        return go_parse_int(buf + 3, n - 3, buf[2] == 'b' ? 2 : 8) == 1 ? PL_YS_INT : PL_YS_STR;
    return PL_YS_STR;
}

static const char *type_name(pl_ystype t)
{
    switch (t) {
    case PL_YS_NULL: return "!!null";
    case PL_YS_BOOL: return "!!bool";
    case PL_YS_INT: return "!!int";
    case PL_YS_FLOAT: return "!!float";
    default: return "!!str";
    }
}

void pl_yaml_type_scalar(pl_arena *a, pl_diag_list *diags, pl_ynode *n)
{
    const char *tag = n->tag;
    /* "!" is the non-specific tag: go-yaml reads it as no tag */
    if (!tag || !strcmp(tag, "!")) {
        n->stype = n->quoted ? PL_YS_STR : pl_yaml_resolve_plain(n->str, n->len);
        return;
    }
    pl_ystype want;
    if (!strcmp(tag, "!!null"))
        want = PL_YS_NULL;
    else if (!strcmp(tag, "!!bool"))
        want = PL_YS_BOOL;
    else if (!strcmp(tag, "!!int"))
        want = PL_YS_INT;
    else if (!strcmp(tag, "!!float"))
        want = PL_YS_FLOAT;
    else {
        /* !!str, !!binary, !!timestamp and application tags (!reset,
         * !override): go-yaml keeps the text */
        n->stype = PL_YS_STR;
        return;
    }
    /* a resolvable explicit tag types the text whatever its style */
    pl_ystype got = pl_yaml_resolve_plain(n->str, n->len);
    if (got == want || (want == PL_YS_FLOAT && got == PL_YS_INT)) {
        n->stype = want;
        return;
    }
    n->stype = got;
    pl_diag_add(a, diags, PL_DIAG_ERROR, n->span, NULL, "cannot decode %s `%s` as a %s",
                type_name(got), n->str, tag);
}
