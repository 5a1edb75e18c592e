/* test_compose_project.c — compose projects as `plimsoll check` builds them
 * (include/plimsoll/compose_project.h): the default pick and its override
 * file, include and extends in other directories, the --compose-file list,
 * variables from the process environment over .env and --env-file, build
 * units from the merged services, and findings placed in the file a value
 * came from. The fixtures are tests/compose/project/ and
 * tests/compose/files/. */
#include "testutil.h"

#include <unistd.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/config.h"
#include "plimsoll/discover.h"
#include "plimsoll/engine.h"
#include "plimsoll/unit.h"

typedef struct {
    pl_options o;
    pl_config cfg;
    pl_workspace ws;
} fixture;

static void start(fixture *fx, const char *path, const char *const *environ_)
{
    memset(fx, 0, sizeof *fx);
    static const char *paths[1];
    paths[0] = path;
    fx->o.paths = paths;
    fx->o.npaths = 1;
    fx->o.jobs = 1;
    pl_config_init(&fx->cfg);
    /* The project is what is tested here, so every compose rule runs. */
    fx->cfg.has_preset = 1;
    fx->cfg.preset = PL_PRESET_STRICT;
    fx->ws.arena = pl_arena_new();
    fx->ws.opts = &fx->o;
    fx->ws.config = &fx->cfg;
    fx->ws.environ = environ_;
}

static void run(fixture *fx)
{
    const char *err = NULL;
    assert_int_equal(pl_engine_prepare(&fx->ws, &err), 0);
    assert_int_equal(pl_discover(&fx->ws, &err), 0);
    pl_engine_run(&fx->ws);
}

static void done(fixture *fx)
{
    for (int i = 0; i < fx->ws.nfiles; i++)
        pl_arena_free(fx->ws.files[i]->arena);
    pl_git_close(fx->ws.git);
    pl_arena_free(fx->ws.arena);
}

/* Whether some file holds a finding of `rule` at file:line:col. */
static int has_finding(const pl_workspace *ws, const char *rule, const char *file, int line, int col)
{
    for (int i = 0; i < ws->nfiles; i++)
        for (size_t k = 0; k < ws->files[i]->findings.len; k++) {
            const pl_finding *f = ws->files[i]->findings.items[k];
            if (!strcmp(f->rule->name, rule) && !strcmp(f->file, file) && f->span.line == line &&
                f->span.col == col)
                return 1;
        }
    return 0;
}

static int count_findings(const pl_workspace *ws, const char *rule)
{
    int n = 0;
    for (int i = 0; i < ws->nfiles; i++)
        for (size_t k = 0; k < ws->files[i]->findings.len; k++)
            n += !strcmp(((const pl_finding *)ws->files[i]->findings.items[k])->rule->name, rule);
    return n;
}

static const pl_unit_spec *spec_of(const pl_workspace *ws, const char *service)
{
    for (size_t i = 0; i < ws->unit_specs.len; i++) {
        const pl_unit_spec *s = ws->unit_specs.items[i];
        if (s->service && !strcmp(s->service, service))
            return s;
    }
    return NULL;
}

#define APP "tests/compose/project/app"
#define COMMON "tests/compose/project/common/base.yaml"
#define DOTENV APP "/.env"

/* The project's .env is written here, not committed: a tracked .env is a
 * finding of the repository rules. */
static int write_dotenv(void **state)
{
    (void)state;
    FILE *fp = fopen(DOTENV, "w");
    if (!fp)
        return -1;
    fputs("TAG=1.0\nREGION=eu\n", fp);
    return fclose(fp);
}

static int remove_dotenv(void **state)
{
    (void)state;
    return remove(DOTENV);
}

