/* ctx_copy.c — COPY/ADD sources against the build context: PL3010 a source
 * nothing in the context matches, PL3011 one the ignore file excludes
 * (BuildKit's CopyIgnoredFile, with `!` re-includes honoured), PL3012 one
 * that exists only as a file git does not track. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "ctx_missing.h"
#include "ctx_util.h"
#include "plimsoll/git.h"
#include "plimsoll/submodule.h"
#include "plimsoll/unit.h"

static const char *instr_name(const pl_ctx_source *s)
{
    return s->is_mount ? "RUN --mount" : s->ins->kind == PL_DF_ADD ? "ADD" : "COPY";
}

/* "`$SRC` (src/app.py)" when expansion changed the word, else "`src/app.py`". */
static const char *source_label(pl_arena *a, const pl_ctx_source *s)
{
    const char *shown = s->is_mount ? s->path : s->written;
    if (!s->is_mount && s->path && strchr(s->written, '$'))
        return pl_arena_printf(a, "`%s` (%s)", shown, s->path);
    return pl_arena_printf(a, "`%s`", shown ? shown : "");
}

/* A sent sibling whose name differs only in case: "did you mean". */
static const char *case_twin(const pl_context *ctx, pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : "";
    const char *name = slash ? slash + 1 : path;
    size_t dlen = strlen(dir);
    for (int pass = 0; pass < 2; pass++) {
        const pl_ctx_entry *v = pass ? ctx->dirs : ctx->files;
        size_t n = pass ? ctx->ndirs : ctx->nfiles;
        for (size_t i = 0; i < n; i++) {
            const char *p = v[i].path;
            if (dlen && (strncmp(p, dir, dlen) || p[dlen] != '/'))
                continue;
            const char *rest = dlen ? p + dlen + 1 : p;
            if (!strchr(rest, '/') && !strcasecmp(rest, name))
                return p;
        }
    }
    return NULL;
}

/* ---- PL3010 ------------------------------------------------------------------ */

static const char *repo_path(pl_arena *a, const char *dir, const char *p)
{
    if (!strcmp(p, "."))
        return dir;
    return *dir ? pl_arena_printf(a, "%s/%s", dir, p) : p;
}

/* The git submodule a missing source lies in (lago's `./api/Gemfile.lock`):
 * a checkout without --recurse-submodules leaves it empty, the build's
 * checkout fills it. Its path, or NULL. */
static const char *in_submodule(pl_arena *a, const pl_workspace *ws, const pl_ctx_info *ci,
                                const pl_ctx_source *s)
{
    if (!ws || !ws->git || !ci->repo_dir || !s->path)
        return NULL;
    return pl_git_submodule_of(a, ws->git, repo_path(a, ci->repo_dir, s->path));
}

/* A missing source git ignores (`dist/`, `.tilt-bin/`, a binary the compose
 * script builds): an output some step makes before `docker build`, not a
 * file the repository forgot. */
static int ignored_output(pl_arena *a, const pl_workspace *ws, const pl_ctx_info *ci,
                          const pl_ctx_source *s)
{
    if (!ws || !ws->git || !ci->repo_dir || ci->staged || !s->path)
        return 0;
    if (s->wildcard) {
        /* a wildcard in a folder git ignores (portainer's `COPY
         * dist/storybook* /storybook/`, dist/ an output of its build):
         * what it matches is made before the build, or not at all */
        size_t glob = strcspn(s->path, "*?[");
        const char *slash = NULL;
        for (size_t i = 0; i < glob; i++)
            if (s->path[i] == '/')
                slash = s->path + i;
        if (!slash)
            return 0;
        const char *dir = pl_arena_strndup(a, s->path, (size_t)(slash - s->path));
        return pl_git_is_ignored(ws->git, repo_path(a, ci->repo_dir, dir), 1);
    }
    const char *rp = repo_path(a, ci->repo_dir, s->path);
    return pl_git_is_ignored(ws->git, rp, 0) || pl_git_is_ignored(ws->git, rp, 1);
}

