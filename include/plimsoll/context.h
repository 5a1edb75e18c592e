/* context.h — the build context `docker build` sends.
 *
 * Owns: walking a context directory the way BuildKit's file sender
 * (tonistiigi/fsutil) does — lstat only, symlinks listed as themselves and
 * never followed, entries in Go's walk order — while applying a
 * .dockerignore with fsutil's incremental matching and its rule for when an
 * excluded directory is not descended into; choosing the ignore file that
 * applies to a Dockerfile; looking up a context path; resolving COPY/ADD
 * wildcard sources. File contents are never read.
 *
 * Ownership: every result lives in the arena passed in and stays valid until
 * that arena is freed; nothing needs freeing on its own. A walked
 * pl_context is read-only and can be queried from several threads.
 */
#ifndef PLIMSOLL_CONTEXT_H
#define PLIMSOLL_CONTEXT_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/ignore.h"

typedef enum {
    PL_CTX_FILE,    /* regular file */
    PL_CTX_SYMLINK, /* sent as a link; its target is not looked at */
    PL_CTX_DIR,
    PL_CTX_OTHER,   /* fifo, socket, device */
} pl_ctx_kind;

typedef struct {
    const char *path; /* context-relative, '/'-separated, never "./x" or "x/" */
    pl_ctx_kind kind;
    long long size;   /* lstat st_size (a symlink: length of its target); 0 for a directory */
} pl_ctx_entry;

typedef struct {
    const char *path;
    pl_ctx_kind kind;
    int pattern; /* index in ignore->patterns of the line that decided */
    int pruned;  /* a directory not descended into because no `!` line could
                  * re-include anything below it: listed once, its contents
                  * not at all. An excluded directory that was descended
                  * into is listed with pruned 0 (and so are the excluded
                  * entries below it) unless something below it is sent. */
} pl_ctx_excluded;

typedef struct {
    const char *root;              /* the directory as given */
    const pl_ignorefile *ignore;   /* as given; NULL when none */
    pl_ctx_entry *files;           /* sent non-directories, in walk order */
    size_t nfiles;
    pl_ctx_entry *dirs;            /* sent directories (walked and not excluded, or
                                    * holding something sent), in walk order */
    size_t ndirs;
    pl_ctx_excluded *excluded;     /* in walk order */
    size_t nexcluded;
    unsigned long long total_size; /* sum of files[].size */
    pl_diag_list diags;            /* file-system problems, without positions */
    /* The walk stopped once more than max_files files were sent
     * (pl_context_walk_max): the arrays hold only what was walked, so
     * nothing may be concluded from what they lack. */
    int truncated;
    size_t max_files;
} pl_context;

/* Walks `dir` with `ignore` (may be NULL). Always sets *out. Returns 0, or
 * -1 when `dir` itself cannot be read (a diagnostic in (*out)->diags says
 * why). Unreadable directories below it become diagnostics and the walk
 * goes on; Docker would fail on those unless the directory is excluded.
 * Symlinks are never followed, so symlink loops are harmless; a directory
 * that is its own ancestor (a bind mount) is reported and not re-entered. */
int pl_context_walk(pl_arena *a, const char *dir, const pl_ignorefile *ignore, pl_context **out);
/* The same walk, stopped (truncated set) as soon as more than `max_files`
 * files are sent, so a huge directory costs a bounded time and memory;
 * 0 = no limit. */
int pl_context_walk_max(pl_arena *a, const char *dir, const pl_ignorefile *ignore,
                        size_t max_files, pl_context **out);

/* Walk order as a comparison: byte order with '/' before every other byte,
 * which is how fsutil visits a tree. The arrays above are sorted by it. */
int pl_context_path_cmp(const char *a, const char *b);

/* The ignore file BuildKit reads for a build: `<dockerfile>.dockerignore`
 * beside the Dockerfile when it exists, else `<context_dir>/.dockerignore`.
 * `dockerfile` may be NULL (only the context's file is considered). Returns
 * 1 with its path in *path, or 0 when neither exists. */
int pl_context_ignore_path(pl_arena *a, const char *context_dir, const char *dockerfile,
                           const char **path);

/* Reads and parses that file. Returns 0 with *out set (NULL when there is
 * no ignore file), or -1 when it exists but cannot be read. */
int pl_context_load_ignore(pl_arena *a, const char *context_dir, const char *dockerfile,
                           pl_ignorefile **out);
/* The same for the ignore file pl_context_ignore_path found (`path`, NULL
 * for none): read without looking for it again. */
int pl_context_read_ignore(pl_arena *a, const char *path, pl_ignorefile **out);

typedef enum {
    PL_CTX_ABSENT,         /* not in the context */
    PL_CTX_SENT,           /* sent (a file, symlink or directory) */
    PL_CTX_EXCLUDED,       /* present on disk, left out by the ignore file */
    PL_CTX_BEYOND_SYMLINK, /* below a sent symlink: BuildKit may resolve it */
} pl_ctx_status;

/* Where a context-relative path stands (cleaned first; a leading '/' is the
 * context root; "." is the root, always sent). *kind and *pattern (either
 * may be NULL) are set for SENT and EXCLUDED, else -1. Binary searches;
 * only a path below a directory that was not descended into costs an lstat. */
pl_ctx_status pl_context_lookup(const pl_context *ctx, const char *path, pl_ctx_kind *kind,
                                int *pattern);

/* The sent paths a COPY/ADD source names, as BuildKit resolves wildcards:
 * the source is cleaned; components before the first one holding `*`, `?`
 * or `[` name a directory, and the rest is matched with Go's filepath.Match
 * against paths below it (`*` and `?` stay within a component; no `**`); a
 * matching directory stands for itself and is not searched further. A
 * source without wildcards is looked up as written. Returns the number of
 * matches, with the paths in *matches (walk order), or -1 when the pattern
 * is malformed (Docker then finds nothing). */
int pl_context_glob(const pl_context *ctx, pl_arena *a, const char *source,
                    const char ***matches);

#endif
