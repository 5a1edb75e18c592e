/* buildsrc.h — reading how a repository builds its images, from where it
 * is written: GitHub Actions workflows, GitLab CI, CircleCI, bake files,
 * Makefiles, shell scripts and Dev Container definitions.
 *
 * Owns: the readers (src/parse/buildsrc/) that turn those files into build
 * unit specs (unit.h), statically: nothing is run, a value known only when
 * the build runs (`${{ ... }}`, `$VAR`, `$(VAR)`) is unknown, never a
 * guess. `docker build`, `docker buildx build`, `docker image build`,
 * `podman build` and `buildah bud`/`build` command lines are read with the
 * shell reader (-f, --target, --build-arg, --platform, the context
 * argument). What a reader does not understand is a diagnostic with its
 * line and column; the rest of the file is still read.
 */
#ifndef PLIMSOLL_BUILDSRC_H
#define PLIMSOLL_BUILDSRC_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/shell.h"
#include "plimsoll/unit.h"

typedef enum {
    PL_BSRC_WORKFLOW,  /* .github/workflows/<name>.yml|.yaml */
    PL_BSRC_GITLAB,    /* .gitlab-ci.yml */
    PL_BSRC_BAKE_JSON, /* docker-bake.json, docker-bake.override.json */
    PL_BSRC_BAKE_HCL,  /* docker-bake.hcl, docker-bake.override.hcl */
    PL_BSRC_MAKEFILE,  /* Makefile, makefile, GNUmakefile, *.mk */
    PL_BSRC_SCRIPT,    /* *.sh */
    PL_BSRC_CIRCLECI,  /* .circleci/config.yml */
    PL_BSRC_DEVCONTAINER, /* .devcontainer/devcontainer.json, .devcontainer/NAME/devcontainer.json,
                           * .devcontainer.json */
} pl_bsrc_kind;

/* Kind of a build source from its display path; -1 when it is none. */
int pl_buildsrc_kind_of(const char *path, pl_bsrc_kind *kind);

/* Reads one source. `path` is its display path, `root` the repository
 * root's display path ("." when unknown), which workflow and CI paths are
 * relative to. Appends a pl_unit_spec* to `out` per build found. */
void pl_buildsrc_read(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                      size_t len, const char *root, pl_vec *out, pl_diag_list *diags);

/* JSON with comments (devcontainer.json, VS Code settings) made JSON: a
 * NUL-terminated copy of `data` with line (`//`) and block comments and
 * trailing commas outside strings blanked (newlines kept, so lines and
 * columns stay where they were). In `a`. */
char *pl_jsonc_to_json(pl_arena *a, const char *data, size_t len);

/* One shell command: when it is an image build, fills `out` (paths
 * resolved against `cwd`, a display path; NULL cwd: paths that are not
 * absolute are unknown) and returns 1; else 0. `out->origin*` are left to
 * the caller. */
int pl_buildcmd_read(pl_arena *a, const pl_sh_cmd *cmd, const char *cwd, pl_unit_spec *out);

/* Every image build in a shell script (a `run:` step, a recipe line):
 * appends specs to `out`, each with origin `origin`, `file` and the span
 * of the script's line `line0` plus the command's line within it. The
 * script's first line starts at column `col0` of the file; a negative
 * col0 says every line starts at column -col0 (a YAML block scalar, whose
 * indentation was taken off). `cd` to a literal directory is followed. */
void pl_buildcmd_scan(pl_arena *a, const char *script, size_t len, const char *cwd,
                      pl_origin_kind origin, const char *file, int line0, int col0,
                      const char *label, pl_vec *out);

#endif
