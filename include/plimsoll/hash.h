/* hash.h — the string hash of plimsoll's tables (FNV-1a, 64-bit).
 *
 * Owns: one definition of it, so that every table (interned strings,
 * discovery's seen set, the git and ignore memos, the context cache, the
 * compose tables) hashes alike. */
#ifndef PLIMSOLL_HASH_H
#define PLIMSOLL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define PL_HASH_SEED 1469598103934665603ull

/* `h` carried on over the n bytes at s. */
static inline uint64_t pl_hash_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* `h` carried on over the string s. */
static inline uint64_t pl_hash_more(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The hash of the string s. */
static inline size_t pl_hash_str(const char *s)
{
    return (size_t)pl_hash_more(PL_HASH_SEED, s);
}

#endif
