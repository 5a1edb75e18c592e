/* units.c — the build units of a run: which Dockerfile is built with which
 * context, target and args, and what says so.
 *
 * Owns: collecting the specs the sources read (compose, CI workflows, bake
 * files, Makefiles; the command line and the config win over them), turning
 * them into pl_build_unit, and handing each Dockerfile of the workspace its
 * units. Runs once on the main thread before any rule; the rules only read
 * the result.
 */
#include <string.h>
#include <strings.h>

#include "plimsoll/discover.h"
#include "plimsoll/ignore.h"
#include "plimsoll/model.h"
#include "plimsoll/purpose.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"
#include "path_args.h"

const char *pl_origin_kind_name(pl_origin_kind k)
{
    switch (k) {
    case PL_ORIGIN_NONE: return "none";
    case PL_ORIGIN_CLI: return "command line";
    case PL_ORIGIN_CONFIG: return "config";
    case PL_ORIGIN_COMPOSE: return "compose";
    case PL_ORIGIN_WORKFLOW: return "workflow";
    case PL_ORIGIN_GITLAB: return "gitlab-ci";
    case PL_ORIGIN_BAKE: return "bake";
    case PL_ORIGIN_MAKEFILE: return "makefile";
    case PL_ORIGIN_SCRIPT: return "script";
    case PL_ORIGIN_CIRCLECI: return "circleci";
    case PL_ORIGIN_DEVCONTAINER: return "devcontainer";
    }
    return "?";
}

void pl_unit_spec_add_named_context(pl_arena *a, pl_unit_spec *s, const char *name)
{
    if (!name || !*name)
        return;
    const char **names = PL_NEW_N(a, const char *, (size_t)s->nnamed_contexts + 1);
    for (int i = 0; i < s->nnamed_contexts; i++)
        names[i] = s->named_contexts[i];
    names[s->nnamed_contexts++] = name;
    s->named_contexts = names;
}

int pl_file_named_context(const pl_file *f, const char *name, const pl_unit_spec **origin)
{
    for (int i = 0; f && name && i < f->nunits; i++)
        for (int k = 0; k < f->units[i]->spec.nnamed_contexts; k++)
            if (!strcasecmp(f->units[i]->spec.named_contexts[k], name)) {
                if (origin)
                    *origin = &f->units[i]->spec;
                return 1;
            }
    return 0;
}

void pl_model_add_spec(pl_workspace *ws, const pl_unit_spec *spec)
{
    pl_unit_spec *copy = PL_NEW(ws->arena, pl_unit_spec);
    *copy = *spec;
    pl_vec_push(ws->arena, &ws->unit_specs, copy);
}

/* `path` (relative to `dir`) as a clean display path: relative to the
 * current directory when it lies below it. */
static const char *display_join(pl_arena *a, const char *dir, const char *path)
{
    const char *joined = path[0] == '/' || !dir || !strcmp(dir, ".")
                             ? path
                             : pl_arena_printf(a, "%s/%s", dir, path);
    return pl_ignore_clean(a, pl_display_path(a, pl_ignore_clean(a, joined)));
}

/* "built by compose.yaml:5 (service api) with --target prod" */
static const char *evidence_of(pl_arena *a, const pl_unit_spec *s)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    switch (s->origin) {
    case PL_ORIGIN_NONE: pl_sb_puts(&sb, "nothing in the repository says how it is built"); break;
    case PL_ORIGIN_CLI: pl_sb_puts(&sb, "built as the command line says"); break;
    default:
        if (s->origin_file && s->origin_span.line)
            pl_sb_printf(&sb, "built by %s:%d", s->origin_file, s->origin_span.line);
        else if (s->origin_file)
            pl_sb_printf(&sb, "built by %s", s->origin_file);
        else
            pl_sb_printf(&sb, "built by the %s", pl_origin_kind_name(s->origin));
        if (s->origin_label)
            pl_sb_printf(&sb, " (%s)", s->origin_label);
    }
    if (s->target)
        pl_sb_printf(&sb, " with --target %s", s->target);
    else if (s->target_unknown)
        pl_sb_puts(&sb, " with a --target not known statically");
    return pl_sb_str(&sb);
}