/* A missing source under a conventional build-output folder (`build/`,
 * `dist/`, `out/`, `target/`, `bin/`) that a package.json or Makefile of
 * the context writes (`go build -o ./build/x`) next to a `docker build`
 * of its own: the script makes the folder right before the image is built
 * (uptime-kuma's extra/uptime-kuma-push). Returns the manifest, or NULL. */
#define MAX_SCRIPT_FILE (256 * 1024)
static const char *built_by_script(pl_check *c, const pl_ctx_info *ci, const pl_ctx_source *s)
{
    static const char *const outputs[] = {"build", "dist", "out", "target", "bin", NULL};
    static const char *const manifests[] = {"package.json", "Makefile", "makefile", NULL};
    if (!s->path)
        return NULL;
    const char *p = s->path;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    size_t first = strcspn(p, "/");
    int conventional = 0;
    for (int i = 0; outputs[i] && !conventional; i++)
        conventional = strlen(outputs[i]) == first && !strncmp(p, outputs[i], first);
    if (!conventional)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    const char *folder = pl_arena_printf(a, "%.*s/", (int)first, p);
    const char *found = NULL;
    for (int m = 0; manifests[m] && !found; m++) {
        size_t n;
        const char *buf = pl_ctx_read_file(c, ci, manifests[m], MAX_SCRIPT_FILE, &n);
        if (!buf || !n)
            continue;
        if (!strstr(buf, "docker build") && !strstr(buf, "docker buildx build"))
            continue;
        /* the folder as a path word: ` build/`, `./build/`, `"build/` */
        for (const char *at = strstr(buf, folder); at && !found; at = strstr(at + 1, folder)) {
            char before = at == buf ? ' ' : at[-1];
            if (before == ' ' || before == '/' || before == '"' || before == '=' || before == '\'')
                found = manifests[m];
        }
    }
    return found;
}

/* The context is a guess (nothing says how the file is built) and `path`
 * exists in a directory above it, up to the repository (or git ignores it
 * there, a build output): the build most likely runs there, so the source
 * is unknown, not missing. */
#define MAX_GUESS_LEVELS 8
static int found_above_guess(pl_arena *a, const pl_workspace *ws, const pl_ctx_info *ci,
                             const char *path)
{
    if ((ci->unit && ci->unit->spec.context) || !ci->fs_dir || !ci->repo_dir || !path ||
        !ws || !ws->git)
        return 0;
    const char *dir = ci->fs_dir, *repo = ci->repo_dir;
    for (int level = 0; level < MAX_GUESS_LEVELS && *repo; level++) {
        dir = pl_arena_printf(a, "%s/..", dir);
        const char *slash = strrchr(repo, '/');
        repo = slash ? pl_arena_strndup(a, repo, (size_t)(slash - repo)) : "";
        struct stat st;
        if (!stat(pl_arena_printf(a, "%s/%s", dir, path), &st))
            return 1;
        const char *rp = repo_path(a, repo, path);
        if (pl_git_is_ignored(ws->git, rp, 0) || pl_git_is_ignored(ws->git, rp, 1))
            return 1;
    }
    return 0;
}

/* Another source of the same COPY/ADD is in the context: `COPY
 * environment.yml* noop.txt /tmp/` is the documented idiom for an optional
 * file (BuildKit copies what matches, and with one source matching the
 * classic builder does not fail either). */
static int sibling_resolved(const pl_ctx_info *ci, const pl_ctx_source *s)
{
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *o = &ci->sources[i];
        if (o != s && o->ins == s->ins && o->status == PL_SRC_RESOLVED)
            return 1;
    }
    return 0;
}

