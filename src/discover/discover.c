/* discover.c — turning PATH arguments into the list of files to check: the
 * work tree walked (or, with --staged, the index listed), kinds from names,
 * git's ignore rules applied, --changed-since marking what is reported. */
#include "plimsoll/discover.h"
#include "plimsoll/buildsrc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/git.h"
#include "plimsoll/hash.h"

#define MAX_DEPTH 128

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int is_compose_name(const char *n)
{
    const char *rest = NULL;
    if (!strncmp(n, "docker-compose", 14))
        rest = n + 14;
    else if (!strncmp(n, "compose", 7))
        rest = n + 7;
    if (!rest)
        return 0;
    if (!strcmp(rest, ".yaml") || !strcmp(rest, ".yml"))
        return 1;
    return rest[0] == '.' && (ends_with(rest, ".yaml") || ends_with(rest, ".yml")) &&
           strlen(rest) > 5;
}

/* `Dockerfile.md`, `Dockerfile.rego`, `Dockerfile.template`: files named
 * after a Dockerfile that are documentation, policies or templates. */
static int other_format(const char *n)
{
    static const char *const ext[] = {"md", "rst", "txt", "sh", "bash", "ps1", "py", "json", "yml",
                                      "yaml", "toml", "rego", "j2", "jinja", "jinja2", "tmpl", "tpl",
                                      "template", "erb", "bak", "orig", "swp", "patch", "diff",
                                      "log", "in", NULL};
    const char *dot = strrchr(n, '.');
    if (!dot)
        return 0;
    for (const char *const *e = ext; *e; e++)
        if (!strcasecmp(dot + 1, *e))
            return 1;
    return 0;
}

/* requirements*.txt, constraints*.txt, dev-requirements.txt,
 * requirements_test.txt, and their pip-tools sources (*.in). */
static int is_requirements_name(const char *n)
{
    if (!ends_with(n, ".txt") && !ends_with(n, ".in"))
        return 0;
    if (!strncmp(n, "requirements", 12) || !strncmp(n, "constraints", 11))
        return 1;
    const char *r = strstr(n, "requirements");
    return r && r > n && (r[-1] == '-' || r[-1] == '_');
}

/* pip-tools sources: `*.in` with no other dot in the name, apart from the
 * autotools and packaging templates that share the extension. */
static int is_pip_tools_source(const char *n)
{
    static const char *const not_requirements[] = {"MANIFEST.in", "Makefile.in", "configure.in",
                                                   "Doxyfile.in", "GNUmakefile.in", NULL};
    if (!ends_with(n, ".in") || strchr(n, '.') != n + strlen(n) - 3 || n[0] == '.')
        return 0;
    for (const char *const *x = not_requirements; *x; x++)
        if (!strcasecmp(n, *x))
            return 0;
    return 1;
}

int pl_discover_kind_of_path(const char *path, pl_file_kind *kind)
{
    const char *base = strrchr(path, '/');
    const char *n = base ? base + 1 : path;
    if (pl_discover_kind_of(n, kind) == 0)
        return 0;
    /* requirements/NAME.txt and requirements/NAME.in */
    size_t dir_len = base ? (size_t)(base - path) : 0;
    int in_requirements_dir = dir_len >= 12 && !strncmp(base - 12, "requirements", 12) &&
                              (dir_len == 12 || base[-13] == '/');
    if ((in_requirements_dir && (ends_with(n, ".txt") || ends_with(n, ".in"))) ||
        is_pip_tools_source(n)) {
        *kind = PL_KIND_REQUIREMENTS;
        return 0;
    }
    return -1;
}

int pl_discover_kind_of(const char *n, pl_file_kind *kind)
{
    if (ends_with(n, ".dockerignore")) {
        *kind = PL_KIND_DOCKERIGNORE;
        return 0;
    }
    if (!strcmp(n, "Dockerfile") || !strcmp(n, "dockerfile") || ends_with(n, ".Dockerfile") ||
        ends_with(n, ".dockerfile") || !strcmp(n, "Containerfile") ||
        ends_with(n, ".Containerfile") || ends_with(n, ".containerfile") ||
        ((!strncmp(n, "Dockerfile.", 11) || !strncmp(n, "Dockerfile_", 11) ||
          !strncmp(n, "Dockerfile-", 11) || !strncmp(n, "Containerfile.", 14) ||
          !strncmp(n, "Containerfile_", 14) || !strncmp(n, "Containerfile-", 14)) &&
         !other_format(n))) {
        *kind = PL_KIND_DOCKERFILE;
        return 0;
    }
    if (is_compose_name(n)) {
        *kind = PL_KIND_COMPOSE;
        return 0;
    }
    if (is_requirements_name(n)) {
        *kind = PL_KIND_REQUIREMENTS;
        return 0;
    }
    if (!strcmp(n, ".env") || !strcmp(n, ".env.example") || !strcmp(n, ".env.sample") ||
        !strcmp(n, ".env.template")) {
        *kind = PL_KIND_ENVFILE;
        return 0;
    }
    return -1;
}

