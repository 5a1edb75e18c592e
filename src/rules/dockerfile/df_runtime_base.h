/* df_runtime_base.h — what a stage has to run a program with: the table of
 * what base image families ship (documented with healthcheck-tool-missing
 * in rules/dockerfile-runtime.yaml; each row read from the image's own
 * Dockerfile), the Python version an image tag names, and whether the
 * stages of a chain install or copy a program. Shared by the health-check
 * rule and the Python rules (df_py_*.c). */
#ifndef PLIMSOLL_DF_RUNTIME_BASE_H
#define PLIMSOLL_DF_RUNTIME_BASE_H

#include "df_runtime_util.h"

typedef enum { PL_SHIPS_NO = 0, PL_SHIPS_YES = 1, PL_SHIPS_UNKNOWN = -1 } pl_ships;

/* Whether the image `root` starts from ships program `prog` (a basename;
 * "python3.12" is judged against the Python version of the tag). */
pl_ships pl_rt_base_ships(pl_arena *a, const pl_stage *root, const char *prog);

/* The same for an image named by reference (`image: python:3.12-slim`). */
pl_ships pl_rt_image_ships(pl_arena *a, const pl_image_ref *img, const char *prog);

/* "3.12" when the image `root` starts from names its Python version
 * (python:3.12-slim, ghcr.io/astral-sh/uv:python3.12-bookworm,
 * gcr.io/distroless/python3-debian12); NULL when it does not say. */
const char *pl_rt_base_python(pl_arena *a, const pl_stage *root);

/* The Python programs the rules about Python judge: interpreters,
 * installers, and the console scripts of well-known packages. */
int pl_rt_is_python_program(const char *prog);
/* A console script a Python package installs (uvicorn, gunicorn ...): the
 * package, else NULL. */
const char *pl_rt_console_script_package(const char *prog);

typedef struct {
    const char *how; /* evidence: what provides it, or what may */
    int maybe;       /* something whose effect cannot be read may provide it */
} pl_rt_found;

/* Does the chain install or copy program `prog` (a basename)? Looks at
 * every instruction of the chain up to and including `upto` (NULL: all),
 * of `upto` itself only the commands before index `upto_cmd` (-1: all).
 * Returns 1 with out->how when it does; 0 otherwise, with out->maybe set
 * when a script, a directory copied in, or a tool whose installs cannot
 * be read may have put it there. */
int pl_rt_chain_provides(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain, int n,
                         const pl_df_instr *upto, int upto_cmd, const char *prog,
                         pl_rt_found *out);

/* A COPY --from source that is a Python environment bound to the
 * interpreter it was built with: a virtualenv (`venv`, `.venv`, a path
 * the source stage made with `python -m venv`, `virtualenv` or `uv venv`,
 * or set as VIRTUAL_ENV / UV_PROJECT_ENVIRONMENT), a user site (`.local`)
 * or a site-packages folder. Returns what to call it, or NULL. */
const char *pl_rt_python_env_copy(pl_arena *a, const pl_df_model *m, const pl_rt_facts *fx,
                                  const pl_rt_copy *cp, const char *src);

/* The program a shell script runs: its first command that is not a
 * built-in, with exec/env/timeout/nice/nohup/command unwrapped. */
const pl_sh_word *pl_rt_script_program(pl_arena *a, const char *text);

#endif
