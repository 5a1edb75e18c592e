/* js_internal.h — the compiled form of a JSON Schema, shared by the
 * compiler (jschema_compile.c), the validator (jschema_validate.c) and the
 * value helpers (jschema_value.c). */
#ifndef PLIMSOLL_JS_INTERNAL_H
#define PLIMSOLL_JS_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "plimsoll/jschema.h"

/* JSON types as bits; an integer scalar is both JS_T_INT and JS_T_NUM. */
enum {
    JS_T_NULL = 1,
    JS_T_BOOL = 2,
    JS_T_INT = 4,
    JS_T_NUM = 8,
    JS_T_STR = 16,
    JS_T_ARR = 32,
    JS_T_OBJ = 64,
};

typedef struct js_node js_node;

typedef struct {
    const char *name;
    js_node *schema;
} js_prop;

typedef struct {
    pcre2_code *re;
    js_node *schema;
} js_pprop;

typedef struct {
    const char *name;
    js_node *schema;     /* a schema dependency, or NULL */
    const char **names;  /* a property dependency */
    int nnames;
} js_dep;

typedef struct {
    int set;
    double value;
    const char *text; /* as written in the schema, for messages */
} js_bound;

struct js_node {
    int is_bool, bool_value; /* `true` / `false` as a schema */
    unsigned types;          /* 0: any */
    const char **type_names; /* as written, for messages */
    int ntype_names;
    js_node *ref; /* draft-07: a $ref replaces its siblings */

    js_prop *props;
    int nprops;
    js_pprop *pprops;
    int npprops;
    js_node *additional_props;
    const char **required;
    int nrequired;
    js_dep *deps;
    int ndeps;
    js_node *property_names;
    int min_props, max_props; /* -1: absent */

    js_node *items;        /* one schema for every item */
    js_node **items_tuple; /* or one per position */
    int nitems_tuple, has_tuple;
    js_node *additional_items;
    js_node *contains;
    int min_items, max_items;
    int unique_items;

    js_bound minimum, maximum, xminimum, xmaximum, multiple_of;
    int min_length, max_length;
    pcre2_code *pattern;
    const char *pattern_src;

    js_node **all_of, **any_of, **one_of;
    int nall_of, nany_of, none_of;
    js_node *not_, *if_, *then_, *else_;

    const pl_ynode *const_value; /* NULL: absent (a JSON null const is a NULL scalar) */
    const pl_ynode **enum_values;
    int nenum, has_enum;
};

struct pl_jschema {
    js_node *root;
    pcre2_code **codes; /* every compiled expression, for pl_jschema_free */
    int ncodes, capcodes;
};

/* The JSON type bits of an instance node as `stype` says it is typed. */
unsigned js_scalar_types(const pl_ynode *n, pl_ystype stype);
/* The numeric value of a number scalar; 0 when it is none. */
int js_number(const pl_ynode *n, double *out);
/* Code points in a UTF-8 string (invalid bytes count one each). */
size_t js_utf8_length(const char *s, size_t len);
/* Structural hash consistent with pl_jschema_equal; adds nodes visited to *steps. */
unsigned long js_hash(const pl_ynode *n, size_t *steps);
/* A cJSON item as a YAML node (see pl_jschema_json_to_ynode). */
struct cJSON;
pl_ynode *js_from_cjson(pl_arena *a, const struct cJSON *j);
/* 'text' quoted the way the messages quote names and values. */
const char *js_quote(pl_arena *a, const char *s, size_t len);

#endif
