/* discover.c — walking PATH arguments into the list of files to check. */
#include "plimsoll/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/git.h"

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

int pl_discover_kind_of(const char *n, pl_file_kind *kind)
{
    if (ends_with(n, ".dockerignore")) {
        *kind = PL_KIND_DOCKERIGNORE;
        return 0;
    }
    if (!strcmp(n, "Dockerfile") || !strcmp(n, "dockerfile") || !strncmp(n, "Dockerfile.", 11) ||
        ends_with(n, ".Dockerfile") || ends_with(n, ".dockerfile") || !strcmp(n, "Containerfile") ||
        !strncmp(n, "Containerfile.", 14)) {
        *kind = PL_KIND_DOCKERFILE;
        return 0;
    }
    if (is_compose_name(n)) {
        *kind = PL_KIND_COMPOSE;
        return 0;
    }
    if ((!strncmp(n, "requirements", 12) || !strncmp(n, "constraints", 11)) && ends_with(n, ".txt")) {
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
    return kind == PL_KIND_DOCKERFILE || kind == PL_KIND_DOCKERIGNORE;
}

const char *pl_display_path(pl_arena *a, const char *path)
{
    char cwd[PATH_MAX], abs[PATH_MAX];
    if (path[0] != '/') {
        const char *p = path;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
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

static int excluded_by_config(const pl_workspace *ws, const char *path)
{
    if (!ws->config)
        return 0;
    for (int i = 0; i < ws->config->exclude.n; i++)
        if (fnmatch(ws->config->exclude.items[i], path, 0) == 0)
            return 1;
    return 0;
}

static void add_file(pl_workspace *ws, pl_vec *files, const char *path, pl_file_kind kind)
{
    pl_file *f = PL_NEW(ws->arena, pl_file);
    f->arena = pl_arena_new();
    f->path = pl_display_path(f->arena, path);
    f->fs_path = pl_arena_strdup(f->arena, path);
    f->kind = kind;
    f->report = 1;
    f->ws = ws;
    pl_vec_push(ws->arena, files, f);
}

static int skip_dir_name(const char *n)
{
    return !strcmp(n, ".git") || !strcmp(n, "node_modules") || !strcmp(n, "vendor") ||
           !strcmp(n, ".hg") || !strcmp(n, ".svn") || !strcmp(n, "__pycache__") ||
           !strcmp(n, ".venv") || !strcmp(n, ".tox");
}

static int git_ignored(pl_workspace *ws, const char *path, int is_dir)
{
    if (!ws->git)
        return 0;
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return 0;
    const char *rel = pl_git_relpath(ws->arena, ws->git, abs);
    return rel && *rel && pl_git_is_ignored(ws->git, rel, is_dir);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void walk(pl_workspace *ws, pl_vec *files, const char *dir, int depth)
{
    if (depth > 128)
        return;
    DIR *d = opendir(dir);
    if (!d) {
        pl_vec_push(ws->arena, &ws->notes,
                    pl_arena_printf(ws->arena, "could not read directory %s: %s", dir, strerror(errno)));
        return;
    }
    pl_vec names = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        pl_vec_push(ws->arena, &names, pl_arena_strdup(ws->arena, e->d_name));
    }
    closedir(d);
    qsort(names.items, names.len, sizeof(void *), cmp_name);
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        const char *path = join(ws->arena, dir, name);
        struct stat st;
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (skip_dir_name(name) || excluded_by_config(ws, path) || git_ignored(ws, path, 1))
                continue;
            walk(ws, files, path, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            pl_file_kind kind;
            if (pl_discover_kind_of(name, &kind) == 0 && pl_kind_checked(kind) &&
                !excluded_by_config(ws, path) && !git_ignored(ws, path, 0))
                add_file(ws, files, path, kind);
        }
    }
}

static char *read_stream(pl_arena *a, int fd, size_t *len)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        pl_sb_append(&sb, buf, (size_t)n);
    *len = sb.len;
    return (char *)pl_sb_str(&sb);
}

void pl_discover_read(pl_file *f)
{
    if (f->data || !f->fs_path)
        return;
    int fd = open(f->fs_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        f->read_error = 1;
        return;
    }
    f->data = read_stream(f->arena, fd, &f->len);
    close(fd);
}

int pl_discover(pl_workspace *ws, const char **error)
{
    const pl_options *o = ws->opts;
    static const char *const dot[] = {"."};
    const char *const *paths = o->npaths ? o->paths : dot;
    int npaths = o->npaths ? o->npaths : 1;
    pl_vec files = {0};

    for (int i = 0; i < npaths; i++) {
        const char *p = paths[i];
        if (!strcmp(p, "-")) {
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
            f->data = read_stream(f->arena, 0, &f->len);
            pl_vec_push(ws->arena, &files, f);
            continue;
        }
        struct stat st;
        if (stat(p, &st) != 0) {
            *error = pl_arena_printf(ws->arena, "%s: %s", p, strerror(errno));
            return -1;
        }
        if (!ws->git) {
            ws->git = pl_git_open(ws->arena, p);
            if (ws->git)
                ws->repo_root = pl_git_workdir(ws->git);
        }
        if (S_ISDIR(st.st_mode)) {
            walk(ws, &files, p, 0);
        } else {
            pl_file_kind kind = PL_KIND_DOCKERFILE; /* an unknown name given by hand */
            const char *base = strrchr(p, '/');
            if (o->kind_forced)
                kind = o->kind;
            else
                pl_discover_kind_of(base ? base + 1 : p, &kind);
            add_file(ws, &files, p, kind);
        }
    }
    ws->files = (pl_file **)files.items;
    ws->nfiles = (int)files.len;
    return 0;
}

pl_file *pl_workspace_find(const pl_workspace *ws, const char *path)
{
    for (int i = 0; i < ws->nfiles; i++)
        if (!strcmp(ws->files[i]->path, path))
            return ws->files[i];
    return NULL;
}
