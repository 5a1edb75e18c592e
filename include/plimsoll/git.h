/* git.h — the repository a checked path sits in.
 *
 * Owns: opening the repository; its index, read once (on first use) into a
 * sorted table of entries (path, size, mode) that any thread may then query
 * without a lock; the staged blobs (libgit2, asked under a lock, since a
 * libgit2 repository is not safe to share between threads); ignore rules
 * (plimsoll/gitignore.h, under the same lock; answers are remembered);
 * the set of paths changed since a revision
 * (--changed-since); the parts of the repository a run covers; HEAD and the
 * repository's name for reports.
 *
 * Paths given to and returned by these functions are "repository paths":
 * relative to the working directory of the repository, '/'-separated,
 * without a leading "./" ("" is the root). Index entries stay valid until
 * pl_git_close; other strings live in the arena given to pl_git_open (or
 * the one passed to the call).
 *
 * The index honours $GIT_INDEX_FILE, as git does: a pre-commit hook of
 * `git commit -a` or `git commit PATH` sees the index that is about to be
 * committed.
 */
#ifndef PLIMSOLL_GIT_H
#define PLIMSOLL_GIT_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/workspace.h"

typedef enum {
    PL_GIT_TRACKED,   /* in the index (a directory: something below it is) */
    PL_GIT_UNTRACKED, /* not in the index, not ignored (whether it exists is not asked) */
    PL_GIT_IGNORED,   /* not in the index and matched by the ignore rules */
} pl_git_state;

/* git's file modes as the index records them */
#define PL_GIT_MODE_FILE 0100644u
#define PL_GIT_MODE_EXECUTABLE 0100755u
#define PL_GIT_MODE_SYMLINK 0120000u
#define PL_GIT_MODE_SUBMODULE 0160000u

/* One path of the index. A path in conflict appears once, with the "ours"
 * side (stage 2) when there is one. */
typedef struct pl_git_entry {
    const char *path;
    size_t size;        /* bytes, as the index records them (the file's size when it was staged) */
    unsigned mode;      /* PL_GIT_MODE_* */
    int conflicted;     /* an unresolved merge conflict */
    int intent_to_add;  /* `git add -N`: named, but no content staged yet */
} pl_git_entry;

/* The repository containing `path` (file or directory); NULL when none or
 * bare. Close it with pl_git_close (the memory stays in `a`). */
pl_git *pl_git_open(pl_arena *a, const char *path);

/* Directories known to lie in no repository, so that opening from many
 * files of one tree walks each directory once (one per discovery; memory
 * in `a`). */
typedef struct pl_git_misses pl_git_misses;
pl_git_misses *pl_git_misses_new(pl_arena *a);
/* pl_git_open, remembering in `m` where it found none. */
pl_git *pl_git_open_known(pl_arena *a, const char *path, pl_git_misses *m);
void pl_git_close(pl_git *g);

/* Absolute working directory, ending without '/'. */
const char *pl_git_workdir(const pl_git *g);
/* Short HEAD commit ("3f2c1e9"), NULL on an unborn branch. */
const char *pl_git_head(const pl_git *g);
/* "owner/name" from the origin remote, else the directory name. */
const char *pl_git_name(const pl_git *g);

/* ---- the index (thread-safe; the first call reads it) --------------------- */

int pl_git_is_tracked(const pl_git *g, const char *relpath);
/* Any tracked path below the directory `reldir` ("" = root). */
int pl_git_has_tracked_below(const pl_git *g, const char *reldir);
/* The index entry of `relpath`, or NULL when the path is not in the index. */
const pl_git_entry *pl_git_index_lookup(const pl_git *g, const char *relpath);
/* The entries below the directory `reldir` ("" = all of them), contiguous
 * and sorted by path (strcmp): *n entries starting at the returned pointer
 * (NULL when none). */
const pl_git_entry *pl_git_index_below(const pl_git *g, const char *reldir, size_t *n);
/* The staged content of an entry returned by the functions above, copied into
 * `a` and NUL-terminated; at most `max` bytes (0: all). Returns 0, or -1 when
 * the blob cannot be read (a gitlink, a missing object). Thread-safe. */
int pl_git_index_read(pl_git *g, const pl_git_entry *e, pl_arena *a, size_t max,
                      const char **data, size_t *len);

/* ---- ignore rules and state (thread-safe) -------------------------------- */

/* Whether git's ignore rules match the path (or a directory above it),
 * whether or not it is tracked. `is_dir` says the path is a directory (for
 * patterns like `build/`); with 0, the work tree is looked at (lstat, as
 * git does). */
int pl_git_is_ignored(pl_git *g, const char *relpath, int is_dir);
pl_git_state pl_git_state_of(pl_git *g, const char *relpath);

/* ---- --changed-since ----------------------------------------------------- */

/* Records which paths differ between the tree of `rev` (any revision git
 * understands) and the work tree with the index (or, when `against_index`,
 * the index alone), untracked paths included. Call once, from the main
 * thread, before the rules run. Returns 0, or -1 with a message in *error. */
int pl_git_set_changed_since(pl_git *g, const char *rev, int against_index, const char **error);
/* Whether `relpath` changed since that revision; always 1 when
 * pl_git_set_changed_since was not called. */
int pl_git_is_changed(const pl_git *g, const char *relpath);

/* ---- the part of the repository a run covers ----------------------------- */

/* Adds a checked directory (main thread, before the rules run). */
void pl_git_scope_add(pl_git *g, const char *reldir);
/* Whether `relpath` lies below a checked directory. */
int pl_git_in_scope(const pl_git *g, const char *relpath);
/* Whether any directory was added. */
int pl_git_has_scope(const pl_git *g);

/* ---- paths ---------------------------------------------------------------- */

/* Absolute path -> repository path, or NULL when outside the working
 * directory. */
const char *pl_git_relpath(pl_arena *a, const pl_git *g, const char *abspath);
/* Any path as the user wrote it (relative to the current directory, or
 * absolute; it need not exist) -> repository path, or NULL when outside. */
const char *pl_git_relpath_of(pl_arena *a, const pl_git *g, const char *path);
/* Repository path -> how the report shows it: relative to the current
 * directory ("../x" when the current directory is below the root), "." for
 * the current directory itself, absolute when the repository lies elsewhere. */
const char *pl_git_display_path(pl_arena *a, const pl_git *g, const char *relpath);

#endif
