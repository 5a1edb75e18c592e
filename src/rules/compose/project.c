/* project.c — what compose refuses or warns about once it has read a
 * project whole (compose_project.h): the loader's diagnostics
 * (PL2600 compose-interpolation, PL2601 compose-variable-required, PL2602
 * compose-variable-unset, and bad `extends`/`include` for PL2603), and
 * PL2603's consistency checks on the merged services (what they name is
 * defined; no dependency cycle).
 *
 * A checked file reports the diagnostics of its own text; the file that
 * speaks for the project also reports those of the project's files that
 * are not checked themselves (an included file named otherwise, an env
 * file). A value merged from another file is reported where it was
 * written. */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/envfile.h"
#include "plimsoll/ignore.h"
#include "rules_decl.h"
#include "services.h"

static const pl_compose_project *project_or_skip(pl_check *c, const pl_file *f)
{
    const pl_compose_project *p = f->compose_project;
    if (!p)
        pl_skip(c, "the file was not read as part of a compose project");
    return p;
}

/* Reports the loader's diagnostics tagged `rule` (at `level` or above)
 * that belong to `f`; returns how many. */
static int report_diags(pl_check *c, const pl_file *f, const pl_compose_project *p, const char *rule,
                        pl_diag_level level, int *files_read)
{
    const char *self = pl_ignore_clean(pl_check_arena(c), f->path);
    int owner = pl_compose_is_owner(f), n = 0;
    *files_read = 0;
    for (int i = 0; i < p->compose->nfiles; i++) {
        const pl_compose_file *cf = p->compose->files[i];
        int mine = !strcmp(cf->path, self);
        if (!mine && !(owner && !p->checked[i]))
            continue;
        (*files_read)++;
        for (const pl_diag *d = cf->diags.head; d; d = d->next) {
            if (!d->rule || strcmp(d->rule, rule) || d->level > level)
                continue;
            if (mine)
                pl_fail(c, d->span, NULL, "%s", d->message);
            else
                pl_fail_in(c, cf->path, d->span, NULL, "%s", d->message);
            n++;
        }
    }
    for (const pl_diag *d = owner ? p->compose->project->diags.head : NULL; d; d = d->next)
        if (d->rule && !strcmp(d->rule, rule) && d->level <= level) {
            pl_fail(c, d->span, NULL, "%s", d->message);
            n++;
        }
    return n;
}

static void diag_rule(pl_check *c, const pl_file *f, const char *rule, pl_diag_level level,
                      const char *what)
{
    const pl_compose_project *p = project_or_skip(c, f);
    if (!p)
        return;
    int read;
    if (report_diags(c, f, p, rule, level, &read) > 0)
        return;
    if (read <= 1)
        pl_pass(c, (pl_span){0}, "%s in this file", what);
    else
        pl_pass(c, (pl_span){0}, "%s in this file and the %d file%s of its project not checked "
                "on their own", what, read - 1, read == 2 ? "" : "s");
}

void pl_check_compose_interpolation(pl_check *c, const pl_file *f)
{
    diag_rule(c, f, PL_COMPOSE_RULE_INTERPOLATION, PL_DIAG_ERROR, "every `$` reference well formed");
}

/* An example env file (`.env.example`, `example.env` ...) in `dir`; NULL. */
#define MAX_DIR_ENTRIES 4096
static const char *example_in(pl_arena *a, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    const char *found = NULL;
    struct dirent *e;
    int seen = 0;
    while (!found && (e = readdir(d)) && seen++ < MAX_DIR_ENTRIES)
        if (pl_env_example_name(e->d_name))
            found = pl_arena_printf(a, "%s/%s", dir, e->d_name);
    closedir(d);
    return found;
}

/* With no `.env` in the project directory, no --env-file, and an example
 * env file beside it or in a directory above it up to the repository's
 * root, the values come from each user's `.env`, made from that example
 * (searxng, healthchecks, frappe_docker): an unset variable then says
 * nothing about the repository. */
#define MAX_LEVELS_UP 6
static int values_from_users(pl_check *c, const pl_file *f)
{
    const pl_compose_project *p = f->compose_project;
    const pl_workspace *ws = pl_check_workspace(c);
    if (!p || !p->dir || (ws && ws->opts && ws->opts->env_files.n))
        return 0;
    pl_arena *a = pl_check_arena(c);
    struct stat st;
    if (!stat(pl_arena_printf(a, "%s/.env", p->dir), &st))
        return 0;
    char top[PATH_MAX], here[PATH_MAX];
    int bounded = ws && ws->repo_root && realpath(ws->repo_root, top);
    const char *dir = p->dir, *example = NULL;
    for (int level = 0; level <= MAX_LEVELS_UP && !example; level++) {
        if (!realpath(dir, here))
            break;
        example = example_in(a, dir);
        if (!bounded || strncmp(here, top, strlen(top)) || !strcmp(here, top))
            break;
        dir = pl_arena_printf(a, "%s/..", dir);
    }
    if (!example)
        return 0;
    pl_skip(c, "no .env in %s and no --env-file: each user makes one from %s", p->dir,
            pl_ignore_clean(a, example));
    return 1;
}

