/* git_config.h — git's config file syntax, read without libgit2: sections
 * ("[core]", "[remote \"origin\"]", the old "[remote.origin]"), keys with
 * or without a value, quotes, escapes, comments and continued lines, as
 * git-config(1) describes them. Includes are reported as the keys they are
 * (include.path, includeif.<condition>.path), not followed. Internal to
 * src/discover/ (git_files.c, gitignore_sources.c). */
#ifndef PLIMSOLL_GIT_CONFIG_H
#define PLIMSOLL_GIT_CONFIG_H

#include <stddef.h>

/* One key: section and key lower-cased, the subsection as written ("" when
 * none), the value NULL for a key without '=' (git's boolean true). A
 * non-zero return stops the walk. */
typedef int (*pl_gitcfg_fn)(void *ctx, const char *section, const char *subsection,
                            const char *key, const char *value);

/* Calls `fn` for each key of config text `text`. Returns 0 when all of it
 * was read, 1 when `fn` stopped the walk, -1 at a spot git would reject
 * (the keys before it were given). */
int pl_gitcfg_walk(const char *text, size_t len, pl_gitcfg_fn fn, void *ctx);

/* git's boolean: true/yes/on, false/no/off/"", or an integer; -1 when none. */
int pl_gitcfg_bool(const char *value);

#endif
