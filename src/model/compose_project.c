/* compose_project.c — the compose projects of a run (compose_project.h). */
#include "plimsoll/compose_project.h"

#include <string.h>
#include <sys/stat.h>

#include "plimsoll/discover.h"
#include "plimsoll/envfile.h"
#include "plimsoll/ignore.h"
#include "path_args.h"

extern char **environ;

/* The checked compose files, each read and parsed once. */
typedef struct {
    const char *path; /* cleaned display path */
    pl_file *file;
    pl_yaml *yaml;    /* NULL when it could not be read */
} source;

typedef struct {
    pl_workspace *ws;
    source *src;
    int nsrc;
} sources;

static const source *find_source(const sources *s, const char *path)
{
    for (int i = 0; i < s->nsrc; i++)
        if (!strcmp(s->src[i].path, path))
            return &s->src[i];
    return NULL;
}

static const pl_yaml *supply(void *ctx, const char *path, const char **data, size_t *len)
{
    const source *s = find_source(ctx, path);
    if (!s || !s->yaml)
        return NULL;
    *data = s->file->data;
    *len = s->file->len;
    return s->yaml;
}

static int exists(const sources *s, const char *path)
{
    const source *src = find_source(s, path);
    if (src)
        return src->yaml != NULL;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pl_arena_strndup(a, path, (size_t)(slash - path));
}

static const char *join(pl_arena *a, const char *dir, const char *name)
{
    if (!strcmp(dir, "."))
        return pl_ignore_clean(a, name);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", dir, name));
}

/* compose-go's default pick in `dir`: the first main file that exists,
 * then the first override file. Returns the count (0, 1 or 2). */
static int default_pick(pl_arena *a, const sources *s, const char *dir, const char *out[2])
{
    static const char *const mains[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                        "docker-compose.yaml"};
    static const char *const overrides[] = {"compose.override.yml", "compose.override.yaml",
                                            "docker-compose.override.yml",
                                            "docker-compose.override.yaml"};
    int n = 0;
    for (int i = 0; i < 4 && !n; i++) {
        const char *p = join(a, dir, mains[i]);
        if (exists(s, p))
            out[n++] = p;
    }
    if (!n)
        return 0;
    for (int i = 0; i < 4; i++) {
        const char *p = join(a, dir, overrides[i]);
        if (exists(s, p)) {
            out[n++] = p;
            break;
        }
    }
    return n;
}

/* A variable of compose's own CLI (COMPOSE_FILE, COMPOSE_PATH_SEPARATOR)
 * for a project in `dir`: the process environment wins, for the directory
 * plimsoll runs in (compose's working directory), then the `.env` there, as
 * compose reads it. NULL when unset, empty or not known statically. */
static const char *compose_cli_var(pl_workspace *ws, const char *dir, const pl_envfile *dotenv,
                                   const char *name)
{
    if (!strcmp(dir, ".")) {
        const char *const *env = ws->environ ? ws->environ : (const char *const *)environ;
        size_t n = strlen(name);
        for (; env && *env; env++)
            if (!strncmp(*env, name, n) && (*env)[n] == '=')
                return (*env)[n + 1] ? *env + n + 1 : NULL;
    }
    const pl_env_entry *e = dotenv ? pl_envfile_get(dotenv, name) : NULL;
    if (!e || e->nissues || !e->value || !*e->value)
        return NULL;
    return e->value;
}

/* The files COMPOSE_FILE names for `dir` (compose then picks no default
 * file there), each relative to `dir`. Only when every one exists: a list
 * naming a file a developer creates locally (a git-ignored override) says
 * nothing about a clean checkout, and the default pick is judged instead.
 * Returns the count (0: no usable COMPOSE_FILE). */
