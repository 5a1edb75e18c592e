/* expand_glob.h — private to the expander: the shell patterns of
 * `${v#p}`, `${v%p}` and `${v/p/r}` (see expand_glob.c). */
#ifndef PLIMSOLL_EXPAND_GLOB_H
#define PLIMSOLL_EXPAND_GLOB_H

#include "plimsoll/arena.h"

/* Removes the shortest (or, when greedy, longest) prefix of `value` matching
 * `pattern`, or such a suffix when `suffix` is set. 0, or -1 with *error. */
int pl_expand_glob_trim(pl_arena *a, const char *value, const char *pattern, int suffix,
                        int greedy, const char **out, const char **error);

/* Replaces the first (or every) match of `pattern` in `value`. 0, or -1 with
 * *error. */
int pl_expand_glob_replace(pl_arena *a, const char *value, const char *pattern,
                           const char *replacement, int all, const char **out,
                           const char **error);

/* Bytes of the UTF-8 sequence at s[0..n) (1 for an invalid byte); *cp gets the
 * code point, or -1 when the byte does not start a valid sequence. */
size_t pl_expand_utf8_decode(const char *s, size_t n, long *cp);

#endif
