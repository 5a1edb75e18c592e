/* diag.h — source positions and parser diagnostics.
 *
 * Owns: the span type every AST node carries, and the list of syntax problems
 * a parser found. Parsers never abort: each problem becomes a pl_diag and the
 * parser carries on. Diagnostics live in the file's arena.
 */
#ifndef PLIMSOLL_DIAG_H
#define PLIMSOLL_DIAG_H

#include "plimsoll/arena.h"

/* 1-based line and column (columns count bytes); end is inclusive of the last
 * character. A zero line means "no position". */
typedef struct {
    int line, col;
    int end_line, end_col;
} pl_span;

typedef enum {
    PL_DIAG_ERROR,   /* the file (or this instruction) is invalid */
    PL_DIAG_WARNING, /* accepted, but the builder warns */
} pl_diag_level;

typedef struct pl_diag {
    pl_diag_level level;
    pl_span span;
    const char *message;
    /* optional: a rule name/id this diagnostic maps to instead of the generic
     * syntax rule (e.g. "NoEmptyContinuation"); NULL for plain syntax errors */
    const char *rule;
    struct pl_diag *next;
} pl_diag;

typedef struct {
    pl_diag *head, *tail;
    int count;
    int errors;
} pl_diag_list;

void pl_diag_add(pl_arena *a, pl_diag_list *l, pl_diag_level level, pl_span span,
                 const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static inline pl_span pl_span_make(int line, int col, int end_line, int end_col)
{
    pl_span s = {line, col, end_line, end_col};
    return s;
}

#endif
