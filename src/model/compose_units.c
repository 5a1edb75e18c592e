/* compose_units.c — the images compose services build: a service with
 * `build:` in a merged compose project (override files, `extends:` and
 * `include:` applied) is a build unit with the service's context (relative
 * to the directory of the file that wrote it), Dockerfile (relative to the
 * context), target and args, and with what the service sets over the image
 * when it runs it (`user:`, `healthcheck:`, the paths `volumes:` mount
 * over), which the Dockerfile rules
 * take as evidence. A value that used a variable that is not set is
 * unknown. */
#include <string.h>
#include <strings.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/discover.h"
#include "plimsoll/ignore.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"
#include "plimsoll/yaml.h"

/* an interpolation that used an unset variable reads as written */
static const char *scalar(const pl_ynode *n)
{
    if (!n || n->kind != PL_YAML_SCALAR || n->stype == PL_YS_NULL)
        return NULL;
    return n->unresolved && n->raw ? n->raw : n->str;
}

/* A value compose would interpolate is not known here. */
static const char *known(const pl_ynode *n)
{
    const char *s = scalar(n);
    return s && !strchr(s, '$') ? s : NULL;
}

static const char *join(pl_arena *a, const char *dir, const char *p)
{
    if (p[0] == '/' || !strcmp(dir, "."))
        return pl_ignore_clean(a, p);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", dir, p));
}

static int remote(const char *ctx)
{
    return strstr(ctx, "://") || !strncmp(ctx, "git@", 4) || !strncmp(ctx, "github.com/", 11);
}

/* args as a map {K: v} or a list ["K=v", "K"] */
static void read_args(pl_arena *a, const pl_ynode *v, pl_unit_spec *s)
{
    int n = !v ? 0 : v->kind == PL_YAML_MAP ? v->npairs : v->kind == PL_YAML_SEQ ? v->nitems : 0;
    s->args = PL_NEW_N(a, pl_unit_arg, n + 1);
    for (int i = 0; i < n; i++) {
        pl_unit_arg *arg = &s->args[s->nargs];
        if (v->kind == PL_YAML_MAP) {
            if (!scalar(v->pairs[i].key))
                continue;
            arg->name = scalar(v->pairs[i].key);
            /* a null value takes the variable from the environment */
            arg->value = known(v->pairs[i].value);
        } else {
            const char *t = scalar(v->items[i]);
            if (!t)
                continue;
            const char *eq = strchr(t, '=');
            arg->name = eq ? pl_arena_strndup(a, t, (size_t)(eq - t)) : t;
            arg->value = eq && !strchr(eq, '$') ? eq + 1 : NULL;
        }
        s->nargs++;
    }
}

/* The container path of a `volumes:` entry: `SRC:DST[:MODE]`, `DST`
 * (an anonymous volume), or `{target: DST}`; NULL when not known. */
static const char *mount_target(pl_arena *a, const pl_ynode *v)
{
    if (v->kind == PL_YAML_MAP)
        return known(pl_yaml_get(v, "target"));
    const char *t = known(v);
    if (!t)
        return NULL;
    const char *colon = strchr(t, ':');
    if (!colon)
        return t[0] == '/' ? t : NULL;
    const char *dst = colon + 1;
    const char *end = strchr(dst, ':');
    dst = end ? pl_arena_strndup(a, dst, (size_t)(end - dst)) : dst;
    return dst[0] == '/' ? dst : NULL;
}

/* The host path a bind mount of `volumes:` takes (`./:/app`, `{type:
 * bind, source: .}`), resolved like the build context; NULL for a named
 * or anonymous volume, or one not known. */
static const char *bind_source(pl_arena *a, const pl_compose_project *p, const char *dir,
                               const pl_ynode *v)
{
    const char *src = NULL;
    if (v->kind == PL_YAML_MAP) {
        const char *type = known(pl_yaml_get(v, "type"));
        if (!type || strcmp(type, "bind"))
            return NULL;
        src = known(pl_yaml_get(v, "source"));
    } else {
        const char *t = known(v);
        const char *colon = t ? strchr(t, ':') : NULL;
        if (!colon)
            return NULL;
        src = pl_arena_strndup(a, t, (size_t)(colon - t));
    }
    if (!src || !*src || (src[0] != '.' && src[0] != '/'))
        return NULL;
    return join(a, pl_compose_dir_of(p, v, dir), src);
}

