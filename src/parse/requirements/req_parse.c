/* req_parse.c — a requirements file into logical lines, and each line into
 * its requirement and options, in the order pip's req_file.py works:
 * decode, split lines, join continuations, strip comments, then split the
 * requirement from the options (shlex + optparse). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "req_internal.h"

/* ---- positions and diagnostics --------------------------------------------- */

pl_span req_span(const req_logical *l, size_t off, size_t len)
{
    /* the last segment starting at or before off (offsets only grow):
     * binary search, since a continued line may have thousands of them */
    off += l->base;
    int lo = 0, hi = l->nsegs - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (l->segs[mid].off <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    int k = lo;
    const req_seg *s = &l->segs[k];
    int col = s->col + (int)(off - s->off);
    int end = col + (len ? (int)len - 1 : 0);
    return pl_span_make(s->line, col, s->line, end);
}

void req_error(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off, size_t len,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = pl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    pl_diag_add(a, &rf->diags, PL_DIAG_ERROR, req_span(l, off, len), NULL, "%s", msg);
}

/* ---- decoding ------------------------------------------------------------------ */

static void put_utf8(pl_strbuf *sb, unsigned long cp)
{
    if (cp < 0x80) {
        pl_sb_putc(sb, (char)cp);
    } else if (cp < 0x800) {
        pl_sb_putc(sb, (char)(0xC0 | (cp >> 6)));
        pl_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        pl_sb_putc(sb, (char)(0xE0 | (cp >> 12)));
        pl_sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        pl_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else {
        pl_sb_putc(sb, (char)(0xF0 | (cp >> 18)));
        pl_sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
        pl_sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        pl_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    }
}

/* UTF-8 with its BOM removed; UTF-16 and UTF-32 (by BOM) re-encoded. */
static const char *decode(pl_arena *a, const char *data, size_t *len)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t n = *len;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *len = n - 3;
        return data + 3;
    }
    int width = 0, big = 0;
    if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3])
        width = 4;
    else if (n >= 4 && !u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)
        width = 4, big = 1;
    else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        width = 2;
    else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        width = 2, big = 1;
    if (!width)
        return data;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (size_t i = (size_t)width; i + (size_t)width <= n; i += (size_t)width) {
        unsigned long cp;
        if (width == 4)
            cp = big ? (unsigned long)u[i] << 24 | (unsigned long)u[i + 1] << 16 | u[i + 2] << 8 | u[i + 3]
                     : (unsigned long)u[i + 3] << 24 | (unsigned long)u[i + 2] << 16 | u[i + 1] << 8 | u[i];
        else
            cp = big ? (unsigned long)(u[i] << 8 | u[i + 1]) : (unsigned long)(u[i + 1] << 8 | u[i]);
        if (width == 2 && cp >= 0xD800 && cp < 0xDC00 && i + 4 <= n) {
            unsigned long lo = big ? (unsigned long)(u[i + 2] << 8 | u[i + 3])
                                   : (unsigned long)(u[i + 3] << 8 | u[i + 2]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        put_utf8(&sb, cp > 0x10FFFF ? 0xFFFD : cp);
    }
    *len = sb.len;
    return pl_sb_str(&sb);
}

/* ---- physical and logical lines ---------------------------------------------- */

/* Length of the line break at p (Python's str.splitlines), 0 when none. */
static size_t line_break(const char *p, const char *end)
{
    unsigned char c = (unsigned char)*p;
    if (c == '\r')
        return p + 1 < end && p[1] == '\n' ? 2 : 1;
    if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e)
        return 1;
    if (c == 0xC2 && p + 1 < end && (unsigned char)p[1] == 0x85)
        return 2;
    if (c == 0xE2 && p + 2 < end && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
        return 3;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* COMMENT_RE.match: a `#` after nothing but whitespace. */
static int is_comment_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    return i < n && s[i] == '#';
}

typedef struct {
    pl_arena *a;
    pl_strbuf text;
    pl_vec segs;
    int first_line;
    int open; /* a continuation is being joined */
} joiner;

static void add_seg(joiner *j, int line, int col)
{
    req_seg *s = PL_NEW(j->a, req_seg);
    s->off = j->text.len;
    s->line = line;
    s->col = col;
    pl_vec_push(j->a, &j->segs, s);
}

/* Strips the comment and the outer whitespace; NULL when nothing is left. */
static req_logical *finish_logical(joiner *j)
{
    const char *s = pl_sb_str(&j->text);
    size_t n = j->text.len;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '#' || (i && !is_space(s[i - 1])))
            continue;
        while (i && is_space(s[i - 1]))
            i--;
        n = i;
        break;
    }
    size_t start = 0;
    while (start < n && is_space(s[start]))
        start++;
    while (n > start && is_space(s[n - 1]))
        n--;
    if (start == n)
        return NULL;
    req_logical *l = PL_NEW(j->a, req_logical);
    char *text = pl_arena_alloc(j->a, n - start + 1);
    memcpy(text, s + start, n - start);
    l->text = text;
    l->len = n - start;
    l->base = start;
    l->line = j->first_line;
    l->nsegs = (int)j->segs.len;
    l->segs = PL_NEW_N(j->a, req_seg, l->nsegs);
    for (int k = 0; k < l->nsegs; k++)
        l->segs[k] = *(req_seg *)j->segs.items[k];
    return l;
}

