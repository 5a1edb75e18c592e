/* card.h — the checklist's card of a compose service.
 *
 * Owns: pl_service_card, what the report shows of one service: a line per
 * question a reviewer asks of it (how its image is built or pulled, the
 * image's tag, its health check, who it runs as, its restart policy, its
 * ports, its variables), each passing, failing or not known (then the
 * evidence says why), with the file and line it was read from. Cards are
 * a view: they restate what the files say and what the cross-file rules
 * judge, and count in no summary. Computed once per compose file, on the
 * thread that checks it (src/rules/compose/card.c), kept with its results.
 */
#ifndef PLIMSOLL_CARD_H
#define PLIMSOLL_CARD_H

#include "plimsoll/rule.h"

typedef enum {
    PL_CARD_BUILD = 0,
    PL_CARD_IMAGE,
    PL_CARD_HEALTH,
    PL_CARD_USER,
    PL_CARD_RESTART,
    PL_CARD_PORTS,
    PL_CARD_VARIABLES,
    PL_CARD_NLINES,
} pl_card_question;

typedef struct {
    pl_status status;     /* PASS ✔, FAIL ✘, SKIP – (not known, or not applicable) */
    const char *evidence; /* what was read, with file:line; for SKIP the reason */
} pl_card_line;

typedef struct pl_service_card {
    const char *name;
    const char *file; /* the compose file that defines it */
    int line;         /* of its name */
    pl_card_line lines[PL_CARD_NLINES];
} pl_service_card;

/* "Build", "Image tag", "Health check", "User", "Restart", "Ports", "Variables" */
const char *pl_card_label(pl_card_question q);

struct pl_file;
/* Sets f->cards / f->ncards for a compose file (in its arena); nothing for
 * other kinds or a file that has no services. */
void pl_compose_cards(struct pl_file *f);

#endif
