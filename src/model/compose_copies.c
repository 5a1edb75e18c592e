/* compose_copies.c — compose files the repository's own scripts copy
 * elsewhere before they are used (compose_project.h, `copied_by`), or
 * merge after another with `docker compose -f BASE -f THIS`
 * (`merged_after`).
 *
 * harbor's tests/testprepare.sh does `cp tests/docker-compose.test.yml
 * make/.` and the CI runs the copy, whose env_file `prepare` generates
 * beside it; mailcow's image workflow copies an override fragment next to
 * the root compose file. Such a file's relative paths resolve where the
 * copy lands, not beside the original. Read statically from the build
 * sources discovery found (workflows, CI files, Makefiles, scripts): a
 * `cp`, `mv`, `install` or `rsync` command whose source names the file,
 * from the repository root or from the source's own folder. Nothing is
 * run; a source given only through a variable is not followed. */
#include <string.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/git.h"
#include "plimsoll/ignore.h"
#include "plimsoll/shell.h"
#include "plimsoll/workspace.h"

enum { MAX_SOURCE_BYTES = 4 << 20, MAX_WORDS = 64 };

typedef struct {
    pl_arena *a;
    pl_workspace *ws;
    const char *repo;   /* the repository root's display path */
    const char *srcdir; /* the folder of the build source being read */
    const char *origin; /* "path:line" of the line being read */
    int found;
} copies;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* `word` (as written in a script) made a display path, from `dir`; NULL
 * when it is not a literal relative path. A leading `$VAR/` or
 * `${VAR}/` (a script's own folder, the checkout) is read as `dir`. */
static const char *as_path(pl_arena *a, const char *dir, const char *word)
{
    if (word[0] == '$') {
        const char *slash = strchr(word, '/');
        if (!slash || memchr(slash, '$', strlen(slash)))
            return NULL;
        word = slash + 1;
    }
    if (!*word || word[0] == '/' || word[0] == '~' || word[0] == '-' || strchr(word, '$') ||
        strchr(word, '*'))
        return NULL;
    if (!strcmp(dir, "."))
        return pl_ignore_clean(a, word);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", dir, word));
}

/* Marks the projects of compose file `path` as copied by c->origin. */
static void mark(copies *c, const char *path)
{
    for (size_t k = 0; k < c->ws->compose_projects.len; k++) {
        pl_compose_project *p = c->ws->compose_projects.items[k];
        if (!p->copied_by && pl_compose_project_file(p, path)) {
            p->copied_by = pl_arena_strdup(c->ws->arena, c->origin);
            c->found++;
        }
    }
}

static int is_compose_project_file(const copies *c, const char *path)
{
    for (size_t k = 0; k < c->ws->compose_projects.len; k++)
        if (pl_compose_project_file(c->ws->compose_projects.items[k], path))
            return 1;
    return 0;
}

/* The checked compose file a `-f` value names, from the repository root
 * or the source's folder; NULL. */
static const char *compose_file_named(copies *c, const char *word)
{
    const char *dirs[2] = {c->repo, c->srcdir};
    for (int d = 0; d < 2; d++) {
        const char *p = as_path(c->a, dirs[d], word);
        if (p && is_compose_project_file(c, p))
            return p;
    }
    return NULL;
}

/* `docker compose -f BASE -f PART ...` (or docker-compose): each later
 * file is merged after the first, whose directory its paths resolve
 * against (compose_project.h, `merged_after`). */
static void compose_files(copies *c, const char *const *w, int n, int i)
{
    if (i < n && !strcmp(w[i], "docker") && i + 1 < n && !strcmp(w[i + 1], "compose"))
        i += 2;
    else if (i < n && !strcmp(w[i], "docker-compose"))
        i++;
    else
        return;
    for (int k = i; k < n; k++)
        if (!strncmp(w[k], "--project-directory", 19))
            return; /* paths resolve there, not beside the first file */
    const char *base = NULL;
    for (; i + 1 < n; i++) {
        if (strcmp(w[i], "-f") && strcmp(w[i], "--file"))
            continue;
        const char *p = compose_file_named(c, w[++i]);
        if (!p)
            return; /* a file not known: the list says nothing sure */
        if (!base) {
            base = p;
            continue;
        }
        for (size_t k = 0; k < c->ws->compose_projects.len; k++) {
            pl_compose_project *proj = c->ws->compose_projects.items[k];
            if (!proj->merged_after && !pl_compose_project_file(proj, base) &&
                pl_compose_project_file(proj, p)) {
                proj->merged_after = pl_arena_strdup(c->ws->arena, base);
                proj->merged_by = pl_arena_strdup(c->ws->arena, c->origin);
            }
        }
    }
}

/* One simple command, as words: `cp [-opts] SRC... DEST` (after `sudo`). */
static void command(copies *c, const char *const *w, int n)
{
    int i = 0;
    if (i < n && !strcmp(w[i], "sudo"))
        i++;
    compose_files(c, w, n, i);
    if (i >= n || (strcmp(w[i], "cp") && strcmp(w[i], "mv") && strcmp(w[i], "install") &&
                   strcmp(w[i], "rsync")))
        return;
    int first = ++i, last = n - 1;
    if (last - first < 1)
        return; /* a source and a destination at least */
    for (int k = first; k < last; k++) {
        if (w[k][0] == '-')
            continue;
        const char *dirs[2] = {c->repo, c->srcdir};
        for (int d = 0; d < 2; d++) {
            const char *p = as_path(c->a, dirs[d], w[k]);
            if (p && is_compose_project_file(c, p))
                mark(c, p);
        }
    }
}

/* One line of a source, read by the shell reader; a YAML `run:` or list
 * dash before the command is skipped. */
static void line(copies *c, const char *s, size_t len)
{
    while (len && is_space(*s))
        s++, len--;
    if (len >= 2 && s[0] == '-' && is_space(s[1]))
        s += 2, len -= 2;
    while (len && is_space(*s))
        s++, len--;
    if (len >= 4 && !strncmp(s, "run:", 4))
        s += 4, len -= 4;
    pl_sh_script *sc = pl_sh_parse(c->a, s, len);
    for (int q = 0; q < sc->ncmds; q++) {
        const pl_sh_cmd *cmd = &sc->cmds[q];
        int n = cmd->argc < MAX_WORDS ? cmd->argc : MAX_WORDS;
        const char *w[MAX_WORDS];
        for (int k = 0; k < n; k++)
            w[k] = cmd->argv[k].text;
        command(c, w, n);
    }
}

void pl_model_compose_copies(pl_workspace *ws)
{
    if (!ws->compose_projects.len || !ws->build_sources.len)
        return;
    copies c = {0};
    c.ws = ws;
    for (size_t i = 0; i < ws->build_sources.len; i++) {
        const char *path = ws->build_sources.items[i];
        c.a = pl_arena_new();
        c.repo = ws->git ? pl_git_display_path(c.a, ws->git, "") : ".";
        if (!c.repo || !*c.repo)
            c.repo = ".";
        const char *slash = strrchr(path, '/');
        c.srcdir = slash ? pl_arena_strndup(c.a, path, (size_t)(slash - path)) : ".";
        size_t len = 0;
        char *data = pl_arena_read_file(c.a, path, MAX_SOURCE_BYTES, &len);
        int lineno = 1;
        for (size_t at = 0; data && at < len; lineno++) {
            const char *nl = memchr(data + at, '\n', len - at);
            size_t end = nl ? (size_t)(nl - data) : len;
            /* only lines that could copy: a cheap test before splitting */
            const char *l = data + at;
            size_t n = end - at;
            if (n > 3 && (memmem(l, n, "cp ", 3) || memmem(l, n, "mv ", 3) ||
                          memmem(l, n, "install ", 8) || memmem(l, n, "rsync ", 6) ||
                          (memmem(l, n, "compose", 7) && memmem(l, n, "-f", 2)))) {
                c.origin = pl_arena_printf(c.a, "%s:%d", path, lineno);
                line(&c, l, n);
            }
            at = end + 1;
        }
        pl_arena_free(c.a);
    }
}
