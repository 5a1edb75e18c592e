/* model.h — what a Dockerfile means: stages, variables in scope, base images.
 *
 * Owns: the stage graph (FROM, aliases, which stage a FROM or COPY --from
 * names, the final stage), ARG/ENV scope at every instruction (global ARGs
 * for FROM, per-stage ARG/ENV, inheritance from a parent stage, build args
 * from the command line), and each FROM's resolved image reference.
 * Computed once per file, read by the rules. Lives in the file's arena.
 */
#ifndef PLIMSOLL_MODEL_H
#define PLIMSOLL_MODEL_H

#include "plimsoll/dockerfile.h"
#include "plimsoll/expand.h"
#include "plimsoll/image.h"

/* One variable definition; scopes are immutable linked lists, so a scope
 * captured at an instruction stays valid. */
typedef struct pl_var {
    const char *name;
    const char *value; /* NULL when unknown (ARG without default and no build arg) */
    int is_env;        /* ENV (else ARG) */
    int is_default;    /* an ARG whose value is its default: a build may pass another */
    const pl_df_instr *def; /* NULL for built-ins and build args */
    const struct pl_var *next;
} pl_var;

typedef struct pl_stage {
    int index;
    const char *name;      /* the AS alias as written, or NULL */
    const pl_df_instr *from;
    const pl_df_instr **instrs; /* the stage's instructions after FROM */
    int ninstrs;

    const char *base_raw;  /* FROM's image word as written */
    const char *base;      /* expanded with global ARGs (unknown parts verbatim) */
    int base_unknown;      /* expansion needed an unknown value */
    pl_image_ref image;    /* parsed `base` (image.error set when invalid) */
    struct pl_stage *parent; /* FROM names an earlier stage */
    int is_scratch;

    /* Instructions before any FROM (a snippet, a partial a template
     * includes): they form a stage of an unknown base, as hadolint reads
     * them. `from` is then a FROM with no arguments that is not in the file,
     * placed at the first such instruction. */
    int is_fragment;

    int is_final;   /* the image judged as what ships: the target of the file's
                     * primary build unit, else the last stage */
    int is_built;   /* some build unit builds this stage as its image */
    int used_later; /* a later FROM, COPY --from or RUN --mount from= names it */
    pl_vec needs;   /* pl_stage*: the stages this one names (FROM, COPY --from, mounts) */
} pl_stage;

typedef struct pl_df_model {
    pl_dockerfile *df;
    pl_stage **stages;
    int nstages;
    pl_stage *final; /* NULL when there is no FROM */
    const char *target; /* the --target that chose `final`, or NULL (the last stage) */
    const pl_df_instr **global_args; /* ARGs before the first FROM */
    int nglobal_args;

    /* per top-level instruction index: its stage (NULL before the first FROM)
     * and the variables in scope just before it */
    pl_stage **stage_of;
    const pl_var **scope_before;
    const pl_var *global_scope; /* for FROM lines */
} pl_df_model;

/* Build args ("NAME=VALUE") override ARG defaults, as --build-arg does; a
 * bare "NAME" is a value not known statically (the ARG is unknown). */
pl_df_model *pl_model_build(pl_arena *a, pl_dockerfile *df, const char *const *build_args,
                            int nbuild_args);

/* Makes the stage named `target` (by alias, case-insensitively, or by
 * number) the final one, as `docker build --target` does; `primary` 0 only
 * marks it as built. Returns -1 (and changes nothing) when no stage has
 * that name. */
int pl_model_set_target(pl_df_model *m, const char *target, int primary);

/* The definition a name resolves to in a scope (the first ENV of that
 * name, else the first ARG); NULL when undefined. */
const pl_var *pl_scope_find(const pl_var *scope, const char *name, size_t len);
/* Whether `word` of instruction `ins` uses an ARG whose value is its
 * default (`ARG JAR=build/app.jar` then `COPY ${JAR} .`): what it expands
 * to is a guess, as a build may pass another value. */
int pl_model_uses_arg_default(const pl_df_model *m, const pl_df_instr *ins, const char *word);

/* Lookup in a scope: the first ENV of that name wins over ARGs, as in
 * BuildKit. */
pl_var_state pl_scope_lookup(const pl_var *scope, const char *name, size_t len,
                             const char **value);
/* An expander for the arguments of `ins`: the scope before it; inside a
 * stage an undeclared variable is unknown (it may come from the base image),
 * on FROM lines it is undefined (empty), as BuildKit has it. */
void pl_model_expander(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                       pl_expander *ex);

/* Expand one word of instruction `ins` in the scope before it. */
pl_expand_status pl_model_expand(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                                 const char *word, const char **out);

/* The stage a `--from` value or FROM names: by alias (case-insensitively)
 * among stages before `before_index`, or by number. NULL when it is an
 * image. */
pl_stage *pl_model_stage_named(const pl_df_model *m, const char *name, int before_index);

/* ENV/LABEL pairs of an instruction (from the args triples). */
int pl_df_pairs(const pl_df_instr *ins, const char ***keys, const char ***values, pl_arena *a);

#endif
