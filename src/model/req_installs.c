/* req_installs.c — which requirements files the repository's images
 * install (purpose.h).
 *
 * Read from each Dockerfile's text, not its parse (the parse belongs to
 * the Dockerfile's own thread): every word that follows `-r`,
 * `--requirement`, `-c`, `--constraint` (or is glued to them), and the
 * files `uv pip sync` / `pip-sync` take, found where the file sits in the
 * build context as the pinning rule finds it (df_run_pipreq.c): a COPY or
 * ADD source of the same base name (or a file of that name in a folder a
 * COPY or ADD copies), else the path as written (an absolute
 * one without its leading directories, as `COPY . /app` + `-r
 * /app/requirements.txt` has it). The context is each of the Dockerfile's
 * builds' contexts; when none is known, its own directory and each one
 * above it. A `${VAR}` in a name matches any text. What an installed file
 * includes (-r/-c) is installed too. The answer errs towards "installed":
 * it only decides which files a rule may set aside as nobody's. */
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "path_args.h"
#include "plimsoll/purpose.h"
#include "plimsoll/requirements.h"
#include "plimsoll/unit.h"

#define MAX_DOCKERFILE_BYTES (4 << 20)
#define MAX_REQ_BYTES (4 << 20)
#define MAX_INCLUDED_FILES 64

/* A Dockerfile that installs requirements, and what its own path says it
 * is for (NULL: an image that may ship). */
typedef struct {
    const char *dockerfile;
    const char *purpose;
} installer;

typedef struct {
    const char *path;        /* display path */
    const installer *shipped; /* the first image installing it whose path says nothing else */
    const installer *any;     /* the first image installing it */
} req_entry;

static void set_by(req_entry *e, const installer *by)
{
    if (!e->any)
        e->any = by;
    if (!e->shipped && !by->purpose)
        e->shipped = by;
}

struct pl_req_installs {
    pthread_mutex_t lock;
    int built;
    int unknown;      /* a Dockerfile could not be read */
    pl_arena *arena;  /* the index; freed with the workspace */
    req_entry *entries; /* sorted by path */
    int n;
    pl_path_args args; /* the PATH arguments, for pl_path_purpose */
};

static void installs_free(void *p)
{
    struct pl_req_installs *ix = p;
    pthread_mutex_destroy(&ix->lock);
    pl_arena_free(ix->arena);
}

void pl_req_installs_init(pl_workspace *ws)
{
    if (ws->req_installs)
        return;
    struct pl_req_installs *ix = PL_NEW(ws->arena, struct pl_req_installs);
    pthread_mutex_init(&ix->lock, NULL);
    ix->arena = pl_arena_new();
    if (ws->path_args)
        ix->args = *ws->path_args; /* the workspace arena outlives this index */
    else
        pl_path_args_init(ix->arena, ws, &ix->args);
    ws->req_installs = ix;
    pl_arena_on_free(ws->arena, installs_free, ix);
}

const pl_path_args *pl_model_checked_args(const pl_workspace *ws)
{
    return ws && ws->req_installs ? &ws->req_installs->args : NULL;
}

static int cmp_entry(const void *x, const void *y)
{
    return strcmp(((const req_entry *)x)->path, ((const req_entry *)y)->path);
}

static req_entry *find_entry(struct pl_req_installs *ix, const char *path)
{
    req_entry key = {.path = path};
    return bsearch(&key, ix->entries, (size_t)ix->n, sizeof key, cmp_entry);
}

/* ---- reading a Dockerfile's words ----------------------------------------------------- */

typedef struct {
    pl_vec operands; /* const char*: files a pip command reads */
    pl_vec sources;  /* const char*: COPY/ADD sources and bind-mount sources */
} df_words;

static int separator(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == ';' ||
           c == '&' || c == '|' || c == '(' || c == ')' || c == '`' || c == '[' || c == ']' ||
           c == ',';
}

/* The logical lines of a Dockerfile: `\` continuations joined, comment
 * lines dropped. */
