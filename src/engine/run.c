/* run.c — which rules run, parsing by kind, the worker threads, and the
 * work rules deferred until every file was checked. */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine_internal.h"
#include "plimsoll/card.h"
#include "plimsoll/discover.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/envfile.h"
#include "plimsoll/git.h"
#include "plimsoll/ignore.h"
#include "plimsoll/model.h"
#include "plimsoll/pack.h"
#include "plimsoll/requirements.h"
#include "plimsoll/suppress.h"
#include "plimsoll/unit.h"
#include "plimsoll/yaml.h"

int pl_rule_index(const pl_rule *r) { return (int)(r - pl_rules); }

static int list_names(const pl_strlist *l, const pl_rule *r)
{
    for (int i = 0; i < l->n; i++)
        if (pl_rule_matches(r, l->items[i]))
            return 1;
    return 0;
}

/* The reading asked for by how --select named the rule (first match), else
 * by the preset. */
static pl_reading reading_of(const pl_strlist *select, const pl_rule *r, pl_preset preset)
{
    for (int i = 0; i < select->n; i++)
        if (pl_rule_matches(r, select->items[i])) {
            if (pl_is_hadolint_code(select->items[i]))
                return PL_READING_HADOLINT;
            if (pl_is_buildkit_name(select->items[i]))
                return PL_READING_BUILDKIT;
            if (pl_is_dclint_name(r, select->items[i]))
                return PL_READING_DCLINT;
            break;
        }
    return preset == PL_PRESET_HADOLINT ? PL_READING_HADOLINT : PL_READING_DEFAULT;
}

/* "SC2086": a ShellCheck code, which names findings of the shellcheck rule
 * rather than a rule (suppress.c matches it against pl_finding.code). */
