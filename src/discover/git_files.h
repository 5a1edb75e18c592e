/* git_files.h — what a repository's own files say, read without libgit2:
 * where the repository is (.git directories, `.git` files of linked
 * worktrees, `commondir`), HEAD, the origin URL of .git/config, and the
 * index file. Loading libgit2 costs more than checking a Dockerfile (see
 * plimsoll/libgit2.h), and most runs need only these.
 *
 * Each reader answers only where it is sure to say what libgit2 says; on
 * anything it does not follow (a core.worktree, an include, an extension,
 * a repository not owned by the user, a split index ...) it returns
 * PL_GITF_ASK_LIBGIT2 and the caller asks libgit2 as before. Internal to
 * src/discover/ (git.c). */
#ifndef PLIMSOLL_GIT_FILES_H
#define PLIMSOLL_GIT_FILES_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/git.h"

enum { PL_GITF_FOUND = 1, PL_GITF_NONE = 0, PL_GITF_ASK_LIBGIT2 = -1 };

typedef struct {
    const char *workdir;    /* absolute, without a trailing '/' */
    const char *gitdir;     /* absolute, without a trailing '/' */
    const char *commondir;  /* the gitdir, or the main one of a linked worktree */
    const char *origin_url; /* remote.origin.url, NULL when unset */
    char head[41];          /* the commit HEAD names, "" on an unborn branch */
} pl_gitf_repo;

/* The repository git_repository_open_ext(path, 0, NULL) would open, with
 * strings in `a`: PL_GITF_FOUND, PL_GITF_NONE (libgit2 would find none),
 * or PL_GITF_ASK_LIBGIT2. `misses` (or NULL) holds the directories whose
 * walk up found none; those of this walk join it. */
int pl_gitf_find(pl_arena *a, const char *path, pl_gitf_repo *out, pl_git_misses *misses);

/* One entry of an index file, as stored. */
typedef struct {
    const char *path;         /* NUL-terminated */
    const unsigned char *oid; /* 20 bytes */
    size_t size;
    unsigned mode;
    int stage;
    int intent_to_add;
} pl_gitf_entry;

/* An index file, mapped: the entries point into it (or into `names` for
 * the prefix-compressed paths of version 4) until pl_gitf_index_free. */
typedef struct {
    pl_gitf_entry *entries;
    size_t n;
    void *map;
    size_t map_len;
    char *names;
} pl_gitf_index;

/* The entries of index file bytes `d` (which must outlive them): 0, or
 * PL_GITF_ASK_LIBGIT2 on anything not understood. */
int pl_gitf_parse_index(const unsigned char *d, size_t len, pl_gitf_index *out);

/* remote.origin.url of config file text (*origin_url malloc'd, NULL when
 * unset): 0, or PL_GITF_ASK_LIBGIT2 when the text says something only
 * libgit2 follows (an include, core.worktree, a quoted value ...). */
int pl_gitf_parse_config(const char *text, char **origin_url);

/* Reads the index file `file` (a missing file is an empty index).
 * Returns 0, or PL_GITF_ASK_LIBGIT2 (nothing to free). */
int pl_gitf_read_index(const char *file, pl_gitf_index *out);
void pl_gitf_index_free(pl_gitf_index *ix);

#endif
