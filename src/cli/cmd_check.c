/* cmd_check.c — `plimsoll [check]`: options, config, discovery, rules,
 * report, exit status. No checking logic lives here. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "plimsoll/unit.h"
#include "shard.h"
#include "plimsoll/config.h"
#include "plimsoll/discover.h"
#include "plimsoll/engine.h"
#include "plimsoll/git.h"
#include "plimsoll/model.h"
#include "plimsoll/osv.h"
#include "plimsoll/pack.h"
#include "plimsoll/report.h"

enum {
    OPT_THRESHOLD = 256,
    OPT_IGNORE,
    OPT_SELECT,
    OPT_RULES,
    OPT_BUILD_ARG,
    OPT_STAGED,
    OPT_CHANGED_SINCE,
    OPT_KIND,
    OPT_STDIN_FILENAME,
    OPT_COLOR,
    OPT_VERSION,
    OPT_TARGET,
    OPT_COMPOSE_FILE,
    OPT_ENV_FILE,
    OPT_NO_CACHE,
    OPT_SHARD,
    OPT_PRESET,
    OPT_ADVISORIES,
};

static void strlist_push(pl_arena *a, pl_strlist *l, const char *s)
{
    const char **items = PL_NEW_N(a, const char *, l->n + 1);
    if (l->n)
        memcpy(items, l->items, sizeof *items * (size_t)l->n);
    items[l->n++] = s;
    l->items = items;
}

static int parse_threshold(const char *s, int *out)
{
    if (!strcmp(s, "none")) {
        *out = PL_THRESHOLD_NONE;
        return 0;
    }
    pl_severity sev;
    if (pl_severity_parse(s, &sev) != 0 || sev == PL_SEV_NONE)
        return -1;
    *out = (int)sev;
    return 0;
}

/* Parses check's options into o. Returns -1 on a usage error (message
 * printed), 1 when --help/--version was handled, 0 otherwise. */
