/* buildsrc_internal.h — the readers behind pl_buildsrc_read, one per file
 * format. */
#ifndef PLIMSOLL_BUILDSRC_INTERNAL_H
#define PLIMSOLL_BUILDSRC_INTERNAL_H

#include "plimsoll/buildsrc.h"
#include "plimsoll/yaml.h"

void pl_buildsrc_read_ci(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                         size_t len, const char *root, pl_vec *out, pl_diag_list *diags);
void pl_buildsrc_read_circleci(pl_arena *a, const char *path, const char *data, size_t len,
                               const char *root, pl_vec *out, pl_diag_list *diags);
/* Where the text of scalar `n` of `data` starts: the line after `|` or `>`
 * for a block scalar, at the indentation of that line (workflow.c). */
void pl_bsrc_text_start(const char *data, size_t len, const pl_ynode *n, int *line, int *col);
void pl_buildsrc_read_bake(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                           size_t len, pl_vec *out, pl_diag_list *diags);
void pl_buildsrc_read_makefile(pl_arena *a, const char *path, const char *data, size_t len,
                               pl_vec *out);
void pl_buildsrc_read_devcontainer(pl_arena *a, const char *path, const char *data, size_t len,
                                   pl_vec *out, pl_diag_list *diags);
/* HCL as a node tree (hcl.c). Never NULL. */
pl_ynode *pl_hcl_parse(pl_arena *a, const char *path, const char *data, size_t len,
                       pl_diag_list *diags);

/* A GitHub Actions job's matrix (matrix.c): one row per job the matrix
 * runs, each a set of NAME: value (a scalar or a map). */
typedef struct pl_wf_row {
    const char **names;
    const pl_ynode **values;
    int n;
} pl_wf_row;
/* The rows of `job`'s strategy.matrix: how many (0 without a matrix), or
 * -1 when the matrix is not written out (an expression) or too big. */
int pl_wf_matrix_rows(pl_arena *a, const pl_ynode *job, pl_wf_row **out);
/* `s` with each `${{ matrix.NAME }}` / `${{ matrix.NAME.KEY }}` the row
 * gives a scalar for, and each `${{ env.NAME }}` `env` gives a value for,
 * replaced by it; other expressions are left as written. Either may be NULL. */
const char *pl_wf_subst(pl_arena *a, const char *s, const pl_wf_row *row, const pl_wf_row *env);
/* A copy of `n` with pl_wf_subst applied to every scalar. */
pl_ynode *pl_wf_subst_node(pl_arena *a, const pl_ynode *n, const pl_wf_row *row,
                           const pl_wf_row *env, int depth);
/* A copy of `n` with each `${{ inputs.NAME }}` the caller of a reusable
 * workflow gives a value replaced by it. */
pl_ynode *pl_wf_subst_inputs(pl_arena *a, const pl_ynode *n, const pl_wf_row *inputs);
/* Adds an `env:` map's variables to `env` (the later wins), each value with
 * the matrix row's expressions replaced; a value that still needs the run
 * (`${{ secrets.X }}`, `${{ steps.Y.outputs.Z }}`) is recorded as unknown. */
void pl_wf_env_add(pl_arena *a, pl_wf_row *env, const pl_ynode *map, const pl_wf_row *row);

#endif
