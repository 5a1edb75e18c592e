/* jschema.h — JSON Schema (draft-07) validation of YAML trees.
 *
 * Owns: a compiled JSON Schema (read with cJSON) and its validation of a
 * pl_ynode instance (src/parse/schema/). Supported keywords: type, enum,
 * const, properties, patternProperties, additionalProperties, required,
 * dependencies, propertyNames, minProperties, maxProperties, items (schema
 * or tuple), additionalItems, contains, minItems, maxItems, uniqueItems,
 * minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf,
 * minLength, maxLength, pattern (PCRE2, see below), allOf, anyOf, oneOf, not,
 * if/then/else, boolean schemas, and $ref to JSON pointers inside the same
 * document ("#", "#/definitions/x"). Annotations (title, description,
 * default, examples, deprecated, format, $comment) assert nothing. A $ref
 * to another document, or a $ref whose target does not exist, is a compile
 * error.
 *
 * A scalar's JSON type is its YAML type (pl_ystype): null, boolean,
 * integer (also a number), number (an integral one is also an integer, as
 * draft-07 says), string.
 *
 * `pattern` and `patternProperties` are ECMA-262 regular expressions run
 * with PCRE2 (PCRE2_UTF, PCRE2_ALT_BSUX for \uHHHH, PCRE2_DOLLAR_ENDONLY,
 * unanchored search). Differences that remain: \d, \w and \s are ASCII only
 * (ECMA's \s also matches Unicode spaces), `.` excludes only \n (ECMA also
 * \r, U+2028, U+2029), and PCRE2 accepts syntax ECMA rejects (possessive
 * quantifiers, \A, \z...). Lengths count code points, as JSON Schema says.
 *
 * Errors follow compose-go (santhosh-tekuri/jsonschema v6 messages with
 * compose-go's wording for type, minimum and maximum): the instance path
 * joined with dots ("services.web.ports.0") and "must be a mapping",
 * "additional properties 'foo' not allowed", "missing property 'image'"...
 * Independent failures are separate errors; a failed oneOf/anyOf is one
 * error, the most specific failure under it (deepest instance location, an
 * additionalProperties failure counting one deeper, the first on a tie), as
 * compose-go picks it. Validation work is bounded (steps and nesting); when
 * a bound is hit the result says it is incomplete.
 * Everything lives in the caller's arena except the compiled regular
 * expressions, released by pl_jschema_free.
 */
#ifndef PLIMSOLL_JSCHEMA_H
#define PLIMSOLL_JSCHEMA_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/yaml.h"

typedef struct pl_jschema pl_jschema;

typedef struct pl_jschema_error {
    const pl_ynode *node; /* the instance node that fails (file, line, column) */
    const char *path;     /* "services.web.ports.0"; "" for the document itself */
    const char *keyword;  /* the failing keyword: "type", "additionalProperties"... */
    const char *message;  /* without the path: "must be a mapping" */
    /* additionalProperties: the first key not allowed (its own position) */
    const pl_ynode *key;
} pl_jschema_error;

typedef struct {
    pl_jschema_error *items;
    int n;
    int incomplete;  /* a work bound was hit: absence of errors proves nothing */
    int unavailable; /* no schema to validate with */
} pl_jschema_errors;

/* What a scalar is taken for. PL_JS_AS_UNKNOWN: its value is only known
 * later (a compose value before interpolation); it satisfies every schema,
 * and a oneOf that more than one branch matches because of it passes. */
typedef enum { PL_JS_AS_IS, PL_JS_AS_TYPE, PL_JS_AS_UNKNOWN } pl_js_scalar_view;

typedef struct {
    /* Optional: how the scalar `n` at instance location path[0..depth)
     * (mapping keys, "[]" for a sequence item) is typed; for
     * PL_JS_AS_TYPE, *type is set. NULL: every scalar as is. */
    pl_js_scalar_view (*scalar_view)(void *user, const char *const *path, int depth,
                                     const pl_ynode *n, pl_ystype *type);
    void *user;
    size_t max_steps; /* schema-instance checks; 0: default (4 000 000) */
    int max_depth;    /* nested schema applications; 0: default (512) */
    int max_errors;   /* reported errors; 0: default (100) */
} pl_jschema_options;

/* Compiles the JSON text of a schema. NULL on a malformed document or an
 * unsupported/unresolvable $ref or bad regular expression, with `*err` (if
 * not NULL) set to a message in the arena. */
pl_jschema *pl_jschema_compile(pl_arena *a, const char *json, size_t len, const char **err);
/* Releases the compiled regular expressions (the rest is in the arena).
 * NULL is fine. */
void pl_jschema_free(pl_jschema *s);

/* Validates `instance`. Returns 0 when valid, 1 with errors in `out`.
 * `opts` may be NULL. */
int pl_jschema_validate(pl_arena *a, const pl_jschema *s, const pl_ynode *instance,
                        const pl_jschema_options *opts, pl_jschema_errors *out);

/* A JSON document (cJSON's grammar) as a YAML tree: objects as mappings,
 * arrays as sequences, numbers with an integral value (below 2^53) as
 * PL_YS_INT, other numbers as PL_YS_FLOAT, strings as quoted scalars. Positions are zero. NULL when malformed. */
pl_ynode *pl_jschema_json_to_ynode(pl_arena *a, const char *json, size_t len);

/* Whether two instances are equal as JSON values (numbers by value,
 * mappings regardless of key order). */
int pl_jschema_equal(const pl_ynode *x, const pl_ynode *y);

/* ---- the compose-spec schema, embedded at build time -------------------- */

typedef struct {
    /* 1: values were interpolated already (a `$` is literal). 0: a string
     * holding `$` is only known after interpolation (PL_JS_AS_UNKNOWN). */
    int interpolated;
} pl_compose_schema_options;

/* Validates one compose document against the compose-spec schema, with
 * compose's own conversions first (a string where compose casts to a
 * boolean or a number, "true" for `privileged`, "3" for `retries`, counts
 * as that type). Top-level errors read "additional properties 'x' not
 * allowed" (no path) and a root that is no mapping "top-level object must
 * be a mapping", as compose-go says. Returns 0 valid, 1 errors, -1 when the
 * schema was not embedded at build time (out->unavailable). `opts` may be
 * NULL. */
int pl_compose_schema_validate(pl_arena *a, const pl_ynode *root, pl_jschema_errors *out);
int pl_compose_schema_validate_ex(pl_arena *a, const pl_ynode *root,
                                  const pl_compose_schema_options *opts, pl_jschema_errors *out);
/* Whether the schema was embedded (the build found compose-spec.json). */
int pl_compose_schema_available(void);

#endif
