/* config_internal.h — helpers shared by the config loader's files. */
#ifndef PLIMSOLL_CONFIG_INTERNAL_H
#define PLIMSOLL_CONFIG_INTERNAL_H

#include <limits.h>
#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/ypos.h"

#define PL_CONFIG_SIZE_MAX LLONG_MAX
#define PL_CONFIG_SEVERITY_UNKNOWN (-2)

/* How YAML 1.2's core schema types a plain (unquoted) scalar; libyaml leaves
 * typing to its users. Quoted and block scalars are always strings. */
typedef enum { SCALAR_NULL, SCALAR_BOOL, SCALAR_NUMBER, SCALAR_STRING } pl_config_scalar_type;
pl_config_scalar_type pl_config_plain_scalar_type(const char *s);

/* error warning info style -> that pl_severity; none and ignore -> PL_SEV_NONE;
 * case-insensitive; PL_CONFIG_SEVERITY_UNKNOWN otherwise. */
int pl_config_severity_parse(const char *s);

/* The candidate nearest to `typed` (case, `-`, `_` and `.` ignored) when it is
 * close enough to be a typo, or `typed` is a prefix of it; NULL otherwise.
 * `candidates` ends with NULL. */
const char *pl_config_nearest(const char *typed, const char *const *candidates);

#endif