static void test_default_pick_include_extends(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {"TAG=2.0", NULL};
    start(&fx, APP, env);
    run(&fx);
    pl_workspace *ws = &fx.ws;
    assert_int_equal(ws->compose_projects.len, 1);
    const pl_compose_project *p = ws->compose_projects.items[0];
    assert_string_equal(p->owner, APP "/compose.yaml");
    assert_false(p->alone);
    pl_file *main = pl_workspace_find(ws, APP "/compose.yaml");
    pl_file *over = pl_workspace_find(ws, APP "/compose.override.yaml");
    assert_non_null(main);
    assert_non_null(over);
    assert_ptr_equal(main->compose_project, p);
    assert_ptr_equal(over->compose_project, p);
    assert_true(pl_compose_is_owner(main));
    assert_false(pl_compose_is_owner(over));

    /* the process environment wins over .env */
    const pl_compose_service *web = pl_compose_service_get(p->compose, "web");
    assert_non_null(web);
    assert_string_equal(pl_compose_scalar(web->node, "image", NULL), "acme/web:2.0");
    /* .env supplies what the process does not set, extended files included */
    const pl_compose_service *worker = pl_compose_service_get(p->compose, "worker");
    assert_string_equal(pl_compose_scalar(worker->node, "environment.REGION", NULL), "eu");

    /* a finding in the override file, and in the extended file, where the
     * value was written */
    assert_true(has_finding(ws, "compose-reference", APP "/compose.override.yaml", 5, 18));
    assert_int_equal(count_findings(ws, "compose-reference"), 1);
    assert_true(has_finding(ws, "compose-privileged", COMMON, 5, 17));
    assert_true(has_finding(ws, "compose-variable-unset", COMMON, 8, 13));
    assert_int_equal(count_findings(ws, "compose-variable-unset"), 1);
    assert_true(has_finding(ws, "compose-dockerfile-missing", APP "/compose.override.yaml", 4, 19));

    /* builds from the merged project: the override's dockerfile, the
     * extended file's context, the included file's service */
    const pl_unit_spec *s = spec_of(ws, "web");
    assert_non_null(s);
    assert_string_equal(s->context, APP);
    assert_string_equal(s->dockerfile, APP "/Dockerfile.dev");
    /* `user:` of the override, with the override as where it was written */
    assert_string_equal(s->run_user, "1000");
    assert_string_equal(s->run_user_file, APP "/compose.override.yaml");
    assert_int_equal(s->run_user_span.line, 6);
    s = spec_of(ws, "worker");
    assert_non_null(s);
    assert_string_equal(s->context, "tests/compose/project/common/worker");
    assert_string_equal(s->origin_file, APP "/compose.yaml");
    s = spec_of(ws, "db");
    assert_non_null(s);
    assert_string_equal(s->context, "tests/compose/project/shared/dbimage");
    assert_string_equal(s->origin_file, "tests/compose/project/shared/db.yaml");
    assert_int_equal(ws->unit_specs.len, 3);
    done(&fx);
}

static void test_parsed_once(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {NULL};
    start(&fx, APP, env);
    fx.ws.report_only = 0;
    run(&fx);
    pl_file *main = pl_workspace_find(&fx.ws, APP "/compose.yaml");
    const pl_compose_project *p = main->compose_project;
    /* the project's nodes are the checked file's own parse, not a second one */
    const pl_yaml *y = main->compose;
    assert_non_null(y);
    const pl_ynode *services = pl_yaml_get(y->docs[0], "services");
    const pl_compose_service *worker = pl_compose_service_get(p->compose, "worker");
    assert_ptr_equal(worker->pair->key, services->pairs[1].key);
    /* TAG from .env when the process does not set it */
    const pl_compose_service *web = pl_compose_service_get(p->compose, "web");
    assert_string_equal(pl_compose_scalar(web->node, "image", NULL), "acme/web:1.0");
    done(&fx);
}

#define FILES "tests/compose/files"

