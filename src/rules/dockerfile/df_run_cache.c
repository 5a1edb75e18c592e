/* df_run_cache.c — package caches left in image layers by language package
 * managers: PL1144 pip without --no-cache-dir (DL3042), PL1145 yarn install
 * without `yarn cache clean` (DL3060). */
#include <string.h>

#include "df_image_role.h"
#include "df_pkg_common.h"
#include "df_run_util.h"

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- pip (DL3042) ------------------------------------------------------------ */

static int is_pip_install(const pl_sh_cmd *cmd)
{
    const char *name = pl_sh_name(cmd);
    if (starts_with(name, "pip") && !starts_with(name, "pipenv"))
        return pl_dfrun_find_arg(cmd, 1, "install") >= 0;
    if (!starts_with(name, "python"))
        return 0;
    for (int i = 1; i + 2 < cmd->argc; i++)
        if (!strcmp(cmd->argv[i].text, "-m") && !strcmp(cmd->argv[i + 1].text, "pip") &&
            !strcmp(cmd->argv[i + 2].text, "install"))
            return 1;
    return 0;
}

/* pipx and pipenv manage their own caches and have no --no-cache-dir */
static int is_pip_wrapper(const pl_sh_cmd *cmd)
{
    const char *name = pl_sh_name(cmd);
    return strstr(name, "pipx") || strstr(name, "pipenv");
}

typedef struct {
    int installs;
    int exempt_runs;
    pl_ship_gate gate;
} pip_cache_count;

static void note_truthy(pl_check *c, const pl_dfrun *r, const pl_sh_word *w, const char *value,
                        void *ud)
{
    if (pl_dfrun_is_truthy(value))
        *(int *)ud = 1;
}

/* PIP_NO_CACHE_DIR set by an ENV or ARG in scope (this stage or a parent
 * stage of this file), or by the script itself. */
static int cache_disabled_by_env(pl_check *c, const pl_df_model *m, const pl_dfrun *r)
{
    const pl_df_instr *top = r->ins->parent ? r->ins->parent : r->ins;
    const char *v = NULL;
    if (pl_scope_lookup(m->scope_before[top->index], "PIP_NO_CACHE_DIR", 16, &v) == PL_VAR_KNOWN &&
        pl_dfrun_is_truthy(v))
        return 1;
    int set = 0;
    pl_dfrun_each_assign(c, m, r, "PIP_NO_CACHE_DIR", 0, note_truthy, &set);
    return set;
}

/* A later command of the same RUN deletes pip's cache (`rm -rf
 * /root/.cache/pip`): the layer keeps none. hadolint's DL3042 does not
 * look for it; only the default reading does. */
static int cache_removed_after(pl_check *c, const pl_dfrun *r, int k)
{
    static const char *const dirs[] = {"/root/.cache/pip", "/root/.cache", "~/.cache/pip",
                                       "~/.cache", "$HOME/.cache/pip", "$HOME/.cache",
                                       "${HOME}/.cache/pip", "${HOME}/.cache", NULL};
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return 0;
    for (int j = k + 1; j < r->sh->ncmds; j++)
        for (int d = 0; dirs[d]; d++)
            if (pl_pkg_rm_removes(&r->sh->cmds[j], dirs[d]))
                return 1;
    return 0;
}

static void pip_cache_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    pip_cache_count *n = ud;
    int any = 0;
    if (!pl_df_instr_ships_in(c, m, r->ins))
        return;
    for (int k = 0; k < r->sh->ncmds; k++)
        any |= is_pip_install(&r->sh->cmds[k]) && !is_pip_wrapper(&r->sh->cmds[k]);
    if (!any)
        return;
    if (cache_disabled_by_env(c, m, r) ||
        pl_dfrun_has_cache_mount(c, m, r->ins, ".cache/pip")) {
        n->exempt_runs++;
        return;
    }
    for (int k = 0; k < r->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!is_pip_install(cmd) || is_pip_wrapper(cmd))
            continue;
        /* pip's option parser takes a unique prefix: `--no-cache` is
         * --no-cache-dir (healthchecks' Dockerfile writes it so) */
        int keeps = pl_dfrun_find_arg(cmd, 1, "--no-cache-dir") < 0 &&
                    !pl_sh_has_flag(cmd, "no-cache-dir") && pl_dfrun_find_arg(cmd, 1, "--no-cache") < 0 &&
                    !cache_removed_after(c, r, k);
        /* a cache kept in an image that never ships costs nobody */
        if (keeps && pl_ship_gate_skips(&n->gate, r->ins))
            continue;
        n->installs++;
        if (keeps)
            pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                    "%s%s install without --no-cache-dir keeps the download cache in the layer",
                    pl_sh_name(cmd), starts_with(pl_sh_name(cmd), "python") ? " -m pip" : "");
    }
}