void pl_check_copy_source_missing(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    pl_arena *a = pl_check_arena(c);
    const char *label = pl_ctx_label(a, ci);
    int total = 0, resolved = 0, ignored = 0;
    const pl_ctx_source *unknown = NULL, *output = NULL, *above = NULL, *built = NULL;
    const pl_ctx_source *empty_wildcard = NULL;
    const pl_ctx_source *supplied = NULL;
    const char *built_by = NULL, *supplied_why = NULL;
    const pl_ctx_source **missing = PL_NEW_N(a, const pl_ctx_source *, (size_t)ci->nsources + 1);
    int nmissing = 0;
    pl_ctx_build_texts texts = {0};
    const pl_workspace *ws = pl_check_workspace(c);
    const pl_unit_spec *spec = ci->unit ? &ci->unit->spec : NULL;
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        total++;
        switch (s->status) {
        case PL_SRC_RESOLVED:
        case PL_SRC_OPTIONAL:
            resolved++;
            break;
        case PL_SRC_IGNORED:
            ignored++;
            break;
        case PL_SRC_UNKNOWN:
            if (!unknown)
                unknown = s;
            break;
        case PL_SRC_MISSING: {
            const char *sub = s->wildcard ? NULL : in_submodule(a, ws, ci, s);
            if (sub) {
                if (!supplied)
                    supplied = s, supplied_why = pl_arena_printf(
                        a, "it lies in the git submodule %s, which this checkout leaves empty "
                           "and a checkout with --recurse-submodules fills", sub);
                break;
            }
            if (ignored_output(a, ws, ci, s)) {
                if (!output)
                    output = s;
                break;
            }
            const char *script = s->wildcard ? NULL : built_by_script(c, ci, s);
            if (script) {
                if (!built)
                    built = s, built_by = script;
                break;
            }
            if (!s->wildcard && found_above_guess(a, ws, ci, s->path)) {
                if (!above)
                    above = s;
                break;
            }
            if (s->wildcard && sibling_resolved(ci, s)) {
                resolved++;
                break;
            }
            const char *why = pl_ctx_missing_supplied(c, f, ci, s, &texts);
            if (why) {
                if (!supplied)
                    supplied = s, supplied_why = why;
                break;
            }
            /* BuildKit, the default builder, copies nothing for a wildcard
             * that matches nothing, and the build goes on: the optional-file
             * idiom (`COPY yarn.loc[k] ./`, portainer's `dist/storybook*`
             * that only CI builds make) */
            if (s->wildcard && pl_check_reading(c) == PL_READING_DEFAULT) {
                if (!empty_wildcard)
                    empty_wildcard = s;
                break;
            }
            missing[nmissing++] = s;
            break;
        }
        }
    }
    /* the context is a guess, and a source found only above it shows the
     * guess wrong (Wiki.js' dev/build-arm copies ./server and
     * ./dev/build/config.yml from the repository root): what is missing
     * here says nothing of the real context, where the rest may be build
     * outputs (./build/assets) */
    if (above && pl_check_reading(c) == PL_READING_DEFAULT && nmissing) {
        pl_skip(c, "the context %s is a guess (nothing in the repository says how %s is built), "
                   "and %s (line %d) is in a directory above it: %s (line %d) is unknown there",
                label, f->path, source_label(a, above), above->span.line,
                source_label(a, missing[0]), missing[0]->span.line);
        return;
    }
    /* nothing in the repository says how a Dockerfile below its root is
     * built: its context is a guess (its own directory, or any above it),
     * and on public repositories a source missing from the guess was nearly
     * always there in the real build (a context elsewhere, an output a
     * script makes first). Unknown, not missing, unless the guess holds the
     * same name in another case: that one is a typo in any context. At the
     * repository root, `docker build .` is the convention, not a guess. */
    if (nmissing && pl_check_reading(c) == PL_READING_DEFAULT && pl_ctx_is_guess(ci)) {
        int kept = 0;
        const pl_ctx_source *first_unknown = NULL;
        for (int i = 0; i < nmissing; i++) {
            if (missing[i]->path && case_twin(ci->ctx, a, missing[i]->path))
                missing[kept++] = missing[i];
            else if (!first_unknown)
                first_unknown = missing[i];
        }
        nmissing = kept;
        if (!nmissing) {
            pl_skip(c, "the context %s is a guess (nothing in the repository says how %s is "
                       "built): %s (line %d) is not in it, and the real context may hold it",
                    label, f->path, source_label(a, first_unknown), first_unknown->span.line);
            return;
        }
    }
    /* most sources missing in the context a build reference gives: that
     * reference's context is probably wrong (a stale Makefile target), one
     * finding there rather than one per COPY */
    if (nmissing >= 3 && nmissing * 2 > total && spec && spec->context && spec->origin_file) {
        pl_fail_in(c, spec->origin_file, spec->origin_span, NULL,
                   "%d of the %d COPY/ADD sources of %s are not in the build context %s this "
                   "build gives (first: %s, line %d): the context is probably wrong",
                   nmissing, total, f->path, label, source_label(a, missing[0]),
                   missing[0]->span.line);
        return;
    }
    for (int i = 0; i < nmissing; i++) {
        const pl_ctx_source *s = missing[i];
        const char *what = source_label(a, s);
        if (s->wildcard) {
            pl_fail(c, s->span, NULL,
                    "%s source %s matches nothing in the build context %s (BuildKit copies "
                    "nothing; the classic builder fails)",
                    instr_name(s), what, label);
            continue;
        }
        const char *twin = s->path ? case_twin(ci->ctx, a, s->path) : NULL;
        const char *escape = strstr(s->written, "..") ? " (`..` cannot leave the context)" : "";
        if (twin)
            pl_fail(c, s->span, NULL,
                    "%s source %s is not in the build context %s; did you mean `%s`? (names "
                    "are case-sensitive)",
                    instr_name(s), what, label, twin);
        else
            pl_fail(c, s->span, NULL, "%s source %s is not in the build context %s%s",
                    instr_name(s), what, label, escape);
    }
    if (!total) {
        pl_skip(c, "no COPY/ADD source from the build context");
        return;
    }
    const char *summary = pl_ctx_summary(a, ci);
    if (ci->guess_note)
        summary = pl_arena_printf(a, "%s; %s", summary, ci->guess_note);
    if (resolved == total) {
        pl_pass(c, (pl_span){0}, "%d of %d resolved in context %s (%s)", resolved, total, label,
                summary);
        return;
    }
    if (ignored) {
        pl_skip(c, "%d of %d resolved in context %s (%s); %d excluded by %s (copy-source-ignored)",
                resolved, total, label, summary, ignored, ci->ignore_path);
        return;
    }
    if (output)
        pl_skip(c, "%d of %d resolved in context %s (%s); %s (line %d) is ignored by git: an "
                   "output some step makes before the build",
                resolved, total, label, summary, source_label(a, output), output->span.line);
    else if (built)
        pl_skip(c, "%d of %d resolved in context %s (%s); %s (line %d) is an output %s writes "
                   "before its docker build",
                resolved, total, label, summary, source_label(a, built), built->span.line, built_by);
    else if (supplied)
        pl_skip(c, "%d of %d resolved in context %s (%s); %s (line %d) is unknown: %s", resolved,
                total, label, summary, source_label(a, supplied), supplied->span.line,
                supplied_why);
    else if (above)
        pl_skip(c, "%d of %d resolved in context %s (%s), a guess; %s (line %d) is in a directory "
                   "above it, which may be the context the build uses",
                resolved, total, label, summary, source_label(a, above), above->span.line);
    else if (unknown && unknown->from_arg_default)
        pl_skip(c, "%d of %d resolved in context %s (%s); %s (line %d) is unknown: with its ARG "
                   "default it is not in the context, and a build may pass another value",
                resolved, total, label, summary, source_label(a, unknown), unknown->span.line);
    else if (unknown)
        pl_skip(c, "%d of %d resolved in context %s (%s); %s (line %d) depends on a value not "
                   "known statically",
                resolved, total, label, summary, source_label(a, unknown), unknown->span.line);
    else if (empty_wildcard)
        pl_skip(c, "%d of %d resolved in context %s (%s); the wildcard %s (line %d) matches "
                   "nothing there, which BuildKit copies as nothing (the classic builder fails)",
                resolved, total, label, summary, source_label(a, empty_wildcard),
                empty_wildcard->span.line);
}

