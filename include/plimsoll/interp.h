/* interp.h — compose's variable interpolation.
 *
 * Owns: the `$` substitution `docker compose` applies to every string value
 * of a compose file and to `.env` values (compose-go template package):
 *
 *   $$             a literal `$`
 *   $NAME          NAME: [A-Za-z_][A-Za-z0-9_]* (compose's pattern is
 *   ${NAME}        case-insensitive, so U+017F and U+212A count as letters)
 *   ${NAME:-word}  word when NAME is unset or empty      ${NAME-word} unset
 *   ${NAME:+word}  word when NAME is set and non-empty   ${NAME+word} set
 *   ${NAME:?msg}   error when NAME is unset or empty     ${NAME?msg}  unset
 *
 * A `$` followed by anything else (`a $ string`, `$1`, `$}`, a final `$`)
 * stays as written. A `${` not followed by a name and `}` or an operator
 * (`${`, `${}`, `${ x}`, `${x }`, `${x!}`) is compose's "invalid
 * interpolation format" error. Words are interpolated in turn, only when
 * used, and may hold braces (`${J:-{"a":1}}`): a braced reference with an
 * operator runs to the last `}` of its line and is then cut at the brace that
 * balances its `${`, the rest of the match being read as more text — the
 * way compose-go does it, quirks included.
 *
 * Where compose stops at its first error, these functions go on and report
 * every issue, each at its byte offset in the input. Everything lives in the
 * arena given; nothing is global.
 */
#ifndef PLIMSOLL_INTERP_H
#define PLIMSOLL_INTERP_H

#include <stddef.h>

#include "plimsoll/arena.h"

/* Returns 1 and sets *value (never NULL; may be "") when `name` is set,
 * 0 when it is unset. `name` is not NUL-terminated. */
typedef int (*pl_interp_lookup_fn)(void *ud, const char *name, size_t name_len,
                                   const char **value);

typedef struct {
    pl_interp_lookup_fn lookup; /* NULL: every variable is unset */
    void *ud;
} pl_interp_env;

typedef enum {
    PL_INTERP_OP_NONE = 0,       /* $NAME, ${NAME} */
    PL_INTERP_OP_DEFAULT_EMPTY,  /* ${NAME:-word} */
    PL_INTERP_OP_DEFAULT,        /* ${NAME-word} */
    PL_INTERP_OP_ALT_NONEMPTY,   /* ${NAME:+word} */
    PL_INTERP_OP_ALT,            /* ${NAME+word} */
    PL_INTERP_OP_REQUIRED_EMPTY, /* ${NAME:?msg} */
    PL_INTERP_OP_REQUIRED,       /* ${NAME?msg} */
} pl_interp_op;

typedef enum {
    /* warning: compose substitutes "" ("The "X" variable is not set.
     * Defaulting to a blank string.") */
    PL_INTERP_ISSUE_UNSET,
    /* error: ${X:?msg} / ${X?msg} met an unset (or empty, for `:?`) X */
    PL_INTERP_ISSUE_REQUIRED,
    /* error: a malformed `${` ("invalid interpolation format") */
    PL_INTERP_ISSUE_SYNTAX,
    /* warning: words nested deeper than PL_INTERP_MAX_DEPTH were not read */
    PL_INTERP_ISSUE_TOO_DEEP,
} pl_interp_issue_kind;

#define PL_INTERP_MAX_DEPTH 64

typedef struct pl_interp_issue {
    pl_interp_issue_kind kind;
    size_t offset;  /* byte offset of the `$` in the input */
    size_t length;  /* bytes of the reference as written (>= 2) */
    int line, col;  /* 1-based, counted in the input (col in bytes) */
    const char *name;    /* the variable; NULL for SYNTAX and TOO_DEEP */
    /* REQUIRED: the user's message, interpolated ("" when none);
     * SYNTAX: the malformed text from its `${` up to the end of its line */
    const char *detail;
    /* What compose would print, e.g. "required variable X is missing a
     * value: msg" or "invalid interpolation format: \"${x }\"". */
    const char *message;
    struct pl_interp_issue *next;
} pl_interp_issue;

typedef struct {
    pl_interp_issue *head, *tail;
    int count;
    int errors;   /* REQUIRED + SYNTAX: compose refuses the file */
    int warnings; /* UNSET + TOO_DEEP */
} pl_interp_issues;

/* Interpolates in[0..len) as compose does for a string value. *out is the
 * result, NUL-terminated in the arena (*out_len its length; out_len may be
 * NULL); after an error it is a best effort (compose refuses the value, and a
 * failed reference yields ""). Issues are appended to `issues` (may be NULL)
 * in the order compose meets them. Returns 0, or -1 when compose would refuse
 * the value. */
int pl_interp_substitute(pl_arena *a, const char *in, size_t len, const pl_interp_env *env,
                         const char **out, size_t *out_len, pl_interp_issues *issues);

/* One variable reference, as written. */
typedef struct pl_interp_ref {
    const char *name;
    pl_interp_op op;
    const char *word;   /* text after the operator (NULL for OP_NONE); not interpolated */
    size_t offset;      /* byte offset of the `$` */
    size_t length;      /* bytes of the reference */
    int line, col;      /* 1-based, in the input */
    /* 0 at top level; n inside the word of n enclosing references (read by
     * compose only when that word is used) */
    int depth;
    struct pl_interp_ref *next;
} pl_interp_ref;

/* Every reference in[0..len) makes, including those inside words (all of
 * them, used or not), in input order. Returns the count; *out is the first
 * (NULL when none). Malformed `${` are skipped (pl_interp_substitute reports
 * them). */
int pl_interp_refs(pl_arena *a, const char *in, size_t len, pl_interp_ref **out);

/* A reference that compose reads unconditionally and that has no fallback:
 * unset, it is warned about (OP_NONE) or refused (OP_REQUIRED*). This is what
 * the documentation of a project's variables must list. */
int pl_interp_ref_needs_value(const pl_interp_ref *r);

/* True when the reference gives its own fallback (`:-`, `-`). */
int pl_interp_ref_has_default(const pl_interp_ref *r);

/* True when s[0..len) holds any `$NAME`, `${` or `$$` that compose reads. */
int pl_interp_has_refs(const char *s, size_t len);

#endif
