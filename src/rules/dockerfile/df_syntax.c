/* df_syntax.c — PL0001: what the parser could not read. */
#include <string.h>

#include "dfutil.h"

/* BuildKit refuses an instruction outside a stage; instruction-before-from
 * (DL3061) reports that problem on the same line, so it is not a second
 * finding here. */
static int reported_as_before_from(const pl_diag *d)
{
    return !strcmp(d->message, "no build stage in current context");
}

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
        if (f->not_checked)
            pl_skip(c, "%s, not checked as a Dockerfile", f->not_checked);
        else
            pl_skip(c, "the file could not be read");
        return;
    }
    const pl_dockerfile *df = f->dockerfile->df;
    /* comments only (postgis' generated placeholder for a version with no
     * Debian build): nothing a build reads; BuildKit's reading keeps
     * BuildKit's "file with no instructions" */
    if (!df->ninstrs && pl_check_reading(c) == PL_READING_DEFAULT) {
        pl_skip(c, "the file holds no instruction (%d comment line%s): a placeholder, nothing to "
                   "build", df->ncomments, df->ncomments == 1 ? "" : "s");
        return;
    }
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR && !d->rule && !reported_as_before_from(d))
            pl_fail(c, d->span, NULL, "%s", d->message);
    pl_pass(c, (pl_span){0}, "%d instructions parsed", df->ninstrs);
}