int pl_kind_checked(pl_file_kind kind)
{
    return kind == PL_KIND_DOCKERFILE || kind == PL_KIND_DOCKERIGNORE || kind == PL_KIND_COMPOSE ||
           kind == PL_KIND_ENVFILE || kind == PL_KIND_REQUIREMENTS;
}

int pl_discover_skips_dir(const char *n)
{
    return !strcmp(n, ".git") || !strcmp(n, "node_modules") || !strcmp(n, "vendor") ||
           !strcmp(n, ".hg") || !strcmp(n, ".svn") || !strcmp(n, "__pycache__") ||
           !strcmp(n, ".venv") || !strcmp(n, ".tox");
}

int pl_discover_path_skipped(const char *path)
{
    char name[256];
    for (const char *p = path, *slash; (slash = strchr(p, '/')); p = slash + 1) {
        size_t n = (size_t)(slash - p);
        if (n >= sizeof name)
            continue;
        memcpy(name, p, n);
        name[n] = '\0';
        if (pl_discover_skips_dir(name))
            return 1;
    }
    return 0;
}

int pl_discover_excluded(const pl_workspace *ws, const char *path)
{
    if (!ws->config)
        return 0;
    for (int i = 0; i < ws->config->exclude.n; i++)
        if (fnmatch(ws->config->exclude.items[i], path, 0) == 0)
            return 1;
    return 0;
}

const char *pl_display_path(pl_arena *a, const char *path)
{
    char cwd[PATH_MAX], abs[PATH_MAX];
    if (path[0] != '/') {
        const char *p = path;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        while (*p == '/')
            p++;
        return pl_arena_strdup(a, *p ? p : ".");
    }
    if (!getcwd(cwd, sizeof cwd) || !realpath(path, abs))
        return pl_arena_strdup(a, path);
    size_t n = strlen(cwd);
    if (!strncmp(abs, cwd, n) && abs[n] == '/')
        return pl_arena_strdup(a, abs + n + 1);
    return pl_arena_strdup(a, path);
}

