/* df_run_util.h — what the RUN-command rules (df_run_*.c) share: walking
 * the RUN instructions with their parsed scripts, resolving a shell word
 * through ARG/ENV, reading RUN --mount flags, and reading the variables an
 * ARG or ENV instruction sets. Internal to those rules. */
#ifndef PLIMSOLL_DF_RUN_UTIL_H
#define PLIMSOLL_DF_RUN_UTIL_H

#include "dfutil.h"

/* One RUN instruction (top level or inside ONBUILD) and its script, read
 * once by the shell reader. */
typedef struct {
    const pl_dockerfile *df;
    const pl_df_instr *ins;
    const char *script;
    pl_sh_script *sh;
    int onbuild; /* the RUN sits inside ONBUILD */
} pl_dfrun;

typedef void (*pl_dfrun_fn)(pl_check *c, const pl_df_model *m, const pl_dfrun *run, void *ud);

/* Calls fn for every RUN of the file in order, and for the RUN inside each
 * ONBUILD when `onbuild`. Returns how many RUNs were visited. */
int pl_dfrun_each(pl_check *c, const pl_df_model *m, int onbuild, pl_dfrun_fn fn, void *ud);

/* Reads one RUN instruction's script. */
void pl_dfrun_read(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, pl_dfrun *out);

/* File span of a word of the RUN's script: in the shell-form text, in a
 * here-document body (`RUN <<EOF`), or a whole exec-form argument; else the
 * instruction's first line. */
pl_span pl_dfrun_span(const pl_dfrun *r, const pl_sh_word *w);

/* The word's value with `$VAR`/`${VAR...}` resolved from the ARG/ENV in
 * scope of the RUN; NULL when it needs a value that is not known statically
 * (an ARG without default, a variable of the base image or of the script
 * itself, a command substitution). */
const char *pl_dfrun_word_value(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                const pl_sh_word *w);

/* The same for a piece of text taken from a word (a flag's value). */
const char *pl_dfrun_text_value(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                const char *text);

/* The RUN has `--mount=type=cache` or `type=tmpfs` whose target contains
 * `fragment` (hadolint's hasCacheOrTmpfsMountWith). */
int pl_dfrun_has_cache_mount(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                             const char *fragment);

/* 1, true, on, yes in the spellings pip and hadolint accept. */
int pl_dfrun_is_truthy(const char *v);

/* Index in argv of the first word equal to `text` (from `from` on), or -1. */
int pl_dfrun_find_arg(const pl_sh_cmd *cmd, int from, const char *text);

/* A variable an ARG or ENV instruction sets. */
typedef struct {
    const char *name;
    const char *value; /* resolved; NULL when unknown or (ARG) not given */
    int given;         /* the instruction gives a value (known or not) */
    int is_env;
    pl_span span; /* of the ENV key or the ARG word */
} pl_dfrun_var;

/* The variables `ins` (ARG or ENV) sets, values resolved in its scope; ARG
 * values given with --build-arg win over defaults. Returns the count. */
int pl_dfrun_vars(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, pl_dfrun_var **out);

/* Calls fn for every ARG and ENV, ONBUILD ones included. */
typedef void (*pl_dfrun_var_fn)(pl_check *c, const pl_df_instr *ins, const pl_dfrun_var *v,
                                void *ud);
void pl_dfrun_each_var(pl_check *c, const pl_df_model *m, pl_dfrun_var_fn fn, void *ud);

/* Assignments a script makes: `NAME=v cmd`, `NAME=v` alone, and the
 * NAME=v arguments of export/env/declare/typeset/readonly/local. Calls fn
 * with each word whose name is `name` (compared case-insensitively when
 * `nocase`); `value` is the text after '=' (resolved; NULL when unknown). */
typedef void (*pl_dfrun_assign_fn)(pl_check *c, const pl_dfrun *r, const pl_sh_word *w,
                                   const char *value, void *ud);
void pl_dfrun_each_assign(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const char *name,
                          int nocase, pl_dfrun_assign_fn fn, void *ud);

#endif
