/* df_neighbours.h — what the files next to a Dockerfile say about it: a
 * sibling Dockerfile it is assembled with (a build script concatenates
 * `Dockerfile.common` and `Dockerfile.api_test`), a README that tells the
 * reader to put a file there before building. Read from the file system
 * (bounded), never from the workspace's parsed files, which other threads
 * own. Outside the file system (stdin, --staged) they say nothing. */
#ifndef PLIMSOLL_DF_NEIGHBOURS_H
#define PLIMSOLL_DF_NEIGHBOURS_H

#include "plimsoll/arena.h"
#include "plimsoll/workspace.h"

/* The display path of another Dockerfile (Dockerfile*, *.Dockerfile,
 * Containerfile*) in f's directory that defines a stage `name` (`FROM ...
 * AS name`, case-insensitively); NULL when none does. */
const char *pl_df_sibling_stage(pl_arena *a, const pl_file *f, const char *name);

/* The display path of a README (README*, readme*) in f's directory that
 * names `word` (a file name, compared as written); NULL when none does. */
const char *pl_df_readme_names(pl_arena *a, const pl_file *f, const char *word);

#endif
