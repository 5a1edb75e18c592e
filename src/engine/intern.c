/* intern.c — one copy of each string the report keeps of many files.
 *
 * A checked file's report keeps its rules' evidence and its findings'
 * messages. The same texts come back file after file ("no ADD
 * instruction", "apt-get install pins every package" ...): kept once per
 * run here instead of once per file in each retained block. The table is
 * the run's (the workspace arena frees it), guarded by its lock, as files
 * are retained on several threads.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "plimsoll/hash.h"

struct pl_interner {
    pthread_mutex_t lock;
    pl_arena *arena;     /* the strings */
    const char **slots;  /* open addressing; malloc'd */
    size_t cap, len;
};

static size_t hash_str(const char *s)
{
    return pl_hash_str(s);
}

static void interner_free(void *arg)
{
    pl_interner *in = arg;
    pthread_mutex_destroy(&in->lock);
    pl_arena_free(in->arena);
    free(in->slots);
    free(in);
}

pl_interner *pl_interner_new(pl_arena *owner)
{
    pl_interner *in = calloc(1, sizeof *in);
    if (!in) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    pthread_mutex_init(&in->lock, NULL);
    in->arena = pl_arena_new();
    pl_arena_on_free(owner, interner_free, in);
    return in;
}

static int grow(pl_interner *in)
{
    size_t cap = in->cap ? in->cap * 2 : 64;
    const char **t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < in->cap; i++) {
        if (!in->slots[i])
            continue;
        size_t k = hash_str(in->slots[i]) & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = in->slots[i];
    }
    free(in->slots);
    in->slots = t;
    in->cap = cap;
    return 0;
}

const char *pl_intern(pl_interner *in, const char *s)
{
    if (!s)
        return NULL;
    size_t h = hash_str(s);
    pthread_mutex_lock(&in->lock);
    const char *kept = NULL;
    if (2 * (in->len + 1) <= in->cap || grow(in) == 0) {
        size_t k = h & (in->cap - 1);
        while (in->slots[k] && strcmp(in->slots[k], s))
            k = (k + 1) & (in->cap - 1);
        if (!in->slots[k]) {
            in->slots[k] = pl_arena_strdup(in->arena, s);
            in->len++;
        }
        kept = in->slots[k];
    } else {
        kept = pl_arena_strdup(in->arena, s); /* no room to index it: a copy of its own */
    }
    pthread_mutex_unlock(&in->lock);
    return kept;
}
