/* req_internal.h — what the requirements reader's files share. */
#ifndef PLIMSOLL_REQ_INTERNAL_H
#define PLIMSOLL_REQ_INTERNAL_H

#include "plimsoll/requirements.h"

#define REQ_RULE "requirements-syntax"

/* Where a stretch of a logical line came from. */
typedef struct {
    size_t off; /* in the logical text */
    int line, col;
} req_seg;

/* One logical line: continuations joined, comment and outer space removed. */
typedef struct {
    const char *text;
    size_t len;
    size_t base; /* where text starts in the joined line (the segments' offsets) */
    int line;
    req_seg *segs;
    int nsegs;
} req_logical;

/* The position of text[off] in the file. */
pl_span req_span(const req_logical *l, size_t off, size_t len);

void req_error(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off, size_t len,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The requirement part `l->text[off..off+len)` into r (name, extras,
 * specifier, marker, url); errors go to rf->diags. 0 when pip accepts it. */
int req_parse_line_requirement(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off,
                               size_t len, pl_req *r);
/* The value of -e. */
int req_parse_editable(pl_arena *a, pl_reqfile *rf, const req_logical *l, size_t off, size_t len,
                       const char *value, pl_req *r);

#endif