/* A compose file for CI, tests, development or demos (redash's
 * .ci/compose.cypress.yaml, minio's upgrade-tests/compose.yml) gets its
 * variables from the job or the script that runs it; the default reading
 * does not judge them. */
static int values_from_runner(pl_check *c, const pl_file *f)
{
    const char *why = pl_svc_nonproduction(c, f);
    if (!why)
        return 0;
    pl_skip(c, "%s: the job or script that runs it sets its variables", why);
    return 1;
}

void pl_check_compose_variable_required(pl_check *c, const pl_file *f)
{
    if (values_from_users(c, f) || values_from_runner(c, f))
        return;
    diag_rule(c, f, PL_COMPOSE_RULE_REQUIRED, PL_DIAG_ERROR, "every required variable set");
}

void pl_check_compose_variable_unset(pl_check *c, const pl_file *f)
{
    if (values_from_users(c, f) || values_from_runner(c, f))
        return;
    diag_rule(c, f, PL_COMPOSE_RULE_UNSET, PL_DIAG_WARNING,
              "every variable set or given a default");
}

/* ---- compose-reference: what the merged services name ---------------------------------- */

/* The names a top-level section (networks, volumes...) defines, sorted,
 * so that looking many up stays O(n log n). */
typedef struct {
    const char *section;
    const char **names;
    int n;
} name_set;

enum { NSECTIONS = 4 };

typedef struct {
    pl_check *c;
    const pl_file *f;
    const pl_compose_project *p;
    const pl_ynode *root;
    pl_svc *svcs;
    int n;
    pl_svc_index ix;
    name_set sets[NSECTIONS];
    int judged;
    /* an example of the override file compose would merge, when that file
     * is absent: what is undefined here may be defined there */
    const char *override_example;
    int unknown;
    /* names not defined in the project but in another compose file of the
     * repository: a part of a project merged with `-f` */
    int elsewhere;
    const char *elsewhere_example;
} refs;

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void index_sections(refs *r)
{
    static const char *const sections[NSECTIONS] = {"networks", "volumes", "secrets", "configs"};
    pl_arena *a = pl_check_arena(r->c);
    for (int k = 0; k < NSECTIONS; k++) {
        name_set *set = &r->sets[k];
        set->section = sections[k];
        const pl_ynode *top = pl_yaml_get(r->root, sections[k]);
        int n = top && top->kind == PL_YAML_MAP ? top->npairs : 0;
        set->names = PL_NEW_N(a, const char *, n + 1);
        for (int i = 0; i < n; i++) {
            const pl_ynode *key = top->pairs[i].key;
            if (key && key->kind == PL_YAML_SCALAR && key->str)
                set->names[set->n++] = key->str;
        }
        qsort(set->names, (size_t)set->n, sizeof *set->names, cmp_str);
    }
}

/* A name usable as a reference: a scalar whose value is known. */
static const char *name_of(const pl_ynode *n)
{
    const char *s = pl_svc_scalar(n);
    return s && *s && !pl_svc_dynamic(s) ? s : NULL;
}

static int defined(const refs *r, const char *section, const char *name)
{
    for (int k = 0; k < NSECTIONS; k++)
        if (!strcmp(r->sets[k].section, section))
            return r->sets[k].n &&
                   bsearch(&name, r->sets[k].names, (size_t)r->sets[k].n, sizeof name, cmp_str);
    return 0;
}

/* A name a part of a merged project (one with bases, compose_project.h)
 * does not define but another compose file of the repository does: the
 * `docker compose -f A -f B` project defines what any of its files
 * defines. */
static int defined_elsewhere(refs *r, const char *section, const char *kind, const char *name)
{
    const char *where = r->p->nbases ? pl_compose_defined_elsewhere(r->p, section, name) : NULL;
    if (!where)
        return 0;
    if (!r->elsewhere++)
        r->elsewhere_example = pl_arena_printf(pl_check_arena(r->c), "the %s %s is defined in %s",
                                               kind, name, where);
    return 1;
}

