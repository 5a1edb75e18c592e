/* dockerfile_lex.c — exec-form JSON and BuildKit's shell lexer.
 *
 * Owns: deciding whether an instruction's arguments are a JSON array the way
 * Go's encoding/json decides it (BuildKit falls back to shell form on any
 * decoding error, so the exact acceptance rules change the AST), and the
 * word lexer of BuildKit's shell/lex.go with an empty environment, which the
 * parser uses to find heredoc markers and the instruction layer uses to see
 * whether a value holds variables.
 *
 * cJSON is not used for the exec form because it accepts texts Go rejects
 * (raw control characters in strings, leading zeros) and stops strings at
 * "\u0000"; either would change which lines BuildKit treats as exec form.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dockerfile_internal.h"

/* ---- JSON ---------------------------------------------------------------- */

#define JSON_MAX_DEPTH 10000 /* Go's scanner refuses deeper nesting */

typedef struct {
    const char *s;
    size_t n, pos;
} json_cur;

static int json_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void json_skip_ws(json_cur *c)
{
    while (c->pos < c->n && json_is_ws(c->s[c->pos]))
        c->pos++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Scans a string token starting at '"'; 0 when malformed. */
static int json_scan_string(json_cur *c)
{
    c->pos++;
    while (c->pos < c->n) {
        unsigned char ch = (unsigned char)c->s[c->pos];
        if (ch == '"') {
            c->pos++;
            return 1;
        }
        if (ch < 0x20)
            return 0;
        if (ch == '\\') {
            if (++c->pos >= c->n)
                return 0;
            char e = c->s[c->pos];
            if (e == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (c->pos + (size_t)k >= c->n || hexval(c->s[c->pos + (size_t)k]) < 0)
                        return 0;
                c->pos += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == '\0')
                return 0;
        }
        c->pos++;
    }
    return 0;
}

static int32_t get_u4(const char *s, size_t n)
{
    if (n < 6 || s[0] != '\\' || s[1] != 'u')
        return -1;
    int32_t r = 0;
    for (int k = 2; k < 6; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return -1;
        r = r * 16 + h;
    }
    return r;
}

/* Decodes a validated string token the way Go's unquote does. */
static const char *json_decode_string(pl_arena *a, const char *s, size_t n, size_t *out_len)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    size_t i = 1, end = n - 1;
    while (i < end) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\\') {
            char e = s[i + 1];
            switch (e) {
            case 'b': pl_sb_putc(&sb, '\b'); i += 2; break;
            case 'f': pl_sb_putc(&sb, '\f'); i += 2; break;
            case 'n': pl_sb_putc(&sb, '\n'); i += 2; break;
            case 'r': pl_sb_putc(&sb, '\r'); i += 2; break;
            case 't': pl_sb_putc(&sb, '\t'); i += 2; break;
            case 'u': {
                int32_t r = get_u4(s + i, end - i);
                i += 6;
                if (r >= 0xD800 && r < 0xE000) {
                    int32_t r2 = get_u4(s + i, end - i);
                    if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
                        r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                        i += 6;
                    } else {
                        r = DF_RUNE_ERROR;
                    }
                }
                df_sb_put_rune(&sb, r);
                break;
            }
            default: pl_sb_putc(&sb, e); i += 2; break;
            }
        } else if (ch < 0x80) {
            pl_sb_putc(&sb, (char)ch);
            i++;
        } else {
            size_t w;
            int32_t r = df_decode_rune(s + i, end - i, &w);
            df_sb_put_rune(&sb, r);
            i += w;
        }
    }
    *out_len = sb.len;
    return pl_sb_str(&sb);
}

