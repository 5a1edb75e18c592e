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
 * The word level (quotes, expansions, here-document bodies) is in
 * shell_lex.c, the shared state in shell_lex.h.
 *
 * One cursor walks the whole text, nested parts included, so every word's
 * offset points into the caller's text. Nothing here can fail or loop: every
 * loop consumes input or stops, nesting deeper than MAX_DEPTH gives up on
 * the rest of the text, so does copying more than COPY_BUDGET_PER_BYTE times
 * the input into words, and unterminated constructs end at the end of text
 * (with `malformed` set).
 */
#include "shell_lex.h"

#include <string.h>

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

/* Consume the character at the cursor (continuations before it included). */
static void advance(sh_parser *p)
{
    p->pos = logical(p, p->pos);
    if (p->pos < p->len)
        p->pos++;
}

static void set_op(sh_parser *p, const char *op)
{
    if (p->awaiting_op) {
        p->awaiting_op->next_op = op;
        p->awaiting_op = NULL;
    }
}

static void parse_command(sh_parser *p);

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
    pl_sh_skip_space(p);
    size_t end;
    if (peek_keyword(p, &end) == kw) {
        p->pos = end;
        return 1;
    }
    p->malformed = 1;
    return 0;
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
    pl_sh_skip_blanks(p);
    sh_word target;
    if (!pl_sh_read_word(p, &target)) {
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
        pl_sh_skip_blanks(p);
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
    pl_sh_skip_space(p);
    if (!pl_sh_enter(p))
        return;
    parse_command(p);
    pl_sh_leave(p);
}

static void parse_simple(sh_parser *p)
{
    cmd_builder *b = PL_NEW(p->a, cmd_builder);
    b->subst_level = p->subst_level;
    b->next_op = "";
    pl_vec_push(p->a, &p->cmds, b);
    pl_sh_skip_blanks(p);
    size_t start = p->pos;

    for (;;) {
        pl_sh_skip_blanks(p);
        int c = cur(p);
        if (c == '#') {
            pl_sh_skip_comment(p);
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
        if (!pl_sh_read_word(p, &w)) {
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
    pl_sh_parse_list(p, KW_THEN);
    if (!expect_keyword(p, KW_THEN))
        return;
    pl_sh_parse_list(p, KW_ELIF | KW_ELSE | KW_FI);
    for (;;) {
        pl_sh_skip_space(p);
        size_t end;
        enum keyword kw = peek_keyword(p, &end);
        if (kw == KW_ELIF) {
            p->pos = end;
            pl_sh_parse_list(p, KW_THEN);
            if (!expect_keyword(p, KW_THEN))
                return;
            pl_sh_parse_list(p, KW_ELIF | KW_ELSE | KW_FI);
        } else if (kw == KW_ELSE) {
            p->pos = end;
            pl_sh_parse_list(p, KW_FI);
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
    pl_sh_parse_list(p, KW_DONE);
    expect_keyword(p, KW_DONE);
}

static void parse_while(sh_parser *p)
{
    pl_sh_parse_list(p, KW_DO);
    parse_do_done(p);
}

/* for NAME [in WORDS] ; do ... done, for ((...)) ; do ... done */
static void parse_for(sh_parser *p)
{
    pl_sh_skip_blanks(p);
    sh_word w;
    if (cur(p) == '(' && peek_next(p) == '(') {
        p->pos = logical(p, p->pos + 1) + 1;
        pl_sh_read_arithmetic(p);
    } else if (!pl_sh_read_word(p, &w)) {
        p->malformed = 1;
        return;
    }
    pl_sh_skip_blanks(p);
    if (cur(p) == ';') {
        p->pos++;
    } else {
        pl_sh_skip_space(p);
        size_t end;
        if (peek_keyword(p, &end) == KW_IN) {
            p->pos = end;
            for (;;) {
                pl_sh_skip_blanks(p);
                if (cur(p) == '#')
                    pl_sh_skip_comment(p);
                if (!pl_sh_read_word(p, &w))
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
    pl_sh_skip_blanks(p);
    sh_word w;
    if (!pl_sh_read_word(p, &w) || !expect_keyword(p, KW_IN)) {
        p->malformed = 1;
        return;
    }
    p->case_depth++;
    for (;;) {
        size_t before = p->pos;
        pl_sh_skip_space(p);
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
            pl_sh_skip_blanks(p);
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
            if (!pl_sh_read_word(p, &w))
                p->pos++; /* stray metacharacter in a pattern */
        }
        pl_sh_parse_list(p, KW_ESAC);
        pl_sh_skip_blanks(p);
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
        pl_sh_skip_blanks(p);
        int c = cur(p);
        if (c == -1 || (c == '`' && p->bt_depth > 0)) {
            p->malformed = 1;
            return;
        }
        if (c == '\n') {
            pl_sh_consume_newline(p);
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
        if (is_meta(p, c) || !pl_sh_read_word(p, &w))
            p->pos++;
    }
}

static void parse_function_keyword(sh_parser *p)
{
    pl_sh_skip_blanks(p);
    sh_word w;
    if (!pl_sh_read_word(p, &w)) {
        p->malformed = 1;
        return;
    }
    at_function_parens(p);
    parse_function_body(p);
}

static void parse_command(sh_parser *p)
{
    pl_sh_skip_blanks(p);
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
    if (!pl_sh_enter(p))
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
        pl_sh_parse_list(p, KW_RBRACE);
        expect_keyword(p, KW_RBRACE);
        break;
    case KW_FUNCTION: parse_function_keyword(p); break;
    case KW_DBRACKET: parse_double_bracket(p); break;
    default: /* ( */
        p->pos++;
        if (cur(p) == '(') {
            p->pos++;
            pl_sh_read_arithmetic(p);
        } else {
            pl_sh_read_paren_body(p, 0);
        }
        break;
    }
    p->construct_depth--;
    p->awaiting_op = NULL;
    pl_sh_leave(p);
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
    pl_sh_skip_blanks(p);
    size_t end;
    if (peek_keyword(p, &end) == KW_BANG)
        p->pos = end;
    int piped = 0;
    for (;;) {
        size_t from = p->cmds.len;
        parse_command(p);
        if (piped)
            mark_pipeline_member(p, from, p->cmds.len);
        pl_sh_skip_blanks(p);
        if (cur(p) != '|' || peek_next(p) == '|')
            return;
        mark_pipeline_member(p, from, p->cmds.len);
        p->pos++;
        if (cur(p) == '&')
            p->pos++;
        p->has_pipe = 1;
        piped = 1;
        set_op(p, "|");
        pl_sh_skip_space(p);
    }
}

static void parse_and_or(sh_parser *p)
{
    parse_pipeline(p);
    for (;;) {
        pl_sh_skip_blanks(p);
        int c = cur(p);
        if ((c != '&' && c != '|') || peek_next(p) != c)
            return;
        p->pos = logical(p, p->pos + 1) + 1;
        set_op(p, c == '&' ? "&&" : "||");
        pl_sh_skip_space(p);
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
void pl_sh_parse_list(sh_parser *p, int stop_keywords)
{
    for (;;) {
        size_t before = p->pos;
        pl_sh_skip_space(p);
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

        pl_sh_skip_blanks(p);
        pl_sh_skip_comment(p);
        c = cur(p);
        if (c == ';' && !at_case_end(p)) {
            p->pos++;
            set_op(p, ";");
        } else if (c == '&') {
            p->pos++;
            set_op(p, "&");
        } else if (c == '\n') {
            set_op(p, "\n");
            pl_sh_consume_newline(p);
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

    pl_sh_parse_list(&p, 0);

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
