/* merge_read.h — reading the JSON reports `plimsoll merge` combines
 * (private to src/cli).
 *
 * Owns: turning each report into finished files of one workspace (their
 * findings, their checklist lines, counted and put to the workspace's
 * checklist spool when it has one), plus its build units, notes, repository
 * and suppressed count. A report plimsoll wrote (its `files` before its
 * findings and checklist) is read an element at a time; any other layout
 * is read whole.
 */
#ifndef PLIMSOLL_CLI_MERGE_READ_H
#define PLIMSOLL_CLI_MERGE_READ_H

#include "plimsoll/workspace.h"

typedef struct {
    pl_arena *a;
    pl_workspace *ws;
    const char *repo_name, *commit; /* the first report's */
    pl_vec files;   /* pl_file * */
    pl_file **table; /* open addressing by path, a power of two long */
    size_t cap;
    pl_vec unknown; /* pl_rule *: rules only a report knew */
    int suppressed;
    /* with a checklist spool: the lines read of one file, until a line of
     * another file comes (a report lists a file's lines together) */
    pl_file *pending_file;
    pl_vec pending; /* pl_result * in scratch */
    pl_arena *scratch;
} merger;

/* Reads the report at `path` into m; -1 (message printed) when it cannot
 * be read or is not a plimsoll JSON report. */
int pl_merge_read(merger *m, const char *path);

#endif
