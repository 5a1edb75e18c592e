/* vars_doc.c — the variables a project documents (see vars_doc.h). */
#include "vars_doc.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plimsoll/envfile.h"
#include "plimsoll/git.h"

void vars_set_add(pl_arena *a, vars_set *s, const char *name, size_t len)
{
    pl_vec_push(a, &s->names, pl_arena_strndup(a, name, len));
    s->sealed = 0;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void vars_set_seal(vars_set *s)
{
    if (s->sealed)
        return;
    if (s->names.len > 1)
        qsort(s->names.items, s->names.len, sizeof *s->names.items, cmp_str);
    size_t out = 0;
    for (size_t i = 0; i < s->names.len; i++)
        if (!out || strcmp(s->names.items[out - 1], s->names.items[i]))
            s->names.items[out++] = s->names.items[i];
    s->names.len = out;
    s->sealed = 1;
}

int vars_set_has(const vars_set *s, const char *name)
{
    if (!s->names.len)
        return 0;
    return bsearch(&name, s->names.items, s->names.len, sizeof *s->names.items, cmp_str) != NULL;
}

const char *vars_join(pl_arena *a, const char *dir, const char *name)
{
    if (!dir || !*dir || !strcmp(dir, "."))
        return pl_arena_strdup(a, name);
    size_t n = strlen(dir);
    return pl_arena_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

const char *vars_dirname(pl_arena *a, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pl_arena_strndup(a, path, (size_t)(slash - path));
}

char *vars_read(pl_arena *a, const char *path, size_t max, size_t *len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t want = (size_t)st.st_size < max ? (size_t)st.st_size : max;
    char *buf = pl_arena_alloc(a, want + 1);
    size_t n = fread(buf, 1, want, fp);
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* `# NAME=...` / `#export NAME=`: a key left commented out, documented as
 * optional. */
static void commented_keys(pl_arena *a, const char *t, size_t len, vars_set *s)
{
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && t[e] != '\n')
            e++;
        size_t p = i;
        while (p < e && (t[p] == ' ' || t[p] == '\t'))
            p++;
        if (p < e && t[p] == '#') {
            p++;
            while (p < e && (t[p] == ' ' || t[p] == '\t' || t[p] == '#'))
                p++;
            if (e - p > 7 && !strncmp(t + p, "export ", 7))
                p += 7;
            size_t name = p;
            if (p < e && (isalpha((unsigned char)t[p]) || t[p] == '_'))
                while (p < e && (isalnum((unsigned char)t[p]) || t[p] == '_'))
                    p++;
            size_t name_end = p;
            while (p < e && (t[p] == ' ' || t[p] == '\t'))
                p++;
            if (name_end > name && p < e && t[p] == '=')
                vars_set_add(a, s, t + name, name_end - name);
        }
        i = e + 1;
    }
}

static void read_one(pl_arena *a, const char *fs_path, const char *display, vars_doc *d,
                     int example)
{
    size_t len = 0;
    char *text = vars_read(a, fs_path, VARS_MAX_FILE, &len);
    if (!text)
        return;
    pl_envfile *ef = pl_envfile_parse(a, display, text, len, NULL);
    for (const pl_env_entry *e = ef->entries; e; e = e->next)
        vars_set_add(a, &d->names, e->name, strlen(e->name));
    commented_keys(a, text, len, &d->names);
    pl_vec_push(a, &d->files, (void *)display);
    d->examples += example;
}

static int already_read(const vars_doc *d, const char *fs_dir)
{
    for (size_t i = 0; i < d->dirs.len; i++)
        if (!strcmp(d->dirs.items[i], fs_dir))
            return 1;
    return 0;
}

/* Whether git tracks the file: a committed `.env` documents its keys.
 * Outside a repository (an exported tree, a release archive) nothing says
 * the file is a developer's own: it is taken as shipped, so that no
 * variable it sets is reported as undocumented on a guess. */
static int git_tracks(pl_arena *a, const pl_workspace *ws, const char *fs_path)
{
    if (!ws)
        return 0;
    if (!ws->git)
        return 1;
    const char *rel = pl_git_relpath_of(a, ws->git, fs_path);
    return rel && pl_git_is_tracked(ws->git, rel);
}

void vars_doc_read_dir(pl_arena *a, const pl_workspace *ws, const char *fs_dir,
                       const char *display_dir, vars_doc *d)
{
    if (!fs_dir || already_read(d, fs_dir))
        return;
    pl_vec_push(a, &d->dirs, pl_arena_strdup(a, fs_dir));
    DIR *dir = opendir(fs_dir);
    if (!dir)
        return;
    pl_vec names = {0};
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && seen++ < VARS_MAX_DIR_ENTRIES)
        if (pl_env_example_name(e->d_name) || !strcmp(e->d_name, ".env"))
            pl_vec_push(a, &names, pl_arena_strdup(a, e->d_name));
    closedir(dir);
    /* readdir's order is the file system's: sorted, the report is stable */
    if (names.len > 1)
        qsort(names.items, names.len, sizeof *names.items, cmp_str);
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        const char *fs_path = vars_join(a, fs_dir, name);
        int example = strcmp(name, ".env") != 0;
        if (!example && !git_tracks(a, ws, fs_path))
            continue;
        read_one(a, fs_path, vars_join(a, display_dir, name), d, example);
    }
}

void vars_doc_read_env_files(pl_arena *a, const pl_workspace *ws, vars_doc *d)
{
    if (!ws || !ws->opts)
        return;
    for (int i = 0; i < ws->opts->env_files.n; i++)
        read_one(a, ws->opts->env_files.items[i], ws->opts->env_files.items[i], d, 0);
}

int vars_always_set(const char *name)
{
    static const char *const names[] = {"HOME", "PATH", "PWD", "USER", "SHELL", "HOSTNAME",
                                        "LOGNAME", "LANG", "TERM", "TMPDIR", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

const char *vars_list(pl_arena *a, const char *const *names, int n, int max)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < n && i < max; i++)
        pl_sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
    if (n > max)
        pl_sb_printf(&sb, " and %d more", n - max);
    return pl_sb_str(&sb);
}
