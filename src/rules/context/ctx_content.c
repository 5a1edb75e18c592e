/* ctx_content.c — what a Dockerfile takes from its build context that it
 * should not: PL3020 no .dockerignore while COPY/ADD takes any of it, PL3021
 * the context's size and file count against the configured budget, and
 * PL3022-PL3027 secrets, `.git`, host-installed dependencies, caches, large
 * files and test folders swept in by copying a directory. BuildKit sends
 * only what the build reads, so only what a COPY/ADD source (or a RUN bind
 * mount) reaches counts. The scan runs once per file; each rule reads it. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ctx_util.h"
#include "../dockerfile/df_copied_on.h"
#include "../dockerfile/df_image_role.h"
#include "../dockerfile/df_runtime_util.h"
#include "../dockerfile/dfutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/envfile.h"

typedef enum {
    CAT_SECRET,
    CAT_GIT,
    CAT_DEPS,
    CAT_CACHE,
    CAT_LARGE,
    CAT_TESTS,
    CAT_COUNT,
} category;

typedef struct {
    const char *path;
    int is_dir;
    category cat;
    size_t nfiles;
    unsigned long long size;
    int source;   /* index in ci->sources of the first source that takes it, -1 */
    int history;  /* a .git item: holds more than HEAD and refs (objects, logs ...) */
} item;

typedef struct {
    item *items;
    size_t nitems;
    int any_reached;
    int first_reaching; /* source index of the earliest reached item, -1 */
} content;

/* ---- names ----------------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* `.env.example`, `example.env`, `.env.sample.local`: a template, not values. */
static int env_template(const char *name)
{
    static const char *const words[] = {"example", "sample", "template", "dist", "tmpl", "tpl",
                                        "defaults", NULL};
    for (const char *p = name; *p;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        for (int i = 0; words[i]; i++)
            if (strlen(words[i]) == n && !strncasecmp(p, words[i], n))
                return 1;
        if (!dot)
            break;
        p = dot + 1;
    }
    return 0;
}

typedef enum { NOT_SECRET, SECRET, SECRET_IF_PRIVATE_KEY, SECRET_IF_ENV_VALUE } secret_kind;

/* A folder of vendored third-party code or of test data: a credentials
 * file or key there is a package's or a test suite's fixture (grafana/loki
 * vendors minio-go, whose credentials.json holds "secret" and "token"). */
static int fixture_folder(const char *path)
{
    static const char *const names[] = {"vendor", "third_party", "test", "tests", "testdata",
                                        "test-data", "test_data", "fixture", "fixtures",
                                        "__tests__", NULL};
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            return 0; /* the file's own name */
        size_t n = (size_t)(slash - p);
        for (int i = 0; names[i]; i++)
            if (strlen(names[i]) == n && !strncmp(p, names[i], n))
                return 1;
        p = slash + 1;
    }
    return 0;
}

