/* df_pipreq.h — judging the requirements files a RUN installs (df_run_pipreq.c). */
#ifndef PLIMSOLL_DF_PIPREQ_H
#define PLIMSOLL_DF_PIPREQ_H

#include "df_run_util.h"

/* Reads `path` (the -r/-c operand's value; NULL when not known) from the
 * build context and fails on the word `w` when a requirement it installs
 * is not pinned exactly, or lacks a hash in hash-checking mode. Returns the
 * number of requirements judged; 0 with *unknown set when the file cannot
 * be found or read. */
int pl_pipreq_judge(pl_check *c, const pl_file *f, const pl_dfrun *r, const pl_sh_word *w,
                    const char *path, int constraint, int require_hashes, const char **unknown);

#endif