static void need(refs *r, const pl_svc *s, const pl_ynode *at, const char *section, const char *kind,
                 const char *name)
{
    r->judged++;
    if (defined(r, section, name))
        return;
    if (r->override_example)
        r->unknown++;
    else if (!defined_elsewhere(r, section, kind, name))
        pl_svc_fail(r->c, r->f, at, NULL, "service %s refers to undefined %s %s", s->name, kind, name);
}

static const pl_svc *service(const refs *r, const char *name) { return pl_svc_index_find(&r->ix, name); }

/* The services `s` depends on, as compose-go counts them: depends_on,
 * links, network_mode/volumes_from `service:`. Calls fn for each. */
typedef void (*dep_fn)(void *ud, const pl_svc *s, const pl_ynode *at, const char *name);

static void each_dependency(const pl_svc *s, dep_fn fn, void *ud, pl_arena *a)
{
    const pl_ynode *d = pl_yaml_get(s->node, "depends_on");
    if (d && d->kind == PL_YAML_SEQ) {
        for (int i = 0; i < d->nitems; i++)
            if (name_of(d->items[i]))
                fn(ud, s, d->items[i], name_of(d->items[i]));
    } else if (d && d->kind == PL_YAML_MAP) {
        for (int i = 0; i < d->npairs; i++) {
            const pl_ynode *req = pl_yaml_get(d->pairs[i].value, "required");
            /* compose only warns about a dependency that is not required */
            if (req && !pl_svc_true(req))
                continue;
            if (name_of(d->pairs[i].key))
                fn(ud, s, d->pairs[i].key, name_of(d->pairs[i].key));
        }
    }
    const pl_ynode *links = pl_yaml_get(s->node, "links");
    for (int i = 0; links && links->kind == PL_YAML_SEQ && i < links->nitems; i++) {
        const char *l = name_of(links->items[i]);
        if (!l)
            continue;
        const char *colon = strchr(l, ':');
        fn(ud, s, links->items[i], colon ? pl_arena_strndup(a, l, (size_t)(colon - l)) : l);
    }
    const pl_ynode *nm = pl_yaml_get(s->node, "network_mode");
    const char *m = name_of(nm);
    if (m && !strncmp(m, "service:", 8) && m[8])
        fn(ud, s, nm, m + 8);
    const pl_ynode *vf = pl_yaml_get(s->node, "volumes_from");
    for (int i = 0; vf && vf->kind == PL_YAML_SEQ && i < vf->nitems; i++) {
        const char *v = name_of(vf->items[i]);
        if (!v || !strncmp(v, "container:", 10))
            continue;
        if (!strncmp(v, "service:", 8))
            v += 8;
        const char *colon = strchr(v, ':');
        fn(ud, s, vf->items[i], colon ? pl_arena_strndup(a, v, (size_t)(colon - v)) : v);
    }
}

static void check_dependency(void *ud, const pl_svc *s, const pl_ynode *at, const char *name)
{
    refs *r = ud;
    r->judged++;
    if (service(r, name))
        return;
    if (r->override_example)
        r->unknown++;
    else if (!defined_elsewhere(r, "services", "service", name))
        pl_svc_fail(r->c, r->f, at, NULL, "service %s depends on undefined service %s", s->name, name);
}

static void check_networks(refs *r, const pl_svc *s)
{
    const pl_ynode *nets = pl_yaml_get(s->node, "networks");
    int n = !nets ? 0 : nets->kind == PL_YAML_MAP ? nets->npairs : nets->kind == PL_YAML_SEQ ? nets->nitems : 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *at = nets->kind == PL_YAML_MAP ? nets->pairs[i].key : nets->items[i];
        const char *name = name_of(at);
        /* every project has a network named default */
        if (name && strcmp(name, "default"))
            need(r, s, at, "networks", "network", name);
    }
}

/* The named volume of a short `volumes:` entry ("data:/var/lib/x:ro"), or
 * NULL for a bind mount or an anonymous volume. */
static const char *short_volume(pl_arena *a, const char *v)
{
    const char *colon = strchr(v, ':');
    if (!colon || colon == v)
        return NULL;
    char first = v[0];
    if (first == '/' || first == '.' || first == '~' || first == '\\')
        return NULL;
    const char *name = pl_arena_strndup(a, v, (size_t)(colon - v));
    /* a Windows drive ("C:\\data") or a path */
    if (strchr(name, '/') || strchr(name, '\\') || (colon - v == 1))
        return NULL;
    return name;
}

