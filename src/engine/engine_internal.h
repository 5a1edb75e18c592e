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
};

/* Runs one rule on one file and records its result. */
void pl_check_run(const pl_rule *r, pl_severity sev, pl_file *f);

#endif
