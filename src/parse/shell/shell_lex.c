/* shell_lex.c — the word level of the RUN shell reader.
 *
 * Owns reading one shell word: quote removal (single quotes literal, double
 * quotes with their four escapes, backslashes, line continuations), the
 * expansions kept as written (`$x`, `${...}`, `$((...))`, `$[...]`,
 * `$(...)`, backticks, `<(...)`), bash `$'...'` strings and array values;
 * reading here-document bodies; skipping blanks and comments; and the depth
 * and copy limits that keep the reader bounded. The commands inside
 * substitutions are read by handing the cursor back to the grammar
 * (pl_sh_parse_list in shell.c).
 */
#include "shell_lex.h"

#include <string.h>

static void read_dollar(sh_parser *p, pl_strbuf *sb, int in_dq, int *has_expansion);
static void read_backtick(sh_parser *p);

/* Stops reading: the rest of the text is skipped and words still being
 * read get empty strings. */
static void give_up(sh_parser *p)
{
    p->malformed = 1;
    p->gave_up = 1;
    p->pos = p->len;
}

/* Entering a nested construct; past MAX_DEPTH the rest of the text is given
 * up so that the stack stays bounded. */
int pl_sh_enter(sh_parser *p)
{
    if (p->depth >= MAX_DEPTH) {
        give_up(p);
        return 0;
    }
    p->depth++;
    return 1;
}

void pl_sh_leave(sh_parser *p)
{
    p->depth--;
}

/* Appends the raw text from `from` to the cursor: expansions are kept as
 * written. */
static void append_span(sh_parser *p, pl_strbuf *sb, size_t from)
{
    if (sb && p->pos > from && !p->gave_up) {
        p->copied += p->pos - from;
        pl_sb_append(sb, p->t + from, p->pos - from);
    }
}

/* ---- here-documents -------------------------------------------------------- */

/* Reads the body lines of one here-document up to its delimiter line. Bodies
 * are not commands, but the substitutions of an unquoted body run. */
static void read_heredoc_body(sh_parser *p, const pending_heredoc *h)
{
    for (;;) {
        if (p->pos >= p->len) {
            p->malformed = 1;
            return;
        }
        size_t line = p->pos;
        const char *nl = memchr(p->t + line, '\n', p->len - line);
        size_t end = nl ? (size_t)(nl - p->t) : p->len;
        size_t first = line;
        if (h->strip_tabs)
            while (first < end && p->t[first] == '\t')
                first++;
        if (end - first == h->delim_len && memcmp(p->t + first, h->delim, h->delim_len) == 0) {
            p->pos = nl ? end + 1 : end;
            return;
        }
        if (h->quoted) {
            p->pos = nl ? end + 1 : end;
            continue;
        }
        while (p->pos < p->len && p->t[p->pos] != '\n') {
            char c = p->t[p->pos];
            if (c == '\\')
                p->pos = p->pos + 2 <= p->len ? p->pos + 2 : p->len;
            else if (c == '$') {
                int dummy = 0;
                read_dollar(p, NULL, 1, &dummy);
            } else if (c == '`')
                read_backtick(p);
            else
                p->pos++;
        }
        if (p->pos < p->len)
            p->pos++;
    }
}

/* A newline at token level: here-documents started on the line begin after it. */
void pl_sh_consume_newline(sh_parser *p)
{
    p->pos++;
    while (p->heredoc_next < p->heredocs.len) {
        /* Taken off the queue first: a substitution inside the body may
         * reach another newline and come back here. */
        const pending_heredoc *h = PL_VEC_AT(p->heredocs, const pending_heredoc *, p->heredoc_next);
        p->heredoc_next++;
        read_heredoc_body(p, h);
    }
}

/* ---- skipping ---------------------------------------------------------------- */

void pl_sh_skip_blanks(sh_parser *p)
{
    while (is_blank(cur(p)))
        p->pos++;
}

/* Inside backticks the shell finds the closing '`' before it reads the
 * commands, so a comment there ends at that backtick (an escaped one does
 * not close): `pkg `# why` \` is an annotated argument list, common in
 * Dockerfiles, and the rest of the line is still commands. */
void pl_sh_skip_comment(sh_parser *p)
{
    if (cur(p) != '#')
        return;
    while (p->pos < p->len && p->t[p->pos] != '\n') {
        if (p->bt_depth > 0 && p->t[p->pos] == '`' && p->t[p->pos - 1] != '\\')
            return;
        p->pos++;
    }
}