/* Scans a number; *overflow is set when Go's ParseFloat would fail. */
static int json_scan_number(json_cur *c, int *overflow)
{
    size_t start = c->pos;
    const char *s = c->s;
    if (c->pos < c->n && s[c->pos] == '-')
        c->pos++;
    if (c->pos >= c->n)
        return 0;
    if (s[c->pos] == '0') {
        c->pos++;
    } else if (s[c->pos] >= '1' && s[c->pos] <= '9') {
        while (c->pos < c->n && s[c->pos] >= '0' && s[c->pos] <= '9')
            c->pos++;
    } else {
        return 0;
    }
    if (c->pos < c->n && s[c->pos] == '.') {
        c->pos++;
        if (c->pos >= c->n || s[c->pos] < '0' || s[c->pos] > '9')
            return 0;
        while (c->pos < c->n && s[c->pos] >= '0' && s[c->pos] <= '9')
            c->pos++;
    }
    if (c->pos < c->n && (s[c->pos] == 'e' || s[c->pos] == 'E')) {
        c->pos++;
        if (c->pos < c->n && (s[c->pos] == '+' || s[c->pos] == '-'))
            c->pos++;
        if (c->pos >= c->n || s[c->pos] < '0' || s[c->pos] > '9')
            return 0;
        while (c->pos < c->n && s[c->pos] >= '0' && s[c->pos] <= '9')
            c->pos++;
    }
    size_t len = c->pos - start;
    char small[64];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (buf) {
        memcpy(buf, s + start, len);
        buf[len] = '\0';
        double v = strtod(buf, NULL);
        if (isinf(v))
            *overflow = 1;
        if (buf != small)
            free(buf);
    }
    return 1;
}

df_json_status df_json_parse_array(pl_arena *a, const char *s, size_t n,
                                   df_json_elem **elems, int *nelems)
{
    *elems = NULL;
    *nelems = 0;
    if (n == 0 || s[0] != '[')
        return DF_JSON_NOT_ARRAY;
    json_cur c = {s, n, 0};
    size_t cap = n < JSON_MAX_DEPTH + 1 ? n + 1 : JSON_MAX_DEPTH + 1;
    char *stack = PL_NEW_N(a, char, cap); /* '[' or '{' per open container */
    int depth = 0, not_strings = 0, overflow = 0;
    pl_vec items = {0};

    for (;;) {
        /* expecting a value */
        json_skip_ws(&c);
        if (c.pos >= c.n)
            return DF_JSON_NOT_ARRAY;
        char ch = s[c.pos];
        int top_elem = depth == 1 && stack[0] == '[';
        if (ch == '[' || ch == '{') {
            if (top_elem)
                not_strings = 1;
            if (depth >= JSON_MAX_DEPTH)
                return DF_JSON_NOT_ARRAY;
            stack[depth++] = ch;
            c.pos++;
            json_skip_ws(&c);
            if (c.pos < c.n && s[c.pos] == (ch == '[' ? ']' : '}')) {
                c.pos++;
                depth--;
                goto after_value;
            }
            if (ch == '{')
                goto object_key;
            continue;
        }
        if (ch == '"') {
            size_t start = c.pos;
            if (!json_scan_string(&c))
                return DF_JSON_NOT_ARRAY;
            if (top_elem) {
                df_json_elem *e = PL_NEW(a, df_json_elem);
                size_t len;
                e->text = json_decode_string(a, s + start, c.pos - start, &len);
                e->len = len;
                e->start = start;
                e->end = c.pos;
                pl_vec_push(a, &items, e);
            }
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (!json_scan_number(&c, &overflow))
                return DF_JSON_NOT_ARRAY;
            if (top_elem)
                not_strings = 1;
        } else {
            const char *lit = ch == 't' ? "true" : ch == 'f' ? "false" : ch == 'n' ? "null" : NULL;
            size_t ll = lit ? strlen(lit) : 0;
            if (!lit || c.n - c.pos < ll || memcmp(s + c.pos, lit, ll) != 0)
                return DF_JSON_NOT_ARRAY;
            c.pos += ll;
            if (top_elem)
                not_strings = 1;
        }
    after_value:
        json_skip_ws(&c);
        if (depth == 0) {
            if (c.pos != c.n)
                return DF_JSON_NOT_ARRAY;
            break;
        }
        if (c.pos >= c.n)
            return DF_JSON_NOT_ARRAY;
        ch = s[c.pos++];
        if (stack[depth - 1] == '[') {
            if (ch == ',')
                continue;
            if (ch != ']')
                return DF_JSON_NOT_ARRAY;
            depth--;
            goto after_value;
        }
        if (ch == '}') {
            depth--;
            goto after_value;
        }
        if (ch != ',')
            return DF_JSON_NOT_ARRAY;
    object_key:
        json_skip_ws(&c);
        if (c.pos >= c.n || s[c.pos] != '"' || !json_scan_string(&c))
            return DF_JSON_NOT_ARRAY;
        json_skip_ws(&c);
        if (c.pos >= c.n || s[c.pos] != ':')
            return DF_JSON_NOT_ARRAY;
        c.pos++;
    }
    /* Go reports an out-of-range number after decoding everything, and
     * BuildKit then falls back to shell form. */
    if (overflow)
        return DF_JSON_NOT_ARRAY;
    if (not_strings)
        return DF_JSON_NOT_STRINGS;
    *nelems = (int)items.len;
    *elems = PL_NEW_N(a, df_json_elem, items.len ? items.len : 1);
    for (size_t i = 0; i < items.len; i++)
        (*elems)[i] = *PL_VEC_AT(items, df_json_elem *, i);
    return DF_JSON_OK;
}

