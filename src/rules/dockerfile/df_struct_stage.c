/* df_struct_stage.c — how stages are laid out: PL1201 repeated HEALTHCHECK,
 * PL1226 repeated CMD, PL1227 repeated ENTRYPOINT (each also BuildKit's
 * MultipleInstructionsDisallowed), PL1205 duplicate and PL1222 reserved stage
 * names, PL1221 instructions before the first FROM, PL1208 forbidden ONBUILD
 * triggers. */
#include <string.h>
#include <strings.h>

#include "dfutil.h"

static const char *upper_name(pl_df_kind k)
{
    switch (k) {
    case PL_DF_CMD: return "CMD";
    case PL_DF_ENTRYPOINT: return "ENTRYPOINT";
    case PL_DF_HEALTHCHECK: return "HEALTHCHECK";
    case PL_DF_ONBUILD: return "ONBUILD";
    case PL_DF_FROM: return "FROM";
    case PL_DF_MAINTAINER: return "MAINTAINER";
    default: return "";
    }
}

static const char *stage_label(pl_arena *a, const pl_stage *s)
{
    if (s->name)
        return pl_arena_printf(a, "stage %s", s->name);
    return pl_arena_printf(a, "the stage FROM %s", s->base_raw ? s->base_raw : "?");
}

/* hadolint's per-stage counters (DL3012, DL4003, DL4004): every occurrence
 * after the first one of a stage is reported. Instructions inside ONBUILD
 * belong to a later build and do not count. */
static void report_repeats(pl_check *c, const pl_df_model *m, pl_df_kind kind)
{
    pl_arena *a = pl_check_arena(c);
    int total = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        const pl_df_instr *first = NULL;
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind != kind)
                continue;
            total++;
            if (!first) {
                first = ins;
                continue;
            }
            pl_fail(c, pl_df_ins_span(ins), NULL,
                    "another %s in %s (the first is on line %d); only the last one takes effect",
                    upper_name(kind), stage_label(a, st), first->span.line);
        }
    }
    if (total == 0)
        pl_skip(c, "no %s instruction", upper_name(kind));
    else
        pl_pass(c, (pl_span){0}, "at most one %s per stage (%d in the file)", upper_name(kind),
                total);
}

/* BuildKit's validateUsedOnce (MultipleInstructionsDisallowed): the finding
 * sits on the EARLIER instruction, the one whose effect is lost. */
static void report_replaced(pl_check *c, const pl_df_model *m, pl_df_kind kind)
{
    int seen = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        const pl_df_instr *last = NULL;
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind != kind)
                continue;
            seen++;
            if (last)
                pl_fail(c, pl_df_ins_span(last), NULL,
                        "Multiple %s instructions should not be used in the same stage because "
                        "only the last one will be used (this one is replaced on line %d)",
                        upper_name(kind), ins->span.line);
            last = ins;
        }
    }
    if (!seen)
        pl_skip(c, "no %s instruction", upper_name(kind));
    else
        pl_pass(c, (pl_span){0}, "at most one %s per stage (%d in the file)", upper_name(kind),
                seen);
}

/* Each of the three is also BuildKit's MultipleInstructionsDisallowed for
 * its instruction (the same problem, one line apart): selected by that name
 * it reports as BuildKit does, else as hadolint does. */
static void check_repeats(pl_check *c, const pl_file *f, pl_df_kind kind)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    if (pl_check_reading(c) == PL_READING_BUILDKIT)
        report_replaced(c, m, kind);
    else
        report_repeats(c, m, kind);
}

void pl_check_healthcheck_repeated(pl_check *c, const pl_file *f)
{
    check_repeats(c, f, PL_DF_HEALTHCHECK);
}

void pl_check_cmd_repeated(pl_check *c, const pl_file *f)
{
    check_repeats(c, f, PL_DF_CMD);
}

void pl_check_entrypoint_repeated(pl_check *c, const pl_file *f)
{
    check_repeats(c, f, PL_DF_ENTRYPOINT);
}

