/* checklist.c — the `checklist` format: Markdown for a pull request.
 *
 * Owns the reviewer's view: a title naming the repository, commit and date,
 * the counts, one section per file with a task-list line per checklist rule
 * (evidence after an em dash; skipped lines struck through with the reason),
 * the findings, the notes, and what only a running container can show.
 */
#include "render.h"

#define EM_DASH " \xE2\x80\x94 "

static void render_title(const pl_report *r, FILE *out)
{
    fputs("# Container verification", out);
    if (r->repo_name) {
        fputs(EM_DASH, out);
        pl_report_put_line(out, r->repo_name);
    }
    if (r->commit) {
        fputs(r->repo_name ? " @ " : EM_DASH, out);
        pl_report_put_line(out, r->commit);
    }
    if (r->date) {
        fputs(" (", out);
        pl_report_put_line(out, r->date);
        fputc(')', out);
    }
    fputs("\n\n", out);
}

static void render_counts(const pl_report *r, FILE *out)
{
    const pl_report_summary *s = &r->summary;
    fprintf(out,
            "**%d passed, %d failed, %d skipped** \xC2\xB7 %d error%s, %d warning%s, %d info, "
            "%d style",
            s->passed, s->failed, s->skipped, s->by_severity[PL_SEV_ERROR],
            s->by_severity[PL_SEV_ERROR] == 1 ? "" : "s", s->by_severity[PL_SEV_WARNING],
            s->by_severity[PL_SEV_WARNING] == 1 ? "" : "s", s->by_severity[PL_SEV_INFO],
            s->by_severity[PL_SEV_STYLE]);
    if (s->suppressed)
        fprintf(out, ", %d suppressed", s->suppressed);
    fprintf(out, " \xC2\xB7 %d file%s\n", s->files, s->files == 1 ? "" : "s");
}

static void render_check(const pl_result *res, FILE *out)
{
    int has_evidence = res->evidence && *res->evidence;
    switch (res->status) {
    case PL_STATUS_PASS:
        fputs("- [x] ", out);
        pl_report_put_line(out, res->rule->title);
        break;
    case PL_STATUS_FAIL:
        fputs("- [ ] ", out);
        pl_report_put_line(out, res->rule->title);
        break;
    default:
        fputs("- [ ] ~~", out);
        pl_report_put_line(out, res->rule->title);
        fputs("~~" EM_DASH "skipped", out);
        if (has_evidence) {
            fputs(": ", out);
            pl_report_put_line(out, res->evidence);
        }
        fputc('\n', out);
        return;
    }
    if (has_evidence) {
        fputs(EM_DASH, out);
        pl_report_put_line(out, res->evidence);
    }
    fputc('\n', out);
}

static void render_files(const pl_report *r, FILE *out)
{
    for (int i = 0; i < r->nsections; i++) {
        const pl_report_section *s = &r->sections[i];
        if (!s->file)
            continue; /* paths only findings name appear under Findings */
        fputs("\n## ", out);
        pl_report_put_line(out, s->path);
        if (s->file->headline) {
            fputs(" (", out);
            pl_report_put_line(out, s->file->headline);
            fputc(')', out);
        }
        fputc('\n', out);
        if (!s->nchecks)
            fputs("No checklist items apply to this file.\n", out);
        for (int k = s->first_check; k < s->first_check + s->nchecks; k++)
            render_check(r->checklist[k], out);
    }
}

static void render_findings(const pl_report *r, FILE *out)
{
    fputs("\n## Findings\n", out);
    if (!r->nfindings)
        fputs("No findings.\n", out);
    for (int i = 0; i < r->nfindings; i++) {
        const pl_finding *f = r->findings[i];
        fprintf(out, "- **%s** `", pl_severity_name(f->severity));
        pl_report_put_line(out, f->rule->id);
        fputs("` ", out);
        pl_report_put_line(out, f->rule->name);
        fputs(" at `", out);
        pl_report_put_line(out, f->file);
        if (f->span.line >= 1) {
            fprintf(out, ":%d", f->span.line);
            if (f->span.col >= 1)
                fprintf(out, ":%d", f->span.col);
        }
        fputs("`: ", out);
        pl_report_put_line(out, f->message);
        const char *fix = pl_report_finding_fix(f);
        if (*fix) {
            fputs(EM_DASH "fix: ", out);
            pl_report_put_line(out, fix);
        }
        fputc('\n', out);
    }
}

void pl_render_checklist(const pl_report *r, FILE *out)
{
    render_title(r, out);
    render_counts(r, out);
    render_files(r, out);
    render_findings(r, out);
    if (r->nnotes) {
        fputs("\n## Notes\n", out);
        for (int i = 0; i < r->nnotes; i++) {
            fputs("- ", out);
            pl_report_put_line(out, r->notes[i]);
            fputc('\n', out);
        }
    }
    fputs("\n## Needs a running container\n"
          "These cannot be verified from the files; build the image and run it "
          "(`docker build`, then `docker run --gpus all` where a GPU is expected) to check:\n"
          "- [ ] Image size\n"
          "- [ ] Start-up time\n"
          "- [ ] GPU visible to the process\n"
          "- [ ] Health endpoint answering\n",
          out);
}