/* Blanks, comments and newlines between commands. */
void pl_sh_skip_space(sh_parser *p)
{
    for (;;) {
        int c = cur(p);
        if (is_blank(c))
            p->pos++;
        else if (c == '\n')
            pl_sh_consume_newline(p);
        else if (c == '#')
            pl_sh_skip_comment(p);
        else
            return;
    }
}

/* ---- words -------------------------------------------------------------------- */

static void read_single_quoted(sh_parser *p, pl_strbuf *sb)
{
    p->pos++; /* the quote */
    const char *q = memchr(p->t + p->pos, '\'', p->len - p->pos);
    size_t end = q ? (size_t)(q - p->t) : p->len;
    if (sb)
        pl_sb_append(sb, p->t + p->pos, end - p->pos);
    if (q)
        p->pos = end + 1;
    else {
        p->pos = end;
        p->malformed = 1;
    }
}

/* Inside double quotes a backslash escapes only $ ` " \ and newline. */
static void read_double_quoted(sh_parser *p, pl_strbuf *sb, int *has_expansion)
{
    p->pos++; /* the quote */
    for (;;) {
        int c = cur(p);
        if (c == -1) {
            p->malformed = 1;
            return;
        }
        if (c == '"') {
            p->pos++;
            return;
        }
        if (c == '\\') {
            int n = p->pos + 1 < p->len ? (unsigned char)p->t[p->pos + 1] : -1;
            if (n == '$' || n == '`' || n == '"' || n == '\\') {
                if (sb)
                    pl_sb_putc(sb, (char)n);
                p->pos += 2;
            } else {
                if (sb)
                    pl_sb_putc(sb, '\\');
                p->pos++;
            }
        } else if (c == '$') {
            read_dollar(p, sb, 1, has_expansion);
        } else if (c == '`') {
            if (p->bt_depth > 0) {
                p->malformed = 1; /* the enclosing backtick ends first */
                return;
            }
            size_t from = p->pos;
            read_backtick(p);
            append_span(p, sb, from);
            *has_expansion = 1;
        } else {
            if (sb)
                pl_sb_putc(sb, (char)c);
            p->pos++;
        }
    }
}

/* `$'...'`: bash's C-style string; the common escapes are decoded. */
static void read_ansi_c(sh_parser *p, pl_strbuf *sb)
{
    p->pos += 2;
    while (p->pos < p->len && p->t[p->pos] != '\'') {
        char c = p->t[p->pos];
        if (c == '\\' && p->pos + 1 < p->len) {
            char e = p->t[p->pos + 1];
            char out = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            if (e != '\\' && e != '\'' && e != '"' && e != 'n' && e != 't' && e != 'r') {
                if (sb)
                    pl_sb_putc(sb, '\\');
            }
            if (sb)
                pl_sb_putc(sb, out);
            p->pos += 2;
            continue;
        }
        if (sb)
            pl_sb_putc(sb, c);
        p->pos++;
    }
    if (p->pos < p->len)
        p->pos++;
    else
        p->malformed = 1;
}

/* `$((...))` and `((...))`: arithmetic, read up to the matching `))`. The
 * opening parentheses are consumed already. */
void pl_sh_read_arithmetic(sh_parser *p)
{
    if (!pl_sh_enter(p))
        return;
    int depth = 0;
    for (;;) {
        int c = cur(p);
        if (c == -1) {
            p->malformed = 1;
            break;
        }
        int dummy = 0;
        if (c == '(') {
            depth++;
            p->pos++;
        } else if (c == ')') {
            p->pos++;
            if (depth > 0) {
                depth--;
            } else {
                if (cur(p) == ')')
                    p->pos++;
                else
                    p->malformed = 1;
                break;
            }
        } else if (c == '$') {
            read_dollar(p, NULL, 0, &dummy);
        } else if (c == '`') {
            read_backtick(p);
        } else if (c == '"') {
            read_double_quoted(p, NULL, &dummy);
        } else if (c == '\'') {
            read_single_quoted(p, NULL);
        } else if (c == '\\') {
            p->pos = p->pos + 2 <= p->len ? p->pos + 2 : p->len;
        } else {
            p->pos++;
        }
    }
    pl_sh_leave(p);
}

/* `${...}` up to its closing brace; substitutions inside run. */
static void read_braced(sh_parser *p, int in_dq)
{
    if (!pl_sh_enter(p))
        return;
    for (;;) {
        int c = cur(p);
        int dummy = 0;
        if (c == -1) {
            p->malformed = 1;
            break;
        }
        if (c == '}') {
            p->pos++;
            break;
        }
        if (c == '\\')
            p->pos = p->pos + 2 <= p->len ? p->pos + 2 : p->len;
        else if (c == '$')
            read_dollar(p, NULL, in_dq, &dummy);
        else if (c == '`') {
            if (p->bt_depth > 0)
                break;
            read_backtick(p);
        } else if (c == '"')
            read_double_quoted(p, NULL, &dummy);
        else if (c == '\'' && !in_dq)
            read_single_quoted(p, NULL);
        else
            p->pos++;
    }
    pl_sh_leave(p);
}

