/* github.c — the `github` format: GitHub Actions workflow commands.
 *
 * Owns one `::error|warning|notice file=...::message` line per standing
 * finding (the fix on a second line of the annotation) and one notice per
 * note, escaped as the Actions runner decodes them: %, CR and LF everywhere,
 * and ':' and ',' too inside properties.
 */
#include "render.h"

static const char *command(pl_severity s)
{
    switch (s) {
    case PL_SEV_ERROR: return "error";
    case PL_SEV_WARNING: return "warning";
    default: return "notice";
    }
}

static void put_escaped(FILE *out, const char *s, int property)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':':
            if (property)
                fputs("%3A", out);
            else
                fputc(':', out);
            break;
        case ',':
            if (property)
                fputs("%2C", out);
            else
                fputc(',', out);
            break;
        default: fputc(*p, out);
        }
    }
}

static void render_finding(const pl_finding *f, FILE *out)
{
    const pl_span *sp = &f->span;
    fprintf(out, "::%s file=", command(f->severity));
    put_escaped(out, f->file, 1);
    if (sp->line >= 1) {
        fprintf(out, ",line=%d", sp->line);
        if (sp->col >= 1)
            fprintf(out, ",col=%d", sp->col);
        if (sp->end_line >= sp->line)
            fprintf(out, ",endLine=%d", sp->end_line);
        /* GitHub honours an end column only for a range within one line */
        if (sp->end_line == sp->line && sp->col >= 1 && sp->end_col >= sp->col)
            fprintf(out, ",endColumn=%d", sp->end_col);
    }
    fputs(",title=", out);
    put_escaped(out, f->rule->id, 1);
    fputc(' ', out);
    put_escaped(out, f->rule->name, 1);
    fputs("::", out);
    put_escaped(out, f->message, 0);
    const char *fix = pl_report_finding_fix(f);
    if (*fix) {
        fputs("%0Afix: ", out);
        put_escaped(out, fix, 0);
    }
    fputc('\n', out);
}

void pl_render_github(const pl_report *r, FILE *out)
{
    for (int i = 0; i < r->nfindings; i++)
        render_finding(r->findings[i], out);
    for (int i = 0; i < r->nnotes; i++) {
        fputs("::notice title=", out);
        put_escaped(out, r->tool_name, 1);
        fputs("::", out);
        put_escaped(out, r->notes[i], 0);
        fputc('\n', out);
    }
}
