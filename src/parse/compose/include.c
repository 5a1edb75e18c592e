/* include.c — `include:` and `extends:` as compose-go applies them
 * (loader/include.go, loader/extends.go).
 *
 * include: each entry (a path, or {path, project_directory, env_file}) is
 * loaded as a project of its own (its files merged, relative paths against
 * its project directory, variables from the including project's plus its
 * env files), and its services, volumes, networks, secrets, configs and
 * models are imported; a name both define is merged with the including
 * file's definition on top. A file that includes itself, directly or not,
 * is a cycle.
 *
 * extends: a service starts from the service it names (in the same file, or
 * in `file`, read on its own: interpolated, no include, its own extends
 * resolved in it) and merges itself on top with the merge rules; `extends`
 * is then dropped. A service reached again while its own base is being
 * built is a cycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_load.h"

/* ---- include -------------------------------------------------------------------------------- */

/* A file compose fetches (its git and OCI remote loaders) rather than
 * reads: not followed here, and the project is then not complete. */
static int remote_resource(const char *p)
{
    return !strncmp(p, "oci://", 6) || !strncmp(p, "git@", 4) || !strncmp(p, "git://", 6) ||
           !strncmp(p, "http://", 7) || !strncmp(p, "https://", 8) || !strncmp(p, "ssh://", 6);
}

static const char *const imported_keys[] = {"services", "volumes", "networks", "secrets", "configs", "models"};

static pl_ynode *without_key(pl_cload *l, pl_ynode *map, int at)
{
    pl_ynode *out = pl_cn_map(l->a, map, map->npairs);
    for (int i = 0; i < map->npairs; i++)
        if (i != at)
            pl_cn_add_pair(out, map->pairs[i].key, map->pairs[i].value);
    return out;
}

static pl_ynode *import_resources(pl_cload *l, pl_ynode *target, pl_ynode *source)
{
    if (!source || source->kind != PL_YAML_MAP)
        return target;
    for (size_t k = 0; k < sizeof imported_keys / sizeof *imported_keys; k++) {
        int si = pl_cn_index(source, imported_keys[k]);
        if (si < 0 || source->pairs[si].value->kind != PL_YAML_MAP)
            continue;
        pl_ynode *from = source->pairs[si].value;
        int ti = pl_cn_index(target, imported_keys[k]);
        pl_ynode *to = ti >= 0 && target->pairs[ti].value->kind == PL_YAML_MAP ? target->pairs[ti].value : NULL;
        pl_ynode *merged = pl_cn_map(l->a, to ? to : from, (to ? to->npairs : 0) + from->npairs);
        if (to)
            for (int i = 0; i < to->npairs; i++)
                pl_cn_add_pair(merged, to->pairs[i].key, to->pairs[i].value);
        pl_ckeyidx idx;
        pl_ckeyidx_init(l->a, &idx, merged, (to ? to->npairs : 0) + from->npairs);
        for (int i = 0; i < from->npairs; i++) {
            const pl_ynode *name = from->pairs[i].key;
            int at = name->kind == PL_YAML_SCALAR ? pl_ckeyidx_find(&idx, name->str, name->len) : -1;
            if (at < 0) {
                pl_cn_add_pair(merged, from->pairs[i].key, from->pairs[i].value);
                pl_ckeyidx_add(&idx, merged->npairs - 1);
                continue;
            }
            pl_cpath path = {.n = 0};
            pl_cpath_push(&path, imported_keys[k]);
            pl_cpath_push(&path, name->str);
            pl_ynode *local = merged->pairs[at].value;
            pl_ynode *m = pl_compose_merge(l, from->pairs[i].value, local, &path);
            if (m != local && m->kind == local->kind && m->kind != PL_YAML_SCALAR) {
                m = pl_cn_copy(l->a, m); /* the definition that wins says where it is */
                m->span = local->span;
                m->file = local->file;
            }
            merged->pairs[at].value = m;
        }
        pl_ynode *out = pl_cn_map(l->a, target, target->npairs + 1);
        for (int i = 0; i < target->npairs; i++)
            pl_cn_add_pair(out, target->pairs[i].key, i == ti ? merged : target->pairs[i].value);
        if (ti < 0)
            pl_cn_add_pair(out, source->pairs[si].key, merged);
        target = out;
    }
    return target;
}

