/* req_util.c — the requirements set of a checked file (its -r/-c includes
 * read from the file system next to it), shared by the PL4xxx rules. */
#include <fcntl.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "req_rules.h"

#define MAX_INCLUDE_BYTES (4 << 20)
#define MAX_FILES 64

static const char *read_file(void *ud, const char *path, size_t *len)
{
    pl_arena *a = ud;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_INCLUDE_BYTES) {
        close(fd);
        return NULL;
    }
    char *buf = pl_arena_alloc(a, (size_t)st.st_size + 1);
    size_t got = 0;
    ssize_t k;
    while (got < (size_t)st.st_size && (k = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
        got += (size_t)k;
    close(fd);
    *len = got;
    return buf;
}

static const char *no_read(void *ud, const char *path, size_t *len)
{
    (void)ud, (void)path, (void)len;
    return NULL;
}

/* A path the loader joined from the file's disk path, as the report shows
 * it: the same relative step from the file's display path. */
static const char *shown(pl_arena *a, const pl_file *f, const char *path)
{
    if (!f->fs_path || !strcmp(path, f->fs_path))
        return !f->fs_path || strcmp(path, f->fs_path) ? path : f->path;
    const char *fs_slash = strrchr(f->fs_path, '/');
    size_t fs_dir = fs_slash ? (size_t)(fs_slash - f->fs_path) : 0;
    const char *rest = path;
    if (fs_dir && !strncmp(path, f->fs_path, fs_dir) && path[fs_dir] == '/')
        rest = path + fs_dir + 1;
    else if (fs_dir)
        return path;
    return pl_req_join(a, f->path, rest);
}

pl_req_set *pl_req_rules_set(pl_check *c, const pl_file *f)
{
    pl_arena *a = pl_check_arena(c);
    const char *root = f->fs_path ? f->fs_path : f->path;
    pl_req_set *set = pl_req_load(a, root, f->data, f->len, f->fs_path ? read_file : no_read, a,
                                  MAX_FILES);
    for (int i = 0; i < set->nfiles; i++) {
        pl_req_loaded *lf = &set->files[i];
        lf->path = shown(a, f, lf->path);
        if (lf->rf)
            lf->rf->path = lf->path;
        if (!f->fs_path && !lf->rf && !lf->why_not)
            lf->why_not = "not on disk (read from the index or standard input)";
    }
    for (int i = 0; i < set->nreqs; i++)
        set->reqs[i]->file = shown(a, f, set->reqs[i]->file);
    return set;
}

int pl_req_ranges_allowed(pl_check *c, const pl_file *f, const char **why)
{
    size_t n = strlen(f->path);
    if (n > 3 && !strcmp(f->path + n - 3, ".in")) {
        *why = "a pip-tools source (*.in) may hold ranges";
        return 1;
    }
    const char *slash = strrchr(f->path, '/');
    if (!strncmp(slash ? slash + 1 : f->path, "constraints", 11)) {
        *why = "a constraints file only limits versions; the files that install are judged";
        return 1;
    }
    const pl_config *cfg = pl_check_config(c);
    for (int i = 0; cfg && i < cfg->requirements_ranges_allowed.n; i++) {
        const char *g = cfg->requirements_ranges_allowed.items[i];
        const char *base = strrchr(f->path, '/');
        if (fnmatch(g, f->path, 0) == 0 || (base && !strchr(g, '/') && fnmatch(g, base + 1, 0) == 0)) {
            *why = pl_arena_printf(pl_check_arena(c), "ranges allowed by requirements.ranges-allowed '%s'", g);
            return 1;
        }
    }
    return 0;
}

const char *pl_req_where(pl_check *c, const pl_file *f, const pl_req *r)
{
    return r->file && strcmp(r->file, f->path) ? pl_arena_printf(pl_check_arena(c), " (%s:%d)", r->file, r->line)
                                               : "";
}