/* BuildKit lower-cases stage names, so `AS Build` and `AS build` collide. */
void pl_check_stage_name_duplicate(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int named = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        if (!st->name)
            continue;
        named++;
        for (int p = 0; p < s; p++) {
            const pl_stage *prev = m->stages[p];
            if (prev->name && !strcasecmp(prev->name, st->name)) {
                pl_fail(c, st->from->args[2].span, NULL,
                        "Duplicate stage name \"%s\" (first used on line %d); stage names should "
                        "be unique",
                        st->name, prev->from->span.line);
                break;
            }
        }
    }
    if (!named)
        pl_skip(c, "no named stage");
    else
        pl_pass(c, (pl_span){0}, "%d stage name%s, all distinct", named, named == 1 ? "" : "s");
}

void pl_check_stage_name_reserved(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int named = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        if (!st->name)
            continue;
        named++;
        if (!strcasecmp(st->name, "scratch") || !strcasecmp(st->name, "context"))
            pl_fail(c, st->from->args[2].span, NULL,
                    "stage name \"%s\" is a reserved word; `%s` then no longer means the %s",
                    st->name, pl_lower(pl_check_arena(c), st->name),
                    !strcasecmp(st->name, "scratch") ? "empty image" : "build context");
    }
    if (!named)
        pl_skip(c, "no named stage");
    else
        pl_pass(c, (pl_span){0}, "no stage is named scratch or context");
}

/* Works without a FROM too. Reported once per file, at the first
 * instruction out of place: a snippet or a partial has many, and the others
 * are checked as a stage of an unknown base (see model.h). */
void pl_check_instruction_before_from(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = f->dockerfile;
    if (!m) {
        pl_skip(c, "the file could not be read");
        return;
    }
    const pl_dockerfile *df = m->df;
    int before = 0, misplaced = 0;
    const pl_df_instr *first = NULL;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (ins->kind == PL_DF_FROM)
            break;
        before++;
        if (ins->kind != PL_DF_ARG && !misplaced++)
            first = ins;
    }
    const pl_df_directive *frontend = first ? pl_df_custom_frontend(df) : NULL;
    if (frontend && pl_check_reading(c) == PL_READING_DEFAULT) {
        pl_skip(c, "the file is built with the frontend %s (line %d), whose instructions this "
                   "reader does not know: %s (line %d) before the first FROM is not judged",
                frontend->value, frontend->span.line, first->keyword, first->span.line);
    } else if (first) {
        if (misplaced == 1)
            pl_fail(c, pl_df_ins_span(first), NULL,
                    "%s before the first FROM: only ARG may come before FROM", first->keyword);
        else
            pl_fail(c, pl_df_ins_span(first), NULL,
                    "%s and %d more instruction%s before the first FROM: only ARG may come before FROM",
                    first->keyword, misplaced - 1, misplaced == 2 ? "" : "s");
    } else if (!df->ninstrs)
        pl_skip(c, "no instructions");
    else
        pl_pass(c, (pl_span){0}, "%d instruction%s before the first FROM, all ARG", before,
                before == 1 ? "" : "s");
}

void pl_check_onbuild_forbidden_trigger(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = f->dockerfile;
    if (!m) {
        pl_skip(c, "the file could not be read");
        return;
    }
    const pl_dockerfile *df = m->df;
    int n = 0;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (ins->kind != PL_DF_ONBUILD || !ins->sub)
            continue;
        n++;
        pl_df_kind k = ins->sub->kind;
        if (k == PL_DF_ONBUILD || k == PL_DF_FROM || k == PL_DF_MAINTAINER)
            pl_fail(c, ins->sub->keyword_span, NULL, "ONBUILD %s is not allowed as a trigger",
                    upper_name(k));
    }
    if (!n)
        pl_skip(c, "no ONBUILD instruction");
    else
        pl_pass(c, (pl_span){0}, "%d ONBUILD trigger%s, none of them ONBUILD, FROM or MAINTAINER",
                n, n == 1 ? "" : "s");
}
