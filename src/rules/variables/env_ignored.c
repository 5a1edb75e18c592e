/* env_ignored.c — PL6004: where a project uses a `.env` (an example env
 * file to copy, a compose file that reads one), git ignores it. A tracked
 * `.env` is tracked-env-file's to judge. Runs once per run over the index
 * entries below the checked directories. */
#include <string.h>
#include <strings.h>

#include "plimsoll/discover.h"
#include "plimsoll/envfile.h"
#include "plimsoll/git.h"
#include "plimsoll/hash.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"
#include "rules_decl.h"

/* a compose file is read up to this many bytes */
#define COMPOSE_HEAD (256 * 1024)

static int token_end(char ch) { return !ch || strchr(" \t\r\n\"'],#", ch) != NULL; }

/* Longest variable name looked at: a longer one is not a real name. */
#define MAX_VAR_NAME 128

static int name_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

/* Whether the variable interpolated at t[i] (`${NAME...}` or `$NAME`) has a
 * secret-looking name. */
static int secret_interpolation(const char *t, size_t len, size_t i)
{
    size_t k = i + 1 < len && t[i + 1] == '{' ? i + 2 : i + 1;
    size_t n = 0;
    while (k + n < len && n < MAX_VAR_NAME && name_char(t[k + n]))
        n++;
    if (!n || n == MAX_VAR_NAME)
        return 0;
    char name[MAX_VAR_NAME + 1];
    memcpy(name, t + k, n);
    name[n] = '\0';
    return pl_env_name_is_secret(name);
}

/* Where a compose file, outside comments, names a `.env` file (`env_file:
 * .env`, `- ./.env`) or interpolates a variable with a secret-looking name (`${DB_PASSWORD}`:
 * compose reads `.env` for it); NULL when it does neither. A .env that
 * only sets an image tag or a UID holds nothing `git add .` could leak. */
static const char *uses_env(const char *t, size_t len)
{
    const char *interp = NULL;
    for (size_t i = 0; i + 4 <= len; i++) {
        if (t[i] == '#' && (i == 0 || strchr(" \t\n", t[i - 1]))) {
            /* a comment reads nothing (netbox-docker's "# this is to
             * evaluate the $REDIS_PASSWORD from the env") */
            const char *nl = memchr(t + i, '\n', len - i);
            if (!nl)
                break;
            i = (size_t)(nl - t);
            continue;
        }
        if (t[i] == '$' && !interp && (i == 0 || t[i - 1] != '$') &&
            secret_interpolation(t, len, i))
            interp = t + i;
        if (memcmp(t + i, ".env", 4) || (i && !strchr(" \t\"'[/-", t[i - 1])) ||
            !token_end(i + 4 < len ? t[i + 4] : '\0'))
            continue;
        return t + i;
    }
    return interp;
}

