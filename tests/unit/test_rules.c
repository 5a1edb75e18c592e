/* test_rules.c — every rule against its own cases in tests/rules/.
 *
 * A case is a file named `<rule-name>.<label>.<ext>` (ext: Dockerfile,
 * dockerignore, compose.yaml, env or env.example..., txt or in for requirements files); lines `# expect: <line>:<col>` anywhere in it list the
 * exact findings the rule must report (none: the rule must stay silent),
 * `# build-arg: NAME=VALUE` passes a build argument, and each `# config: ...`
 * line is one line of a .plimsoll.yaml for the case (its `dockerfiles:` entry,
 * keyed by the case's file name, says how the case is built; a finding at
 * the build's origin has the position of that config line), and
 * `# select: NAME` selects the rule by that alias (a merged rule's hadolint or
 * BuildKit reading), `# path: DIR/NAME` checks the case as if it were that
 * file of the repository (rules that read where a file sits), and each `# env: NAME=VALUE` line sets a variable of the
 * process environment compose interpolation reads (none else is set: the
 * runner's own environment is never read). Only the named rule runs. Every Dockerfile,
 * .dockerignore, compose, .env and requirements rule must have a case that fails and one
 * that passes,
 * unless it is one of the context rules listed below. */
#include <dirent.h>

#include "testutil.h"
#include "plimsoll/engine.h"
#include "plimsoll/jschema.h"
#include "plimsoll/osv.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

#define MAX_EXPECT 64

typedef struct {
    int line, col;
} pos;

static int read_expectations(const char *data, pos *exp, const char **bargs, int *nbargs,
                             const char **env, int *nenv, char *config, size_t config_cap,
                             char *select, size_t select_cap)
{
    const char *sel = strstr(data, "# select: ");
    select[0] = '\0';
    if (sel) {
        size_t len = strcspn(sel + 10, "\n");
        if (len < select_cap) {
            memcpy(select, sel + 10, len);
            select[len] = '\0';
        }
    }
    int n = 0;
    size_t clen = 0;
    config[0] = '\0';
    for (const char *p = data; p && *p;) {
        const char *e;
        if (!strncmp(p, "# config: ", 10)) {
            e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p - 10) : strlen(p + 10);
            if (clen + len + 2 < config_cap) {
                memcpy(config + clen, p + 10, len);
                clen += len;
                config[clen++] = '\n';
                config[clen] = '\0';
            }
        } else if (!strncmp(p, "# expect: ", 10) && n < MAX_EXPECT) {
            if (sscanf(p + 10, "%d:%d", &exp[n].line, &exp[n].col) == 2)
                n++;
        } else if (!strncmp(p, "# env: ", 7) && *nenv < 8) {
            e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p - 7) : strlen(p + 7);
            env[(*nenv)++] = strndup(p + 7, len);
        } else if (!strncmp(p, "# build-arg: ", 13) && *nbargs < 8) {
            e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p - 13) : strlen(p + 13);
            bargs[(*nbargs)++] = strndup(p + 13, len);
        }
        e = strchr(p, '\n');
        p = e ? e + 1 : NULL;
    }
    return n;
}

static int cmp_pos(const void *a, const void *b)
{
    const pos *x = a, *y = b;
    return x->line != y->line ? x->line - y->line : x->col - y->col;
}

/* Runs `rule` on the file; returns 0 when the findings match. */
static int run_case(const char *dir, const char *name, const pl_rule *rule, int *failed_case)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *data = tu_read_file(path, &len);
    if (!data) {
        print_error("cannot read %s\n", path);
        return -1;
    }
    pos exp[MAX_EXPECT], got[MAX_EXPECT];
    const char *bargs[8];
    int nbargs = 0;
    char config[4096];
    char select[64];
    const char *env[9];
    int nenv = 0;
    int nexp = read_expectations(data, exp, bargs, &nbargs, env, &nenv, config, sizeof config,
                                 select, sizeof select);
    env[nenv] = NULL;

    pl_options o = {0};
    /* a compose case is named on the command line by itself: a project of
     * its own, as `docker compose -f CASE` reads it */
    const char *paths[1] = {name};
    if (rule->kind == PL_KIND_COMPOSE) {
        o.paths = paths;
        o.npaths = 1;
    }
    const char *sel[1] = {select[0] ? select : rule->id};
    o.select.items = sel;
    o.select.n = 1;
    o.build_args.items = bargs;
    o.build_args.n = nbargs;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.environ = env;
    if (config[0]) {
        pl_diag_list diags = {0};
        if (pl_config_parse(ws.arena, "case-config", config, strlen(config), &cfg, &diags) != 0) {
            print_error("%s: bad # config: %s\n", name, diags.head ? diags.head->message : "?");
            (*failed_case)++;
        }
    }
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    /* `# config: advisories: PATH` (from the repository root), as the CLI loads it */
    if (cfg.advisories && !(ws.advisories = pl_osv_load(ws.arena, cfg.advisories, &err))) {
        print_error("%s: advisories %s: %s\n", name, cfg.advisories, err);
        (*failed_case)++;
    }
    assert_int_equal(pl_engine_prepare(&ws, &err), 0);

    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = name;
    const char *as_path = strstr(data, "# path: ");
    if (as_path) {
        as_path += 8;
        f.path = pl_arena_strndup(f.arena, as_path, strcspn(as_path, "\n"));
    }
    f.kind = rule->kind;
    f.report = 1;
    f.ws = &ws;
    f.data = data;
    f.len = len;
    pl_file *files[1] = {&f};
    ws.files = files;
    ws.nfiles = 1;
    pl_model_units(&ws); /* `# config: dockerfiles:` lines say how the case is built */
    pl_engine_check_file(&f);

    int ngot = 0;
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (fd->rule == rule && !fd->suppressed_by && ngot < MAX_EXPECT)
            got[ngot++] = (pos){fd->span.line, fd->span.col};
    }
    qsort(exp, (size_t)nexp, sizeof *exp, cmp_pos);
    qsort(got, (size_t)ngot, sizeof *got, cmp_pos);
    int ok = nexp == ngot;
    for (int i = 0; ok && i < nexp; i++)
        ok = exp[i].line == got[i].line && exp[i].col == got[i].col;
    if (!ok) {
        print_error("%s: %s expected", name, rule->name);
        for (int i = 0; i < nexp; i++)
            print_error(" %d:%d", exp[i].line, exp[i].col);
        print_error(", got");
        for (size_t i = 0; i < f.findings.len; i++) {
            const pl_finding *fd = f.findings.items[i];
            if (fd->rule == rule)
                print_error(" %d:%d (%s)%s", fd->span.line, fd->span.col, fd->message,
                            fd->suppressed_by ? " [suppressed]" : "");
        }
        print_error("\n");
        (*failed_case)++;
    }
    for (int i = 0; i < nbargs; i++)
        free((void *)bargs[i]);
    for (int i = 0; i < nenv; i++)
        free((void *)env[i]);
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    free(data);
    return ok ? 0 : -1;
}

