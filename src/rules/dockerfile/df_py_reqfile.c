/* df_py_reqfile.c — PL1174 requirements-not-copied: the requirements
 * file a `pip install -r X` / `-c X` / `uv pip install -r X` / `uv pip sync
 * X` reads is in the stage when that RUN runs: put there by a COPY or ADD
 * before it, or bind-mounted into the RUN. What it holds is judged by the
 * pinning and install-mode rules (df_run_pipreq.c). */
#include <string.h>

#include "plimsoll/unit.h"

#include "df_pipreq.h"
#include "df_runtime_base.h"

/* A RUN --mount of type bind whose target holds `path`. */
static int bind_mounted(pl_arena *a, const pl_df_instr *ins, const char *workdir, const char *path)
{
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *fl = &ins->flags[i];
        if (strcmp(fl->name, "mount") || !fl->value)
            continue;
        const char *v = fl->value;
        if (!strstr(v, "type=bind") && strstr(v, "type="))
            continue;
        const char *t = strstr(v, "target=");
        t = t ? t + 7 : (t = strstr(v, "dst=")) ? t + 4 : (t = strstr(v, "destination=")) ? t + 12 : NULL;
        if (!t)
            continue;
        const char *target = pl_rt_path_join(a, workdir, pl_arena_strndup(a, t, strcspn(t, ",")));
        if (pl_rt_path_under(path, target))
            return 1;
    }
    return 0;
}

typedef struct {
    int guessed; /* nothing says how the file is built: the context is a guess */
    int judged, failed;
    const char *unknown, *evidence;
    const pl_ctx_info *ctx;
    const pl_rt_facts *fx;
    const pl_file *f;
} reqfile_tally;

/* The first COPY/ADD of the stage chain after `run` that would land
 * `path`: the ordering mistake to name. */
static const pl_rt_copy *copied_later(pl_arena *a, const reqfile_tally *t, const pl_stage *s,
                                      const pl_df_instr *run, const char *path)
{
    for (int i = 0; i < s->ninstrs; i++) {
        const pl_df_instr *ins = s->instrs[i];
        const pl_rt_copy *cp = t->fx->copy[ins->index];
        const char *why = NULL;
        if (ins->index > run->index && cp && pl_rt_copy_lands(a, cp, t->ctx, path, &why) == PL_RT_FILE)
            return cp;
    }
    return NULL;
}

/* A RUN that brings files the Dockerfile does not name. */
static int fetches(const pl_sh_script *sc)
{
    for (int q = 0; sc && q < sc->ncmds; q++)
        if (pl_rt_in_list("git curl wget tar unzip cp mv ln rsync poetry uv pdm pipenv pip-compile "
                          "hatch make npm",
                          pl_sh_name(&sc->cmds[q])))
            return 1;
    return 0;
}

/* `COPY requirements.txt /app` where /app is the WORKDIR in force: the
 * destination is that directory. */
static const pl_rt_copy *as_dir(pl_arena *a, const reqfile_tally *t, const pl_rt_copy *cp)
{
    if (!cp || cp->dest_dir)
        return cp;
    const char *wd = t->fx->workdir[cp->ins->index];
    if (!wd || strcmp(wd, cp->dest) != 0)
        return cp;
    pl_rt_copy *dir = PL_NEW(a, pl_rt_copy);
    *dir = *cp;
    dir->dest_dir = 1;
    return dir;
}