void pl_check_pip_cache_kept(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pip_cache_count n = {0};
    pl_ship_gate_init(&n.gate, c, f, m, 0);
    pl_dfrun_each(c, m, 1, pip_cache_visit, &n);
    if (!n.installs && !n.exempt_runs)
        pl_skip(c, "%s", pl_ship_gate_none(&n.gate, "no pip install in a stage that ships"));
    else
        pl_pass(c, (pl_span){0}, "%d pip install command%s without a cache (%d RUN%s by "
                "PIP_NO_CACHE_DIR or a cache mount)", n.installs, n.installs == 1 ? "" : "s",
                n.exempt_runs, n.exempt_runs == 1 ? "" : "s");
}

/* ---- yarn (DL3060) ---------------------------------------------------------- */

static int yarn_install(const pl_sh_cmd *cmd)
{
    return pl_sh_is(cmd, "yarn") && pl_dfrun_find_arg(cmd, 1, "install") >= 0;
}

/* hadolint's test: `yarn` with the word `cache` or `clean` */
static int yarn_cache_clean(const pl_sh_cmd *cmd)
{
    return pl_sh_is(cmd, "yarn") &&
           (pl_dfrun_find_arg(cmd, 1, "cache") >= 0 || pl_dfrun_find_arg(cmd, 1, "clean") >= 0);
}

/* The yarn install command that leaves its cache behind, or NULL. */
static const pl_sh_cmd *uncleaned_install(pl_check *c, const pl_df_model *m, const pl_dfrun *r)
{
    int install = -1, clean = -1;
    for (int k = 0; k < r->sh->ncmds; k++) {
        if (install < 0 && yarn_install(&r->sh->cmds[k]))
            install = k;
        if (clean < 0 && yarn_cache_clean(&r->sh->cmds[k]))
            clean = k;
    }
    if (install < 0)
        return NULL;
    if (clean < 0 && !pl_dfrun_has_cache_mount(c, m, r->ins, ".cache/yarn"))
        return &r->sh->cmds[install];
    if (clean >= 0 && clean < install)
        return &r->sh->cmds[install];
    return NULL;
}

typedef struct {
    int installs;
    pl_ship_gate gate;
} yarn_count;

static void yarn_report(pl_check *c, const pl_df_model *m, const pl_dfrun *r, yarn_count *n)
{
    const pl_sh_cmd *cmd = uncleaned_install(c, m, r);
    if (cmd && pl_ship_gate_skips(&n->gate, r->ins))
        return;
    for (int k = 0; k < r->sh->ncmds; k++)
        n->installs += yarn_install(&r->sh->cmds[k]);
    if (cmd)
        pl_fail(c, pl_dfrun_span(r, &cmd->argv[0]), NULL,
                "yarn install without a later `yarn cache clean` in the same RUN");
}

void pl_check_yarn_cache_kept(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    /* only the final stage and stages a later FROM builds on ship their
     * layers; a builder stage's cache is thrown away with it */
    pl_arena *a = pl_check_arena(c);
    int *ships = PL_NEW_N(a, int, m->nstages + 1);
    for (int s = 0; s < m->nstages; s++) {
        if (m->stages[s]->is_final || m->stages[s]->is_built)
            ships[s] = 1;
        if (m->stages[s]->parent)
            ships[m->stages[s]->parent->index] = 1;
    }
    yarn_count n = {0};
    pl_ship_gate_init(&n.gate, c, f, m, 0);
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_stage *st = m->stage_of[i];
        pl_dfrun r;
        if (ins->kind == PL_DF_RUN && st && ships[st->index]) {
            pl_dfrun_read(c, m, ins, &r);
            yarn_report(c, m, &r, &n);
        }
        /* an ONBUILD RUN runs in whatever image builds on this one */
        if (ins->sub && ins->sub->kind == PL_DF_RUN) {
            pl_dfrun_read(c, m, ins->sub, &r);
            yarn_report(c, m, &r, &n);
        }
    }
    if (n.installs)
        pl_pass(c, (pl_span){0}, "%d yarn install command%s clean the cache", n.installs,
                n.installs == 1 ? "" : "s");
    else
        pl_skip(c, "%s", pl_ship_gate_none(&n.gate, "no yarn install in a stage that ships"));
}
