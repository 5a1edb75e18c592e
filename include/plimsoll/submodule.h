/* submodule.h — whether a path of the repository lies in a git submodule,
 * which a checkout without --recurse-submodules leaves empty: a file the
 * build reads there is unknown, not missing. */
#ifndef PLIMSOLL_SUBMODULE_H
#define PLIMSOLL_SUBMODULE_H

#include "plimsoll/arena.h"
#include "plimsoll/git.h"

/* The submodule (its repository-relative path) that holds `relpath` or is
 * `relpath`: a gitlink of the index, else a `path =` of .gitmodules at the
 * work tree's top; NULL when none. */
const char *pl_git_submodule_of(pl_arena *a, const pl_git *g, const char *relpath);

#endif
