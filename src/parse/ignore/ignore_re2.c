/* ignore_re2.c — the expressions the pattern automaton does not model.
 *
 * Owns: reading the expression patternmatcher builds the way Go's RE2
 * parser does, refusing what RE2 refuses (unknown escapes, stacked or
 * oversized repeats, unknown POSIX classes), and running it on PCRE2 with
 * the spellings changed where the two engines differ. PCRE2's memory for a
 * compiled expression comes from the arena; a match allocates only its own
 * scratch and frees it, so compiled expressions can be shared by threads.
 */
#include "ignore_glob.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#define RUNE_ERROR 0xFFFDu
#define RE2_MAX_REPEAT 1000

struct pl_glob_re2 {
    pcre2_code *code;
};

enum { LAST_NONE, LAST_ATOM, LAST_REPEAT };

typedef struct {
    pl_arena *a;
    const char *re;
    size_t n, i;
    pl_strbuf *out;
    const char *why;
    int last;
    int was_class; /* the last escape stood for a class (`\d`, `\pL` ...) */
} reader;

static int fail(reader *r, const char *why)
{
    r->why = why;
    return -1;
}

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_octal(char c)
{
    return c >= '0' && c <= '7';
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static const char *const categories[] = {
    "Any", "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc",
    "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps",
    "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
};

/* RE2 knows general categories and script names spelled as Go spells them
 * (`Greek`, `Old_Italic`); PCRE2 is looser (case, abbreviations, boolean
 * properties), so only Go's spellings are let through. */
static int re2_knows_property(const char *name, size_t n)
{
    for (size_t k = 0; k < sizeof categories / sizeof *categories; k++)
        if (strlen(categories[k]) == n && memcmp(categories[k], name, n) == 0)
            return 1;
    if (n < 4)
        return 0;
    int word_start = 1;
    for (size_t k = 0; k < n; k++) {
        char c = name[k];
        if (c == '_' && !word_start && k + 1 < n) {
            word_start = 1;
        } else if (word_start && c >= 'A' && c <= 'Z') {
            word_start = 0;
        } else if (!word_start && c >= 'a' && c <= 'z') {
            continue;
        } else {
            return 0;
        }
    }
    return 1;
}

/* `\pL` or `\p{Name}` / `\p{^Name}` at i. */
static int unicode_class(reader *r, size_t i)
{
    const char *re = r->re;
    if (i + 2 < r->n && re[i + 2] == '{') {
        size_t j = i + 3, name = j;
        if (j < r->n && re[j] == '^')
            name = ++j;
        while (j < r->n && re[j] != '}')
            j++;
        if (j >= r->n || !re2_knows_property(re + name, j - name))
            return fail(r, "invalid Unicode class");
        pl_sb_append(r->out, re + i, j + 1 - i);
        r->i = j + 1;
        return 0;
    }
    if (i + 2 >= r->n || !strchr("CLMNPSZ", re[i + 2]) || re[i + 2] == '\0')
        return fail(r, "invalid Unicode class");
    pl_sb_append(r->out, re + i, 3);
    r->i = i + 3;
    return 0;
}

/* An escape at r->i (the backslash); `in_class` limits it to what RE2
 * accepts inside brackets. */
static int escape(reader *r, int in_class)
{
    const char *re = r->re;
    size_t i = r->i;
    r->was_class = i + 1 < r->n && strchr("dDsSwWpP", re[i + 1]) && re[i + 1] != '\0';
    if (i + 1 >= r->n)
        return fail(r, "trailing backslash");
    char d = re[i + 1];
    r->i = i + 2;
    if ((unsigned char)d >= 0x80)
        return fail(r, "invalid escape of a non-ASCII character");
    if (!is_alnum(d)) {
        pl_sb_putc(r->out, '\\');
        pl_sb_putc(r->out, d);
        return 0;
    }
    if (is_octal(d) && (d == '0' || (i + 2 < r->n && is_octal(re[i + 2])))) {
        unsigned v = (unsigned)(d - '0');
        size_t j = i + 2;
        for (int k = 1; k < 3 && j < r->n && is_octal(re[j]); k++, j++)
            v = v * 8 + (unsigned)(re[j] - '0');
        r->i = j;
        pl_sb_printf(r->out, "\\x{%x}", v);
        return 0;
    }
    switch (d) {
    case 'x':
        if (i + 2 < r->n && re[i + 2] == '{') {
            size_t j = i + 3;
            unsigned long v = 0;
            while (j < r->n && is_hex(re[j]) && v <= 0x10FFFF)
                v = v * 16 + (unsigned long)(re[j] <= '9' ? re[j] - '0' : (re[j] | 0x20) - 'a' + 10), j++;
            if (j == i + 3 || j >= r->n || re[j] != '}' || v > 0x10FFFF)
                return fail(r, "invalid \\x escape");
            pl_sb_append(r->out, re + i, j + 1 - i);
            r->i = j + 1;
            return 0;
        }
        if (i + 3 >= r->n || !is_hex(re[i + 2]) || !is_hex(re[i + 3]))
            return fail(r, "invalid \\x escape");
        pl_sb_append(r->out, re + i, 4);
        r->i = i + 4;
        return 0;
    case 'v':
        pl_sb_puts(r->out, "\\x{b}"); /* PCRE2's \v is a class */
        return 0;
    case 'a': case 'f': case 't': case 'n': case 'r':
    case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        pl_sb_putc(r->out, '\\');
        pl_sb_putc(r->out, d);
        return 0;
    case 'p': case 'P':
        return unicode_class(r, i);
    case 'b': case 'B': case 'A': case 'z':
        if (in_class)
            break;
        pl_sb_printf(r->out, "(?:\\%c)", d);
        return 0;
    case 'Q': {
        if (in_class)
            break;
        size_t j = i + 2;
        while (j + 1 < r->n && !(re[j] == '\\' && re[j + 1] == 'E'))
            j++;
        int closed = j + 1 < r->n;
        size_t end = closed ? j + 2 : r->n; /* no \E: literal to the end */
        /* an empty quote is nothing: a repeat after it applies to what
         * came before (RE2 would also allow it after another repeat) */
        if (!(closed && j == i + 2))
            pl_sb_append(r->out, re + i, end - i);
        r->i = end;
        return 0;
    }
    default:
        break;
    }
    r->why = pl_arena_printf(r->a, "invalid escape \\%c", d);
    return -1;
}

static const char *const posix_names[] = {
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
    "lower", "print", "punct", "space", "upper", "word", "xdigit",
};

/* A bracket expression starting at r->i. */
static int class_expr(reader *r)
{
    const char *re = r->re;
    size_t i = r->i + 1;
    pl_sb_putc(r->out, '[');
    if (i < r->n && re[i] == '^') {
        pl_sb_putc(r->out, '^');
        i++;
    }
    for (int first = 1;; first = 0) {
        if (i >= r->n)
            return fail(r, "missing closing ]");
        char c = re[i];
        if (c == ']' && !first) {
            pl_sb_putc(r->out, ']');
            r->i = i + 1;
            return 0;
        }
        if (c == '\\') {
            r->i = i;
            if (escape(r, 1) < 0)
                return -1;
            i = r->i;
            /* after a class such as `\d`, RE2 reads `-` as itself; PCRE2 would
             * see a malformed range */
            if (r->was_class && i + 1 < r->n && re[i] == '-' && re[i + 1] != ']') {
                pl_sb_puts(r->out, "\\-");
                i++;
            }
            continue;
        }
        if (c == '[' && i + 1 < r->n && re[i + 1] == ':') {
            const char *end = NULL;
            for (size_t j = i + 2; j + 1 < r->n; j++)
                if (re[j] == ':' && re[j + 1] == ']') {
                    end = re + j;
                    break;
                }
            if (end) {
                const char *name = re + i + 2;
                if (*name == '^')
                    name++;
                size_t nl = (size_t)(end - name);
                int known = 0;
                for (size_t k = 0; k < sizeof posix_names / sizeof *posix_names; k++)
                    if (strlen(posix_names[k]) == nl && memcmp(posix_names[k], name, nl) == 0)
                        known = 1;
                if (!known)
                    return fail(r, "unknown POSIX character class");
                pl_sb_append(r->out, re + i, (size_t)(end + 2 - (re + i)));
                i = (size_t)(end + 2 - re);
                continue;
            }
        }
        /* RE2 reads these literally; PCRE2 would see POSIX syntax */
        if (c == '[' || ((c == ':' || c == '.' || c == '=') && first))
            pl_sb_putc(r->out, '\\');
        pl_sb_putc(r->out, c);
        i++;
    }
}

static int repeat_op(reader *r, const char *text, size_t len)
{
    if (r->last == LAST_REPEAT)
        return fail(r, "invalid nested repetition operator");
    if (r->last == LAST_NONE)
        return fail(r, "missing argument to repetition operator");
    pl_sb_append(r->out, text, len);
    r->last = LAST_REPEAT;
    return 0;
}

/* RE2's decimal in `{n,m}`: no leading zeros; -2 when absent, -1 when too big. */
static long repeat_number(const char *s, size_t n, size_t *i)
{
    size_t j = *i;
    if (j >= n || s[j] < '0' || s[j] > '9')
        return -2;
    if (j + 1 < n && s[j] == '0' && s[j + 1] >= '0' && s[j + 1] <= '9')
        return -2;
    long v = 0;
    for (; j < n && s[j] >= '0' && s[j] <= '9'; j++)
        if (v >= 0)
            v = v >= 100000000 ? -1 : v * 10 + (s[j] - '0');
    *i = j;
    return v;
}

/* `{` at r->i: a repeat when it parses as one, else a literal brace. */
static int brace(reader *r)
{
    const char *re = r->re;
    size_t i = r->i + 1;
    long min = repeat_number(re, r->n, &i), max = min;
    int ok = min != -2 && i < r->n;
    if (ok && re[i] == ',') {
        i++;
        if (i < r->n && re[i] == '}') {
            max = -3; /* open-ended */
        } else {
            max = repeat_number(re, r->n, &i);
            if (max == -2)
                ok = 0;
        }
    }
    if (ok && (i >= r->n || re[i] != '}'))
        ok = 0;
    if (!ok) {
        pl_sb_puts(r->out, "\\{");
        r->i++;
        r->last = LAST_ATOM;
        return 0;
    }
    if (min < 0 || min > RE2_MAX_REPEAT || max > RE2_MAX_REPEAT || max == -1 ||
        (max >= 0 && min > max))
        return fail(r, "invalid repeat count");
    size_t start = r->i;
    r->i = i + 1;
    return repeat_op(r, re + start, r->i - start);
}

static int translate(reader *r)
{
    while (r->i < r->n) {
        char c = r->re[r->i];
        int st = 0;
        switch (c) {
        case '\\': {
            size_t before = r->out->len;
            st = escape(r, 0);
            if (r->out->len != before)
                r->last = LAST_ATOM;
            break;
        }
        case '[':
            st = class_expr(r);
            r->last = LAST_ATOM;
            break;
        case '(':
            pl_sb_puts(r->out, "(?:");
            r->i++;
            r->last = LAST_NONE;
            break;
        case '|':
            pl_sb_putc(r->out, '|');
            r->i++;
            r->last = LAST_NONE;
            break;
        case ')':
            pl_sb_putc(r->out, ')');
            r->i++;
            r->last = LAST_ATOM;
            break;
        case '*': case '+': case '?':
            st = repeat_op(r, &c, 1);
            r->i++;
            break;
        case '{':
            st = brace(r);
            break;
        case '}':
            pl_sb_puts(r->out, "\\}");
            r->i++;
            r->last = LAST_ATOM;
            break;
        case '^':
            pl_sb_puts(r->out, "(?:^)"); /* RE2 lets an anchor be repeated */
            r->i++;
            r->last = LAST_ATOM;
            break;
        default:
            pl_sb_putc(r->out, c);
            r->i++;
            r->last = LAST_ATOM;
            break;
        }
        if (st < 0)
            return -1;
    }
    return 0;
}

static void *arena_malloc(size_t size, void *data)
{
    return pl_arena_alloc((pl_arena *)data, size);
}

static void arena_free(void *p, void *data)
{
    (void)p;
    (void)data;
}

pl_glob_re2 *pl_glob_re2_compile(pl_arena *a, const char *re, size_t n, const char **why)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    reader r = {a, re, n, 0, &sb, NULL, LAST_NONE, 0};
    if (translate(&r) < 0) {
        *why = r.why;
        return NULL;
    }
    pcre2_general_context *gc = pcre2_general_context_create(arena_malloc, arena_free, a);
    pcre2_compile_context *cc = gc ? pcre2_compile_context_create(gc) : NULL;
    if (!cc) {
        *why = "out of memory";
        return NULL;
    }
    pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pl_sb_str(&sb), sb.len,
                                     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C,
                                     &err, &off, cc);
    if (!code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(err, msg, sizeof msg);
        *why = pl_arena_strdup(a, (const char *)msg);
        return NULL;
    }
    pl_glob_re2 *g = PL_NEW(a, pl_glob_re2);
    g->code = code;
    return g;
}

/* Go's regexp sees invalid UTF-8 as U+FFFD; PCRE2 needs it spelled so. */
int pl_glob_re2_match(const pl_glob_re2 *g, const char *s, size_t n)
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
            fn += pl_glob_encode_rune(r, fixed + fn);
        i += w;
    }
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    int rc = -1;
    if (md && mc) {
        /* bounded: a pathological expression gives up instead of hanging */
        pcre2_set_match_limit(mc, 200000);
        pcre2_set_depth_limit(mc, 10000);
        rc = pcre2_match(g->code, (PCRE2_SPTR)(fixed ? fixed : s), fixed ? fn : n, 0, 0, md, mc);
    }
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    free(fixed);
    return rc >= 0;
}
