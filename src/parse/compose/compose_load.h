/* compose_load.h — the loader's steps, shared by load.c (files, documents,
 * resets), include.c (`include:`, `extends:`) and compose.c (the entry). */
#ifndef PLIMSOLL_COMPOSE_LOAD_H
#define PLIMSOLL_COMPOSE_LOAD_H

#include "compose_internal.h"

#define PL_CLOAD_MAX_INCLUDE_DEPTH 32

typedef struct {
    const pl_cenv *env;
    int skip_include, skip_extends;
    /* files on the way here through `include:`, to find cycles */
    const char *const *included;
    int nincluded;
} pl_cload_ctx;

const char *pl_cpath_clean(pl_arena *a, const char *p);
const char *pl_cpath_join(pl_arena *a, const char *dir, const char *rel);
const char *pl_cpath_dir(pl_arena *a, const char *path);
int pl_cload_is_file(const char *path);

pl_cfile *pl_cload_open(pl_cload *l, const char *path, pl_compose_file_role role, const char *base_dir,
                        pl_yaml **yaml);
pl_ynode *pl_cload_strip_resets(pl_cload *l, pl_ynode *n, pl_cpath *path, pl_creset **list);
pl_ynode *pl_cload_apply_resets(pl_cload *l, pl_ynode *dict, const pl_creset *list);
/* Reads one file and merges its documents onto `dict`; its !reset and
 * !override paths are appended to *resets when `resets` is not NULL. */
pl_ynode *pl_cload_file(pl_cload *l, const char *path, pl_compose_file_role role, const char *base_dir,
                        pl_ynode *dict, const pl_cload_ctx *cx, pl_cfile **out, pl_creset **resets);
/* Several files merged in order (compose-go loadYamlModel). */
pl_ynode *pl_cload_model(pl_cload *l, const char *const *paths, int n, pl_compose_file_role role,
                         const char *base_dir, const pl_cload_ctx *cx);

/* `include:` of the document `cfg` read from `f`: the included projects'
 * resources imported (the including file's definitions win); the key removed. */
pl_ynode *pl_cload_include(pl_cload *l, pl_cfile *f, pl_ynode *cfg, const pl_cload_ctx *cx);
/* `extends:` of every service of `cfg`. */
pl_ynode *pl_cload_extends(pl_cload *l, pl_cfile *f, pl_ynode *cfg, const pl_cload_ctx *cx,
                           const pl_creset *resets);

#endif
