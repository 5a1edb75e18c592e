/* discover.h — which files a run checks.
 *
 * Owns: turning PATH arguments into the workspace's files. Directories are
 * walked without following symlinks (a directory entered twice, by a loop or
 * by overlapping arguments, is walked once; an unreadable one is a note);
 * `.git`, `node_modules` and vendor folders are skipped, and so is what git
 * ignores unless git tracks files below it. Files are taken as given, `-` is
 * standard input. Each file's kind comes from its name (../spec/cli.md
 * "Discovery") unless --kind forces it.
 *
 * With --staged the index stands in for the work tree: the staged entries
 * below each PATH are listed, their blobs are the files' bytes (fs_path is
 * NULL), and what is deleted from the index is not checked. With
 * --changed-since REV, files that did not change since REV keep being
 * checked but get report = 0.
 *
 * The only module that walks the file system for discovery or opens the
 * repository.
 */
#ifndef PLIMSOLL_DISCOVER_H
#define PLIMSOLL_DISCOVER_H

#include "plimsoll/workspace.h"

/* Kind of a file from its base name; -1 when the name is not one plimsoll
 * knows. */
int pl_discover_kind_of(const char *basename, pl_file_kind *kind);
/* The same from a '/'-separated path, which also knows requirements/NAME.txt
 * and pip-tools sources (*.in). */
int pl_discover_kind_of_path(const char *path, pl_file_kind *kind);

/* Whether plimsoll can check files of this kind yet. */
int pl_kind_checked(pl_file_kind kind);

/* Whether discovery skips directories of this name (.git, node_modules,
 * vendor ...), wherever they are. */
int pl_discover_skips_dir(const char *name);
/* Whether a directory of `path` (a relative path, '/'-separated) is one
 * discovery skips. */
int pl_discover_path_skipped(const char *path);

/* Whether the config's `exclude` patterns exclude `path` (as discovery
 * writes it: relative to the current directory). */
int pl_discover_excluded(const pl_workspace *ws, const char *path);

/* Fills ws->files (and ws->git, ws->repo_root; the checked directories
 * become the repository's scope, pl_git_in_scope). Returns 0, or -1 with a
 * message (exit status 2): an unreadable PATH, --staged or --changed-since
 * without a repository, a revision git does not know. */
int pl_discover(pl_workspace *ws, const char **error);

/* Reads the file's bytes into its arena (f->data, f->len); sets
 * f->read_error on failure. Does nothing when the bytes are already there. */
void pl_discover_read(pl_file *f);

/* `path` relative to the current directory when it lies below it. */
const char *pl_display_path(pl_arena *a, const char *path);

/* pl_display_path for many paths: what it learns of each directory (its
 * real path) and the current directory is kept in `a` for the next path.
 * For one run's use at a time, in one thread. */
typedef struct pl_display_paths pl_display_paths;
pl_display_paths *pl_display_paths_new(pl_arena *a);
/* pl_display_path(path), in `out`. */
const char *pl_display_paths_get(pl_display_paths *c, pl_arena *out, const char *path);
/* realpath(dir), kept in the cache's arena; NULL when it cannot be resolved. */
const char *pl_display_paths_real_dir(pl_display_paths *c, const char *dir);

#endif
