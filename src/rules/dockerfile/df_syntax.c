/* df_syntax.c — PL0001: what the parser could not read. */
#include "dfutil.h"

void pl_check_syntax_error(pl_check *c, const pl_file *f)
{
    if (f->binary) {
        pl_fail(c, f->binary_at, "Check the file: a Dockerfile is text; rename or move a binary file "
                                 "that only has a Dockerfile's name",
                "not a text file (a NUL byte at line %d, column %d): not read as a Dockerfile",
                f->binary_at.line, f->binary_at.col);
        return;
    }
    if (!f->dockerfile) {
        pl_skip(c, "the file could not be read");
        return;
    }
    const pl_dockerfile *df = f->dockerfile->df;
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR && !d->rule)
            pl_fail(c, d->span, NULL, "%s", d->message);
    pl_pass(c, (pl_span){0}, "%d instructions parsed", df->ninstrs);
}
