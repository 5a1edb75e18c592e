/* expand.h — BuildKit's variable substitution and word splitting.
 *
 * Owns: the shell-like lexer BuildKit applies to the arguments of ADD, COPY,
 * ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG defaults
 * and RUN --mount values (BuildKit frontend/dockerfile/shell/lex.go): quote
 * removal, the escape character, `$v`, `${v}` and every `${v<op>word}` form.
 *
 * A variable can be known (a value), unknown (declared, but its value comes
 * from outside, e.g. `ARG TAG` with no default) or undefined. A word that
 * needs an unknown value expands to PL_EXPAND_UNKNOWN and rules must not judge
 * it. Results live in the arena given.
 */
#ifndef PLIMSOLL_EXPAND_H
#define PLIMSOLL_EXPAND_H

#include <stddef.h>

#include "plimsoll/arena.h"

typedef enum {
    PL_VAR_UNDEFINED = 0,
    PL_VAR_KNOWN,   /* *value set (may be "") */
    PL_VAR_UNKNOWN, /* declared; value not knowable statically */
} pl_var_state;

typedef pl_var_state (*pl_var_lookup_fn)(void *ud, const char *name, size_t name_len,
                                         const char **value);

/* Called once per variable reference met while expanding (for UndefinedVar). */
typedef void (*pl_var_ref_fn)(void *ud, const char *name, size_t name_len,
                              pl_var_state state);

typedef struct {
    pl_var_lookup_fn lookup; /* NULL: every variable is undefined */
    pl_var_ref_fn on_ref;    /* optional */
    void *ud;
    char escape;             /* '\\' (default when 0) or '`' */
} pl_expander;

typedef enum {
    PL_EXPAND_ERROR = -1, /* bad substitution etc.; *error says why */
    PL_EXPAND_OK = 0,
    PL_EXPAND_UNKNOWN = 1, /* needs an unknown value; *out keeps each unknown
                              reference verbatim ("${TAG}") so callers can
                              still see the shape */
} pl_expand_status;

/* One word: quotes removed, variables expanded (BuildKit ProcessWord).
 * On PL_EXPAND_ERROR *out is NULL; otherwise *error is NULL. `error` may be
 * NULL. A `${v<op>word}` needing an unknown value is kept whole, as written
 * (`${TAG:-1.0}`); one that does not (`${SET:-$TAG}`) is expanded. */
pl_expand_status pl_expand_word(pl_arena *a, const pl_expander *ex, const char *word,
                                const char **out, const char **error);

/* Several words: expanded, then split on unquoted whitespace the way
 * ProcessWords does. *out is an arena array of *n strings, NULL-terminated
 * (empty on error). An unknown reference stays one word. */
pl_expand_status pl_expand_words(pl_arena *a, const pl_expander *ex, const char *text,
                                 const char ***out, int *n, const char **error);

/* True when `s` holds an unescaped `$` reference at all (outside single
 * quotes; `$` followed by a name, a digit, a special parameter or `{`). */
int pl_expand_has_vars(const char *s, char escape);

#endif
