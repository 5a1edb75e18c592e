/* services.c — the services accessor and value helpers of the compose
 * rules beyond validity. */
#include "services.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/image.h"
#include "plimsoll/purpose.h"
#include "plimsoll/unit.h"

static const char *dir_of(pl_arena *a, const pl_file *f)
{
    const char *p = f->fs_path ? f->fs_path : f->path;
    if (!p || !strcmp(p, "-"))
        return ".";
    const char *slash = strrchr(p, '/');
    if (!slash)
        return ".";
    if (slash == p)
        return "/";
    return pl_arena_strndup(a, p, (size_t)(slash - p));
}

/* The first document that is a mapping: compose reads one document. */
static const pl_ynode *root_of(const pl_yaml *y)
{
    for (int i = 0; y && i < y->ndocs; i++)
        if (y->docs[i] && y->docs[i]->kind == PL_YAML_MAP)
            return y->docs[i];
    return NULL;
}

/* The merged services of the project `f` speaks for. */
static int project_services(const pl_file *f, pl_svc **out)
{
    const pl_compose_project *p = f->compose_project;
    const pl_compose *c = p->compose;
    pl_svc *s = PL_NEW_N(f->arena, pl_svc, c->nservices + 1);
    int n = 0;
    for (int i = 0; i < c->nservices; i++) {
        const pl_ynode *key = c->services[i].pair->key;
        const pl_ynode *node = c->services[i].node;
        if (!node || node->kind != PL_YAML_MAP)
            continue;
        s[n].name = c->services[i].name;
        s[n].key = key;
        s[n].node = node;
        s[n].file = key->file ? key->file : f->path;
        s[n].dir = pl_compose_dir_of(p, key, p->dir);
        s[n].project = p;
        n++;
    }
    *out = s;
    return n;
}

int pl_compose_services(const pl_file *f, pl_svc **out)
{
    *out = NULL;
    if (f->kind != PL_KIND_COMPOSE || !f->compose)
        return -1;
    if (f->compose_project) {
        if (!pl_compose_is_owner(f))
            return 0;
        return project_services(f, out);
    }
    const pl_ynode *services = pl_yaml_get(root_of(f->compose), "services");
    if (!services || services->kind != PL_YAML_MAP)
        return 0;
    pl_svc *s = PL_NEW_N(f->arena, pl_svc, services->npairs + 1);
    const char *dir = dir_of(f->arena, f);
    int n = 0;
    for (int i = 0; i < services->npairs; i++) {
        const pl_ypair *p = &services->pairs[i];
        const char *name = pl_svc_scalar(p->key);
        /* a service that is not a mapping is the schema rule's finding */
        if (!name || !p->value || p->value->kind != PL_YAML_MAP)
            continue;
        s[n].name = name;
        s[n].key = p->key;
        s[n].node = p->value;
        s[n].file = p->key->file ? p->key->file : f->path;
        s[n].dir = dir;
        n++;
    }
    *out = s;
    return n;
}

int pl_svc_list_or_skip(pl_check *c, const pl_file *f, pl_svc **out)
{
    int n = pl_compose_services(f, out);
    if (n < 0)
        pl_skip(c, "the compose file could not be read");
    else if (n == 0 && f->compose_project && !pl_compose_is_owner(f) && f->compose_project->owner)
        pl_skip(c, "part of the compose project of %s: its services are judged there",
                f->compose_project->owner);
    else if (n == 0)
        pl_skip(c, "the file defines no services");
    return n < 0 ? 0 : n;
}

static int by_name(const void *x, const void *y)
{
    const pl_svc *const *a = x, *const *b = y;
    return strcmp((*a)->name, (*b)->name);
}

void pl_svc_index_build(pl_arena *a, const pl_svc *svcs, int n, pl_svc_index *out)
{
    out->by_name = PL_NEW_N(a, const pl_svc *, n + 1);
    out->n = n;
    for (int i = 0; i < n; i++)
        out->by_name[i] = &svcs[i];
    qsort(out->by_name, (size_t)n, sizeof *out->by_name, by_name);
}

