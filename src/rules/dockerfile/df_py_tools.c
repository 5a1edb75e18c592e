/* df_py_tools.c — the Python programs a stage runs exist there: PL1173
 * installer-missing (pip, python, uv, poetry ... called by a RUN),
 * PL1304 cmd-program-missing (the program CMD/ENTRYPOINT runs in the final
 * image) and PL1305 venv-python-missing (a virtualenv, user site or
 * site-packages copied into a stage with no Python). What images ship and
 * chains install is df_runtime_base.c's. */
#include <string.h>

#include "df_pipreq.h"
#include "df_runtime_base.h"

static const char *stage_label(pl_arena *a, const pl_stage *s)
{
    return s->name ? pl_arena_printf(a, "stage %s", s->name)
                   : pl_arena_printf(a, "stage %d", s->index);
}

static const char *base_shown(const pl_stage *root)
{
    return root->is_scratch ? "scratch" : root->base;
}

/* A SHELL instruction in the chain: RUN commands then go through another
 * program (conda run, powershell ...), whose PATH this rule cannot read. */
static const pl_df_instr *chain_shell(const pl_stage **chain, int n)
{
    for (int k = 0; k < n; k++) {
        const pl_df_instr *sh = pl_stage_last(chain[k], PL_DF_SHELL);
        if (sh)
            return sh;
    }
    return NULL;
}

/* ---- PL1173 installer-missing ------------------------------------------------------ */

static int judged_installer(const char *prog)
{
    return pl_rt_is_python_program(prog) && !pl_rt_console_script_package(prog);
}

/* The script tests whether `prog` exists (`command -v uv || ...`), or the
 * command's failure is allowed: not a program the RUN relies on. */
static int guarded(pl_arena *a, const char *script, const pl_sh_script *sc, int q, const char *prog)
{
    static const char *const probes[] = {"command -v %s", "which %s", "type %s", "hash %s", NULL};
    for (int i = 0; probes[i]; i++)
        if (strstr(script, pl_arena_printf(a, probes[i], prog)))
            return 1;
    return !strcmp(sc->cmds[q].next_op, "||") || (q > 0 && !strcmp(sc->cmds[q - 1].next_op, "||"));
}

typedef struct {
    const char *prog;
    const pl_stage *stage;
} seen_prog;

void pl_check_installer_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    int judged = 0, failed = 0;
    const char *unknown = NULL, *evidence = NULL;
    seen_prog *seen = NULL;
    int nseen = 0, cap = 0;
    for (int si = 0; si < m->nstages; si++) {
        const pl_stage *s = m->stages[si];
        if (pl_stage_windows(a, s))
            continue;
        const pl_stage **chain;
        int n = pl_rt_chain(a, s, &chain);
        const pl_df_instr *shell = chain_shell(chain, n);
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                const pl_sh_word *w = &cmd->argv[0];
                const char *prog = w->text;
                if (strchr(prog, '/') || w->has_expansion || !judged_installer(prog))
                    continue;
                int dup = 0;
                for (int k = 0; k < nseen && !dup; k++)
                    dup = seen[k].stage == s && !strcmp(seen[k].prog, prog);
                if (dup)
                    continue;
                if (nseen == cap) {
                    cap = cap ? cap * 2 : 8;
                    seen_prog *grown = PL_NEW_N(a, seen_prog, cap);
                    if (nseen)
                        memcpy(grown, seen, sizeof *seen * (size_t)nseen);
                    seen = grown;
                }
                seen[nseen++] = (seen_prog){prog, s};
                judged++;
                if (shell) {
                    unknown = pl_arena_printf(a, "RUN runs %s (line %d) through the SHELL of line %d, "
                                                 "whose PATH is not known",
                                              prog, ins->span.line, shell->span.line);
                    continue;
                }
                if (guarded(a, fx->script[ins->index], sc, q, prog)) {
                    unknown = pl_arena_printf(a, "RUN at line %d tests for %s or lets it fail", ins->span.line, prog);
                    continue;
                }
                pl_ships ships = pl_rt_base_ships(a, chain[0], prog);
                if (ships == PL_SHIPS_YES) {
                    evidence = pl_arena_printf(a, "RUN runs %s (line %d); %s ships it", prog,
                                               ins->span.line, base_shown(chain[0]));
                    continue;
                }
                pl_rt_found got = {0};
                if (pl_rt_chain_provides(a, fx, chain, n, ins, q, prog, &got)) {
                    evidence = pl_arena_printf(a, "RUN runs %s (line %d); %s", prog, ins->span.line, got.how);
                    continue;
                }
                if (got.maybe) {
                    unknown = pl_arena_printf(a, "RUN runs %s (line %d); %s", prog, ins->span.line, got.how);
                    continue;
                }
                if (ships == PL_SHIPS_UNKNOWN) {
                    unknown = pl_arena_printf(a, "RUN runs %s (line %d); nothing before it installs it, "
                                                 "and whether %s ships it is not known",
                                              prog, ins->span.line, base_shown(chain[0]));
                    continue;
                }
                failed++;
                pl_fail(c, pl_df_script_span(ins, fx->script[ins->index], w), NULL,
                        "RUN runs %s (line %d), but %s does not ship it and nothing before it in %s "
                        "installs or copies it: the build fails with \"%s: not found\"",
                        prog, ins->span.line, base_shown(chain[0]), stage_label(a, s), prog);
            }
        }
    }
    if (failed)
        return;
    if (unknown)
        pl_skip(c, "%s", unknown);
    else if (!judged)
        pl_skip(c, "no RUN calls python, pip, uv, poetry, pipenv, pdm or pipx");
    else
        pl_pass(c, (pl_span){0}, "%s%s", evidence ? evidence : "",
                judged > 1 ? pl_arena_printf(a, " (%d programs checked)", judged) : "");
}

