/* compose_merged.c — compose files that are parts of a project merged
 * with `docker compose -f BASE -f PART ...` (compose_project.h, `bases`).
 *
 * A test harness or a Makefile often splits one project over many files:
 * a base that defines the shared network, and parts that add services
 * using it. Read alone, a part names what it does not define, and its
 * relative paths are written against the base's directory (compose
 * resolves every file's paths against the first file's directory). What
 * a static reader can see of that: another compose file of the
 * repository defines the names the part uses but does not define; a
 * compose file in a directory above the part's. Those files are the bases
 * it may be merged after; a name or a path found there is unknown here,
 * not missing. */
#include <stdlib.h>
#include <string.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/ignore.h"

enum { NSECTIONS = 5, MAX_BASES = 16 };

static const char *const sections[NSECTIONS] = {"services", "networks", "volumes", "secrets",
                                                "configs"};

/* One name a compose file defines at its top level. */
typedef struct {
    int section;
    const char *name;
    const char *file; /* display path */
} def;

struct pl_compose_names {
    def *defs;
    size_t n;
};

static int section_index(const char *section)
{
    for (int i = 0; i < NSECTIONS; i++)
        if (!strcmp(sections[i], section))
            return i;
    return -1;
}

static int cmp_def(const void *x, const void *y)
{
    const def *a = x, *b = y;
    if (a->section != b->section)
        return a->section - b->section;
    int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->file, b->file);
}

static const pl_ynode *root_of(const pl_file *f)
{
    const pl_yaml *y = f->compose;
    for (int i = 0; y && i < y->ndocs; i++)
        if (y->docs[i] && y->docs[i]->kind == PL_YAML_MAP)
            return y->docs[i];
    return NULL;
}

static struct pl_compose_names *index_names(pl_workspace *ws)
{
    struct pl_compose_names *ix = PL_NEW(ws->arena, struct pl_compose_names);
    size_t cap = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            ix->defs = PL_NEW_N(ws->arena, def, cap + 1);
        for (int i = 0; i < ws->nfiles; i++) {
            const pl_file *f = ws->files[i];
            const pl_ynode *root = f->kind == PL_KIND_COMPOSE ? root_of(f) : NULL;
            for (int k = 0; root && k < NSECTIONS; k++) {
                const pl_ynode *top = pl_yaml_get(root, sections[k]);
                for (int j = 0; top && top->kind == PL_YAML_MAP && j < top->npairs; j++) {
                    const pl_ynode *key = top->pairs[j].key;
                    if (!key || key->kind != PL_YAML_SCALAR || !key->str || !*key->str)
                        continue;
                    if (!pass) {
                        cap++;
                        continue;
                    }
                    def *d = &ix->defs[ix->n++];
                    d->section = k;
                    d->name = key->str;
                    d->file = pl_ignore_clean(ws->arena, f->path);
                }
            }
        }
    }
    if (ix->n)
        qsort(ix->defs, ix->n, sizeof *ix->defs, cmp_def);
    return ix;
}

const char *pl_compose_defined_elsewhere(const pl_compose_project *p, const char *section,
                                         const char *name)
{
    int k = section_index(section);
    const struct pl_compose_names *ix = p ? p->names : NULL;
    if (k < 0 || !ix || !ix->n || !name)
        return NULL;
    /* the first definition of (section, name): binary search */
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const def *d = &ix->defs[mid];
        int c = d->section != k ? d->section - k : strcmp(d->name, name);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->n && ix->defs[i].section == k && !strcmp(ix->defs[i].name, name);
         i++)
        if (!pl_compose_project_file(p, ix->defs[i].file))
            return ix->defs[i].file;
    return NULL;
}

/* ---- what a project uses but does not define ------------------------------------------ */

static const char *scalar_name(const pl_ynode *n)
{
    return n && n->kind == PL_YAML_SCALAR && n->str && *n->str && !n->unresolved &&
                   !strchr(n->str, '$')
               ? n->str
               : NULL;
}

static int defines(const pl_ynode *root, const char *section, const char *name)
{
    const pl_ynode *top = pl_yaml_get(root, section);
    return top && top->kind == PL_YAML_MAP && pl_yaml_get(top, name);
}

/* Whether `dir` is a strict ancestor of `of` (both cleaned display
 * paths; "." is the ancestor of every relative path). */
static int is_ancestor(const char *dir, const char *of)
{
    if (!strcmp(dir, of))
        return 0;
    if (!strcmp(dir, "."))
        return of[0] != '/' && strncmp(of, "../", 3) && strcmp(of, "..");
    size_t n = strlen(dir);
    return !strncmp(of, dir, n) && of[n] == '/';
}

typedef struct {
    pl_workspace *ws;
    pl_compose_project *p;
    pl_compose_base *bases;
    int n;
    /* the project cannot be a whole project: a service with neither an
     * image nor a build, or a name it uses that a compose file in a
     * directory above defines */
    int part;
} collect;

static void add_base(collect *c, const char *file, const char *why)
{
    if (c->n >= MAX_BASES || pl_compose_project_file(c->p, file))
        return;
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->bases[i].file, file))
            return;
    pl_compose_base *b = &c->bases[c->n++];
    b->file = file;
    const char *slash = strrchr(file, '/');
    b->dir = slash ? pl_arena_strndup(c->ws->arena, file, (size_t)(slash - file)) : ".";
    b->why = why;
}

/* A name the project's services use (a network, a service they depend
 * on) that the project does not define. */
