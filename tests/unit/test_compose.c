/* test_compose.c — the compose project loader on the projects under tests/compose: the
 * default file pick, merges of several files (with the file and line that
 * supplied each merged value), !reset/!override, include, extends across
 * files, cycles, interpolation with .env / --env-file / the process
 * environment, compose-go's casts, profiles, and the diagnostics' rules. */
#include "testutil.h"

#include "plimsoll/compose.h"

#define DIR "tests/compose/"

static pl_compose *load_dir(pl_arena *a, const char *dir, const char *const *environ)
{
    pl_compose_options o = {0};
    o.project_dir = dir;
    o.environ = environ;
    return pl_compose_load(a, &o);
}

static const pl_ynode *svc(const pl_compose *c, const char *name)
{
    const pl_compose_service *s = pl_compose_service_get(c, name);
    if (!s)
        fail_msg("no service %s", name);
    return s->node;
}

/* A scalar's value and where it was written. */
static void assert_at(const pl_ynode *from, const char *path, const char *value, const char *file,
                      int line, int col)
{
    const pl_ynode *n;
    const char *v = pl_compose_scalar(from, path, &n);
    if (!v)
        fail_msg("%s: no scalar", path);
    if (strcmp(v, value) || strcmp(n->file, file) || n->span.line != line || n->span.col != col)
        fail_msg("%s: '%s' at %s:%d:%d, expected '%s' at %s:%d:%d", path, v, n->file, n->span.line,
                 n->span.col, value, file, line, col);
}

static void assert_item(const pl_ynode *seq, int i, const char *value, const char *file, int line)
{
    if (!seq || seq->kind != PL_YAML_SEQ || i >= seq->nitems)
        fail_msg("no item %d", i);
    const pl_ynode *n = seq->items[i];
    if (strcmp(n->str, value) || strcmp(n->file, file) || n->span.line != line)
        fail_msg("item %d: '%s' at %s:%d, expected '%s' at %s:%d", i, n->str, n->file, n->span.line,
                 value, file, line);
}

static int count_diags(const pl_compose *c)
{
    int n = c->project->diags.count;
    for (int i = 0; i < c->nfiles; i++)
        n += c->files[i]->diags.count;
    return n;
}

static void assert_diag(const pl_compose *c, const char *file, int line, int col, pl_diag_level level,
                        const char *rule, const char *message)
{
    for (int i = -1; i < c->nfiles; i++) {
        const pl_compose_file *f = i < 0 ? c->project : c->files[i];
        if (strcmp(f->path, file))
            continue;
        for (const pl_diag *d = f->diags.head; d; d = d->next)
            if (d->span.line == line && d->span.col == col && d->level == level && d->rule &&
                !strcmp(d->rule, rule) && !strcmp(d->message, message))
                return;
    }
    for (int i = -1; i < c->nfiles; i++) {
        const pl_compose_file *f = i < 0 ? c->project : c->files[i];
        for (const pl_diag *d = f->diags.head; d; d = d->next)
            print_message("have %s:%d:%d %s %s\n", f->path, d->span.line, d->span.col,
                          d->rule ? d->rule : "-", d->message);
    }
    fail_msg("no diagnostic %s:%d:%d %s %s", file, line, col, rule, message);
}

/* ---- merging ---------------------------------------------------------------------------- */