static void test_compose_file_list(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {NULL};
    start(&fx, FILES, env);
    static const char *cf[] = {FILES "/b.yaml", FILES "/a.yaml"};
    fx.o.compose_files.items = cf;
    fx.o.compose_files.n = 2;
    static const char *ef[] = {FILES "/deploy.env"};
    fx.o.env_files.items = ef;
    fx.o.env_files.n = 1;
    run(&fx);
    pl_workspace *ws = &fx.ws;
    /* the list is one project, in its order; compose.yaml beside it is a
     * project of its own */
    assert_int_equal(ws->compose_projects.len, 2);
    const pl_compose_project *p = ws->compose_projects.items[0];
    assert_true(p->from_cli);
    assert_string_equal(p->owner, FILES "/b.yaml");
    assert_string_equal(p->compose->files[0]->path, FILES "/b.yaml");
    const pl_compose_service *api = pl_compose_service_get(p->compose, "api");
    assert_non_null(api);
    /* a.yaml comes last and wins; the variable comes from --env-file */
    assert_string_equal(pl_compose_scalar(api->node, "image", NULL), "acme/api:9.1");
    assert_non_null(pl_workspace_find(ws, FILES "/a.yaml"));
    assert_true(has_finding(ws, "compose-reference", FILES "/a.yaml", 5, 18));
    /* --env-file goes to the listed project only */
    const pl_compose_project *q = ws->compose_projects.items[1];
    assert_false(q->from_cli);
    assert_true(has_finding(ws, "compose-variable-unset", FILES "/compose.yaml", 3, 21));
    done(&fx);
}

/* A file only reached through include is not checked on its own: its YAML
 * errors are reported by the file that speaks for the project, at their
 * line in it. */
static void test_included_syntax_error(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {NULL};
    start(&fx, "tests/compose/include-broken", env);
    run(&fx);
    assert_true(has_finding(&fx.ws, "compose-yaml-syntax", "tests/compose/include-broken/lib/broken.yml",
                            4, 4));
    assert_int_equal(count_findings(&fx.ws, "compose-yaml-syntax"), 1);
    done(&fx);
}

/* The finding of `rule` at file:line, or NULL. */
static const pl_finding *finding_at(const pl_workspace *ws, const char *rule, const char *file,
                                    int line)
{
    for (int i = 0; i < ws->nfiles; i++)
        for (size_t k = 0; k < ws->files[i]->findings.len; k++) {
            const pl_finding *f = ws->files[i]->findings.items[k];
            if (!strcmp(f->rule->name, rule) && !strcmp(f->file, file) && f->span.line == line)
                return f;
        }
    return NULL;
}

#define SUPPRESS "tests/compose/suppress"

/* A project finding from an override or an extended file meets the
 * pragmas written in that file, not in the file that speaks for the
 * project. */
static void test_pragmas_where_written(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {NULL};
    start(&fx, SUPPRESS, env);
    static const char *sel[] = {"compose-privileged", "service-image-require-explicit-tag"};
    fx.o.select.items = sel;
    fx.o.select.n = 2;
    run(&fx);
    pl_workspace *ws = &fx.ws;
    const pl_finding *web = finding_at(ws, "compose-privileged", SUPPRESS "/compose.override.yaml", 4);
    assert_non_null(web);
    assert_non_null(web->suppressed_by);
    assert_non_null(strstr(web->suppressed_by, "plimsoll ignore (line 3)"));
    const pl_finding *tag =
        finding_at(ws, "service-image-require-explicit-tag", SUPPRESS "/compose.override.yaml", 5);
    assert_non_null(tag);
    assert_non_null(tag->suppressed_by);
    assert_non_null(strstr(tag->suppressed_by, "dclint disable-line"));
    const pl_finding *base = finding_at(ws, "compose-privileged", SUPPRESS "/base.yaml", 5);
    assert_non_null(base);
    assert_non_null(base->suppressed_by);
    /* a pragma covers its own line only */
    const pl_finding *admin =
        finding_at(ws, "compose-privileged", SUPPRESS "/compose.override.yaml", 8);
    assert_non_null(admin);
    assert_null(admin->suppressed_by);
    done(&fx);
}


/* COMPOSE_FILE, from the project's .env or (for the directory plimsoll runs
 * in) the process environment, replaces compose's default pick; a list
 * naming a file that is not there is left for the default pick. */