static void reset(joiner *j)
{
    pl_sb_init(&j->text, j->a);
    j->segs = (pl_vec){0};
    j->open = 0;
}

/* pip's join_lines + ignore_comments: the logical lines in order. */
static pl_vec logical_lines(pl_arena *a, const char *data, size_t len)
{
    pl_vec out = {0};
    joiner j = {a, {0}, {0}, 0, 0};
    reset(&j);
    const char *end = data + len;
    int line = 0;
    for (const char *p = data; p < end;) {
        const char *q = p;
        size_t br = 0;
        while (q < end && !(br = line_break(q, end)))
            q++;
        line++;
        size_t n = (size_t)(q - p);
        int comment = is_comment_line(p, n);
        if (n && p[n - 1] == '\\' && !comment) {
            size_t s = 0, e = n;
            while (s < e && p[s] == '\\')
                s++;
            while (e > s && p[e - 1] == '\\')
                e--;
            if (!j.open) {
                j.first_line = line;
                j.open = 1;
            }
            add_seg(&j, line, (int)s + 1);
            pl_sb_append(&j.text, p + s, e - s);
        } else {
            if (!j.open)
                j.first_line = line;
            if (comment) {
                add_seg(&j, line, 1);
                pl_sb_putc(&j.text, ' ');
            }
            add_seg(&j, line, 1);
            pl_sb_append(&j.text, p, n);
            req_logical *l = finish_logical(&j);
            if (l)
                pl_vec_push(a, &out, l);
            reset(&j);
        }
        p = q + br;
    }
    if (j.open) {
        req_logical *l = finish_logical(&j);
        if (l)
            pl_vec_push(a, &out, l);
    }
    return out;
}

/* ---- options: shlex.split, then optparse ----------------------------------------- */

typedef struct {
    const char *text;
    size_t off, len; /* where the word was written in the logical line */
} word;

/* shlex.split in POSIX mode (no comments); -1 with *bad set on an unclosed
 * quote or a trailing backslash. */
static int shlex_split(pl_arena *a, const char *s, size_t base, size_t n, pl_vec *out,
                       size_t *bad, const char **why)
{
    size_t i = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
            i++;
        if (i >= n)
            return 0;
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        size_t start = i;
        while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
            char c = s[i];
            if (c == '\\') {
                if (i + 1 >= n) {
                    *bad = base + i;
                    *why = "No escaped character";
                    return -1;
                }
                pl_sb_putc(&sb, s[i + 1]);
                i += 2;
            } else if (c == '\'' || c == '"') {
                size_t open = i++;
                while (i < n && s[i] != c) {
                    if (c == '"' && s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
                        i++;
                    pl_sb_putc(&sb, s[i++]);
                }
                if (i >= n) {
                    *bad = base + open;
                    *why = "No closing quotation";
                    return -1;
                }
                i++;
            } else {
                pl_sb_putc(&sb, c);
                i++;
            }
        }
        word *w = PL_NEW(a, word);
        w->text = pl_sb_str(&sb);
        w->off = base + start;
        w->len = i - start;
        pl_vec_push(a, out, w);
    }
}

