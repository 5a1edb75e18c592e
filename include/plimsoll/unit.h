/* unit.h — build units: how an image is built from a Dockerfile.
 *
 * Owns: pl_unit_spec, one way the repository builds a Dockerfile, as read
 * statically from where it is written (a compose service, a CI workflow
 * step, a bake target, a Makefile recipe or script, the command line, the
 * config), and the origin that says so. The model (src/model/) turns specs
 * into the build units rules read; readers of the sources only fill specs.
 *
 * Paths are display paths (relative to the current directory, '/'-separated,
 * clean: no "./", no trailing '/'; "." for the current directory), already
 * resolved against what the source's paths are relative to (a workflow's
 * context is relative to the repository root, a compose file's to its own
 * directory, a Makefile recipe's to the Makefile's directory).
 */
#ifndef PLIMSOLL_UNIT_H
#define PLIMSOLL_UNIT_H

#include "plimsoll/diag.h"

typedef enum {
    PL_ORIGIN_NONE = 0, /* a Dockerfile nothing was found to build */
    PL_ORIGIN_CLI,      /* --target / --build-arg on the command line */
    PL_ORIGIN_CONFIG,   /* .plimsoll.yaml `dockerfiles:` */
    PL_ORIGIN_COMPOSE,  /* a compose service's `build:` */
    PL_ORIGIN_WORKFLOW, /* .github/workflows/*.yml */
    PL_ORIGIN_GITLAB,   /* .gitlab-ci.yml */
    PL_ORIGIN_BAKE,     /* docker-bake.json / docker-bake.hcl */
    PL_ORIGIN_MAKEFILE, /* a Makefile recipe line */
    PL_ORIGIN_SCRIPT,   /* a shell script */
} pl_origin_kind;

typedef struct {
    const char *name;
    const char *value; /* NULL when not known statically (`${{ ... }}`, `$VAR`) */
} pl_unit_arg;

typedef struct pl_unit_spec {
    const char *dockerfile; /* NULL: not known statically */
    const char *context;    /* NULL: not known statically */
    const char *target;     /* NULL: no --target (the last stage is built) */
    int target_unknown;     /* a --target whose value is not known statically */
    pl_unit_arg *args;
    int nargs;
    const char *platforms;  /* as written, or NULL */

    pl_origin_kind origin;
    const char *origin_file; /* display path, NULL for PL_ORIGIN_NONE/CLI */
    pl_span origin_span;     /* the step, service or command line */
    const char *origin_label; /* "service api", "job build", "target app": may be NULL */
} pl_unit_spec;

const char *pl_origin_kind_name(pl_origin_kind k);

#endif
