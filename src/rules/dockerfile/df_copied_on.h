/* df_copied_on.h — whether what a builder stage holds at a path reaches an
 * image that ships through COPY --from (at any depth), for the rules that
 * leave builder stages alone unless their files go on: a secret the
 * builder took from the context, the packages it installed. */
#ifndef PL_DF_COPIED_ON_H
#define PL_DF_COPIED_ON_H
#include "df_runtime_util.h"

/* Whether the file or directory at absolute path `at` in stage `st`
 * (whose own layers reach no image) is copied on into a stage that ships:
 * a COPY --from of `st` or of a stage built on it whose source overlaps
 * `at` (is it, above it, or below it), or is not known statically (an
 * expansion; a glob counts as its directory), then followed from where it
 * lands; a RUN --mount from= such a stage counts as taking it. NULL `at`
 * (not known) counts as copied on. The walk is bounded by the number of
 * stages. */
int pl_df_copied_on(pl_check *c, const pl_df_model *m, const pl_rt_facts *fx, const pl_stage *st,
                    const char *at);

#endif
