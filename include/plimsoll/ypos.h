/* ypos.h — byte positions in a YAML input read with libyaml.
 *
 * Owns the map from libyaml's marks and reader offsets to the 1-based
 * lines and byte columns every span uses; the YAML layer (yaml.h) and the
 * config loader (.plimsoll.yaml) both read with libyaml and share it.
 */
#ifndef PLIMSOLL_YPOS_H
#define PLIMSOLL_YPOS_H

#include <stddef.h>

#include "plimsoll/arena.h"

/* libyaml counts columns in characters and lines with its own breaks (LF, CR,
 * CRLF, NEL, LS, PS); spans count bytes. */
typedef struct {
    pl_arena *arena;
    const unsigned char *data;
    size_t len;
    size_t first;        /* 3 after a UTF-8 byte-order mark, which libyaml skips */
    int utf16;           /* libyaml transcoded the input: byte columns unknown */
    size_t *line_starts; /* built on first use */
    size_t nlines;
    /* marks mostly come in document order: a long line (a flow list of
     * thousands of items) is walked once, not once per item */
    size_t cached_line, cached_column, cached_offset;
    int cached;
} pl_ypos;

void pl_ypos_init(pl_ypos *m, pl_arena *a, const char *data, size_t len);
/* 0-based libyaml mark -> 1-based line and byte column. */
void pl_ypos_mark(pl_ypos *m, size_t mark_line, size_t mark_column, int *line, int *col);
/* 0-based byte offset of the input -> 1-based line and column. */
void pl_ypos_offset(pl_ypos *m, size_t offset, int *line, int *col);
/* Inclusive end from libyaml's exclusive end mark; never before (sline, scol). */
void pl_ypos_end(pl_ypos *m, size_t mark_line, size_t mark_column, int sline, int scol,
                 int *line, int *col);

#endif
