/* ctx_missing.c — a missing COPY source that the repository says is
 * supplied before the build (see ctx_missing.h). */
#include "ctx_missing.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../dockerfile/df_neighbours.h"
#include "plimsoll/git.h"
#include "plimsoll/shell.h"

/* build sources read per missing source, and how much of each */
enum { MAX_SOURCES_READ = 64, MAX_SOURCE_BYTES = 256 * 1024, MAX_TEXT_TOTAL = 4 << 20 };

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

/* Whether display directory `dir` is `below` or one of its parents. */
static int is_ancestor(const char *dir, const char *below)
{
    if (!strcmp(dir, ".") || !strcmp(dir, below))
        return 1;
    size_t n = strlen(dir);
    return !strncmp(below, dir, n) && below[n] == '/';
}

/* The directory a build source speaks for: a workflow's, CI file's or CI
 * hook's is the repository's (the folder holding .github/, .circleci/ or
 * .buildkite/: Buildkite runs its hooks in the checkout). */
static const char *source_dir(pl_arena *a, const char *path)
{
    const char *dir = dir_of(a, path);
    static const char *const ci[] = {"/.github/workflows", "/.circleci", "/.buildkite/hooks", NULL};
    static const char *const top[] = {".github/workflows", ".circleci", ".buildkite/hooks", NULL};
    for (int i = 0; top[i]; i++)
        if (!strcmp(dir, top[i]))
            return ".";
    size_t n = strlen(dir);
    for (int i = 0; ci[i]; i++) {
        size_t k = strlen(ci[i]);
        if (n > k && !strcmp(dir + n - k, ci[i]))
            return pl_arena_strndup(a, dir, n - k);
    }
    return dir;
}

static int name_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '-';
}

/* `word` as a whole name in text[0, len). */
static int names_word(const char *text, size_t len, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = text; p && (size_t)(p - text) + wl <= len;) {
        p = memmem(p, len - (size_t)(p - text), word, wl);
        if (!p)
            return 0;
        int before = p == text || !name_char(p[-1]);
        const char *e = p + wl;
        int after = (size_t)(e - text) >= len || !name_char(*e) ||
                    (*e == '.' && ((size_t)(e + 1 - text) >= len || !name_char(e[1])));
        if (before && after)
            return 1;
        p += wl;
    }
    return 0;
}

/* Reads the Makefiles, scripts and workflows of the Dockerfile's
 * directory or one above it (at most MAX_SOURCES_READ, MAX_TEXT_TOTAL bytes
 * in all). */
static void load_build_texts(pl_check *c, const pl_file *f, pl_ctx_build_texts *bt)
{
    bt->loaded = 1;
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !f->path || !ws->build_sources.len)
        return;
    pl_arena *a = pl_check_arena(c);
    const char *df_dir = dir_of(a, f->path);
    bt->paths = PL_NEW_N(a, const char *, MAX_SOURCES_READ);
    bt->texts = PL_NEW_N(a, const char *, MAX_SOURCES_READ);
    bt->lens = PL_NEW_N(a, size_t, MAX_SOURCES_READ);
    size_t total = 0;
    for (size_t i = 0; i < ws->build_sources.len && bt->n < MAX_SOURCES_READ; i++) {
        const char *path = ws->build_sources.items[i];
        if (!is_ancestor(source_dir(a, path), df_dir))
            continue;
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t want = (size_t)st.st_size < MAX_SOURCE_BYTES ? (size_t)st.st_size : MAX_SOURCE_BYTES;
        if (total + want > MAX_TEXT_TOTAL)
            break;
        FILE *fp = fopen(path, "rb");
        if (!fp)
            continue;
        char *buf = pl_arena_alloc(a, want + 1);
        size_t n = fread(buf, 1, want, fp);
        fclose(fp);
        buf[n] = '\0';
        total += n;
        bt->paths[bt->n] = path;
        bt->texts[bt->n] = buf;
        bt->lens[bt->n++] = n;
    }
}