/* ---- shell lexer ------------------------------------------------------------ */

#define LEX_EOF (-1)

typedef struct {
    pl_arena *a;
    const df_lex_mode *mode;
    const char *s;
    size_t n, pos;
    int raw_escapes;
    pl_strbuf wbuf; /* shared by nested calls, as in BuildKit */
    size_t wstart, wend;
    const char *err;
} lexer;

typedef struct {
    pl_vec words;
    int in_word;
} word_list;

static int32_t lex_peek(lexer *lx)
{
    if (lx->pos >= lx->n)
        return LEX_EOF;
    size_t w;
    return df_decode_rune(lx->s + lx->pos, lx->n - lx->pos, &w);
}

static int32_t lex_next(lexer *lx)
{
    if (lx->pos >= lx->n)
        return LEX_EOF;
    size_t w;
    int32_t r = df_decode_rune(lx->s + lx->pos, lx->n - lx->pos, &w);
    lx->pos += w;
    return r;
}

static void add_raw_rune(lexer *lx, word_list *wl, int32_t r, size_t tok_start)
{
    if (lx->wbuf.len == 0)
        lx->wstart = tok_start;
    df_sb_put_rune(&lx->wbuf, r);
    lx->wend = lx->pos;
    wl->in_word = 1;
}

static void flush_word(lexer *lx, word_list *wl)
{
    df_lex_word *w = PL_NEW(lx->a, df_lex_word);
    w->text = pl_arena_strndup(lx->a, lx->wbuf.data, lx->wbuf.len);
    w->start = lx->wstart;
    w->end = lx->wend > lx->wstart ? lx->wend : lx->pos;
    pl_vec_push(lx->a, &wl->words, w);
    lx->wbuf.len = 0;
    wl->in_word = 0;
}

static void add_char(lexer *lx, word_list *wl, int32_t r, size_t tok_start)
{
    if (df_is_space(r)) {
        if (wl->in_word && lx->wbuf.len != 0)
            flush_word(lx, wl);
    } else {
        add_raw_rune(lx, wl, r, tok_start);
    }
}

static void add_raw_string(lexer *lx, word_list *wl, const char *str, size_t tok_start)
{
    if (lx->wbuf.len == 0)
        lx->wstart = tok_start;
    pl_sb_puts(&lx->wbuf, str);
    lx->wend = lx->pos;
    wl->in_word = 1;
}