static const char *join(pl_arena *a, const char *dir, const char *name)
{
    if (!strcmp(dir, "."))
        return pl_arena_strdup(a, name);
    size_t n = strlen(dir);
    return pl_arena_printf(a, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static const char *join_rel(pl_arena *a, const char *rel, const char *name)
{
    return *rel ? pl_arena_printf(a, "%s/%s", rel, name) : pl_arena_strdup(a, name);
}

/* ---- one discovery ------------------------------------------------------------ */

typedef struct {
    pl_workspace *ws;
    pl_vec files;
    pl_vec rels; /* repository path of each file, NULL outside the repository */
    /* directories entered ("d<dev>:<ino>") and files taken ("f<display path>"),
     * so loops end and overlapping PATH arguments add nothing twice */
    const char **seen;
    size_t seen_cap, seen_len;
    /* paths tried and dropped (ancestor directories, keys already seen):
     * freed at the end of discovery, so that naming thousands of files
     * costs the workspace only what it keeps */
    pl_arena *scratch;
    pl_git_misses *no_repository; /* directories in no repository */
    /* display paths: most files of a run share their directories */
    pl_display_paths *display;
} discovery;

static size_t hash_str(const char *s)
{
    return pl_hash_str(s);
}

/* The recorded copy of `key` when it is new, NULL when seen before. The
 * table and its keys are discovery's scratch: a caller that keeps a key
 * copies it. */
static const char *first_time(discovery *d, const char *key)
{
    if (2 * (d->seen_len + 1) > d->seen_cap) {
        size_t cap = d->seen_cap ? d->seen_cap * 2 : 64;
        const char **t = PL_NEW_N(d->scratch, const char *, cap);
        for (size_t i = 0; i < d->seen_cap; i++) {
            if (!d->seen[i])
                continue;
            size_t k = hash_str(d->seen[i]) & (cap - 1);
            while (t[k])
                k = (k + 1) & (cap - 1);
            t[k] = d->seen[i];
        }
        d->seen = t;
        d->seen_cap = cap;
    }
    size_t k = hash_str(key) & (d->seen_cap - 1);
    while (d->seen[k]) {
        if (!strcmp(d->seen[k], key))
            return NULL;
        k = (k + 1) & (d->seen_cap - 1);
    }
    d->seen[k] = pl_arena_strdup(d->scratch, key);
    d->seen_len++;
    return d->seen[k];
}

/* Whether `key` was recorded, without recording it. */
static int seen_before(const discovery *d, const char *key)
{
    if (!d->seen_cap)
        return 0;
    size_t k = hash_str(key) & (d->seen_cap - 1);
    for (; d->seen[k]; k = (k + 1) & (d->seen_cap - 1))
        if (!strcmp(d->seen[k], key))
            return 1;
    return 0;
}

/* pl_display_path(path), in discovery's scratch. */
static const char *display_of(discovery *d, const char *path)
{
    return pl_display_paths_get(d->display, d->scratch, path);
}

static const char *real_dir(discovery *d, const char *dir)
{
    return pl_display_paths_real_dir(d->display, dir);
}

static void note(discovery *d, const char *msg)
{
    pl_vec_push(d->ws->arena, &d->ws->notes, (void *)msg);
}

/* A new file of the run; NULL when that display path was taken already. */
static pl_file *add_file(discovery *d, const char *path, pl_file_kind kind, const char *rel)
{
    pl_workspace *ws = d->ws;
    /* the path in the workspace's arena: the file's own arena gets its
     * first block only when a worker reads the file */
    const char *key = first_time(d, pl_arena_printf(d->scratch, "f%s", display_of(d, path)));
    if (!key)
        return NULL;
    const char *display = pl_arena_strdup(ws->arena, key + 1);
    pl_file *f = PL_NEW(ws->arena, pl_file);
    f->arena = pl_arena_new();
    f->path = display;
    f->kind = kind;
    f->report = 1;
    f->ws = ws;
    pl_vec_push(ws->arena, &d->files, f);
    pl_vec_push(ws->arena, &d->rels, (void *)rel);
    return f;
}

/* ---- walking the work tree ----------------------------------------------------- */

typedef struct {
    char *name;
    unsigned char is_dir, is_file;
} dir_entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

/* The entries of an open directory, sorted, with their types (symlinks and
 * other special files are neither dir nor file). malloc'd; NULL on failure. */
static dir_entry *read_entries(DIR *dir, size_t *n)
{
    size_t cap = 64, len = 0;
    dir_entry *v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        unsigned char type = e->d_type;
        if (type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
                continue;
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
        }
        if (type != DT_DIR && type != DT_REG)
            continue;
        if (len == cap) {
            dir_entry *nv = realloc(v, 2 * cap * sizeof *v);
            if (!nv)
                break;
            v = nv;
            cap *= 2;
        }
        v[len].name = strdup(e->d_name);
        if (!v[len].name)
            break;
        v[len].is_dir = type == DT_DIR;
        v[len].is_file = type == DT_REG;
        len++;
    }
    if (v && len > 1)
        qsort(v, len, sizeof *v, cmp_entry);
    *n = len;
    return v;
}

static void free_entries(dir_entry *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

/* Walks `path`, whose repository path is `rel` (NULL outside the
 * repository); repository paths below it are built by joining names, never
 * by resolving each entry. */
/* A file that may say how images are built (a workflow, a Makefile ...):
 * kept for the model, not checked. What git ignores is not the
 * repository's. */
static void build_source(discovery *d, const char *path, const char *rel)
{
    pl_workspace *ws = d->ws;
    pl_bsrc_kind kind;
    if (pl_buildsrc_kind_of(path, &kind) != 0 || pl_discover_excluded(ws, path))
        return;
    if (rel && ws->git && !pl_git_is_tracked(ws->git, rel) && pl_git_is_ignored(ws->git, rel, 0))
        return;
    const char *key = first_time(d, pl_arena_printf(d->scratch, "s%s", display_of(d, path)));
    if (key)
        pl_vec_push(ws->arena, &ws->build_sources, pl_arena_strdup(ws->arena, key + 1));
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether `name` in directory `dir` (open as `dfd`, or -1) is of `kind`
 * (S_IFREG, S_IFDIR), following symbolic links as stat does. With the
 * directory open, the kernel looks up the name alone, not the whole path:
 * each directory above a Dockerfile is asked about eight names. */
static int is_kind_at(int dfd, pl_arena *a, const char *dir, const char *name, mode_t kind)
{
    struct stat st;
    int rc = dfd >= 0 ? fstatat(dfd, name, &st, 0) : stat(join(a, dir, name), &st);
    return rc == 0 && (st.st_mode & S_IFMT) == kind;
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 30))
#define HAVE_GETDENTS64 1
#endif

enum { MAX_LISTED = 128 };

/* A directory asked about several names. A small one is listed once
 * (open, two getdents64, close: four system calls for all the names, where
 * each name was one); what the listing cannot settle is asked of the file
 * system as before: a symbolic link, an entry of unknown type, a name found
 * only when case is ignored (a case-folding file system would find it),
 * or any name in a directory that holds names that are not ASCII. */
typedef struct {
    int fd; /* the directory, or -1 */
    int listed; /* `names` holds all its entries */
    int n;
    const char *names[MAX_LISTED];
    unsigned char types[MAX_LISTED];
#ifdef HAVE_GETDENTS64
    _Alignas(struct dirent64) char buf[8192];
#endif
} probed_dir;

static void probe_open(probed_dir *p, const char *dir)
{
    p->listed = 0;
    p->n = 0;
    p->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (p->fd < 0) {
        p->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        return;
    }
#ifdef HAVE_GETDENTS64
    ssize_t got = getdents64(p->fd, p->buf, sizeof p->buf);
    if (got <= 0)
        return;
    for (ssize_t off = 0; off < got;) {
        const struct dirent64 *de = (const struct dirent64 *)(p->buf + off);
        off += de->d_reclen;
        if (p->n == MAX_LISTED)
            return;
        for (const char *c = de->d_name; *c; c++)
            if ((unsigned char)*c >= 0x80)
                return;
        p->names[p->n] = de->d_name;
        p->types[p->n++] = de->d_type;
    }
    _Alignas(struct dirent64) char more[512];
    if (getdents64(p->fd, more, sizeof more) != 0)
        return; /* more entries than the buffer held (or an error) */
    p->listed = 1;
#endif
}

/* is_kind_at, from the listing when it can tell. */
static int probe_is(const probed_dir *p, pl_arena *a, const char *dir, const char *name, mode_t kind)
{
    if (p->listed) {
        size_t len = strcspn(name, "/");
        int exact = -1, folded = 0;
        for (int i = 0; i < p->n; i++) {
            if (strlen(p->names[i]) != len || strncasecmp(p->names[i], name, len))
                continue;
            folded = 1;
            if (!strncmp(p->names[i], name, len))
                exact = i;
        }
        if (!folded)
            return 0;
        if (exact >= 0 && !name[len] && p->types[exact] == DT_REG)
            return kind == S_IFREG;
        if (exact >= 0 && !name[len] && p->types[exact] == DT_DIR)
            return kind == S_IFDIR;
    }
    return is_kind_at(p->fd, a, dir, name, kind);
}

/* The CI files, bake files and Makefile of directory `root`, whose
 * repository path is `rel` ("" for the repository root; NULL when not
 * known). */
static void dir_build_sources(discovery *d, const char *root, const char *rel)
{
    pl_arena *a = d->scratch;
    static const char *const names[] = {".gitlab-ci.yml", ".circleci/config.yml",
                                        ".circleci/config.yaml", "docker-bake.hcl",
                                        "docker-bake.json", "docker-bake.override.hcl",
                                        "docker-bake.override.json", "Makefile", "GNUmakefile",
                                        NULL};
    for (int i = 0; names[i]; i++) {
        const char *p = join(a, root, names[i]);
        if (is_file(p))
            build_source(d, p, rel ? join_rel(a, rel, names[i]) : NULL);
    }
    static const char *const folders[] = {".github/workflows", ".buildkite/hooks", NULL};
    for (int f = 0; folders[f]; f++) {
        const char *wf = join(a, root, folders[f]);
        DIR *dir = opendir(wf);
        if (!dir)
            continue;
        size_t n = 0;
        dir_entry *ents = read_entries(dir, &n);
        closedir(dir);
        for (size_t i = 0; i < n; i++)
            if (!ents[i].is_dir)
                build_source(d, join(a, wf, ents[i].name),
                             rel ? join_rel(a, join_rel(a, rel, folders[f]), ents[i].name) : NULL);
        free_entries(ents, n);
    }
}

/* The repository's own CI files, bake files and Makefile say how the
 * Dockerfiles given are built even when only those files were named. */
static void root_build_sources(discovery *d)
{
    pl_workspace *ws = d->ws;
    if (!ws->git || ws->opts->staged)
        return;
    dir_build_sources(d, pl_git_display_path(ws->arena, ws->git, ""), "");
}

enum { MAX_UP = 8 };

/* A Dockerfile named by itself is built the way the directories above it
 * say: each directory from its own up to the repository root (at most
 * MAX_UP; without a repository, up to the first that holds CI files) gives
 * its compose files (checked for their projects, not reported) and
 * Makefile (the Dockerfile's own directory its devcontainer.json too),
 * and the one that holds `.github/`, `.circleci/` or
 * `.gitlab-ci.yml` its CI files, as a whole-repository run would read them. */
static void ancestor_build_sources(discovery *d, const char *file)
{
    pl_workspace *ws = d->ws;
    pl_arena *a = d->scratch;
    char dir[PATH_MAX];
    const char *slash = strrchr(file, '/');
    const char *real = real_dir(d, slash ? pl_arena_strndup(a, file, (size_t)(slash - file)) : ".");
    if (!real || strlen(real) >= sizeof dir)
        return;
    strcpy(dir, real);
    const char *workdir = ws->git ? pl_git_display_path(a, ws->git, "") : NULL;
    const char *top = workdir ? real_dir(d, workdir) : NULL;
    int have_top = top != NULL;
    static const char *const compose[] = {"compose.yaml", "compose.yml", "docker-compose.yaml",
                                          "docker-compose.yml", NULL};
    for (int up = 0; up < MAX_UP; up++) {
        /* a directory an earlier file's search passed with as many levels
         * left: all it and those above it give was taken then */
        char key[PATH_MAX + 16]; /* on the stack: thousands of files probe here */
        for (int left = MAX_UP - up; left <= MAX_UP; left++) {
            snprintf(key, sizeof key, "a%d%d%s", left, have_top, dir);
            if (seen_before(d, key))
                return;
        }
        snprintf(key, sizeof key, "a%d%d%s", MAX_UP - up, have_top, dir);
        first_time(d, key);
        probed_dir pd;
        probe_open(&pd, dir);
        for (int i = 0; compose[i]; i++) {
            if (!probe_is(&pd, a, dir, compose[i], S_IFREG))
                continue;
            const char *p = join(a, dir, compose[i]);
            const char *display = display_of(d, p);
            if (pl_discover_excluded(ws, display))
                continue;
            /* read for its project (interpolation, overrides) like any
             * compose file, but not reported: only the Dockerfile was asked for */
            pl_file *f = add_file(d, p, PL_KIND_COMPOSE, NULL);
            if (f) {
                f->fs_path = pl_arena_strdup(ws->arena, p);
                f->report = 0;
                f->source_only = 1;
            }
        }
        /* the display path (a realpath) only for what is there */
        int ci = probe_is(&pd, a, dir, ".gitlab-ci.yml", S_IFREG) ||
                 probe_is(&pd, a, dir, ".github/workflows", S_IFDIR) ||
                 probe_is(&pd, a, dir, ".circleci", S_IFDIR);
        int at_top = have_top && !strcmp(dir, top);
        int makefile = !ci && !at_top && probe_is(&pd, a, dir, "Makefile", S_IFREG);
        /* a Dev Container's definition beside the Dockerfile it builds */
        int devcontainer = up == 0 && probe_is(&pd, a, dir, "devcontainer.json", S_IFREG);
        if (pd.fd >= 0)
            close(pd.fd);
        if (devcontainer)
            build_source(d, join(a, display_of(d, dir), "devcontainer.json"), NULL);
        if (ci || at_top) {
            dir_build_sources(d, display_of(d, dir), NULL);
            return;
        }
        if (makefile)
            build_source(d, join(a, display_of(d, dir), "Makefile"), NULL);
        char *cut = strrchr(dir, '/');
        if (!cut || cut == dir)
            return;
        *cut = '\0';
    }
}

static void walk(discovery *d, const char *path, const char *rel, int depth)
{
    pl_workspace *ws = d->ws;
    pl_arena *a = ws->arena;
    if (depth > MAX_DEPTH) {
        note(d, pl_arena_printf(a, "%s: nested deeper than %d directories; not walked further", path,
                                MAX_DEPTH));
        return;
    }
    /* below the top, a directory that became a symlink meanwhile is not entered */
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (depth ? O_NOFOLLOW : 0));
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        note(d, pl_arena_printf(a, "could not read directory %s: %s", path, strerror(errno)));
        if (fd >= 0)
            close(fd);
        return;
    }
    char key[64];
    snprintf(key, sizeof key, "d%llx:%llx", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino);
    if (!first_time(d, key)) {
        close(fd);
        return;
    }
    DIR *dir = fdopendir(fd);
    if (!dir) {
        note(d, pl_arena_printf(a, "could not read directory %s: %s", path, strerror(errno)));
        close(fd);
        return;
    }
    size_t n = 0;
    dir_entry *ents = read_entries(dir, &n);
    closedir(dir);

    pl_git *g = rel ? ws->git : NULL;
    for (size_t i = 0; i < n; i++) {
        const char *name = ents[i].name;
        if (ents[i].is_dir) {
            if (pl_discover_skips_dir(name))
                continue;
            const char *sub = join(a, path, name);
            if (pl_discover_excluded(ws, sub))
                continue;
            const char *subrel = g ? join_rel(a, rel, name) : NULL;
            /* an ignored directory still holds the files force-added to git */
            if (g && pl_git_is_ignored(g, subrel, 1) && !pl_git_has_tracked_below(g, subrel))
                continue;
            walk(d, sub, subrel, depth + 1);
        } else {
            pl_file_kind kind;
            const char *file = join(a, path, name);
            if (pl_discover_kind_of_path(file, &kind) != 0 || !pl_kind_checked(kind)) {
                build_source(d, file, g ? join_rel(a, rel, name) : NULL);
                continue;
            }
            if (pl_discover_excluded(ws, file))
                continue;
            const char *filerel = g ? join_rel(a, rel, name) : NULL;
            if (g && !pl_git_is_tracked(g, filerel) && pl_git_is_ignored(g, filerel, 0))
                continue;
            pl_file *f = add_file(d, file, kind, filerel);
            if (f)
                f->fs_path = pl_arena_strdup(ws->arena, file);
        }
    }
    free_entries(ents, n);
}

