/* df_not_dockerfile.c — PL0005: a file named like a Dockerfile that is a
 * template or not text (the engine does not parse it; see
 * pl_dockerfile_sniff). */
#include "dfutil.h"

void pl_check_not_a_dockerfile(pl_check *c, const pl_file *f)
{
    if (f->not_checked) {
        pl_fail(c, f->not_checked_at, NULL, "%s, not checked as a Dockerfile", f->not_checked);
        return;
    }
    if (!f->dockerfile) {
        pl_skip(c, "the file could not be read");
        return;
    }
    pl_pass(c, (pl_span){0}, "read as a Dockerfile");
}