static void add_string(lexer *lx, word_list *wl, const char *str, size_t tok_start)
{
    size_t n = strlen(str);
    for (size_t i = 0; i < n;) {
        size_t w;
        int32_t r = df_decode_rune(str + i, n - i, &w);
        add_char(lx, wl, r, tok_start);
        i += w;
    }
}

static const char *lex_fail(lexer *lx, const char *msg)
{
    if (!lx->err)
        lx->err = msg;
    return NULL;
}

static const char *process_stop_on(lexer *lx, int32_t stop, int raw_escapes, word_list *out);

static int is_special_param(int32_t r)
{
    return r == '@' || r == '*' || r == '#' || r == '?' || r == '-' || r == '$' || r == '!' ||
           r == '0';
}

/* unicode.IsLetter/IsDigit, exact for ASCII; other printable runes outside
 * Latin-1 punctuation count as letters. */
static int is_name_rune(int32_t r)
{
    if (r < 0x80)
        return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
               r == '_';
    if (r < 0xC0)
        return r == 0xAA || r == 0xB5 || r == 0xBA;
    return r != 0xD7 && r != 0xF7 && df_is_print(r);
}

static const char *process_name(lexer *lx)
{
    pl_strbuf name;
    pl_sb_init(&name, lx->a);
    while (lex_peek(lx) != LEX_EOF) {
        int32_t ch = lex_peek(lx);
        if (name.len == 0 && ch >= '0' && ch <= '9') {
            while (lex_peek(lx) >= '0' && lex_peek(lx) <= '9')
                df_sb_put_rune(&name, lex_next(lx));
            return pl_sb_str(&name);
        }
        if (name.len == 0 && is_special_param(ch)) {
            df_sb_put_rune(&name, lex_next(lx));
            return pl_sb_str(&name);
        }
        if (!is_name_rune(ch))
            break;
        df_sb_put_rune(&name, lex_next(lx));
    }
    return pl_sb_str(&name);
}

/* convertShellPatternToRegex only fails on an escape before a character
 * other than * ? \ } /. */
static int pattern_ok(const char *p)
{
    for (; *p; p++) {
        if (*p != '\\')
            continue;
        if (p[1] == '}' || p[1] == '/')
            continue;
        if (p[1] != '*' && p[1] != '?' && p[1] != '\\')
            return 0;
        p++;
    }
    return 1;
}

static int pattern_matches_empty(const char *p)
{
    for (; *p; p++)
        if (*p != '*')
            return 0;
    return 1;
}