static void write_text(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void rm_dir(const char *dir, const char *const *names)
{
    char path[512];
    for (; *names; names++) {
        snprintf(path, sizeof path, "%s/%s", dir, *names);
        remove(path);
    }
    rmdir(dir);
}

static const char *const cf_names[] = {"compose.yaml", "compose.dev.yaml", ".env", NULL};

static void test_compose_file_variable(void **state)
{
    (void)state;
    char dir[] = "/tmp/plimsoll-test-cf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_text(dir, "compose.yaml", "services:\n  web:\n    image: acme/web:1.0\n");
    write_text(dir, "compose.dev.yaml",
               "services:\n  web:\n    image: acme/web:dev\n  db:\n    image: postgres:16\n");
    write_text(dir, ".env", "COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=compose.yaml,compose.dev.yaml\n");
    fixture fx;
    static const char *const none[] = {NULL};
    start(&fx, dir, none);
    run(&fx);
    assert_int_equal(fx.ws.compose_projects.len, 1);
    const pl_compose_project *p = fx.ws.compose_projects.items[0];
    assert_true(p->compose->nfiles >= 2);
    assert_false(p->alone);
    const pl_compose_service *web = pl_compose_service_get(p->compose, "web");
    assert_string_equal(pl_compose_scalar(web->node, "image", NULL), "acme/web:dev");
    assert_non_null(pl_compose_service_get(p->compose, "db"));
    done(&fx);

    /* a list naming a missing file: compose.yaml by default, the other alone */
    write_text(dir, ".env", "COMPOSE_FILE=compose.yaml:compose.local.yaml\n");
    start(&fx, dir, none);
    run(&fx);
    assert_int_equal(fx.ws.compose_projects.len, 2);
    p = fx.ws.compose_projects.items[0];
    web = pl_compose_service_get(p->compose, "web");
    assert_string_equal(pl_compose_scalar(web->node, "image", NULL), "acme/web:1.0");
    assert_true(((const pl_compose_project *)fx.ws.compose_projects.items[1])->alone);
    done(&fx);

    /* the process environment wins over .env where plimsoll runs */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    static const char *const env[] = {"COMPOSE_FILE=compose.dev.yaml", NULL};
    start(&fx, ".", env);
    run(&fx);
    p = fx.ws.compose_projects.items[0];
    assert_string_equal(p->compose->files[0]->path, "compose.dev.yaml");
    assert_null(pl_compose_project_file(p, "compose.yaml"));
    done(&fx);
    assert_int_equal(chdir(cwd), 0);
    rm_dir(dir, cf_names);
}

/* child/compose.yaml is a project of its own (compose picks it in child/)
 * and the parent's `include:` brings it into the parent's too: its
 * service's image is one finding, from its own project. */
static void test_included_project_judged_once(void **state)
{
    (void)state;
    fixture fx;
    static const char *const env[] = {NULL};
    start(&fx, "tests/compose/include-own", env);
    static const char *sel[] = {"PL2108"};
    fx.o.select.items = sel;
    fx.o.select.n = 1;
    run(&fx);
    pl_workspace *ws = &fx.ws;
    assert_int_equal(ws->compose_projects.len, 2);
    assert_non_null(finding_at(ws, "service-image-require-explicit-tag",
                               "tests/compose/include-own/child/compose.yaml", 3));
    assert_non_null(finding_at(ws, "service-image-require-explicit-tag",
                               "tests/compose/include-own/compose.yaml", 5));
    assert_int_equal(count_findings(ws, "service-image-require-explicit-tag"), 2);
    done(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default_pick_include_extends, write_dotenv,
                                        remove_dotenv),
        cmocka_unit_test_setup_teardown(test_parsed_once, write_dotenv, remove_dotenv),
        cmocka_unit_test(test_compose_file_list),
        cmocka_unit_test(test_included_syntax_error),
        cmocka_unit_test(test_pragmas_where_written),
        cmocka_unit_test(test_compose_file_variable),
        cmocka_unit_test(test_included_project_judged_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