static int parse_options(pl_arena *a, int argc, char **argv, pl_options *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"config", required_argument, NULL, 'c'},
        {"failure-threshold", required_argument, NULL, OPT_THRESHOLD},
        {"ignore", required_argument, NULL, OPT_IGNORE},
        {"select", required_argument, NULL, OPT_SELECT},
        {"preset", required_argument, NULL, OPT_PRESET},
        {"advisories", required_argument, NULL, OPT_ADVISORIES},
        {"rules", required_argument, NULL, OPT_RULES},
        {"build-arg", required_argument, NULL, OPT_BUILD_ARG},
        {"staged", no_argument, NULL, OPT_STAGED},
        {"changed-since", required_argument, NULL, OPT_CHANGED_SINCE},
        {"kind", required_argument, NULL, OPT_KIND},
        {"stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME},
        {"jobs", required_argument, NULL, 'j'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"quiet", no_argument, NULL, 'q'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"target", required_argument, NULL, OPT_TARGET},
        {"compose-file", required_argument, NULL, OPT_COMPOSE_FILE},
        {"env-file", required_argument, NULL, OPT_ENV_FILE},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->color = -1;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "f:o:c:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!pl_report_format_known(optarg)) {
                fprintf(stderr, "plimsoll: unknown format '%s'\n", optarg);
                return -1;
            }
            o->format = optarg;
            break;
        case 'o': o->output = optarg; break;
        case 'c': o->config_path = optarg; break;
        case OPT_THRESHOLD:
            if (parse_threshold(optarg, &o->threshold) != 0) {
                fprintf(stderr, "plimsoll: bad --failure-threshold '%s' (error, warning, info, style, none)\n",
                        optarg);
                return -1;
            }
            o->threshold_set = 1;
            break;
        case OPT_IGNORE: strlist_push(a, &o->ignore, optarg); break;
        case OPT_SELECT: strlist_push(a, &o->select, optarg); break;
        case OPT_PRESET:
            if (pl_preset_parse(optarg, &o->preset) != 0) {
                fprintf(stderr, "plimsoll: unknown --preset '%s' (recommended, strict, hadolint)\n",
                        optarg);
                return -1;
            }
            o->preset_set = 1;
            break;
        case OPT_RULES: strlist_push(a, &o->rule_packs, optarg); break;
        case OPT_ADVISORIES: o->advisories = optarg; break;
        case OPT_BUILD_ARG:
            if (!strchr(optarg, '=')) {
                fprintf(stderr, "plimsoll: --build-arg needs NAME=VALUE, got '%s'\n", optarg);
                return -1;
            }
            strlist_push(a, &o->build_args, optarg);
            break;
        case OPT_TARGET:
            if (!*optarg) {
                fputs("plimsoll: --target needs a stage name\n", stderr);
                return -1;
            }
            o->target = optarg;
            break;
        case OPT_COMPOSE_FILE: strlist_push(a, &o->compose_files, optarg); break;
        case OPT_ENV_FILE: strlist_push(a, &o->env_files, optarg); break;
        case OPT_STAGED: o->staged = 1; break;
        case OPT_CHANGED_SINCE: o->changed_since = optarg; break;
        case OPT_KIND:
            if (pl_kind_parse(optarg, &o->kind) != 0 || o->kind == PL_KIND_REPOSITORY) {
                fprintf(stderr, "plimsoll: unknown --kind '%s'\n", optarg);
                return -1;
            }
            o->kind_forced = 1;
            break;
        case OPT_STDIN_FILENAME: o->stdin_filename = optarg; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1024) {
                fprintf(stderr, "plimsoll: bad --jobs '%s'\n", optarg);
                return -1;
            }
            o->jobs = (int)n;
            break;
        }
        case OPT_COLOR:
            if (!strcmp(optarg, "auto")) o->color = -1;
            else if (!strcmp(optarg, "always")) o->color = 1;
            else if (!strcmp(optarg, "never")) o->color = 0;
            else {
                fprintf(stderr, "plimsoll: bad --color '%s' (auto, always, never)\n", optarg);
                return -1;
            }
            break;
        case 'q': o->quiet = 1; break;
        case OPT_NO_CACHE: o->no_cache = 1; break;
        case OPT_SHARD:
            if (pl_shard_parse(optarg, &o->shard_index, &o->shard_count) != 0) {
                fprintf(stderr, "plimsoll: bad --shard '%s' (I/N with 1 <= I <= N)\n", optarg);
                return -1;
            }
            break;
        case OPT_VERSION: pl_print_version(); return 1;
        case 'h': pl_usage(stdout); return 1;
        default:
            if (optopt && optopt < 256)
                fprintf(stderr, "plimsoll: bad or incomplete option -%c\n", optopt);
            else
                fprintf(stderr, "plimsoll: unknown or incomplete option '%s'\n", argv[optind - 1]);
            fputs("run `plimsoll --help` for usage\n", stderr);
            return -1;
        }
    }
    o->paths = (const char **)(argv + optind);
    o->npaths = argc - optind;
    if (o->shard_count > 1 && o->npaths > 1) {
        /* several paths (repositories, files): each goes whole to one shard */
        const char **kept = PL_NEW_N(a, const char *, o->npaths);
        int n = 0;
        for (int i = 0; i < o->npaths; i++)
            if (pl_shard_of(o->paths[i], o->shard_count) == o->shard_index)
                kept[n++] = o->paths[i];
        o->paths = kept;
        o->npaths = n;
        o->shard_paths_done = 1;
    }
    return 0;
}

/* What decides a file's shard: its path; for a compose file its directory,
 * so that the files compose merges into one project (compose.yaml and its
 * override) are checked together, once. */
static const char *shard_key(pl_arena *a, const pl_file *f)
{
    if (f->kind != PL_KIND_COMPOSE)
        return f->path;
    const char *slash = strrchr(f->path, '/');
    return slash ? pl_arena_strndup(a, f->path, (size_t)(slash - f->path + 1)) : "./";
}

