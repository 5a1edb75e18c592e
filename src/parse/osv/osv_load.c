/* osv_load.c — finding the OSV records under a path: a directory (walked
 * recursively, names sorted, hidden entries skipped), one .json file, or a
 * zip of them. */
#include "plimsoll/osv.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* a record, or a whole export: PyPI/all.zip is about 60 MB today */
#define MAX_RECORD (16u << 20)
#define MAX_ARCHIVE (2048ull << 20)
#define MAX_DEPTH 8

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* The whole file, malloc'd; NULL with *why. */
static unsigned char *slurp(const char *path, size_t limit, size_t *len, const char **why)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *why = "cannot be read";
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || (unsigned long long)st.st_size > limit) {
        fclose(fp);
        *why = "too large";
        return NULL;
    }
    size_t n = (size_t)st.st_size;
    unsigned char *buf = malloc(n + 1);
    if (!buf || fread(buf, 1, n, fp) != n) {
        free(buf);
        fclose(fp);
        *why = "cannot be read";
        return NULL;
    }
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

typedef struct {
    pl_osv_db *db;
    const char *archive;
} zip_ctx;

static void zip_member(void *ud, const char *name, const char *data, size_t len, const char *why)
{
    zip_ctx *z = ud;
    if (!ends_with(name, ".json"))
        return;
    pl_arena *tmp = pl_arena_new();
    const char *where = pl_arena_printf(tmp, "%s:%s", z->archive, name);
    if (data)
        pl_osv_add_json(z->db, where, data, len);
    else
        pl_osv_add_unreadable(z->db, where, why);
    pl_arena_free(tmp);
}

static int load_zip(pl_osv_db *db, const char *path, const char **error)
{
    size_t len = 0;
    const char *why = NULL;
    unsigned char *data = slurp(path, MAX_ARCHIVE, &len, &why);
    if (!data) {
        *error = why;
        return -1;
    }
    zip_ctx z = {db, path};
    long n = pl_zip_each(data, len, MAX_RECORD, zip_member, &z, error);
    free(data);
    return n < 0 ? -1 : 0;
}

static void load_json_file(pl_osv_db *db, pl_arena *a, const char *path)
{
    size_t len = 0;
    const char *why = NULL;
    unsigned char *data = slurp(path, MAX_RECORD, &len, &why);
    if (data)
        pl_osv_add_json(db, path, (const char *)data, len);
    else
        pl_osv_add_unreadable(db, path, why);
    free(data);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void walk(pl_osv_db *db, pl_arena *a, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    pl_vec names = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            pl_vec_push(a, &names, pl_arena_printf(a, "%s/%s", dir, e->d_name));
    closedir(d);
    qsort(names.items, names.len, sizeof(void *), cmp_str);
    for (size_t i = 0; i < names.len; i++) {
        const char *p = names.items[i];
        struct stat st;
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
            walk(db, a, p, depth + 1);
        else if (S_ISREG(st.st_mode) && ends_with(p, ".json"))
            load_json_file(db, a, p);
    }
}

pl_osv_db *pl_osv_load(pl_arena *a, const char *path, const char **error)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *error = "no such file or directory";
        return NULL;
    }
    pl_osv_db *db = pl_osv_new(a);
    if (S_ISDIR(st.st_mode)) {
        walk(db, a, path, 0);
        return db;
    }
    if (ends_with(path, ".json")) {
        load_json_file(db, a, path);
        return db;
    }
    if (load_zip(db, path, error) != 0)
        return NULL;
    return db;
}
