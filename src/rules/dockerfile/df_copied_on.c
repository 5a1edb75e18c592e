/* df_copied_on.c — see df_copied_on.h. */
#include <string.h>

#include "df_copied_on.h"

/* `at` lies in a RUN --mount from= of st or a stage built on it: what the
 * RUN does with the files is not followed. */
static int mounted_from(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                        const pl_stage *here, const pl_stage *st)
{
    for (int k = 0; ins->kind == PL_DF_RUN && k < ins->nflags; k++) {
        const pl_df_flag *fl = &ins->flags[k];
        const char *v =
            fl->value && !strcmp(fl->name, "mount") ? strstr(fl->value, "from=") : NULL;
        if (!v || (v != fl->value && v[-1] != ','))
            continue;
        const char *name = pl_arena_strndup(a, v + 5, strcspn(v + 5, ","));
        for (const pl_stage *t = pl_model_stage_named(m, name, here->index); t; t = t->parent)
            if (t == st)
                return 1;
    }
    return 0;
}

static int walk(pl_check *c, const pl_df_model *m, const pl_rt_facts *fx, const pl_stage *st,
                const char *at, int depth)
{
    pl_arena *a = pl_check_arena(c);
    if (!at || depth > m->nstages)
        return 1;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_stage *here = m->stage_of[i];
        if (!here)
            continue;
        if (mounted_from(a, m, ins, here, st))
            return 1;
        const pl_rt_copy *cp = fx->copy[i];
        if (!cp || !cp->from)
            continue;
        const pl_stage *from = pl_model_stage_named(m, cp->from, here->index);
        int built_on = 0;
        for (const pl_stage *t = from; t && !built_on; t = t->parent)
            built_on = t == st;
        if (!built_on)
            continue;
        if (cp->unknown)
            return 1;
        for (int k = 0; k < cp->nsrcs; k++) {
            const char *src = cp->srcs[k];
            if (pl_rt_has_glob(src))
                src = pl_rt_dirname(a, pl_arena_strndup(a, src, strcspn(src, "*?[")));
            const char *p = pl_rt_path_join(a, "/", src);
            int above = pl_rt_path_under(at, p), below = pl_rt_path_under(p, at);
            if (!above && !below)
                continue;
            if (pl_df_instr_ships_in(c, m, ins))
                return 1;
            /* where it lands: `at` below the source keeps its place under
             * the destination; a source below `at` lands at the destination */
            const char *next;
            if (!cp->dest)
                next = NULL;
            else if (below && strcmp(p, at))
                next = cp->dest;
            else if (!strcmp(at, p))
                next = cp->dest_dir ? pl_rt_path_join(a, cp->dest, pl_rt_basename(at)) : cp->dest;
            else
                next = pl_rt_path_join(a, cp->dest, at + (strcmp(p, "/") ? strlen(p) + 1 : 1));
            if (walk(c, m, fx, here, next, depth + 1))
                return 1;
        }
    }
    return 0;
}

int pl_df_copied_on(pl_check *c, const pl_df_model *m, const pl_rt_facts *fx, const pl_stage *st,
                    const char *at)
{
    return walk(c, m, fx, st, at, 0);
}
