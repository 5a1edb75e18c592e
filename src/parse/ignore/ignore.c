/* ignore.c — .dockerignore files: reading them as BuildKit's
 * ignorefile.ReadAll does, turning each line into a pattern as
 * patternmatcher.New does, and deciding which paths they exclude.
 *
 * Docker refuses the whole file when one line is malformed; here that line
 * becomes an error diagnostic and is skipped, so the rest can still be
 * checked. The pattern engine itself lives in ignore_glob.c.
 */
#include "plimsoll/ignore.h"

#include <stdlib.h>
#include <string.h>

#include "ignore_glob.h"

struct pl_ignore_compiled {
    pl_glob *glob;
    size_t len; /* of the cleaned pattern, which may hold a NUL byte */
};

/* bufio.Scanner's default token limit: a longer line makes ReadAll fail */
#define READALL_MAX_LINE 65536

typedef struct {
    pl_arena *a;
    pl_ignorefile *f;
    size_t cap;
} builder;

static pl_ignore_pattern *new_pattern(builder *b)
{
    pl_ignorefile *f = b->f;
    if ((size_t)f->npatterns == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        pl_ignore_pattern *p = PL_NEW_N(b->a, pl_ignore_pattern, cap);
        if (f->npatterns)
            memcpy(p, f->patterns, (size_t)f->npatterns * sizeof *p);
        f->patterns = p;
        b->cap = cap;
    }
    pl_ignore_pattern *p = &f->patterns[f->npatterns++];
    memset(p, 0, sizeof *p);
    return p;
}

static char *dup_bytes(pl_arena *a, const char *s, size_t n)
{
    char *d = pl_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    return d;
}

/* patternmatcher.New on one entry: trims, cleans, takes the `!`, checks the
 * syntax with filepath.Match and compiles. `col` is where the entry's text
 * starts, `end_col` its last byte. */
static void add_entry(builder *b, const char *raw, size_t rawlen, const char *entry, size_t len,
                      int line, int col, int end_col)
{
    size_t s, e;
    pl_glob_trim_space(entry, len, &s, &e);
    if (s == e)
        return;
    char *clean = pl_arena_alloc(b->a, e - s + 2);
    size_t n = pl_glob_clean(entry + s, e - s, clean);

    pl_ignore_pattern *p = new_pattern(b);
    p->raw = dup_bytes(b->a, raw, rawlen);
    p->line = line;
    p->col = col;
    pl_span span = pl_span_make(line, col, line, end_col);
    const char *text = clean;
    if (clean[0] == '!') {
        p->exclusion = 1;
        text++;
        n--;
    }
    p->pattern = dup_bytes(b->a, text, n);
    if (p->exclusion && n == 0) {
        pl_diag_add(b->a, &b->f->diags, PL_DIAG_ERROR, span, NULL,
                    "illegal exclusion pattern: \"!\"");
        return;
    }
    if (pl_glob_fnmatch(text, n, ".", 1) < 0) {
        pl_diag_add(b->a, &b->f->diags, PL_DIAG_ERROR, span, NULL,
                    "bad pattern \"%s\": syntax error in pattern", p->pattern);
        return;
    }
    const char *why = NULL;
    pl_glob *g = pl_glob_compile(b->a, text, n, &why);
    if (!g) {
        pl_diag_add(b->a, &b->f->diags, PL_DIAG_ERROR, span, NULL,
                    "bad pattern \"%s\": %s (docker build fails with \"syntax error in pattern\")",
                    p->pattern, why ? why : "invalid");
        return;
    }
    p->compiled = PL_NEW(b->a, pl_ignore_compiled);
    p->compiled->glob = g;
    p->compiled->len = n;
    p->valid = 1;
    if (p->exclusion)
        b->f->has_exclusions = 1;
}

/* One line as ReadAll sees it (line break and a final '\r' already gone). */
static void read_line(builder *b, const char *l, size_t n, int line)
{
    if (n > 0 && l[0] == '#')
        return;
    size_t s, e;
    pl_glob_trim_space(l, n, &s, &e);
    if (s == e)
        return;
    int col = (int)s + 1, end_col = (int)e;
    int invert = l[s] == '!';
    size_t ps = s + invert, pe = e;
    if (invert) {
        size_t s2, e2;
        pl_glob_trim_space(l + ps, e - ps, &s2, &e2);
        pe = ps + e2;
        ps += s2;
    }
    /* "!" + Clean(pattern) without one leading '/', as ReadAll writes it */
    char *out = pl_arena_alloc(b->a, (pe - ps) + 3);
    size_t on = 0;
    if (invert)
        out[on++] = '!';
    if (pe > ps) {
        char *c = out + on;
        size_t cn = pl_glob_clean(l + ps, pe - ps, c);
        if (cn > 1 && c[0] == '/') {
            memmove(c, c + 1, cn - 1);
            cn--;
        }
        on += cn;
    }
    add_entry(b, l, n, out, on, line, col, end_col);
}

