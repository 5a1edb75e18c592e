/* df_pipreq.h — the requirements files a RUN installs (df_run_pipreq.c):
 * which pip / uv pip command installs, the -r/-c files it names, each
 * loaded from the build context with its includes. Shared by the pip
 * pinning rule (PL1140) and the install-mode rules (df_run_pipmode.c). */
#ifndef PLIMSOLL_DF_PIPREQ_H
#define PLIMSOLL_DF_PIPREQ_H

#include "df_run_util.h"
#include "plimsoll/requirements.h"

/* Index of the `install` word when the command is pip*'s install (pip, pip3,
 * pip3.12, pipx; not pipenv) or `python* -m pip install`; else -1. */
int pl_pip_install_at(const pl_sh_cmd *cmd);

/* Index after the verb of `uv pip install` / `uv pip sync` (*sync set for
 * sync, whose operands are files); -1 otherwise. */
int pl_uv_pip_at(const pl_sh_cmd *cmd, int *sync);

/* One file an install command reads: a -r/-c operand, or a file `uv pip
 * sync` takes. */
typedef struct {
    const pl_sh_word *w; /* the word naming the file */
    const char *path;    /* its value; NULL when not known statically */
    int constraint;      /* -c */
} pl_pipreq_operand;

/* The files `cmd` names from argv[from] on. Returns the count; *out is an
 * arena array. */
int pl_pipreq_operands(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const pl_sh_cmd *cmd,
                       int from, int sync, pl_pipreq_operand **out);

/* A requirements file read from the build context with the files it
 * includes. */
typedef struct {
    pl_req_set *set;
    const char *shown;   /* the root file as the report shows it */
    const char *unread;  /* an included file that could not be read, shown; else NULL */
} pl_pipreq_file;

/* Loads what `op` names (found through the COPY/ADD sources before the
 * RUN, else at that path in the context). Returns 0, or -1 with *unknown
 * saying why it cannot be judged. */
int pl_pipreq_load(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_pipreq_operand *op,
                   pl_pipreq_file *out, const char **unknown);

/* The path a requirement was read from, as the report shows it. */
const char *pl_pipreq_shown(pl_check *c, const pl_file *f, const char *path);

/* The requirement pins one version: `==` without a wildcard, or `===`. */
int pl_pipreq_exact(const pl_req *q);
/* A constraints file of the set pins it exactly. */
int pl_pipreq_pinned_by_constraint(pl_arena *a, const pl_req_set *set, const pl_req *q);
/* It carries a hash pip checks: --hash, or a #sha256= fragment of its URL. */
int pl_pipreq_hashed(const pl_req *q);

/* Judges the file `op` names for PL1140: fails on op's word when a
 * requirement it installs is not pinned exactly. Returns the number of
 * requirements judged; 0 with *unknown set when the file cannot be read. */
int pl_pipreq_judge(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_pipreq_operand *op,
                    const char **unknown);

#endif
