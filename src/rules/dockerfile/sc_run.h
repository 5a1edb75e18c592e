/* sc_run.h — one ShellCheck process on a batch of scripts.
 *
 * Owns: starting the program directly (posix_spawn, never through a shell)
 * on scripts handed over as /dev/fd/3, /dev/fd/4 ... of memory-backed
 * files, gathering its output, and its time limit. The limit is charged in
 * CPU time where the system says how much the child used (Linux /proc), so
 * that a busy machine, or one suspended mid-run, does not make a script
 * look slow; a child that is neither on a CPU nor waiting for one
 * (asleep, blocked, stopped) past the limit is killed as stalled; elsewhere, and as a last resort, the limit
 * is wall time. Internal to the shellcheck rule.
 */
#ifndef PLIMSOLL_SC_RUN_H
#define PLIMSOLL_SC_RUN_H

#include <stddef.h>

#include "plimsoll/arena.h"

typedef enum {
    SC_RAN,       /* the program exited; its output is in `out` */
    SC_TIMED_OUT, /* killed at the limit */
    SC_NOT_RUN,   /* could not be started, or refused its input or options */
} sc_status;

typedef struct {
    sc_status status;
    /* SC_TIMED_OUT: killed because it used `limit_ms` of CPU time, not
     * because it stalled or ran out of wall time (only the first says the
     * scripts themselves are too slow) */
    int over_cpu;
    long long cpu_ms; /* CPU time the child used (user + system) */
    long long wall_ms;
} sc_outcome;

/* Runs `exe` with `args` (NULL-terminated) followed by /dev/fd/N for each
 * of the n scripts; stdout into `out` (at most `max_out` bytes kept).
 * Scratch comes from `a`. */
sc_outcome pl_sc_run(pl_arena *a, const char *exe, const char *const *args,
                     const char *const *texts, const size_t *lens, int n, long limit_ms,
                     size_t max_out, pl_strbuf *out);

#endif