static char *logical_text(pl_arena *a, const char *data, size_t len)
{
    char *out = pl_arena_alloc(a, len + 1);
    size_t k = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && data[end] != '\n')
            end++;
        size_t s = i;
        while (s < end && (data[s] == ' ' || data[s] == '\t'))
            s++;
        if (s < end && data[s] == '#') {
            i = end + 1;
            continue;
        }
        size_t e = end;
        while (e > i && (data[e - 1] == '\r' || data[e - 1] == ' ' || data[e - 1] == '\t'))
            e--;
        int continued = e > i && data[e - 1] == '\\';
        memcpy(out + k, data + i, e - i - (size_t)continued);
        k += e - i - (size_t)continued;
        out[k++] = continued ? ' ' : '\n';
        i = end + 1;
    }
    out[k] = '\0';
    return out;
}

static const char *glued_value(const char *t)
{
    static const char *const long_opts[] = {"--requirement=", "--constraint=", "--requirements=", NULL};
    for (int i = 0; long_opts[i]; i++)
        if (!strncmp(t, long_opts[i], strlen(long_opts[i])))
            return t + strlen(long_opts[i]);
    if (t[0] == '-' && t[1] != '-' && (t[1] == 'r' || t[1] == 'c') && t[2])
        return t + 2;
    return NULL;
}

/* `-r`, `--requirement`, `-c`, `--constraint`, or a cluster of short
 * flags ending in r or c (`-Ur`): the next word is a file. */
static int takes_file(const char *t)
{
    if (!strcmp(t, "--requirement") || !strcmp(t, "--constraint") || !strcmp(t, "--requirements"))
        return 1;
    if (t[0] != '-' || t[1] == '-' || !t[1])
        return 0;
    size_t n = strlen(t);
    for (size_t i = 1; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
            return 0;
    return t[n - 1] == 'r' || t[n - 1] == 'c';
}

static void bind_source(pl_arena *a, const char *t, df_words *w)
{
    if (strncmp(t, "--mount=", 8))
        return;
    for (const char *p = t + 8; *p;) {
        size_t k = strcspn(p, ",");
        if (!strncmp(p, "source=", 7) || !strncmp(p, "src=", 4)) {
            const char *eq = memchr(p, '=', k);
            pl_vec_push(a, &w->sources, pl_arena_strndup(a, eq + 1, (size_t)(p + k - eq - 1)));
        }
        p += k + (p[k] == ',');
    }
}

static void read_line(pl_arena *a, const char *line, size_t len, df_words *w)
{
    const char **tok = PL_NEW_N(a, const char *, len / 2 + 2);
    int nt = 0;
    for (size_t i = 0; i < len;) {
        /* a --mount flag keeps its commas */
        if (!strncmp(line + i, "--mount=", 8)) {
            size_t s = i;
            while (i < len && line[i] != ' ' && line[i] != '\t')
                i++;
            bind_source(a, pl_arena_strndup(a, line + s, i - s), w);
            continue;
        }
        while (i < len && separator(line[i]))
            i++;
        size_t s = i;
        while (i < len && !separator(line[i]))
            i++;
        if (i > s)
            tok[nt++] = pl_arena_strndup(a, line + s, i - s);
    }
    if (!nt)
        return;
    if (!strcasecmp(tok[0], "COPY") || !strcasecmp(tok[0], "ADD")) {
        int last = nt - 1;
        for (int i = 1; i < last; i++)
            if (tok[i][0] != '-')
                pl_vec_push(a, &w->sources, (void *)tok[i]);
        return;
    }
    for (int i = 0; i < nt; i++) {
        const char *v = glued_value(tok[i]);
        if (v && *v)
            pl_vec_push(a, &w->operands, (void *)v);
        else if (takes_file(tok[i]) && i + 1 < nt)
            pl_vec_push(a, &w->operands, (void *)tok[i + 1]);
        int sync = !strcmp(tok[i], "pip-sync") ||
                   (!strcmp(tok[i], "sync") && i > 0 && !strcmp(tok[i - 1], "pip"));
        for (int k = i + 1; sync && k < nt && tok[k][0] != '-'; k++)
            pl_vec_push(a, &w->operands, (void *)tok[k]);
    }
}

static void read_words(pl_arena *a, const char *data, size_t len, df_words *w)
{
    char *text = logical_text(a, data, len);
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        read_line(a, p, n, w);
        p += n + (nl != NULL);
    }
}

