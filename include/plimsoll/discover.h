/* discover.h — which files a run checks.
 *
 * Owns: turning PATH arguments into the workspace's files: directories are
 * walked (lstat only, symlinks never followed, `.git`, `node_modules` and
 * vendor folders skipped, directories git ignores skipped), files are taken
 * as given, `-` is standard input. Each file's kind comes from its name
 * (../spec/cli.md "Discovery") unless --kind forces it. The only module that
 * walks the file system for discovery or opens the repository.
 */
#ifndef PLIMSOLL_DISCOVER_H
#define PLIMSOLL_DISCOVER_H

#include "plimsoll/workspace.h"

/* Kind of a file from its base name; -1 when the name is not one plimsoll
 * knows. */
int pl_discover_kind_of(const char *basename, pl_file_kind *kind);

/* Whether plimsoll can check files of this kind yet. */
int pl_kind_checked(pl_file_kind kind);

/* Fills ws->files (and ws->git, ws->repo_root). Returns 0, or -1 with a
 * message for an unreadable PATH (exit status 2). */
int pl_discover(pl_workspace *ws, const char **error);

/* Reads the file's bytes into its arena (f->data, f->len); sets
 * f->read_error on failure. */
void pl_discover_read(pl_file *f);

/* `path` relative to the current directory when it lies below it. */
const char *pl_display_path(pl_arena *a, const char *path);

#endif