/* `$[...]`: the old arithmetic form. */
static void read_bracket_arith(sh_parser *p)
{
    if (!pl_sh_enter(p))
        return;
    int depth = 0;
    for (;;) {
        int c = cur(p);
        int dummy = 0;
        if (c == -1) {
            p->malformed = 1;
            break;
        }
        if (c == '[')
            depth++;
        if (c == ']' && depth-- == 0) {
            p->pos++;
            break;
        }
        if (c == '$')
            read_dollar(p, NULL, 0, &dummy);
        else if (c == '`')
            read_backtick(p);
        else
            p->pos++;
    }
    pl_sh_leave(p);
}

/* The body of `$(...)`, `<(...)` or `( ... )`, from after the `(`. */
void pl_sh_read_paren_body(sh_parser *p, int is_substitution)
{
    if (!pl_sh_enter(p))
        return;
    enum closer saved_closer = p->closer;
    int saved_bt = p->bt_depth, saved_case = p->case_depth, saved_constructs = p->construct_depth;
    p->closer = CLOSE_PAREN;
    p->bt_depth = 0;
    p->case_depth = 0;
    p->construct_depth = 0;
    p->subst_level += is_substitution;

    pl_sh_parse_list(p, 0);
    if (cur(p) == ')')
        p->pos++;
    else
        p->malformed = 1;
    p->awaiting_op = NULL;

    p->subst_level -= is_substitution;
    p->closer = saved_closer;
    p->bt_depth = saved_bt;
    p->case_depth = saved_case;
    p->construct_depth = saved_constructs;
    pl_sh_leave(p);
}

/* A backtick substitution, cursor on the opening '`'. */
static void read_backtick(sh_parser *p)
{
    p->pos++;
    if (!pl_sh_enter(p))
        return;
    enum closer saved_closer = p->closer;
    int saved_case = p->case_depth, saved_constructs = p->construct_depth;
    p->closer = CLOSE_BACKTICK;
    p->bt_depth++;
    p->case_depth = 0;
    p->construct_depth = 0;
    p->subst_level++;

    pl_sh_parse_list(p, 0);
    if (cur(p) == '`')
        p->pos++;
    else
        p->malformed = 1;
    p->awaiting_op = NULL;

    p->subst_level--;
    p->bt_depth--;
    p->closer = saved_closer;
    p->case_depth = saved_case;
    p->construct_depth = saved_constructs;
    pl_sh_leave(p);
}

/* A `$` in a word: expansions are kept as written and flagged. */
static void read_dollar(sh_parser *p, pl_strbuf *sb, int in_dq, int *has_expansion)
{
    size_t from = p->pos;
    int n = peek_next(p);
    if (n == '(') {
        p->pos = logical(p, p->pos + 1) + 1;
        if (cur(p) == '(') {
            p->pos++;
            pl_sh_read_arithmetic(p);
        } else {
            pl_sh_read_paren_body(p, 1);
        }
    } else if (n == '{') {
        p->pos = logical(p, p->pos + 1) + 1;
        read_braced(p, in_dq);
    } else if (n == '[') {
        p->pos = logical(p, p->pos + 1) + 1;
        read_bracket_arith(p);
    } else if (n == '\'' && !in_dq) {
        read_ansi_c(p, sb);
        return;
    } else if (n == '"' && !in_dq) {
        p->pos++; /* $"..." is a double-quoted string */
        return;
    } else if (is_name_start(n)) {
        p->pos = logical(p, p->pos + 1);
        while (is_name_char(cur(p)))
            p->pos++;
    } else if (n != -1 && strchr("0123456789@*#?$!-", n)) {
        p->pos = logical(p, p->pos + 1) + 1;
    } else {
        if (sb)
            pl_sb_putc(sb, '$');
        p->pos++;
        return;
    }
    *has_expansion = 1;
    append_span(p, sb, from);
}

