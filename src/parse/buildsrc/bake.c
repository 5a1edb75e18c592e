/* bake.c — `docker buildx bake` files (JSON or HCL): each target is a
 * build, with what it inherits; a target only inherited by others (and in
 * no group) is a template, not a build. Contexts are relative to the bake
 * file's directory, Dockerfiles to their context. */
#include <string.h>

#include "buildsrc_internal.h"
#include "plimsoll/ignore.h"
#include "plimsoll/yaml.h"


enum { MAX_INHERIT_DEPTH = 16 };

typedef struct {
    pl_arena *a;
    const pl_ynode *targets;
    const char *dir; /* the bake file's directory */
} bake;

static int is_unknown(const pl_ynode *n)
{
    return n && n->tag && !strcmp(n->tag, "!unknown");
}

/* The attribute `key` of target `name`, looked up through `inherits`. */
static const pl_ynode *attr(const bake *b, const pl_ynode *t, const char *key, int depth)
{
    const pl_ynode *v = pl_yaml_get(t, key);
    if (v || depth > MAX_INHERIT_DEPTH)
        return v;
    const pl_ynode *inh = pl_yaml_get(t, "inherits");
    for (int i = inh && inh->kind == PL_YAML_SEQ ? inh->nitems - 1 : -1; i >= 0; i--) {
        const pl_ynode *parent = inh->items[i]->kind == PL_YAML_SCALAR
                                     ? pl_yaml_get(b->targets, inh->items[i]->str)
                                     : NULL;
        if (parent && (v = attr(b, parent, key, depth + 1)))
            return v;
    }
    return NULL;
}

static void collect_args(const bake *b, const pl_ynode *t, pl_vec *names, pl_vec *values,
                         int depth)
{
    if (!t || depth > MAX_INHERIT_DEPTH)
        return;
    const pl_ynode *inh = pl_yaml_get(t, "inherits");
    for (int i = 0; inh && inh->kind == PL_YAML_SEQ && i < inh->nitems; i++)
        if (inh->items[i]->kind == PL_YAML_SCALAR)
            collect_args(b, pl_yaml_get(b->targets, inh->items[i]->str), names, values, depth + 1);
    const pl_ynode *args = pl_yaml_get(t, "args");
    for (int i = 0; args && args->kind == PL_YAML_MAP && i < args->npairs; i++) {
        const char *name = args->pairs[i].key->str;
        const pl_ynode *v = args->pairs[i].value;
        const char *value = v->kind == PL_YAML_SCALAR && !is_unknown(v) && v->stype != PL_YS_NULL
                                ? v->str
                                : NULL;
        size_t k = 0;
        while (k < names->len && strcmp(names->items[k], name))
            k++;
        if (k == names->len) {
            pl_vec_push(b->a, names, (void *)name);
            pl_vec_push(b->a, values, (void *)value);
        } else {
            values->items[k] = (void *)value; /* the inheriting target wins */
        }
    }
}

static const char *known(const pl_ynode *n)
{
    return n && n->kind == PL_YAML_SCALAR && !is_unknown(n) && n->stype == PL_YS_STR ? n->str
                                                                                      : NULL;
}

static const char *join(pl_arena *a, const char *dir, const char *p)
{
    if (p[0] == '/' || !strcmp(dir, "."))
        return pl_ignore_clean(a, p);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", dir, p));
}

/* Whether some group names target `name`. */
static int in_group(const pl_ynode *groups, const char *name)
{
    for (int g = 0; groups && groups->kind == PL_YAML_MAP && g < groups->npairs; g++) {
        const pl_ynode *ts = pl_yaml_get(groups->pairs[g].value, "targets");
        for (int i = 0; ts && ts->kind == PL_YAML_SEQ && i < ts->nitems; i++)
            if (ts->items[i]->kind == PL_YAML_SCALAR && !strcmp(ts->items[i]->str, name))
                return 1;
    }
    return 0;
}

static int inherited(const pl_ynode *targets, const char *name)
{
    for (int t = 0; t < targets->npairs; t++) {
        const pl_ynode *inh = pl_yaml_get(targets->pairs[t].value, "inherits");
        for (int i = 0; inh && inh->kind == PL_YAML_SEQ && i < inh->nitems; i++)
            if (inh->items[i]->kind == PL_YAML_SCALAR && !strcmp(inh->items[i]->str, name))
                return 1;
    }
    return 0;
}

static void read_targets(pl_arena *a, const char *path, const pl_ynode *root, pl_vec *out)
{
    const pl_ynode *targets = pl_yaml_get(root, "target");
    if (!targets || targets->kind != PL_YAML_MAP)
        return;
    const pl_ynode *groups = pl_yaml_get(root, "group");
    const char *slash = strrchr(path, '/');
    bake b = {a, targets, slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : "."};
    for (int t = 0; t < targets->npairs; t++) {
        const char *name = targets->pairs[t].key->str;
        const pl_ynode *tn = targets->pairs[t].value;
        if (inherited(targets, name) && !in_group(groups, name))
            continue;
        pl_unit_spec *s = PL_NEW(a, pl_unit_spec);
        const pl_ynode *ctx = attr(&b, tn, "context", 0);
        const pl_ynode *df = attr(&b, tn, "dockerfile", 0);
        const pl_ynode *target = attr(&b, tn, "target", 0);
        if (!ctx)
            s->context = b.dir;
        else if (known(ctx) && !strstr(ctx->str, "://"))
            s->context = join(a, b.dir, ctx->str);
        if (s->context && (!df || known(df)))
            s->dockerfile = join(a, s->context, df ? df->str : "Dockerfile");
        if (target && known(target))
            s->target = target->str;
        else if (target)
            s->target_unknown = 1;
        pl_vec names = {0}, values = {0};
        collect_args(&b, tn, &names, &values, 0);
        s->args = PL_NEW_N(a, pl_unit_arg, names.len + 1);
        for (size_t i = 0; i < names.len; i++)
            s->args[s->nargs++] = (pl_unit_arg){names.items[i], values.items[i]};
        const pl_ynode *contexts = attr(&b, tn, "contexts", 0);
        for (int i = 0; contexts && contexts->kind == PL_YAML_MAP && i < contexts->npairs; i++)
            if (contexts->pairs[i].key->kind == PL_YAML_SCALAR)
                pl_unit_spec_add_named_context(a, s, contexts->pairs[i].key->str);
        const pl_ynode *platforms = attr(&b, tn, "platforms", 0);
        if (platforms && platforms->kind == PL_YAML_SEQ && platforms->nitems &&
            known(platforms->items[0]))
            s->platforms = platforms->items[0]->str;
        s->origin = PL_ORIGIN_BAKE;
        s->origin_file = path;
        s->origin_span = targets->pairs[t].key->span;
        s->origin_label = pl_arena_printf(a, "target %s", name);
        pl_vec_push(a, out, s);
    }
}


void pl_buildsrc_read_bake(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                           size_t len, pl_vec *out, pl_diag_list *diags)
{
    if (kind == PL_BSRC_BAKE_HCL) {
        read_targets(a, path, pl_hcl_parse(a, path, data, len, diags), out);
        return;
    }
    /* JSON is YAML: the YAML reader gives the positions */
    pl_yaml *y = pl_yaml_parse(a, path, data, len, NULL);
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        pl_diag_add(a, diags, d->level, d->span, NULL, "%s", d->message);
    if (y->ndocs && y->docs[0])
        read_targets(a, path, y->docs[0], out);
}