/* One path (or none): the shard keeps its part of the discovered files. */
static void shard_files(pl_workspace *ws, const pl_options *o)
{
    if (o->shard_count <= 1 || o->shard_paths_done)
        return;
    int n = 0;
    for (int i = 0; i < ws->nfiles; i++) {
        pl_file *f = ws->files[i];
        if (pl_shard_of(shard_key(ws->arena, f), o->shard_count) == o->shard_index)
            ws->files[n++] = f;
        else
            pl_arena_free(f->arena);
    }
    ws->nfiles = n;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int load_config(pl_workspace *ws, pl_config *cfg, const pl_options *o)
{
    pl_config_init(cfg);
    const char *path = o->config_path;
    if (!path) {
        const char *start = o->npaths && strcmp(o->paths[0], "-") ? o->paths[0] : ".";
        pl_git *g = pl_git_open(ws->arena, start);
        path = pl_config_discover(ws->arena, start, g ? pl_git_workdir(g) : NULL);
        ws->git_opened = g; /* for discovery, which looks from `start` too */
        ws->git_opened_at = start;
    }
    if (!path)
        return 0;
    pl_diag_list diags = {0};
    if (pl_config_load(ws->arena, path, cfg, &diags) != 0) {
        for (const pl_diag *d = diags.head; d; d = d->next)
            fprintf(stderr, "%s:%d:%d: %s\n", path, d->span.line, d->span.col, d->message);
        if (!diags.head)
            fprintf(stderr, "plimsoll: cannot read config %s\n", path);
        return -1;
    }
    ws->config_dir = pl_arena_strdup(ws->arena, path);
    char *slash = strrchr((char *)ws->config_dir, '/');
    if (slash)
        *slash = '\0';
    else
        ws->config_dir = ".";
    return 0;
}

/* ShellCheck is looked up once per run, and only when its rule runs; the
 * report says once when it is missing. */
static void find_shellcheck(pl_workspace *ws)
{
    const pl_rule *r = pl_rule_find("shellcheck");
    if (!r || !ws->rule_states || !ws->rule_states[pl_rule_index(r)].enabled)
        return;
    ws->shellcheck_path = "";
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        if (n) {
            const char *cand = pl_arena_printf(ws->arena, "%.*s/shellcheck", (int)n, p);
            if (access(cand, X_OK) == 0) {
                ws->shellcheck_path = cand;
                return;
            }
        }
        p += n + (p[n] == ':');
    }
    pl_vec_push(ws->arena, &ws->notes,
                (void *)"shellcheck is not installed: RUN scripts were not checked with ShellCheck");
}

/* Rule packs from --rules and the config's `rules:` (relative to the
 * config file). Errors are printed with file:line:col. */
static int load_packs(pl_workspace *ws, const pl_config *cfg, const pl_options *o)
{
    pl_diag_list diags = {0};
    int rc = 0;
    for (int i = 0; i < o->rule_packs.n; i++)
        rc |= pl_pack_load(ws->arena, o->rule_packs.items[i], &ws->pack_rules, &diags);
    for (int i = 0; i < cfg->rules.n; i++)
        rc |= pl_pack_load(ws->arena, pl_config_resolve_path(ws->arena, cfg, cfg->rules.items[i]),
                           &ws->pack_rules, &diags);
    for (const pl_diag *d = diags.head; d; d = d->next) {
        /* the message starts with the pack's path */
        const char *colon = strstr(d->message, ": ");
        if (d->span.line && colon)
            fprintf(stderr, "%.*s:%d:%d:%s\n", (int)(colon - d->message), d->message, d->span.line,
                    d->span.col, colon + 1);
        else
            fprintf(stderr, "plimsoll: %s\n", d->message);
    }
    if (rc != 0)
        pl_pack_free(&ws->pack_rules);
    return rc != 0 ? -1 : 0;
}

/* OSV records from --advisories (or the config's `advisories:`), read and
 * indexed once for the whole run; the report says what was read. */
