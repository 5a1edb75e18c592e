/* df_run_pipmode.c — install modes that make pip (or uv pip) rely on what a
 * requirements file holds: PL1171 pip-hashes-incomplete (hash-checking
 * mode with a requirement that has no hash: the build fails) and PL1172
 * pip-no-deps-unpinned (--no-deps, or `uv pip sync`, over a file that does
 * not pin every requirement). Either mode may come from the environment
 * (PIP_REQUIRE_HASHES, PIP_NO_DEPS, UV_REQUIRE_HASHES). The files are read
 * from the build context (df_run_pipreq.c). */
#include <string.h>

#include "df_pipreq.h"

/* One install command with the files it reads, loaded. */
typedef struct {
    const pl_sh_cmd *cmd;
    const char *tool;  /* "pip install", "uv pip install", "uv pip sync" */
    int uv;
    int sync;
    pl_pipreq_operand *ops;
    pl_pipreq_file *files; /* per operand */
    int nops;
    const char *unknown;   /* why some file cannot be judged */
    /* the mode the environment sets (PIP_REQUIRE_HASHES, PIP_NO_DEPS,
     * UV_REQUIRE_HASHES), as said in a message; NULL when it does not */
    const char *env_hashes, *env_no_deps;
} install;

typedef void (*install_fn)(pl_check *c, const pl_dfrun *r, const install *in, void *ud);

typedef struct {
    const pl_file *f;
    install_fn fn;
    void *ud;
} walk;

static void note_truthy(pl_check *c, const pl_dfrun *r, const pl_sh_word *w, const char *value,
                        void *ud)
{
    if (pl_dfrun_is_truthy(value))
        *(int *)ud = 1;
}

/* pip (and uv) read an option from the environment too: `NAME` set truthy
 * by an ENV or ARG in scope, or by the RUN's script. */
static const char *env_switch(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                              const char *name)
{
    const pl_df_instr *top = r->ins->parent ? r->ins->parent : r->ins;
    const char *v = NULL;
    if (pl_scope_lookup(m->scope_before[top->index], name, strlen(name), &v) == PL_VAR_KNOWN &&
        pl_dfrun_is_truthy(v))
        return pl_arena_printf(pl_check_arena(c), "%s=%s in the environment", name, v);
    int set = 0;
    pl_dfrun_each_assign(c, m, r, name, 0, note_truthy, &set);
    return set ? pl_arena_printf(pl_check_arena(c), "%s set by the RUN", name) : NULL;
}

static void visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    walk *wk = ud;
    pl_arena *a = pl_check_arena(c);
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        install in = {.cmd = cmd};
        int at = pl_pip_install_at(cmd);
        if (at >= 0) {
            in.tool = pl_sh_is(cmd, "pipx") ? NULL : "pip install";
            at++;
        } else if ((at = pl_uv_pip_at(cmd, &in.sync)) >= 0) {
            in.uv = 1;
            in.tool = in.sync ? "uv pip sync" : "uv pip install";
        }
        if (at < 0 || !in.tool)
            continue;
        in.env_hashes = env_switch(c, m, r, in.uv ? "UV_REQUIRE_HASHES" : "PIP_REQUIRE_HASHES");
        in.env_no_deps = in.uv ? NULL : env_switch(c, m, r, "PIP_NO_DEPS");
        in.nops = pl_pipreq_operands(c, m, r, cmd, at, in.sync, &in.ops);
        if (!in.nops)
            continue;
        in.files = PL_NEW_N(a, pl_pipreq_file, in.nops);
        for (int i = 0; i < in.nops; i++) {
            const char *why = NULL;
            if (pl_pipreq_load(c, wk->f, r, &in.ops[i], &in.files[i], &why) != 0) {
                in.unknown = why;
                in.files[i].set = NULL;
            } else if (in.files[i].unread && !in.unknown) {
                in.unknown = pl_arena_printf(a, "%s includes %s, which cannot be read",
                                             in.files[i].shown, in.files[i].unread);
            }
        }
        wk->fn(c, r, &in, wk->ud);
    }
}

/* Returns 0 after pl_skip when the file has nothing to check. */
static int each_install(pl_check *c, const pl_file *f, install_fn fn, void *ud)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return 0;
    walk wk = {f, fn, ud};
    pl_dfrun_each(c, m, 1, visit, &wk);
    return 1;
}

/* ---- PL1171 pip-hashes-incomplete ------------------------------------------------ */

typedef struct {
    int commands, reqs, failed;
    const char *unknown;
} hash_tally;

/* What puts the command in hash-checking mode; NULL when nothing does.
 * pip enters it for --require-hashes (on the command or in a file) and
 * for any requirement with --hash; uv only for --require-hashes on the
 * command: it checks the hashes a file gives without requiring them. */
static const char *hash_trigger(pl_arena *a, const install *in)
{
    if (pl_sh_has_flag(in->cmd, "require-hashes"))
        return "--require-hashes";
    if (in->env_hashes)
        return in->env_hashes;
    if (in->uv)
        return NULL;
    for (int i = 0; i < in->nops; i++) {
        const pl_req_set *set = in->files[i].set;
        for (int k = 0; set && k < set->nfiles; k++) {
            const pl_reqfile *rf = set->files[k].rf;
            for (int o = 0; rf && o < rf->noptions; o++)
                if (!strcmp(rf->options[o].name, "--require-hashes"))
                    return pl_arena_printf(a, "--require-hashes at %s:%d", set->files[k].path,
                                           rf->options[o].line);
        }
        for (int k = 0; set && k < set->nreqs; k++)
            if (!set->reqs[k]->constraint && set->reqs[k]->nhashes)
                return pl_arena_printf(a, "--hash at %s:%d", set->reqs[k]->file, set->reqs[k]->line);
    }
    return NULL;
}