static pl_build_unit *unit_of(pl_workspace *ws, const pl_unit_spec *s, pl_file *f)
{
    pl_build_unit *u = PL_NEW(ws->arena, pl_build_unit);
    u->spec = *s;
    /* the unit outlives the file's arena, which the engine frees early */
    if (s->dockerfile)
        u->spec.dockerfile = pl_arena_strdup(ws->arena, s->dockerfile);
    u->file = f;
    u->evidence = evidence_of(ws->arena, s);
    pl_vec_push(ws->arena, &ws->units, u);
    return u;
}

/* Whether the command line named this file itself (not a directory above it). */
static void config_specs(pl_workspace *ws, pl_vec *out)
{
    const pl_config *cfg = ws->config;
    for (int i = 0; cfg && i < cfg->ndockerfiles; i++) {
        const pl_config_dockerfile *d = &cfg->dockerfiles[i];
        pl_unit_spec *s = PL_NEW(ws->arena, pl_unit_spec);
        s->dockerfile = display_join(ws->arena, ws->config_dir, d->dockerfile);
        s->context = d->context ? display_join(ws->arena, ws->config_dir, d->context) : NULL;
        s->target = d->target;
        s->nargs = d->nargs;
        s->args = PL_NEW_N(ws->arena, pl_unit_arg, d->nargs + 1);
        for (int k = 0; k < d->nargs; k++)
            s->args[k] = (pl_unit_arg){d->arg_names[k], d->arg_values[k]};
        s->origin = PL_ORIGIN_CONFIG;
        s->origin_file = pl_display_path(ws->arena, cfg->path);
        s->origin_span = d->span;
        pl_vec_push(ws->arena, out, s);
    }
}

static int count_dockerfiles(const pl_workspace *ws)
{
    int n = 0;
    for (int i = 0; i < ws->nfiles; i++)
        n += ws->files[i]->kind == PL_KIND_DOCKERFILE;
    return n;
}

static void attach(pl_workspace *ws, pl_file *f, pl_build_unit *u)
{
    pl_build_unit **v = PL_NEW_N(ws->arena, pl_build_unit *, f->nunits + 1);
    if (f->nunits)
        memcpy(v, f->units, sizeof *v * (size_t)f->nunits);
    v[f->nunits++] = u;
    f->units = v;
}

/* The units of one Dockerfile: the command line's --target wins, then the
 * config's entry, then everything the repository's sources say. */
static void units_of(pl_workspace *ws, pl_file *f, const pl_vec *config, int ndockerfiles,
                     const pl_path_args *args)
{
    const pl_options *o = ws->opts;
    if (o && o->target && (pl_path_args_gives(args, f->path) || ndockerfiles == 1)) {
        pl_unit_spec s = {0};
        s.dockerfile = f->path;
        s.target = o->target;
        s.origin = PL_ORIGIN_CLI;
        /* a config entry for the same file still gives its context and args */
        for (size_t i = 0; i < config->len; i++) {
            const pl_unit_spec *c = config->items[i];
            if (!strcmp(c->dockerfile, f->path)) {
                s.context = c->context;
                s.args = c->args;
                s.nargs = c->nargs;
            }
        }
        attach(ws, f, unit_of(ws, &s, f));
        return;
    }
    for (size_t i = 0; i < config->len; i++) {
        const pl_unit_spec *c = config->items[i];
        if (!strcmp(c->dockerfile, f->path)) {
            attach(ws, f, unit_of(ws, c, f));
            return;
        }
    }
    for (size_t i = 0; i < ws->unit_specs.len; i++) {
        const pl_unit_spec *s = ws->unit_specs.items[i];
        if (s->dockerfile && !strcmp(s->dockerfile, f->path))
            attach(ws, f, unit_of(ws, s, f));
    }
    if (!f->nunits) {
        pl_unit_spec s = {0};
        s.dockerfile = f->path;
        attach(ws, f, unit_of(ws, &s, f));
    }
}

