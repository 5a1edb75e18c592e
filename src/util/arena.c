/* arena.c — region allocator: big blocks carved linearly, freed together. */
#include "plimsoll/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PL_ARENA_BLOCK (64 * 1024)
/* An arena's first block; each next one doubles up to its ordinary block.
 * Thousands of arenas are alive at once (a file read up front for the
 * model, a checked file's report), most holding a few kB: a full block
 * each made a run's memory grow by 64 kB per file. */
#define PL_ARENA_FIRST (4 * 1024)
#define PL_ALIGN 16

typedef struct pl_block {
    struct pl_block *next;
    size_t size, used;
    _Alignas(PL_ALIGN) unsigned char data[];
} pl_block;

typedef struct pl_cleanup {
    void (*fn)(void *);
    void *arg;
    struct pl_cleanup *next;
} pl_cleanup;

struct pl_arena {
    pl_block *head;
    size_t total;
    pl_cleanup *cleanups; /* run newest first by pl_arena_free */
    size_t block; /* size of an ordinary block */
    size_t next;  /* size of the next block while they grow towards `block` */
    size_t allocated; /* bytes of all blocks */
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("plimsoll: out of memory\n", stderr);
        abort();
    }
    return p;
}

pl_arena *pl_arena_new(void)
{
    pl_arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->total = 0;
    a->cleanups = NULL;
    a->block = PL_ARENA_BLOCK;
    a->next = PL_ARENA_FIRST;
    a->allocated = 0;
    return a;
}

pl_arena *pl_arena_new_sized(size_t block)
{
    pl_arena *a = pl_arena_new();
    block = (block + PL_ALIGN - 1) & ~(size_t)(PL_ALIGN - 1);
    a->block = block ? block : PL_ALIGN;
    a->next = a->block < PL_ARENA_FIRST ? a->block : PL_ARENA_FIRST;
    return a;
}

void pl_arena_on_free(pl_arena *a, void (*fn)(void *), void *arg)
{
    pl_cleanup *c = pl_arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->arg = arg;
    c->next = a->cleanups;
    a->cleanups = c;
}