/* ---- the index, for --staged ------------------------------------------------------ */

/* Whether an index entry has content a commit would carry as a file. */
static int staged_file(const pl_git_entry *e)
{
    return !e->intent_to_add && (e->mode == PL_GIT_MODE_FILE || e->mode == PL_GIT_MODE_EXECUTABLE);
}

/* Whether a path below the argument passes through a directory the walk
 * would skip. */
static int under_skipped_dir(const char *sub)
{
    char name[NAME_MAX + 1];
    for (const char *p = sub, *slash; (slash = strchr(p, '/')); p = slash + 1) {
        size_t n = (size_t)(slash - p);
        if (n > NAME_MAX)
            continue;
        memcpy(name, p, n);
        name[n] = '\0';
        if (pl_discover_skips_dir(name))
            return 1;
    }
    return 0;
}

static void add_staged(discovery *d, const char *path, const pl_git_entry *e, pl_file_kind kind)
{
    pl_file *f = add_file(d, path, kind, e->path);
    if (!f)
        return;
    if (pl_git_index_read(d->ws->git, e, f->arena, 0, &f->data, &f->len) != 0) {
        f->data = NULL;
        f->read_error = 1;
    }
}

static int discover_staged(discovery *d, const char *arg, const char **error)
{
    pl_workspace *ws = d->ws;
    const pl_options *o = ws->opts;
    pl_git *g = ws->git;
    const char *rel = pl_git_relpath_of(ws->arena, g, arg);
    if (!rel) {
        *error = pl_arena_printf(ws->arena, "%s: outside the repository %s (--staged)", arg,
                                 pl_git_workdir(g));
        return -1;
    }
    const pl_git_entry *e = *rel ? pl_git_index_lookup(g, rel) : NULL;
    if (e) {
        if (!staged_file(e)) {
            note(d, pl_arena_printf(ws->arena, "%s: staged as a %s, not checked", arg,
                                    e->intent_to_add ? "path without content" : "link"));
            return 0;
        }
        pl_file_kind kind = PL_KIND_DOCKERFILE; /* an unknown name given by hand */
        const char *base = strrchr(rel, '/');
        if (o->kind_forced)
            kind = o->kind;
        else
            pl_discover_kind_of(base ? base + 1 : rel, &kind);
        add_staged(d, arg, e, kind);
        return 0;
    }
    size_t n = 0;
    const pl_git_entry *below = pl_git_index_below(g, rel, &n);
    struct stat st;
    if (n == 0) {
        if (stat(arg, &st) != 0) {
            *error = pl_arena_printf(ws->arena, "%s: not in the index or the work tree", arg);
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            note(d, pl_arena_printf(ws->arena, "%s is not staged; nothing to check", arg));
            return 0;
        }
    }
    pl_git_scope_add(g, rel);
    size_t skip = *rel ? strlen(rel) + 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const pl_git_entry *ent = &below[i];
        const char *sub = ent->path + skip;
        pl_file_kind kind;
        if (pl_discover_kind_of_path(sub, &kind) != 0 || !pl_kind_checked(kind) ||
            !staged_file(ent) || under_skipped_dir(sub))
            continue;
        const char *path = join(ws->arena, arg, sub);
        if (!pl_discover_excluded(ws, path))
            add_staged(d, path, ent, kind);
    }
    return 0;
}

