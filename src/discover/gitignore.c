/* gitignore.c — ignore files parsed into pattern lists, and a
 * repository's answer for a path (see gitignore.h). Each directory a
 * query passes through becomes a node, made once: whether the directory
 * itself is ignored (then nothing below it is read), and its .gitignore. */
#include "plimsoll/gitignore.h"
#include "plimsoll/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* git reads any size; a bigger ignore file here is skipped as unreadable */
enum { IGNORE_FILE_MAX = 4 << 20 };

enum { GI_NEGATE = 1, GI_DIRONLY = 2, GI_BASENAME = 4 };

typedef struct {
    pl_wm_pattern *wm;
    unsigned flags;
} gi_pat;

struct pl_gi_list {
    gi_pat *pats;
    size_t n;
};

/* ---- one ignore file ------------------------------------------------------------ */

/* The length of `s` once trailing spaces are cut; a space escaped with '\'
 * stays, and a line ending in a lone '\' keeps its spaces. */
static size_t trim_trailing_spaces(const char *s, size_t n)
{
    size_t cut = n; /* where the run of trailing spaces starts; n when none */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') {
            if (cut == n)
                cut = i;
            continue;
        }
        if (s[i] == '\\' && ++i >= n)
            return n;
        cut = n;
    }
    return cut;
}

/* Bytes before the first of git's glob characters. */
static size_t literal_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !strchr("*?[\\", s[i]))
        i++;
    return i;
}

static void add_pattern(pl_arena *a, pl_gi_list *l, const char *s, size_t n, int casefold)
{
    unsigned flags = 0;
    if (n && s[0] == '!') {
        flags |= GI_NEGATE;
        s++;
        n--;
    }
    if (n && s[n - 1] == '/') {
        flags |= GI_DIRONLY;
        n--;
    }
    size_t prefix = literal_prefix(s, n);
    if (!memchr(s, '/', n)) {
        flags |= GI_BASENAME; /* matches a name at any depth */
        prefix = 0;
    } else if (s[0] == '/') {
        s++;
        n--;
        prefix--;
    }
    gi_pat *p = &l->pats[l->n++];
    p->flags = flags;
    p->wm = pl_wm_compile(a, s, n, prefix, casefold);
}

pl_gi_list *pl_gi_list_parse(pl_arena *a, const char *text, size_t len, int casefold)
{
    pl_gi_list *l = PL_NEW(a, pl_gi_list);
    memset(l, 0, sizeof *l);
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
        text += 3;
        len -= 3;
    }
    size_t lines = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
        lines++;
    l->pats = PL_NEW_N(a, gi_pat, lines);
    for (size_t pos = 0; pos < len;) {
        const char *s = text + pos;
        const char *eol = memchr(s, '\n', len - pos);
        size_t n = eol ? (size_t)(eol - s) : len - pos;
        pos += n + 1;
        if (n == 0 || s[0] == '#')
            continue;
        if (s[n - 1] == '\r')
            n--;
        n = strnlen(s, n); /* git reads a line as a C string */
        add_pattern(a, l, s, trim_trailing_spaces(s, n), casefold);
    }
    return l;
}

size_t pl_gi_list_count(const pl_gi_list *l) { return l ? l->n : 0; }

int pl_gi_list_match(const pl_gi_list *l, const char *relpath, int is_dir)
{
    if (!l)
        return -1;
    const char *slash = strrchr(relpath, '/');
    const char *name = slash ? slash + 1 : relpath;
    size_t len = strlen(relpath), name_len = strlen(name);
    for (size_t i = l->n; i-- > 0;) {
        const gi_pat *p = &l->pats[i];
        if ((p->flags & GI_DIRONLY) && !is_dir)
            continue;
        int hit = p->flags & GI_BASENAME ? pl_wm_match(p->wm, name, name_len)
                                         : pl_wm_match(p->wm, relpath, len);
        if (hit)
            return p->flags & GI_NEGATE ? 0 : 1;
    }
    return -1;
}

/* ---- a repository ------------------------------------------------------------------- */

typedef struct gi_dir {
    const char *path; /* "" for the root, else "a/b" */
    size_t len;
    const struct gi_dir *parent;
    const pl_gi_list *list; /* its .gitignore; NULL when none was read */
    int excluded;           /* the directory (or one above it) is ignored */
    struct gi_dir *next;    /* hash chain */
} gi_dir;

struct pl_gitignore {
    pl_arena *a;
    pl_gitignore_sources src;
    const pl_gi_list *info_exclude, *excludes_file;
    gi_dir *root;
    gi_dir **buckets;
    size_t nbuckets, ndirs;
    size_t files_read;
};

/* A whole regular file into `a`, or NULL. Inside the work tree a symbolic
 * link is not followed (git refuses a .gitignore that is one). */
static const char *read_small_file(pl_arena *a, const char *path, int nofollow, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= IGNORE_FILE_MAX) {
        size_t want = (size_t)st.st_size, got = 0;
        buf = pl_arena_alloc(a, want + 1);
        while (got < want) {
            ssize_t r = read(fd, buf + got, want - got);
            if (r > 0)
                got += (size_t)r;
            else if (r == 0 || errno != EINTR)
                break;
        }
        buf[got] = '\0';
        *len = got;
    }
    close(fd);
    return buf;
}