/* A requirements file a pip or uv pip install of the chain reads that
 * lists `package` by name: "requirements.txt:2 lists uvicorn (installed by
 * the RUN at line 15)"; NULL when none does (or none can be read). */
static const char *requirements_list(pl_check *c, const pl_file *f, const pl_df_model *m,
                                     const pl_rt_facts *fx, const pl_stage **chain, int n,
                                     const char *package)
{
    pl_arena *a = pl_check_arena(c);
    const char *want = pl_req_canonical_name(a, package);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (!fx->run[ins->index])
                continue;
            pl_dfrun r;
            pl_dfrun_read(c, m, ins, &r);
            for (int q = 0; r.sh && q < r.sh->ncmds; q++) {
                const pl_sh_cmd *cmd = &r.sh->cmds[q];
                int sync, at = pl_pip_install_at(cmd);
                at = at >= 0 ? at + 1 : pl_uv_pip_at(cmd, &sync);
                if (at < 0)
                    continue;
                pl_pipreq_operand *ops;
                int nops = pl_pipreq_operands(c, m, &r, cmd, at, 0, &ops);
                for (int o = 0; o < nops; o++) {
                    pl_pipreq_file pf;
                    const char *why = NULL;
                    if (ops[o].constraint || pl_pipreq_load(c, f, &r, &ops[o], &pf, &why) != 0)
                        continue;
                    for (int e = 0; e < pf.set->nreqs; e++) {
                        const pl_req *rq = pf.set->reqs[e];
                        if (!rq->constraint && rq->name && !rq->marker &&
                            !strcmp(pl_req_canonical_name(a, rq->name), want))
                            return pl_arena_printf(a, "%s:%d lists %s (installed by the RUN at line %d)",
                                                   rq->file, rq->line, rq->name, ins->span.line);
                    }
                }
            }
        }
    return NULL;
}

/* ---- PL1304 cmd-program-missing ------------------------------------------------------ */

typedef struct {
    const char *prog;
    pl_span span;
    const pl_df_instr *ins;
} run_program;

static int is_wrapper(const char *b)
{
    return pl_rt_in_list("tini tini-static dumb-init catatonit", b);
}

/* The program an exec-form or shell-form CMD/ENTRYPOINT runs, from word
 * `from` on; 0 when there is none to judge (a wrapper with nothing after
 * it, a variable). */
static int instr_program(pl_arena *a, const pl_df_instr *ins, int from, run_program *out)
{
    out->ins = ins;
    if (!ins->json) {
        if (ins->nargs < 1)
            return 0;
        const char *text = ins->args[0].text;
        const pl_sh_word *w = pl_rt_script_program(a, text);
        if (!w || w->has_expansion)
            return 0;
        out->prog = w->text;
        out->span = pl_rt_text_span(ins, text, w->offset, w->len);
        return is_wrapper(pl_rt_basename(w->text)) ? 0 : 1;
    }
    int k = from;
    while (k < ins->nargs && (is_wrapper(pl_rt_basename(ins->args[k].text)) ||
                              ins->args[k].text[0] == '-'))
        k++;
    if (k >= ins->nargs)
        return 0;
    const char *b = pl_rt_basename(ins->args[k].text);
    if (pl_rt_in_list("sh bash ash dash", b) && k + 2 < ins->nargs && !strcmp(ins->args[k + 1].text, "-c")) {
        const pl_sh_word *w = pl_rt_script_program(a, ins->args[k + 2].text);
        if (!w || w->has_expansion)
            return 0;
        out->prog = w->text;
        pl_span sp = pl_rt_exec_span(&ins->args[k + 2]);
        /* exact when the JSON string has no escapes before the word */
        if (sp.line == sp.end_line && (size_t)(sp.end_col - sp.col + 1) == strlen(ins->args[k + 2].text)) {
            sp.col += (int)w->offset;
            sp.end_col = sp.col + (int)(w->len ? w->len : 1) - 1;
        }
        out->span = sp;
        return 1;
    }
    out->prog = ins->args[k].text;
    out->span = pl_rt_exec_span(&ins->args[k]);
    return strchr(out->prog, '$') ? 0 : 1;
}

