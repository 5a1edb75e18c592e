/* req_rules.h — what the requirements rules (PL0004, PL4xxx) share. */
#ifndef PLIMSOLL_REQ_RULES_H
#define PLIMSOLL_REQ_RULES_H

#include "plimsoll/requirements.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "rules_decl.h"

#endif
