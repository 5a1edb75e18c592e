/* loader_checks.h — compose loader refusals the schema does not express. */
#ifndef PLIMSOLL_LOADER_CHECKS_H
#define PLIMSOLL_LOADER_CHECKS_H

#include "plimsoll/rule.h"
#include "plimsoll/yaml.h"

/* Fails `c` once per refusal found in one compose document. */
void lc_check_document(pl_check *c, const pl_ynode *root);

#endif
