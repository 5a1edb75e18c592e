/* ignore_local.h — .dockerignore patterns that name what only a
 * developer's work tree has (ignore_local.c). */
#ifndef PLIMSOLL_IGNORE_LOCAL_H
#define PLIMSOLL_IGNORE_LOCAL_H

#include "plimsoll/arena.h"
#include "plimsoll/git.h"

/* A component of the pattern's path names a well-known local artefact
 * (`node_modules`, `.pytest_cache`, `test-results`, `*.log`,
 * `app.egg-info`, `.vscode/...`). */
int pl_ignore_names_local_artefact(const char *pattern);

/* git ignores the path the pattern names (wildcards filled in), taken
 * below `repo_dir`, the context's repository path. 0 outside a
 * repository. */
int pl_ignore_names_git_ignored(pl_arena *a, pl_git *g, const char *repo_dir, const char *pattern);

#endif
