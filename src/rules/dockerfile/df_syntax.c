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

/* The `# syntax=` directive when it names a frontend other than Docker's
 * own (docker/dockerfile, docker/dockerfile-upstream, any tag or digest):
 * devthefuture/dockerfile-x's INCLUDE, a frontend's own instructions and
 * grammar this reader does not know. NULL for Docker's or none. */
const pl_df_directive *pl_df_custom_frontend(const pl_dockerfile *df)
{
    for (int i = 0; i < df->ndirectives; i++) {
        const pl_df_directive *d = &df->directives[i];
        if (strcmp(d->name, "syntax") || !d->value || !*d->value)
            continue;
        const char *v = d->value;
        static const char *const registries[] = {"docker.io/", "index.docker.io/",
                                                 "registry-1.docker.io/", NULL};
        for (int r = 0; registries[r]; r++)
            if (!strncmp(v, registries[r], strlen(registries[r])))
                v += strlen(registries[r]);
        size_t n = strcspn(v, ":@");
        if ((n == 17 && !strncmp(v, "docker/dockerfile", n)) ||
            (n == 26 && !strncmp(v, "docker/dockerfile-upstream", n)))
            return NULL;
        return d;
    }
    return NULL;
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
    const pl_df_directive *frontend = pl_df_custom_frontend(df);
    int errors = 0, first_line = 0;
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR && !d->rule && !reported_as_before_from(d)) {
            if (!errors++)
                first_line = d->span.line;
            if (!frontend || pl_check_reading(c) != PL_READING_DEFAULT)
                pl_fail(c, d->span, NULL, "%s", d->message);
        }
    if (errors && frontend && pl_check_reading(c) == PL_READING_DEFAULT) {
        pl_skip(c, "the file is built with the frontend %s (line %d), whose instructions this "
                   "reader does not know: %d line%s Docker's own syntax rejects (first: line %d) "
                   "not judged",
                frontend->value, frontend->span.line, errors, errors == 1 ? "" : "s", first_line);
        return;
    }
    pl_pass(c, (pl_span){0}, "%d instructions parsed", df->ninstrs);
}
