/* path_args.c — the PATH arguments, cleaned once and sorted (path_args.h). */
#include "path_args.h"

#include <stdlib.h>
#include <string.h>

#include "plimsoll/discover.h"
#include "plimsoll/ignore.h"

static int cmp_str_ptr(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int sorted_has(const char *const *v, int n, const char *s, size_t len)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strncmp(v[mid], s, len);
        if (c == 0 && v[mid][len])
            c = 1; /* longer than the prefix asked for */
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

void pl_path_args_init(pl_arena *a, const pl_workspace *ws, pl_path_args *out)
{
    memset(out, 0, sizeof *out);
    const pl_options *o = ws->opts;
    if (!o || !o->npaths) {
        out->none = 1;
        return;
    }
    out->display = PL_NEW_N(a, const char *, o->npaths);
    out->given = PL_NEW_N(a, const char *, o->npaths);
    pl_display_paths *display = pl_display_paths_new(a);
    for (int i = 0; i < o->npaths; i++) {
        const char *d = pl_ignore_clean(a, pl_display_paths_get(display, a, o->paths[i]));
        out->has_dot |= !strcmp(d, ".");
        out->display[out->ndisplay++] = d;
        out->given[out->ngiven++] = pl_ignore_clean(a, o->paths[i]);
    }
    qsort(out->display, (size_t)out->ndisplay, sizeof *out->display, cmp_str_ptr);
    qsort(out->given, (size_t)out->ngiven, sizeof *out->given, cmp_str_ptr);
}

int pl_path_args_names(const pl_path_args *pa, const char *path)
{
    return path && sorted_has(pa->display, pa->ndisplay, path, strlen(path));
}

int pl_path_args_gives(const pl_path_args *pa, const char *path)
{
    return path && sorted_has(pa->given, pa->ngiven, path, strlen(path));
}

static int relative_below_cwd(const char *path)
{
    return path[0] != '/' && strncmp(path, "../", 3);
}

int pl_path_args_hold(const pl_path_args *pa, const char *path)
{
    if (!path)
        return 0;
    if (pa->none || pa->has_dot)
        if (relative_below_cwd(path))
            return 1;
    if (pa->none)
        return 0;
    /* the path itself, then each directory above it */
    for (size_t n = strlen(path); n > 0;) {
        if (sorted_has(pa->display, pa->ndisplay, path, n))
            return 1;
        while (n > 0 && path[n - 1] != '/')
            n--;
        if (n == 0)
            break;
        n--; /* drop the slash */
    }
    return 0;
}