void pl_arena_free(pl_arena *a)
{
    if (!a)
        return;
    for (pl_cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->arg);
    pl_block *b = a->head;
    while (b) {
        pl_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* Memory whose every byte the caller writes before reading (a copy, a
 * grown buffer): zero-filling it would only cost time. */
static void *alloc_raw(pl_arena *a, size_t size)
{
    size = (size + PL_ALIGN - 1) & ~(size_t)(PL_ALIGN - 1);
    if (size == 0)
        size = PL_ALIGN;
    pl_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > a->block / 4 ? size : size > a->next ? size : a->next;
        if (a->next < a->block)
            a->next = a->next * 2 < a->block ? a->next * 2 : a->block;
        pl_block *nb = xmalloc(sizeof *nb + cap);
        a->allocated += sizeof *nb + cap;
        nb->size = cap;
        nb->used = 0;
        if (cap == size && b) {
            /* a large one-off allocation: keep the current block for small ones */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

void *pl_arena_alloc(pl_arena *a, size_t size)
{
    void *p = alloc_raw(a, size);
    memset(p, 0, size ? size : 1);
    return p;
}

char *pl_arena_strndup(pl_arena *a, const char *s, size_t n)
{
    char *p = alloc_raw(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pl_arena_strdup(pl_arena *a, const char *s)
{
    return pl_arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

char *pl_arena_vprintf(pl_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    /* most texts fit the current block's free room: formatted there once,
     * instead of measured and then formatted */
    pl_block *b = a->head;
    if (b && b->size > b->used) {
        size_t room = b->size - b->used;
        char *p = (char *)b->data + b->used;
        int n = vsnprintf(p, room, fmt, ap2);
        va_end(ap2);
        if (n >= 0 && (size_t)n < room) {
            size_t size = ((size_t)n + 1 + PL_ALIGN - 1) & ~(size_t)(PL_ALIGN - 1);
            b->used += size;
            a->total += size;
            return p;
        }
        va_copy(ap2, ap);
    }
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = alloc_raw(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *pl_arena_printf(pl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = pl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t pl_arena_used(const pl_arena *a) { return a->total; }
size_t pl_arena_allocated(const pl_arena *a) { return a->allocated; }

struct pl_arena_index {
    size_t n;
    uintptr_t *lo, *hi; /* the blocks' used ranges [lo, hi), sorted */
};

static int cmp_block(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)(*(const pl_block *const *)x)->data;
    uintptr_t b = (uintptr_t)(*(const pl_block *const *)y)->data;
    return (a > b) - (a < b);
}

pl_arena_index *pl_arena_index_new(const pl_arena *a)
{
    pl_arena_index *ix = xmalloc(sizeof *ix);
    ix->n = 0;
    for (const pl_block *b = a ? a->head : NULL; b; b = b->next)
        ix->n++;
    const pl_block **blocks = xmalloc(sizeof *blocks * (ix->n ? ix->n : 1));
    size_t k = 0;
    for (const pl_block *b = a ? a->head : NULL; b; b = b->next)
        blocks[k++] = b;
    qsort(blocks, ix->n, sizeof *blocks, cmp_block);
    ix->lo = xmalloc(sizeof *ix->lo * (ix->n ? ix->n : 1));
    ix->hi = xmalloc(sizeof *ix->hi * (ix->n ? ix->n : 1));
    for (size_t i = 0; i < ix->n; i++) {
        ix->lo[i] = (uintptr_t)blocks[i]->data;
        ix->hi[i] = (uintptr_t)(blocks[i]->data + blocks[i]->used);
    }
    free(blocks);
    return ix;
}

int pl_arena_index_owns(const pl_arena_index *ix, const void *p)
{
    uintptr_t u = (uintptr_t)p;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) { /* the last block starting at or before u */
        size_t mid = lo + (hi - lo) / 2;
        if (ix->lo[mid] <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && u < ix->hi[lo - 1];
}

void pl_arena_index_free(pl_arena_index *ix)
{
    if (!ix)
        return;
    free(ix->lo);
    free(ix->hi);
    free(ix);
}

void pl_sb_init(pl_strbuf *sb, pl_arena *a)
{
    sb->arena = a;
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

static void sb_reserve(pl_strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap * 2 : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *d = alloc_raw(sb->arena, cap);
    if (sb->len)
        memcpy(d, sb->data, sb->len);
    sb->data = d;
    sb->cap = cap;
}

void pl_sb_append(pl_strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void pl_sb_putc(pl_strbuf *sb, char c) { pl_sb_append(sb, &c, 1); }

void pl_sb_puts(pl_strbuf *sb, const char *s) { pl_sb_append(sb, s, strlen(s)); }

void pl_sb_printf(pl_strbuf *sb, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        sb_reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
        sb->len += (size_t)n;
    }
    va_end(ap);
}

const char *pl_sb_str(pl_strbuf *sb)
{
    if (!sb->data)
        sb_reserve(sb, 0);
    sb->data[sb->len] = '\0';
    return sb->data;
}

void pl_vec_push(pl_arena *a, pl_vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = alloc_raw(a, cap * sizeof *items);
        if (v->len)
            memcpy(items, v->items, v->len * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

char *pl_arena_read_file(pl_arena *a, const char *path, size_t max, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    struct stat st;
    if (!fp)
        return NULL;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(fp);
        return NULL;
    }
    size_t cap = (size_t)st.st_size > max ? max : (size_t)st.st_size;
    char *buf = pl_arena_alloc(a, cap + 1);
    *len = fread(buf, 1, cap, fp);
    fclose(fp);
    buf[*len] = '\0';
    return buf;
}