static void used(collect *c, const pl_ynode *root, const char *section, const char *kind,
                 const char *name)
{
    if (!name || defines(root, section, name))
        return;
    if (!strcmp(section, "networks") && !strcmp(name, "default"))
        return;
    const char *where = pl_compose_defined_elsewhere(c->p, section, name);
    if (!where)
        return;
    const char *slash = strrchr(where, '/');
    const char *dir = slash ? pl_arena_strndup(c->ws->arena, where, (size_t)(slash - where)) : ".";
    if (is_ancestor(dir, c->p->dir ? c->p->dir : "."))
        c->part = 1;
    add_base(c, where,
             pl_arena_printf(c->ws->arena, "which defines the %s %s this file uses", kind, name));
}

static void keys_or_items(collect *c, const pl_ynode *root, const pl_ynode *n, const char *section,
                          const char *kind)
{
    if (n && n->kind == PL_YAML_MAP)
        for (int i = 0; i < n->npairs; i++)
            used(c, root, section, kind, scalar_name(n->pairs[i].key));
    else if (n && n->kind == PL_YAML_SEQ)
        for (int i = 0; i < n->nitems; i++)
            used(c, root, section, kind, scalar_name(n->items[i]));
}

static void scan_uses(collect *c)
{
    const pl_ynode *root = pl_compose_root(c->p->compose);
    const pl_ynode *svcs = pl_yaml_get(root, "services");
    for (int i = 0; svcs && svcs->kind == PL_YAML_MAP && i < svcs->npairs; i++) {
        const pl_ynode *s = svcs->pairs[i].value;
        if (!s || s->kind != PL_YAML_MAP)
            continue;
        keys_or_items(c, root, pl_yaml_get(s, "networks"), "networks", "network");
        keys_or_items(c, root, pl_yaml_get(s, "depends_on"), "services", "service");
        /* a service with neither an image nor a build completes one
         * another file defines */
        keys_or_items(c, root, pl_yaml_get(s, "secrets"), "secrets", "secret");
        keys_or_items(c, root, pl_yaml_get(s, "configs"), "configs", "config");
        if (!pl_yaml_get(s, "image") && !pl_yaml_get(s, "build") && !pl_yaml_get(s, "extends")) {
            c->part = 1;
            used(c, root, "services", "service", scalar_name(svcs->pairs[i].key));
        }
    }
}

/* A checked compose file, its path and directory cleaned once. */
typedef struct {
    const char *path;
    const char *dir;
    size_t dir_len; /* 0 for "." */
} compose_file;

static int deeper_first(const void *x, const void *y)
{
    const compose_file *a = *(const compose_file *const *)x, *b = *(const compose_file *const *)y;
    return a->dir_len < b->dir_len ? 1 : a->dir_len > b->dir_len ? -1 : strcmp(a->path, b->path);
}

/* The compose files in the directories above the project's, nearest
 * first. `scratch` holds nfiles pointers. */
static void ancestors(collect *c, const compose_file *files, int nfiles,
                      const compose_file **scratch)
{
    const char *dir = c->p->dir ? c->p->dir : ".";
    int n = 0;
    for (int i = 0; i < nfiles; i++)
        if (is_ancestor(files[i].dir, dir) && !pl_compose_project_file(c->p, files[i].path))
            scratch[n++] = &files[i];
    qsort(scratch, (size_t)n, sizeof *scratch, deeper_first);
    for (int i = 0; i < n && c->n < MAX_BASES; i++)
        add_base(c, scratch[i]->path, "a compose file in a directory above");
}

void pl_model_compose_merged(pl_workspace *ws, int (*named)(const void *ctx, const char *path),
                             const void *ctx)
{
    struct pl_compose_names *ix = index_names(ws);
    compose_file *files = PL_NEW_N(ws->arena, compose_file, ws->nfiles + 1);
    int nfiles = 0;
    for (int i = 0; i < ws->nfiles; i++) {
        const pl_file *f = ws->files[i];
        if (f->kind != PL_KIND_COMPOSE || !root_of(f))
            continue;
        compose_file *cf = &files[nfiles++];
        cf->path = pl_ignore_clean(ws->arena, f->path);
        const char *slash = strrchr(cf->path, '/');
        cf->dir = slash ? pl_arena_strndup(ws->arena, cf->path, (size_t)(slash - cf->path)) : ".";
        cf->dir_len = slash ? (size_t)(slash - cf->path) : 0;
    }
    const compose_file **scratch = PL_NEW_N(ws->arena, const compose_file *, nfiles + 1);
    for (size_t k = 0; k < ws->compose_projects.len; k++) {
        pl_compose_project *p = ws->compose_projects.items[k];
        p->names = ix;
        /* named on the command line, the project is what the user asked
         * about: judged as written */
        if (p->from_cli || !p->compose || (p->owner && named && named(ctx, pl_ignore_clean(ws->arena, p->owner))))
            continue;
        collect c = {ws, p, PL_NEW_N(ws->arena, pl_compose_base, MAX_BASES), 0, 0};
        if (p->merged_after) {
            c.part = 1;
            add_base(&c, p->merged_after,
                     pl_arena_printf(ws->arena, "named before it in `docker compose -f` at %s",
                                     p->merged_by));
        }
        scan_uses(&c);
        /* a name another file defines alone (monica's examples, each a
         * whole project, one mounting a volume only its siblings define)
         * is a mistake of this project, not a sign it is merged */
        if (!c.part)
            continue;
        ancestors(&c, files, nfiles, scratch);
        p->bases = c.bases;
        p->nbases = c.n;
    }
}