/* ---- reading ------------------------------------------------------------------------ */

static ssize_t read_some(int fd, char *buf, size_t n)
{
    ssize_t got;
    while ((got = read(fd, buf, n)) < 0 && errno == EINTR)
        ;
    return got;
}

/* What is left of `fd` after `have` bytes already read, appended. */
static char *read_rest(pl_arena *a, int fd, const char *have, size_t nhave, size_t *len)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (nhave)
        pl_sb_append(&sb, have, nhave);
    char buf[65536];
    ssize_t n;
    while ((n = read_some(fd, buf, sizeof buf)) > 0)
        pl_sb_append(&sb, buf, (size_t)n);
    *len = sb.len;
    return (char *)pl_sb_str(&sb);
}

/* A regular file of `size` bytes goes into one allocation of that size (a
 * doubling buffer would hold twice the file, in blocks of the arena sized
 * for much more); a stream, or a file that grew meanwhile, is read on. */
static char *read_stream(pl_arena *a, int fd, size_t size, size_t *len)
{
    if (!size || size >= ((size_t)1 << 31))
        return read_rest(a, fd, NULL, 0, len);
    char *data = pl_arena_alloc(a, size + 1);
    size_t got = 0;
    ssize_t n;
    while (got < size && (n = read_some(fd, data + got, size - got)) > 0)
        got += (size_t)n;
    char more;
    if (got == size && read_some(fd, &more, 1) == 1) {
        data[got++] = more; /* the extra byte fits: the buffer has room for a NUL */
        return read_rest(a, fd, data, got, len);
    }
    data[got] = '\0';
    *len = got;
    return data;
}

