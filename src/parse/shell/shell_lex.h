/* shell_lex.h — shared state of the RUN shell reader (internal).
 *
 * Owns the parser state and the character-level helpers used by both halves
 * of the reader: shell.c (grammar: commands, lists, compound commands) and
 * shell_lex.c (words: quotes, expansions, substitutions, here-document
 * bodies, skipping). Not part of the public interface.
 */
#ifndef PLIMSOLL_SHELL_LEX_H
#define PLIMSOLL_SHELL_LEX_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/shell.h"

#define MAX_DEPTH 120
/* Ordinary scripts copy each byte a few times (raw, text, enclosing words). */
#define COPY_BUDGET_PER_BYTE 32
#define COPY_BUDGET_BASE 65536

enum closer { CLOSE_NONE, CLOSE_PAREN, CLOSE_BACKTICK };

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

/* Index of the next character that is not part of a backslash-newline line
 * continuation. */
static inline size_t logical(const sh_parser *p, size_t i)
{
    while (i + 1 < p->len && p->t[i] == '\\' && p->t[i + 1] == '\n')
        i += 2;
    return i;
}

/* The character at the cursor (continuations skipped and consumed), or -1. */
static inline int cur(sh_parser *p)
{
    p->pos = logical(p, p->pos);
    return p->pos < p->len ? (unsigned char)p->t[p->pos] : -1;
}

/* The character after the one at the cursor, continuations skipped. */
static inline int peek_next(const sh_parser *p)
{
    size_t i = logical(p, p->pos);
    if (i >= p->len)
        return -1;
    i = logical(p, i + 1);
    return i < p->len ? (unsigned char)p->t[i] : -1;
}

static inline int peek_at(const sh_parser *p, size_t i)
{
    i = logical(p, i);
    return i < p->len ? (unsigned char)p->t[i] : -1;
}

static inline int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* Characters that end an unquoted word. */
static inline int is_meta(const sh_parser *p, int c)
{
    return c == -1 || c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
           c == '<' || c == '>' || c == '(' || c == ')' || (c == '`' && p->bt_depth > 0);
}

static inline int is_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline int is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/* shell_lex.c */
int pl_sh_enter(sh_parser *p);
void pl_sh_leave(sh_parser *p);
void pl_sh_consume_newline(sh_parser *p);
void pl_sh_skip_blanks(sh_parser *p);
void pl_sh_skip_comment(sh_parser *p);
void pl_sh_skip_space(sh_parser *p);
/* One word at the cursor; 0 when the cursor is on a metacharacter. */
int pl_sh_read_word(sh_parser *p, sh_word *out);
/* After `((` or `$((`: up to the matching `))`. */
void pl_sh_read_arithmetic(sh_parser *p);
/* After the `(` of `$(`, `<(`, `>(` or a subshell: the list and its `)`. */
void pl_sh_read_paren_body(sh_parser *p, int is_substitution);

/* shell.c */
/* Commands up to the end of text, the enclosing closer, `;;` in a case
 * item, or a closing keyword (see shell.c). */
void pl_sh_parse_list(sh_parser *p, int stop_keywords);

#endif
