/* diag.c — appending parser diagnostics to a file's list. */
#include "plimsoll/diag.h"

#include <stdarg.h>

void pl_diag_add(pl_arena *a, pl_diag_list *l, pl_diag_level level, pl_span span,
                 const char *rule, const char *fmt, ...)
{
    pl_diag *d = PL_NEW(a, pl_diag);
    d->level = level;
    d->span = span;
    d->rule = rule;
    va_list ap;
    va_start(ap, fmt);
    d->message = pl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    if (l->tail)
        l->tail->next = d;
    else
        l->head = d;
    l->tail = d;
    l->count++;
    if (level == PL_DIAG_ERROR)
        l->errors++;
}