void pl_discover_read(pl_file *f)
{
    if (f->data || !f->fs_path || f->read_error)
        return;
    int fd = open(f->fs_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        f->read_error = 1;
        return;
    }
    f->data = read_stream(f->arena, fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &f->len);
    close(fd);
}

/* ---- the run's files ------------------------------------------------------------------ */

static void add_stdin(discovery *d)
{
    pl_workspace *ws = d->ws;
    const pl_options *o = ws->opts;
    const char *name = o->stdin_filename ? o->stdin_filename : "-";
    pl_file_kind kind = PL_KIND_DOCKERFILE;
    if (o->kind_forced)
        kind = o->kind;
    else {
        const char *base = strrchr(name, '/');
        pl_discover_kind_of(base ? base + 1 : name, &kind);
    }
    pl_file *f = PL_NEW(ws->arena, pl_file);
    f->arena = pl_arena_new();
    f->path = pl_arena_strdup(f->arena, name);
    f->kind = kind;
    f->report = 1;
    f->ws = ws;
    f->data = read_stream(f->arena, 0, 0, &f->len);
    pl_vec_push(ws->arena, &d->files, f);
    pl_vec_push(ws->arena, &d->rels, NULL);
}

/* The deepest existing directory on the way to `path` ("." at worst): where
 * to look for the repository of a path that is only in the index. */
