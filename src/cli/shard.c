/* shard.c — `--shard I/N`: which part of a run this job checks.
 *
 * A path belongs to shard 1 + (FNV-1a 64 of its display path mod N): the
 * same on every machine and in every run, so N jobs given 1/N ... N/N check
 * each file (or each repository path given) exactly once, whatever order
 * they were found in. */
#include "shard.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pl_shard_parse(const char *s, int *index, int *count)
{
    char *end;
    long i = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return -1;
    const char *rest = end + 1;
    long n = strtol(rest, &end, 10);
    if (end == rest || *end || n < 1 || n > 1000000 || i < 1 || i > n)
        return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

int pl_shard_of(const char *path, int count)
{
    uint64_t h = 1469598103934665603ull;
    /* "./a" and "a" are one file */
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return 1 + (int)(h % (uint64_t)count);
}