/* Strings of a string-or-list value. */
static int string_list(const pl_ynode *n, const char **out, int max)
{
    if (!n)
        return 0;
    if (n->kind == PL_YAML_SCALAR)
        return n->stype == PL_YS_NULL ? 0 : (out[0] = n->str, 1);
    int k = 0;
    if (n->kind == PL_YAML_SEQ)
        for (int i = 0; i < n->nitems && k < max; i++)
            if (n->items[i]->kind == PL_YAML_SCALAR)
                out[k++] = n->items[i]->str;
    return k;
}

static void include_one(pl_cload *l, pl_cfile *f, pl_ynode **cfg, const pl_ynode *item,
                        const pl_cload_ctx *cx, const char *const *chain, int nchain)
{
    const char *raw[64], *paths[64], *envs[64];
    int npaths = 0, nenvs = 0;
    const char *pd = NULL;
    if (item->kind == PL_YAML_SCALAR) {
        npaths = string_list(item, raw, 64);
    } else if (item->kind == PL_YAML_MAP) {
        npaths = string_list(pl_yaml_get(item, "path"), raw, 64);
        pd = pl_yaml_get_str(item, "project_directory", NULL);
        nenvs = string_list(pl_yaml_get(item, "env_file"), envs, 64);
    }
    if (npaths == 0) {
        pl_cload_diag_at(l, item, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA, "include entry has no path");
        return;
    }
    const char *wd = f->pub.base_dir;
    for (int i = 0; i < npaths; i++)
        if (remote_resource(raw[i])) {
            l->c->remote++;
            return;
        }
    for (int i = 0; i < npaths; i++)
        paths[i] = pl_cpath_join(l->a, wd, raw[i]);
    for (int i = 0; i < nchain; i++) {
        if (strcmp(chain[i], paths[0]))
            continue;
        pl_strbuf sb;
        pl_sb_init(&sb, l->a);
        pl_sb_printf(&sb, "include cycle detected: %s", chain[0]);
        for (int j = 1; j < nchain; j++)
            pl_sb_printf(&sb, " include %s", chain[j]);
        pl_sb_printf(&sb, " include %s", paths[0]);
        pl_cload_diag_at(l, item, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE, "%s", pl_sb_str(&sb));
        return;
    }
    if (nchain >= PL_CLOAD_MAX_INCLUDE_DEPTH) {
        pl_cload_diag_at(l, item, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                         "include nested more than %d levels deep", PL_CLOAD_MAX_INCLUDE_DEPTH);
        return;
    }
    const char *project = !pd || !*pd ? pl_cpath_dir(l->a, paths[0]) : pl_cpath_join(l->a, wd, pd);

    pl_cenv *env = PL_NEW(l->a, pl_cenv);
    env->parent = cx->env;
    if (nenvs == 0) {
        const char *dotenv = pl_cpath_join(l->a, project, ".env");
        if (pl_cload_is_file(dotenv))
            pl_cenv_read_file(l, env, dotenv, env, 1);
    }
    for (int i = 0; i < nenvs; i++) {
        if (!strcmp(envs[i], "/dev/null"))
            continue;
        const char *p = pl_cpath_join(l->a, wd, envs[i]);
        if (!pl_cload_is_file(p) || pl_cenv_read_file(l, env, p, env, 1) < 0)
            pl_cload_diag_at(l, item, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                             "include env_file %s: no such file", p);
    }

    for (int i = 0; i < npaths; i++) {
        if (pl_cload_is_file(paths[i]))
            continue;
        pl_cload_diag_at(l, item, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                         "include %s: no such file or directory", paths[i]);
        return;
    }
    pl_cload_ctx sub = *cx;
    sub.env = env;
    sub.included = chain;
    sub.nincluded = nchain;
    pl_ynode *imported = pl_cload_model(l, paths, npaths, PL_COMPOSE_FILE_INCLUDE, project, &sub);
    *cfg = import_resources(l, *cfg, imported);
}

pl_ynode *pl_cload_include(pl_cload *l, pl_cfile *f, pl_ynode *cfg, const pl_cload_ctx *cx)
{
    int at = pl_cn_index(cfg, "include");
    if (at < 0)
        return cfg;
    const pl_ynode *inc = cfg->pairs[at].value;
    cfg = without_key(l, cfg, at);
    if (pl_cn_is_null(inc))
        return cfg;
    if (inc->kind != PL_YAML_SEQ) {
        pl_cload_diag_at(l, inc, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA, "`include` must be a list");
        return cfg;
    }
    /* the files on the way here, this one last (compose-go's `included`) */
    const char **chain = PL_NEW_N(l->a, const char *, cx->nincluded + 1);
    int nchain = cx->nincluded;
    if (nchain)
        memcpy(chain, cx->included, sizeof *chain * (size_t)nchain);
    const char *self = pl_cpath_clean(l->a, f->pub.path);
    if (!nchain || strcmp(chain[nchain - 1], self))
        chain[nchain++] = self;
    for (int i = 0; i < inc->nitems; i++)
        include_one(l, f, &cfg, inc->items[i], cx, chain, nchain);
    return cfg;
}

