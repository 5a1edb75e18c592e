/* expand_glob.c — the shell patterns of `${v#p}`, `${v##p}`, `${v%p}`,
 * `${v%%p}`, `${v/p/r}` and `${v//p/r}`.
 *
 * BuildKit turns such a pattern into a regular expression (`*` any run, `?`
 * one character, `\*` `\?` `\\` literal, `\}` and `\/` the plain character)
 * and lets Go's regexp pick the match. Go's regexp prefers matches the way a
 * backtracking engine does, so PCRE2 picks the same ones; a suffix is trimmed
 * by reversing both the value and the pattern, as BuildKit does. Text that is
 * not valid UTF-8 is matched with each bad byte read as U+FFFD.
 */
#include "expand_glob.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

/* Enough for any pattern a Dockerfile writes; a pathological one becomes an
 * error instead of a long search. */
#define GLOB_MATCH_LIMIT 200000
#define GLOB_DEPTH_LIMIT 2000

size_t pl_expand_utf8_decode(const char *s, size_t n, long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = -1;
    if (n == 0)
        return 0;
    unsigned c = u[0];
    if (c < 0x80) {
        *cp = (long)c;
        return 1;
    }
    size_t len;
    unsigned long v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 1;
    }
    if (n < len)
        return 1;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 1;
    *cp = (long)v;
    return len;
}

/* A copy of s in which every byte that is not valid UTF-8 is U+FFFD. */
static char *utf8_sanitize(pl_arena *a, const char *s)
{
    size_t n = strlen(s);
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (size_t i = 0; i < n;) {
        long cp;
        size_t len = pl_expand_utf8_decode(s + i, n - i, &cp);
        if (cp < 0)
            pl_sb_append(&sb, "\xEF\xBF\xBD", 3);
        else
            pl_sb_append(&sb, s + i, len);
        i += len;
    }
    return (char *)pl_sb_str(&sb);
}

/* Reverses valid UTF-8 text character by character. With `keep_escapes`, a
 * backslash stays in front of the character it escapes (`a\*c` -> `c\*a`). */
static char *utf8_reverse(pl_arena *a, const char *s, int keep_escapes)
{
    size_t n = strlen(s);
    char *out = pl_arena_alloc(a, n + 1);
    size_t end = n;
    for (size_t i = 0; i < n;) {
        long cp;
        size_t len = pl_expand_utf8_decode(s + i, n - i, &cp);
        if (keep_escapes && s[i] == '\\' && i + len < n) {
            long next_cp;
            len += pl_expand_utf8_decode(s + i + len, n - i - len, &next_cp);
        }
        end -= len;
        memcpy(out + end, s + i, len);
        i += len;
    }
    out[n] = '\0';
    return out;
}

/* The regular expression BuildKit's convertShellPatternToRegex builds, in
 * PCRE2 syntax. `.` is written `[^\n]` because Go's `.` skips only newline. */
static int pattern_to_regex(pl_arena *a, const char *pattern, int greedy, const char **regex,
                            const char **error)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    size_t n = strlen(pattern);
    for (size_t i = 0; i < n;) {
        char c = pattern[i];
        if (c == '*') {
            pl_sb_puts(&sb, greedy ? "[^\\n]*" : "[^\\n]*?");
            i++;
            continue;
        }
        if (c == '?') {
            pl_sb_puts(&sb, "[^\\n]");
            i++;
            continue;
        }
        if (c == '\\') {
            /* `\}` and `\/` only kept the substitution open; the pattern
             * itself sees the plain character */
            if (i + 1 < n && (pattern[i + 1] == '}' || pattern[i + 1] == '/')) {
                i++;
                continue;
            }
            if (i + 1 >= n) {
                *error = pl_arena_printf(a, "invalid pattern (%s) in substitution: "
                                            "escape at end of pattern", pattern);
                return -1;
            }
            char e = pattern[i + 1];
            if (e != '*' && e != '?' && e != '\\') {
                long cp;
                size_t len = pl_expand_utf8_decode(pattern + i + 1, n - i - 1, &cp);
                *error = pl_arena_printf(a, "invalid pattern (%s) in substitution: "
                                            "invalid escape '\\%.*s'",
                                         pattern, (int)len, pattern + i + 1);
                return -1;
            }
            pl_sb_putc(&sb, '\\');
            pl_sb_putc(&sb, e);
            i += 2;
            continue;
        }
        long cp;
        size_t len = pl_expand_utf8_decode(pattern + i, n - i, &cp);
        if ((unsigned char)c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                        (c >= '0' && c <= '9')))
            pl_sb_putc(&sb, '\\'); /* a backslash before punctuation makes it literal */
        pl_sb_append(&sb, pattern + i, len);
        i += len;
    }
    *regex = pl_sb_str(&sb);
    return 0;
}

typedef struct {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
} glob_regex;

static void glob_regex_free(glob_regex *g)
{
    pcre2_match_data_free(g->md);
    pcre2_match_context_free(g->mctx);
    pcre2_code_free(g->code);
}

static int glob_regex_compile(pl_arena *a, const char *pattern, int greedy, int anchored,
                              glob_regex *g, const char **error)
{
    memset(g, 0, sizeof *g);
    const char *regex;
    if (pattern_to_regex(a, pattern, greedy, &regex, error) < 0)
        return -1;
    int errcode;
    PCRE2_SIZE erroff;
    uint32_t opts = PCRE2_UTF | PCRE2_NO_UTF_CHECK | (anchored ? PCRE2_ANCHORED : 0);
    g->code = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, opts, &errcode, &erroff,
                            NULL);
    if (!g->code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        *error = pl_arena_printf(a, "invalid pattern (%s) in substitution: %s", pattern,
                                 (const char *)msg);
        return -1;
    }
    g->md = pcre2_match_data_create_from_pattern(g->code, NULL);
    g->mctx = pcre2_match_context_create(NULL);
    if (!g->md || !g->mctx) {
        glob_regex_free(g);
        *error = "out of memory while matching a pattern";
        return -1;
    }
    pcre2_set_match_limit(g->mctx, GLOB_MATCH_LIMIT);
    pcre2_set_depth_limit(g->mctx, GLOB_DEPTH_LIMIT);
    return 0;
}

