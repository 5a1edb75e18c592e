/* ignore_glob.h — internal: Go path helpers and the compiled .dockerignore
 * pattern, shared by ignore.c (reading, precedence) and the build-context
 * walker. Not part of the public API.
 */
#ifndef PLIMSOLL_IGNORE_GLOB_H
#define PLIMSOLL_IGNORE_GLOB_H

#include <stddef.h>
#include <stdint.h>

#include "plimsoll/arena.h"

/* Go's utf8.DecodeRune: an invalid or truncated sequence is U+FFFD, width 1. */
uint32_t pl_glob_decode_rune(const unsigned char *s, size_t n, size_t *width);

size_t pl_glob_encode_rune(uint32_t r, char *out);

/* Go's filepath.Clean on Unix, written into out (room for max(n, 1) bytes,
 * no terminator added); returns the length. */
size_t pl_glob_clean(const char *path, size_t n, char *out);

/* Go's strings.TrimSpace (Unicode white space): the kept range. */
void pl_glob_trim_space(const char *s, size_t n, size_t *start, size_t *end);

/* Go's filepath.Match on Unix: 1 match, 0 no match, -1 malformed pattern.
 * The whole pattern is checked for syntax, as Go does. */
int pl_glob_fnmatch(const char *pat, size_t plen, const char *name, size_t nlen);

typedef enum {
    PL_GLOB_EXACT,  /* no wildcard: byte equality */
    PL_GLOB_PREFIX, /* ends in a double star: starts with what precedes it */
    PL_GLOB_SUFFIX, /* starts with a double star: ends with the rest (a rest of
                     * "/x" also matches "x") */
    PL_GLOB_REGEXP, /* anything else */
} pl_glob_kind;

typedef struct pl_glob pl_glob;

/* Compiles a cleaned pattern (no leading '!') as patternmatcher does. On a
 * pattern Docker rejects, returns NULL and a reason in *why. */
pl_glob *pl_glob_compile(pl_arena *a, const char *pat, size_t len, const char **why);

pl_glob_kind pl_glob_kind_of(const pl_glob *g);

/* Does the pattern match the (already cleaned) path itself? */
int pl_glob_match(const pl_glob *g, const char *path, size_t n);

/* ... or one of its parent directories, as MatchesOrParentMatches checks
 * them (every prefix that ends before a '/'). */
int pl_glob_match_or_parent(const pl_glob *g, const char *path, size_t n);

/* An expression beyond the automaton, run on PCRE2 (ignore_re2.c). NULL and
 * a reason when Go's RE2 would refuse it. */
typedef struct pl_glob_re2 pl_glob_re2;
pl_glob_re2 *pl_glob_re2_compile(pl_arena *a, const char *re, size_t n, const char **why);
int pl_glob_re2_match(const pl_glob_re2 *re, const char *s, size_t n);

#endif
