/* df_user.c — who the container runs as: PL1001 user-root, PL1002 user-missing. */
#include <string.h>

#include "df_image_role.h"
#include "df_user_drop.h"
#include "dfutil.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

/* root, 0, root:*, 0:* */
static int is_root_user(const char *u)
{
    size_t n = strcspn(u, ":");
    return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

/* Every compose service that runs this image sets a non-root `user:`:
 * that decides who runs, whatever the Dockerfile says. */
static int pass_by_compose_user(pl_check *c, const pl_file *f)
{
    int n;
    const pl_build_unit *const *units = pl_check_units(c, &n);
    const pl_build_unit *u = pl_units_run_as_nonroot(units, n);
    (void)f;
    if (!u)
        return 0;
    pl_pass(c, (pl_span){0}, "user: %s for service %s (%s:%d)%s", u->spec.run_user,
            u->spec.service ? u->spec.service : "?",
            u->spec.run_user_file ? u->spec.run_user_file : u->spec.origin_file,
            u->spec.run_user_span.line, n > 1 ? " and every other build" : "");
    return 1;
}

static int in_chain(const pl_df_model *m, const pl_stage *st)
{
    for (const pl_stage *s = m->final; s; s = s->parent)
        if (s == st)
            return 1;
    return 0;
}

/* The USER in force when the final stage ends: its own last one, else
 * that of the stage it builds on, and so on; NULL when none sets one. */
static const pl_df_instr *effective_user(const pl_df_model *m)
{
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *u = pl_stage_last(s, PL_DF_USER);
        if (u)
            return u;
    }
    return NULL;
}

/* The default reading judges the image that ships: not a dev container or
 * a test image, not a builder stage whose USER no container runs as, and
 * not an image whose entrypoint gives root up itself (the docker-library
 * `exec gosu app "$@"`, memos' su-exec). hadolint's DL3002 reads every
 * stage's last USER as written. */
static int skip_unshipped_root(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return 0;
    if (pl_skip_not_shipped(c, f, m))
        return 1;
    const char *drop = pl_entrypoint_drops_root(c, f, m);
    if (drop) {
        pl_skip(c, "%s", drop);
        return 1;
    }
    return 0;
}

void pl_check_user_root(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    if (skip_unshipped_root(c, f, m))
        return;
    /* the default reading judges who the image runs as: the USER in force
     * at the end of the final stage, not a builder's or one the final stage
     * overrides */
    const pl_df_instr *judged =
        pl_check_reading(c) == PL_READING_DEFAULT ? effective_user(m) : NULL;
    int shipped_only = pl_check_reading(c) == PL_READING_DEFAULT;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_instr *u = pl_stage_last(m->stages[s], PL_DF_USER);
        if (!u || u->nargs < 1)
            continue;
        /* an image built with --target is made of its own stage and those it
         * builds FROM: a root USER of a stage it does not build on is not in it */
        if (m->target && !in_chain(m, m->stages[s]))
            continue;
        if (shipped_only && u != judged)
            continue;
        const char *val = u->args[0].text;
        /* hadolint compares the word as written (`USER $UID` is never root
         * to it); the other readings resolve it first */
        if (pl_check_reading(c) != PL_READING_HADOLINT &&
            pl_model_expand(pl_check_arena(c), m, u, u->args[0].text, &val) != PL_EXPAND_OK)
            continue;
        /* `ARG USER_ID=0` then `USER $USER_ID`: the user is a build choice
         * (qdrant builds its -unprivileged variant with USER_ID=1000) */
        if (shipped_only && is_root_user(val) && pl_model_uses_arg_default(m, u, u->args[0].text)) {
            pl_skip(c, "USER %s (line %d) is %s only by the default of a build argument; a build "
                       "may pass another user", u->args[0].text, u->span.line, val);
            return;
        }
        if (is_root_user(val))
            pl_fail(c, pl_df_ins_span(u), NULL, "last USER of stage %s is %s",
                    m->stages[s]->name ? m->stages[s]->name : pl_arena_printf(pl_check_arena(c), "%d", s),
                    val);
    }
    if (pass_by_compose_user(c, f))
        return;
    /* the final stage (or the stage it builds on) decides who runs */
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *u = pl_stage_last(s, PL_DF_USER);
        if (!u)
            continue;
        const char *val;
        if (pl_model_expand(pl_check_arena(c), m, u, u->args[0].text, &val) != PL_EXPAND_OK) {
            pl_skip(c, "USER %s (line %d) depends on a build argument", u->args[0].text, u->span.line);
            return;
        }
        if (!is_root_user(val))
            pl_pass(c, u->span, "USER %s (line %d)", val, u->span.line);
        return;
    }
    pl_skip(c, "no USER in the final stage (see user-missing)");
}

void pl_check_user_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    if (pass_by_compose_user(c, f))
        return;
    const pl_stage *last = m->final;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *u = pl_stage_last(s, PL_DF_USER);
        if (u) {
            const char *val;
            /* a root USER is user-root's question, not a pass here */
            if (u->nargs && pl_model_expand(pl_check_arena(c), m, u, u->args[0].text, &val) ==
                                PL_EXPAND_OK && is_root_user(val)) {
                pl_skip(c, "USER %s (line %d) is set: user-root judges it", val, u->span.line);
                return;
            }
            pl_pass(c, u->span, "USER %s (line %d)", u->nargs ? u->args[0].text : "", u->span.line);
            return;
        }
        last = s;
    }
    if (last->image.tag && strstr(last->image.tag, "nonroot")) {
        pl_pass(c, last->from->span, "base image %s runs as nonroot (line %d)", last->base,
                last->from->span.line);
        return;
    }
    if (pl_stage_is_artifact(m->final)) {
        pl_skip(c, "the final stage is FROM scratch with no CMD or ENTRYPOINT: no container runs "
                   "from it");
        return;
    }
    if (pl_stage_is_extension_base(m->final)) {
        pl_skip(c, "the final stage declares ONBUILD triggers: a base image for others to "
                   "extend, and the image built FROM it sets the user");
        return;
    }
    const char *base_role = pl_stage_base_image_role(c, f, m);
    if (base_role) {
        pl_skip(c, "%s", base_role);
        return;
    }
    if (pl_stage_windows(pl_check_arena(c), last) == PL_WINDOWS_NANOSERVER) {
        pl_pass(c, last->from->span, "base image %s runs as ContainerUser (line %d)", last->base,
                last->from->span.line);
        return;
    }
    if (last->base_unknown) {
        pl_skip(c, "base image %s is only known at build time", last->base_raw);
        return;
    }
    /* the image starts as root on purpose and gives it up itself */
    const char *drop = pl_entrypoint_drops_root(c, f, m);
    if (drop) {
        pl_skip(c, "%s", drop);
        return;
    }
    /* the Dockerfile that builds the base sets (or not) its USER, and is
     * judged there */
    const pl_unit_spec *built = last->is_scratch ? NULL : pl_units_tagging(pl_check_workspace(c), &last->image);
    if (built) {
        pl_skip(c, "base image %s is built by this repository (%s%s%s:%d): the USER it sets is "
                   "not known here",
                last->base, built->dockerfile ? built->dockerfile : "",
                built->dockerfile ? ", " : "", built->origin_file ? built->origin_file : "a build",
                built->origin_span.line);
        return;
    }
    pl_fail(c, pl_df_ins_span(m->final->from), NULL,
            "no USER in the final stage: the container runs as root unless %s sets a user",
            last->base ? last->base : "the base image");
}
