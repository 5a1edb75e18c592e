/* buildsrc_internal.h — the readers behind pl_buildsrc_read, one per file
 * format. */
#ifndef PLIMSOLL_BUILDSRC_INTERNAL_H
#define PLIMSOLL_BUILDSRC_INTERNAL_H

#include "plimsoll/buildsrc.h"
#include "plimsoll/yaml.h"

void pl_buildsrc_read_ci(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                         size_t len, const char *root, pl_vec *out, pl_diag_list *diags);
void pl_buildsrc_read_bake(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                           size_t len, pl_vec *out, pl_diag_list *diags);
void pl_buildsrc_read_makefile(pl_arena *a, const char *path, const char *data, size_t len,
                               pl_vec *out);
/* HCL as a node tree (hcl.c). Never NULL. */
pl_ynode *pl_hcl_parse(pl_arena *a, const char *path, const char *data, size_t len,
                       pl_diag_list *diags);

#endif
