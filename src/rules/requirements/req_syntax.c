/* req_syntax.c — PL0004: the lines pip would refuse. */
#include "req_rules.h"

void pl_check_requirements_syntax(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = f->requirements;
    if (!rf) {
        pl_skip(c, "the file could not be read");
        return;
    }
    for (const pl_diag *d = rf->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR)
            pl_fail(c, d->span, NULL, "%s", d->message);
    pl_pass(c, (pl_span){0}, "%d requirement%s, %d option%s, %d include%s read", rf->nreqs,
            rf->nreqs == 1 ? "" : "s", rf->noptions, rf->noptions == 1 ? "" : "s", rf->nincludes,
            rf->nincludes == 1 ? "" : "s");
}