static int is_shellcheck_code(const char *s)
{
    if ((s[0] != 'S' && s[0] != 's') || (s[1] != 'C' && s[1] != 'c') || !s[2])
        return 0;
    for (s += 2; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* A built-in rule or one of the workspace's rule packs. */
static int rule_known(const pl_workspace *ws, const char *key)
{
    if (pl_rule_find(key))
        return 1;
    for (size_t i = 0; i < ws->pack_rules.len; i++)
        if (pl_rule_matches(ws->pack_rules.items[i], key))
            return 1;
    return 0;
}

static int unknown_in(const pl_workspace *ws, const pl_strlist *l)
{
    for (int i = 0; i < l->n; i++)
        if (!rule_known(ws, l->items[i]) && !is_shellcheck_code(l->items[i]))
            return i;
    return -1;
}

static int selects_shellcheck_code(const pl_strlist *l, const pl_rule *r)
{
    if (strcmp(r->name, "shellcheck") != 0)
        return 0;
    for (int i = 0; i < l->n; i++)
        if (is_shellcheck_code(l->items[i]))
            return 1;
    return 0;
}

pl_preset pl_workspace_preset(const pl_workspace *ws)
{
    if (ws->opts && ws->opts->preset_set)
        return ws->opts->preset;
    if (ws->config && ws->config->has_preset)
        return ws->config->preset;
    return PL_PRESET_RECOMMENDED;
}

/* A rule left out by --select, or by the preset, has no checklist line at
 * all. */
static const char not_selected[] = "not selected";
static const char *const not_in_preset[PL_PRESET_COUNT] = {
    "not in the recommended preset", "not in the strict preset", "not in the hadolint preset"};

static int silently_off(const char *why_off)
{
    if (why_off == not_selected)
        return 1;
    for (int p = 0; p < PL_PRESET_COUNT; p++)
        if (why_off == not_in_preset[p])
            return 1;
    return 0;
}

/* Whether rule r runs in this workspace, and at which severity. */
static void decide_state(pl_workspace *ws, const pl_rule *r, pl_rule_state *st)
{
    const pl_options *o = ws->opts;
    const pl_config *cfg = ws->config;
    pl_preset preset = pl_workspace_preset(ws);
    /* a team's own pack rules run in every preset */
    int in_preset = pl_rule_is_pack(r) || pl_rule_in_preset(r, preset);
    st->severity = pl_rule_is_pack(r) ? r->severity : pl_rule_preset_severity(r, preset);
    int overridden = 0;
    for (int k = 0; cfg && k < cfg->noverrides; k++)
        if (pl_rule_matches(r, cfg->overrides[k].rule)) {
            st->severity = cfg->overrides[k].severity;
            overridden = 1;
        }
    st->enabled = 1;
    st->reading = reading_of(&o->select, r, preset);
    if (o->select.n) {
        /* an explicitly selected rule runs even when it is off by default */
        if (!list_names(&o->select, r) && !selects_shellcheck_code(&o->select, r)) {
            st->enabled = 0;
            st->why_off = not_selected;
        } else if (st->severity == PL_SEV_NONE) {
            st->severity = r->severity == PL_SEV_NONE ? PL_SEV_INFO : r->severity;
        }
    } else if (st->severity == PL_SEV_NONE) {
        st->enabled = 0;
        st->why_off = "off by default";
    } else if (!in_preset && !overridden) {
        /* a severity given in the config's override: turns a rule on */
        st->enabled = 0;
        st->why_off = not_in_preset[preset];
    }
    if (list_names(&o->ignore, r)) {
        st->enabled = 0;
        st->why_off = "ignored by --ignore";
    } else if (cfg && list_names(&cfg->ignore, r)) {
        st->enabled = 0;
        st->why_off = pl_arena_printf(ws->arena, "ignored by %s", cfg->path);
    }
}

int pl_engine_prepare(pl_workspace *ws, const char **error)
{
    const pl_options *o = ws->opts;
    const pl_config *cfg = ws->config;
    int bad;
    if ((bad = unknown_in(ws, &o->ignore)) >= 0 || (bad = unknown_in(ws, &o->select)) >= 0) {
        const char *name = unknown_in(ws, &o->ignore) >= 0 ? o->ignore.items[unknown_in(ws, &o->ignore)]
                                                       : o->select.items[bad];
        *error = pl_arena_printf(ws->arena, "unknown rule '%s' (see `plimsoll rules`)", name);
        return -1;
    }
    if (cfg && (bad = unknown_in(ws, &cfg->ignore)) >= 0) {
        pl_span at = cfg->ignore.spans ? cfg->ignore.spans[bad] : (pl_span){0};
        *error = pl_arena_printf(ws->arena, "%s:%d:%d: unknown rule '%s' in ignore", cfg->path,
                                 at.line, at.col, cfg->ignore.items[bad]);
        return -1;
    }
    for (int i = 0; cfg && i < cfg->noverrides; i++)
        if (!rule_known(ws, cfg->overrides[i].rule)) {
            *error = pl_arena_printf(ws->arena, "%s:%d:%d: unknown rule '%s' in override", cfg->path,
                                     cfg->overrides[i].line, cfg->overrides[i].col,
                                     cfg->overrides[i].rule);
            return -1;
        }
    for (int i = 0; cfg && i < cfg->noptions; i++)
        if (!rule_known(ws, cfg->options[i].rule)) {
            *error = pl_arena_printf(ws->arena, "%s:%d:%d: unknown rule '%s' in options", cfg->path,
                                     cfg->options[i].line, cfg->options[i].col,
                                     cfg->options[i].rule);
            return -1;
        }

    ws->rule_states = PL_NEW_N(ws->arena, pl_rule_state, pl_nrules);
    for (int i = 0; i < pl_nrules; i++)
        decide_state(ws, &pl_rules[i], &ws->rule_states[i]);
    for (size_t i = 0; i < ws->pack_rules.len; i++)
        decide_state(ws, ws->pack_rules.items[i], pl_pack_state(ws->pack_rules.items[i]));
    return 0;
}

/* Where the first NUL byte is, as git decides a file is binary: within its
 * first 8000 bytes. */
static int find_nul(const char *data, size_t len, pl_span *at)
{
    size_t n = len < 8000 ? len : 8000;
    const char *nul = memchr(data, '\0', n);
    if (!nul)
        return 0;
    int line = 1, col = 1;
    for (const char *p = data; p < nul; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    *at = (pl_span){line, col, line, col};
    return 1;
}

/* How much of `path` names the folder that says it holds templates
 * (`eng/dockerfile-templates`, `templates`); 0 when none does. A file there
 * that does not parse is a piece a generator assembles (an ENV
 * continuation, a comment block), not a Dockerfile with errors. */
static int template_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    for (const char *p = path; slash && p < slash;) {
        const char *end = memchr(p, '/', (size_t)(slash - p + 1));
        for (const char *k = p; k + 8 <= end; k++)
            if (!strncasecmp(k, "template", 8))
                return (int)(end - path);
        p = end + 1;
    }
    return 0;
}

static pl_span first_error(const pl_diag_list *l)
{
    for (const pl_diag *d = l->head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR)
            return d->span;
    return (pl_span){1, 1, 1, 1};
}

void pl_engine_parse_file(pl_file *f)
{
    pl_discover_read(f);
    if (f->read_error)
        return;
    switch (f->kind) {
    case PL_KIND_DOCKERFILE: {
        const pl_options *o = f->ws ? f->ws->opts : NULL;
        /* a template or a binary file named like a Dockerfile is reported
         * once (not-a-dockerfile) instead of as a heap of syntax errors;
         * with --kind dockerfile a binary one is one syntax error. The
         * report quotes no line of a binary file. */
        int nul = f->data && find_nul(f->data, f->len, &f->binary_at);
        f->binary = nul;
        if (!(o && o->kind_forced) &&
            (f->not_checked = pl_dockerfile_sniff(f->data, f->len, &f->not_checked_at)))
            break;
        if (nul)
            break;
        pl_dockerfile *df = pl_dockerfile_parse(f->arena, f->path, f->data, f->len);
        if (!(o && o->kind_forced) && df->diags.errors && template_folder(f->path)) {
            f->not_checked = pl_arena_printf(f->arena, "a template fragment (under %.*s/) that does "
                                             "not parse on its own", template_folder(f->path), f->path);
            f->not_checked_at = first_error(&df->diags);
            break;
        }
        f->dockerfile = pl_model_build_unit(f->arena, df, f);
        f->diags = &df->diags;
        break;
    }
    case PL_KIND_DOCKERIGNORE:
        f->ignore = pl_ignore_parse(f->arena, f->path, f->data, f->len);
        f->diags = &f->ignore->diags;
        break;
    case PL_KIND_ENVFILE: {
        /* no environment: plimsoll never reads the one it runs in */
        pl_envfile *ef = pl_envfile_parse(f->arena, f->path, f->data, f->len, NULL);
        f->envfile = ef;
        f->diags = &ef->diags;
        break;
    }
    case PL_KIND_COMPOSE: {
        /* read once by the model (compose_project.h) when it built the
         * file's project; parsed here otherwise */
        pl_yaml *y = f->compose;
        if (!y)
            f->compose = y = pl_yaml_parse(f->arena, f->path, f->data, f->len, NULL);
        f->diags = &y->diags;
        break;
    }
    case PL_KIND_REQUIREMENTS: {
        pl_reqfile *rf = pl_req_parse(f->arena, f->path, f->data, f->len);
        f->requirements = rf;
        f->diags = &rf->diags;
        break;
    }
    default:
        break;
    }
}

static void run_rule(pl_file *f, const pl_rule *r, const pl_rule_state *st, pl_vec *deferred)
{
    /* BuildKit's experimental checks, off by default, run where the file
     * turns them on with `# check=experimental=` */
    if (st && !st->enabled && r->severity == PL_SEV_NONE && st->severity == PL_SEV_NONE &&
        !strcmp(st->why_off, "off by default") && pl_suppress_experimental_on(f, r)) {
        pl_check_run(r, PL_SEV_INFO, f, deferred);
        return;
    }
    if (st && !st->enabled) {
        if (silently_off(st->why_off))
            return;
        pl_result *res = PL_NEW(f->arena, pl_result);
        res->rule = r;
        res->status = PL_STATUS_SKIP;
        res->evidence = st->why_off;
        pl_vec_push(f->arena, &f->results, res);
        return;
    }
    pl_check_run(r, st ? st->severity : r->severity, f, deferred);
}

/* Every enabled rule of the file's kind; the checks that deferred work are
 * appended to `deferred`. */
static void run_rules(pl_file *f, pl_vec *deferred)
{
    pl_engine_parse_file(f);
    f->headline = pl_engine_headline(f->arena, f);
    const pl_workspace *ws = f->ws;
    for (int i = 0; i < pl_nrules; i++)
        if (pl_rules[i].kind == f->kind)
            run_rule(f, &pl_rules[i], ws && ws->rule_states ? &ws->rule_states[i] : NULL, deferred);
    for (size_t i = 0; ws && i < ws->pack_rules.len; i++) {
        const pl_rule *r = ws->pack_rules.items[i];
        if (r->kind == f->kind)
            run_rule(f, r, pl_pack_state(r), deferred);
    }
    if (f->kind == PL_KIND_COMPOSE)
        pl_compose_cards(f);
}

/* Runs the deferred work of items[0..n) (in file order): one call per
 * distinct function with all of its checks, then judges each check into
 * its result. Scratch space comes from `a`, which only this thread uses. */
static void run_deferred(pl_arena *a, pl_deferred *const *items, size_t n, int jobs)
{
    if (!n)
        return;
    pl_check **checks = PL_NEW_N(a, pl_check *, n);
    void **payloads = PL_NEW_N(a, void *, n);
    char *done = PL_NEW_N(a, char, n);
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        pl_deferred_fn fn = items[i]->check->defer_run;
        int k = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && items[j]->check->defer_run == fn) {
                checks[k] = items[j]->check;
                payloads[k++] = items[j]->check->defer_payload;
                done[j] = 1;
            }
        fn(checks, payloads, k, jobs);
    }
    for (size_t i = 0; i < n; i++)
        pl_check_finish(items[i]->check, items[i]->result);
}

