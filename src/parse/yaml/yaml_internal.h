/* yaml_internal.h — what the YAML layer's files share: positions of libyaml
 * marks in bytes, and go-yaml v3's typing of plain scalars. */
#ifndef PLIMSOLL_YAML_INTERNAL_H
#define PLIMSOLL_YAML_INTERNAL_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/yaml.h"

#include "plimsoll/ypos.h"


/* A node as the builder allocates it: what alias and nesting limits need. */
typedef struct {
    pl_ynode n;
    size_t size; /* nodes after alias expansion, saturating */
    int height;  /* collection levels from this node down (a scalar: 0) */
} pl_yx;

/* How go-yaml v3 tells mapping keys apart when it looks for duplicates. */
enum { PL_YKEY_SCALAR, PL_YKEY_SEQ, PL_YKEY_MAP, PL_YKEY_ALIAS };

typedef struct {
    pl_ynode *key, *value; /* a sequence item: value only */
    int key_class;
    const char *key_text;  /* scalar text, or the alias's anchor name */
} pl_yentry;

/* A collection being read. */
typedef struct {
    pl_yx *node;
    pl_yentry *entries; /* malloc'd */
    size_t nentries, cap;
    int have_key; /* a mapping key waits for its value */
    int flow;
    const char *anchor;
    int last_end_line, last_end_col;
} pl_yframe;

void pl_yaml_finish_seq(pl_arena *a, pl_yframe *f);
/* Duplicate keys, merge keys (own keys win, earlier maps of a list win). */
void pl_yaml_finish_map(pl_arena *a, pl_diag_list *diags, pl_yframe *f);
/* stype from style, explicit tag and text; a tag the text does not fit is
 * an error as go-yaml reports it. */
void pl_yaml_type_scalar(pl_arena *a, pl_diag_list *diags, pl_ynode *n);

#endif
