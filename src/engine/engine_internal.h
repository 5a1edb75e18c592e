/* engine_internal.h — the pl_check handle's insides, shared by the engine's
 * files only. */
#ifndef PLIMSOLL_ENGINE_INTERNAL_H
#define PLIMSOLL_ENGINE_INTERNAL_H

#include "plimsoll/engine.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"

struct pl_check {
    const pl_rule *rule;
    pl_severity severity;
    pl_file *file;
    int nfail;
    const pl_finding *first_fail;
    int passed;
    const char *evidence;
    pl_span evidence_span;
    const char *skip_reason;
    const char *summary; /* pl_summary */
    /* set by pl_check_defer */
    pl_deferred_fn defer_run;
    void *defer_payload;
};

/* A check waiting for its deferred work; its result is already in the
 * file's results (so the order of results stays the rule order) and is
 * filled in by pl_check_finish. */
typedef struct pl_deferred {
    pl_check *check; /* in the file's arena */
    pl_result *result;
} pl_deferred;

/* Runs one rule on one file and records its result; a check that deferred
 * work is appended (pl_deferred *) to `deferred` instead of being judged. */
void pl_check_run(const pl_rule *r, pl_severity sev, pl_file *f, pl_vec *deferred);
/* Judges a check into its result, once its reports are all in. */
void pl_check_finish(pl_check *c, pl_result *res);

/* Keeps of a finished file only what the report prints (retain.c). */
void pl_engine_retain(pl_file *f);
/* "3 stages, final: runtime" for a Dockerfile; NULL for other files. */
const char *pl_engine_headline(pl_arena *a, const pl_file *f);

#endif