static void test_default_pick_and_merge(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "merge", NULL);
    const char *base = DIR "merge/compose.yaml", *over = DIR "merge/compose.override.yaml";
    assert_int_equal(count_diags(c), 0);
    assert_int_equal(c->nfiles, 2);
    assert_string_equal(c->files[0]->path, base);
    assert_string_equal(c->files[1]->path, over);
    assert_string_equal(c->files[1]->base_dir, DIR "merge");
    assert_int_equal(c->nservices, 2);
    assert_string_equal(c->services[0].name, "web");
    const pl_ynode *web = svc(c, "web");
    /* command replaces; build as a string is its context, merged with the map */
    assert_at(web, "command", "serve --debug", over, 5, 14);
    assert_at(web, "build.context", "./web", base, 4, 12);
    assert_at(web, "build.dockerfile", "Dockerfile.dev", over, 4, 19);
    assert_at(web, "image", "web:1", base, 3, 12);
    /* ports: one entry per port, the later in the earlier's place */
    const pl_ynode *ports = pl_compose_at(web, "ports");
    assert_int_equal(ports->nitems, 3);
    assert_item(ports, 0, "8080:80", over, 7);
    assert_int_equal(ports->items[1]->kind, PL_YAML_MAP);
    assert_at(ports->items[1], "target", "443", base, 8, 17);
    assert_item(ports, 2, "9229:9229", over, 8);
    /* environment: a mapping and a list become one list, one entry per name */
    const pl_ynode *env = pl_compose_at(web, "environment");
    assert_int_equal(env->nitems, 3);
    assert_item(env, 0, "LOG=info", base, 11);
    assert_item(env, 1, "MODE=prod", over, 10);
    assert_item(env, 2, "EXTRA", over, 11);
    /* volumes by target: ./other replaces ./conf at /etc/app */
    const pl_ynode *vols = pl_compose_at(web, "volumes");
    assert_int_equal(vols->nitems, 2);
    assert_item(vols, 1, "./other:/etc/app", over, 16);
    /* depends_on: a list becomes a mapping with compose's defaults */
    assert_at(web, "depends_on.db.condition", "service_started", base, 13, 18);
    assert_int_equal(pl_compose_at(web, "depends_on.db.required")->stype, PL_YS_BOOL);
    assert_at(web, "depends_on.cache.condition", "service_healthy", over, 14, 20);
    /* !reset removes, !override replaces */
    assert_null(pl_compose_at(web, "labels"));
    const pl_ynode *dns = pl_compose_at(web, "dns");
    assert_int_equal(dns->nitems, 1);
    assert_item(dns, 0, "8.8.8.8", over, 18);
    assert_null(pl_compose_at(svc(c, "db"), "ports"));
    assert_at(svc(c, "db"), "image", "postgres:16", base, 20, 12);
    pl_arena_free(a);
}

static void test_explicit_order(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *files[] = {DIR "merge/compose.override.yaml", DIR "merge/compose.yaml"};
    pl_compose_options o = {0};
    o.files = files;
    o.nfiles = 2;
    pl_compose *c = pl_compose_load(a, &o);
    assert_string_equal(c->project->path, DIR "merge");
    const pl_ynode *cmd = pl_compose_at(svc(c, "web"), "command");
    assert_int_equal(cmd->kind, PL_YAML_SEQ);
    assert_item(cmd, 0, "serve", DIR "merge/compose.yaml", 5);
    /* the later file's plain `labels` is what is left after the earlier !reset */
    assert_item(pl_compose_at(svc(c, "web"), "labels"), 0, "a=1", DIR "merge/compose.yaml", 17);
    pl_arena_free(a);
}

/* ---- include, extends, cycles --------------------------------------------------------------- */

static void test_include(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "include", NULL);
    assert_int_equal(count_diags(c), 0);
    assert_int_equal(c->nservices, 4);
    const char *main = DIR "include/compose.yaml", *sub = DIR "include/sub/compose.yaml";
    assert_at(svc(c, "app"), "image", "app:dev", main, 7, 12);
    /* the including file wins a conflict; what it does not say comes from the include */
    assert_at(svc(c, "shared"), "image", "local-wins", main, 9, 12);
    assert_at(svc(c, "shared"), "restart", "always", sub, 7, 14);
    assert_string_equal(svc(c, "shared")->file, main);
    /* the include's env_file feeds its interpolation */
    assert_at(svc(c, "api"), "image", "api:3.1", sub, 3, 12);
    assert_at(svc(c, "worker"), "image", "worker", DIR "include/other.yaml", 3, 12);
    const pl_compose_file *f = pl_compose_file_of(c, pl_compose_at(svc(c, "api"), "build"));
    assert_non_null(f);
    assert_int_equal(f->role, PL_COMPOSE_FILE_INCLUDE);
    assert_string_equal(f->base_dir, DIR "include/sub");
    assert_null(pl_yaml_get(c->root, "include"));
    pl_arena_free(a);
}