const pl_svc *pl_svc_index_find(const pl_svc_index *ix, const char *name)
{
    if (!name)
        return NULL;
    /* the last of equal names wins, as a later duplicate key does in YAML */
    int lo = 0, hi = ix->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(ix->by_name[mid]->name, name) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && !strcmp(ix->by_name[lo - 1]->name, name) ? ix->by_name[lo - 1] : NULL;
}

const char *pl_svc_scalar(const pl_ynode *n)
{
    if (!n || n->kind != PL_YAML_SCALAR || n->stype == PL_YS_NULL || !n->str)
        return NULL;
    return n->unresolved && n->raw ? n->raw : n->str;
}

const char *pl_svc_get(const pl_ynode *map, const char *key, const pl_ynode **node)
{
    const pl_ynode *v = pl_yaml_get(map, key);
    if (node)
        *node = v;
    return pl_svc_scalar(v);
}

int pl_svc_dynamic(const char *s) { return s && strchr(s, '$') != NULL; }

int pl_svc_true(const pl_ynode *n)
{
    const char *s = pl_svc_scalar(n);
    return s && (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes") ||
                 !strcasecmp(s, "on"));
}

long pl_svc_int(const pl_ynode *n)
{
    const char *s = pl_svc_scalar(n);
    if (!s || !*s || strlen(s) > 9)
        return -1;
    long v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

const char *pl_svc_path(pl_arena *a, const pl_svc *s, const char *path)
{
    if (!path || path[0] == '~')
        return NULL;
    if (path[0] == '/')
        return path;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (!strcmp(path, ".") || !*path)
        return s->dir;
    if (!strcmp(s->dir, "."))
        return path;
    return pl_arena_printf(a, "%s/%s", s->dir, path);
}

const char *pl_svc_path_at(pl_arena *a, const pl_svc *s, const pl_ynode *at, const char *path)
{
    pl_svc in = *s;
    if (s->project && at)
        in.dir = pl_compose_dir_of(s->project, at, s->dir);
    return pl_svc_path(a, &in, path);
}

static const char fragment_paths[] =
    "an override file with no base compose file beside it: its relative paths resolve against "
    "the directory of the base it is copied next to, which is not known";

const char *pl_svc_paths_unknown(pl_arena *a, const pl_svc *s)
{
    if (s->project && s->project->fragment)
        return fragment_paths;
    if (s->project && s->project->copied_by)
        return pl_arena_printf(a, "the repository copies this compose file elsewhere before it "
                                  "is used (%s): its relative paths resolve where the copy lands",
                               s->project->copied_by);
    return NULL;
}

/* Whether `path` lies inside the repository (its root when known, else
 * below the directory plimsoll runs in). */
static int inside_repository(const pl_workspace *ws, const char *path)
{
    char top[PATH_MAX], here[PATH_MAX];
    if (!realpath(path, here))
        return 0;
    if (!(ws && ws->repo_root ? realpath(ws->repo_root, top) : getcwd(top, sizeof top)))
        return 0;
    size_t n = strlen(top);
    return !strncmp(here, top, n) && (here[n] == '/' || !here[n] || !strcmp(top, "/"));
}

const char *pl_svc_found_from_base(pl_arena *a, const pl_workspace *ws, const pl_svc *s,
                                   const char *context, const char *file)
{
    const pl_compose_project *p = s->project;
    if (!p || !context || context[0] == '/' || context[0] == '~' || (file && file[0] == '/'))
        return NULL;
    for (int i = 0; i < p->nbases; i++) {
        const pl_compose_base *b = &p->bases[i];
        const char *dir = strcmp(b->dir, ".") ? pl_arena_printf(a, "%s/%s", b->dir, context)
                                              : context;
        if (!pl_svc_is_dir(dir) || !inside_repository(ws, dir))
            continue;
        if (file && !pl_svc_is_file(pl_arena_printf(a, "%s/%s", dir, file)))
            continue;
        return pl_arena_printf(a, "resolved against %s, the directory of %s (%s), it exists: "
                                  "compose resolves the paths of every `-f` file against the "
                                  "first file's directory, and this file may be merged after "
                                  "that one",
                               b->dir, b->file, b->why);
    }
    return NULL;
}

int pl_svc_is_dir(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int pl_svc_is_file(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A first path component that names a registry: it has a `.` or a `:`, or is
 * "localhost" (the rule docker's reference parser uses). */
static int is_registry(const char *s, size_t n)
{
    return memchr(s, '.', n) || memchr(s, ':', n) || (n == 9 && !strncmp(s, "localhost", 9));
}

const char *pl_svc_image_repo(pl_arena *a, const char *image, const char **tag)
{
    if (tag)
        *tag = "";
    if (!image)
        return NULL;
    const char *at = strchr(image, '@');
    size_t len = at ? (size_t)(at - image) : strlen(image);
    const char *slash = memchr(image, '/', len);
    const char *start = image;
    if (slash && is_registry(image, (size_t)(slash - image)))
        start = slash + 1;
    const char *end = image + len;
    const char *last_slash = NULL;
    for (const char *p = start; p < end; p++)
        if (*p == '/')
            last_slash = p;
    const char *colon = memchr(last_slash ? last_slash : start, ':',
                               (size_t)(end - (last_slash ? last_slash : start)));
    if (colon) {
        if (tag)
            *tag = pl_arena_strndup(a, colon + 1, (size_t)(end - colon - 1));
        end = colon;
    }
    if ((size_t)(end - start) > 8 && !strncmp(start, "library/", 8))
        start += 8;
    char *repo = pl_arena_strndup(a, start, (size_t)(end - start));
    for (char *p = repo; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return repo;
}

int pl_svc_image_official(const char *image)
{
    if (!image || pl_svc_dynamic(image))
        return 0;
    const char *at = strchr(image, '@');
    size_t len = at ? (size_t)(at - image) : strlen(image);
    const char *slash = memchr(image, '/', len);
    if (!slash)
        return 1;
    size_t first = (size_t)(slash - image);
    const char *rest = slash + 1;
    if (first == 9 && !strncmp(image, "docker.io", 9))
        ;
    else if (first == 21 && !strncmp(image, "registry-1.docker.io", 20))
        ;
    else if (first == 7 && !strncmp(image, "library", 7))
        return memchr(rest, '/', len - first - 1) == NULL;
    else
        return 0;
    if (!strncmp(rest, "library/", 8))
        rest += 8;
    return memchr(rest, '/', len - (size_t)(rest - image)) == NULL;
}

int pl_svc_image_pulled_official(const pl_workspace *ws, const char *image)
{
    if (!pl_svc_image_official(image))
        return 0;
    pl_arena *a = pl_arena_new();
    pl_image_ref ref;
    int local = pl_image_parse(a, image, &ref) == 0 && pl_units_tagging(ws, &ref);
    pl_arena_free(a);
    return !local;
}

/* `https://...`, `git@...`, `github.com/...`, `ssh://`: contexts docker
 * fetches; they are not on disk. */
static int remote_context(const char *s)
{
    return strstr(s, "://") || !strncmp(s, "git@", 4) || !strncmp(s, "github.com/", 11) ||
           strstr(s, ".git#") || (strlen(s) > 4 && !strcmp(s + strlen(s) - 4, ".git"));
}

void pl_svc_build_of(pl_arena *a, const pl_svc *s, pl_svc_build *out)
{
    memset(out, 0, sizeof *out);
    const pl_ynode *b = pl_yaml_get(s->node, "build");
    if (!b)
        return;
    out->builds = 1;
    out->context_at = b;
    const char *ctx = ".";
    if (b->kind == PL_YAML_SCALAR) {
        if (!pl_svc_scalar(b))
            return (void)(out->why_unknown = "build: names no context");
        ctx = pl_svc_scalar(b);
    } else if (b->kind == PL_YAML_MAP) {
        const pl_ynode *cn = pl_yaml_get(b, "context");
        if (pl_svc_scalar(cn)) {
            ctx = pl_svc_scalar(cn);
            out->context_at = cn;
        } else if (!cn && !pl_yaml_get(s->node, "image") && s->project && s->project->alone) {
            /* `build: {args: ...}` and no image, in a file read on its own
             * (readthedocs' docker-compose.override.yml, whose base is in
             * a git submodule): the override completes a service of a
             * base file that is not here, which names the context */
            return (void)(out->why_unknown = "a fragment of an override: the base compose file "
                                             "that names its build context was not found");
        }
        out->target = pl_svc_scalar(pl_yaml_get(b, "target"));
        if (pl_svc_dynamic(out->target))
            out->target = NULL;
    } else {
        return (void)(out->why_unknown = "build: is neither a path nor a mapping");
    }
    if (pl_svc_dynamic(ctx))
        return (void)(out->why_unknown = "the build context is interpolated");
    if (remote_context(ctx))
        return (void)(out->why_unknown = "the build context is remote");
    if (ctx[0] != '/' && ctx[0] != '~' && s->project && s->project->fragment)
        return (void)(out->why_unknown = fragment_paths);
    out->context_as_written = ctx;
    out->context = pl_svc_path_at(a, s, out->context_at, ctx);
    if (!out->context)
        return (void)(out->why_unknown = "the build context is under ~");
    out->known = 1;
    if (b->kind == PL_YAML_MAP && pl_yaml_get(b, "dockerfile_inline"))
        return;
    const pl_ynode *dn = b->kind == PL_YAML_MAP ? pl_yaml_get(b, "dockerfile") : NULL;
    const char *df = pl_svc_scalar(dn);
    if (df && pl_svc_dynamic(df)) {
        out->known = 0;
        out->why_unknown = "the Dockerfile's name is interpolated";
        return;
    }
    out->dockerfile_at = df ? dn : NULL;
    if (!df)
        df = "Dockerfile";
    out->dockerfile_as_written = df;
    out->dockerfile = df[0] == '/' ? df : pl_arena_printf(a, "%s/%s", out->context, df);
}

char *pl_svc_read(pl_arena *a, const char *path, size_t *len)
{
    enum { MAX_READ = 4 << 20 };
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_READ)
        return NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = (size_t)st.st_size;
    char *buf = pl_arena_alloc(a, cap + 1);
    size_t n = fread(buf, 1, cap, fp);
    int err = ferror(fp);
    fclose(fp);
    if (err)
        return NULL;
    buf[n] = '\0';
    *len = n;
    return buf;
}

void pl_svc_fail(pl_check *c, const pl_file *f, const pl_ynode *n, const char *fix,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = pl_arena_vprintf(pl_check_arena(c), fmt, ap);
    va_end(ap);
    pl_span at = n ? n->span : (pl_span){0};
    if (n && n->file && f->path && strcmp(n->file, f->path))
        pl_fail_in(c, n->file, at, fix, "%s", msg);
    else
        pl_fail(c, at, fix, "%s", msg);
}

const char *pl_svc_nonproduction(pl_check *c, const pl_file *f)
{
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return NULL;
    return pl_path_purpose(pl_check_arena(c), pl_check_workspace(c), f->path, PL_PURPOSE_COMPOSE);
}

int pl_svc_skip_nonproduction(pl_check *c, const pl_file *f)
{
    const char *why = pl_svc_nonproduction(c, f);
    if (!why)
        return 0;
    pl_skip(c, "a compose file for development, tests, CI or docs (%s): what it sets up runs on a "
               "developer's machine or a CI runner, not in a deployment", why);
    return 1;
}

void pl_svc_pass(pl_check *c, const pl_svc *svcs, int n, const char *what)
{
    pl_arena *a = pl_check_arena(c);
    enum { SHOWN = 6 };
    const char *names = "";
    for (int i = 0; i < n && i < SHOWN; i++)
        names = pl_arena_printf(a, "%s%s%s", names, i ? ", " : "", svcs[i].name);
    if (n > SHOWN)
        names = pl_arena_printf(a, "%s and %d more", names, n - SHOWN);
    pl_pass(c, svcs[0].key->span, "%s: %s (%s:%d)", names, what, svcs[0].file,
            svcs[0].key->span.line);
}