static int compose_file_pick(pl_arena *a, const sources *s, const char *dir, const char ***out)
{
    pl_workspace *ws = s->ws;
    const char *dotenv_path = join(a, dir, ".env");
    size_t len = 0;
    char *text = pl_arena_read_file(a, dotenv_path, (size_t)1 << 20, &len);
    const pl_envfile *dotenv = text ? pl_envfile_parse(a, dotenv_path, text, len, NULL) : NULL;
    const char *list = compose_cli_var(ws, dir, dotenv, "COMPOSE_FILE");
    if (!list)
        return 0;
    const char *sep = compose_cli_var(ws, dir, dotenv, "COMPOSE_PATH_SEPARATOR");
    if (!sep)
        sep = ":";
    size_t seplen = strlen(sep);
    int cap = 1;
    for (const char *p = strstr(list, sep); p; p = strstr(p + seplen, sep))
        cap++;
    const char **files = PL_NEW_N(a, const char *, cap);
    int n = 0;
    for (const char *p = list; p;) {
        const char *end = strstr(p, sep);
        size_t k = end ? (size_t)(end - p) : strlen(p);
        if (k) {
            const char *name = pl_arena_strndup(a, p, k);
            const char *path = name[0] == '/' ? pl_ignore_clean(a, name) : join(a, dir, name);
            if (!exists(s, path))
                return 0;
            files[n++] = path;
        }
        p = end ? end + seplen : NULL;
    }
    *out = files;
    return n;
}

const pl_compose_file *pl_compose_project_file(const pl_compose_project *p, const char *path)
{
    for (int i = 0; p && i < p->compose->nfiles; i++)
        if (!strcmp(p->compose->files[i]->path, path))
            return p->compose->files[i];
    return NULL;
}

static pl_compose_project *load(sources *s, const char *const *files, int nfiles, const char *dir,
                                int from_cli, int alone, int env_files)
{
    pl_workspace *ws = s->ws;
    const pl_options *o = ws->opts;
    pl_compose_options co = {0};
    co.project_dir = dir;
    co.files = files;
    co.nfiles = nfiles;
    if (env_files && o) {
        co.env_files = o->env_files.items;
        co.nenv_files = o->env_files.n;
    }
    co.environ = ws->environ ? ws->environ : (const char *const *)environ;
    co.source = supply;
    co.source_ctx = s;
    pl_compose_project *p = PL_NEW(ws->arena, pl_compose_project);
    p->compose = pl_compose_load(ws->arena, &co);
    p->dir = dir;
    p->from_cli = from_cli;
    p->alone = alone;
    for (int i = 0; i < nfiles && !p->owner; i++) {
        const source *src = find_source(s, files[i]);
        if (src)
            p->owner = src->file->path;
    }
    pl_vec_push(ws->arena, &ws->compose_projects, p);
    return p;
}

int pl_compose_override_name(const char *base)
{
    for (const char *o = strstr(base, "override"); o; o = strstr(o + 1, "override")) {
        char after = o[8];
        if ((o == base || o[-1] == '.' || o[-1] == '-' || o[-1] == '_') &&
            (after == '.' || after == '-' || after == '_'))
            return 1;
    }
    return 0;
}

/* An override file with no main compose file beside it (mailcow's
 * helper-scripts/docker-compose.override.yml.d/BUILD_FLAGS/, a file its
 * CI copies next to the root docker-compose.yml): compose resolves an
 * override's relative paths against the directory of the first file of
 * the project, the base it is used with, which is elsewhere. */
static int is_fragment(pl_arena *a, const sources *s, const char *dir, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!pl_compose_override_name(slash ? slash + 1 : path))
        return 0;
    const char *two[2];
    return default_pick(a, s, dir, two) == 0;
}

static int args_name(const void *args, const char *path)
{
    return pl_path_args_names(args, path);
}

static int in_any_project(const pl_workspace *ws, const char *path)
{
    for (size_t i = 0; i < ws->compose_projects.len; i++)
        if (pl_compose_project_file(ws->compose_projects.items[i], path))
            return 1;
    return 0;
}

static int read_sources(pl_workspace *ws, sources *s)
{
    s->ws = ws;
    s->src = PL_NEW_N(ws->arena, source, ws->nfiles + 1);
    for (int i = 0; i < ws->nfiles; i++) {
        pl_file *f = ws->files[i];
        if (f->kind != PL_KIND_COMPOSE)
            continue;
        /* read here, on the main thread, before the workers check it */
        pl_discover_read(f);
        source *src = &s->src[s->nsrc++];
        src->path = pl_ignore_clean(ws->arena, f->path);
        src->file = f;
        if (f->read_error || !f->data)
            continue;
        /* the nodes name their file by its cleaned path, as the loader does */
        src->yaml = pl_yaml_parse(ws->arena, src->path, f->data, f->len, NULL);
        f->compose = src->yaml;
    }
    return s->nsrc;
}

