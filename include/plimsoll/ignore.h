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

/* Positions: `line` is 1-based (for pl_ignore_from_patterns, the index in
 * the list plus one); `col` is the 1-based byte column of the first
 * non-blank character of the entry, which is the `!` of a re-include. A
 * UTF-8 byte-order mark at the start of the file is not counted. */
typedef struct {
    const char *raw;     /* the line as written (without its line break) */
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

/* Does pattern i match `path` itself or one of its parent directories?
 * (The path is cleaned first; the context-root rule does not apply here.) */
int pl_ignore_pattern_matches(const pl_ignorefile *f, int i, const char *path);

/* MatchesUsingParentResults, the incremental form the build-context walker
 * (fsutil) uses, which can differ from pl_ignore_match: a pattern that
 * matched the parent directory counts as matching without re-checking the
 * precedence. `parent` holds the parent directory's per-pattern results
 * (npatterns bytes), or is NULL for an entry at the context root (parent
 * directories are then checked as pl_ignore_match does). This path's
 * results are written to `matched` (npatterns bytes; may be NULL). `path`
 * must already be clean and context-relative. Returns 1 excluded, 0 sent;
 * *deciding (may be NULL) as for pl_ignore_match. */
int pl_ignore_match_parent_results(const pl_ignorefile *f, const char *path,
                                   const unsigned char *parent, unsigned char *matched,
                                   int *deciding);

/* Go's filepath.Match (Unix rules: `*`, `?`, `[...]` with `^` negation and
 * ranges, `\` escapes; `*` and `?` never match '/'), as COPY uses it for
 * wildcard sources: 1 match, 0 no match, -1 malformed pattern. */
int pl_ignore_fnmatch(const char *pattern, const char *name);

/* Go's filepath.Clean on a '/'-separated path ("" becomes "."). */
char *pl_ignore_clean(pl_arena *a, const char *path);
/* The same into a caller's buffer with room for max(n, 1) + 1 bytes;
 * returns the length (NUL-terminated). */
size_t pl_ignore_clean_buf(const char *path, size_t n, char *out);

#endif