static secret_kind secret_file(const char *path)
{
    const char *b = base_name(path);
    if (fixture_folder(path))
        return NOT_SECRET;
    if (!strcmp(b, ".env") || (!strncmp(b, ".env.", 5) && !env_template(b)) ||
        (ends_with(b, ".env") && strlen(b) > 4 && !env_template(b)))
        return SECRET_IF_ENV_VALUE;
    static const char *const keys[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", NULL};
    for (int i = 0; keys[i]; i++)
        if (!strncmp(b, keys[i], strlen(keys[i])) && !ends_with(b, ".pub"))
            return SECRET;
    static const char *const names[] = {"credentials.json", ".git-credentials", ".netrc", "_netrc",
                                        ".pgpass", NULL};
    if (in_list(b, names))
        return SECRET;
    if ((!strncmp(b, "client_secret", 13) || !strncmp(b, "service-account", 15) ||
         !strncmp(b, "service_account", 15)) &&
        ends_with(b, ".json"))
        return SECRET;
    if (!strcmp(b, "credentials") && (!strcmp(path, ".aws/credentials") || ends_with(path, "/.aws/credentials")))
        return SECRET;
    if (ends_with(b, ".p12") || ends_with(b, ".pfx") || ends_with(b, ".ppk"))
        return SECRET;
    if (ends_with(b, ".pem") || ends_with(b, ".key"))
        return SECRET_IF_PRIVATE_KEY;
    return NOT_SECRET;
}

#define MIB (1024ull * 1024ull)

static int large_file(const char *path, long long size)
{
    static const char *const exts[] = {".safetensors", ".bin", ".pt", ".pth", ".onnx", ".gguf",
                                       ".ckpt", ".h5", ".zip", ".tar", ".tgz", ".gz", ".bz2",
                                       ".xz", ".zst", ".7z", ".rar", NULL};
    if ((unsigned long long)size >= 100 * MIB)
        return 1;
    if ((unsigned long long)size < MIB)
        return 0;
    for (int i = 0; exts[i]; i++)
        if (ends_with(path, exts[i]))
            return 1;
    return 0;
}

static int dir_category(const pl_context *ctx, pl_arena *a, const char *path, category *cat)
{
    static const char *const caches[] = {"__pycache__", ".pytest_cache", ".mypy_cache",
                                         ".ruff_cache", ".cache", ".tox", ".nox", ".hypothesis",
                                         NULL};
    static const char *const tests[] = {"test", "tests", "__tests__", NULL};
    const char *b = base_name(path);
    if (!strcmp(b, ".git"))
        *cat = CAT_GIT;
    else if (!strcmp(b, "node_modules") || !strcmp(b, ".venv"))
        *cat = CAT_DEPS;
    else if (in_list(b, caches))
        *cat = CAT_CACHE;
    else if (b == path && in_list(b, tests))
        *cat = CAT_TESTS;
    else if (pl_context_lookup(ctx, pl_arena_printf(a, "%s/pyvenv.cfg", path), NULL, NULL) ==
             PL_CTX_SENT)
        *cat = CAT_DEPS;
    else
        return 0;
    return 1;
}

/* ---- the scan ---------------------------------------------------------------------- */

static int holds_private_key(pl_check *c, const pl_ctx_info *ci, const char *path)
{
    char buf[65536];
    long n = pl_ctx_read_head(c, ci, path, buf, sizeof buf - 1);
    if (n < 0)
        return 1; /* unreadable: cannot tell, the name says key */
    buf[n] = '\0';
    for (long i = 0; i + 11 <= n; i++)
        if (buf[i] == 'P' && !memcmp(buf + i, "PRIVATE KEY", 11))
            return 1;
    return 0;
}

/* Whether a .env file holds a secret (pl_envfile_text_holds_secret). */
static int env_holds_secret(pl_check *c, const pl_ctx_info *ci, const char *path)
{
    char buf[65536];
    long n = pl_ctx_read_head(c, ci, path, buf, sizeof buf - 1);
    if (n < 0)
        return 1; /* unreadable: cannot tell, the name says secrets */
    pl_arena *scratch = pl_arena_new();
    int secret = pl_envfile_text_holds_secret(scratch, buf, (size_t)n, NULL, NULL);
    pl_arena_free(scratch);
    return secret;
}

/* Whether source s takes `it` along with a directory it copies (or names it
 * itself: *named). */
static int source_takes(const pl_ctx_source *s, const item *it, int *named)
{
    for (int k = 0; k < s->nmatches; k++) {
        const char *m = s->matches[k];
        if (!pl_ctx_path_within(it->path, m))
            continue;
        int self = !strcmp(it->path, m);
        if (s->excludes) {
            /* --exclude patterns are relative to the copied directory */
            const char *dir = s->kinds[k] == PL_CTX_DIR ? m : s->base;
            const char *rel = !*dir || !strcmp(dir, ".") ? it->path
                              : !strcmp(it->path, dir)   ? base_name(it->path)
                                                         : it->path + strlen(dir) + 1;
            if (pl_ignore_match(s->excludes, rel, NULL))
                continue;
        }
        *named = self;
        return 1;
    }
    return 0;
}

static void add_item(pl_arena *a, pl_vec *v, const char *path, int is_dir, category cat,
                     unsigned long long size)
{
    item *it = PL_NEW(a, item);
    it->path = path;
    it->is_dir = is_dir;
    it->cat = cat;
    it->size = size;
    it->nfiles = is_dir ? 0 : 1;
    it->source = -1;
    pl_vec_push(a, v, it);
}

static const content *scan(pl_check *c, const pl_ctx_info *ci_const)
{
    pl_ctx_info *ci = (pl_ctx_info *)ci_const;
    if (ci->content)
        return ci->content;
    pl_arena *a = pl_check_arena(c);
    const pl_context *ctx = ci->ctx;
    content *ct = PL_NEW(a, content);
    ct->first_reaching = -1;
    ci->content = ct;

    /* directories, outermost only */
    pl_vec dirs = {0};
    for (size_t i = 0; i < ctx->ndirs; i++) {
        const char *p = ctx->dirs[i].path;
        if (dirs.len && pl_ctx_path_within(p, ((item *)dirs.items[dirs.len - 1])->path))
            continue;
        category cat;
        if (dir_category(ctx, a, p, &cat))
            add_item(a, &dirs, p, 1, cat, 0);
    }
    /* files: counted into their directory item, else looked at one by one */
    pl_vec files = {0};
    size_t k = 0;
    for (size_t i = 0; i < ctx->nfiles; i++) {
        const pl_ctx_entry *e = &ctx->files[i];
        while (k < dirs.len && !pl_ctx_path_within(e->path, ((item *)dirs.items[k])->path) &&
               pl_context_path_cmp(((item *)dirs.items[k])->path, e->path) < 0)
            k++;
        item *in = k < dirs.len && pl_ctx_path_within(e->path, ((item *)dirs.items[k])->path)
                       ? dirs.items[k]
                       : NULL;
        if (in) {
            in->nfiles++;
            in->size += (unsigned long long)e->size;
            /* `!.git/HEAD` and the files under `!.git/refs/heads/` re-included for a version
             * string send no history */
            const char *rel = e->path + strlen(in->path) + 1;
            if (in->cat == CAT_GIT && strcmp(rel, "HEAD") && strcmp(rel, "packed-refs") &&
                strncmp(rel, "refs/", 5))
                in->history = 1;
            if (in->cat == CAT_GIT || in->cat == CAT_DEPS)
                continue;
        }
        if (e->kind != PL_CTX_FILE)
            continue;
        secret_kind sk = secret_file(e->path);
        if (sk != NOT_SECRET)
            add_item(a, &files, e->path, 0, CAT_SECRET, (unsigned long long)e->size);
        else if (!in && !strcmp(base_name(e->path), ".git"))
            add_item(a, &files, e->path, 0, CAT_GIT, (unsigned long long)e->size);
        else if (!in && large_file(e->path, e->size))
            add_item(a, &files, e->path, 0, CAT_LARGE, (unsigned long long)e->size);
    }
    ct->items = PL_NEW_N(a, item, dirs.len + files.len + 1);
    ct->nitems = 0;
    for (size_t i = 0; i < dirs.len; i++) {
        const item *d = dirs.items[i];
        if (d->cat == CAT_GIT && d->nfiles && !d->history)
            continue;
        ct->items[ct->nitems++] = *d;
    }
    for (size_t i = 0; i < files.len; i++)
        ct->items[ct->nitems++] = *(item *)files.items[i];

    /* which source takes each */
    for (size_t i = 0; i < ct->nitems; i++) {
        item *it = &ct->items[i];
        for (int s = 0; s < ci->nsources; s++) {
            const pl_ctx_source *src = &ci->sources[s];
            int named = 0;
            if (src->status != PL_SRC_RESOLVED || !source_takes(src, it, &named))
                continue;
            /* naming the thing itself is deliberate, except for secrets */
            if (named && it->cat != CAT_SECRET)
                continue;
            if (it->cat == CAT_SECRET && secret_file(it->path) == SECRET_IF_PRIVATE_KEY &&
                !holds_private_key(c, ci, it->path))
                break;
            if (it->cat == CAT_SECRET && secret_file(it->path) == SECRET_IF_ENV_VALUE &&
                !env_holds_secret(c, ci, it->path))
                break;
            it->source = s;
            ct->any_reached = 1;
            if (ct->first_reaching < 0 ||
                ci->sources[s].ins->index < ci->sources[ct->first_reaching].ins->index ||
                (ci->sources[s].ins->index == ci->sources[ct->first_reaching].ins->index &&
                 s < ct->first_reaching))
                ct->first_reaching = s;
            break;
        }
    }
    return ct;
}

/* ---- messages ------------------------------------------------------------------------ */

static const char *item_label(pl_arena *a, const item *it)
{
    return it->is_dir ? pl_arena_printf(a, "%s/", it->path) : it->path;
}

static const char *source_phrase(pl_arena *a, const pl_ctx_source *s)
{
    if (s->is_mount)
        return pl_arena_printf(a, "RUN --mount (source `%s`) exposes", s->path);
    return pl_arena_printf(a, "%s `%s` copies", s->ins->kind == PL_DF_ADD ? "ADD" : "COPY",
                           s->written);
}

/* "node_modules/ (1234 files, 56 MB)", "3 ...: a/, b/, c/ (… in all)" */
static const char *items_text(pl_arena *a, const item *const *v, size_t n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    unsigned long long size = 0;
    size_t files = 0;
    for (size_t i = 0; i < n; i++) {
        size += v[i]->size;
        files += v[i]->nfiles;
    }
    for (size_t i = 0; i < n && i < 3; i++)
        pl_sb_printf(&sb, "%s%s", i ? ", " : "", item_label(a, v[i]));
    if (n > 3)
        pl_sb_printf(&sb, " and %zu more", n - 3);
    int dirs = 0;
    for (size_t i = 0; i < n; i++)
        dirs |= v[i]->is_dir;
    if (dirs)
        pl_sb_printf(&sb, " (%zu file%s, %s)", files, files == 1 ? "" : "s",
                     pl_ctx_human_size(a, size));
    else
        pl_sb_printf(&sb, " (%s)", pl_ctx_human_size(a, size));
    return pl_sb_str(&sb);
}

/* ---- secrets in builder stages ------------------------------------------------------ */

/* Where item `it` lands in the stage of COPY `cp`, taken by source `s`:
 * a directory source copies its contents, a file lands in the directory
 * or at the name given. NULL when it cannot be said (a destination under
 * the base image's unknown WORKDIR). */
static const char *landing_path(pl_arena *a, const pl_ctx_source *s, const pl_rt_copy *cp,
                                const item *it)
{
    if (!cp || cp->unknown || !cp->dest || !strncmp(cp->dest, PL_RT_BASE_WORKDIR, 14))
        return NULL;
    for (int k = 0; k < s->nmatches; k++) {
        const char *m = s->matches[k];
        if (!pl_ctx_path_within(it->path, m))
            continue;
        if (s->kinds[k] == PL_CTX_DIR) {
            const char *rel = !strcmp(m, ".") ? it->path
                              : !strcmp(it->path, m) ? "."
                                                     : it->path + strlen(m) + 1;
            return pl_rt_path_join(a, cp->dest, rel);
        }
        return cp->dest_dir ? pl_rt_path_join(a, cp->dest, base_name(it->path)) : cp->dest;
    }
    return NULL;
}

/* Whether secret `it`, taken by source `s`, reaches an image that ships:
 * taken in a stage that ships, by a bind mount, or copied on from a
 * builder stage (pl_df_copied_on). */
static int secret_ships(pl_check *c, const pl_df_model *m, const pl_rt_facts *fx,
                        const pl_ctx_source *s, const item *it)
{
    if (!m || s->is_mount || pl_df_instr_ships_in(c, m, s->ins))
        return 1;
    int i = s->ins->index;
    /* a stage nothing names is no builder: an image a --target or a FROM
     * ${VAR} may pick */
    if (i < 0 || i >= m->df->ninstrs || m->df->instrs[i] != s->ins || !m->stage_of[i] ||
        !m->stage_of[i]->used_later)
        return 1;
    return pl_df_copied_on(c, m, fx, m->stage_of[i],
                           landing_path(pl_check_arena(c), s, fx->copy[i], it));
}

/* PL3022: one finding per COPY/ADD that puts a secret into an image that
 * ships; a secret taken only into builder stages whose files are copied on
 * without it is left out, and said in the skip (a build step there could
 * still bake it into what it hands on: not judged). */
static void report_secrets(pl_check *c, const pl_file *f, const pl_ctx_info *ci, int resolved)
{
    pl_arena *a = pl_check_arena(c);
    /* an image that never ships (a test runner copying its test.env:
     * vaultwarden's playwright/) pushes its secrets nowhere */
    const char *never = pl_file_not_shipped(c, f);
    if (never) {
        pl_skip(c, "%s", never);
        return;
    }
    const content *ct = scan(c, ci);
    const pl_df_model *m = f->dockerfile;
    const pl_rt_facts *fx = m ? pl_rt_facts_build(a, m) : NULL;
    int *source_of = PL_NEW_N(a, int, ct->nitems + 1);
    const item **kept = PL_NEW_N(a, const item *, ct->nitems + 1);
    size_t nkept = 0;
    for (size_t i = 0; i < ct->nitems; i++) {
        const item *it = &ct->items[i];
        source_of[i] = -1;
        if (it->cat != CAT_SECRET || it->source < 0)
            continue;
        for (int s = it->source; s < ci->nsources && source_of[i] < 0; s++) {
            int named = 0;
            if (ci->sources[s].status == PL_SRC_RESOLVED && source_takes(&ci->sources[s], it, &named) &&
                secret_ships(c, m, fx, &ci->sources[s], it))
                source_of[i] = s;
        }
        if (source_of[i] < 0)
            kept[nkept++] = it;
    }
    const item **v = PL_NEW_N(a, const item *, ct->nitems + 1);
    int failed = 0;
    for (int s = 0; s < ci->nsources; s++) {
        size_t n = 0;
        for (size_t i = 0; i < ct->nitems; i++)
            if (source_of[i] == s)
                v[n++] = &ct->items[i];
        if (!n)
            continue;
        failed++;
        pl_fail(c, ci->sources[s].span, NULL, "%s %s: secrets stay in the image layers",
                source_phrase(a, &ci->sources[s]), items_text(a, v, n));
    }
    if (failed)
        return;
    if (nkept) {
        const pl_ctx_source *first = &ci->sources[kept[0]->source];
        pl_skip(c, "%s %s into stage %s, which ships nothing, and no COPY --from takes %s on "
                "into a stage that ships; what a build step there bakes into the files it "
                "hands on is not judged",
                source_phrase(a, first), items_text(a, kept, nkept),
                m && m->stage_of[first->ins->index] && m->stage_of[first->ins->index]->name
                    ? m->stage_of[first->ins->index]->name
                    : "(a builder)",
                nkept == 1 ? "it" : "them");
        return;
    }
    pl_pass(c, (pl_span){0}, "no secret file taken by %d COPY/ADD source%s from %s", resolved,
            resolved == 1 ? "" : "s", pl_ctx_label(a, ci));
}

/* Shared body of PL3022-PL3027: one finding per source that takes
 * something of the category. */
static void report_category(pl_check *c, const pl_file *f, category cat, const char *what,
                            const char *tail)
{
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    pl_arena *a = pl_check_arena(c);
    int resolved = 0;
    for (int s = 0; s < ci->nsources; s++)
        resolved += ci->sources[s].status == PL_SRC_RESOLVED;
    if (!resolved) {
        pl_skip(c, "no COPY/ADD source resolved in the build context");
        return;
    }
    if (cat == CAT_SECRET) {
        report_secrets(c, f, ci, resolved);
        return;
    }
    const content *ct = scan(c, ci);
    const item **v = PL_NEW_N(a, const item *, ct->nitems + 1);
    const pl_df_model *m = f->dockerfile;
    int builder = 0, mounted = 0;
    for (int s = 0; s < ci->nsources; s++) {
        size_t n = 0;
        for (size_t i = 0; i < ct->nitems; i++)
            if (ct->items[i].cat == cat && ct->items[i].source == s)
                v[n++] = &ct->items[i];
        if (!n)
            continue;
        const pl_ctx_source *src = &ci->sources[s];
        /* .git and large files in a builder stage that only hands files on
         * (COPY --from) cost build time, not image size: nothing ships */
        if ((cat == CAT_GIT || cat == CAT_LARGE) && m && !src->is_mount &&
            !pl_df_instr_ships_in(c, m, src->ins)) {
            builder++;
            continue;
        }
        /* a RUN's bind mount lends the files for that RUN and puts none in
         * a layer (navidrome's `--mount=type=bind,source=.`, for go build's
         * VCS stamp); plimsoll's reading does not say they go into the
         * image */
        if ((cat == CAT_GIT || cat == CAT_LARGE) && src->is_mount &&
            pl_check_reading(c) == PL_READING_DEFAULT) {
            mounted++;
            continue;
        }
        pl_fail(c, src->span, NULL, "%s %s%s", source_phrase(a, src), items_text(a, v, n), tail);
    }
    if (mounted)
        pl_pass(c, (pl_span){0}, "no %s taken into a layer by %d COPY/ADD source%s from %s (%d "
                "lent to a RUN by a bind mount, which puts nothing in a layer%s)", what, resolved,
                resolved == 1 ? "" : "s", pl_ctx_label(a, ci), mounted,
                builder ? pl_arena_printf(a, "; %d in a builder stage that ships nothing", builder)
                        : "");
    else if (builder)
        pl_pass(c, (pl_span){0}, "no %s taken into a shipped stage by %d COPY/ADD source%s from %s "
                "(%d in a builder stage that ships nothing)", what, resolved,
                resolved == 1 ? "" : "s", pl_ctx_label(a, ci), builder);
    else
        pl_pass(c, (pl_span){0}, "no %s taken by %d COPY/ADD source%s from %s", what, resolved,
                resolved == 1 ? "" : "s", pl_ctx_label(a, ci));
}

void pl_check_context_sends_secrets(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_SECRET, "secret file", ": secrets stay in the image layers");
}