static void test_extends(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "extends", NULL);
    assert_int_equal(count_diags(c), 0);
    const char *main = DIR "extends/compose.yaml", *lib = DIR "extends/lib/common.yaml";
    const pl_ynode *child = svc(c, "child");
    assert_string_equal(child->file, main);
    assert_int_equal(child->span.line, 7);
    assert_null(pl_yaml_get(child, "extends"));
    assert_at(child, "image", "base:1", main, 3, 12);
    const pl_ynode *env = pl_compose_at(child, "environment");
    assert_item(env, 0, "A=1", main, 5);
    assert_item(env, 1, "B=2", main, 9);
    /* from another file, whose own extends is resolved there */
    const pl_ynode *remote = svc(c, "remote");
    assert_at(remote, "image", "remote:2", main, 14, 12);
    assert_at(remote, "user", "1000", lib, 7, 11);
    assert_at(remote, "read_only", "true", lib, 3, 16);
    assert_item(pl_compose_at(remote, "cap_drop"), 0, "ALL", lib, 4);
    const pl_compose_file *f = pl_compose_file_of(c, pl_compose_at(remote, "build"));
    assert_int_equal(f->role, PL_COMPOSE_FILE_EXTENDS);
    assert_string_equal(f->base_dir, DIR "extends/lib");
    pl_arena_free(a);
}

/* a !reset in the extended file holds for whoever extends its service */
static void test_extends_reset_in_other_file(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "extends-reset", NULL);
    assert_int_equal(count_diags(c), 0);
    const pl_ynode *t = svc(c, "test");
    assert_at(t, "image", "alpine:latest", DIR "extends-reset/base.yaml", 3, 12);
    assert_null(pl_compose_at(t, "command"));
    assert_null(pl_compose_at(t, "extends"));
    pl_arena_free(a);
}

static void test_cycles_and_references(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "cycles", NULL);
    const char *main = DIR "cycles/compose.yaml";
    assert_diag(c, main, 8, 14, PL_DIAG_ERROR, "compose-reference",
                "Circular reference: a in " DIR "cycles/compose.yaml extends b in " DIR
                "cycles/compose.yaml extends a in " DIR "cycles/compose.yaml");
    assert_diag(c, main, 10, 14, PL_DIAG_ERROR, "compose-reference",
                "cannot extend service \"c\" in " DIR "cycles/compose.yaml: service \"missing\" not found");
    assert_diag(c, main, 13, 7, PL_DIAG_ERROR, "compose-reference",
                "cannot extend service \"d\": cannot read " DIR "cycles/nowhere.yaml");
    assert_diag(c, DIR "cycles/inc-b.yaml", 2, 5, PL_DIAG_ERROR, "compose-reference",
                "include cycle detected: " DIR "cycles/compose.yaml include " DIR
                "cycles/inc-a.yaml include " DIR "cycles/inc-b.yaml include " DIR "cycles/inc-a.yaml");
    assert_int_equal(c->errors, 4);
    assert_int_equal(count_diags(c), 4);
    /* what could be loaded is */
    assert_non_null(pl_compose_service_get(c, "fromA"));
    assert_non_null(pl_compose_service_get(c, "fromB"));
    pl_arena_free(a);
}

/* ---- interpolation -------------------------------------------------------------------------- */

static void test_interpolation(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *environ[] = {"TAG=2.0", "PATH=/bin", NULL};
    pl_compose *c = load_dir(a, DIR "interp", environ);
    const char *f = DIR "interp/compose.yaml";
    const pl_ynode *app = svc(c, "app");
    /* the process environment wins over .env; .env fills the rest */
    assert_at(app, "image", "reg.example/app:2.0", f, 3, 12);
    assert_at(app, "environment.FROM_ENV_FILE", "dotenv value", f, 8, 22);
    assert_at(app, "environment.RAW", "$HOME", f, 6, 12);
    /* casts after interpolation */
    assert_at(app, "privileged", "false", f, 9, 17);
    assert_int_equal(pl_compose_at(app, "privileged")->stype, PL_YS_BOOL);
    assert_int_equal(pl_compose_at(app, "deploy.replicas")->stype, PL_YS_INT);
    /* keys are not interpolated */
    assert_non_null(pl_yaml_get(app, "${NOT_A_KEY}"));
    assert_diag(c, f, 5, 12, PL_DIAG_ERROR, "compose-variable-required",
                "required variable SECRET_KEY is missing a value: set SECRET_KEY");
    assert_diag(c, f, 7, 13, PL_DIAG_ERROR, "compose-interpolation",
                "invalid interpolation format for services.app.environment.BAD: \"${ oops}\"; you "
                "may need to escape any $ with another $");
    assert_diag(c, f, 12, 10, PL_DIAG_ERROR, "compose-schema",
                "error while interpolating services.app.tty: failed to cast to expected type: "
                "invalid boolean: maybe");
    assert_int_equal(c->errors, 3);
    assert_int_equal(c->warnings, 0);
    pl_arena_free(a);
}

