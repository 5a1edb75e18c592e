/* df_health.h — whether an image has the program a health check runs.
 *
 * Owns what PL1300 (a Dockerfile's HEALTHCHECK) and the compose rule
 * PL5005 (a service's `healthcheck:`) share: the table of what base image
 * families ship and the reading of what a Dockerfile installs, both in
 * df_runtime_health.c.
 */
#ifndef PLIMSOLL_DF_HEALTH_H
#define PLIMSOLL_DF_HEALTH_H

#include "plimsoll/model.h"

typedef enum { PL_HAS_NO = 0, PL_HAS_YES = 1, PL_HAS_UNKNOWN = -1 } pl_has;

/* Whether the final stage of `m` has program `prog` ("curl",
 * "/usr/bin/curl", "python3.12", "sh"): installed or copied by the stage
 * or the stages of this Dockerfile it is built FROM, or shipped by the
 * base image as far as the table knows. *how gets the evidence ("apt-get
 * installs curl (line 5)", "nothing installs curl in the final stage, and
 * python:3.12-slim does not ship it"). */
pl_has pl_health_image_has(pl_arena *a, const pl_df_model *m, const char *prog,
                           const char **how);

/* The program a HEALTHCHECK `h` of `m` runs (*prog: its name; the shell
 * when that is what is missing) and whether the image has it. */
pl_has pl_health_instr_has(pl_arena *a, const pl_df_model *m, const pl_df_instr *h,
                           const char **prog, const char **how);

/* The same for an image run as it is pulled (`image: python:3.12-slim`):
 * only the table knows. */
pl_has pl_health_ref_has(pl_arena *a, const char *image, const char *prog, const char **how);

/* The first program a shell command line runs (built-ins skipped;
 * exec/env/timeout/nice/nohup/command unwrapped): its text, with its byte
 * offset and length in `text`; NULL when it runs none this can name. */
const char *pl_health_script_program(pl_arena *a, const char *text, size_t *off, size_t *len);

/* How to install `prog` on an image `m` (or `image`) builds from: "apk add
 * --no-cache" or "apt-get install -y --no-install-recommends"; NULL for
 * interpreters or when not known. */
const char *pl_health_install_hint(pl_arena *a, const pl_df_model *m, const char *image,
                                   const char *prog);

#endif