void pl_engine_check_file(pl_file *f)
{
    pl_vec deferred = {0};
    run_rules(f, &deferred);
    run_deferred(f->arena, (pl_deferred *const *)deferred.items, deferred.len, 1);
    pl_suppress_file(f);
}

/* Files whose checks deferred work wait in `pending` until they hold this
 * much arena (or this many files), then one thread runs the work of all of
 * them: batches stay large enough to share a program's start-up, and the
 * memory of a run stays bounded whatever the number of files. */
#define PENDING_BYTES ((size_t)6 << 20)
#define PENDING_FILES 192

/* The files a worker thread is started for (pl_engine_run). */
#define FILES_PER_THREAD 4

typedef struct {
    pl_workspace *ws;
    atomic_int next;
    pl_vec *deferred; /* per file: its checks waiting for deferred work */
    int jobs;         /* for the deferred work */
    pthread_mutex_t lock; /* guards the pending list */
    int *pending;     /* indexes of files waiting for their deferred work */
    int npending;
    size_t pending_bytes;
    pl_interner *texts; /* what retained files share */
} pool;

/* Without -j: as many as the CPUs online (a file read: asked only when
 * a run has work to share out). */
static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > INT_MAX ? INT_MAX : (int)n;
}

static int cmp_index(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The work files[idx[0..n)] deferred, batched across them, then their
 * suppression; each file is then cut down to what the report prints. */
static void run_pending(pool *p, int *idx, int n)
{
    if (!n)
        return;
    qsort(idx, (size_t)n, sizeof *idx, cmp_index);
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += p->deferred[idx[i]].len;
    pl_arena *a = pl_arena_new();
    pl_deferred **items = PL_NEW_N(a, pl_deferred *, total > 0 ? total : 1);
    size_t k = 0;
    for (int i = 0; i < n; i++)
        for (size_t j = 0; j < p->deferred[idx[i]].len; j++)
            items[k++] = p->deferred[idx[i]].items[j];
    run_deferred(a, items, k, p->jobs > 0 ? p->jobs : online_cpus());
    pl_arena_free(a);
    for (int i = 0; i < n; i++) {
        pl_file *f = p->ws->files[idx[i]];
        pl_suppress_file(f);
        p->deferred[idx[i]] = (pl_vec){0};
        pl_engine_retain(f, p->texts);
    }
}

/* Queues a file with deferred work; returns the files whose work is due
 * (the caller runs it), or NULL. */
static int *queue_pending(pool *p, int i, int *n)
{
    int *due = NULL;
    *n = 0;
    pthread_mutex_lock(&p->lock);
    p->pending[p->npending++] = i;
    p->pending_bytes += pl_arena_used(p->ws->files[i]->arena);
    if (p->pending_bytes >= PENDING_BYTES || p->npending >= PENDING_FILES) {
        due = malloc(sizeof *due * (size_t)p->npending);
        if (due) {
            memcpy(due, p->pending, sizeof *due * (size_t)p->npending);
            *n = p->npending;
            p->npending = 0;
            p->pending_bytes = 0;
        }
    }
    pthread_mutex_unlock(&p->lock);
    return due;
}

/* A file without deferred work is suppressed and cut down at once. */
static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        int i = atomic_fetch_add(&p->next, 1);
        if (i >= p->ws->nfiles)
            return NULL;
        pl_file *f = p->ws->files[i];
        if (!f->source_only)
            run_rules(f, &p->deferred[i]);
        if (!p->deferred[i].len) {
            pl_suppress_file(f);
            pl_engine_retain(f, p->texts);
            continue;
        }
        int n;
        int *due = queue_pending(p, i, &n);
        if (due) {
            run_pending(p, due, n);
            free(due);
        }
    }
}

