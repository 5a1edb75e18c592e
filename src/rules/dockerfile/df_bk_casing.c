/* df_bk_casing.c — BuildKit's checks on how a Dockerfile is written:
 * PL1250 StageNameCasing, PL1251 FromAsCasing, PL1252 NoEmptyContinuation,
 * PL1253 ConsistentInstructionCasing, PL1257 LegacyKeyValueFormat, PL1262
 * InvalidDefinitionDescription (experimental in BuildKit, off by default). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dfutil.h"

static int all_lower(const char *s)
{
    for (; *s; s++)
        if (isupper((unsigned char)*s))
            return 0;
    return 1;
}

static int all_upper(const char *s)
{
    for (; *s; s++)
        if (islower((unsigned char)*s))
            return 0;
    return 1;
}

void pl_check_stage_name_casing(pl_check *c, const pl_file *f)
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
        if (!all_lower(st->name))
            pl_fail(c, st->from->args[2].span, NULL, "Stage name '%s' should be lowercase",
                    st->name);
    }
    if (!named)
        pl_skip(c, "no named stage");
    else
        pl_pass(c, (pl_span){0}, "%d stage name%s in lower case", named, named == 1 ? "" : "s");
}

void pl_check_from_as_casing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int named = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_instr *from = m->stages[s]->from;
        if (!m->stages[s]->name)
            continue;
        named++;
        const char *kw = from->keyword, *as = from->args[1].text;
        /* a FROM keyword of mixed case is ConsistentInstructionCasing's business */
        int bad = all_lower(kw) ? !all_lower(as) : all_upper(kw) ? !all_upper(as) : 0;
        if (bad)
            pl_fail(c, from->args[1].span, NULL, "'%s' and '%s' keywords' casing do not match", as,
                    kw);
    }
    if (!named)
        pl_skip(c, "no FROM ... AS");
    else
        pl_pass(c, (pl_span){0}, "AS is cased like FROM");
}

/* BuildKit warns once per instruction that has empty lines inside its
 * continuation, on the instruction's last line (before any heredoc body):
 * the parser's warning carries that line. */
void pl_check_empty_continuation_line(pl_check *c, const pl_file *f)
{
    if (!f->dockerfile) {
        pl_skip(c, "the file could not be read");
        return;
    }
    const pl_dockerfile *df = f->dockerfile->df;
    for (const pl_diag *d = df->diags.head; d; d = d->next) {
        if (!d->rule || strcmp(d->rule, "NoEmptyContinuation"))
            continue;
        int line = d->span.line, owner = -1;
        for (int i = 0; i < df->ninstrs && df->instrs[i]->span.line <= line; i++)
            owner = i;
        pl_fail(c, (pl_span){line, 1, line, 1}, NULL, "Empty continuation line%s%s",
                owner >= 0 ? " in " : "", owner >= 0 ? df->instrs[owner]->keyword : "");
    }
    pl_pass(c, (pl_span){0}, "no empty line inside a continued instruction");
}

/* BuildKit counts FROM and the instructions of the stages (not the global
 * ARGs before the first FROM, not what ONBUILD wraps); a tie means upper
 * case. */
void pl_check_instruction_casing_inconsistent(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    const pl_dockerfile *df = m->df;
    int lower = 0, upper = 0;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (!m->stage_of[i] || ins->kind == PL_DF_UNKNOWN)
            continue;
        if (all_lower(ins->keyword))
            lower++;
        else if (all_upper(ins->keyword))
            upper++;
    }
    int majority_lower = lower > upper;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (!m->stage_of[i] || ins->kind == PL_DF_UNKNOWN)
            continue;
        if (majority_lower ? !all_lower(ins->keyword) : !all_upper(ins->keyword))
            pl_fail(c, ins->keyword_span, NULL,
                    "Command '%s' should match the case of the command majority (%s)",
                    ins->keyword, majority_lower ? "lowercase" : "uppercase");
    }
    pl_pass(c, (pl_span){0}, "instructions are all %s", majority_lower ? "lower case" : "upper case");
}

void pl_check_legacy_key_value_format(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if ((ins->kind != PL_DF_ENV && ins->kind != PL_DF_LABEL) || !m->stage_of[i])
            continue;
        n++;
        for (int k = 2; k < ins->nargs; k += 3)
            if (ins->args[k].text[0] == '\0') {
                pl_fail(c, pl_df_ins_span(ins), NULL,
                        "\"%s key=value\" should be used instead of legacy \"%s key value\" format",
                        ins->keyword, ins->keyword);
                break;
            }
    }
    if (!n)
        pl_skip(c, "no ENV or LABEL");
    else
        pl_pass(c, (pl_span){0}, "%d ENV/LABEL in key=value form", n);
}

/* The first word of the last comment line above must name the stage or
 * one of the ARGs. */
static void description_check(pl_check *c, const pl_df_instr *ins, const char *what,
                              const char **keys, int nkeys)
{
    if (ins->ncomments == 0 || nkeys == 0)
        return;
    const char *last = ins->comments[ins->ncomments - 1];
    while (*last == ' ' || *last == '\t')
        last++;
    size_t n = strcspn(last, " ");
    for (int k = 0; k < nkeys; k++)
        if (strlen(keys[k]) == n && !strncmp(keys[k], last, n))
            return;
    pl_fail(c, pl_df_ins_span(ins), NULL,
            "Comment for %s should follow the format: `# %s <description>`", what,
            nkeys > 1 ? "<arg_key>" : keys[0]);
}

void pl_check_definition_description_format(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_stage *st = m->stage_of[i];
        if (ins->kind == PL_DF_FROM && st && st->from == ins && st->name) {
            n++;
            const char *name = pl_lower(a, st->name);
            description_check(c, ins, "FROM", &name, 1);
        } else if (ins->kind == PL_DF_ARG && ins->nargs) {
            n++;
            const char **keys = PL_NEW_N(a, const char *, ins->nargs);
            for (int w = 0; w < ins->nargs; w++)
                keys[w] = pl_arena_strndup(a, ins->args[w].text, strcspn(ins->args[w].text, "="));
            description_check(c, ins, "ARG", keys, ins->nargs);
        }
    }
    if (!n)
        pl_skip(c, "no named stage or ARG");
    else
        pl_pass(c, (pl_span){0}, "comments above stages and ARGs describe them");
}
