/* df_hadolint.c — hadolint's readings of stage-wide rules (see
 * df_hadolint.h). Stage relations are read from the model (which stage a
 * FROM names), so they follow aliases case-insensitively as BuildKit does. */
#include "df_hadolint.h"

void pl_hadolint_healthcheck_missing(pl_check *c, const pl_df_model *m)
{
    pl_arena *a = pl_check_arena(c);
    char *has = PL_NEW_N(a, char, (size_t)m->nstages + 1);
    int judged = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        if (st->is_fragment)
            continue;
        judged++;
        if (st->parent && has[st->parent->index])
            has[s] = 1;
        if (pl_stage_last(st, PL_DF_HEALTHCHECK))
            for (const pl_stage *p = st; p && !(p != st && has[p->index]); p = p->parent)
                has[p->index] = 1;
    }
    for (int s = 0; s < m->nstages; s++)
        if (!has[s] && !m->stages[s]->is_fragment)
            pl_fail(c, pl_df_ins_span(m->stages[s]->from), NULL, "stage%s%s has no HEALTHCHECK",
                    m->stages[s]->name ? " " : "", m->stages[s]->name ? m->stages[s]->name : "");
    if (!judged)
        pl_skip(c, "no FROM: no stage to judge");
    else
        pl_pass(c, (pl_span){0}, "every stage has a HEALTHCHECK or is built on one");
}