/* ---- extends -------------------------------------------------------------------------------- */

typedef struct {
    const char *path; /* cleaned, for the cache */
    pl_cfile *file;
    pl_ynode *services;
    pl_ynode **result;
    unsigned char *state; /* 0 not yet, 1 being built, 2 done */
    pl_ckeyidx names;
    const pl_creset *resets; /* the file's !reset/!override paths, for the services it bases */
} ext_scope;

#define EXT_CHAIN_MAX 64

typedef struct {
    const char *name[EXT_CHAIN_MAX];
    const char *file[EXT_CHAIN_MAX];
    int n;
} ext_chain;

static ext_scope *new_scope(pl_cload *l, pl_cfile *f, pl_ynode *services)
{
    ext_scope *s = PL_NEW(l->a, ext_scope);
    s->file = f;
    s->services = services;
    int n = services ? services->npairs : 0;
    s->result = PL_NEW_N(l->a, pl_ynode *, n + 1);
    s->state = PL_NEW_N(l->a, unsigned char, n + 1);
    if (services)
        pl_ckeyidx_init(l->a, &s->names, services, n);
    return s;
}

static ext_scope *scope_for_file(pl_cload *l, const char *path, const pl_cload_ctx *cx, const pl_ynode *at,
                                 const char *name)
{
    for (size_t i = 0; i < l->scopes.len; i++) {
        ext_scope *s = PL_VEC_AT(l->scopes, ext_scope *, i);
        if (!strcmp(s->path, path))
            return s->services ? s : NULL;
    }
    pl_cload_ctx sub = *cx;
    sub.skip_include = 1;
    sub.skip_extends = 1;
    pl_cfile *f = NULL;
    pl_creset *resets = NULL;
    pl_ynode *dict = pl_cload_file(l, path, PL_COMPOSE_FILE_EXTENDS, pl_cpath_dir(l->a, path), NULL, &sub, &f,
                                   &resets);
    pl_ynode *services = dict ? pl_yaml_get(dict, "services") : NULL;
    if (services && services->kind != PL_YAML_MAP)
        services = NULL;
    ext_scope *s = new_scope(l, f, services);
    s->path = path;
    s->resets = resets;
    pl_vec_push(l->a, &l->scopes, s);
    if (!services && f && !f->pub.missing)
        pl_cload_diag_at(l, at, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                         "cannot extend service \"%s\" in %s: no services section", name, path);
    else if (!services)
        pl_cload_diag_at(l, at, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                         "cannot extend service \"%s\": cannot read %s", name, path);
    return services ? s : NULL;
}

static pl_ynode *apply_resets_to_service(pl_cload *l, pl_ynode *base, const char *name, const pl_creset *resets)
{
    if (!resets || !base)
        return base;
    pl_ynode *svcs = pl_cn_map(l->a, base, 1), *root = pl_cn_map(l->a, base, 1);
    pl_cn_add_pair(svcs, pl_cn_scalar(l->a, base, name, strlen(name), PL_YS_STR), base);
    pl_cn_add_pair(root, pl_cn_scalar(l->a, base, "services", 8, PL_YS_STR), svcs);
    root = pl_cload_apply_resets(l, root, resets);
    return pl_compose_at(root, "services") ? pl_yaml_get(pl_yaml_get(root, "services"), name) : NULL;
}

