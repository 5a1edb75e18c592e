/* arena.h — region allocation, string building and growable arrays.
 *
 * Owns: every byte a checked file needs (AST, model, findings). One arena per
 * checked file; pl_arena_free releases everything in one go. Nothing here is
 * global, so arenas can live on several threads at once (one arena is used by
 * one thread at a time).
 *
 * Allocation never returns NULL: on out-of-memory the process aborts with a
 * message, because every caller would otherwise have to unwind a half-built AST.
 */
#ifndef PLIMSOLL_ARENA_H
#define PLIMSOLL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pl_arena pl_arena;

pl_arena *pl_arena_new(void);
/* An arena whose blocks hold `block` bytes: for data whose size is known
 * up front (one exact block instead of a 64 kB one). */
pl_arena *pl_arena_new_sized(size_t block);
void pl_arena_free(pl_arena *a);

/* Runs fn(arg) when the arena is freed (before its memory goes), newest
 * first: for what the arena's data owns outside it (another arena, a lock). */
void pl_arena_on_free(pl_arena *a, void (*fn)(void *), void *arg);

/* Zero-filled, aligned for any type. */
void *pl_arena_alloc(pl_arena *a, size_t size);
char *pl_arena_strdup(pl_arena *a, const char *s);
char *pl_arena_strndup(pl_arena *a, const char *s, size_t n);
char *pl_arena_printf(pl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *pl_arena_vprintf(pl_arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for benchmarks). */
size_t pl_arena_used(const pl_arena *a);
/* Bytes the arena holds from malloc (its blocks, used or not). */
size_t pl_arena_allocated(const pl_arena *a);
/* The arena's blocks, sorted: whether a pointer points into memory the
 * arena handed out, in log time (valid until the arena allocates again). */
typedef struct pl_arena_index pl_arena_index;
pl_arena_index *pl_arena_index_new(const pl_arena *a);
int pl_arena_index_owns(const pl_arena_index *ix, const void *p);
void pl_arena_index_free(pl_arena_index *ix);

#define PL_NEW(a, T) ((T *)pl_arena_alloc((a), sizeof(T)))
#define PL_NEW_N(a, T, n) ((T *)pl_arena_alloc((a), sizeof(T) * (size_t)(n)))

/* A string under construction, backed by the arena. */
typedef struct {
    pl_arena *arena;
    char *data;
    size_t len, cap;
} pl_strbuf;

void pl_sb_init(pl_strbuf *sb, pl_arena *a);
void pl_sb_putc(pl_strbuf *sb, char c);
void pl_sb_append(pl_strbuf *sb, const char *s, size_t n);
void pl_sb_puts(pl_strbuf *sb, const char *s);
void pl_sb_printf(pl_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminated contents; the buffer stays usable. Never NULL. */
const char *pl_sb_str(pl_strbuf *sb);

/* A growable array of pointers, backed by the arena. */
typedef struct {
    void **items;
    size_t len, cap;
} pl_vec;

void pl_vec_push(pl_arena *a, pl_vec *v, void *item);

/* At most the first `max` bytes of the regular file at `path`,
 * NUL-terminated, in the arena (*len: the bytes read); NULL when it cannot
 * be opened or is not a regular file. */
char *pl_arena_read_file(pl_arena *a, const char *path, size_t max, size_t *len);
#define PL_VEC_AT(v, T, i) ((T)(v).items[(i)])

#endif
