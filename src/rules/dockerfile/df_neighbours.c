/* df_neighbours.c — the files next to a Dockerfile (see df_neighbours.h). */
#include "df_neighbours.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* a directory with more entries than this is read as its first ones; a
 * neighbour is read up to this size (Dockerfiles and READMEs are small) */
enum { MAX_ENTRIES = 512, MAX_NEIGHBOUR = 1 << 20 };

static char *read_small(pl_arena *a, const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t want = (size_t)st.st_size < MAX_NEIGHBOUR ? (size_t)st.st_size : MAX_NEIGHBOUR;
    char *buf = pl_arena_alloc(a, want + 1);
    size_t n = fread(buf, 1, want, fp);
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        return ".";
    return slash == path ? "/" : pl_arena_strndup(a, path, (size_t)(slash - path));
}

static const char *join(pl_arena *a, const char *dir, const char *name)
{
    return !strcmp(dir, ".") ? pl_arena_strdup(a, name) : pl_arena_printf(a, "%s/%s", dir, name);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The names in f's directory that `want` accepts, sorted (readdir's order
 * is the file system's; sorted, the answer is stable). */
static int neighbours(pl_arena *a, const pl_file *f, int (*want)(const char *), const char ***out)
{
    *out = NULL;
    if (!f || !f->fs_path)
        return 0;
    DIR *d = opendir(dir_of(a, f->fs_path));
    if (!d)
        return 0;
    const char *self = strrchr(f->fs_path, '/');
    self = self ? self + 1 : f->fs_path;
    pl_vec names = {0};
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) && seen++ < MAX_ENTRIES)
        if (strcmp(e->d_name, self) && want(e->d_name))
            pl_vec_push(a, &names, pl_arena_strdup(a, e->d_name));
    closedir(d);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof *names.items, cmp_str);
    *out = (const char **)names.items;
    return (int)names.len;
}

static int dockerfile_name(const char *n)
{
    size_t len = strlen(n);
    return !strncasecmp(n, "Dockerfile", 10) || !strncasecmp(n, "Containerfile", 13) ||
           (len > 11 && !strcasecmp(n + len - 11, ".Dockerfile"));
}

static int readme_name(const char *n)
{
    return !strncasecmp(n, "README", 6);
}

static const char *skip_blank(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static const char *word_end(const char *p, const char *e)
{
    while (p < e && *p != ' ' && *p != '\t' && *p != '\r')
        p++;
    return p;
}

/* Whether line [p, e) is `FROM [--flag ...] IMAGE AS name`. */
static int defines_stage(const char *p, const char *e, const char *name)
{
    p = skip_blank(p, e);
    if (e - p < 5 || strncasecmp(p, "FROM", 4) || (p[4] != ' ' && p[4] != '\t'))
        return 0;
    p = skip_blank(p + 4, e);
    while (p < e && p[0] == '-' && p + 1 < e && p[1] == '-')
        p = skip_blank(word_end(p, e), e);
    p = skip_blank(word_end(p, e), e); /* the image */
    const char *as = p;
    p = word_end(p, e);
    if (p - as != 2 || strncasecmp(as, "AS", 2))
        return 0;
    const char *n = skip_blank(p, e);
    const char *ne = word_end(n, e);
    return (size_t)(ne - n) == strlen(name) && !strncasecmp(n, name, (size_t)(ne - n));
}

const char *pl_df_sibling_stage(pl_arena *a, const pl_file *f, const char *name)
{
    const char **names;
    int n = neighbours(a, f, dockerfile_name, &names);
    const char *fs_dir = f && f->fs_path ? dir_of(a, f->fs_path) : ".";
    for (int i = 0; i < n; i++) {
        size_t len = 0;
        const char *t = read_small(a, join(a, fs_dir, names[i]), &len);
        for (const char *p = t, *end = t ? t + len : NULL; p && p < end;) {
            const char *e = memchr(p, '\n', (size_t)(end - p));
            e = e ? e : end;
            if (defines_stage(p, e, name))
                return join(a, dir_of(a, f->path), names[i]);
            p = e + 1;
        }
    }
    return NULL;
}

static int name_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '-';
}

const char *pl_df_readme_names(pl_arena *a, const pl_file *f, const char *word)
{
    size_t wl = word ? strlen(word) : 0;
    if (!wl)
        return NULL;
    const char **names;
    int n = neighbours(a, f, readme_name, &names);
    const char *fs_dir = f && f->fs_path ? dir_of(a, f->fs_path) : ".";
    for (int i = 0; i < n; i++) {
        size_t len = 0;
        const char *t = read_small(a, join(a, fs_dir, names[i]), &len);
        for (const char *p = t; p && (p = strstr(p, word));) {
            /* the whole name: `german.data`, not `german.data.bak` */
            int before = p == t || !name_char(p[-1]);
            int after = !p[wl] || !name_char(p[wl]) ||
                        (p[wl] == '.' && (p + wl + 1 >= t + len || !name_char(p[wl + 1])));
            if (before && after)
                return join(a, dir_of(a, f->path), names[i]);
            p += wl;
        }
    }
    return NULL;
}
