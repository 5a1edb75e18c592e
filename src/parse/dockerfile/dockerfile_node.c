/* dockerfile_node.c — one logical Dockerfile line into an instruction node.
 *
 * Owns: BuildKit's splitCommand/extractBuilderFlags (keyword and `--flags`)
 * and the per-instruction argument parsers of line_parsers.go: whitespace
 * lists, single strings, parseWords for ARG/ENV/LABEL, ENV/LABEL key-value
 * triples with the legacy `K V` form, JSON exec form with its fallback,
 * HEALTHCHECK and the ONBUILD sub-instruction. Every word gets its span
 * through the instruction's segment map.
 */
#include <string.h>

#include "plimsoll/dockerfile.h"
#include "dockerfile_internal.h"

typedef struct {
    const char *text;
    size_t len;
    size_t start, end; /* in the parsed string; end exclusive */
} word_t;

/* ---- building instructions ------------------------------------------------------ */

typedef struct {
    pl_vec words; /* pl_df_word* */
} args_t;

static void add_word(df_parser *p, pl_df_instr *ins, args_t *args, const char *text, size_t len,
                     size_t start, size_t end)
{
    pl_df_word *w = PL_NEW(p->a, pl_df_word);
    w->text = text;
    w->len = len;
    w->span = pl_df_span_of(ins, start, end > start ? end - start : 0);
    pl_vec_push(p->a, &args->words, w);
}

static void add_nospan_word(df_parser *p, args_t *args, const char *text)
{
    pl_df_word *w = PL_NEW(p->a, pl_df_word);
    w->text = text;
    w->len = strlen(text);
    pl_vec_push(p->a, &args->words, w);
}

static void add_slice(df_parser *p, pl_df_instr *ins, args_t *args, size_t start, size_t end)
{
    add_word(p, ins, args, pl_arena_strndup(p->a, ins->original + start, end - start), end - start,
             start, end);
}

static int ws_byte(char c) /* reWhitespace: [\t\v\f\r ] */
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* parseStringsWhitespaceDelimited over original[off, off+n) */
static void split_whitespace(df_parser *p, pl_df_instr *ins, args_t *args, size_t off, size_t n)
{
    if (n == 0)
        return;
    const char *s = ins->original + off;
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        if (ws_byte(s[i])) {
            add_slice(p, ins, args, off + start, off + i);
            while (i < n && ws_byte(s[i]))
                i++;
            start = i;
        } else {
            i++;
        }
    }
    add_slice(p, ins, args, off + start, off + n);
}

/* parseWords: words split on unicode spaces, quotes and escapes kept. */
static int parse_words(df_parser *p, const char *s, size_t n, word_t **out)
{
    enum { IN_SPACES, IN_WORD, IN_QUOTE } phase = IN_SPACES;
    pl_strbuf sb;
    pl_sb_init(&sb, p->a);
    pl_vec v = {0};
    int32_t quote = 0, ch = 0;
    int blank_ok = 0;
    size_t w = 0, wstart = 0;
    int32_t esc = (unsigned char)p->escape;

    for (size_t pos = 0; pos <= n; pos += w) {
        if (pos != n)
            ch = df_decode_rune(s + pos, n - pos, &w);
        if (phase == IN_SPACES) {
            if (pos == n)
                break;
            if (df_is_space(ch))
                continue;
            phase = IN_WORD;
            wstart = pos;
        }
        if (pos == n) {
            if (blank_ok || sb.len > 0) {
                word_t *wd = PL_NEW(p->a, word_t);
                wd->len = sb.len;
                wd->text = pl_arena_strndup(p->a, sb.data ? sb.data : "", sb.len);
                wd->start = wstart;
                wd->end = n;
                pl_vec_push(p->a, &v, wd);
            }
            break;
        }
        if (phase == IN_WORD) {
            if (df_is_space(ch)) {
                phase = IN_SPACES;
                if (blank_ok || sb.len > 0) {
                    word_t *wd = PL_NEW(p->a, word_t);
                    wd->len = sb.len;
                    wd->text = pl_arena_strndup(p->a, sb.data ? sb.data : "", sb.len);
                    wd->start = wstart;
                    wd->end = pos;
                    pl_vec_push(p->a, &v, wd);
                }
                sb.len = 0;
                blank_ok = 0;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blank_ok = 1;
                phase = IN_QUOTE;
            }
            if (ch == esc) {
                if (pos + w == n)
                    continue;
                df_sb_put_rune(&sb, ch);
                pos += w;
                ch = df_decode_rune(s + pos, n - pos, &w);
            }
            df_sb_put_rune(&sb, ch);
            continue;
        }
        /* IN_QUOTE */
        if (ch == quote)
            phase = IN_WORD;
        if (ch == esc && quote != '\'') {
            if (pos + w == n) {
                phase = IN_WORD;
                continue;
            }
            pos += w;
            df_sb_put_rune(&sb, ch);
            ch = df_decode_rune(s + pos, n - pos, &w);
        }
        df_sb_put_rune(&sb, ch);
    }
    *out = PL_NEW_N(p->a, word_t, v.len ? v.len : 1);
    for (size_t i = 0; i < v.len; i++)
        (*out)[i] = *PL_VEC_AT(v, word_t *, i);
    return (int)v.len;
}

