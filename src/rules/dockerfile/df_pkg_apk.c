/* df_pkg_apk.c — Alpine package rules: PL1110 apk-unpinned, PL1111
 * apk-add-without-no-cache. */
#include <string.h>

#include "df_image_role.h"
#include "df_pkg_common.h"

/* apk options whose value is the next word (`--virtual .build-deps`,
 * `-X https://...`). */
static const char *const apk_value_flags[] = {"t", "virtual", "repository", "X", "p", "root",
                                              "keys-dir", "repositories-file", "arch",
                                              "cache-dir", NULL};
static const char *const add_verb[] = {"add", NULL};

static const pl_sh_word *apk_add(pl_arena *a, const pl_sh_cmd *cmd)
{
    return pl_pkg_verb(a, cmd, "apk", apk_value_flags, add_verb);
}

/* ---- PL1110 apk-unpinned (DL3018) -------------------------------------------- */

/* `pkg=1.2-r0`, `pkg~1.2`, `pkg>1.2`, `pkg<2` or a local .apk file. */
static int apk_pinned(const char *p)
{
    size_t n = strlen(p);
    return strpbrk(p, "=~<>") != NULL || (n >= 4 && !strcmp(p + n - 4, ".apk"));
}

void pl_check_apk_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    static const pl_pkg_pin_spec spec = {"apk", apk_value_flags, add_verb, apk_pinned, "apk add"};
    pl_pkg_pin_state ps = {{0}, &spec};
    pl_pkg_each_run(c, m, pl_pkg_unpinned_visit, &ps);
    pl_pkg_conclude(c, &ps.tally, "apk add command%s pinned", "no apk add in a stage that ships");
}

/* ---- PL1111 apk-add-without-no-cache (DL3019) ------------------------------------ */

typedef struct {
    pl_pkg_tally t;
    pl_ship_gate gate;
} no_cache_ctx;

static void no_cache_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    no_cache_ctx *x = ud;
    pl_pkg_tally *t = &x->t;
    pl_arena *a = pl_check_arena(c);
    int missing = 0, adds = 0, removed = 0, last_add = -1;
    if (!pl_df_instr_ships_in(c, m, run->ins))
        return;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (last_add >= 0 && (pl_pkg_rm_removes(cmd, "/var/cache/apk") ||
                              pl_pkg_rm_removes(cmd, "/var/cache")))
            removed = 1;
        if (!apk_add(a, cmd))
            continue;
        adds++;
        last_add = k;
        removed = 0;
        /* --no-network reads no index: it only records packages already
         * installed (the `apk add --no-network --virtual .rundeps` idiom) */
        missing += !pl_sh_has_flag(cmd, "no-cache") && !pl_sh_has_flag(cmd, "no-network");
    }
    if (!adds)
        return;
    /* the same RUN removes the index after its last `apk add` (pgadmin
     * ends with an rm of /var/cache/apk/): nothing of it stays in the layer.
     * hadolint's DL3019 asks for --no-cache all the same. */
    if (removed && missing && pl_check_reading(c) == PL_READING_DEFAULT) {
        t->commands += adds;
        return;
    }
    t->commands += adds;
    t->last = pl_df_ins_span(run->ins);
    /* the cache then lives in a mount, not in the layer */
    if (!missing || pl_pkg_cache_mount(c, m, run->ins, "/var/cache/apk") ||
        pl_pkg_cache_mount(c, m, run->ins, "/etc/apk/cache"))
        return;
    /* a missing --no-cache in an image that never ships costs nobody */
    if (pl_ship_gate_skips(&x->gate, run->ins)) {
        t->commands -= adds;
        return;
    }
    t->failures++;
    pl_fail(c, pl_df_ins_span(run->ins), NULL,
            "apk add without --no-cache leaves the package index in the layer");
}

void pl_check_apk_add_without_no_cache(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    no_cache_ctx x;
    memset(&x, 0, sizeof x);
    pl_ship_gate_init(&x.gate, c, f, m, 0);
    pl_pkg_each_run(c, m, no_cache_visit, &x);
    pl_pkg_conclude(c, &x.t, "apk add command%s with --no-cache or a cache mount",
                    pl_ship_gate_none(&x.gate, "no apk add in a stage that ships"));
}