/* Rules about the build context need a real directory around the file
 * (and a git repository for copy-source-untracked): their cases build
 * trees in tests/unit/test_context_rules.c instead of tests/rules/. */
static const char *const elsewhere[] = {
    "copy-source-missing",        "copy-source-ignored",        "copy-source-untracked",
    "dockerignore-missing",       "context-over-budget",        "context-sends-secrets",
    "context-sends-git",          "context-sends-dependencies", "context-sends-caches",
    "context-sends-large-files",  "context-sends-tests",        "ignore-pattern-unused",
    "ignore-reinclude-ineffective", "ignore-excludes-dockerfile",
    /* they read requirements files from the build context: test_pystage.c */
    "pip-hashes-incomplete",      "pip-no-deps-unpinned",       "requirements-not-copied",
    /* the Python files an image copies: tests/unit/test_vars_rules.c */
    "python-env-documented", NULL};

static int tested_elsewhere(const char *name)
{
    for (int i = 0; elsewhere[i]; i++)
        if (!strcmp(elsewhere[i], name))
            return 1;
    return 0;
}

static void test_rule_cases(void **state)
{
    (void)state;
    const char *dir = "tests/rules";
    DIR *d = opendir(dir);
    assert_non_null(d);
    int *bad = calloc((size_t)pl_nrules, sizeof *bad), *good = calloc((size_t)pl_nrules, sizeof *good);
    int failed = 0, cases = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char rname[256];
        const char *dot = strchr(e->d_name, '.');
        if (!dot || (size_t)(dot - e->d_name) >= sizeof rname)
            continue;
        memcpy(rname, e->d_name, (size_t)(dot - e->d_name));
        rname[dot - e->d_name] = '\0';
        const pl_rule *r = pl_rule_find(rname);
        if (!r) {
            print_error("%s: no rule named %s\n", e->d_name, rname);
            failed++;
            continue;
        }
        /* the schema is embedded only when ../shared is there at build time */
        if (!strcmp(r->name, "compose-schema") && !pl_compose_schema_available()) {
            print_message("SKIP %s (built without the compose-spec schema)\n", e->d_name);
            continue;
        }
        cases++;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *data = tu_read_file(path, NULL);
        int expects = data && strstr(data, "# expect: ") != NULL;
        free(data);
        if (run_case(dir, e->d_name, r, &failed) == 0) {
            if (expects)
                bad[r - pl_rules] = 1;
            else
                good[r - pl_rules] = 1;
        }
    }
    closedir(d);
    for (int i = 0; i < pl_nrules; i++) {
        if (pl_rules[i].kind != PL_KIND_DOCKERFILE && pl_rules[i].kind != PL_KIND_DOCKERIGNORE &&
            pl_rules[i].kind != PL_KIND_ENVFILE && pl_rules[i].kind != PL_KIND_COMPOSE &&
            pl_rules[i].kind != PL_KIND_REQUIREMENTS)
            continue;
        if (tested_elsewhere(pl_rules[i].name))
            continue;
        if (!strcmp(pl_rules[i].name, "compose-schema") && !pl_compose_schema_available())
            continue;
        if (!bad[i] || !good[i]) {
            print_error("rule %s (%s) lacks a passing %s case in tests/rules/\n", pl_rules[i].id,
                        pl_rules[i].name, !bad[i] ? "failing" : "clean");
            failed++;
        }
    }
    free(bad);
    free(good);
    print_message("%d rule cases\n", cases);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