static const pl_gi_list *read_list(pl_gitignore *gi, const char *path, int nofollow)
{
    size_t len = 0;
    const char *text = path ? read_small_file(gi->a, path, nofollow, &len) : NULL;
    if (!text)
        return NULL;
    gi->files_read++;
    pl_gi_list *l = pl_gi_list_parse(gi->a, text, len, gi->src.ignore_case);
    return l->n ? l : NULL;
}

static const pl_gi_list *read_dir_list(pl_gitignore *gi, const char *dir)
{
    char path[PATH_MAX];
    int n = *dir ? snprintf(path, sizeof path, "%s/%s/.gitignore", gi->src.workdir, dir)
                 : snprintf(path, sizeof path, "%s/.gitignore", gi->src.workdir);
    return n > 0 && (size_t)n < sizeof path ? read_list(gi, path, 1) : NULL;
}

pl_gitignore *pl_gitignore_new(const pl_gitignore_sources *src)
{
    pl_arena *a = pl_arena_new();
    pl_gitignore *gi = PL_NEW(a, pl_gitignore);
    memset(gi, 0, sizeof *gi);
    gi->a = a;
    gi->src.workdir = pl_arena_strdup(a, src->workdir);
    gi->src.ignore_case = src->ignore_case;
    gi->info_exclude = read_list(gi, src->info_exclude, 0);
    gi->excludes_file = read_list(gi, src->excludes_file, 0);
    return gi;
}

void pl_gitignore_free(pl_gitignore *gi)
{
    if (gi)
        pl_arena_free(gi->a);
}

size_t pl_gitignore_files_read(const pl_gitignore *gi) { return gi->files_read; }

/* The answer of the lists that apply to a path inside directory `d`: its
 * .gitignore and those above it (deepest first), info/exclude, then
 * core.excludesFile; the first list where a pattern matches decides. */
static int match_lists(const pl_gitignore *gi, const gi_dir *d, const char *path, int is_dir)
{
    for (; d; d = d->parent) {
        if (!d->list)
            continue;
        int r = pl_gi_list_match(d->list, d->len ? path + d->len + 1 : path, is_dir);
        if (r >= 0)
            return r;
    }
    int r = pl_gi_list_match(gi->info_exclude, path, is_dir);
    return r >= 0 ? r : pl_gi_list_match(gi->excludes_file, path, is_dir);
}

static size_t hash_dir(const char *s, size_t n)
{
    return (size_t)pl_hash_bytes(PL_HASH_SEED, s, n);
}

static void grow(pl_gitignore *gi)
{
    size_t nb = gi->nbuckets ? gi->nbuckets * 4 : 64;
    gi_dir **b = PL_NEW_N(gi->a, gi_dir *, nb);
    memset(b, 0, nb * sizeof *b);
    for (size_t i = 0; i < gi->nbuckets; i++)
        for (gi_dir *d = gi->buckets[i], *next; d; d = next) {
            next = d->next;
            size_t k = hash_dir(d->path, d->len) & (nb - 1);
            d->next = b[k];
            b[k] = d;
        }
    gi->buckets = b;
    gi->nbuckets = nb;
}

/* The node of directory path[0, len), a child of `parent`. */
static const gi_dir *dir_node(pl_gitignore *gi, const gi_dir *parent, const char *path, size_t len)
{
    if (gi->ndirs >= gi->nbuckets)
        grow(gi);
    size_t k = hash_dir(path, len) & (gi->nbuckets - 1);
    for (gi_dir *d = gi->buckets[k]; d; d = d->next)
        if (d->len == len && !memcmp(d->path, path, len))
            return d;
    gi_dir *d = PL_NEW(gi->a, gi_dir);
    memset(d, 0, sizeof *d);
    d->path = pl_arena_strndup(gi->a, path, len);
    d->len = len;
    d->parent = parent;
    /* as git does, a directory is judged by the lists above it; once it is
     * ignored, nothing below it can be re-included, so its own file is
     * never read */
    d->excluded = parent->excluded || match_lists(gi, parent, d->path, 1) == 1;
    if (!d->excluded)
        d->list = read_dir_list(gi, d->path);
    d->next = gi->buckets[k];
    gi->buckets[k] = d;
    gi->ndirs++;
    return d;
}

int pl_gitignore_is_ignored(pl_gitignore *gi, const char *relpath, int is_dir)
{
    if (!*relpath)
        return 0;
    if (!gi->root) {
        gi->root = PL_NEW(gi->a, gi_dir);
        memset(gi->root, 0, sizeof *gi->root);
        gi->root->path = "";
        gi->root->list = read_dir_list(gi, "");
    }
    const gi_dir *d = gi->root;
    for (const char *s = strchr(relpath, '/'); s; s = strchr(s + 1, '/')) {
        d = dir_node(gi, d, relpath, (size_t)(s - relpath));
        if (d->excluded)
            return 1;
    }
    return match_lists(gi, d, relpath, is_dir != 0) == 1;
}