static void parse_name_val(df_parser *p, pl_df_instr *ins, args_t *args, size_t off, size_t n,
                           const char *key)
{
    const char *s = ins->original + off;
    word_t *words;
    int nw = parse_words(p, s, n, &words);
    if (nw == 0)
        return;
    if (!memchr(words[0].text, '=', words[0].len)) {
        size_t i = 0;
        while (i < n && !ws_byte(s[i]))
            i++;
        if (i == n) {
            df_parse_error(p, pl_df_span_of(ins, off, n),
                        pl_arena_printf(p->a, "%s must have two arguments", key));
            add_slice(p, ins, args, off, off + n);
            add_nospan_word(p, args, "");
            add_nospan_word(p, args, "");
            return;
        }
        size_t j = i;
        while (j < n && ws_byte(s[j]))
            j++;
        add_slice(p, ins, args, off, off + i);
        add_slice(p, ins, args, off + j, off + n);
        add_nospan_word(p, args, "");
        return;
    }
    for (int k = 0; k < nw; k++) {
        const word_t *wd = &words[k];
        const char *eq = memchr(wd->text, '=', wd->len);
        if (!eq) {
            df_parse_error(p, pl_df_span_of(ins, off + wd->start, wd->end - wd->start),
                        pl_arena_printf(p->a,
                                        "Syntax error - can't find = in %s. Must be of the form: name=value",
                                        df_quote(p->a, wd->text)));
            continue;
        }
        size_t klen = (size_t)(eq - wd->text);
        const char *src_eq = memchr(s + wd->start, '=', wd->end - wd->start);
        size_t eq_off = src_eq ? (size_t)(src_eq - s) : wd->start + klen;
        add_word(p, ins, args, pl_arena_strndup(p->a, wd->text, klen), klen, off + wd->start,
                 off + eq_off);
        add_word(p, ins, args, pl_arena_strndup(p->a, eq + 1, wd->len - klen - 1),
                 wd->len - klen - 1, off + eq_off + 1, off + wd->end);
        add_word(p, ins, args, "=", 1, off + eq_off, off + eq_off + 1);
    }
}

/* parseMaybeJSON / parseMaybeJSONToList; returns 1 when the text was JSON. */
static int parse_maybe_json(df_parser *p, pl_df_instr *ins, args_t *args, size_t off, size_t n,
                            int to_list)
{
    if (n == 0 && !to_list)
        return 0;
    size_t lead = df_trim_left(ins->original + off, n);
    df_json_elem *elems;
    int ne;
    df_json_status st = df_json_parse_array(p->a, ins->original + off + lead, n - lead, &elems, &ne);
    if (st == DF_JSON_OK) {
        for (int i = 0; i < ne; i++)
            add_word(p, ins, args, elems[i].text, elems[i].len, off + lead + elems[i].start,
                     off + lead + elems[i].end);
        return 1;
    }
    if (st == DF_JSON_NOT_STRINGS)
        df_parse_error(p, pl_df_span_of(ins, off, n),
                    "when using JSON array syntax, arrays must be comprised of strings only");
    if (to_list)
        split_whitespace(p, ins, args, off, n);
    else
        add_slice(p, ins, args, off, off + n);
    return 0;
}

static void finish_args(df_parser *p, pl_df_instr *ins, args_t *args)
{
    ins->nargs = (int)args->words.len;
    ins->args = PL_NEW_N(p->a, pl_df_word, args->words.len ? args->words.len : 1);
    for (size_t i = 0; i < args->words.len; i++)
        ins->args[i] = *PL_VEC_AT(args->words, pl_df_word *, i);
}