void pl_check_context_sends_git(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_GIT, ".git", ": the repository history goes into the image");
}

void pl_check_context_sends_dependencies(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_DEPS, "host-installed dependencies",
                    " installed on this machine, not in the image");
}

void pl_check_context_sends_caches(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_CACHE, "tool cache", "");
}

void pl_check_context_sends_large_files(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_LARGE, "large file", "");
}

void pl_check_context_sends_tests(pl_check *c, const pl_file *f)
{
    report_category(c, f, CAT_TESTS, "test folder", "");
}

/* ---- PL3020 ----------------------------------------------------------------------------- */

/* The rule that reports a category of unwanted files at its COPY/ADD line,
 * when it runs in this workspace: dockerignore-missing then leaves those
 * files to it (one finding per problem). */
static const char *category_reported_by(pl_check *c, category cat)
{
    static const char *const rule_of[CAT_COUNT] = {
        "context-sends-secrets", "context-sends-git",         "context-sends-dependencies",
        "context-sends-caches",  "context-sends-large-files", "context-sends-tests"};
    const pl_workspace *ws = pl_check_workspace(c);
    const pl_rule *r = pl_rule_find(rule_of[cat]);
    if (!ws || !ws->rule_states || !r || !ws->rule_states[pl_rule_index(r)].enabled)
        return NULL;
    return r->name;
}