/* ---- matching words to requirements files ---------------------------------------------- */

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* `${VAR}` and `$VAR` become `*`. */
static const char *as_pattern(pl_arena *a, const char *s)
{
    char *o = pl_arena_alloc(a, strlen(s) + 1);
    size_t k = 0;
    for (const char *p = s; *p;) {
        if (*p != '$') {
            o[k++] = *p++;
            continue;
        }
        p++;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            p = close ? close + 1 : p + strlen(p);
        } else {
            while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                   *p == '_')
                p++;
        }
        if (!k || o[k - 1] != '*')
            o[k++] = '*';
    }
    o[k] = '\0';
    return o;
}

/* "dir" + "x/y.txt" cleaned, as display paths are written. */
static const char *join(pl_arena *a, const char *dir, const char *rel)
{
    if (!strcmp(dir, "."))
        return pl_req_join(a, "x", rel);
    return pl_req_join(a, pl_arena_printf(a, "%s/x", dir), rel);
}

/* Whether a requirements file of the workspace is at `path` (marked);
 * `scratch` holds what is only needed while looking. */
static int mark(struct pl_req_installs *ix, pl_arena *scratch, const char *path,
                const installer *by)
{
    int found = 0;
    if (strchr(path, '$')) {
        const char *pat = as_pattern(scratch, path);
        for (int i = 0; i < ix->n; i++)
            if (fnmatch(pat, ix->entries[i].path, FNM_PATHNAME) == 0) {
                set_by(&ix->entries[i], by);
                found = 1;
            }
        return found;
    }
    req_entry *e = find_entry(ix, path);
    if (e)
        set_by(e, by);
    return e != NULL;
}

/* Marks what `op` names, in context directory `ctx`. */
static int mark_operand(struct pl_req_installs *ix, pl_arena *a, const df_words *w,
                        const char *ctx, const char *op, const installer *by)
{
    int found = 0;
    const char *base = base_name(op);
    const char *pat = strchr(base, '$') ? as_pattern(a, base) : NULL;
    for (size_t i = 0; i < w->sources.len; i++) {
        const char *src = w->sources.items[i];
        if (src[0] == '/' || strstr(src, "://"))
            continue;
        const char *sb = base_name(src);
        if (pat ? fnmatch(pat, sb, 0) == 0 : !strcmp(sb, base))
            found |= mark(ix, a, join(a, ctx, src), by);
        else /* a folder copied whole: `COPY requirements/ /tmp/req/` */
            found |= mark(ix, a, join(a, ctx, pl_arena_printf(a, "%s/%s", src, base)), by);
    }
    if (op[0] != '/')
        return found | mark(ix, a, join(a, ctx, op), by);
    for (const char *p = strchr(op + 1, '/'); p; p = strchr(p + 1, '/'))
        found |= mark(ix, a, join(a, ctx, p + 1), by);
    return found | mark(ix, a, join(a, ctx, op + 1), by);
}

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    return slash == path ? "/" : pl_arena_strndup(a, path, (size_t)(slash - path));
}

/* Marks what one Dockerfile installs. Its bytes, words and the paths
 * tried live in `a`, freed after each Dockerfile: only the installer
 * stays in the index (a scan of thousands of Dockerfiles kept them all). */