static void judge_hashes(pl_check *c, const pl_dfrun *r, const install *in, void *ud)
{
    hash_tally *t = ud;
    pl_arena *a = pl_check_arena(c);
    const char *trigger = hash_trigger(a, in);
    if (!trigger)
        return;
    t->commands++;
    const pl_req *first = NULL;
    const pl_pipreq_operand *first_op = NULL;
    int unhashed = 0, total = 0;
    for (int i = 0; i < in->nops; i++) {
        const pl_req_set *set = in->files[i].set;
        if (!set || in->ops[i].constraint)
            continue;
        for (int k = 0; k < set->nreqs; k++) {
            const pl_req *q = set->reqs[k];
            if (q->constraint || q->has_variable)
                continue;
            total++;
            if (pl_pipreq_hashed(q) && !q->editable)
                continue;
            if (!unhashed++) {
                first = q;
                first_op = &in->ops[i];
            }
        }
    }
    t->reqs += total;
    if (!unhashed) {
        if (in->unknown)
            t->unknown = in->unknown;
        return;
    }
    t->failed++;
    pl_fail(c, pl_dfrun_span(r, first_op->w), NULL,
            "%s runs in hash-checking mode (%s), but %s at %s:%d %s%s: %s refuses to install and "
            "the build fails",
            in->tool, trigger, first->name ? first->name : first->text, first->file, first->line,
            first->editable ? "is editable, which cannot be hashed" : "has no hash",
            unhashed > 1 ? pl_arena_printf(a, " (%d of %d requirements lack one)", unhashed, total) : "",
            in->uv ? "uv" : "pip");
}

void pl_check_pip_hashes_incomplete(pl_check *c, const pl_file *f)
{
    hash_tally t = {0};
    if (!each_install(c, f, judge_hashes, &t) || t.failed)
        return;
    if (t.unknown)
        pl_skip(c, "%s", t.unknown);
    else if (!t.commands)
        pl_skip(c, "no pip install in hash-checking mode");
    else
        pl_pass(c, (pl_span){0},
                "%d install command%s in hash-checking mode, %d requirement%s each with a hash "
                "(the dependencies they pull in need one too, which is not known statically)",
                t.commands, t.commands == 1 ? "" : "s", t.reqs, t.reqs == 1 ? "" : "s");
}

/* ---- PL1172 pip-no-deps-unpinned --------------------------------------------------- */

typedef struct {
    int commands, reqs, failed;
    const char *unknown;
} nodeps_tally;

static void judge_no_deps(pl_check *c, const pl_dfrun *r, const install *in, void *ud)
{
    nodeps_tally *t = ud;
    pl_arena *a = pl_check_arena(c);
    if (!in->sync && !pl_sh_has_flag(in->cmd, "no-deps") && !in->env_no_deps)
        return;
    t->commands++;
    const char *how = in->sync ? "uv pip sync installs only what it is given"
                      : pl_sh_has_flag(in->cmd, "no-deps")
                          ? pl_arena_printf(a, "%s --no-deps installs only what it is given", in->tool)
                          : pl_arena_printf(a, "%s installs only what it is given (%s)", in->tool,
                                            in->env_no_deps);
    for (int i = 0; i < in->nops; i++) {
        const pl_req_set *set = in->files[i].set;
        if (!set || in->ops[i].constraint)
            continue;
        const pl_req *first = NULL;
        int unpinned = 0, total = 0;
        for (int k = 0; k < set->nreqs; k++) {
            const pl_req *q = set->reqs[k];
            if (q->constraint || q->has_variable)
                continue;
            total++;
            if (!q->name || q->url || pl_pipreq_exact(q) || pl_pipreq_pinned_by_constraint(a, set, q))
                continue;
            if (!unpinned++)
                first = q;
        }
        t->reqs += total;
        if (!unpinned)
            continue;
        t->failed++;
        pl_fail(c, pl_dfrun_span(r, in->ops[i].w), NULL,
                "%s, and %s%s at %s:%d is not pinned with ==%s: the release installed may need "
                "dependencies %s does not list",
                how, first->name, *first->specifier ? first->specifier : "", first->file, first->line,
                unpinned > 1 ? pl_arena_printf(a, " (%d of %d requirements are not)", unpinned, total) : "",
                in->files[i].shown);
    }
    if (in->unknown)
        t->unknown = in->unknown;
}

void pl_check_pip_no_deps_unpinned(pl_check *c, const pl_file *f)
{
    nodeps_tally t = {0};
    if (!each_install(c, f, judge_no_deps, &t) || t.failed)
        return;
    if (t.unknown)
        pl_skip(c, "%s", t.unknown);
    else if (!t.commands)
        pl_skip(c, "no install from a requirements file with --no-deps or uv pip sync");
    else
        pl_pass(c, (pl_span){0},
                "%d install command%s without dependency resolution, %d requirement%s all pinned "
                "with == (whether they list every dependency is not known statically)",
                t.commands, t.commands == 1 ? "" : "s", t.reqs, t.reqs == 1 ? "" : "s");
}