/* A Makefile, script or workflow of the Dockerfile's directory or one
 * above it that names `base`: a step of the build may write it. */
static const char *named_by_build_source(pl_check *c, const pl_file *f, const char *base,
                                         pl_ctx_build_texts *bt)
{
    if (!bt->loaded)
        load_build_texts(c, f, bt);
    for (int i = 0; i < bt->n; i++)
        if (names_word(bt->texts[i], bt->lens[i], base))
            return bt->paths[i];
    return NULL;
}

enum { MAX_CP_WORDS = 64 };

/* `word` of a script run in `dir` as a display path; NULL when it is not
 * a literal relative path (an expansion, an absolute path, an option). */
static const char *script_path(pl_arena *a, const char *dir, const pl_sh_word *word)
{
    const char *w = word->text;
    if (word->has_expansion || !*w || w[0] == '/' || w[0] == '~' || w[0] == '-')
        return NULL;
    return pl_ignore_clean(a, strcmp(dir, ".") ? pl_arena_printf(a, "%s/%s", dir, w) : w);
}

static int has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

enum { MAX_GLOB_COPIES = 256 };

/* Records the wildcards one `cp`/`mv`/`install`/`rsync` command (after
 * `sudo`), run in `dir`, copies into a literal folder. */
static void command_glob_copies(pl_arena *a, const pl_sh_cmd *cmd, const char *dir,
                                const char *origin, pl_ctx_build_texts *bt)
{
    int i = 0, n = cmd->argc < MAX_CP_WORDS ? cmd->argc : MAX_CP_WORDS;
    if (i < n && !strcmp(cmd->argv[i].text, "sudo"))
        i++;
    if (i >= n)
        return;
    const char *name = cmd->argv[i].text;
    if (strcmp(name, "cp") && strcmp(name, "mv") && strcmp(name, "install") &&
        strcmp(name, "rsync"))
        return;
    int last = n - 1;
    if (last - (i + 1) < 1)
        return; /* a source and a destination at least */
    const char *dest = script_path(a, dir, &cmd->argv[last]);
    if (!dest)
        return;
    for (int k = i + 1; k < last && bt->nglobs < MAX_GLOB_COPIES; k++) {
        const char *w = cmd->argv[k].text;
        if (w[0] == '-' || !has_glob(w))
            continue;
        const char *slash = strrchr(w, '/');
        bt->glob_dests[bt->nglobs] = dest;
        bt->glob_patterns[bt->nglobs] = slash ? slash + 1 : w;
        bt->glob_origins[bt->nglobs++] = origin;
    }
}

/* Reads the wildcard copies of the build texts (once per check). */
static void load_glob_copies(pl_check *c, const pl_file *f, pl_ctx_build_texts *bt)
{
    bt->globs_loaded = 1;
    if (!bt->loaded)
        load_build_texts(c, f, bt);
    pl_arena *a = pl_check_arena(c);
    bt->glob_dests = PL_NEW_N(a, const char *, MAX_GLOB_COPIES);
    bt->glob_patterns = PL_NEW_N(a, const char *, MAX_GLOB_COPIES);
    bt->glob_origins = PL_NEW_N(a, const char *, MAX_GLOB_COPIES);
    for (int t = 0; t < bt->n && bt->nglobs < MAX_GLOB_COPIES; t++) {
        const char *text = bt->texts[t];
        size_t len = bt->lens[t];
        const char *dirs[2] = {dir_of(a, bt->paths[t]), source_dir(a, bt->paths[t])};
        int lineno = 1;
        for (size_t at = 0; at < len && bt->nglobs < MAX_GLOB_COPIES; lineno++) {
            const char *nl = memchr(text + at, '\n', len - at);
            size_t end = nl ? (size_t)(nl - text) : len;
            const char *l = text + at;
            size_t n = end - at;
            at = end + 1;
            /* only lines that could copy a wildcard: a cheap test first */
            if (n < 4 || !memchr(l, '*', n) ||
                !(memmem(l, n, "cp ", 3) || memmem(l, n, "mv ", 3) ||
                  memmem(l, n, "install ", 8) || memmem(l, n, "rsync ", 6)))
                continue;
            const char *origin = pl_arena_printf(a, "%s:%d", bt->paths[t], lineno);
            pl_sh_script *sc = pl_sh_parse(a, l, n);
            for (int q = 0; q < sc->ncmds; q++)
                for (int d = 0; d < 2; d++)
                    if (d == 0 || strcmp(dirs[0], dirs[1]))
                        command_glob_copies(a, &sc->cmds[q], dirs[d], origin, bt);
        }
    }
}

