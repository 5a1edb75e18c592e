/* gitignore.h — git's ignore rules, read and matched by plimsoll itself.
 *
 * Owns: git's glob matching (wildmatch with WM_PATHNAME, as gitignore(5)
 * describes it), the parsing of ignore files (per-directory .gitignore,
 * $GIT_COMMON_DIR/info/exclude, core.excludesFile) into pattern lists,
 * the sources a repository's config names (core.excludesFile,
 * core.ignoreCase in the system, global and repository config), and the
 * answer for one path: each directory's .gitignore read the first time a
 * query reaches that directory and kept until pl_gitignore_free.
 *
 * Asking whether a path is ignored used to load libgit2, whose start-up
 * (TLS, the system's CA certificates) costs more than checking a
 * Dockerfile. Semantics follow git (checked against `git check-ignore`
 * in tests/unit/test_gitignore.c), including its quirks: within a list
 * the last matching pattern wins, a deeper .gitignore wins over a
 * shallower one, which wins over info/exclude, then core.excludesFile;
 * a path below an ignored directory is ignored whatever a negation says;
 * a symbolic link named .gitignore inside the work tree is not read.
 *
 * A pl_gitignore is not thread-safe: git.c calls it under its lock.
 * Unreadable, oversized or odd files are skipped silently, as git does.
 */
#ifndef PLIMSOLL_GITIGNORE_H
#define PLIMSOLL_GITIGNORE_H

#include <stddef.h>

#include "plimsoll/arena.h"

/* ---- wildmatch --------------------------------------------------------------- */

/* One compiled glob. `boundary` is where a leading `**` counts as "at the
 * start" (git compares a literal prefix first and matches the rest as a
 * pattern of its own); 0 for a whole pattern. */
typedef struct pl_wm_pattern pl_wm_pattern;
pl_wm_pattern *pl_wm_compile(pl_arena *a, const char *pat, size_t len, size_t boundary,
                             int casefold);
/* Whether the glob matches all of `text` ('/' separates path components:
 * only `**` crosses them). Time O(pattern * text). */
int pl_wm_match(const pl_wm_pattern *p, const char *text, size_t len);

/* ---- pattern lists ---------------------------------------------------------- */

/* The patterns of one ignore file. */
typedef struct pl_gi_list pl_gi_list;
pl_gi_list *pl_gi_list_parse(pl_arena *a, const char *text, size_t len, int casefold);
size_t pl_gi_list_count(const pl_gi_list *l);
/* `relpath` is relative to the directory the list applies to; is_dir says
 * it is a directory. 1: an exclude pattern decided, 0: a negated pattern
 * decided, -1: no pattern matched. */
int pl_gi_list_match(const pl_gi_list *l, const char *relpath, int is_dir);

/* ---- a repository's ignore rules --------------------------------------------- */

typedef struct {
    const char *workdir;       /* absolute, where the .gitignore files are */
    const char *info_exclude;  /* $GIT_COMMON_DIR/info/exclude, or NULL */
    const char *excludes_file; /* core.excludesFile (or its default), or NULL */
    int ignore_case;           /* core.ignoreCase */
} pl_gitignore_sources;

/* The [core] keys of one config file's text, git's syntax (quotes,
 * escapes, comments, continued lines); a value read earlier stays unless
 * the text sets it again. */
typedef struct {
    char excludes_file[4096];
    int has_excludes_file;
    int ignore_case;
} pl_gitignore_core;
void pl_gitignore_read_core(const char *text, size_t len, pl_gitignore_core *k);

/* What git would read for a repository whose common directory is
 * `commondir`: the config files (system, global, the repository's) say
 * core.excludesFile and core.ignoreCase. Strings in `a`. Includes are not
 * followed: git.c asks libgit2 for the two keys of a repository it opened
 * with libgit2, which git_files.c leaves to it whenever a config file
 * holds an include. */
void pl_gitignore_sources_read(pl_arena *a, const char *workdir, const char *commondir,
                               pl_gitignore_sources *out);

/* Where git looks when core.excludesFile is unset:
 * $XDG_CONFIG_HOME/git/ignore, else ~/.config/git/ignore (NULL without
 * either variable). */
const char *pl_gitignore_default_excludes(pl_arena *a);

typedef struct pl_gitignore pl_gitignore;
pl_gitignore *pl_gitignore_new(const pl_gitignore_sources *src);
void pl_gitignore_free(pl_gitignore *gi);
/* Whether `relpath` (a repository path: no leading "./", no trailing '/',
 * not empty) or a directory above it is ignored; is_dir says the path is a
 * directory. */
int pl_gitignore_is_ignored(pl_gitignore *gi, const char *relpath, int is_dir);
/* Ignore files read so far (for tests: reading is lazy). */
size_t pl_gitignore_files_read(const pl_gitignore *gi);

#endif