/* 1 with [*start, *end) on a match, 0 on none, -1 with *error. */
static int glob_regex_find(pl_arena *a, glob_regex *g, const char *subject, size_t n,
                           size_t from, size_t *start, size_t *end, const char **error)
{
    int rc = pcre2_match(g->code, (PCRE2_SPTR)subject, n, from, PCRE2_NO_UTF_CHECK, g->md,
                         g->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(rc, msg, sizeof msg);
        *error = pl_arena_printf(a, "pattern in substitution too costly to match: %s",
                                 (const char *)msg);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(g->md);
    *start = ov[0];
    *end = ov[1];
    return 1;
}

static int trim_prefix(pl_arena *a, const char *value, const char *pattern, int greedy,
                       const char **out, const char **error)
{
    glob_regex g;
    if (glob_regex_compile(a, pattern, greedy, 1, &g, error) < 0)
        return -1;
    size_t start = 0, end = 0;
    int found = glob_regex_find(a, &g, value, strlen(value), 0, &start, &end, error);
    glob_regex_free(&g);
    if (found < 0)
        return -1;
    *out = found ? value + end : value;
    return 0;
}

int pl_expand_glob_trim(pl_arena *a, const char *value, const char *pattern, int suffix,
                        int greedy, const char **out, const char **error)
{
    value = utf8_sanitize(a, value);
    pattern = utf8_sanitize(a, pattern);
    if (!suffix)
        return trim_prefix(a, value, pattern, greedy, out, error);
    /* a regular expression cannot ask for the shortest rightmost match, so
     * both sides are reversed and the prefix is trimmed instead */
    const char *trimmed;
    if (trim_prefix(a, utf8_reverse(a, value, 0), utf8_reverse(a, pattern, 1), greedy,
                    &trimmed, error) < 0)
        return -1;
    *out = utf8_reverse(a, trimmed, 0);
    return 0;
}

static int is_template_name_byte(unsigned char c)
{
    /* Go's template accepts Unicode letters; every non-ASCII byte counts */
    return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Go's Regexp.ReplaceAllString expands `$0`/`${0}` to the match, `$$` to `$`,
 * and any other `$name` (no groups exist here) to nothing. */
static void append_template(pl_strbuf *sb, const char *tmpl, const char *match, size_t mlen)
{
    size_t n = strlen(tmpl);
    for (size_t i = 0; i < n;) {
        if (tmpl[i] != '$') {
            pl_sb_putc(sb, tmpl[i++]);
            continue;
        }
        if (i + 1 < n && tmpl[i + 1] == '$') {
            pl_sb_putc(sb, '$');
            i += 2;
            continue;
        }
        size_t p = i + 1;
        int brace = p < n && tmpl[p] == '{';
        if (brace)
            p++;
        size_t name = p;
        while (p < n && is_template_name_byte((unsigned char)tmpl[p]))
            p++;
        size_t name_len = p - name;
        if (name_len == 0 || (brace && (p >= n || tmpl[p] != '}'))) {
            pl_sb_putc(sb, '$'); /* malformed: a plain dollar */
            i++;
            continue;
        }
        if (brace)
            p++;
        if (name_len == 1 && tmpl[name] == '0')
            pl_sb_append(sb, match, mlen);
        i = p;
    }
}

int pl_expand_glob_replace(pl_arena *a, const char *value, const char *pattern,
                           const char *replacement, int all, const char **out,
                           const char **error)
{
    value = utf8_sanitize(a, value);
    pattern = utf8_sanitize(a, pattern);
    glob_regex g;
    if (glob_regex_compile(a, pattern, 1, 0, &g, error) < 0)
        return -1;
    size_t n = strlen(value);
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    size_t start, end;
    int rc = 0;
    if (!all) {
        int found = glob_regex_find(a, &g, value, n, 0, &start, &end, error);
        if (found < 0) {
            rc = -1;
        } else if (!found) {
            pl_sb_puts(&sb, value);
        } else {
            /* the first replacement is plain text, unlike ReplaceAllString */
            pl_sb_append(&sb, value, start);
            pl_sb_puts(&sb, replacement);
            pl_sb_puts(&sb, value + end);
        }
    } else {
        /* the loop of Go's Regexp.replaceAll, empty matches included */
        size_t search = 0, last_end = 0;
        while (search <= n) {
            int found = glob_regex_find(a, &g, value, n, search, &start, &end, error);
            if (found < 0) {
                rc = -1;
                break;
            }
            if (!found)
                break;
            pl_sb_append(&sb, value + last_end, start - last_end);
            if (end > last_end || start == 0)
                append_template(&sb, replacement, value + start, end - start);
            last_end = end;
            long cp;
            size_t width = search < n ? pl_expand_utf8_decode(value + search, n - search, &cp) : 0;
            if (search + width > end)
                search += width;
            else if (search + 1 > end)
                search++;
            else
                search = end;
        }
        if (rc == 0)
            pl_sb_puts(&sb, value + last_end);
    }
    glob_regex_free(&g);
    if (rc == 0)
        *out = pl_sb_str(&sb);
    return rc;
}