static void check_volumes(refs *r, const pl_svc *s)
{
    const pl_ynode *vols = pl_yaml_get(s->node, "volumes");
    for (int i = 0; vols && vols->kind == PL_YAML_SEQ && i < vols->nitems; i++) {
        const pl_ynode *v = vols->items[i];
        const char *name = NULL;
        const pl_ynode *at = v;
        if (v->kind == PL_YAML_SCALAR) {
            const char *text = name_of(v);
            name = text ? short_volume(pl_check_arena(r->c), text) : NULL;
        } else if (v->kind == PL_YAML_MAP) {
            const char *type = name_of(pl_yaml_get(v, "type"));
            at = pl_yaml_get(v, "source");
            if (type && !strcmp(type, "volume"))
                name = name_of(at);
        }
        if (name)
            need(r, s, at, "volumes", "volume", name);
    }
}

static void check_files(refs *r, const pl_svc *s, const char *key, const char *kind)
{
    const pl_ynode *list = pl_yaml_get(s->node, key);
    for (int i = 0; list && list->kind == PL_YAML_SEQ && i < list->nitems; i++) {
        const pl_ynode *e = list->items[i];
        const pl_ynode *at = e->kind == PL_YAML_MAP ? pl_yaml_get(e, "source") : e;
        const char *name = name_of(at);
        if (name)
            need(r, s, at, key, kind, name);
    }
}

/* ---- dependency cycles ---------------------------------------------------------------- */

typedef struct {
    int *to;          /* edge targets (service indexes) */
    const pl_ynode **at;
    int n, cap;
} edges;

typedef struct {
    const refs *r;
    edges *out;       /* per service */
    pl_arena *a;
} edge_ctx;

static void add_edge(void *ud, const pl_svc *s, const pl_ynode *at, const char *name)
{
    edge_ctx *e = ud;
    const pl_svc *t = service(e->r, name);
    if (!t)
        return;
    edges *x = &e->out[s - e->r->svcs];
    if (x->n == x->cap) {
        int cap = x->cap ? x->cap * 2 : 4;
        int *to = PL_NEW_N(e->a, int, cap);
        const pl_ynode **ats = PL_NEW_N(e->a, const pl_ynode *, cap);
        if (x->n) {
            memcpy(to, x->to, sizeof *to * (size_t)x->n);
            memcpy(ats, x->at, sizeof *ats * (size_t)x->n);
        }
        x->to = to;
        x->at = ats;
        x->cap = cap;
    }
    x->to[x->n] = (int)(t - e->r->svcs);
    x->at[x->n++] = at;
}

/* Depth-first over the dependency graph without recursion; an edge back
 * to a service on the current path closes a cycle, reported once at that
 * edge with the path it closes. */
static void find_cycles(refs *r)
{
    pl_arena *a = pl_check_arena(r->c);
    edges *g = PL_NEW_N(a, edges, r->n + 1);
    edge_ctx ec = {r, g, a};
    for (int i = 0; i < r->n; i++)
        each_dependency(&r->svcs[i], add_edge, &ec, a);
    unsigned char *state = PL_NEW_N(a, unsigned char, r->n + 1); /* 0 new, 1 on path, 2 done */
    int *stack = PL_NEW_N(a, int, r->n + 1), *next = PL_NEW_N(a, int, r->n + 1);
    for (int root = 0; root < r->n; root++) {
        if (state[root])
            continue;
        int depth = 0;
        stack[depth] = root;
        next[depth++] = 0;
        state[root] = 1;
        while (depth > 0) {
            int v = stack[depth - 1];
            if (next[depth - 1] >= g[v].n) {
                state[v] = 2;
                depth--;
                continue;
            }
            int k = next[depth - 1]++;
            int w = g[v].to[k];
            if (state[w] == 0) {
                state[w] = 1;
                stack[depth] = w;
                next[depth++] = 0;
            } else if (state[w] == 1) {
                pl_strbuf sb;
                pl_sb_init(&sb, a);
                int from = depth - 1;
                while (from > 0 && stack[from] != w)
                    from--;
                for (int i = from; i < depth; i++)
                    pl_sb_printf(&sb, "%s -> ", r->svcs[stack[i]].name);
                pl_sb_puts(&sb, r->svcs[w].name);
                pl_svc_fail(r->c, r->f, g[v].at[k], NULL, "dependency cycle detected: %s",
                            pl_sb_str(&sb));
            }
        }
    }
}

static const char *const default_overrides[] = {"compose.override.", "docker-compose.override."};

static int is_default_override(const char *base)
{
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(default_overrides[i]);
        if (!strncmp(base, default_overrides[i], n) &&
            (!strcmp(base + n, "yml") || !strcmp(base + n, "yaml")))
            return 1;
    }
    return 0;
}

