/* df_hadolint.h — hadolint's own readings of rules whose plimsoll reading
 * differs (chosen by pl_check_reading: a hadolint code was selected, or the
 * hadolint preset is in force). */
#ifndef PL_DF_HADOLINT_H
#define PL_DF_HADOLINT_H
#include "dfutil.h"

/* DL3057: every stage without a HEALTHCHECK, unless it is built FROM a stage
 * that has one; a HEALTHCHECK also counts for the stages its stage is built
 * from. One finding per such stage, on its FROM. */
void pl_hadolint_healthcheck_missing(pl_check *c, const pl_df_model *m);

#endif