/* A wildcard COPY source (`COPY *.proto kserve_wrapper/`) that a Makefile,
 * script or workflow above the Dockerfile copies into the context first:
 * torchserve's kubernetes/kserve/build_image.sh copies the frontend's
 * `*.proto` files into its own folder with `cp` before `docker build .`. The
 * script's source pattern must match the COPY's name pattern, and its
 * destination must be the COPY source's folder (from the script's own
 * folder, or from the repository's for a workflow). "path:line", or NULL. */
static const char *glob_copied_by_build_source(pl_check *c, const pl_file *f,
                                               const pl_ctx_info *ci, const pl_ctx_source *s,
                                               pl_ctx_build_texts *bt)
{
    if (!ci->dir || !s->path)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    const char *want = pl_ignore_clean(
        a, strcmp(ci->dir, ".") ? pl_arena_printf(a, "%s/%s", ci->dir, s->path) : s->path);
    const char *slash = strrchr(want, '/');
    const char *want_dir = slash ? pl_arena_strndup(a, want, (size_t)(slash - want)) : ".";
    const char *base = slash ? slash + 1 : want;
    if (!*base || !has_glob(base))
        return NULL;
    if (!bt->globs_loaded)
        load_glob_copies(c, f, bt);
    for (int i = 0; i < bt->nglobs; i++) {
        const char *pattern = bt->glob_patterns[i];
        if (!strcmp(bt->glob_dests[i], want_dir) &&
            (!strcmp(pattern, base) || !fnmatch(pattern, base, FNM_PERIOD) ||
             !fnmatch(base, pattern, FNM_PERIOD)))
            return bt->glob_origins[i];
    }
    return NULL;
}

/* git ignores what the folder `s` names would hold (a `secrets/` whose
 * content a `*` pattern ignores): a folder each builder fills. */
static int content_ignored(pl_arena *a, const pl_workspace *ws, const pl_ctx_info *ci,
                           const pl_ctx_source *s)
{
    if (!ws || !ws->git || !ci->repo_dir || ci->staged || !s->path || !strcmp(s->path, "."))
        return 0;
    const char *rp = *ci->repo_dir ? pl_arena_printf(a, "%s/%s", ci->repo_dir, s->path) : s->path;
    return pl_git_is_ignored(ws->git, pl_arena_printf(a, "%s/credentials", rp), 0);
}

const char *pl_ctx_missing_supplied(pl_check *c, const pl_file *f, const pl_ctx_info *ci,
                                    const pl_ctx_source *s, pl_ctx_build_texts *bt)
{
    if (!s->path)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    if (s->wildcard) {
        const char *by = glob_copied_by_build_source(c, f, ci, s, bt);
        return by ? pl_arena_printf(a, "%s copies files matching %s into the context before the "
                                       "build",
                                    by, s->written)
                  : NULL;
    }
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
        return NULL;
    const char *readme = pl_df_readme_names(a, f, base);
    if (readme)
        return pl_arena_printf(a, "%s beside the Dockerfile names %s: a file put there before the "
                                  "build",
                               readme, base);
    if (content_ignored(a, pl_check_workspace(c), ci, s))
        return pl_arena_printf(a, "git ignores what %s holds: a folder each build host fills",
                               s->path);
    const char *source = named_by_build_source(c, f, base, bt);
    if (source)
        return pl_arena_printf(a, "%s names %s: a step of the build may write it first", source,
                               base);
    return NULL;
}
