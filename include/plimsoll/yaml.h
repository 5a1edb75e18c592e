/* yaml.h — YAML documents as trees with a position on every node.
 *
 * Owns: the node tree read from libyaml's events (src/parse/yaml/), with
 * anchors and aliases resolved, merge keys (`<<`, a map or a list of maps)
 * applied, explicit tags kept (`!reset`, `!override`), several documents per
 * stream, and scalars typed as go-yaml v3 types them (YAML 1.2 core schema;
 * a quoted or block scalar is always a string). Syntax errors and exceeded
 * limits (alias bombs, deep nesting) are diagnostics with line and column;
 * parsing never aborts and never takes more than the limits allow.
 * Everything lives in the caller's arena.
 */
#ifndef PLIMSOLL_YAML_H
#define PLIMSOLL_YAML_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"

typedef enum { PL_YAML_SCALAR, PL_YAML_SEQ, PL_YAML_MAP } pl_ykind;
typedef enum { PL_YS_NULL, PL_YS_BOOL, PL_YS_INT, PL_YS_FLOAT, PL_YS_STR } pl_ystype;

typedef struct pl_ynode pl_ynode;
typedef struct {
    pl_ynode *key;
    pl_ynode *value;
} pl_ypair;

struct pl_ynode {
    pl_ykind kind;
    pl_span span;      /* where the node is written (an alias: the anchored node) */
    const char *file;  /* display path of the file it was read from */
    const char *tag;   /* explicit tag as written ("!reset", "!!str"), or NULL */
    /* scalars: the value, NUL-terminated (may hold NULs: len counts them) */
    const char *str;
    size_t len;
    pl_ystype stype;
    int quoted;        /* single- or double-quoted, literal or folded */
    /* compose interpolation (compose.h): the text as written when `str` is
     * the interpolated value, else NULL; `unresolved` when it names a
     * variable that is not set (compose substitutes "" or the default; a
     * deployment may well set it), so checks take the value as not known
     * statically */
    const char *raw;
    int unresolved;
    /* sequences */
    pl_ynode **items;
    int nitems;
    /* mappings, in document order, merge keys applied (own keys win) */
    pl_ypair *pairs;
    int npairs;
};

typedef struct {
    size_t max_nodes; /* nodes after alias expansion; 0: default (1 000 000) */
    int max_depth;    /* nesting; 0: default (256) */
} pl_yaml_limits;

typedef struct pl_yaml {
    pl_ynode **docs; /* one root per document; an empty document is a NULL scalar */
    int ndocs;
    pl_diag_list diags;
} pl_yaml;

/* Never NULL. `limits` may be NULL (defaults). */
pl_yaml *pl_yaml_parse(pl_arena *a, const char *path, const char *data, size_t len,
                       const pl_yaml_limits *limits);

/* The value of `key` in a mapping (last one wins); NULL when `map` is not a
 * mapping or has no such key. */
pl_ynode *pl_yaml_get(const pl_ynode *map, const char *key);
/* The pair of `key`, for the key's own position; NULL as above. */
const pl_ypair *pl_yaml_pair(const pl_ynode *map, const char *key);

/* The type go-yaml v3 gives a plain (unquoted, untagged) scalar with this
 * text: what a value read from elsewhere (an interpolated string) would be
 * typed as had it been written in place. */
pl_ystype pl_yaml_resolve_plain(const char *s, size_t len);

/* The text of a scalar `key` in `map` (NULL when absent or not a scalar),
 * with its node in *node when `node` is not NULL. */
const char *pl_yaml_get_str(const pl_ynode *map, const char *key, const pl_ynode **node);

#endif
