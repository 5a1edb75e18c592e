/* req_rules.h — what the requirements rules (PL0004, PL4xxx) share. */
#ifndef PLIMSOLL_REQ_RULES_H
#define PLIMSOLL_REQ_RULES_H

#include "plimsoll/requirements.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "rules_decl.h"

/* The checked file with its -r/-c includes read from disk beside it
 * (cached per call; cheap for small files). */
pl_req_set *pl_req_rules_set(pl_check *c, const pl_file *f);
/* Whether the file may hold ranges (*.in, requirements.ranges-allowed). */
int pl_req_ranges_allowed(pl_check *c, const pl_file *f, const char **why);
/* " (base.txt:3)" when r comes from another file than f, else "". */
const char *pl_req_where(pl_check *c, const pl_file *f, const pl_req *r);
/* Why the pinning rule leaves the file aside in plimsoll's own reading
 * (req_scope.c): nothing installs it and it serves developers' tools,
 * tests or docs, or it is a library's declared dependencies; else NULL,
 * with *installed_by the Dockerfile that installs it when one does. */
const char *pl_req_set_aside(pl_check *c, const pl_file *f, const char **installed_by);
/* The part of pl_req_set_aside that holds for any rule about what an
 * image installs: in plimsoll's default reading, why `f` is a file of
 * development, test or docs tools (by its path) that no image that ships
 * installs; NULL otherwise. */
const char *pl_req_tooling_only(pl_check *c, const pl_file *f);

#endif
