/* engine.h — running the rules over a workspace.
 *
 * Owns: deciding which rules run (kind, preset, --select, --ignore, config
 * ignores, severity overrides), parsing each file by kind, calling each rule's check
 * function through a pl_check handle, turning what it reports into findings
 * and results, running the files on several threads, and running the work
 * rules deferred until every file was checked. Suppression by pragmas is
 * done by suppress.h after the rules of a file (and its deferred work) ran.
 */
#ifndef PLIMSOLL_ENGINE_H
#define PLIMSOLL_ENGINE_H

#include "plimsoll/workspace.h"

/* Per rule (index into pl_rules): whether it runs in this workspace and at
 * which severity. */
typedef struct pl_rule_state {
    int enabled;
    pl_severity severity;
    const char *why_off; /* "ignored by --ignore" ...; NULL when enabled */
    pl_reading reading;  /* see pl_check_reading */
} pl_rule_state;

/* The preset in force: --preset, else the config's `preset:`, else
 * recommended. */
pl_preset pl_workspace_preset(const pl_workspace *ws);

/* Computes ws->rule_states from options and config. Returns 0, or -1 when a
 * rule named in options or config is unknown (message in *error). */
int pl_engine_prepare(pl_workspace *ws, const char **error);

/* Parses one file by its kind (fills f->dockerfile, f->ignore, f->diags ...). */
void pl_engine_parse_file(pl_file *f);
/* Runs every enabled rule of the file's kind, the work they deferred (for
 * this file alone), then suppression. */
void pl_engine_check_file(pl_file *f);
/* All files on `jobs` threads, then the deferred work of all of them, then
 * repository-wide rules. */
void pl_engine_run(pl_workspace *ws);

/* Work a rule defers from its check function until every file of the run
 * was checked, so that one batch serves many files (an external program
 * whose start-up costs more than one file's input). `run` is called once
 * per run with every check that deferred to it, in file order, and their
 * payloads (allocated in each file's arena); it may use up to `jobs`
 * threads or processes, but reports through the pl_check handles (pl_fail,
 * pl_pass, pl_skip) on the calling thread only. The rule's result is made
 * from those reports once `run` returns. */
typedef void (*pl_deferred_fn)(pl_check *const *checks, void *const *payloads, int n, int jobs);
void pl_check_defer(pl_check *c, pl_deferred_fn run, void *payload);

/* Index of a rule in pl_rules. */
int pl_rule_index(const pl_rule *r);

#endif
