/* df_image_role.h — telling a base image (one meant to be built FROM) from
 * an image that runs a service, for the rules about what runs: the health
 * check and the user; and telling the images a repository ships from those
 * it never ships (dev containers, examples, documentation, test images,
 * developer tooling), which the hygiene rules leave alone in plimsoll's
 * default reading. */
#ifndef PL_DF_IMAGE_ROLE_H
#define PL_DF_IMAGE_ROLE_H
#include "dfutil.h"

/* Why the final stage reads as a base image for others to extend (or as a
 * dev container, which runs no service), or NULL:
 * its command is an interactive interpreter or shell (`CMD ["python3"]`,
 * `CMD ["node"]`, `CMD ["php", "-a"]`, the official language images), or it
 * is built on an operating-system image and sets no CMD or ENTRYPOINT (the
 * runtime-only images of a language stack), or is a tool image (built on a
 * language image such as golang or python, with no CMD or ENTRYPOINT: it
 * runs the command its user gives), or sets no CMD or ENTRYPOINT
 * and is built FROM an image whose name is the directory of another
 * Dockerfile of the repository (a family of images built on each other);
 * or its command only keeps the container idle (`tail -f /dev/null`,
 * `sleep infinity`: a workspace to exec into),
 * or it is a development or test image: by its file name
 * (`Dockerfile.dev`, `test.Dockerfile`, `Dockerfile-ci`) or the name of
 * the stage built (`dev`, `test`, `debug`). */
const char *pl_stage_base_image_role(pl_check *c, const pl_file *f, const pl_df_model *m);

/* Why no image Dockerfile `f` builds ships, or NULL: its name says it is
 * for development or tests (`Dockerfile.dev`, `test.Dockerfile`,
 * `Dockerfile.tilt`), its header comment says it is not for production
 * ("DO NOT USE IN PRODUCTION"), or it sits in a folder of dev containers,
 * docs, examples, tests (or a test framework's, or test doubles':
 * `playwright/`, `dummy/`), developer tooling (`hack/`) or vendored code: the path
 * below the deepest of the repository's root and the directories named on
 * the command line that hold it, component by component, without case. */
const char *pl_file_not_shipped(pl_check *c, const pl_file *f);

/* Why the image judged (m->final) never ships, or NULL:
 * pl_file_not_shipped, or the stage built is a development or test target
 * (`dev`, `test`, `debug`, `bench-test`). */
const char *pl_image_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m);

/* For rules about one instruction: why stage `s` reaches no image that
 * ships, or NULL. pl_file_not_shipped; or `s` is never built (every build
 * that makes an image names a --target that does not need it, as base, by
 * COPY --from or a mount); or every image the file's builds make
 * (unit.h, pl_model_images) that is built on `s` (or, with `via_copy`, also
 * takes files from it by COPY --from or a mount, at any depth) is a
 * development or test image as pl_image_not_shipped reads it. NULL when no
 * image uses `s` (a builder nothing names is the rule's own business) or a
 * build's --target is not known statically. */
const char *pl_stage_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m,
                                 const pl_stage *s, int via_copy);

/* In the default reading, when the image judged never ships
 * (pl_image_not_shipped) or is a tool image (built on a language image such
 * as golang or python and setting no CMD or ENTRYPOINT: it runs what its
 * user gives, and its toolchain is its purpose): skips with the reason and
 * returns 1. */
int pl_skip_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m);

/* A per-instruction rule's view of what never ships, in plimsoll's default
 * reading only (hadolint's and BuildKit's readings judge every
 * instruction): stage verdicts computed once per check. */
typedef struct {
    pl_check *c;
    const pl_file *f;
    const pl_df_model *m;
    int via_copy;
    int active;            /* the default reading */
    const char **reason;   /* per stage index, once `known` */
    char *known;
    const char *file_reason; /* pl_file_not_shipped, once looked at */
    int file_known;
    const char *skipped;   /* why the first instruction left out was */
    int nskipped;
} pl_ship_gate;

void pl_ship_gate_init(pl_ship_gate *g, pl_check *c, const pl_file *f, const pl_df_model *m,
                       int via_copy);
/* Whether instruction `ins` (top level, or inside ONBUILD: then only the
 * file's own reason counts) is left out because what it builds never
 * ships; counts it and keeps the first reason. */
int pl_ship_gate_skips(pl_ship_gate *g, const pl_df_instr *ins);
/* The skip text for a rule that judged nothing: `none` when no instruction
 * was left out, else "<n> left out: <reason>". */
const char *pl_ship_gate_none(pl_ship_gate *g, const char *none);

#endif