static const char *process_dollar(lexer *lx)
{
    pl_arena *a = lx->a;
    int skip = lx->mode->skip_unset_env;
    lex_next(lx);
    if (lex_peek(lx) != '{') {
        const char *name = process_name(lx);
        if (!*name)
            return "$";
        return skip ? pl_arena_printf(a, "$%s", name) : "";
    }
    lex_next(lx);
    int32_t p = lex_peek(lx);
    if (p == LEX_EOF)
        return lex_fail(lx, "syntax error: missing '}'");
    if (p == '{' || p == '}' || p == ':')
        return lex_fail(lx, "syntax error: bad substitution");
    const char *name = process_name(lx);
    int32_t ch = lex_next(lx);
    pl_strbuf chs;
    pl_sb_init(&chs, a);
    df_sb_put_rune(&chs, ch == LEX_EOF ? DF_RUNE_ERROR : ch);
    int null_is_unset = 0;
    word_list scratch = {{0}, 0};
    switch (ch) {
    case '}':
        return skip ? pl_arena_printf(a, "${%s}", name) : "";
    case ':':
        null_is_unset = 1;
        ch = lex_next(lx);
        df_sb_put_rune(&chs, ch == LEX_EOF ? DF_RUNE_ERROR : ch);
        /* fall through */
    case '+': case '-': case '?': case '#': case '%': {
        int raw = ch == '#' || ch == '%';
        if (null_is_unset && raw)
            return lex_fail(lx, pl_arena_printf(a, "unsupported modifier (%s) in substitution",
                                                pl_sb_str(&chs)));
        const char *word = process_stop_on(lx, '}', raw, &scratch);
        if (!word) {
            if (lex_peek(lx) == LEX_EOF)
                lx->err = "syntax error: missing '}'";
            return NULL;
        }
        if (skip)
            return pl_arena_printf(a, "${%s%s%s}", name, pl_sb_str(&chs), word);
        switch (ch) {
        case '-':
            return word;
        case '+':
            return "";
        case '?':
            return lex_fail(lx, pl_arena_printf(a, "%s: %s", name,
                                                *word ? word : "is not allowed to be unset"));
        case '%': case '#': {
            const char *pat = word;
            if (*pat == (char)ch)
                pat++;
            if (!pattern_ok(pat))
                return lex_fail(lx, pl_arena_printf(a, "invalid pattern (%s) in substitution", pat));
            return "";
        }
        default:
            return lex_fail(lx, pl_arena_printf(a, "unsupported modifier (%s) in substitution",
                                                pl_sb_str(&chs)));
        }
    }
    case '/': {
        if (lex_peek(lx) == '/')
            lex_next(lx);
        const char *pattern = process_stop_on(lx, '/', 1, &scratch);
        if (!pattern) {
            if (lex_peek(lx) == LEX_EOF)
                lx->err = "syntax error: missing '/' in ${}";
            return NULL;
        }
        const char *repl = process_stop_on(lx, '}', 1, &scratch);
        if (!repl) {
            if (lex_peek(lx) == LEX_EOF)
                lx->err = "syntax error: missing '}'";
            return NULL;
        }
        if (skip)
            return pl_arena_printf(a, "${%s/%s/%s}", name, pattern, repl);
        if (!pattern_ok(pattern))
            return lex_fail(lx, pl_arena_printf(a, "invalid pattern (%s) in substitution", pattern));
        return pattern_matches_empty(pattern) ? repl : "";
    }
    default:
        return lex_fail(lx, pl_arena_printf(a, "unsupported modifier (%s) in substitution",
                                            pl_sb_str(&chs)));
    }
}

static const char *process_single_quote(lexer *lx)
{
    pl_strbuf r;
    pl_sb_init(&r, lx->a);
    int32_t ch = lex_next(lx);
    if (lx->mode->raw_quotes)
        df_sb_put_rune(&r, ch);
    for (;;) {
        ch = lex_next(lx);
        if (ch == LEX_EOF)
            return lex_fail(lx, "unexpected end of statement while looking for matching single-quote");
        if (ch == '\'') {
            if (lx->mode->raw_quotes)
                df_sb_put_rune(&r, ch);
            return pl_sb_str(&r);
        }
        df_sb_put_rune(&r, ch);
    }
}

static const char *process_double_quote(lexer *lx)
{
    pl_strbuf r;
    pl_sb_init(&r, lx->a);
    int32_t esc = (unsigned char)lx->mode->escape;
    int32_t ch = lex_next(lx);
    if (lx->mode->raw_quotes)
        df_sb_put_rune(&r, ch);
    for (;;) {
        int32_t p = lex_peek(lx);
        if (p == LEX_EOF)
            return lex_fail(lx, "unexpected end of statement while looking for matching double-quote");
        if (p == '"') {
            ch = lex_next(lx);
            if (lx->mode->raw_quotes)
                df_sb_put_rune(&r, ch);
            return pl_sb_str(&r);
        }
        if (p == '$') {
            const char *v = process_dollar(lx);
            if (!v)
                return NULL;
            pl_sb_puts(&r, v);
            continue;
        }
        ch = lex_next(lx);
        if (ch == esc) {
            if (lx->raw_escapes)
                df_sb_put_rune(&r, ch);
            int32_t q = lex_peek(lx);
            if (q == LEX_EOF)
                continue;
            if (q == '"' || q == '$' || q == esc)
                ch = lex_next(lx);
        }
        df_sb_put_rune(&r, ch);
    }
}

