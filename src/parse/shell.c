/* shell.c — reads the shell script of a RUN into the simple commands it runs.
 *
 * Owns the grammar side of include/plimsoll/shell.h: a recursive-descent
 * reader of POSIX shell plus the bash forms seen in Dockerfiles (`[[ ]]`,
 * `(( ))`, `|&`, `&>`, `<(...)`, `$'...'`, arrays, `function`). The flag
 * helpers live in shell_args.c.
 *
 * The command list follows hadolint, which collects every simple command of
 * ShellCheck's syntax tree in pre-order: commands inside `$(...)`, backticks,
 * `<(...)` and the substitutions of unquoted here-document bodies are listed
 * too, right after the command whose word holds them, and a pipe inside a
 * substitution counts for has_pipe. A command slot is therefore reserved when
 * a simple command starts and filled when it ends; slots that turn out to
 * hold no plain command name (assignment-only lines, bare redirections,
 * function definitions, `$CC -o x`) are dropped at the end.
 *
 * One cursor walks the whole text, nested parts included, so every word's
 * offset points into the caller's text. Nothing here can fail or loop: every
 * loop consumes input or stops, nesting deeper than MAX_DEPTH gives up on
 * the rest of the text, so does copying more than COPY_BUDGET_PER_BYTE times
 * the input into words, and unterminated constructs end at the end of text
 * (with `malformed` set).
 */
#include "plimsoll/shell.h"

#include <string.h>

#define MAX_DEPTH 120
/* Ordinary scripts copy each byte a few times (raw, text, enclosing words). */
#define COPY_BUDGET_PER_BYTE 32
#define COPY_BUDGET_BASE 65536

enum closer { CLOSE_NONE, CLOSE_PAREN, CLOSE_BACKTICK };

enum keyword {
    KW_NONE = 0,
    KW_IF = 1 << 0,
    KW_THEN = 1 << 1,
    KW_ELIF = 1 << 2,
    KW_ELSE = 1 << 3,
    KW_FI = 1 << 4,
    KW_DO = 1 << 5,
    KW_DONE = 1 << 6,
    KW_CASE = 1 << 7,
    KW_ESAC = 1 << 8,
    KW_WHILE = 1 << 9,
    KW_UNTIL = 1 << 10,
    KW_FOR = 1 << 11,
    KW_SELECT = 1 << 12,
    KW_FUNCTION = 1 << 13,
    KW_LBRACE = 1 << 14,
    KW_RBRACE = 1 << 15,
    KW_BANG = 1 << 16,
    KW_DBRACKET = 1 << 17,
    KW_IN = 1 << 18,
};

/* Words that close a construct; seen where a command should start they end
 * the list being read. */
#define KW_CLOSERS (KW_THEN | KW_ELIF | KW_ELSE | KW_FI | KW_DO | KW_DONE | KW_ESAC | KW_RBRACE)

static const struct {
    const char *word;
    enum keyword kw;
} keyword_table[] = {
    {"if", KW_IF},       {"then", KW_THEN},         {"elif", KW_ELIF},     {"else", KW_ELSE},
    {"fi", KW_FI},       {"do", KW_DO},             {"done", KW_DONE},     {"case", KW_CASE},
    {"esac", KW_ESAC},   {"while", KW_WHILE},       {"until", KW_UNTIL},   {"for", KW_FOR},
    {"select", KW_SELECT}, {"function", KW_FUNCTION}, {"{", KW_LBRACE},    {"}", KW_RBRACE},
    {"!", KW_BANG},      {"[[", KW_DBRACKET},       {"in", KW_IN},
};

typedef struct {
    pl_sh_word *items;
    int len, cap;
} word_list;

typedef struct {
    word_list argv, assigns;
    int subst_level;
    int in_pipeline;
    int is_function; /* `name()` definition, not a command */
    const char *next_op;
} cmd_builder;

typedef struct {
    const char *delim;
    size_t delim_len;
    int quoted;     /* body is literal text */
    int strip_tabs; /* `<<-` */
} pending_heredoc;

