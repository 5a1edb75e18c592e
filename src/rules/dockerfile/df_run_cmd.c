/* df_run_cmd.c — commands that do not belong in a RUN, or need a flag there:
 * PL1146 interactive/system commands (DL3001), PL1147 cd (DL3003, DS-0013),
 * PL1148 useradd with a large UID (DL3046), PL1149 wget without --progress
 * (DL3047), PL1150 wget and curl in one stage (DL4001, DS-0014), PL1151
 * `ln ... /bin/sh` (DL4005). A RUN gets at most one finding per rule, on the
 * first offending command. */
#include <string.h>

#include "df_run_util.h"

static void pass_runs(pl_check *c, int runs, const char *what)
{
    if (runs == 0)
        pl_skip(c, "no RUN instruction");
    else
        pl_pass(c, (pl_span){0}, "%s in %d RUN instruction%s", what, runs, runs == 1 ? "" : "s");
}

/* ---- DL3001 ------------------------------------------------------------------ */

static int is_pointless_in_build(const pl_sh_cmd *cmd)
{
    static const char *const names[] = {"free", "kill", "mount", "ps", "service", "shutdown",
                                        "ssh", "top", "vim", NULL};
    for (const char *const *n = names; *n; n++)
        if (pl_sh_is(cmd, *n))
            return 1;
    return 0;
}

static void pointless_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (is_pointless_in_build(cmd)) {
            pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                    "RUN calls %s, which is interactive or manages a running system", pl_sh_name(cmd));
            return;
        }
    }
}

void pl_check_run_interactive_command(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int runs = pl_dfrun_each(c, m, 1, pointless_visit, NULL);
    pass_runs(c, runs, "no ssh, vim, service, ps, top, kill, free, mount or shutdown");
}

/* ---- DL3003 ------------------------------------------------------------------ */

static void cd_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    for (int k = 0; k < r->sh->ncmds; k++)
        if (pl_sh_is(&r->sh->cmds[k], "cd")) {
            const char *dir = r->sh->cmds[k].argc > 1 ? r->sh->cmds[k].argv[1].text : "";
            pl_fail(c, pl_dfrun_span(r, &r->sh->cmds[k].argv[0]), NULL,
                    "RUN changes directory with cd %s", dir);
            return;
        }
}

void pl_check_cd_instead_of_workdir(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int runs = pl_dfrun_each(c, m, 0, cd_visit, NULL);
    pass_runs(c, runs, "no cd");
}

/* ---- DL3046 ------------------------------------------------------------------ */

typedef struct {
    int useradds;
} useradd_count;

/* The first UID value longer than 5 characters, or NULL. */
static const char *long_uid(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                            const pl_sh_cmd *cmd)
{
    static const char *const flags[] = {"u", "uid", NULL};
    for (const char *const *fl = flags; *fl; fl++) {
        const char **vals;
        int nv = pl_sh_flag_values(pl_check_arena(c), cmd, *fl, &vals);
        for (int i = 0; i < nv; i++) {
            const char *v = pl_dfrun_text_value(c, m, r, vals[i]);
            if (v && strlen(v) > 5)
                return v;
        }
    }
    return NULL;
}

static void useradd_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    useradd_count *n = ud;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "useradd"))
            continue;
        n->useradds++;
        if (pl_sh_has_flag(cmd, "l") || pl_sh_has_flag(cmd, "no-log-init"))
            continue;
        const char *uid = long_uid(c, m, r, cmd);
        if (uid) {
            pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                    "useradd -u %s without -l/--no-log-init: the lastlog and faillog files "
                    "grow to the size of the UID",
                    uid);
            return;
        }
    }
}

void pl_check_useradd_large_uid(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    useradd_count n = {0};
    pl_dfrun_each(c, m, 1, useradd_visit, &n);
    if (n.useradds)
        pl_pass(c, (pl_span){0}, "%d useradd command%s with a short UID or -l", n.useradds,
                n.useradds == 1 ? "" : "s");
    else
        pl_skip(c, "no useradd");
}

/* ---- DL3047 ------------------------------------------------------------------ */

typedef struct {
    int wgets;
} wget_count;