static void put_byte_rune(pl_strbuf *sb, unsigned char b)
{
    /* BuildKit's flag scanner turns each byte into a rune of that value */
    df_sb_put_rune(sb, (int32_t)b);
}

static void push_flag(df_parser *p, pl_df_instr *ins, pl_vec *flags, pl_strbuf *sb, size_t start,
                      size_t end)
{
    pl_df_flag *f = PL_NEW(p->a, pl_df_flag);
    f->raw_len = sb->len;
    f->raw = pl_arena_strndup(p->a, sb->data ? sb->data : "", sb->len);
    const char *eq = memchr(f->raw, '=', f->raw_len);
    size_t name_end = eq ? (size_t)(eq - f->raw) : f->raw_len;
    f->name = pl_arena_strndup(p->a, f->raw + (name_end >= 2 ? 2 : name_end),
                               name_end >= 2 ? name_end - 2 : 0);
    f->value = eq ? pl_arena_strndup(p->a, eq + 1, f->raw_len - name_end - 1) : NULL;
    f->span = pl_df_span_of(ins, start, end - start);
    pl_vec_push(p->a, flags, f);
}

/* extractBuilderFlags over original[off, off+n): returns where the
 * arguments start (relative to off). */
static size_t extract_flags(df_parser *p, pl_df_instr *ins, size_t off, size_t n, pl_vec *flags)
{
    enum { IN_SPACES, IN_WORD, IN_QUOTE } phase = IN_SPACES;
    const char *s = ins->original + off;
    pl_strbuf sb;
    pl_sb_init(&sb, p->a);
    unsigned char quote = 0, ch = 0;
    int blank_ok = 0;
    size_t wstart = 0;
    for (size_t pos = 0; pos <= n; pos++) {
        if (pos != n)
            ch = (unsigned char)s[pos];
        if (phase == IN_SPACES) {
            if (pos == n)
                break;
            if (df_is_space_byte(ch))
                continue;
            if (ch != '-' || pos + 1 == n || s[pos + 1] != '-')
                return pos;
            phase = IN_WORD;
            wstart = pos;
        }
        if (pos == n) {
            int dashdash = sb.len == 2 && memcmp(sb.data, "--", 2) == 0;
            if (!dashdash && (blank_ok || sb.len > 0))
                push_flag(p, ins, flags, &sb, off + wstart, off + n);
            break;
        }
        if (phase == IN_WORD) {
            if (df_is_space_byte(ch)) {
                phase = IN_SPACES;
                if (sb.len == 2 && memcmp(sb.data, "--", 2) == 0)
                    return pos;
                if (blank_ok || sb.len > 0)
                    push_flag(p, ins, flags, &sb, off + wstart, off + pos);
                sb.len = 0;
                blank_ok = 0;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blank_ok = 1;
                phase = IN_QUOTE;
                continue;
            }
            if (ch == (unsigned char)p->escape) {
                if (pos + 1 == n)
                    continue;
                ch = (unsigned char)s[++pos];
            }
            put_byte_rune(&sb, ch);
            continue;
        }
        if (ch == quote) {
            phase = IN_WORD;
            continue;
        }
        if (ch == (unsigned char)p->escape) {
            if (pos + 1 == n) {
                phase = IN_WORD;
                continue;
            }
            ch = (unsigned char)s[++pos];
        }
        put_byte_rune(&sb, ch);
    }
    return n;
}

static pl_df_segment *shift_segments(pl_arena *a, const pl_df_instr *from, size_t offset, int *n)
{
    int first = 0;
    for (int i = 0; i < from->nsegments; i++)
        if (from->segments[i].offset <= offset)
            first = i;
    *n = from->nsegments - first;
    pl_df_segment *out = PL_NEW_N(a, pl_df_segment, *n > 0 ? *n : 1);
    for (int i = 0; i < *n; i++) {
        pl_df_segment s = from->segments[first + i];
        if (i == 0) {
            s.col += (int)(offset - s.offset);
            s.offset = 0;
        } else {
            s.offset -= offset;
        }
        out[i] = s;
    }
    return out;
}

static void parse_args(df_parser *p, pl_df_instr *ins, size_t off, size_t n);

/* newNodeFromLine: keyword, flags and the arguments of one logical line
 * (ins->original, segments already set). */
