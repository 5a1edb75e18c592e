/* checkstyle.c — the `checkstyle` format: Checkstyle XML, which many CI
 * plugins and review bots read.
 *
 * Owns one <file> per reported file (and per other path findings name) with
 * an <error> per standing finding. Checkstyle knows error, warning and info,
 * so style findings are info; the rule id is the source.
 */
#include "render.h"

static const char *severity(pl_severity s)
{
    switch (s) {
    case PL_SEV_ERROR: return "error";
    case PL_SEV_WARNING: return "warning";
    default: return "info";
    }
}

void pl_render_checkstyle(const pl_report *r, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
    for (int i = 0; i < r->nsections; i++) {
        const pl_report_section *s = &r->sections[i];
        fputs("  <file name=\"", out);
        pl_report_put_xml(out, s->path);
        if (!s->nfindings) {
            fputs("\"/>\n", out);
            continue;
        }
        fputs("\">\n", out);
        for (int k = s->first_finding; k < s->first_finding + s->nfindings; k++) {
            const pl_finding *f = r->findings[k];
            fputs("    <error", out);
            if (f->span.line >= 1)
                fprintf(out, " line=\"%d\"", f->span.line);
            if (f->span.line >= 1 && f->span.col >= 1)
                fprintf(out, " column=\"%d\"", f->span.col);
            fprintf(out, " severity=\"%s\" message=\"", severity(f->severity));
            pl_report_put_xml(out, f->message);
            fputs("\" source=\"", out);
            pl_report_put_xml(out, f->rule->id);
            fputs("\"/>\n", out);
        }
        fputs("  </file>\n", out);
    }
    fputs("</checkstyle>\n", out);
}