/* The example of an override file (docker-zulip's
 * compose.override.yaml.example, git-ignored once copied) when compose
 * loads the project from its default files and no override file is there:
 * each user creates it from the example, and compose merges it by default,
 * so a secret or a network the base names may well be defined in it. */
static const char *override_example(pl_check *c, const pl_compose_project *p)
{
    if (p->from_cli || p->alone)
        return NULL;
    for (int i = 0; i < p->compose->nfiles; i++) {
        const char *path = p->compose->files[i]->path, *slash = path ? strrchr(path, '/') : NULL;
        if (path && is_default_override(slash ? slash + 1 : path))
            return NULL;
    }
    static const char *const kinds[] = {"example", "sample", "dist", "template", "tmpl", "default"};
    const char *found = NULL;
    DIR *d = opendir(p->dir && *p->dir ? p->dir : ".");
    if (!d)
        return NULL;
    struct dirent *e;
    int seen = 0;
    while (!found && (e = readdir(d)) && seen++ < MAX_DIR_ENTRIES)
        for (int i = 0; i < 2 && !found; i++) {
            size_t n = strlen(default_overrides[i]);
            if (strncmp(e->d_name, default_overrides[i], n))
                continue;
            for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
                if (strstr(e->d_name + n, kinds[k]))
                    found = pl_arena_strdup(pl_check_arena(c), e->d_name);
        }
    closedir(d);
    return found;
}

void pl_check_compose_reference(pl_check *c, const pl_file *f)
{
    const pl_compose_project *p = project_or_skip(c, f);
    if (!p)
        return;
    int read;
    int nload = report_diags(c, f, p, PL_COMPOSE_RULE_REFERENCE, PL_DIAG_ERROR, &read);
    if (!pl_compose_is_owner(f)) {
        if (!nload)
            pl_skip(c, "part of the compose project of %s: its references are judged there",
                    p->owner ? p->owner : p->dir);
        return;
    }
    if (p->alone) {
        if (!nload)
            pl_skip(c, "compose does not pick this file by default: it may be an override "
                       "read with -f, so what it names but does not define is not judged "
                       "(name it with --compose-file to judge it)");
        return;
    }
    if (p->compose->remote) {
        if (!nload)
            pl_skip(c, "the project includes or extends remote files, which plimsoll does not "
                       "fetch: what they define is not known");
        return;
    }
    refs r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.f = f;
    r.p = p;
    r.root = pl_compose_root(p->compose);
    r.n = pl_compose_services(f, &r.svcs);
    if (r.n <= 0) {
        if (!nload)
            pl_skip(c, "the project defines no services");
        return;
    }
    pl_svc_index_build(pl_check_arena(c), r.svcs, r.n, &r.ix);
    index_sections(&r);
    r.override_example = override_example(c, p);
    for (int i = 0; i < r.n; i++) {
        each_dependency(&r.svcs[i], check_dependency, &r, pl_check_arena(c));
        check_networks(&r, &r.svcs[i]);
        check_volumes(&r, &r.svcs[i]);
        check_files(&r, &r.svcs[i], "secrets", "secret");
        check_files(&r, &r.svcs[i], "configs", "config");
    }
    find_cycles(&r);
    if (r.elsewhere)
        pl_skip(c,
                "%d name%s the services use %s not defined in the files of this project but in "
                "other compose files of the repository (%s): this file is likely merged with them "
                "(`docker compose -f BASE -f THIS`), whose project defines %s",
                r.elsewhere, r.elsewhere == 1 ? "" : "s", r.elsewhere == 1 ? "is" : "are",
                r.elsewhere_example, r.elsewhere == 1 ? "it" : "them");
    else if (r.unknown)
        pl_skip(c,
                "%d name%s the services use %s not defined in the files compose reads today; %s "
                "beside them is the example of the override file compose merges by default, "
                "which each user creates, and may define %s",
                r.unknown, r.unknown == 1 ? "" : "s", r.unknown == 1 ? "is" : "are",
                r.override_example, r.unknown == 1 ? "it" : "them");
    else if (!r.judged)
        pl_svc_pass(c, r.svcs, r.n,
                    "no service names another service, a network, a volume, a secret or a config");
    else
        pl_svc_pass(c, r.svcs, r.n,
                    pl_arena_printf(pl_check_arena(c),
                                    "%d reference%s to services, networks, volumes, secrets and "
                                    "configs checked, each defined; no dependency cycle",
                                    r.judged, r.judged == 1 ? "" : "s"));
}