static void test_env_file_option(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *env_files[] = {DIR "interp/alt.env"};
    const char *environ[] = {"SECRET_KEY=s3cr3t", NULL};
    pl_compose_options o = {0};
    o.project_dir = DIR "interp";
    o.env_files = env_files;
    o.nenv_files = 1;
    o.environ = environ;
    pl_compose *c = pl_compose_load(a, &o);
    const char *f = DIR "interp/compose.yaml";
    const pl_ynode *app = svc(c, "app");
    /* --env-file replaces .env: TAG falls back to its default */
    assert_at(app, "image", "other.example/app:latest", f, 3, 12);
    assert_at(app, "environment.KEY", "s3cr3t", f, 5, 12);
    assert_diag(c, f, 8, 22, PL_DIAG_WARNING, "compose-variable-unset",
                "The \"FROM_DOTENV\" variable is not set. Defaulting to a blank string.");
    assert_at(app, "environment.FROM_ENV_FILE", "", f, 8, 22);
    assert_int_equal(c->warnings, 1);
    pl_arena_free(a);
}

/* ---- the rest ------------------------------------------------------------------------------- */

static void test_profiles_kept(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    pl_compose *c = load_dir(a, DIR "profiles", NULL);
    assert_int_equal(c->nservices, 2);
    assert_item(pl_compose_at(svc(c, "debug"), "profiles"), 0, "debug", DIR "profiles/compose.yaml", 6);
    pl_arena_free(a);
}

static void test_yaml_problems(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    const char *files[] = {DIR "syntax/dup.yaml", DIR "syntax/broken.yaml", DIR "syntax/list.yaml",
                           DIR "syntax/anchor.yaml", DIR "syntax/absent.yaml"};
    pl_compose_options o = {0};
    o.files = files;
    o.nfiles = 5;
    pl_compose *c = pl_compose_load(a, &o);
    assert_diag(c, DIR "syntax/dup.yaml", 4, 5, PL_DIAG_ERROR, "compose-yaml-syntax",
                "mapping key \"image\" already defined at line 3");
    assert_diag(c, DIR "syntax/broken.yaml", 4, 1, PL_DIAG_ERROR, "compose-yaml-syntax",
                "did not find expected ',' or ']'");
    assert_diag(c, DIR "syntax/list.yaml", 1, 1, PL_DIAG_ERROR, "compose-schema",
                "top-level object must be a mapping");
    assert_diag(c, DIR "syntax/anchor.yaml", 1, 8, PL_DIAG_ERROR, "compose-yaml-syntax",
                "anchor 'a' value contains itself");
    assert_diag(c, DIR "syntax/absent.yaml", 0, 0, PL_DIAG_ERROR, "compose-reference",
                DIR "syntax/absent.yaml: no such file or directory");
    assert_int_equal(c->errors, 5);
    assert_at(svc(c, "app"), "image", "b", DIR "syntax/dup.yaml", 4, 12);
    pl_arena_free(a);

    /* nothing to load: one error, not one per cause */
    a = pl_arena_new();
    const char *broken[] = {DIR "syntax/broken.yaml"};
    o.files = broken;
    o.nfiles = 1;
    c = pl_compose_load(a, &o);
    assert_int_equal(c->errors, 1);
    pl_arena_free(a);
    a = pl_arena_new();
    const char *comments[] = {DIR "syntax/comments.yaml"};
    o.files = comments;
    c = pl_compose_load(a, &o);
    assert_diag(c, DIR "syntax", 0, 0, PL_DIAG_ERROR, "compose-schema", "empty compose file");
    assert_int_equal(c->errors, 1);
    pl_arena_free(a);

    a = pl_arena_new();
    c = load_dir(a, DIR, NULL);
    assert_diag(c, "tests/compose", 0, 0, PL_DIAG_ERROR, "compose-reference",
                "no configuration file provided: not found");
    assert_int_equal(c->root->kind, PL_YAML_MAP);
    assert_int_equal(c->nservices, 0);
    pl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_pick_and_merge),
        cmocka_unit_test(test_explicit_order),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_extends),
        cmocka_unit_test(test_extends_reset_in_other_file),
        cmocka_unit_test(test_cycles_and_references),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_env_file_option),
        cmocka_unit_test(test_profiles_kept),
        cmocka_unit_test(test_yaml_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
