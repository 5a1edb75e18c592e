/* df_runtime_util.h — what the runtime rules (health check tool, toolchain,
 * entrypoint, lockfiles) share: the chain of stages the final image is
 * built from, working directories, COPY/ADD sources and destinations
 * resolved in the image, and a look at the build context on disk. */
#ifndef PLIMSOLL_DF_RUNTIME_UTIL_H
#define PLIMSOLL_DF_RUNTIME_UTIL_H

#include "../context/ctx_util.h"
#include "dfutil.h"

/* Stands for the working directory a base image sets (unknown statically);
 * paths under it are compared like any other. */
#define PL_RT_BASE_WORKDIR "/?base-workdir"

/* The stages of `s`'s chain, from the one built FROM an image down to `s`.
 * Returns the count; *out is an arena array. */
int pl_rt_chain(pl_arena *a, const pl_stage *s, const pl_stage ***out);

/* The ENTRYPOINT and CMD the image of `chain` (n stages, base first) runs:
 * the last of each along the chain, except that an ENTRYPOINT set in a
 * later stage than the CMD resets it (*cmd NULL). */
void pl_rt_image_command(const pl_stage **chain, int n, const pl_df_instr **ep,
                         const pl_df_instr **cmd);

/* A path made absolute against `dir` and cleaned ("." and ".." removed,
 * no trailing slash except for "/"). */
const char *pl_rt_path_join(pl_arena *a, const char *dir, const char *path);
const char *pl_rt_dirname(pl_arena *a, const char *path);
const char *pl_rt_basename(const char *path);
/* `path` is `dir` or below it (both cleaned, absolute). */
int pl_rt_path_under(const char *path, const char *dir);
/* `path` lies in a directory the distribution installs programs to
 * (/bin, /usr/bin, /usr/lib ...). */
int pl_rt_system_program(const char *path);

/* A COPY or ADD, read in the image's terms. */
typedef struct {
    const pl_df_instr *ins;
    const char **srcs;  /* expanded, as written otherwise ("./app/", "*.py", "<<EOF") */
    int nsrcs;
    const char *dest;   /* absolute and cleaned */
    int dest_dir;       /* ends in '/', is the workdir ("."), or several sources */
    const char *from;   /* --from value, or NULL */
    int unknown;        /* a source or the destination has an unknown value */
} pl_rt_copy;

/* Reads a COPY/ADD; returns 0, or -1 when it is not one or has no
 * destination. `workdir`: in force before it (NULL when unknown). */
int pl_rt_copy_read(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins, const char *workdir,
                    pl_rt_copy *out);

/* What the runtime rules read about every top-level instruction, computed
 * once per rule and file in one pass (each RUN parsed once). Arrays are
 * indexed by pl_df_instr.index. */
typedef struct {
    const pl_df_model *model; /* the file they were read from */
    const char **workdir;  /* in force before the instruction; NULL when unknown */
    pl_rt_copy **copy;     /* COPY/ADD read in the image's terms, else NULL */
    pl_sh_script **run;    /* RUN parsed by the shell reader, else NULL */
    const char **script;   /* the text `run` was parsed from */
} pl_rt_facts;

pl_rt_facts *pl_rt_facts_build(pl_arena *a, const pl_df_model *m);

/* The build context the context rules use (ctx_util.h: walked once per
 * file, .dockerignore applied, the git index with --staged); NULL when
 * there is none (stdin, unreadable). */
const pl_ctx_info *pl_rt_context(pl_check *c, const pl_file *f);

typedef enum { PL_RT_ABSENT = 0, PL_RT_FILE, PL_RT_DIR, PL_RT_UNKNOWN } pl_rt_ctx;
/* What the context sends at a context-relative path (a path leaving the
 * context is clamped to its root, as BuildKit scopes sources); a path the
 * ignore file leaves out is absent. PL_RT_UNKNOWN when ctx is NULL or the
 * path lies below a symlink. */
pl_rt_ctx pl_rt_context_stat(pl_arena *a, const pl_ctx_info *ctx, const char *rel);

/* A COPY/ADD source with wildcards (`*`, `?`, `[`). */
int pl_rt_has_glob(const char *s);

/* Does `c` put a file at absolute path `target`?
 * PL_RT_FILE: yes (by name, or inside a context directory that holds it);
 * PL_RT_UNKNOWN: maybe (a directory whose content is not known);
 * PL_RT_ABSENT: no. *why gets a short description for evidence. */
pl_rt_ctx pl_rt_copy_lands(pl_arena *a, const pl_rt_copy *c, const pl_ctx_info *ctx, const char *target,
                           const char **why);

/* The context path of the file COPY `c` lands at `target` (as the COPY
 * names it, or below a directory it names); NULL when it comes from another
 * stage or image, or cannot be told. */
const char *pl_rt_copy_source(pl_arena *a, const pl_rt_copy *c, const char *target);

/* Span of the word at byte `off` (length `len`) of a shell-form command
 * argument text `text` of `ins` (CMD, ENTRYPOINT, HEALTHCHECK, RUN); the
 * instruction's first line when the text cannot be found on its line. */
pl_span pl_rt_text_span(const pl_df_instr *ins, const char *text, size_t off, size_t len);
/* Span of an exec-form argument, without its quotes. */
pl_span pl_rt_exec_span(const pl_df_word *w);

/* `word` is one of the space-separated words of `list`. */
int pl_rt_in_list(const char *list, const char *word);

/* Shell built-ins and wrappers that are not the program a command runs. */
int pl_rt_is_builtin(const char *name);

#endif
