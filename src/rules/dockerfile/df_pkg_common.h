/* df_pkg_common.h — what the OS package-manager rules (df_pkg_*.c) share:
 * walking every RUN (ONBUILD included) with its shell read once, finding a
 * package manager's verb and package words, resolving a package word through
 * ARG/ENV before judging it, BuildKit cache/tmpfs mounts, `rm` of a cache
 * directory, and the closing pass/skip evidence. */
#ifndef PLIMSOLL_DF_PKG_COMMON_H
#define PLIMSOLL_DF_PKG_COMMON_H

#include "dfutil.h"

/* One RUN as the package rules see it. */
typedef struct {
    const pl_df_instr *ins; /* the RUN (inside ONBUILD: the wrapped RUN) */
    const char *script;     /* the text the shell reader read */
    pl_sh_script *sh;
} pl_pkg_run;

/* What a check counted, for its closing evidence. */
typedef struct {
    int commands;   /* commands the rule looked at */
    int unread;     /* commands left out: they name no package that can be read */
    int failures;
    pl_span last;   /* where the last looked-at command's RUN is */
} pl_pkg_tally;

typedef void (*pl_pkg_run_fn)(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                              void *ud);

/* Calls fn once for every RUN of the file, and for every RUN inside ONBUILD
 * (hadolint's [+ONBUILD] rules), with its shell parsed once. */
void pl_pkg_each_run(pl_check *c, const pl_df_model *m, pl_pkg_run_fn fn, void *ud);

/* Ends a check: nothing else when something failed, else pass with
 * "<n> <what>" evidence (`what` holds one %s for the plural "s"), or skip
 * with `none` when no command was looked at. */
void pl_pkg_conclude(pl_check *c, const pl_pkg_tally *t, const char *what, const char *none);

/* Whether the command is `tool` (by basename) and one of its positional
 * words (flags and the values of `with_value` flags skipped) is one of
 * `verbs`; returns that word or NULL. */
const pl_sh_word *pl_pkg_verb(pl_arena *a, const pl_sh_cmd *cmd, const char *tool,
                              const char *const *with_value, const char *const *verbs);

/* The positional words of a command other than the words in `skip` (the
 * verbs), flag values of `with_value` flags left out. *out is an arena
 * array; returns the count. */
int pl_pkg_args(pl_arena *a, const pl_sh_cmd *cmd, const char *const *with_value,
                const char *const *skip, const pl_sh_word ***out);

/* Whether any word after argv[0] equals one of `words`, case-sensitively. */
int pl_pkg_has_word(const pl_sh_cmd *cmd, const char *const *words);

/* An `rm` that removes `dir` itself or its contents (`dir`, `dir/`, `dir/` followed by `*`,
 * `dir*`). */
int pl_pkg_rm_removes(const pl_sh_cmd *cmd, const char *dir);

/* Some `--mount` of the RUN is a cache or tmpfs mount whose target holds
 * `fragment` (hadolint's infix test). A target only known at build time
 * counts as covering, so that an unknown value never triggers a rule. */
int pl_pkg_cache_mount(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                       const char *fragment);

/* How a package word reads once ARG/ENV are resolved. */
typedef enum {
    PL_PKG_WORD_KNOWN,   /* *fields are the words the shell passes */
    PL_PKG_WORD_UNKNOWN, /* needs a value known only at build time: do not judge */
    PL_PKG_WORD_RAW,     /* uses a variable no ARG/ENV of the stage (nor the script)
                            defines: *fields are the words with it empty, or the
                            text as written when nothing is left (hadolint judges
                            such words as written) */
} pl_pkg_word_state;

pl_pkg_word_state pl_pkg_word_resolve(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                                      const pl_sh_word *w, const char ***fields, int *nfields);

/* The same, but a variable that an earlier ARG anywhere in the file declares
 * (another stage's, or one before FROM) counts as defined with a value not
 * known: hadolint's DL3033/DL3041 take such a word for a pinned version. */
pl_pkg_word_state pl_pkg_word_resolve_file_args(pl_check *c, const pl_df_model *m,
                                                const pl_pkg_run *run, const pl_sh_word *w,
                                                const char ***fields, int *nfields);

/* What a finding adds about a word in state `st`: "" or why it was judged
 * as written. */
const char *pl_pkg_word_note(pl_pkg_word_state st);

/* Span of a word of the RUN's script in the file. */
pl_span pl_pkg_word_span(const pl_pkg_run *run, const pl_sh_word *w);

/* The pinning rules of the simple package managers (apt-get, apk): every
 * package word of a `tool verb` command must satisfy `pinned`. */
typedef struct {
    const char *tool;               /* "apt-get" */
    const char *const *with_value;  /* flags whose value is a separate word */
    const char *const *verbs;       /* {"install", NULL} */
    int (*pinned)(const char *pkg);
    const char *label;              /* "apt-get install", for messages */
} pl_pkg_pin_spec;

typedef struct {
    pl_pkg_tally tally;
    const pl_pkg_pin_spec *spec;
} pl_pkg_pin_state;

/* A pl_pkg_each_run visitor (ud: pl_pkg_pin_state): one finding per
 * unpinned package word, on that word. */
void pl_pkg_unpinned_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud);

/* hadolint's rpm version test (DL3033/DL3041): after the first '-', every
 * '-'-separated part uses only [A-Za-z0-9.~^_:+] and one starts with a digit.
 * `name-1.2.rpm` files count as pinned. */
int pl_pkg_rpm_version_pinned(const char *pkg);

#endif