void pl_model_compose(pl_workspace *ws)
{
    if (ws->compose_projects.len)
        return;
    sources s = {0};
    if (!read_sources(ws, &s) && !(ws->opts && ws->opts->compose_files.n))
        return;
    const pl_options *o = ws->opts;
    int ncli = o ? o->compose_files.n : 0;
    if (ncli) {
        const char **files = PL_NEW_N(ws->arena, const char *, ncli);
        for (int i = 0; i < ncli; i++)
            files[i] = pl_ignore_clean(ws->arena, pl_display_path(ws->arena, o->compose_files.items[i]));
        load(&s, files, ncli, dir_of(ws->arena, files[0]), 1, 0, 1);
    }
    /* a directory's default pick, unless the --compose-file list names it */
    const char **dirs = PL_NEW_N(ws->arena, const char *, s.nsrc + 1);
    for (int i = 0; i < s.nsrc; i++)
        dirs[i] = dir_of(ws->arena, s.src[i].path);
    for (int i = 0; i < s.nsrc; i++) {
        const char *dir = dirs[i];
        int seen = 0;
        for (int k = 0; k < i && !seen; k++)
            seen = !strcmp(dirs[k], dir);
        if (seen)
            continue;
        const char *two[2];
        const char **pick = NULL;
        int n = compose_file_pick(ws->arena, &s, dir, &pick);
        if (!n) {
            n = default_pick(ws->arena, &s, dir, two);
            pick = two;
        }
        int checked = 0, named = 0;
        for (int k = 0; k < n; k++) {
            checked |= find_source(&s, pick[k]) != NULL;
            named |= in_any_project(ws, pick[k]);
        }
        if (n && checked && !named)
            load(&s, pick, n, dir, 0, 0, !ncli);
    }
    /* the others, each on its own: a file compose does not pick is often
     * an override meant for `-f base -f this`, unless it was named on the
     * command line by itself */
    pl_arena *scratch = NULL;
    pl_path_args own;
    const pl_path_args *args = ws->path_args;
    if (!args) { /* called outside pl_model_units */
        scratch = pl_arena_new();
        pl_path_args_init(scratch, ws, &own);
        args = &own;
    }
    for (int i = 0; i < s.nsrc; i++) {
        if (in_any_project(ws, s.src[i].path))
            continue;
        const char **one = PL_NEW_N(ws->arena, const char *, 1);
        one[0] = s.src[i].path;
        const char *dir = dir_of(ws->arena, one[0]);
        int alone = !pl_path_args_names(args, one[0]);
        pl_compose_project *p = load(&s, one, 1, dir, 0, alone, !ncli);
        p->fragment = alone && is_fragment(ws->arena, &s, dir, one[0]);
    }
    for (size_t k = 0; k < ws->compose_projects.len; k++) {
        pl_compose_project *p = ws->compose_projects.items[k];
        unsigned char *checked = PL_NEW_N(ws->arena, unsigned char, p->compose->nfiles + 1);
        for (int i = 0; i < p->compose->nfiles; i++)
            checked[i] = find_source(&s, p->compose->files[i]->path) != NULL;
        p->checked = checked;
    }
    pl_model_compose_copies(ws);
    pl_model_compose_merged(ws, args_name, args);
    pl_arena_free(scratch);
    for (int i = 0; i < s.nsrc; i++)
        for (size_t k = 0; k < ws->compose_projects.len && !s.src[i].file->compose_project; k++)
            if (pl_compose_project_file(ws->compose_projects.items[k], s.src[i].path))
                s.src[i].file->compose_project = ws->compose_projects.items[k];
}

int pl_compose_is_owner(const pl_file *f)
{
    const pl_compose_project *p = f->compose_project;
    return p && p->owner && !strcmp(p->owner, f->path);
}

const char *pl_compose_dir_of(const pl_compose_project *p, const pl_ynode *n, const char *fallback)
{
    const pl_compose_file *cf = p && n ? pl_compose_file_of(p->compose, n) : NULL;
    return cf && cf->base_dir ? cf->base_dir : fallback;
}
