/* git.h — the repository a checked path sits in (libgit2).
 *
 * Owns: opening the repository, the set of tracked paths (read once from the
 * index, then safe to query from any thread), ignore rules (queried under a
 * lock, since a libgit2 repository is not safe to share between threads),
 * HEAD, and the repository's name for reports. Paths given to these
 * functions are relative to the working directory of the repository,
 * '/'-separated.
 */
#ifndef PLIMSOLL_GIT_H
#define PLIMSOLL_GIT_H

#include "plimsoll/arena.h"
#include "plimsoll/workspace.h"

typedef enum {
    PL_GIT_TRACKED,
    PL_GIT_UNTRACKED,
    PL_GIT_IGNORED,
} pl_git_state;

/* The repository containing `path` (file or directory); NULL when none.
 * Close it with pl_git_close. */
pl_git *pl_git_open(pl_arena *a, const char *path);
void pl_git_close(pl_git *g);

/* Absolute working directory, ending without '/'. */
const char *pl_git_workdir(const pl_git *g);
/* Short HEAD commit ("3f2c1e9"), NULL on an unborn branch. */
const char *pl_git_head(const pl_git *g);
/* "owner/name" from the origin remote, else the directory name. */
const char *pl_git_name(const pl_git *g);

int pl_git_is_tracked(const pl_git *g, const char *relpath);
/* Any tracked path below the directory `reldir` ("" = root). */
int pl_git_has_tracked_below(const pl_git *g, const char *reldir);
int pl_git_is_ignored(pl_git *g, const char *relpath, int is_dir);
pl_git_state pl_git_state_of(pl_git *g, const char *relpath);

/* Absolute path -> path relative to the working directory, or NULL when
 * outside it. */
const char *pl_git_relpath(pl_arena *a, const pl_git *g, const char *abspath);

#endif