typedef struct {
    pl_arena *a;
    const char *t;
    size_t len, pos;

    pl_vec cmds; /* cmd_builder*, in pre-order */
    word_list bare_assigns;
    pl_vec heredocs; /* pending_heredoc* */
    size_t heredoc_next;
    cmd_builder *awaiting_op; /* last simple command, until an operator follows it */

    int depth;          /* nesting of constructs, bounded by MAX_DEPTH */
    int subst_level;    /* enclosing $(...), backticks, <(...) */
    int bt_depth;       /* enclosing backticks: an unescaped '`' ends a word */
    int case_depth;     /* enclosing case items: `;;` ends a list */
    int construct_depth; /* enclosing keyword constructs of this substitution level */
    enum closer closer;

    /* Bytes copied into word strings. Nested substitutions copy their text
     * once per enclosing word; the budget keeps that linear in the input. */
    size_t copied, copy_budget;
    int gave_up;

    int has_pipe, malformed;
} sh_parser;

/* A word being read: the public word plus what the grammar needs to know. */
typedef struct {
    pl_sh_word w;
    int quoted; /* any quote or backslash: never a keyword or assignment */
} sh_word;

/* ---- small helpers ------------------------------------------------------- */

static void words_push(pl_arena *a, word_list *l, const pl_sh_word *w)
{
    if (l->len == l->cap) {
        int cap = l->cap ? l->cap * 2 : 2;
        pl_sh_word *items = PL_NEW_N(a, pl_sh_word, cap);
        if (l->len)
            memcpy(items, l->items, sizeof(pl_sh_word) * (size_t)l->len);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = *w;
}

/* Index of the next character that is not part of a backslash-newline line
 * continuation. */
static size_t logical(const sh_parser *p, size_t i)
{
    while (i + 1 < p->len && p->t[i] == '\\' && p->t[i + 1] == '\n')
        i += 2;
    return i;
}

/* The character at the cursor (continuations skipped and consumed), or -1. */
static int cur(sh_parser *p)
{
    p->pos = logical(p, p->pos);
    return p->pos < p->len ? (unsigned char)p->t[p->pos] : -1;
}

/* The character after the one at the cursor, continuations skipped. */
static int peek_next(const sh_parser *p)
{
    size_t i = logical(p, p->pos);
    if (i >= p->len)
        return -1;
    i = logical(p, i + 1);
    return i < p->len ? (unsigned char)p->t[i] : -1;
}

static int peek_at(const sh_parser *p, size_t i)
{
    i = logical(p, i);
    return i < p->len ? (unsigned char)p->t[i] : -1;
}

/* Consume the character at the cursor (continuations before it included). */
static void advance(sh_parser *p)
{
    p->pos = logical(p, p->pos);
    if (p->pos < p->len)
        p->pos++;
}

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* Characters that end an unquoted word. */
static int is_meta(const sh_parser *p, int c)
{
    return c == -1 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
           c == '<' || c == '>' || c == '(' || c == ')' || (c == '`' && p->bt_depth > 0);
}

static int is_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static void set_op(sh_parser *p, const char *op)
{
    if (p->awaiting_op) {
        p->awaiting_op->next_op = op;
        p->awaiting_op = NULL;
    }
}

/* Entering a nested construct; past MAX_DEPTH the rest of the text is given
 * up so that the stack stays bounded. */
/* Stops reading: the rest of the text is skipped and words still being
 * read get empty strings. */
static void give_up(sh_parser *p)
{
    p->malformed = 1;
    p->gave_up = 1;
    p->pos = p->len;
}

static int enter(sh_parser *p)
{
    if (p->depth >= MAX_DEPTH) {
        give_up(p);
        return 0;
    }
    p->depth++;
    return 1;
}

static void leave(sh_parser *p)
{
    p->depth--;
}

static void parse_list(sh_parser *p, int stop_keywords);
static void parse_command(sh_parser *p);
static int read_word(sh_parser *p, sh_word *out);
static void read_dollar(sh_parser *p, pl_strbuf *sb, int in_dq, int *has_expansion);
static void read_backtick(sh_parser *p);

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
static void consume_newline(sh_parser *p)
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

static void skip_blanks(sh_parser *p)
{
    while (is_blank(cur(p)))
        p->pos++;
}

static void skip_comment(sh_parser *p)
{
    if (cur(p) != '#')
        return;
    while (p->pos < p->len && p->t[p->pos] != '\n')
        p->pos++;
}

/* Blanks, comments and newlines between commands. */
static void skip_space(sh_parser *p)
{
    for (;;) {
        int c = cur(p);
        if (is_blank(c))
            p->pos++;
        else if (c == '\n')
            consume_newline(p);
        else if (c == '#')
            skip_comment(p);
        else
            return;
    }
}

/* ---- keywords ------------------------------------------------------------------ */

/* The reserved word at the cursor, if the next word is one; *end is where it
 * stops. */
static enum keyword peek_keyword(const sh_parser *p, size_t *end)
{
    char buf[10];
    size_t n = 0;
    size_t i = logical(p, p->pos);
    while (i < p->len && n < sizeof buf - 1) {
        int c = (unsigned char)p->t[i];
        if (is_meta(p, c) || c == '"' || c == '\'' || c == '\\' || c == '$' || c == '`')
            break;
        buf[n++] = (char)c;
        i = logical(p, i + 1);
    }
    if (n == 0 || !is_meta(p, i < p->len ? (unsigned char)p->t[i] : -1))
        return KW_NONE;
    buf[n] = '\0';
    for (size_t k = 0; k < sizeof keyword_table / sizeof keyword_table[0]; k++) {
        if (strcmp(buf, keyword_table[k].word) == 0) {
            if (end)
                *end = i;
            return keyword_table[k].kw;
        }
    }
    return KW_NONE;
}

/* Consumes keyword `kw` if it is next (after blanks, newlines, comments). */
static int expect_keyword(sh_parser *p, enum keyword kw)
{
    skip_space(p);
    size_t end;
    if (peek_keyword(p, &end) == kw) {
        p->pos = end;
        return 1;
    }
    p->malformed = 1;
    return 0;
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
static void read_arithmetic(sh_parser *p)
{
    if (!enter(p))
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
    leave(p);
}

/* `${...}` up to its closing brace; substitutions inside run. */
static void read_braced(sh_parser *p, int in_dq)
{
    if (!enter(p))
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
    leave(p);
}

/* `$[...]`: the old arithmetic form. */
static void read_bracket_arith(sh_parser *p)
{
    if (!enter(p))
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
    leave(p);
}

/* The body of `$(...)`, `<(...)` or `( ... )`, from after the `(`. */
static void read_paren_body(sh_parser *p, int is_substitution)
{
    if (!enter(p))
        return;
    enum closer saved_closer = p->closer;
    int saved_bt = p->bt_depth, saved_case = p->case_depth, saved_constructs = p->construct_depth;
    p->closer = CLOSE_PAREN;
    p->bt_depth = 0;
    p->case_depth = 0;
    p->construct_depth = 0;
    p->subst_level += is_substitution;

    parse_list(p, 0);
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
    leave(p);
}

/* A backtick substitution, cursor on the opening '`'. */
static void read_backtick(sh_parser *p)
{
    p->pos++;
    if (!enter(p))
        return;
    enum closer saved_closer = p->closer;
    int saved_case = p->case_depth, saved_constructs = p->construct_depth;
    p->closer = CLOSE_BACKTICK;
    p->bt_depth++;
    p->case_depth = 0;
    p->construct_depth = 0;
    p->subst_level++;

    parse_list(p, 0);
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
    leave(p);
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
            read_arithmetic(p);
        } else {
            read_paren_body(p, 1);
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

/* Reads one word at the cursor; 0 when the cursor is on a metacharacter. */
static int read_word(sh_parser *p, sh_word *out)
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
        read_paren_body(p, 1);
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

static int is_assignment(const sh_word *w)
{
    const char *s = w->w.raw;
    if (!is_name_start((unsigned char)s[0]))
        return 0;
    size_t i = 1;
    while (is_name_char((unsigned char)s[i]))
        i++;
    if (s[i] == '+')
        i++;
    return s[i] == '=';
}

/* ---- redirections ---------------------------------------------------------------- */

/* A redirection starts at the cursor: `<`, `>`, `&>`, or an fd number
 * directly followed by `<`/`>`. Process substitutions are words. */
static int at_redirection(const sh_parser *p)
{
    size_t i = logical(p, p->pos);
    int c = peek_at(p, i);
    if (c == '<' || c == '>')
        return peek_at(p, i + 1) != '(';
    if (c == '&')
        return peek_at(p, i + 1) == '>';
    if (c < '0' || c > '9')
        return 0;
    while (c >= '0' && c <= '9') {
        i = logical(p, i) + 1;
        c = peek_at(p, i);
    }
    return c == '<' || c == '>';
}

static void read_redirection(sh_parser *p)
{
    while (cur(p) >= '0' && cur(p) <= '9')
        p->pos++;
    int heredoc = 0, strip_tabs = 0;
    int c = cur(p);
    p->pos++;
    if (c == '&') { /* &> or &>> */
        advance(p);
        if (cur(p) == '>')
            p->pos++;
    } else if (c == '<') {
        int n = cur(p);
        if (n == '<') {
            p->pos++;
            if (cur(p) == '<') {
                p->pos++; /* <<< here-string */
            } else {
                heredoc = 1;
                if (cur(p) == '-') {
                    strip_tabs = 1;
                    p->pos++;
                }
            }
        } else if (n == '&' || n == '>') {
            p->pos++;
        }
    } else { /* > >> >& >| */
        int n = cur(p);
        if (n == '>' || n == '&' || n == '|')
            p->pos++;
    }
    skip_blanks(p);
    sh_word target;
    if (!read_word(p, &target)) {
        p->malformed = 1;
        return;
    }
    if (heredoc) {
        pending_heredoc *h = PL_NEW(p->a, pending_heredoc);
        h->delim = target.w.text;
        h->delim_len = strlen(target.w.text);
        h->quoted = target.quoted;
        h->strip_tabs = strip_tabs;
        pl_vec_push(p->a, &p->heredocs, h);
    }
}

static void read_trailing_redirections(sh_parser *p)
{
    for (;;) {
        skip_blanks(p);
        if (!at_redirection(p))
            return;
        read_redirection(p);
    }
}

/* ---- simple commands ------------------------------------------------------------- */

/* `name ( )` follows: a function definition. */
static int at_function_parens(sh_parser *p)
{
    size_t i = logical(p, p->pos);
    while (is_blank(peek_at(p, i)))
        i = logical(p, i) + 1;
    if (peek_at(p, i) != '(')
        return 0;
    i = logical(p, i) + 1;
    while (is_blank(peek_at(p, i)))
        i = logical(p, i) + 1;
    if (peek_at(p, i) != ')')
        return 0;
    p->pos = logical(p, i) + 1;
    return 1;
}

static void parse_function_body(sh_parser *p)
{
    skip_space(p);
    if (!enter(p))
        return;
    parse_command(p);
    leave(p);
}

static void parse_simple(sh_parser *p)
{
    cmd_builder *b = PL_NEW(p->a, cmd_builder);
    b->subst_level = p->subst_level;
    b->next_op = "";
    pl_vec_push(p->a, &p->cmds, b);
    skip_blanks(p);
    size_t start = p->pos;

    for (;;) {
        skip_blanks(p);
        int c = cur(p);
        if (c == '#') {
            skip_comment(p);
            break;
        }
        if (at_redirection(p)) {
            read_redirection(p);
            continue;
        }
        if (c == '(' && b->argv.len == 1 && b->assigns.len == 0 && !b->argv.items[0].has_expansion &&
            at_function_parens(p)) {
            b->is_function = 1;
            parse_function_body(p);
            break;
        }
        sh_word w;
        if (!read_word(p, &w)) {
            if (c == '(')
                p->malformed = 1;
            break;
        }
        if (b->argv.len == 0 && is_assignment(&w))
            words_push(p->a, &b->assigns, &w.w);
        else
            words_push(p->a, &b->argv, &w.w);
    }

    if (p->pos == start)
        p->malformed = 1; /* a command is missing: `a && && b`, `| x` */
    if (b->argv.len == 0 && !b->is_function) {
        for (int i = 0; i < b->assigns.len; i++)
            words_push(p->a, &p->bare_assigns, &b->assigns.items[i]);
    }
    p->awaiting_op = (b->argv.len > 0 && !b->is_function) ? b : NULL;
}

/* ---- compound commands ------------------------------------------------------------- */

static void parse_if(sh_parser *p)
{
    parse_list(p, KW_THEN);
    if (!expect_keyword(p, KW_THEN))
        return;
    parse_list(p, KW_ELIF | KW_ELSE | KW_FI);
    for (;;) {
        skip_space(p);
        size_t end;
        enum keyword kw = peek_keyword(p, &end);
        if (kw == KW_ELIF) {
            p->pos = end;
            parse_list(p, KW_THEN);
            if (!expect_keyword(p, KW_THEN))
                return;
            parse_list(p, KW_ELIF | KW_ELSE | KW_FI);
        } else if (kw == KW_ELSE) {
            p->pos = end;
            parse_list(p, KW_FI);
        } else {
            expect_keyword(p, KW_FI);
            return;
        }
    }
}

static void parse_do_done(sh_parser *p)
{
    if (!expect_keyword(p, KW_DO))
        return;
    parse_list(p, KW_DONE);
    expect_keyword(p, KW_DONE);
}

static void parse_while(sh_parser *p)
{
    parse_list(p, KW_DO);
    parse_do_done(p);
}

/* for NAME [in WORDS] ; do ... done, for ((...)) ; do ... done */
static void parse_for(sh_parser *p)
{
    skip_blanks(p);
    sh_word w;
    if (cur(p) == '(' && peek_next(p) == '(') {
        p->pos = logical(p, p->pos + 1) + 1;
        read_arithmetic(p);
    } else if (!read_word(p, &w)) {
        p->malformed = 1;
        return;
    }
    skip_blanks(p);
    if (cur(p) == ';') {
        p->pos++;
    } else {
        skip_space(p);
        size_t end;
        if (peek_keyword(p, &end) == KW_IN) {
            p->pos = end;
            for (;;) {
                skip_blanks(p);
                if (cur(p) == '#')
                    skip_comment(p);
                if (!read_word(p, &w))
                    break;
            }
            if (cur(p) == ';')
                p->pos++;
            else if (cur(p) != '\n')
                p->malformed = 1;
        }
    }
    parse_do_done(p);
}

/* case WORD in [(]PATTERN[|PATTERN]...) LIST ;; ... esac */
static void parse_case(sh_parser *p)
{
    skip_blanks(p);
    sh_word w;
    if (!read_word(p, &w) || !expect_keyword(p, KW_IN)) {
        p->malformed = 1;
        return;
    }
    p->case_depth++;
    for (;;) {
        size_t before = p->pos;
        skip_space(p);
        size_t end;
        int c = cur(p);
        if (c == -1 || (c == ')' && p->closer == CLOSE_PAREN) || (c == '`' && p->bt_depth > 0)) {
            p->malformed = 1;
            break;
        }
        if (peek_keyword(p, &end) == KW_ESAC) {
            p->pos = end;
            break;
        }
        if (c == '(')
            p->pos++;
        /* patterns */
        for (;;) {
            skip_blanks(p);
            c = cur(p);
            if (c == ')') {
                p->pos++;
                break;
            }
            if (c == '|') {
                p->pos++;
                continue;
            }
            if (c == -1 || c == '\n' || c == ';' || (c == '`' && p->bt_depth > 0)) {
                p->malformed = 1;
                break;
            }
            if (!read_word(p, &w))
                p->pos++; /* stray metacharacter in a pattern */
        }
        parse_list(p, KW_ESAC);
        skip_blanks(p);
        if (cur(p) == ';' && (peek_next(p) == ';' || peek_next(p) == '&')) {
            p->pos = logical(p, p->pos + 1) + 1;
            if (cur(p) == '&')
                p->pos++;
            set_op(p, ";");
        }
        if (p->pos == before)
            break;
    }
    p->case_depth--;
    p->awaiting_op = NULL;
}

/* [[ ... ]]: a test, not a command; && || ( ) < > inside are its operators. */
static void parse_double_bracket(sh_parser *p)
{
    for (;;) {
        skip_blanks(p);
        int c = cur(p);
        if (c == -1 || (c == '`' && p->bt_depth > 0)) {
            p->malformed = 1;
            return;
        }
        if (c == '\n') {
            consume_newline(p);
            continue;
        }
        if (c == ']' && peek_next(p) == ']') {
            size_t i = logical(p, logical(p, p->pos + 1) + 1);
            if (is_meta(p, peek_at(p, i))) {
                p->pos = i;
                return;
            }
        }
        sh_word w;
        if (is_meta(p, c) || !read_word(p, &w))
            p->pos++;
    }
}

static void parse_function_keyword(sh_parser *p)
{
    skip_blanks(p);
    sh_word w;
    if (!read_word(p, &w)) {
        p->malformed = 1;
        return;
    }
    at_function_parens(p);
    parse_function_body(p);
}

static void parse_command(sh_parser *p)
{
    skip_blanks(p);
    size_t end;
    enum keyword kw = peek_keyword(p, &end);
    if (kw & (KW_CLOSERS | KW_BANG | KW_IN)) {
        if (kw != KW_IN) {
            p->malformed = 1; /* a command is missing: `a && fi` */
            return;
        }
        kw = KW_NONE; /* `in` is only a keyword after for/case */
    }
    int c = cur(p);
    if (kw == KW_NONE && c != '(') {
        parse_simple(p);
        return;
    }
    if (!enter(p))
        return;
    p->awaiting_op = NULL;
    if (kw != KW_NONE)
        p->pos = end;
    p->construct_depth++;
    switch (kw) {
    case KW_IF: parse_if(p); break;
    case KW_WHILE:
    case KW_UNTIL: parse_while(p); break;
    case KW_FOR:
    case KW_SELECT: parse_for(p); break;
    case KW_CASE: parse_case(p); break;
    case KW_LBRACE:
        parse_list(p, KW_RBRACE);
        expect_keyword(p, KW_RBRACE);
        break;
    case KW_FUNCTION: parse_function_keyword(p); break;
    case KW_DBRACKET: parse_double_bracket(p); break;
    default: /* ( */
        p->pos++;
        if (cur(p) == '(') {
            p->pos++;
            read_arithmetic(p);
        } else {
            read_paren_body(p, 0);
        }
        break;
    }
    p->construct_depth--;
    p->awaiting_op = NULL;
    leave(p);
    read_trailing_redirections(p);
}

/* ---- lists and pipelines ------------------------------------------------------------ */

static void mark_pipeline_member(sh_parser *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        cmd_builder *b = PL_VEC_AT(p->cmds, cmd_builder *, i);
        if (b->subst_level == p->subst_level)
            b->in_pipeline = 1;
    }
}

static void parse_pipeline(sh_parser *p)
{
    skip_blanks(p);
    size_t end;
    if (peek_keyword(p, &end) == KW_BANG)
        p->pos = end;
    int piped = 0;
    for (;;) {
        size_t from = p->cmds.len;
        parse_command(p);
        if (piped)
            mark_pipeline_member(p, from, p->cmds.len);
        skip_blanks(p);
        if (cur(p) != '|' || peek_next(p) == '|')
            return;
        mark_pipeline_member(p, from, p->cmds.len);
        p->pos++;
        if (cur(p) == '&')
            p->pos++;
        p->has_pipe = 1;
        piped = 1;
        set_op(p, "|");
        skip_space(p);
    }
}

static void parse_and_or(sh_parser *p)
{
    parse_pipeline(p);
    for (;;) {
        skip_blanks(p);
        int c = cur(p);
        if ((c != '&' && c != '|') || peek_next(p) != c)
            return;
        p->pos = logical(p, p->pos + 1) + 1;
        set_op(p, c == '&' ? "&&" : "||");
        skip_space(p);
        parse_pipeline(p);
    }
}

/* At `;;`, `;&` or `;;&`. */
static int at_case_end(const sh_parser *p)
{
    size_t i = logical(p, p->pos);
    if (peek_at(p, i) != ';')
        return 0;
    int n = peek_at(p, logical(p, i) + 1);
    return n == ';' || n == '&';
}

/* Commands separated by ; & and newlines, until the end of the text, a
 * closing `)` or backtick of the enclosing substitution, `;;` in a case item,
 * or a closing keyword. Closing keywords in `stop_keywords` belong to the
 * caller; others inside a construct are left to the enclosing ones; at the
 * top they are stray and skipped. */
static void parse_list(sh_parser *p, int stop_keywords)
{
    for (;;) {
        size_t before = p->pos;
        skip_space(p);
        int c = cur(p);
        if (c == -1)
            return;
        if (c == ')') {
            if (p->closer == CLOSE_PAREN)
                return;
            p->malformed = 1;
            p->pos++;
            continue;
        }
        if (c == '`' && p->bt_depth > 0)
            return;
        if (at_case_end(p)) {
            if (p->case_depth > 0)
                return;
            p->malformed = 1;
            p->pos = logical(p, p->pos + 1) + 1;
            continue;
        }
        size_t end;
        enum keyword kw = peek_keyword(p, &end);
        if (kw & KW_CLOSERS) {
            if ((kw & stop_keywords) || p->construct_depth > 0)
                return;
            p->malformed = 1;
            p->pos = end;
            continue;
        }

        parse_and_or(p);

        skip_blanks(p);
        skip_comment(p);
        c = cur(p);
        if (c == ';' && !at_case_end(p)) {
            p->pos++;
            set_op(p, ";");
        } else if (c == '&') {
            p->pos++;
            set_op(p, "&");
        } else if (c == '\n') {
            set_op(p, "\n");
            consume_newline(p);
        } else if (c != -1 && c != ')' && c != ';' && c != '`' && !(peek_keyword(p, NULL) & KW_CLOSERS)) {
            p->malformed = 1; /* e.g. a word after `fi` */
        }
        if (p->pos == before) {
            /* Nothing could be read here; skip a character to keep going. */
            p->malformed = 1;
            p->pos++;
        }
    }
}

/* ---- entry point --------------------------------------------------------------------- */

static void words_to_array(const word_list *l, pl_sh_word **items, int *n)
{
    *items = l->items;
    *n = l->len;
}

/* hadolint lists a command only when its name is plain text: not
 * assignment-only lines, not function definitions, and not `$CC -o x` or
 * `$(which pip) install` (the commands inside such a name are listed). */
static int is_listed(const cmd_builder *b)
{
    return b->argv.len > 0 && !b->is_function && !b->argv.items[0].has_expansion;
}

pl_sh_script *pl_sh_parse(pl_arena *a, const char *text, size_t len)
{
    pl_sh_script *s = PL_NEW(a, pl_sh_script);
    if (!text)
        len = 0;
    sh_parser p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.t = text ? text : "";
    p.len = len;
    p.copy_budget = COPY_BUDGET_PER_BYTE * len + COPY_BUDGET_BASE;

    parse_list(&p, 0);

    int ncmds = 0;
    for (size_t i = 0; i < p.cmds.len; i++)
        ncmds += is_listed(PL_VEC_AT(p.cmds, cmd_builder *, i));
    s->cmds = PL_NEW_N(a, pl_sh_cmd, ncmds ? ncmds : 1);
    for (size_t i = 0; i < p.cmds.len; i++) {
        cmd_builder *b = PL_VEC_AT(p.cmds, cmd_builder *, i);
        if (!is_listed(b))
            continue;
        pl_sh_cmd *c = &s->cmds[s->ncmds];
        words_to_array(&b->argv, &c->argv, &c->argc);
        words_to_array(&b->assigns, &c->assigns, &c->nassigns);
        c->index = s->ncmds;
        c->in_pipeline = b->in_pipeline;
        c->next_op = b->next_op;
        c->in_substitution = b->subst_level > 0;
        s->ncmds++;
    }
    words_to_array(&p.bare_assigns, &s->assigns, &s->nassigns);
    s->has_pipe = p.has_pipe;
    s->malformed = p.malformed;
    return s;
}
