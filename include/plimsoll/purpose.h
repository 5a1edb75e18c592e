/* purpose.h — what a file's place in the repository says it is for.
 *
 * Owns: the signs that a compose or requirements file serves development,
 * tests, CI, debugging, demos, examples or documentation rather than what
 * a project ships or deploys: a word of its base name
 * (`docker-compose.dev.yml`, `compose.ci.yaml`, `requirements-test.txt`,
 * `requirements/docs.txt`) or of one of its folders (`tests/e2e/`,
 * `docs/`, `examples/`, `benchmarks/`, `.devcontainer/`, `debug/`, `hack/`,
 * `tools/`).
 * Only the path below the checked directory counts (the PATH argument
 * that holds the file, else the current directory), never where that
 * directory sits on disk: a clone under ~/dev/ is not a development file,
 * and a folder checked by itself is read from there.
 *
 * Also: which requirements files an image of the repository installs (a
 * Dockerfile's `pip install -r FILE`, `-c FILE`, `uv pip sync FILE`, and
 * the files those include), read once per run from the Dockerfiles on
 * disk, on first use, under a lock.
 */
#ifndef PLIMSOLL_PURPOSE_H
#define PLIMSOLL_PURPOSE_H

#include "plimsoll/workspace.h"

typedef enum {
    PL_PURPOSE_COMPOSE,      /* a compose file */
    PL_PURPOSE_REQUIREMENTS, /* a pip requirements file (adds docs, lint, typing names) */
} pl_purpose_kind;

/* Why display path `path` reads as a file for development, tests, CI,
 * debugging, demos, examples or docs ("its name says dev
 * (docker-compose.dev.yml)", "it is under tests/"), or NULL. In `a`. */
const char *pl_path_purpose(pl_arena *a, const pl_workspace *ws, const char *path,
                            pl_purpose_kind kind);

/* Display path `path` as read from the PATH argument that holds it (its
 * base name when an argument names the file itself; below the current
 * directory, or its base name, when no argument holds it): what
 * pl_path_purpose judges. Resolves nothing: the arguments were resolved
 * once, when the model was built. */
const char *pl_path_below_args(pl_arena *a, const pl_workspace *ws, const char *path);

/* The same on a path inside the repository (no lookup): for tests and for
 * callers that already have it. */
const char *pl_relpath_purpose(pl_arena *a, const char *relpath, pl_purpose_kind kind);

/* Whether an image of the workspace installs requirements file `f` (a
 * Dockerfile names it in a pip install, or it is included by such a file):
 * 2 when one whose own path says nothing else does (*by its display path);
 * 1 when only images whose path says they serve development, tests or docs
 * do (*by the first, *by_purpose what its path says); 0 when none does; -1
 * when that is not known (a Dockerfile that could not be read from disk,
 * as with --staged or standard input). */
int pl_req_installed(const pl_workspace *ws, const pl_file *f, const char **by,
                     const char **by_purpose);

/* Starts the workspace's index of installed requirements files (main
 * thread, before the rules; pl_model_units does it). Filled on first use. */
void pl_req_installs_init(pl_workspace *ws);

#endif