static const char *process_possible_heredoc(lexer *lx)
{
    lex_next(lx);
    if (lex_peek(lx) != '<')
        return "<";
    lex_next(lx);
    pl_strbuf r;
    pl_sb_init(&r, lx->a);
    pl_sb_puts(&r, "<<");
    for (int32_t p = lex_peek(lx); p == '\t' || p == '\r' || p == ' '; p = lex_peek(lx))
        df_sb_put_rune(&r, lex_next(lx));
    return pl_sb_str(&r);
}

static const char *process_stop_on(lexer *lx, int32_t stop, int raw_escapes, word_list *out)
{
    pl_strbuf result;
    pl_sb_init(&result, lx->a);
    lx->wbuf.len = 0;
    word_list wl = {{0}, 0};
    int saved = lx->raw_escapes;
    lx->raw_escapes = raw_escapes;
    int32_t esc = (unsigned char)lx->mode->escape;
    const char *ret = NULL;

    while (lex_peek(lx) != LEX_EOF) {
        int32_t ch = lex_peek(lx);
        size_t tok = lx->pos;
        if (stop != LEX_EOF && ch == stop) {
            lex_next(lx);
            goto done;
        }
        if (ch == '$' || ch == '<' || ch == '\'' || ch == '"') {
            const char *tmp = ch == '$'    ? process_dollar(lx)
                              : ch == '<'  ? process_possible_heredoc(lx)
                              : ch == '\'' ? process_single_quote(lx)
                                           : process_double_quote(lx);
            if (!tmp) {
                lx->raw_escapes = saved;
                return NULL;
            }
            pl_sb_puts(&result, tmp);
            if (ch == '$')
                add_string(lx, &wl, tmp, tok);
            else
                add_raw_string(lx, &wl, tmp, tok);
            continue;
        }
        ch = lex_next(lx);
        if (ch == esc) {
            if (lx->raw_escapes) {
                add_raw_rune(lx, &wl, ch, tok);
                df_sb_put_rune(&result, ch);
            }
            ch = lex_next(lx);
            if (ch == LEX_EOF)
                break;
            add_raw_rune(lx, &wl, ch, tok);
        } else {
            add_char(lx, &wl, ch, tok);
        }
        df_sb_put_rune(&result, ch);
    }
    if (stop != LEX_EOF) {
        lx->raw_escapes = saved;
        return lex_fail(lx, pl_arena_printf(lx->a,
                                            "unexpected end of statement while looking for matching %c",
                                            (char)stop));
    }
done:
    if (lx->wbuf.len > 0)
        flush_word(lx, &wl);
    lx->raw_escapes = saved;
    *out = wl;
    ret = pl_sb_str(&result);
    return ret;
}

int df_lex_process(pl_arena *a, const df_lex_mode *mode, const char *s, size_t n,
                   const char **result, df_lex_word **words, int *nwords, const char **error)
{
    lexer lx;
    memset(&lx, 0, sizeof lx);
    lx.a = a;
    lx.mode = mode;
    lx.s = s;
    lx.n = n;
    lx.raw_escapes = mode->raw_escapes;
    pl_sb_init(&lx.wbuf, a);
    /* text/scanner drops a byte-order mark at the start of its input */
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        lx.pos = 3;
    word_list wl = {{0}, 0};
    const char *r = process_stop_on(&lx, LEX_EOF, mode->raw_escapes, &wl);
    if (result)
        *result = r;
    if (words)
        *words = NULL;
    if (nwords)
        *nwords = 0;
    if (!r) {
        if (error)
            *error = lx.err ? lx.err : "lexing failed";
        return -1;
    }
    if (words && nwords) {
        *nwords = (int)wl.words.len;
        *words = PL_NEW_N(a, df_lex_word, wl.words.len ? wl.words.len : 1);
        for (size_t i = 0; i < wl.words.len; i++)
            (*words)[i] = *PL_VEC_AT(wl.words, df_lex_word *, i);
    }
    if (error)
        *error = NULL;
    return 0;
}