void pl_check_dockerignore_missing(pl_check *c, const pl_file *f)
{
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    pl_arena *a = pl_check_arena(c);
    if (ci->ignore) {
        pl_pass(c, (pl_span){0}, "%s applies", ci->ignore_path);
        return;
    }
    const content *ct = scan(c, ci);
    if (!ct->any_reached) {
        pl_pass(c, (pl_span){0}, "no .dockerignore, but COPY/ADD takes nothing unwanted from %s",
                pl_ctx_label(a, ci));
        return;
    }
    const item **v = PL_NEW_N(a, const item *, ct->nitems + 1);
    size_t n = 0;
    const char *left_to = NULL;
    int first = -1;
    for (size_t i = 0; i < ct->nitems; i++) {
        if (ct->items[i].source < 0)
            continue;
        const char *by = category_reported_by(c, ct->items[i].cat);
        if (by) {
            left_to = left_to ? left_to : by;
            continue;
        }
        if (first < 0 || ct->items[i].source < first)
            first = ct->items[i].source;
        v[n++] = &ct->items[i];
    }
    if (!n) {
        pl_skip(c, "no .dockerignore in %s; each unwanted file COPY/ADD takes from it is "
                "reported by its context-sends rule (first: %s)", pl_ctx_label(a, ci), left_to);
        return;
    }
    const pl_ctx_source *src = &ci->sources[first];
    pl_fail(c, src->span, NULL, "no .dockerignore in %s: %s %s", pl_ctx_label(a, ci),
            source_phrase(a, src), items_text(a, v, n));
}

