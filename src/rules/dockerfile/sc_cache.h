/* sc_cache.h — ShellCheck's results kept between runs.
 *
 * Owns: the cache directory ($XDG_CACHE_HOME/plimsoll/shellcheck, else
 * ~/.cache/plimsoll/shellcheck), the key of one script's result (a SHA-256
 * of the program's identity — path, size, modification time, which change
 * when ShellCheck is upgraded —, the dialect, the options and
 * SHELLCHECK_OPTS, and the script's bytes), and reading and writing one
 * entry: the JSON array of ShellCheck's comments on that script. An entry
 * is written to a temporary file and renamed into place, so concurrent runs
 * never read half an entry; the cache is kept under a size bound by
 * removing the least recently used entries (an entry's time is when it
 * was written or, at most once a day, read). Internal to the shellcheck
 * rule.
 */
#ifndef PLIMSOLL_SC_CACHE_H
#define PLIMSOLL_SC_CACHE_H

#include <stddef.h>

#include "plimsoll/arena.h"

/* The cache's bound: past it, the oldest entries go until a quarter is free. */
#define PL_SC_CACHE_MAX_BYTES ((long long)64 << 20)
/* Results larger than this are not kept. */
#define PL_SC_CACHE_MAX_ENTRY ((size_t)256 << 10)

typedef struct pl_sc_cache pl_sc_cache;

/* The cache for the program `exe` with `options` (the arguments that shape
 * its output); NULL when there is no usable cache directory or the program
 * cannot be stat'ed. Allocated in `a`. */
pl_sc_cache *pl_sc_cache_open(pl_arena *a, const char *exe, const char *options);

/* The entry's key for one script in `dialect` (64 hex digits + NUL). */
void pl_sc_cache_key(const pl_sc_cache *c, const char *dialect, const char *script, size_t len,
                     char key[65]);

/* The stored comments (a JSON array) for `key`, in `a`; NULL on a miss. */
const char *pl_sc_cache_get(const pl_sc_cache *c, pl_arena *a, const char *key, size_t *len);

/* Stores `json` for `key` (atomically; errors are ignored: a cache that
 * cannot be written only costs time). */
void pl_sc_cache_put(pl_sc_cache *c, const char *key, const char *json, size_t len);

/* How many entries were written through `c`. */
int pl_sc_cache_writes(const pl_sc_cache *c);

/* After writing: removes the least recently used entries when the cache
 * is over its bound. */
void pl_sc_cache_trim(pl_sc_cache *c, long long max_bytes);

/* SHA-256 of `len` bytes as 64 lower-case hex digits. */
void pl_sha256_hex(const void *data, size_t len, char out[65]);

#endif