void pl_check_cmd_program_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_df_instr *ep, *cmd;
    pl_rt_image_command(chain, n, &ep, &cmd);
    if (!ep && !cmd) {
        pl_skip(c, "no CMD or ENTRYPOINT: the base image's command runs");
        return;
    }
    run_program rp = {0};
    int have = ep ? instr_program(a, ep, 0, &rp) : 0;
    /* ENTRYPOINT ["tini", "--"]: the program is CMD's */
    if (!have && ep && ep->json && cmd && !rp.prog)
        have = instr_program(a, cmd, 0, &rp);
    else if (!ep)
        have = instr_program(a, cmd, 0, &rp);
    const char *kw = rp.ins && rp.ins->kind == PL_DF_ENTRYPOINT ? "ENTRYPOINT" : "CMD";
    if (!have) {
        pl_skip(c, "%s runs no program this rule can name (a wrapper, a variable)", ep ? "ENTRYPOINT" : "CMD");
        return;
    }
    if (strchr(rp.prog, '/')) {
        pl_skip(c, "%s runs %s, a path (entrypoint-missing judges files)", kw, rp.prog);
        return;
    }
    const char *prog = rp.prog;
    int line = rp.ins->span.line;
    if (!pl_rt_is_python_program(prog) && !pl_rt_in_list("node nodejs", prog)) {
        pl_skip(c, "%s runs %s (line %d), which this rule does not judge (Python and Node programs)",
                kw, prog, line);
        return;
    }
    if (pl_stage_windows(a, m->final)) {
        pl_skip(c, "a Windows image");
        return;
    }
    const pl_stage *root = chain[0];
    pl_ships ships = pl_rt_base_ships(a, root, prog);
    if (ships == PL_SHIPS_YES) {
        pl_pass(c, rp.ins->span, "%s runs %s; %s ships it", kw, prog, base_shown(root));
        return;
    }
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    pl_rt_found got = {0};
    if (pl_rt_chain_provides(a, fx, chain, n, NULL, -1, prog, &got)) {
        pl_pass(c, rp.ins->span, "%s runs %s; %s", kw, prog, got.how);
        return;
    }
    const char *package = pl_rt_console_script_package(prog);
    const char *listed = package ? requirements_list(c, f, m, fx, chain, n, package) : NULL;
    if (listed) {
        pl_pass(c, rp.ins->span, "%s runs %s; %s", kw, prog, listed);
        return;
    }
    if (got.maybe) {
        pl_skip(c, "%s runs %s (line %d); %s", kw, prog, line, got.how);
        return;
    }
    if (ships == PL_SHIPS_UNKNOWN) {
        pl_skip(c, "%s runs %s (line %d); nothing in the final stage installs it, and whether %s ships it is not known",
                kw, prog, line, base_shown(root));
        return;
    }
    pl_fail(c, rp.span, NULL,
            "%s runs %s (line %d), but %s does not ship it and nothing in %s installs or copies it: "
            "the container fails to start",
            kw, prog, line, base_shown(root), m->final->name ? stage_label(a, m->final) : "the final stage");
}

/* ---- PL1305 venv-python-missing ------------------------------------------------------ */

void pl_check_venv_python_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const pl_rt_copy *env = NULL;
    const char *kind = NULL, *src = NULL;
    for (int k = 0; k < n && !env; k++)
        for (int i = 0; i < chain[k]->ninstrs && !env; i++) {
            const pl_rt_copy *cp = fx->copy[chain[k]->instrs[i]->index];
            for (int q = 0; cp && q < cp->nsrcs && !env; q++)
                if ((kind = pl_rt_python_env_copy(a, m, fx, cp, cp->srcs[q]))) {
                    env = cp;
                    src = cp->srcs[q];
                }
        }
    if (!env) {
        pl_skip(c, "no virtualenv, user site or site-packages copied from another stage");
        return;
    }
    const pl_stage *root = chain[0];
    const char *shown = pl_arena_printf(a, "COPY --from=%s %s (line %d)", env->from, src, env->ins->span.line);
    pl_ships ships = pl_rt_base_ships(a, root, "python3");
    if (ships == PL_SHIPS_YES) {
        pl_pass(c, env->ins->span, "%s; %s ships Python", shown, base_shown(root));
        return;
    }
    pl_rt_found got = {0};
    if (pl_rt_chain_provides(a, fx, chain, n, NULL, -1, "python3", &got)) {
        pl_pass(c, env->ins->span, "%s; %s", shown, got.how);
        return;
    }
    if (got.maybe || ships == PL_SHIPS_UNKNOWN) {
        pl_skip(c, "%s; %s", shown,
                got.maybe ? got.how
                          : pl_arena_printf(a, "whether %s ships Python is not known", base_shown(root)));
        return;
    }
    pl_fail(c, pl_df_ins_span(env->ins), NULL,
            "%s copies a %s, but %s (line %d) has no Python and nothing in the final stage installs "
            "one: what it holds cannot run (a virtualenv's python is a link to the interpreter of "
            "the stage it was built in)",
            shown, kind, base_shown(root), root->from->span.line);
}