enum { OPT_FLAG, OPT_VALUE };
enum { DEST_GLOBAL, DEST_REQUIREMENT, DEST_CONSTRAINT, DEST_EDITABLE, DEST_HASH, DEST_CONFIG,
       DEST_GLOBAL_OPTION };

typedef struct {
    const char *name;  /* long */
    char short_name;
    int takes;
    int dest;
    const char *canonical;
} opt_def;

/* pip's SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ (plus the newer
 * --no-require-hashes, --all-releases and --only-final). */
static const opt_def opts[] = {
    {"--index-url", 'i', OPT_VALUE, DEST_GLOBAL, NULL},
    {"--pypi-url", 0, OPT_VALUE, DEST_GLOBAL, "--index-url"},
    {"--extra-index-url", 0, OPT_VALUE, DEST_GLOBAL, NULL},
    {"--no-index", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--constraint", 'c', OPT_VALUE, DEST_CONSTRAINT, NULL},
    {"--requirement", 'r', OPT_VALUE, DEST_REQUIREMENT, NULL},
    {"--editable", 'e', OPT_VALUE, DEST_EDITABLE, NULL},
    {"--find-links", 'f', OPT_VALUE, DEST_GLOBAL, NULL},
    {"--no-binary", 0, OPT_VALUE, DEST_GLOBAL, NULL},
    {"--only-binary", 0, OPT_VALUE, DEST_GLOBAL, NULL},
    {"--prefer-binary", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--require-hashes", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--no-require-hashes", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--pre", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--all-releases", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--only-final", 0, OPT_FLAG, DEST_GLOBAL, NULL},
    {"--trusted-host", 0, OPT_VALUE, DEST_GLOBAL, NULL},
    {"--use-feature", 0, OPT_VALUE, DEST_GLOBAL, NULL},
    {"--global-option", 0, OPT_VALUE, DEST_GLOBAL_OPTION, NULL},
    {"--hash", 0, OPT_VALUE, DEST_HASH, NULL},
    {"--config-settings", 'C', OPT_VALUE, DEST_CONFIG, NULL},
};
#define NOPTS ((int)(sizeof opts / sizeof opts[0]))

/* optparse's long-option lookup: exact, else a unique prefix. */
static int find_long(const char *name, size_t n, int *ambiguous)
{
    int found = -1, count = 0;
    *ambiguous = 0;
    for (int k = 0; k < NOPTS; k++) {
        if (strlen(opts[k].name) == n && !strncmp(opts[k].name, name, n))
            return k;
        if (strlen(opts[k].name) > n && !strncmp(opts[k].name, name, n))
            found = k, count++;
    }
    if (count > 1)
        *ambiguous = 1;
    return count == 1 ? found : -1;
}

static int find_short(char c)
{
    for (int k = 0; k < NOPTS; k++)
        if (opts[k].short_name == c)
            return k;
    return -1;
}

typedef struct {
    int def;
    const char *value;
    const word *at;    /* the option word */
    size_t value_off, value_len;
} parsed_opt;

static int valid_hash(const char *v)
{
    const char *colon = strchr(v, ':');
    if (!colon)
        return 0;
    size_t n = (size_t)(colon - v);
    return (n == 6 && (!strncmp(v, "sha256", 6) || !strncmp(v, "sha384", 6) ||
                       !strncmp(v, "sha512", 6)));
}

/* optparse over the words; -1 after a diagnostic. */
static int parse_options(pl_arena *a, pl_reqfile *rf, const req_logical *l, pl_vec *words,
                         pl_vec *out)
{
    for (size_t i = 0; i < words->len; i++) {
        const word *w = words->items[i];
        const char *t = w->text;
        if (!strcmp(t, "--"))
            return 0; /* the rest are arguments, which pip ignores */
        if (t[0] != '-' || !t[1])
            continue;
        int k;
        const char *attached = NULL;
        const char *shown = t;
        if (t[1] == '-') {
            const char *eq = strchr(t, '=');
            size_t n = eq ? (size_t)(eq - t) : strlen(t);
            int ambiguous;
            k = find_long(t, n, &ambiguous);
            shown = pl_arena_strndup(a, t, n);
            if (k < 0) {
                req_error(a, rf, l, w->off, w->len, "%s option: %s", ambiguous ? "ambiguous" : "no such",
                          shown);
                return -1;
            }
            if (eq) {
                attached = eq + 1;
                if (opts[k].takes == OPT_FLAG) {
                    req_error(a, rf, l, w->off, w->len, "%s option does not take a value",
                              opts[k].name);
                    return -1;
                }
            }
        } else {
            k = find_short(t[1]);
            shown = pl_arena_strndup(a, t, 2);
            if (k < 0) {
                req_error(a, rf, l, w->off, w->len, "no such option: %s", shown);
                return -1;
            }
            if (t[2])
                attached = t + 2;
        }
        parsed_opt *p = PL_NEW(a, parsed_opt);
        p->def = k;
        p->at = w;
        if (opts[k].takes == OPT_VALUE) {
            if (attached) {
                p->value = attached;
                p->value_off = w->off + (size_t)(attached - t);
                p->value_len = w->len - (size_t)(attached - t);
            } else if (i + 1 < words->len) {
                const word *v = words->items[++i];
                p->value = v->text;
                p->value_off = v->off;
                p->value_len = v->len;
            } else {
                req_error(a, rf, l, w->off, w->len, "%s option requires 1 argument", shown);
                return -1;
            }
            if (opts[k].dest == DEST_HASH && !valid_hash(p->value)) {
                req_error(a, rf, l, p->value_off, p->value_len,
                          strchr(p->value, ':')
                              ? "Allowed hash algorithms for --hash are sha256, sha384, sha512."
                              : "Arguments to --hash must be a hash name followed by a value, "
                                "like --hash=sha256:abcde...");
                return -1;
            }
            if (opts[k].dest == DEST_CONFIG && !strchr(p->value, '=')) {
                req_error(a, rf, l, p->value_off, p->value_len,
                          "Arguments to --config-settings must be of the form KEY=VAL");
                return -1;
            }
        }
        pl_vec_push(a, out, p);
    }
    return 0;
}

/* ---- lines ---------------------------------------------------------------------- */

/* `${NAME}` with NAME of [A-Z0-9_]+: pip expands it from its environment. */
static int has_variable(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++) {
        if (s[i] != '$' || s[i + 1] != '{')
            continue;
        size_t k = i + 2;
        while (k < n && (isupper((unsigned char)s[k]) || isdigit((unsigned char)s[k]) || s[k] == '_'))
            k++;
        if (k > i + 2 && k < n && s[k] == '}')
            return 1;
    }
    return 0;
}

typedef struct {
    pl_vec reqs, includes, options;
} collected;

static void add_option(pl_arena *a, collected *c, const req_logical *l, const parsed_opt *p)
{
    pl_req_option *o = PL_NEW(a, pl_req_option);
    o->line = l->line;
    o->span = req_span(l, p->at->off, p->at->len);
    o->name = opts[p->def].canonical ? opts[p->def].canonical : opts[p->def].name;
    o->value = p->value;
    pl_vec_push(a, &c->options, o);
}

static void handle_line(pl_arena *a, pl_reqfile *rf, collected *c, const req_logical *l)
{
    /* break_args_options: the requirement runs up to the first word (split
     * on single spaces) that starts with '-' */
    size_t split = l->len;
    for (size_t i = 0; i < l->len; i++)
        if (l->text[i] == '-' && (i == 0 || l->text[i - 1] == ' ')) {
            split = i;
            break;
        }
    size_t args_len = split == l->len ? l->len : split ? split - 1 : 0;
    pl_vec words = {0}, parsed = {0};
    size_t bad = 0;
    const char *why = NULL;
    if (split < l->len &&
        shlex_split(a, l->text + split, split, l->len - split, &words, &bad, &why) != 0) {
        req_error(a, rf, l, bad, 1, "Could not split options: %s", why);
        return;
    }
    if (parse_options(a, rf, l, &words, &parsed) != 0)
        return;
    const parsed_opt *editable = NULL;
    for (size_t i = 0; i < parsed.len && !editable; i++)
        if (opts[((parsed_opt *)parsed.items[i])->def].dest == DEST_EDITABLE)
            editable = parsed.items[i];
    int var = has_variable(l->text, l->len);
    if (args_len || editable) {
        pl_req *r = PL_NEW(a, pl_req);
        r->line = l->line;
        r->has_variable = var;
        r->file = rf->path;
        int ok;
        /* a line with ${VAR} reads differently once pip expands it: what
         * it says is unknown, not wrong */
        pl_diag_list saved = rf->diags;
        if (var)
            rf->diags = (pl_diag_list){0};
        if (args_len) {
            ok = req_parse_line_requirement(a, rf, l, 0, args_len, r) == 0;
        } else {
            ok = req_parse_editable(a, rf, l, editable->value_off, editable->value_len,
                                    editable->value, r) == 0;
        }
        if (var) {
            rf->diags = saved;
            if (!ok) {
                r->text = pl_arena_strndup(a, l->text, args_len ? args_len : l->len);
                r->span = req_span(l, 0, args_len ? args_len : l->len);
                r->name = NULL;
                r->url = NULL;
                r->specifier = "";
                r->specs = (pl_pep440_specset){0};
                ok = 1;
            }
        }
        if (!ok)
            return;
        if (args_len) {
            /* per-requirement options; an editable line takes none of them */
            pl_vec hashes = {0};
            for (size_t i = 0; i < parsed.len; i++) {
                const parsed_opt *p = parsed.items[i];
                if (opts[p->def].dest == DEST_HASH)
                    pl_vec_push(a, &hashes, (void *)p);
            }
            r->nhashes = (int)hashes.len;
            r->hashes = PL_NEW_N(a, const char *, r->nhashes + 1);
            r->hash_spans = PL_NEW_N(a, pl_span, r->nhashes + 1);
            for (int i = 0; i < r->nhashes; i++) {
                const parsed_opt *p = hashes.items[i];
                r->hashes[i] = p->value;
                r->hash_spans[i] = req_span(l, p->value_off, p->value_len);
            }
        }
        pl_vec_push(a, &c->reqs, r);
        return;
    }
    const parsed_opt *include = NULL;
    for (int pass = 0; pass < 2 && !include; pass++)
        for (size_t i = 0; i < parsed.len && !include; i++) {
            const parsed_opt *p = parsed.items[i];
            if (opts[p->def].dest == (pass ? DEST_CONSTRAINT : DEST_REQUIREMENT))
                include = p;
        }
    for (size_t i = 0; i < parsed.len; i++) {
        const parsed_opt *p = parsed.items[i];
        int dest = opts[p->def].dest;
        if (dest == DEST_HASH) {
            pl_diag_add(a, &rf->diags, PL_DIAG_WARNING, req_span(l, p->at->off, p->at->len), NULL,
                        "--hash without a requirement on the line is ignored");
        } else if (dest == DEST_GLOBAL) {
            add_option(a, c, l, p);
        } else if (p == include) {
            pl_req_include *inc = PL_NEW(a, pl_req_include);
            inc->line = l->line;
            inc->span = req_span(l, p->value_off, p->value_len);
            inc->option = dest == DEST_REQUIREMENT ? "-r" : "-c";
            inc->path = p->value;
            pl_vec_push(a, &c->includes, inc);
        }
    }
}

pl_reqfile *pl_req_parse(pl_arena *a, const char *path, const char *data, size_t len)
{
    pl_reqfile *rf = PL_NEW(a, pl_reqfile);
    rf->path = path;
    if (!data)
        data = "";
    data = decode(a, data, &len);
    pl_vec lines = logical_lines(a, data, len);
    collected c = {{0}, {0}, {0}};
    for (size_t i = 0; i < lines.len; i++)
        handle_line(a, rf, &c, lines.items[i]);
    rf->reqs = (pl_req **)c.reqs.items;
    rf->nreqs = (int)c.reqs.len;
    rf->includes = PL_NEW_N(a, pl_req_include, c.includes.len + 1);
    rf->nincludes = (int)c.includes.len;
    for (int i = 0; i < rf->nincludes; i++)
        rf->includes[i] = *(pl_req_include *)c.includes.items[i];
    rf->options = PL_NEW_N(a, pl_req_option, c.options.len + 1);
    rf->noptions = (int)c.options.len;
    for (int i = 0; i < rf->noptions; i++)
        rf->options[i] = *(pl_req_option *)c.options.items[i];
    return rf;
}
