/* config_internal.h — helpers shared by the config loader's files. */
#ifndef PLIMSOLL_CONFIG_INTERNAL_H
#define PLIMSOLL_CONFIG_INTERNAL_H

#include <limits.h>
#include <stddef.h>

#include "plimsoll/arena.h"

#define PL_CONFIG_SIZE_MAX LLONG_MAX
#define PL_CONFIG_SEVERITY_UNKNOWN (-2)

/* libyaml counts columns (and its mark index) in characters; diagnostics
 * count bytes. This maps a (line, column) mark back to bytes of the input,
 * using libyaml's own line breaks (LF, CR, CRLF, NEL, LS, PS). */
typedef struct {
    pl_arena *arena;
    const unsigned char *data;
    size_t len;
    size_t first;        /* 3 after a UTF-8 byte-order mark, which libyaml skips */
    int utf16;           /* libyaml transcoded the input: byte columns unknown */
    size_t *line_starts; /* built on first use */
    size_t nlines;
    /* The last mark mapped: marks mostly come in document order, so a long
     * line (a flow list of thousands of items) is walked once, not per item. */
    size_t cached_line, cached_column, cached_offset;
    int cached;
} pl_source_map;

void pl_source_map_init(pl_source_map *m, pl_arena *a, const char *data, size_t len);
/* 0-based libyaml mark -> 1-based line and byte column. */
void pl_source_map_position(pl_source_map *m, size_t mark_line, size_t mark_column, int *line,
                            int *col);
/* Byte offset of the raw input (libyaml's reader errors) -> 1-based line and column. */
void pl_source_map_offset_position(pl_source_map *m, size_t offset, int *line, int *col);

/* How YAML 1.2's core schema types a plain (unquoted) scalar; libyaml leaves
 * typing to its users. Quoted and block scalars are always strings. */
typedef enum { SCALAR_NULL, SCALAR_BOOL, SCALAR_NUMBER, SCALAR_STRING } pl_config_scalar_type;
pl_config_scalar_type pl_config_plain_scalar_type(const char *s);

/* error warning info style -> that pl_severity; none and ignore -> PL_SEV_NONE;
 * case-insensitive; PL_CONFIG_SEVERITY_UNKNOWN otherwise. */
int pl_config_severity_parse(const char *s);

/* The candidate nearest to `typed` (case, `-`, `_` and `.` ignored) when it is
 * close enough to be a typo, or `typed` is a prefix of it; NULL otherwise.
 * `candidates` ends with NULL. */
const char *pl_config_nearest(const char *typed, const char *const *candidates);

#endif