static int wget_is_quiet(const pl_sh_cmd *cmd)
{
    static const char *const flags[] = {"progress", "q", "quiet", "o", "output-file", "a",
                                        "append-output", "no-verbose", NULL};
    for (const char *const *fl = flags; *fl; fl++)
        if (pl_sh_has_flag(cmd, *fl))
            return 1;
    return pl_dfrun_find_arg(cmd, 1, "-nv") >= 0;
}

static void wget_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    wget_count *n = ud;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "wget"))
            continue;
        n->wgets++;
        if (!wget_is_quiet(cmd)) {
            pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                    "wget without --progress, -q or -nv fills the build log with progress output");
            return;
        }
    }
}

void pl_check_wget_progress(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    wget_count n = {0};
    pl_dfrun_each(c, m, 1, wget_visit, &n);
    if (n.wgets)
        pl_pass(c, (pl_span){0}, "%d wget command%s with --progress or quiet output", n.wgets,
                n.wgets == 1 ? "" : "s");
    else
        pl_skip(c, "no wget");
}

/* ---- DL4001 ------------------------------------------------------------------ */

enum { TOOL_CURL = 1, TOOL_WGET = 2 };

/* Which of curl and wget the RUN calls; *first gets the first such command. */
static int tools_used(const pl_dfrun *r, const pl_sh_cmd **first)
{
    int used = 0;
    *first = NULL;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        int t = pl_sh_is(cmd, "curl") ? TOOL_CURL : pl_sh_is(cmd, "wget") ? TOOL_WGET : 0;
        if (t && !*first)
            *first = cmd;
        used |= t;
    }
    return used;
}

/* Adds the RUN's tools to *seen; a RUN using either once both are seen fails. */
static void tools_step(pl_check *c, const pl_dfrun *r, int *seen)
{
    const pl_sh_cmd *first;
    int used = tools_used(r, &first);
    *seen |= used;
    if (used && *seen == (TOOL_CURL | TOOL_WGET))
        pl_fail(c, pl_dfrun_span(r, &first->argv[0]), NULL,
                "RUN uses %s, and this stage uses both curl and wget", pl_sh_name(first));
}

void pl_check_wget_and_curl(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    /* per stage; the RUNs inside ONBUILD form one sequence of their own, as
     * they all run in the image that builds on this one */
    int seen = 0, seen_onbuild = 0, runs = 0;
    const pl_stage *cur = NULL;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (m->stage_of[i] != cur) {
            cur = m->stage_of[i];
            seen = 0;
        }
        pl_dfrun r;
        if (ins->kind == PL_DF_RUN) {
            pl_dfrun_read(c, m, ins, &r);
            tools_step(c, &r, &seen);
            runs++;
        }
        if (ins->sub && ins->sub->kind == PL_DF_RUN) {
            pl_dfrun_read(c, m, ins->sub, &r);
            tools_step(c, &r, &seen_onbuild);
            runs++;
        }
    }
    pass_runs(c, runs, "at most one of curl and wget per stage");
}

/* ---- DL4005 ------------------------------------------------------------------ */

static void ln_sh_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    /* on scratch there is no /bin/sh to replace: the RUN that links one
     * (an exec-form busybox install) creates it */
    const pl_df_instr *top = r->ins->parent ? r->ins->parent : r->ins;
    const pl_stage *st = top->index >= 0 ? m->stage_of[top->index] : NULL;
    /* a SHELL earlier in the stage (or a stage it builds on) already gives
     * the build its shell: the link is for the running container, on a
     * base with no /bin/sh (distroless :debug has only /busybox/sh) */
    for (const pl_stage *s = st; s && !r->onbuild; s = s->parent)
        for (int i = 0; i < s->ninstrs && s->instrs[i]->index < top->index; i++)
            if (s->instrs[i]->kind == PL_DF_SHELL)
                return;
    while (st && st->parent)
        st = st->parent;
    if (!r->onbuild && st && st->is_scratch)
        return;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (pl_sh_is(cmd, "ln") && pl_dfrun_find_arg(cmd, 1, "/bin/sh") >= 0) {
            pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                    "RUN replaces /bin/sh with ln instead of using SHELL");
            return;
        }
    }
}

void pl_check_ln_bin_sh(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int runs = pl_dfrun_each(c, m, 1, ln_sh_visit, NULL);
    pass_runs(c, runs, "/bin/sh left alone");
}