/* `dir` holds `path` (display paths, "." the current directory). */
static int holds(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    return !strcmp(dir, ".") ? path[0] != '/' && strncmp(path, "../", 3) && strcmp(path, "..")
                             : !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

static void runtime_mounts(pl_arena *a, const pl_compose_project *p, const char *dir,
                           const pl_ynode *svc, pl_unit_spec *s)
{
    const pl_ynode *vols = pl_yaml_get(svc, "volumes");
    if (!vols || vols->kind != PL_YAML_SEQ || !vols->nitems)
        return;
    s->run_mounts = PL_NEW_N(a, const char *, vols->nitems);
    s->run_context_mounts = PL_NEW_N(a, const char *, vols->nitems);
    for (int i = 0; i < vols->nitems; i++) {
        const char *t = mount_target(a, vols->items[i]);
        if (t)
            s->run_mounts[s->nrun_mounts++] = pl_ignore_clean(a, t);
        const char *src = t && s->context ? bind_source(a, p, dir, vols->items[i]) : NULL;
        if (src && holds(src, s->context))
            s->run_context_mounts[s->nrun_context_mounts++] = pl_ignore_clean(a, t);
    }
}

static void runtime_settings(const pl_ynode *svc, pl_unit_spec *s)
{
    const pl_ynode *user = pl_yaml_get(svc, "user");
    if (user && known(user)) {
        s->run_user = known(user);
        s->run_user_span = user->span;
        s->run_user_file = user->file;
    }
    const pl_ynode *hc = pl_yaml_get(svc, "healthcheck");
    if (hc && hc->kind == PL_YAML_MAP) {
        const pl_ynode *disable = pl_yaml_get(hc, "disable");
        const pl_ynode *test = pl_yaml_get(hc, "test");
        const char *t0 = test && test->kind == PL_YAML_SEQ && test->nitems ? scalar(test->items[0])
                                                                           : NULL;
        if ((disable && disable->stype == PL_YS_BOOL && !strcasecmp(disable->str, "true")) ||
            (t0 && !strcmp(t0, "NONE")))
            s->run_healthcheck = -1;
        else if (test)
            s->run_healthcheck = 1;
        const pl_ynode *hk = pl_yaml_pair(svc, "healthcheck")->key;
        s->run_healthcheck_span = hk->span;
        s->run_healthcheck_file = hk->file;
    }
}

/* The builds of the services of a project's merged `services:`; a
 * relative path resolves against the directory of the file that wrote it
 * (`dir` when the project does not know the node). */
static void unit_specs(pl_arena *a, const pl_compose_project *p, const char *path, const char *dir,
                       const pl_ynode *root, pl_vec *out)
{
    const pl_ynode *services = pl_yaml_get(root, "services");
    if (!services || services->kind != PL_YAML_MAP)
        return;
    for (int i = 0; i < services->npairs; i++) {
        const pl_ynode *svc = services->pairs[i].value;
        const pl_ynode *build = pl_yaml_get(svc, "build");
        const char *name = scalar(services->pairs[i].key);
        if (!build || !name)
            continue;
        pl_unit_spec *s = PL_NEW(a, pl_unit_spec);
        const pl_ynode *ctx = build->kind == PL_YAML_SCALAR ? build : pl_yaml_get(build, "context");
        const char *context = ctx ? known(ctx) : ".";
        const char *base = pl_compose_dir_of(p, ctx ? ctx : build, dir);
        if (context && !remote(context))
            s->context = join(a, base, context);
        if (build->kind == PL_YAML_MAP) {
            const pl_ynode *df = pl_yaml_get(build, "dockerfile");
            if (s->context && !pl_yaml_get(build, "dockerfile_inline") && (!df || known(df)))
                s->dockerfile = join(a, s->context, df ? known(df) : "Dockerfile");
            const pl_ynode *target = pl_yaml_get(build, "target");
            if (target && known(target))
                s->target = known(target);
            else if (target)
                s->target_unknown = 1;
            read_args(a, pl_yaml_get(build, "args"), s);
            /* additional_contexts: a map, or a list of NAME=VALUE */
            const pl_ynode *extra = pl_yaml_get(build, "additional_contexts");
            for (int k = 0; extra && extra->kind == PL_YAML_MAP && k < extra->npairs; k++)
                pl_unit_spec_add_named_context(a, s, scalar(extra->pairs[k].key));
            for (int k = 0; extra && extra->kind == PL_YAML_SEQ && k < extra->nitems; k++) {
                const char *item = scalar(extra->items[k]);
                const char *eq = item ? strchr(item, '=') : NULL;
                if (eq)
                    pl_unit_spec_add_named_context(a, s, pl_arena_strndup(a, item, (size_t)(eq - item)));
            }
        } else if (s->context) {
            s->dockerfile = join(a, s->context, "Dockerfile");
        }
        runtime_settings(svc, s);
        runtime_mounts(a, p, dir, svc, s);
        const pl_ynode *image = pl_yaml_get(svc, "image");
        if (image && known(image)) {
            s->images = PL_NEW_N(a, const char *, 1);
            s->images[s->nimages++] = known(image);
        }
        const pl_ynode *key = services->pairs[i].key;
        s->service = name;
        s->origin = PL_ORIGIN_COMPOSE;
        s->origin_file = key->file ? key->file : path;
        s->origin_span = key->span;
        s->origin_label = pl_arena_printf(a, "service %s", name);
        pl_vec_push(a, out, s);
    }
}

void pl_compose_unit_specs(pl_arena *a, const char *path, const pl_ynode *root, pl_vec *out)
{
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    unit_specs(a, NULL, path, dir, root, out);
}

void pl_model_compose_units(pl_workspace *ws)
{
    pl_model_compose(ws);
    for (size_t i = 0; i < ws->compose_projects.len; i++) {
        const pl_compose_project *p = ws->compose_projects.items[i];
        pl_vec specs = {0};
        const char *main = p->compose->nfiles ? p->compose->files[0]->path : p->dir;
        unit_specs(ws->arena, p, main, p->dir, pl_compose_root(p->compose), &specs);
        for (size_t k = 0; k < specs.len; k++)
            pl_model_add_spec(ws, specs.items[k]);
    }
}

static int is_root(const char *u)
{
    size_t n = strcspn(u, ":");
    return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

const pl_build_unit *pl_units_run_as_nonroot(const pl_build_unit *const *units, int n)
{
    if (n <= 0)
        return NULL;
    for (int i = 0; i < n; i++)
        if (!units[i]->spec.run_user || is_root(units[i]->spec.run_user))
            return NULL;
    return units[0];
}

const pl_build_unit *pl_units_run_healthcheck(const pl_build_unit *const *units, int n)
{
    if (n <= 0)
        return NULL;
    for (int i = 0; i < n; i++)
        if (units[i]->spec.run_healthcheck <= 0)
            return NULL;
    return units[0];
}

/* `name` as a build tags it against a FROM's reference: the same text, or
 * the untagged reference and `name:latest`. */
static int tags_as(const char *name, const pl_image_ref *ref)
{
    if (!strcmp(name, ref->raw))
        return 1;
    size_t n = strlen(ref->raw);
    return !ref->tag && !ref->digest && !strncmp(name, ref->raw, n) && !strcmp(name + n, ":latest");
}

const pl_unit_spec *pl_units_tagging(const pl_workspace *ws, const pl_image_ref *ref)
{
    if (!ws || !ref || !ref->raw || ref->has_vars)
        return NULL;
    for (size_t i = 0; i < ws->unit_specs.len; i++) {
        const pl_unit_spec *s = ws->unit_specs.items[i];
        for (int k = 0; k < s->nimages; k++)
            if (tags_as(s->images[k], ref))
                return s;
    }
    return NULL;
}
