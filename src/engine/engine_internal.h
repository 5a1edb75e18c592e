/* engine_internal.h — the pl_check handle's insides, shared by the engine's
 * files only. */
#ifndef PLIMSOLL_ENGINE_INTERNAL_H
#define PLIMSOLL_ENGINE_INTERNAL_H

#include <stdarg.h>

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
    const char *skip_reason;
    /* the builds the findings are about (pl_check_about_units): each
     * finding names them as related evidence */
    const struct pl_build_unit *const *units;
    int nunits;
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

/* The queue behind pl_check_note (run.c): created before the workers
 * start, emptied into ws->notes once they are done. */
struct pl_note_queue;
void pl_engine_note_queue_vadd(struct pl_note_queue *q, const char *fmt, va_list ap);

/* Runs a rule that judges the shipped image once per image the file's
 * builds ship (images.c). */
void pl_check_images(pl_check *c, pl_file *f);

/* Names where each of the units is built as the finding's related
 * evidence (the units a repository file says, each origin once). */
void pl_finding_relate(pl_arena *a, pl_finding *fd, const struct pl_build_unit *const *units, int n);

/* The run's table of strings kept once however many files report them
 * (intern.c); freed with `owner`. Safe on several threads. */
typedef struct pl_interner pl_interner;
pl_interner *pl_interner_new(pl_arena *owner);
/* The table's copy of `s` (NULL for NULL). */
const char *pl_intern(pl_interner *in, const char *s);

/* Keeps of a finished file only what the report prints (retain.c); the
 * texts many files share go to `in`. */
void pl_engine_retain(pl_file *f, pl_interner *in);
/* "3 stages, final: runtime" for a Dockerfile; NULL for other files. */
const char *pl_engine_headline(pl_arena *a, const pl_file *f);

#endif