static const char *existing_ancestor(pl_arena *a, const char *path)
{
    char *p = pl_arena_strdup(a, path);
    struct stat st;
    while (*p && stat(p, &st) != 0) {
        char *slash = strrchr(p, '/');
        if (!slash)
            return ".";
        *slash = '\0';
        if (slash == p)
            return "/";
    }
    return *p ? p : ".";
}

/* `lst`: lstat(path) when the caller has it, else NULL. */
static void open_repository(discovery *d, const char *path, const struct stat *lst)
{
    pl_workspace *ws = d->ws;
    if (ws->git)
        return;
    /* the files named one by one in a directory without a repository look
     * for one once: a file that is no symbolic link looks from its own
     * directory, as the one before it did */
    struct stat st;
    if (!lst && lstat(path, &st) == 0)
        lst = &st;
    if (lst && S_ISREG(lst->st_mode)) {
        const char *slash = strrchr(path, '/');
        const char *dir = slash ? pl_arena_strndup(d->scratch, path, (size_t)(slash - path)) : ".";
        if (!first_time(d, pl_arena_printf(d->scratch, "g%s", dir)))
            return;
    }
    if (ws->git_opened && !strcmp(path, ws->git_opened_at)) {
        ws->git = ws->git_opened;
        ws->git_opened = NULL;
    } else {
        if (!d->no_repository)
            d->no_repository = pl_git_misses_new(d->scratch); /* only discovery asks */
        ws->git = pl_git_open_known(ws->arena, path, d->no_repository);
    }
    if (ws->git)
        ws->repo_root = pl_git_workdir(ws->git);
}