pl_ignorefile *pl_ignore_parse(pl_arena *a, const char *path, const char *data, size_t len)
{
    builder b = {a, PL_NEW(a, pl_ignorefile), 0};
    b.f->path = path ? pl_arena_strdup(a, path) : NULL;
    if (!data)
        len = 0;
    size_t pos = 0;
    for (int line = 1; pos < len; line++) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t start = pos, n = end - pos;
        pos = nl ? end + 1 : len;
        if (n + (nl ? 1 : 0) > READALL_MAX_LINE) {
            pl_diag_add(a, &b.f->diags, PL_DIAG_ERROR, pl_span_make(line, 1, line, 1), NULL,
                        "line longer than %d bytes: docker cannot read this file",
                        READALL_MAX_LINE - 1);
            continue;
        }
        if (n > 0 && data[start + n - 1] == '\r')
            n--;
        if (line == 1 && n >= 3 && memcmp(data + start, "\xEF\xBB\xBF", 3) == 0) {
            start += 3;
            n -= 3;
        }
        read_line(&b, data + start, n, line);
    }
    return b.f;
}

pl_ignorefile *pl_ignore_from_patterns(pl_arena *a, const char *const *lines, int n)
{
    builder b = {a, PL_NEW(a, pl_ignorefile), 0};
    for (int i = 0; i < n; i++) {
        const char *l = lines[i] ? lines[i] : "";
        size_t len = strlen(l), s, e;
        pl_glob_trim_space(l, len, &s, &e);
        add_entry(&b, l, len, l, len, i + 1, (int)s + 1, (int)e);
    }
    return b.f;
}

/* A cleaned copy of path in buf (or on the heap when longer; *heap then
 * needs free). */
static const char *clean_into(const char *path, char *buf, size_t bufsize, char **heap,
                              size_t *n)
{
    size_t len = strlen(path);
    char *out = buf;
    *heap = NULL;
    if (len + 1 > bufsize) {
        out = *heap = malloc(len + 2);
        if (!out)
            return NULL;
    }
    *n = pl_glob_clean(path, len, out);
    out[*n] = '\0';
    return out;
}

static int pattern_hits(const pl_ignore_pattern *p, const char *s, size_t n)
{
    return pl_glob_match_or_parent(p->compiled->glob, s, n);
}

int pl_ignore_match(const pl_ignorefile *f, const char *path, int *deciding)
{
    if (deciding)
        *deciding = -1;
    if (!f || !path)
        return 0;
    char buf[512], *heap;
    size_t n;
    const char *s = clean_into(path, buf, sizeof buf, &heap, &n);
    if (!s)
        return 0;
    int matched = 0;
    /* the context root is never excluded */
    if (!(n == 1 && s[0] == '.')) {
        for (int i = 0; i < f->npatterns; i++) {
            const pl_ignore_pattern *p = &f->patterns[i];
            if (!p->valid || p->exclusion != matched)
                continue;
            if (pattern_hits(p, s, n)) {
                matched = !p->exclusion;
                if (deciding)
                    *deciding = i;
            }
        }
    }
    free(heap);
    return matched;
}

int pl_ignore_pattern_matches(const pl_ignorefile *f, int i, const char *path)
{
    if (!f || !path || i < 0 || i >= f->npatterns || !f->patterns[i].valid)
        return 0;
    char buf[512], *heap;
    size_t n;
    const char *s = clean_into(path, buf, sizeof buf, &heap, &n);
    int hit = s && pattern_hits(&f->patterns[i], s, n);
    free(heap);
    return hit;
}

int pl_ignore_match_parent_results(const pl_ignorefile *f, const char *path,
                                   const unsigned char *parent, unsigned char *matched_out,
                                   int *deciding)
{
    if (deciding)
        *deciding = -1;
    if (!f || !path)
        return 0;
    size_t n = strlen(path);
    int matched = 0;
    for (int i = 0; i < f->npatterns; i++) {
        const pl_ignore_pattern *p = &f->patterns[i];
        int hit = parent && parent[i];
        if (!hit && p->valid) {
            if (p->exclusion != matched) {
                if (matched_out)
                    matched_out[i] = 0;
                continue;
            }
            hit = parent ? pl_glob_match(p->compiled->glob, path, n) : pattern_hits(p, path, n);
        }
        if (matched_out)
            matched_out[i] = (unsigned char)hit;
        if (hit) {
            matched = !p->exclusion;
            if (deciding)
                *deciding = i;
        }
    }
    return matched;
}

int pl_ignore_fnmatch(const char *pattern, const char *name)
{
    if (!pattern || !name)
        return -1;
    return pl_glob_fnmatch(pattern, strlen(pattern), name, strlen(name));
}

char *pl_ignore_clean(pl_arena *a, const char *path)
{
    size_t len = path ? strlen(path) : 0;
    char *out = pl_arena_alloc(a, len + 2);
    size_t n = pl_glob_clean(path ? path : "", len, out);
    out[n] = '\0';
    return out;
}

size_t pl_ignore_clean_buf(const char *path, size_t n, char *out)
{
    size_t len = pl_glob_clean(path, n, out);
    out[len] = '\0';
    return len;
}