static int load_advisories(pl_workspace *ws, const pl_config *cfg, const pl_options *o)
{
    const char *path = o->advisories;
    if (!path && cfg->advisories)
        path = pl_config_resolve_path(ws->arena, cfg, cfg->advisories);
    if (!path)
        return 0;
    const char *why = NULL;
    const pl_osv_db *db = pl_osv_load(ws->arena, path, &why);
    if (!db) {
        if (o->advisories || !cfg->path)
            fprintf(stderr, "plimsoll: --advisories %s: %s\n", path, why);
        else
            fprintf(stderr, "%s:%d:%d: advisories: %s: %s\n", cfg->path, cfg->advisories_span.line,
                    cfg->advisories_span.col, path, why);
        return -1;
    }
    const pl_osv_stats *st = pl_osv_stats_of(db);
    ws->advisories = db;
    ws->advisories_path = path;
    pl_vec_push(ws->arena, &ws->notes,
                pl_arena_printf(ws->arena,
                                "advisories: %zu PyPI advisor%s for %zu package%s read from %s "
                                "(%zu withdrawn, not used)",
                                st->advisories, st->advisories == 1 ? "y" : "ies", st->packages,
                                st->packages == 1 ? "" : "s", path, st->withdrawn));
    if (st->unreadable)
        pl_vec_push(ws->arena, &ws->notes,
                    pl_arena_printf(ws->arena, "advisories: %zu file%s not read as OSV records (%s)",
                                    st->unreadable, st->unreadable == 1 ? "" : "s",
                                    st->first_problem));
    return 0;
}

int pl_cmd_check(int argc, char **argv)
{
    double t0 = now_ms();
    pl_arena *a = pl_arena_new();
    pl_options o;
    int rc = parse_options(a, argc, argv, &o);
    if (rc != 0) {
        pl_arena_free(a);
        return rc < 0 ? 2 : 0;
    }
    pl_workspace ws = {0};
    ws.arena = a;
    ws.opts = &o;
    ws.report_only = 1;
    pl_config cfg;
    if (load_config(&ws, &cfg, &o) != 0) {
        pl_git_close(ws.git_opened);
        pl_arena_free(a);
        return 2;
    }
    ws.config = &cfg;
    if (load_packs(&ws, &cfg, &o) != 0) {
        pl_git_close(ws.git_opened);
        pl_arena_free(a);
        return 2;
    }
    if (load_advisories(&ws, &cfg, &o) != 0) {
        pl_pack_free(&ws.pack_rules);
        pl_git_close(ws.git_opened);
        pl_arena_free(a);
        return 2;
    }

    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0 || pl_discover(&ws, &err) != 0) {
        fprintf(stderr, "plimsoll: %s\n", err);
        pl_pack_free(&ws.pack_rules);
        pl_git_close(ws.git);
        pl_git_close(ws.git_opened);
        pl_arena_free(a);
        return 2;
    }
    shard_files(&ws, &o);
    find_shellcheck(&ws);
    /* each file's checklist lines wait on disk, not in memory */
    if (pl_report_prints_checklist(o.format, o.quiet))
        ws.checklist_spool = pl_check_spool_new();
    pl_engine_run(&ws);

    pl_report r;
    pl_report_build(a, &ws, &r);
    if (ws.checklist_spool && !pl_check_spool_ok(ws.checklist_spool)) {
        fputs("plimsoll: cannot write the checklist's temporary file\n", stderr);
        rc = 2;
        goto done;
    }
    if (ws.git) {
        r.repo_name = pl_git_name(ws.git);
        r.commit = pl_git_head(ws.git);
    }
    r.quiet = o.quiet;

    FILE *out = stdout;
    if (o.output && !(out = fopen(o.output, "w"))) {
        perror(o.output);
        rc = 2;
    } else {
        const char *nc = getenv("NO_COLOR");
        r.color = o.color == 1 || (o.color == -1 && !(nc && *nc) && !o.output && isatty(1));
        r.elapsed_ms = now_ms() - t0;
        pl_report_render(&r, o.format ? o.format : "text", out);
        if (out != stdout)
            fclose(out);
        rc = r.failing ? 1 : 0;
    }
done:
    pl_report_release(&r);
    pl_check_spool_free(ws.checklist_spool);
    for (int i = 0; i < ws.nfiles; i++)
        pl_arena_free(ws.files[i]->arena);
    pl_pack_free(&ws.pack_rules);
    pl_git_close(ws.git);
    pl_arena_free(a);
    return rc;
}