/* Rules of kind `repository` run once, after every file was checked, on a
 * file standing for the repository; it joins ws->files so that its results
 * and findings are reported like any file's. Only when a directory of the
 * repository was checked (files named one by one cover no repository) and
 * one of those rules is on. */
static void run_repository_rules(pl_workspace *ws)
{
    if (!ws->git || !pl_git_has_scope(ws->git))
        return;
    /* the shards of one repository's files: the first speaks for it */
    const pl_options *o = ws->opts;
    if (o && o->shard_count > 1 && !o->shard_paths_done && o->shard_index != 1)
        return;
    int any = 0;
    for (int i = 0; i < pl_nrules && !any; i++)
        any = pl_rules[i].kind == PL_KIND_REPOSITORY &&
              (!ws->rule_states || ws->rule_states[i].enabled);
    if (!any)
        return;
    pl_file *f = PL_NEW(ws->arena, pl_file);
    f->arena = pl_arena_new();
    f->path = pl_git_display_path(f->arena, ws->git, "");
    f->kind = PL_KIND_REPOSITORY;
    f->report = 1;
    f->ws = ws;
    pl_engine_check_file(f);
    pl_file **files = PL_NEW_N(ws->arena, pl_file *, ws->nfiles + 1);
    if (ws->nfiles)
        memcpy(files, ws->files, sizeof *files * (size_t)ws->nfiles);
    files[ws->nfiles++] = f;
    ws->files = files;
}

