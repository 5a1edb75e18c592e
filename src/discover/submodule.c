/* submodule.c — see plimsoll/submodule.h. */
#include <stdio.h>
#include <string.h>

#include "git_config.h"
#include "plimsoll/submodule.h"

typedef struct {
    pl_arena *a;
    const char *path;  /* repository-relative */
    const char *found; /* the submodule's path */
} submodule_hit;

/* A `submodule.NAME.path` of .gitmodules that holds hit->path. */
static int path_holds(void *ctx, const char *section, const char *subsection, const char *key,
                      const char *value)
{
    submodule_hit *h = ctx;
    (void)subsection;
    if (strcmp(section, "submodule") || strcmp(key, "path") || !value || !*value)
        return 0;
    size_t n = strlen(value);
    while (n && value[n - 1] == '/')
        n--;
    if (n && !strncmp(h->path, value, n) && (h->path[n] == '/' || !h->path[n])) {
        h->found = pl_arena_strndup(h->a, value, n);
        return 1;
    }
    return 0;
}

/* .gitmodules is small; a longer one is read up to here */
#define MAX_GITMODULES (64 * 1024)

const char *pl_git_submodule_of(pl_arena *a, const pl_git *g, const char *relpath)
{
    if (!g || !relpath || !*relpath)
        return NULL;
    for (const char *p = relpath;; p++) {
        const char *slash = strchr(p, '/');
        const char *prefix = slash ? pl_arena_strndup(a, relpath, (size_t)(slash - relpath)) : relpath;
        const pl_git_entry *e = pl_git_index_lookup(g, prefix);
        if (e && e->mode == PL_GIT_MODE_SUBMODULE)
            return prefix;
        if (!slash)
            break;
        p = slash;
    }
    /* no gitlink in the index (a tree exported without its history):
     * .gitmodules still names the submodules' paths */
    const char *top = pl_git_workdir(g);
    FILE *fp = top ? fopen(pl_arena_printf(a, "%s/.gitmodules", top), "r") : NULL;
    if (!fp)
        return NULL;
    char *buf = PL_NEW_N(a, char, MAX_GITMODULES);
    size_t n = fread(buf, 1, MAX_GITMODULES, fp);
    fclose(fp);
    submodule_hit hit = {a, relpath, NULL};
    pl_gitcfg_walk(buf, n, path_holds, &hit);
    return hit.found;
}