static int discover_worktree(discovery *d, const char *p, const char **error)
{
    pl_workspace *ws = d->ws;
    const pl_options *o = ws->opts;
    /* one lstat answers for stat too when the path is no symbolic link */
    struct stat st, lst;
    int have_lst = lstat(p, &lst) == 0;
    if (have_lst && !S_ISLNK(lst.st_mode)) {
        st = lst;
    } else if (stat(p, &st) != 0) {
        *error = pl_arena_printf(ws->arena, "%s: %s", p, strerror(errno));
        return -1;
    }
    open_repository(d, p, have_lst ? &lst : NULL);
    const char *rel = ws->git ? pl_git_relpath_of(ws->arena, ws->git, p) : NULL;
    if (S_ISDIR(st.st_mode)) {
        if (rel)
            pl_git_scope_add(ws->git, rel);
        walk(d, p, rel, 0);
        return 0;
    }
    pl_file_kind kind = PL_KIND_DOCKERFILE; /* an unknown name given by hand */
    const char *base = strrchr(p, '/');
    if (o->kind_forced)
        kind = o->kind;
    else
        pl_discover_kind_of(base ? base + 1 : p, &kind);
    pl_file *f = add_file(d, p, kind, rel);
    if (f)
        f->fs_path = pl_arena_strdup(ws->arena, p);
    if (kind == PL_KIND_DOCKERFILE)
        ancestor_build_sources(d, p);
    return 0;
}

/* On an error the run stops: the files found so far are dropped. */
static int discard(discovery *d)
{
    for (size_t i = 0; i < d->files.len; i++)
        pl_arena_free(((pl_file *)d->files.items[i])->arena);
    d->ws->files = NULL;
    d->ws->nfiles = 0;
    return -1;
}

static int discover_all(discovery *dp, const char **error)
{
    discovery d = *dp;
    pl_workspace *ws = d.ws;
    const pl_options *o = ws->opts;
    static const char *const dot[] = {"."};
    const char *const *paths = o->npaths ? o->paths : dot;
    int npaths = o->npaths ? o->npaths : 1;

    if (o->staged) {
        const char *start = ".";
        for (int i = 0; i < npaths; i++)
            if (strcmp(paths[i], "-")) {
                start = existing_ancestor(ws->arena, paths[i]);
                break;
            }
        open_repository(&d, start, NULL);
        if (!ws->git) {
            *error = pl_arena_printf(ws->arena, "--staged needs a git repository (none at %s)", start);
            return -1;
        }
    }
    for (int i = 0; i < npaths; i++) {
        const char *p = paths[i];
        int rc = !strcmp(p, "-") ? (add_stdin(&d), 0)
                 : o->staged     ? discover_staged(&d, p, error)
                                 : discover_worktree(&d, p, error);
        if (rc != 0)
            return discard(&d);
    }
    /* the --compose-file list is checked whatever the files are named */
    for (int i = 0; !o->staged && i < o->compose_files.n; i++) {
        const char *p = o->compose_files.items[i];
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
            continue; /* the project says it cannot read it */
        pl_file *f = add_file(&d, p, PL_KIND_COMPOSE,
                              ws->git ? pl_git_relpath_of(ws->arena, ws->git, p) : NULL);
        if (f)
            f->fs_path = pl_arena_strdup(ws->arena, p);
    }
    root_build_sources(&d);
    ws->files = (pl_file **)d.files.items;
    ws->nfiles = (int)d.files.len;

    if (o->changed_since) {
        if (!ws->git) {
            *error = pl_arena_printf(ws->arena, "--changed-since needs a git repository");
            return discard(&d);
        }
        if (pl_git_set_changed_since(ws->git, o->changed_since, o->staged, error) != 0)
            return discard(&d);
        for (size_t i = 0; i < d.files.len; i++) {
            const char *rel = d.rels.items[i];
            if (rel && !pl_git_is_changed(ws->git, rel))
                ws->files[i]->report = 0;
        }
    }
    return 0;
}

pl_file *pl_workspace_find(const pl_workspace *ws, const char *path)
{
    for (int i = 0; i < ws->nfiles; i++)
        if (!strcmp(ws->files[i]->path, path))
            return ws->files[i];
    return NULL;
}

int pl_discover(pl_workspace *ws, const char **error)
{
    discovery d = {.ws = ws, .scratch = pl_arena_new()};
    d.display = pl_display_paths_new(d.scratch);
    int rc = discover_all(&d, error);
    pl_git_close(ws->git_opened); /* when no path asked for it */
    ws->git_opened = NULL;
    pl_arena_free(d.scratch);
    return rc;
}