static void judge_operand(pl_check *c, reqfile_tally *t, const pl_df_model *m, const pl_dfrun *r,
                          const pl_sh_cmd *cmd, int q, const pl_pipreq_operand *op)
{
    pl_arena *a = pl_check_arena(c);
    const pl_df_instr *run = r->ins;
    const pl_stage *s = m->stage_of[run->index];
    const char *workdir = t->fx->workdir[run->index];
    t->judged++;
    if (!op->path || strstr(op->path, "://")) {
        t->unknown = pl_arena_printf(a, "%s: a value not known statically or a URL", op->w->text);
        return;
    }
    /* `cd dir && pip install -r x` moves the relative path */
    for (int k = 0; k < q && op->path[0] != '/'; k++)
        if (pl_sh_is(&r->sh->cmds[k], "cd") || pl_sh_is(&r->sh->cmds[k], "pushd")) {
            t->unknown = pl_arena_printf(a, "RUN at line %d changes directory before reading %s",
                                         run->span.line, op->path);
            return;
        }
    if (op->path[0] != '/' && !workdir) {
        t->unknown = pl_arena_printf(a, "the working directory of the RUN at line %d is not known", run->span.line);
        return;
    }
    const char *path = pl_rt_path_join(a, workdir, op->path);
    if (bind_mounted(a, run, workdir, path)) {
        t->evidence = pl_arena_printf(a, "%s is bind-mounted into the RUN at line %d", op->path, run->span.line);
        return;
    }
    const pl_stage **chain;
    int n = pl_rt_chain(a, s, &chain);
    const char *why = NULL;
    pl_rt_ctx best = PL_RT_ABSENT;
    for (int k = 0; k < n && best != PL_RT_FILE; k++)
        for (int i = 0; i < chain[k]->ninstrs && best != PL_RT_FILE; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins->index >= run->index)
                break;
            const pl_rt_copy *cp = as_dir(a, t, t->fx->copy[ins->index]);
            const char *w = NULL;
            pl_rt_ctx got = cp ? pl_rt_copy_lands(a, cp, t->ctx, path, &w) : PL_RT_ABSENT;
            /* a context guessed from where the Dockerfile sits: what a
             * directory copy brings is not known */
            if (got == PL_RT_ABSENT && cp && !cp->from && t->guessed && pl_rt_path_under(path, cp->dest)) {
                got = PL_RT_UNKNOWN;
                w = pl_arena_printf(a, "%s (line %d) from a build context that is only guessed",
                                    cp->ins->kind == PL_DF_ADD ? "ADD" : "COPY", cp->ins->span.line);
            }
            if (got == PL_RT_FILE || (got == PL_RT_UNKNOWN && best == PL_RT_ABSENT)) {
                best = got;
                why = w;
            }
            /* an earlier RUN that names the file may write it (poetry
             * export, pip freeze), and one that fetches files may bring it */
            const char *script = t->fx->script[ins->index];
            if (best == PL_RT_ABSENT && script &&
                (strstr(script, pl_rt_basename(path)) || fetches(t->fx->run[ins->index]))) {
                best = PL_RT_UNKNOWN;
                why = pl_arena_printf(a, "the RUN at line %d", ins->span.line);
            }
        }
    if (best == PL_RT_FILE) {
        t->evidence = pl_arena_printf(a, "%s is in the stage: %s", op->path, why);
        return;
    }
    if (best == PL_RT_UNKNOWN) {
        t->unknown = pl_arena_printf(a, "%s: %s may put it there", op->path, why);
        return;
    }
    /* earlier commands of the same RUN may write it */
    for (int k = 0; k < q; k++)
        for (int w = 1; w < r->sh->cmds[k].argc; w++)
            if (strstr(r->sh->cmds[k].argv[w].text, pl_rt_basename(path))) {
                t->unknown = pl_arena_printf(a, "%s: an earlier command of the RUN at line %d names it",
                                             op->path, run->span.line);
                return;
            }
    if (!t->ctx) {
        t->unknown = pl_arena_printf(a, "%s: the build context is not on disk", op->path);
        return;
    }
    /* only an image the base-image table knows is known not to hold it */
    if (!chain[0]->is_scratch && pl_rt_base_ships(a, chain[0], "sh") == PL_SHIPS_UNKNOWN) {
        t->unknown = pl_arena_printf(a, "%s: nothing of this Dockerfile copies it before line %d, "
                                        "but %s may hold it",
                                     op->path, run->span.line, chain[0]->base);
        return;
    }
    if (!strncmp(path, PL_RT_BASE_WORKDIR, strlen(PL_RT_BASE_WORKDIR))) {
        t->unknown = pl_arena_printf(a, "%s is relative to the WORKDIR of %s, which this file does not set",
                                     op->path, chain[0]->base);
        return;
    }
    const pl_rt_copy *later = copied_later(a, t, s, run, path);
    t->failed++;
    pl_fail(c, pl_dfrun_span(r, op->w), NULL,
            "%s reads %s (%s), but no COPY, ADD or bind mount puts it into the stage before the RUN "
            "at line %d%s: the install fails with \"Could not open requirements file\"",
            pl_sh_name(cmd), op->path, path, run->span.line,
            later ? pl_arena_printf(a, " (the %s at line %d that copies it comes after)",
                                    later->ins->kind == PL_DF_ADD ? "ADD" : "COPY", later->ins->span.line)
                  : "");
}

static void visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    reqfile_tally *t = ud;
    if (r->onbuild)
        return;
    for (int q = 0; q < r->sh->ncmds; q++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[q];
        int sync, at = pl_pip_install_at(cmd);
        at = at >= 0 ? at + 1 : pl_uv_pip_at(cmd, &sync);
        if (at < 0)
            continue;
        if (pl_pip_install_at(cmd) >= 0)
            sync = 0;
        pl_pipreq_operand *ops;
        int nops = pl_pipreq_operands(c, m, r, cmd, at, sync, &ops);
        for (int o = 0; o < nops; o++)
            judge_operand(c, t, m, r, cmd, q, &ops[o]);
    }
}

void pl_check_requirements_not_copied(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    reqfile_tally t = {0};
    t.fx = pl_rt_facts_build(a, m);
    t.ctx = pl_rt_context(c, f);
    const pl_ctx_info *ci = pl_ctx_get(c, f);
    t.guessed = ci->guess_note || !ci->unit || ci->unit->spec.origin == PL_ORIGIN_NONE;
    t.f = f;
    pl_dfrun_each(c, m, 0, visit, &t);
    if (t.failed)
        return;
    if (t.unknown)
        pl_skip(c, "%s", t.unknown);
    else if (!t.judged)
        pl_skip(c, "no RUN installs from a requirements file");
    else
        pl_pass(c, (pl_span){0}, "%s%s", t.evidence,
                t.judged > 1 ? pl_arena_printf(a, " (%d requirements files checked)", t.judged) : "");
}
