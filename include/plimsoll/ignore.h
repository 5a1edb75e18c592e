/* ignore.h — .dockerignore files: reading and matching.
 *
 * Owns: BuildKit's exact semantics (moby/patternmatcher and
 * ignorefile.ReadAll): `#` comments only at column 1, trimming, `!`
 * re-includes, path cleaning, `**`, character classes and escapes, the last
 * matching line wins, a pattern matching a parent directory excludes what is
 * below it, the context root is never excluded. A bad pattern is a
 * diagnostic with its line; the other lines still apply.
 * Everything lives in the arena given; a parsed file is read-only and can be
 * matched from several threads.
 */
#ifndef PLIMSOLL_IGNORE_H
#define PLIMSOLL_IGNORE_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"

typedef struct pl_ignore_compiled pl_ignore_compiled;

typedef struct {
    const char *raw;     /* the line as written */
    const char *pattern; /* cleaned, without the leading '!' */
    int exclusion;       /* 1 for a `!` re-include */
    int line;            /* 1-based */
    int col;             /* column where the pattern text starts */
    int valid;           /* 0 when the pattern is malformed (a diagnostic says why) */
    pl_ignore_compiled *compiled; /* private */
} pl_ignore_pattern;

typedef struct pl_ignorefile {
    const char *path;
    pl_ignore_pattern *patterns;
    int npatterns;
    int has_exclusions; /* any valid `!` line */
    pl_diag_list diags;
} pl_ignorefile;

pl_ignorefile *pl_ignore_parse(pl_arena *a, const char *path, const char *data, size_t len);
/* From pattern lines already read (as in the conformance vectors: a leading
 * '!' marks a re-include, no comments). */
pl_ignorefile *pl_ignore_from_patterns(pl_arena *a, const char *const *lines, int n);

/* Does the context-relative, '/'-separated `path` get excluded
 * (MatchesOrParentMatches)? Returns 1 excluded, 0 sent. *deciding is set to
 * the index of the pattern that decided, or -1. */
int pl_ignore_match(const pl_ignorefile *f, const char *path, int *deciding);

/* Does pattern i match `path` itself or one of its parent directories? */
int pl_ignore_pattern_matches(const pl_ignorefile *f, int i, const char *path);

#endif