struct pl_note_queue {
    pthread_mutex_t lock;
    pl_arena *arena;
    pl_vec notes; /* const char* in `arena` */
};

void pl_engine_note_queue_vadd(struct pl_note_queue *q, const char *fmt, va_list ap)
{
    pthread_mutex_lock(&q->lock);
    pl_vec_push(q->arena, &q->notes, pl_arena_vprintf(q->arena, fmt, ap));
    pthread_mutex_unlock(&q->lock);
}

static void note_queue_flush(pl_workspace *ws, struct pl_note_queue *q)
{
    for (size_t i = 0; i < q->notes.len; i++)
        pl_vec_push(ws->arena, &ws->notes,
                    pl_arena_strdup(ws->arena, PL_VEC_AT(q->notes, const char *, i)));
    ws->note_queue = NULL;
    pthread_mutex_destroy(&q->lock);
    pl_arena_free(q->arena);
}

void pl_engine_run(pl_workspace *ws)
{
    struct pl_note_queue queue = {.arena = pl_arena_new()};
    pthread_mutex_init(&queue.lock, NULL);
    ws->note_queue = &queue;
    pl_model_units(ws);
    int explicit_jobs = ws->opts && ws->opts->jobs > 0;
    /* unless -j says how many: a thread of its own costs about what
     * checking a few small files does (a fresh stack, malloc arena and
     * their pages), so a run of a few files stays on this one */
    int jobs = explicit_jobs ? ws->opts->jobs : (ws->nfiles + FILES_PER_THREAD - 1) / FILES_PER_THREAD;
    if (!explicit_jobs && jobs > 1 && jobs > online_cpus())
        jobs = online_cpus();
    pool p = {.ws = ws, .jobs = explicit_jobs ? jobs : 0};
    if (ws->report_only)
        p.texts = pl_interner_new(ws->arena);
    p.deferred = PL_NEW_N(ws->arena, pl_vec, ws->nfiles > 0 ? ws->nfiles : 1);
    p.pending = PL_NEW_N(ws->arena, int, ws->nfiles > 0 ? ws->nfiles : 1);
    pthread_mutex_init(&p.lock, NULL);
    if (jobs > ws->nfiles)
        jobs = ws->nfiles;
    if (jobs <= 1) {
        worker(&p);
    } else {
        pthread_t *t = calloc((size_t)jobs, sizeof *t);
        int started = 0;
        for (int i = 0; t && i < jobs - 1; i++)
            if (pthread_create(&t[i], NULL, worker, &p) == 0)
                started++;
            else
                break;
        worker(&p); /* also covers a failed pthread_create */
        for (int i = 0; i < started; i++)
            pthread_join(t[i], NULL);
        free(t);
    }
    run_pending(&p, p.pending, p.npending);
    pthread_mutex_destroy(&p.lock);
    run_repository_rules(ws);
    pl_model_contexts_notes(ws);
    note_queue_flush(ws, &queue);
}