static pl_ynode *extend_service(pl_cload *l, ext_scope *sc, int idx, ext_chain *ch, const pl_cload_ctx *cx)
{
    if (sc->state[idx] == 2)
        return sc->result[idx];
    pl_ynode *svc = sc->services->pairs[idx].value;
    const char *name = sc->services->pairs[idx].key->str;
    int ei = svc && svc->kind == PL_YAML_MAP ? pl_cn_index(svc, "extends") : -1;
    sc->state[idx] = 2;
    sc->result[idx] = svc;
    if (ei < 0)
        return svc;
    pl_ynode *ext = svc->pairs[ei].value;
    const char *ref = NULL, *file = NULL;
    if (ext->kind == PL_YAML_SCALAR && ext->stype != PL_YS_NULL) {
        ref = ext->str;
    } else if (ext->kind == PL_YAML_MAP) {
        const pl_ynode *sn = pl_yaml_get(ext, "service");
        ref = sn && sn->kind == PL_YAML_SCALAR && sn->stype == PL_YS_STR ? sn->str : NULL;
        file = pl_yaml_get_str(ext, "file", NULL);
        if (!ref) {
            pl_cload_diag_at(l, ext, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                             "extends.%s.service is required", name);
            return svc;
        }
    } else {
        return svc;
    }
    ext_scope *target = sc;
    if (file && remote_resource(file)) {
        l->c->remote++;
        return svc;
    }
    if (file) {
        const char *path = pl_cpath_join(l->a, sc->file->pub.base_dir, file);
        target = scope_for_file(l, path, cx, ext, name);
        if (!target)
            return svc;
    }
    int ridx = pl_ckeyidx_find(&target->names, ref, strlen(ref));
    if (ridx < 0) {
        if (file)
            pl_cload_diag_at(l, ext, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                             "cannot extend service \"%s\" in %s: service \"%s\" not found in %s", name,
                             sc->file->pub.path, ref, file);
        else
            pl_cload_diag_at(l, ext, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                             "cannot extend service \"%s\" in %s: service \"%s\" not found", name,
                             sc->file->pub.path, ref);
        return svc;
    }
    if (ch->n >= EXT_CHAIN_MAX) {
        pl_cload_diag_at(l, ext, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE,
                         "extends chain longer than %d services", EXT_CHAIN_MAX);
        return svc;
    }
    ch->name[ch->n] = name;
    ch->file[ch->n] = sc->file->pub.path;
    ch->n++;
    pl_ynode *base;
    if (target->state[ridx] == 1) {
        pl_strbuf sb;
        pl_sb_init(&sb, l->a);
        pl_sb_printf(&sb, "Circular reference: %s in %s", ch->name[0], ch->file[0]);
        for (int i = 1; i < ch->n; i++)
            pl_sb_printf(&sb, " extends %s in %s", ch->name[i], ch->file[i]);
        pl_sb_printf(&sb, " extends %s in %s", ref, target->file->pub.path);
        pl_cload_diag_at(l, ext, PL_DIAG_ERROR, PL_COMPOSE_RULE_REFERENCE, "%s", pl_sb_str(&sb));
        ch->n--;
        return svc;
    }
    sc->state[idx] = 1;
    base = extend_service(l, target, ridx, ch, cx);
    sc->state[idx] = 2;
    ch->n--;
    if (!base || base->kind != PL_YAML_MAP)
        return svc;
    base = apply_resets_to_service(l, base, name, sc->resets);
    pl_cpath path = {.n = 0};
    pl_cpath_push(&path, "services");
    pl_cpath_push(&path, "x");
    pl_ynode *merged = pl_compose_merge(l, base, svc, &path);
    int mi = pl_cn_index(merged, "extends");
    if (mi >= 0)
        merged = without_key(l, merged, mi);
    /* the extending service is where it is written, its values where they are */
    merged->span = svc->span;
    merged->file = svc->file;
    merged->tag = svc->tag;
    sc->result[idx] = merged;
    return merged;
}

pl_ynode *pl_cload_extends(pl_cload *l, pl_cfile *f, pl_ynode *cfg, const pl_cload_ctx *cx,
                           const pl_creset *resets)
{
    int si = pl_cn_index(cfg, "services");
    if (si < 0 || cfg->pairs[si].value->kind != PL_YAML_MAP)
        return cfg;
    pl_ynode *services = cfg->pairs[si].value;
    ext_scope *sc = new_scope(l, f, services);
    sc->resets = resets;
    pl_ynode *out = pl_cn_map(l->a, services, services->npairs);
    int changed = 0;
    for (int i = 0; i < services->npairs; i++) {
        ext_chain ch;
        ch.n = 0;
        pl_ynode *v = services->pairs[i].key->kind == PL_YAML_SCALAR
                          ? extend_service(l, sc, i, &ch, cx)
                          : services->pairs[i].value;
        changed |= v != services->pairs[i].value;
        pl_cn_add_pair(out, services->pairs[i].key, v);
    }
    if (!changed)
        return cfg;
    pl_ynode *root = pl_cn_map(l->a, cfg, cfg->npairs);
    for (int i = 0; i < cfg->npairs; i++)
        pl_cn_add_pair(root, cfg->pairs[i].key, i == si ? out : cfg->pairs[i].value);
    return root;
}