/* ---- PL3011 ------------------------------------------------------------------ */

void pl_check_copy_source_ignored(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    if (!ci->ignore) {
        pl_skip(c, "no .dockerignore applies to the build context %s", pl_ctx_label(pl_check_arena(c), ci));
        return;
    }
    pl_arena *a = pl_check_arena(c);
    int checked = 0;
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        if (s->status == PL_SRC_UNKNOWN)
            continue;
        checked++;
        if (s->status != PL_SRC_IGNORED)
            continue;
        const pl_ignore_pattern *p =
            s->pattern >= 0 && s->pattern < ci->ignore->npatterns ? &ci->ignore->patterns[s->pattern] : NULL;
        const char *why = p ? pl_arena_printf(a, "%s line %d (`%s`)", ci->ignore_path, p->line,
                                              p->pattern)
                            : ci->ignore_path;
        const char *what = source_label(a, s);
        if (s->path && !strcmp(s->left_out, s->path))
            pl_fail(c, s->span, NULL, "%s source %s is excluded by %s", instr_name(s), what, why);
        else if (s->wildcard)
            pl_fail(c, s->span, NULL,
                    "%s source %s matches only what %s excludes (%s): nothing is copied",
                    instr_name(s), what, why, s->left_out);
        else
            pl_fail(c, s->span, NULL,
                    "%s source %s is sent empty: %s excludes what is in it (%s)", instr_name(s),
                    what, why, s->left_out);
    }
    if (!checked)
        pl_skip(c, "no COPY/ADD source from the build context");
    else
        pl_pass(c, (pl_span){0}, "%d source%s, none excluded by %s", checked,
                checked == 1 ? "" : "s", ci->ignore_path);
}

