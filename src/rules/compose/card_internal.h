/* card_internal.h — what the parts of the service cards share (card.c,
 * card_vars.c): the service being carded and how a line is written. */
#ifndef PLIMSOLL_CARD_INTERNAL_H
#define PLIMSOLL_CARD_INTERNAL_H

#include "built.h"
#include "plimsoll/card.h"

typedef struct {
    pl_arena *a;
    const pl_svc *all;
    int n;
    const char *awaited; /* pl_svc_awaited_to_complete */
    const pl_svc *s;
    pl_svc_image img;
    int built; /* pl_svc_built_image */
    pl_service_card *card;
    const struct pl_workspace *ws; /* which images the repository builds */
} card_ctx;

void pl_card_put(card_ctx *k, pl_card_question q, pl_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "compose.yaml:5": where a node of the service is written (NULL: its name) */
const char *pl_card_at(card_ctx *k, const pl_ynode *n);

/* The Variables line: env_file entries that must exist, and every
 * variable the service needs without a default, set in the project's .env
 * or listed in its example file. */
void pl_card_variables(card_ctx *k);

#endif