static pl_span span_at(const char *t, const char *at)
{
    int line = 1, col = 1;
    for (const char *p = t; p < at; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return pl_span_make(line, col, line, col);
}

static const char *dir_of(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* The directories judged so far: an open-addressing set, so a repository
 * with thousands of compose files stays linear. */
typedef struct {
    const char **slots;
    size_t cap, n;
} dir_set;

static size_t hash(const char *s)
{
    return pl_hash_str(s);
}

static int dir_set_has(const dir_set *d, const char *dir)
{
    if (!d->cap)
        return 0;
    for (size_t k = hash(dir) & (d->cap - 1); d->slots[k]; k = (k + 1) & (d->cap - 1))
        if (!strcmp(d->slots[k], dir))
            return 1;
    return 0;
}

/* Adds `dir`; returns 0 when it was there already. */
static int dir_set_add(pl_arena *a, dir_set *d, const char *dir)
{
    if (2 * (d->n + 1) > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        const char **slots = PL_NEW_N(a, const char *, cap);
        for (size_t i = 0; i < d->cap; i++)
            if (d->slots[i]) {
                size_t k = hash(d->slots[i]) & (cap - 1);
                while (slots[k])
                    k = (k + 1) & (cap - 1);
                slots[k] = d->slots[i];
            }
        d->slots = slots;
        d->cap = cap;
    }
    size_t k = hash(dir) & (d->cap - 1);
    for (; d->slots[k]; k = (k + 1) & (d->cap - 1))
        if (!strcmp(d->slots[k], dir))
            return 0;
    d->slots[k] = dir;
    d->n++;
    return 1;
}

/* What an example env file is copied to: its name without the example
 * word (`.env.example` -> `.env`, `.env-dist` -> `.env`,
 * `woodpecker-agent.env.example` -> `woodpecker-agent.env`). A name left
 * as `env` alone (`env.example`, `example.env`) is the `.env` people copy
 * it to. */
static const char *copy_of(pl_arena *a, const char *base)
{
    static const char *const words[] = {"example", "sample", "template", "dist", "tmpl", "tpl",
                                        NULL};
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int parts = 0;
    for (const char *p = base;;) {
        size_t n = strcspn(p, ".");
        size_t keep = n;
        for (int i = 0; words[i]; i++) {
            size_t wn = strlen(words[i]);
            if (n == wn && !strncasecmp(p, words[i], wn))
                keep = 0; /* the whole part is the example word */
            else if (n > wn && (p[n - wn - 1] == '-' || p[n - wn - 1] == '_') &&
                     !strncasecmp(p + n - wn, words[i], wn))
                keep = n - wn - 1; /* `env-example`, `dev-sample` */
        }
        if (keep || (!n && !parts)) {
            if (parts++)
                pl_sb_putc(&sb, '.');
            pl_sb_append(&sb, p, keep);
        }
        if (!p[n])
            break;
        p += n + 1;
    }
    const char *copy = pl_sb_str(&sb);
    return !strcmp(copy, "env") || !*copy ? ".env" : copy;
}

/* Whether a tracked compose file in `dir` names `name` (`env_file:
 * woodpecker-agent.env`): what reads a copy not called `.env`. */
static int compose_names(pl_git *g, const char *dir, const char *name)
{
    size_t n = 0, nlen = strlen(name);
    const pl_git_entry *e = pl_git_index_below(g, dir, &n);
    size_t dlen = strlen(dir);
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        const char *rest = e[i].path + dlen + (dlen ? 1 : 0);
        pl_file_kind kind;
        if (strchr(rest, '/') || pl_discover_kind_of(rest, &kind) != 0 || kind != PL_KIND_COMPOSE)
            continue;
        pl_arena *scratch = pl_arena_new();
        const char *t = NULL;
        size_t len = 0;
        if (pl_git_index_read(g, &e[i], scratch, COMPOSE_HEAD, &t, &len) == 0)
            for (const char *at = t; !found && (at = memmem(at, len - (size_t)(at - t), name,
                                                            nlen)) != NULL;
                 at++)
                found = (at == t || strchr(" \t\"'[/-", at[-1])) && token_end(at[nlen]);
        pl_arena_free(scratch);
    }
    return found;
}

void pl_check_env_file_not_ignored(pl_check *c, const pl_file *f)
{
    (void)f;
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !ws->git) {
        pl_skip(c, "not in a git repository");
        return;
    }
    pl_git *g = ws->git;
    if (!pl_git_has_scope(g)) {
        pl_skip(c, "no directory of the repository was checked");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    size_t n = 0;
    const pl_git_entry *entries = pl_git_index_below(g, "", &n);
    dir_set done = {0};
    int judged = 0, failed = 0, tracked = 0;
    for (size_t i = 0; i < n; i++) {
        const pl_git_entry *e = &entries[i];
        if ((e->mode != PL_GIT_MODE_FILE && e->mode != PL_GIT_MODE_EXECUTABLE) ||
            !pl_git_in_scope(g, e->path) || pl_discover_path_skipped(e->path))
            continue;
        const char *slash = strrchr(e->path, '/');
        const char *base = slash ? slash + 1 : e->path;
        pl_file_kind kind;
        int example = pl_env_example_name(base);
        int compose = !example && pl_discover_kind_of(base, &kind) == 0 && kind == PL_KIND_COMPOSE;
        if (!example && !compose)
            continue;
        const char *dir = dir_of(a, e->path);
        /* the copy an example is made for; a compose file reads `.env`.
         * A `.env.X.example` is copied to `.env` as often as to `.env.X`
         * (coolify's .env.development.example, BookStack's
         * .env.example.complete): `.env` is what compose reads */
        const char *copy = example ? copy_of(a, base) : ".env";
        /* vikunja's frontend/.env.local.example says to copy it to
         * .env.local (Vite's convention), which git ignores: the copy it is
         * written for is safe */
        const char *named_copy = copy;
        if (!strncmp(copy, ".env", 4))
            copy = ".env";
        if (example && strcmp(named_copy, ".env") && !strncmp(named_copy, ".env.", 5) &&
            pl_git_is_ignored(g, *dir ? pl_arena_printf(a, "%s/%s", dir, named_copy) : named_copy, 0)) {
            judged++;
            continue;
        }
        const char *env = *dir ? pl_arena_printf(a, "%s/%s", dir, copy) : copy;
        if (dir_set_has(&done, env))
            continue;
        /* `NAME.env.example` is copied to NAME.env, which only what names
         * it reads: an example nothing here reads (woodpecker's
         * nfpm/woodpecker-agent.env.example, which nfpm installs under
         * /etc) is not a .env in the making */
        if (strncmp(copy, ".env", 4) && !compose_names(g, dir, copy))
            continue;
        pl_span at = pl_span_make(1, 1, 1, 1);
        pl_arena *scratch = NULL;
        if (compose) {
            scratch = pl_arena_new();
            const char *t = NULL;
            size_t len = 0;
            const char *use = pl_git_index_read(g, e, scratch, COMPOSE_HEAD, &t, &len) == 0
                                  ? uses_env(t, len)
                                  : NULL;
            if (use)
                at = span_at(t, use);
            pl_arena_free(scratch);
            if (!use)
                continue;
        }
        dir_set_add(a, &done, env);
        if (pl_git_is_tracked(g, env)) {
            tracked++; /* tracked-env-file judges what it holds */
            continue;
        }
        judged++;
        if (pl_git_is_ignored(g, env, 0))
            continue;
        const char *shown = pl_git_display_path(a, g, e->path);
        if (pl_discover_excluded(ws, shown) || !pl_git_is_changed(g, e->path))
            continue;
        pl_fail_in(c, shown, at,
                   pl_arena_printf(a, "Add `%s` (or `%s`) to .gitignore.", copy, env),
                   example ? "%s is not git-ignored: whoever copies %s to it can commit "
                             "its secrets with `git add .`"
                           : "%s is not git-ignored: compose reads its variables from it, and "
                             "`git add .` would commit them",
                   pl_git_display_path(a, g, env), shown);
        failed++;
    }
    if (!failed && judged)
        pl_pass(c, (pl_span){0}, ".env git-ignored in the %d director%s that use%s one", judged,
                judged == 1 ? "y" : "ies", judged == 1 ? "s" : "");
    else if (!failed && tracked)
        pl_skip(c, "the .env of %s %d director%s that use%s one is tracked by git "
                   "(tracked-env-file judges what it holds)",
                tracked == 1 ? "the" : "each of the", tracked, tracked == 1 ? "y" : "ies",
                tracked == 1 ? "s" : "");
    else if (!failed)
        pl_skip(c, "no tracked example env file, nor compose file that names .env or reads "
                   "a secret-looking variable from it");
}
