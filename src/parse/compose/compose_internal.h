/* compose_internal.h — what the compose loader's files share: node
 * construction, key paths matched against compose-go's path patterns, the
 * merge rules and the loader's per-file records. */
#ifndef PLIMSOLL_COMPOSE_INTERNAL_H
#define PLIMSOLL_COMPOSE_INTERNAL_H

#include <stddef.h>

#include "plimsoll/compose.h"
#include "plimsoll/interp.h"

#define PL_CPATH_MAX 512

/* A key path from the document root: mapping keys, "[]" for list items. */
typedef struct {
    const char *parts[PL_CPATH_MAX];
    int n;
} pl_cpath;

static inline int pl_cpath_push(pl_cpath *p, const char *part)
{
    if (p->n >= PL_CPATH_MAX)
        return 0;
    p->parts[p->n++] = part;
    return 1;
}

/* compose-go's tree.Path.Matches: '*' matches one part, "[]" a list item. */
int pl_cpath_matches(const pl_cpath *p, const char *pattern);
/* "services.web.ports" for messages. */
const char *pl_cpath_str(pl_arena *a, const pl_cpath *p);

/* ---- nodes ---------------------------------------------------------------------- */

/* A new scalar that says it was written where `at` was. */
pl_ynode *pl_cn_scalar(pl_arena *a, const pl_ynode *at, const char *s, size_t len, pl_ystype t);
pl_ynode *pl_cn_copy(pl_arena *a, const pl_ynode *n);
pl_ynode *pl_cn_map(pl_arena *a, const pl_ynode *at, int cap);
pl_ynode *pl_cn_seq(pl_arena *a, const pl_ynode *at, int cap);
/* Appends to a node made by pl_cn_map / pl_cn_seq with room for it. */
void pl_cn_add_pair(pl_ynode *map, pl_ynode *key, pl_ynode *value);
void pl_cn_add_item(pl_ynode *seq, pl_ynode *item);
int pl_cn_key_is(const pl_ynode *key, const char *s);
int pl_cn_index(const pl_ynode *map, const char *key); /* -1 when absent */
int pl_cn_is_null(const pl_ynode *n);
int pl_cn_scalar_eq(const pl_ynode *x, const pl_ynode *y);

/* Positions of a mapping's scalar keys, for lookups in big mappings. */
typedef struct {
    int *slots; /* pair index + 1; 0 = empty */
    size_t cap;
    const pl_ynode *map;
} pl_ckeyidx;

void pl_ckeyidx_init(pl_arena *a, pl_ckeyidx *x, const pl_ynode *map, int room);
/* The last pair with this key, or -1. */
int pl_ckeyidx_find(const pl_ckeyidx *x, const char *key, size_t len);
/* Records pair `i` of the mapping (call after appending it). */
void pl_ckeyidx_add(pl_ckeyidx *x, int i);

/* ---- merging (compose-spec 13-merge, compose-go override package) -------------- */

typedef struct pl_cload pl_cload;

/* Merges `over` onto `base` at `path`; NULL base gives `over`. Errors
 * (compose refuses) go to the diagnostics of `over`'s file. */
pl_ynode *pl_compose_merge(pl_cload *l, pl_ynode *base, pl_ynode *over, pl_cpath *path);
/* compose-go's EnforceUnicity: sequences merged by key keep one entry per
 * key, the later one in the earlier one's place. */
pl_ynode *pl_compose_unicity(pl_cload *l, pl_ynode *n, pl_cpath *path);

/* ---- the loader ------------------------------------------------------------------ */

typedef struct pl_cfile {
    pl_compose_file pub;
    const char *data;
    size_t len;
    size_t *line_starts; /* built on first use */
    size_t nlines;
} pl_cfile;

/* Variables set here (env files, in order), over those of `parent`, over
 * the process environment `environ` ("NAME=value", read in place, never
 * copied: every project of a run shares it). */
typedef struct pl_cenv {
    const char **names, **values;
    int n, cap;
    const struct pl_cenv *parent;
    const char *const *environ;
} pl_cenv;

/* a `!reset` or `!override` path of the document being merged */
typedef struct pl_creset {
    const char **parts;
    int n;
    struct pl_creset *next;
} pl_creset;

struct pl_cload {
    pl_arena *a;
    pl_compose *c;
    const pl_compose_options *opts;
    pl_vec files; /* pl_cfile* */
    pl_vec scopes; /* files read for `extends: {file: ...}`, read once */
    int budget;   /* files still allowed to be read (bounds include/extends fan-out) */
};

pl_cfile *pl_cload_file_of(pl_cload *l, const pl_ynode *n);
void pl_cload_diag(pl_cload *l, pl_cfile *f, pl_diag_level level, pl_span span, const char *rule,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* the diagnostic goes to the file `n` was read from */
void pl_cload_diag_at(pl_cload *l, const pl_ynode *n, pl_diag_level level, const char *rule,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Interpolation of every string value under `n` (keys untouched), then
 * compose-go's casts; `n` itself is never changed. */
pl_ynode *pl_compose_interpolate(pl_cload *l, pl_ynode *n, const pl_cenv *env, pl_cpath *path);

/* env */
void pl_cenv_set(pl_arena *a, pl_cenv *e, const char *name, size_t nlen, const char *value,
                 int keep_existing);
const char *pl_cenv_get(const pl_cenv *e, const char *name, size_t nlen);
/* Reads an env file into `e` (existing names kept when keep_existing).
 * Returns 0, or -1 when the file cannot be read. */
int pl_cenv_read_file(pl_cload *l, pl_cenv *e, const char *path, const pl_cenv *lookup,
                      int keep_existing);

#endif