static void read_dockerfile(struct pl_req_installs *ix, pl_arena *a, const pl_workspace *ws,
                            const pl_file *df)
{
    size_t len = 0;
    char *data = df->fs_path ? pl_arena_read_file(a, df->fs_path, MAX_DOCKERFILE_BYTES, &len) : NULL;
    if (!data) {
        ix->unknown = 1;
        return;
    }
    df_words w = {0};
    read_words(a, data, len, &w);
    if (!w.operands.len)
        return;
    installer *by = PL_NEW(ix->arena, installer);
    by->dockerfile = df->path;
    by->purpose = pl_path_purpose(ix->arena, ws, df->path, PL_PURPOSE_REQUIREMENTS);
    pl_vec ctxs = {0};
    for (int u = 0; u < df->nunits; u++)
        if (df->units[u]->spec.context)
            pl_vec_push(a, &ctxs, (void *)df->units[u]->spec.context);
    int guessed = !ctxs.len;
    if (guessed) {
        /* nothing says how it is built: its directory or the nearest one
         * above it that holds the file, as the context rules guess */
        const char *d = dir_of(a, df->path);
        for (int depth = 0; depth < 64; depth++) {
            pl_vec_push(a, &ctxs, (void *)d);
            if (!strcmp(d, ".") || !strcmp(d, "/"))
                break;
            d = dir_of(a, d);
        }
    }
    for (size_t k = 0; k < w.operands.len; k++)
        for (size_t c = 0; c < ctxs.len; c++)
            if (mark_operand(ix, a, &w, ctxs.items[c], w.operands.items[k], by) && guessed)
                break;
}

static const char *read_req(void *ud, const char *path, size_t *len)
{
    return pl_arena_read_file(ud, path, MAX_REQ_BYTES, len);
}

/* What the installed files include is installed too. */
static void mark_includes(struct pl_req_installs *ix)
{
    int n = ix->n;
    req_entry *direct = PL_NEW_N(ix->arena, req_entry, n + 1);
    memcpy(direct, ix->entries, (size_t)n * sizeof *direct);
    for (int i = 0; i < n; i++) {
        if (!direct[i].shipped && !direct[i].any)
            continue;
        pl_arena *a = pl_arena_new();
        size_t len = 0;
        const char *data = read_req(a, ix->entries[i].path, &len);
        pl_req_set *set = data ? pl_req_load(a, ix->entries[i].path, data, len, read_req, a,
                                             MAX_INCLUDED_FILES)
                               : NULL;
        for (int k = 1; set && k < set->nfiles; k++) {
            if (direct[i].shipped)
                mark(ix, a, set->files[k].path, direct[i].shipped);
            if (direct[i].any)
                mark(ix, a, set->files[k].path, direct[i].any);
        }
        pl_arena_free(a);
    }
}

static void build(struct pl_req_installs *ix, const pl_workspace *ws)
{
    for (int i = 0; i < ws->nfiles; i++)
        ix->n += ws->files[i]->kind == PL_KIND_REQUIREMENTS;
    ix->entries = PL_NEW_N(ix->arena, req_entry, ix->n + 1);
    int k = 0;
    for (int i = 0; i < ws->nfiles; i++)
        if (ws->files[i]->kind == PL_KIND_REQUIREMENTS)
            ix->entries[k++].path = ws->files[i]->path;
    qsort(ix->entries, (size_t)ix->n, sizeof *ix->entries, cmp_entry);
    for (int i = 0; i < ws->nfiles; i++)
        if (ws->files[i]->kind == PL_KIND_DOCKERFILE) {
            pl_arena *a = pl_arena_new();
            read_dockerfile(ix, a, ws, ws->files[i]);
            pl_arena_free(a);
        }
    mark_includes(ix);
}

int pl_req_installed(const pl_workspace *ws, const pl_file *f, const char **by,
                     const char **by_purpose)
{
    *by = *by_purpose = NULL;
    struct pl_req_installs *ix = ws ? ws->req_installs : NULL;
    if (!ix)
        return -1;
    pthread_mutex_lock(&ix->lock);
    if (!ix->built) {
        build(ix, ws);
        ix->built = 1;
    }
    pthread_mutex_unlock(&ix->lock);
    /* read-only from here on */
    req_entry *e = find_entry(ix, f->path);
    if (e && e->shipped) {
        *by = e->shipped->dockerfile;
        return 2;
    }
    if (e && e->any) {
        *by = e->any->dockerfile;
        *by_purpose = e->any->purpose;
        return 1;
    }
    return ix->unknown || !e ? -1 : 0;
}