/* ---- PL3012 ------------------------------------------------------------------ */

/* Where builds leave their output: a CI job builds these before `docker
 * build`, so they are meant to be untracked. */
static int build_output(const char *path)
{
    static const char *const dirs[] = {"dist", "build", "target", "out", "bin", "obj", "release"};
    static const char *const exts[] = {".jar", ".war", ".ear", ".whl"};
    size_t n = strcspn(path, "/");
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (strlen(dirs[i]) == n && !strncmp(path, dirs[i], n))
            return 1;
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (len > e && !strcmp(path + len - e, exts[i]))
            return 1;
    }
    return 0;
}

void pl_check_copy_source_untracked(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    const pl_workspace *ws = pl_check_workspace(c);
    if (ci->staged) {
        pl_skip(c, "with --staged the context is the index: a file it lacks is missing");
        return;
    }
    if (!ws || !ws->git || !ci->repo_dir) {
        pl_skip(c, "the build context is not in a git repository");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    int checked = 0;
    for (int i = 0; i < ci->nsources; i++) {
        const pl_ctx_source *s = &ci->sources[i];
        if (s->status != PL_SRC_RESOLVED)
            continue;
        checked++;
        int tracked = 0, exempt = 0;
        for (int k = 0; k < s->nmatches && !tracked && !exempt; k++) {
            const char *p = s->matches[k];
            if (build_output(p) || pl_context_lookup(ci->ctx, p, NULL, NULL) == PL_CTX_BEYOND_SYMLINK) {
                exempt = 1;
                break;
            }
            const char *rp = repo_path(a, ci->repo_dir, p);
            tracked = s->kinds[k] == PL_CTX_DIR ? pl_git_has_tracked_below(ws->git, rp)
                                                : pl_git_is_tracked(ws->git, rp);
        }
        if (tracked || exempt || !s->nmatches)
            continue;
        const char *first = repo_path(a, ci->repo_dir, s->matches[0]);
        pl_git_state st = pl_git_state_of(ws->git, first);
        const char *state = st == PL_GIT_IGNORED ? "ignored by git" : "untracked";
        const char *what = source_label(a, s);
        if (s->nmatches == 1 && !s->wildcard)
            pl_fail(c, s->span, NULL,
                    "%s source %s exists here but is %s: a clean clone (CI) does not have it",
                    instr_name(s), what, state);
        else
            pl_fail(c, s->span, NULL,
                    "%s source %s matches only paths git does not track (%s is %s): a clean "
                    "clone (CI) has none of them",
                    instr_name(s), what, s->matches[0], state);
    }
    if (!checked)
        pl_skip(c, "no COPY/ADD source resolved in the build context");
    else
        pl_pass(c, (pl_span){0}, "%d source%s, each tracked by git", checked, checked == 1 ? "" : "s");
}