void df_node_from_line(df_parser *p, pl_df_instr *ins)
{
    const char *s = ins->original;
    size_t n = ins->original_len;
    size_t b = df_trim_left(s, n);
    size_t e = b + df_trim_right(s + b, n - b);
    size_t k = b;
    while (k < e && !ws_byte(s[k]))
        k++;
    ins->keyword = pl_arena_strndup(p->a, s + b, k - b);
    ins->name = df_str_lower_n(p->a, s + b, k - b, &ins->name_len);
    ins->kind = pl_df_kind_from_name(ins->name);
    ins->keyword_span = pl_df_span_of(ins, b, k - b);

    size_t rest_off = e, rest_len = 0;
    pl_vec flags = {0};
    if (k < e) {
        size_t a0 = k;
        while (a0 < e && ws_byte(s[a0]))
            a0++;
        size_t args_rel = extract_flags(p, ins, a0, e - a0, &flags);
        size_t rs = a0 + args_rel;
        rs += df_trim_left(s + rs, e - rs);
        size_t re = rs + df_trim_right(s + rs, e - rs);
        rest_off = rs;
        rest_len = re - rs;
    }
    ins->nflags = (int)flags.len;
    ins->flags = PL_NEW_N(p->a, pl_df_flag, flags.len ? flags.len : 1);
    for (size_t i = 0; i < flags.len; i++)
        ins->flags[i] = *PL_VEC_AT(flags, pl_df_flag *, i);
    ins->rest_offset = rest_off;
    ins->rest_len = rest_len;
    ins->rest = pl_arena_strndup(p->a, s + rest_off, rest_len);
    parse_args(p, ins, rest_off, rest_len);
}

static void parse_args(df_parser *p, pl_df_instr *ins, size_t off, size_t n)
{
    args_t args = {{0}};
    const char *s = ins->original + off;
    switch (ins->kind) {
    case PL_DF_ADD:
    case PL_DF_COPY:
    case PL_DF_VOLUME:
        ins->json = parse_maybe_json(p, ins, &args, off, n, 1);
        break;
    case PL_DF_RUN:
    case PL_DF_CMD:
    case PL_DF_ENTRYPOINT:
    case PL_DF_SHELL:
        ins->json = parse_maybe_json(p, ins, &args, off, n, 0);
        break;
    case PL_DF_FROM:
    case PL_DF_EXPOSE:
        split_whitespace(p, ins, &args, off, n);
        break;
    case PL_DF_MAINTAINER:
    case PL_DF_STOPSIGNAL:
    case PL_DF_USER:
    case PL_DF_WORKDIR:
        if (n > 0)
            add_slice(p, ins, &args, off, off + n);
        break;
    case PL_DF_ARG: {
        word_t *words;
        int nw = parse_words(p, s, n, &words);
        for (int i = 0; i < nw; i++)
            add_word(p, ins, &args, words[i].text, words[i].len, off + words[i].start,
                     off + words[i].end);
        break;
    }
    case PL_DF_ENV:
        parse_name_val(p, ins, &args, off, n, "ENV");
        break;
    case PL_DF_LABEL:
        parse_name_val(p, ins, &args, off, n, "LABEL");
        break;
    case PL_DF_HEALTHCHECK: {
        size_t sep = 0;
        while (sep < n && !df_is_space_byte((unsigned char)s[sep]))
            sep++;
        size_t next = sep;
        while (next < n && df_is_space_byte((unsigned char)s[next]))
            next++;
        if (sep == 0)
            break;
        add_slice(p, ins, &args, off, off + sep);
        ins->json = parse_maybe_json(p, ins, &args, off + next, n - next, 0);
        break;
    }
    case PL_DF_ONBUILD: {
        if (n == 0)
            break;
        pl_df_instr *sub = PL_NEW(p->a, pl_df_instr);
        sub->index = -1;
        sub->parent = ins;
        sub->original = pl_arena_strndup(p->a, s, n);
        sub->original_len = n;
        sub->segments = shift_segments(p->a, ins, off, &sub->nsegments);
        df_node_from_line(p, sub);
        ins->sub = sub;
        break;
    }
    case PL_DF_UNKNOWN:
        /* parseIgnore: BuildKit keeps one empty argument node */
        add_word(p, ins, &args, "", 0, off, off);
        break;
    }
    finish_args(p, ins, &args);
}

