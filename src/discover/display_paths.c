/* display_paths.c — pl_display_path for many paths at once (discover.h):
 * the same answers, with the real path of each directory asked for once
 * and the current directory read once. Files named one by one mostly share
 * their directories, and realpath(3) reads every component of every path
 * as a possible symbolic link. */
#include "plimsoll/discover.h"
#include "plimsoll/hash.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pl_display_paths {
    pl_arena *a;
    /* directory as written -> its real path (NULL: cannot be resolved);
     * open addressing, at most half full */
    const char **keys, **vals;
    size_t cap, len;
    const char *cwd;
    int cwd_asked;
};

pl_display_paths *pl_display_paths_new(pl_arena *a)
{
    pl_display_paths *c = PL_NEW(a, pl_display_paths);
    c->a = a;
    return c;
}

static size_t hash_str(const char *s)
{
    return pl_hash_str(s);
}

static void room(pl_display_paths *c)
{
    if (2 * (c->len + 1) <= c->cap)
        return;
    size_t cap = c->cap ? c->cap * 2 : 256;
    const char **k = PL_NEW_N(c->a, const char *, cap), **v = PL_NEW_N(c->a, const char *, cap);
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i])
            continue;
        size_t j = hash_str(c->keys[i]) & (cap - 1);
        while (k[j])
            j = (j + 1) & (cap - 1);
        k[j] = c->keys[i];
        v[j] = c->vals[i];
    }
    c->keys = k;
    c->vals = v;
    c->cap = cap;
}

const char *pl_display_paths_real_dir(pl_display_paths *c, const char *dir)
{
    pl_arena *a = c->a;
    for (size_t j = c->cap ? hash_str(dir) & (c->cap - 1) : 0; c->cap && c->keys[j];
         j = (j + 1) & (c->cap - 1))
        if (!strcmp(c->keys[j], dir))
            return c->vals[j];
    /* below its parent's real path, a name that is no symbolic link adds
     * itself: an lstat instead of realpath's readlink of every component */
    const char *slash = strrchr(dir, '/'), *real = NULL;
    struct stat st;
    if (slash && slash > dir && slash[1] && strcmp(slash + 1, ".") && strcmp(slash + 1, "..") &&
        lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        const char *up = pl_display_paths_real_dir(c, pl_arena_strndup(a, dir, (size_t)(slash - dir)));
        if (up && strlen(up) + strlen(slash) < PATH_MAX)
            real = pl_arena_printf(a, "%s/%s", strcmp(up, "/") ? up : "", slash + 1);
    }
    if (!real) {
        char *r = realpath(dir, NULL);
        real = r ? pl_arena_strdup(a, r) : NULL;
        free(r);
    }
    room(c);
    size_t k = hash_str(dir) & (c->cap - 1);
    while (c->keys[k])
        k = (k + 1) & (c->cap - 1);
    c->keys[k] = pl_arena_strdup(a, dir);
    c->vals[k] = real;
    c->len++;
    return real;
}

/* A path that is no symbolic link lies where its directory's real path
 * says. */
const char *pl_display_paths_get(pl_display_paths *c, pl_arena *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (path[0] != '/' || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
        return pl_display_path(out, path);
    if (!c->cwd_asked) {
        char cwd[PATH_MAX];
        c->cwd_asked = 1;
        c->cwd = getcwd(cwd, sizeof cwd) ? pl_arena_strdup(c->a, cwd) : NULL;
    }
    struct stat st;
    if (!c->cwd || lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
        return pl_display_path(out, path);
    const char *real = pl_display_paths_real_dir(
        c, slash == path ? "/" : pl_arena_strndup(c->a, path, (size_t)(slash - path)));
    if (!real)
        return pl_display_path(out, path);
    const char *abs = pl_arena_printf(c->a, "%s/%s", strcmp(real, "/") ? real : "", slash + 1);
    if (strlen(abs) >= PATH_MAX)
        return pl_display_path(out, path);
    size_t n = strlen(c->cwd);
    if (!strncmp(abs, c->cwd, n) && abs[n] == '/')
        return pl_arena_strdup(out, abs + n + 1);
    return pl_arena_strdup(out, path);
}
