/* ctx_util.h — what the build-context rules share.
 *
 * Owns: the checked file's view of its build context, asked of the model
 * (src/model/contexts.c walks each context once per run) and cached in
 * pl_file.context for every rule that needs it. For a .dockerignore it is
 * the file's own directory. For a Dockerfile it is the context of its
 * primary build unit; when nothing says how the Dockerfile is built, its
 * own directory with the ignore file BuildKit would pick, unless sources
 * missing there all resolve in a directory above (the `docker build -f
 * app/Dockerfile .` layout): then the nearest such directory, as a guess. Also: the COPY/ADD sources and RUN bind mounts of
 * a Dockerfile resolved against the context; sizes in human units. A file
 * is checked by one thread, so the cache needs no lock.
 */
#ifndef PLIMSOLL_CTX_UTIL_H
#define PLIMSOLL_CTX_UTIL_H

#include "../dockerfile/dfutil.h"
#include "plimsoll/context.h"
#include "plimsoll/ignore.h"

typedef enum {
    PL_SRC_RESOLVED, /* something the context sends matches */
    PL_SRC_MISSING,  /* nothing matches, on disk or in the context */
    PL_SRC_IGNORED,  /* only paths the ignore file leaves out match */
    PL_SRC_OPTIONAL, /* a wildcard written to be optional (`yarn.loc[k]`) that matches nothing */
    PL_SRC_UNKNOWN,  /* needs a value that is not known statically */
} pl_src_status;

/* One local source of a COPY/ADD (or the source of a RUN bind mount) from
 * the build context. */
typedef struct {
    const pl_df_instr *ins;
    pl_span span;          /* the source word (the --mount flag for a mount) */
    const char *written;   /* the word as written */
    const char *path;      /* expanded, context-relative and clean ("." = root); NULL when unknown */
    int is_mount;          /* RUN --mount=type=bind */
    int wildcard;
    pl_src_status status;
    const char **matches;  /* RESOLVED: the sent paths it names (walk order) */
    pl_ctx_kind *kinds;
    int nmatches;
    const char *base;      /* what --exclude patterns are relative to: a match that is a
                            * directory stands for itself, else this directory ("" = root) */
    const pl_ignorefile *excludes; /* the instruction's --exclude patterns; NULL when none */
    const char *left_out;  /* IGNORED: a path the ignore file excludes */
    int pattern;           /* IGNORED: index of the ignore line that decided, -1 */
    int from_arg_default;  /* UNKNOWN: missing as expanded with an ARG's default value */
} pl_ctx_source;

typedef struct pl_ctx_info {
    const struct pl_build_unit *unit; /* whose context this is; NULL for a .dockerignore */
    const char *unavailable; /* why there is no context (the rules skip with it); else NULL */
    const char *dir;         /* the context as the report shows it: "app", "." */
    const char *fs_dir;      /* where it is read (NULL with --staged) */
    const char *repo_dir;    /* its repository path; NULL outside a repository */
    int staged;              /* built from the git index */
    const pl_ignorefile *ignore;  /* the ignore file that applies; NULL when none */
    const char *ignore_path; /* its display path */
    pl_context *ctx;

    /* Dockerfiles: filled by pl_ctx_sources */
    int sources_ready;
    pl_ctx_source *sources;
    int nsources;
    void *content; /* what COPY/ADD takes that should not be sent (ctx_content.c) */
    /* Set when a directory above the Dockerfile's was taken as the context
     * because the sources resolve there only ("docker build -f
     * app/Dockerfile ."): says so, for the evidence. */
    const char *guess_note;
} pl_ctx_info;

/* The context of a Dockerfile below the repository root that nothing in
 * the repository names (no compose service, workflow, bake target, script
 * or config gives it): a guess, so what it lacks is unknown, not missing.
 * At the root, `docker build .` is the convention, not a guess. */
int pl_ctx_is_guess(const pl_ctx_info *ci);

/* The context of the checked file (built on first use). Never NULL; check
 * ->unavailable. */
const pl_ctx_info *pl_ctx_get(pl_check *c, const pl_file *f);

/* The context one directory above `from` (never above the repository, or
 * above the current directory outside one), built only when every path in
 * `need` exists there. Returns 1 with *out built; 0 when they do not all
 * exist (*out then holds only the directories, for the next step up); -1
 * when there is no higher directory (*out NULL). */
int pl_ctx_ancestor(const pl_file *f, const pl_ctx_info *from, const char *const *need, int nneed,
                    pl_ctx_info **out);

/* The same with the Dockerfile's COPY/ADD sources and bind mounts resolved
 * (once). NULL after pl_skip when there is no model or no context. */
const pl_ctx_info *pl_ctx_sources(pl_check *c, const pl_file *f);

/* "app/" or "./": the context as evidence names it. */
const char *pl_ctx_label(pl_arena *a, const pl_ctx_info *ci);
/* "412 files, 1.8 MB after .dockerignore" / "..., no .dockerignore" */
const char *pl_ctx_summary(pl_arena *a, const pl_ctx_info *ci);
/* Bytes in decimal units as docker prints them: "412 B", "1.8 MB", "12 MB". */
const char *pl_ctx_human_size(pl_arena *a, unsigned long long bytes);

/* Whether `path` is `dir` or lies below it ("" and "." are the root). */
int pl_ctx_path_within(const char *path, const char *dir);
/* Sent files below (or at) `dir`: count and total size. */
size_t pl_ctx_files_below(const pl_context *ctx, const char *dir, unsigned long long *size);
/* Index of the first file at or below `dir` ("" = root) in ctx->files. */
size_t pl_ctx_first_file_below(const pl_context *ctx, const char *dir);

/* Whether a pattern matches every path of the context: `*`, `**` and
 * `**` components ending in `*`. */
int pl_ctx_catch_all(const char *pattern);
/* Whether a name is one plimsoll discovers as a Dockerfile. */
int pl_ctx_dockerfile_name(const char *base);

/* Reads at most `max` bytes of a context file (from the index with
 * --staged). Returns the length, or -1 when it cannot be read. */
long pl_ctx_read_head(pl_check *c, const pl_ctx_info *ci, const char *path, char *buf,
                      size_t max);
/* The same, into the check's arena and NUL-terminated (*len: the bytes
 * read); NULL when it cannot be read. */
const char *pl_ctx_read_file(pl_check *c, const pl_ctx_info *ci, const char *path, size_t max,
                             size_t *len);

#endif
