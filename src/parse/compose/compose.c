/* compose.c — pl_compose_load's entry: the files compose-go would pick, the
 * variables it would see, and the lookups the model and rules use. */
#include <stdlib.h>
#include <string.h>

#include "compose_load.h"

static const char *const default_files[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                            "docker-compose.yaml"};
static const char *const default_overrides[] = {"compose.override.yml", "compose.override.yaml",
                                                "docker-compose.override.yml",
                                                "docker-compose.override.yaml"};

static const char *first_existing(pl_arena *a, const char *dir, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = pl_cpath_join(a, dir, names[i]);
        if (pl_cload_is_file(p))
            return p;
    }
    return NULL;
}

static void build_env(pl_cload *l, pl_cenv *env, const pl_compose_options *o, const char *project)
{
    env->environ = o->environ;
    if (o->nenv_files == 0) {
        const char *dotenv = pl_cpath_join(l->a, project, ".env");
        if (pl_cload_is_file(dotenv))
            pl_cenv_read_file(l, env, dotenv, env, 1);
        return;
    }
    for (int i = 0; i < o->nenv_files; i++) {
        if (pl_cenv_read_file(l, env, o->env_files[i], env, 1) < 0) {
            pl_cfile *f = PL_NEW(l->a, pl_cfile);
            f->pub.path = pl_arena_strdup(l->a, o->env_files[i]);
            f->pub.base_dir = project;
            f->pub.role = PL_COMPOSE_FILE_ENV;
            f->pub.missing = 1;
            pl_vec_push(l->a, &l->files, f);
            pl_cload_diag(l, f, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), PL_COMPOSE_RULE_REFERENCE,
                          "couldn't find env file: %s", o->env_files[i]);
        }
    }
}

pl_compose *pl_compose_load(pl_arena *a, const pl_compose_options *opts)
{
    static const pl_compose_options none;
    const pl_compose_options *o = opts ? opts : &none;
    pl_compose *c = PL_NEW(a, pl_compose);
    pl_cload l;
    memset(&l, 0, sizeof l);
    l.a = a;
    l.c = c;
    l.opts = o;
    l.budget = 512;

    const char *project = o->project_dir && *o->project_dir ? pl_cpath_clean(a, o->project_dir)
                          : o->nfiles > 0 ? pl_cpath_dir(a, o->files[0])
                                          : ".";
    c->project = PL_NEW(a, pl_compose_file);
    c->project->path = project;
    c->project->base_dir = project;

    const char **files;
    int nfiles = 0;
    if (o->nfiles > 0) {
        files = PL_NEW_N(a, const char *, o->nfiles);
        for (int i = 0; i < o->nfiles; i++)
            files[nfiles++] = o->files[i];
    } else {
        files = PL_NEW_N(a, const char *, 2);
        const char *main = first_existing(a, project, default_files, 4);
        if (main) {
            files[nfiles++] = main;
            const char *over = first_existing(a, project, default_overrides, 4);
            if (over)
                files[nfiles++] = over;
        } else {
            pl_cload_diag(&l, NULL, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), PL_COMPOSE_RULE_REFERENCE,
                          "no configuration file provided: not found");
        }
    }

    pl_cenv *env = PL_NEW(a, pl_cenv);
    build_env(&l, env, o, project);
    pl_cload_ctx cx = {.env = env};
    pl_ynode *root = pl_cload_model(&l, files, nfiles, PL_COMPOSE_FILE_MAIN, project, &cx);
    if (!root) {
        root = pl_cn_map(a, NULL, 0);
        /* a file that could not be read or parsed has said why already */
        if (nfiles > 0 && c->errors == 0)
            pl_cload_diag(&l, NULL, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), PL_COMPOSE_RULE_SCHEMA,
                          "empty compose file");
    }
    c->root = root;

    /* a missing --env-file has a record of its own, with its diagnostic */
    c->nfiles = (int)l.files.len;
    c->files = PL_NEW_N(a, pl_compose_file *, c->nfiles + 1);
    for (int i = 0; i < c->nfiles; i++)
        c->files[i] = &PL_VEC_AT(l.files, pl_cfile *, i)->pub;

    pl_ynode *services = pl_yaml_get(root, "services");
    if (services && services->kind == PL_YAML_MAP) {
        c->services = PL_NEW_N(a, pl_compose_service, services->npairs + 1);
        for (int i = 0; i < services->npairs; i++) {
            const pl_ynode *k = services->pairs[i].key;
            if (k->kind != PL_YAML_SCALAR)
                continue;
            pl_compose_service *s = &c->services[c->nservices++];
            s->name = k->str;
            s->node = services->pairs[i].value;
            s->pair = &services->pairs[i];
        }
    }
    return c;
}

pl_ynode *pl_compose_root(const pl_compose *c)
{
    return c ? c->root : NULL;
}

const pl_compose_service *pl_compose_service_get(const pl_compose *c, const char *name)
{
    for (int i = 0; c && i < c->nservices; i++)
        if (!strcmp(c->services[i].name, name))
            return &c->services[i];
    return NULL;
}

const pl_compose_file *pl_compose_file_of(const pl_compose *c, const pl_ynode *n)
{
    if (!c || !n || !n->file)
        return NULL;
    for (int i = 0; i < c->nfiles; i++)
        if (c->files[i]->path == n->file)
            return c->files[i];
    for (int i = 0; i < c->nfiles; i++)
        if (!strcmp(c->files[i]->path, n->file))
            return c->files[i];
    return NULL;
}

pl_ynode *pl_compose_at(const pl_ynode *from, const char *dotted_path)
{
    const pl_ynode *n = from;
    const char *s = dotted_path;
    char part[256];
    while (n && *s) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (len >= sizeof part)
            return NULL;
        memcpy(part, s, len);
        part[len] = '\0';
        n = pl_yaml_get(n, part);
        s += len;
        if (*s == '.')
            s++;
    }
    return (pl_ynode *)n;
}

const char *pl_compose_scalar(const pl_ynode *from, const char *dotted_path, const pl_ynode **node)
{
    const pl_ynode *n = pl_compose_at(from, dotted_path);
    if (node)
        *node = n;
    return n && n->kind == PL_YAML_SCALAR ? n->str : NULL;
}