void pl_model_units(pl_workspace *ws)
{
    /* resolved once for the whole run (compose projects and the
     * requirement installs ask too): each resolution stats every path */
    pl_path_args *args = PL_NEW(ws->arena, pl_path_args);
    pl_path_args_init(ws->arena, ws, args);
    ws->path_args = args;
    pl_model_contexts_init(ws);
    pl_req_installs_init(ws);
    pl_model_compose_units(ws);
    pl_model_sources(ws);
    pl_vec config = {0};
    config_specs(ws, &config);
    int ndockerfiles = count_dockerfiles(ws);
    for (int i = 0; i < ws->nfiles; i++)
        if (ws->files[i]->kind == PL_KIND_DOCKERFILE)
            units_of(ws, ws->files[i], &config, ndockerfiles, args);
    /* a build of a Dockerfile that is not among the checked files is
     * listed when it lies within what was checked (a Dockerfile path that
     * is not known statically, or one that does not exist) */
    for (size_t i = 0; i < ws->unit_specs.len; i++) {
        const pl_unit_spec *s = ws->unit_specs.items[i];
        if (s->dockerfile && pl_workspace_find(ws, s->dockerfile))
            continue;
        if (pl_path_args_hold(args, s->dockerfile ? s->dockerfile : s->origin_file))
            unit_of(ws, s, NULL);
    }
}

int pl_unit_ships_image(const pl_file *f, const pl_build_unit *u)
{
    if (!u || u->spec.output == PL_OUTPUT_IMAGE)
        return 1;
    for (int i = 0; f && i < f->nunits; i++)
        if (f->units[i]->spec.output == PL_OUTPUT_IMAGE)
            return 0;
    return 1;
}

const pl_build_unit *pl_file_primary_unit(const pl_file *f)
{
    if (!f || f->kind != PL_KIND_DOCKERFILE || !f->nunits)
        return NULL;
    /* a job that only warms the cache or exports files comes first in
     * many release workflows (ollama's linux-depends): the image that ships
     * is what a later build makes */
    for (int i = 0; i < f->nunits; i++)
        if (f->units[i]->spec.context && pl_unit_ships_image(f, f->units[i]))
            return f->units[i];
    for (int i = 0; i < f->nunits; i++)
        if (pl_unit_ships_image(f, f->units[i]))
            return f->units[i];
    return f->units[0];
}

pl_df_model *pl_model_for_unit(pl_arena *a, pl_dockerfile *df, const pl_file *f,
                               const pl_build_unit *u)
{
    const pl_options *o = f && f->ws ? f->ws->opts : NULL;
    int ncli = o ? o->build_args.n : 0;
    int nunit = u ? u->spec.nargs : 0;
    const char **args = PL_NEW_N(a, const char *, ncli + nunit + 1);
    int n = 0;
    for (int i = 0; i < ncli; i++)
        args[n++] = o->build_args.items[i];
    /* an arg whose value is not known statically goes as a bare NAME: the
     * ARG is then unknown, not its default */
    for (int i = 0; i < nunit; i++)
        args[n++] = u->spec.args[i].value
                        ? pl_arena_printf(a, "%s=%s", u->spec.args[i].name, u->spec.args[i].value)
                        : u->spec.args[i].name;
    return pl_model_build(a, df, args, n);
}

pl_df_model *pl_model_build_unit(pl_arena *a, pl_dockerfile *df, const pl_file *f)
{
    const pl_build_unit *u = pl_file_primary_unit(f);
    pl_df_model *m = pl_model_for_unit(a, df, f, u);
    if (u && u->spec.target)
        pl_model_set_target(m, u->spec.target, 1);
    for (int i = 0; f && i < f->nunits; i++) {
        if (f->units[i] == u || !pl_unit_ships_image(f, f->units[i]))
            continue;
        if (f->units[i]->spec.target)
            pl_model_set_target(m, f->units[i]->spec.target, 0);
        else if (m->nstages)
            m->stages[m->nstages - 1]->is_built = 1;
    }
    return m;
}