/* ---- PL3021 ------------------------------------------------------------------------------ */

void pl_check_context_over_budget(pl_check *c, const pl_file *f)
{
    /* a context with more files than context.max-files was not walked
     * further: over the budget, whatever its size */
    const pl_ctx_info *whole = f->dockerfile && f->dockerfile->nstages ? pl_ctx_get(c, f) : NULL;
    if (whole && whole->ctx && whole->ctx->truncated) {
        pl_fail(c, pl_df_ins_span(f->dockerfile->stages[0]->from), NULL,
                "the build context %s holds more than %zu files, over context.max-files (%zu%s); "
                "not walked further", pl_ctx_label(pl_check_arena(c), whole),
                whole->ctx->max_files, whole->ctx->max_files,
                pl_check_config(c) && pl_check_config(c)->context_max_files > 0 ? "" : " by default");
        return;
    }
    const pl_ctx_info *ci = pl_ctx_sources(c, f);
    if (!ci)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_config *cfg = pl_check_config(c);
    long long max_size = cfg ? cfg->context_max_size : 0;
    long long max_files = cfg ? cfg->context_max_files : 0;
    const pl_context *ctx = ci->ctx;
    pl_span at = ci->nsources ? ci->sources[0].span : pl_df_ins_span(f->dockerfile->stages[0]->from);
    const char *label = pl_ctx_label(a, ci);
    const char *summary = pl_ctx_summary(a, ci);
    if (max_size > 0 && ctx->total_size > (unsigned long long)max_size)
        pl_fail(c, at, NULL, "the build context %s is %s (%s), over context.max-size (%s)", label,
                pl_ctx_human_size(a, ctx->total_size), summary,
                pl_ctx_human_size(a, (unsigned long long)max_size));
    if (max_files > 0 && ctx->nfiles > (unsigned long long)max_files)
        pl_fail(c, at, NULL, "the build context %s holds %zu files (%s), over context.max-files (%lld)",
                label, ctx->nfiles, summary, max_files);
    if (max_size <= 0 && max_files <= 0)
        pl_pass(c, (pl_span){0}, "%s (%s; no context.max-size or max-files set)", label, summary);
    else if (max_size > 0 && max_files > 0)
        pl_pass(c, (pl_span){0}, "%s (%s; budget %s, %lld files)", label, summary,
                pl_ctx_human_size(a, (unsigned long long)max_size), max_files);
    else if (max_size > 0)
        pl_pass(c, (pl_span){0}, "%s (%s; budget %s)", label, summary,
                pl_ctx_human_size(a, (unsigned long long)max_size));
    else
        pl_pass(c, (pl_span){0}, "%s (%s; budget %lld files)", label, summary, max_files);
}