/* `NAME=(a b c)`: a bash array value, up to the matching `)`. */
static void read_array_value(sh_parser *p, pl_strbuf *sb, int *has_expansion)
{
    int depth = 0;
    for (;;) {
        int c = cur(p);
        if (c == -1) {
            p->malformed = 1;
            return;
        }
        if (c == '(')
            depth++;
        if (c == ')' && --depth == 0) {
            pl_sb_putc(sb, ')');
            p->pos++;
            return;
        }
        if (c == '"')
            read_double_quoted(p, sb, has_expansion);
        else if (c == '\'')
            read_single_quoted(p, sb);
        else if (c == '$')
            read_dollar(p, sb, 0, has_expansion);
        else if (c == '`') {
            size_t from = p->pos;
            read_backtick(p);
            append_span(p, sb, from);
            *has_expansion = 1;
        } else if (c == '\\' && p->pos + 1 < p->len) {
            pl_sb_putc(sb, p->t[p->pos + 1]);
            p->pos += 2;
        } else {
            pl_sb_putc(sb, (char)c);
            p->pos++;
        }
    }
}

/* The raw text so far is `NAME=` or `NAME+=`. */
static int raw_is_assignment_prefix(const char *s, size_t n)
{
    if (n < 2 || !is_name_start((unsigned char)s[0]))
        return 0;
    size_t i = 1;
    while (i < n && is_name_char((unsigned char)s[i]))
        i++;
    if (i < n && s[i] == '+')
        i++;
    return i + 1 == n && s[i] == '=';
}

/* Text of the word being read. While it equals the raw text read so far
 * (no quotes, escapes or continuations yet) nothing is copied, and the word
 * ends up sharing one string for `text` and `raw`. */
typedef struct {
    pl_strbuf sb;
    size_t start;
    int own; /* sb holds the text */
} word_text;

static pl_strbuf *own_text(sh_parser *p, word_text *wt, size_t upto)
{
    if (!wt->own) {
        wt->own = 1;
        if (upto > wt->start)
            pl_sb_append(&wt->sb, p->t + wt->start, upto - wt->start);
    }
    return &wt->sb;
}

int pl_sh_read_word(sh_parser *p, sh_word *out)
{
    memset(out, 0, sizeof *out);
    size_t start = logical(p, p->pos);
    p->pos = start;
    word_text wt = {.start = start};
    pl_sb_init(&wt.sb, p->a);
    int has_expansion = 0;

    int c0 = cur(p);
    if ((c0 == '<' || c0 == '>') && peek_next(p) == '(') {
        /* <(...) / >(...): process substitution */
        p->pos = logical(p, p->pos + 1) + 1;
        pl_sh_read_paren_body(p, 1);
        has_expansion = 1;
    }

    for (;;) {
        size_t before = p->pos;
        int c = cur(p);
        if (p->pos != before && !wt.own && !is_meta(p, c))
            own_text(p, &wt, before); /* a continuation was dropped */
        if (c == '(' && !out->quoted && raw_is_assignment_prefix(p->t + start, p->pos - start)) {
            read_array_value(p, own_text(p, &wt, p->pos), &has_expansion);
            continue;
        }
        if (is_meta(p, c))
            break;
        if (c == '\\') {
            out->quoted = 1;
            pl_strbuf *sb = own_text(p, &wt, p->pos);
            if (p->pos + 1 < p->len) {
                pl_sb_putc(sb, p->t[p->pos + 1]);
                p->pos += 2;
            } else {
                pl_sb_putc(sb, '\\');
                p->pos++;
            }
        } else if (c == '\'') {
            out->quoted = 1;
            read_single_quoted(p, own_text(p, &wt, p->pos));
        } else if (c == '"') {
            out->quoted = 1;
            read_double_quoted(p, own_text(p, &wt, p->pos), &has_expansion);
        } else if (c == '$') {
            int n = peek_next(p);
            if (n == '\'' || n == '"') {
                out->quoted = 1;
                own_text(p, &wt, p->pos);
            }
            /* Other `$` forms keep their raw text. */
            read_dollar(p, wt.own ? &wt.sb : NULL, 0, &has_expansion);
        } else if (c == '`') {
            size_t from = p->pos;
            read_backtick(p);
            if (wt.own)
                append_span(p, &wt.sb, from);
            has_expansion = 1;
        } else {
            if (wt.own)
                pl_sb_putc(&wt.sb, (char)c);
            p->pos++;
        }
    }
    if (p->pos == start)
        return 0;
    size_t len = p->pos - start;
    out->w.offset = start;
    out->w.len = len;
    out->w.has_expansion = has_expansion;
    p->copied += len + (wt.own ? wt.sb.len : 0);
    if (p->copied > p->copy_budget)
        give_up(p);
    if (p->gave_up) {
        out->w.raw = out->w.text = "";
        return 1;
    }
    out->w.raw = pl_arena_strndup(p->a, p->t + start, len);
    out->w.text = wt.own ? pl_sb_str(&wt.sb) : out->w.raw;
    return 1;
}

