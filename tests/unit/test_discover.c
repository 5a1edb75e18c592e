/* test_discover.c — discovery over real repositories: the walk (skipped
 * folders, git's ignore rules, force-added files, symlinks, loops, overlap,
 * depth), --staged (the index as the file list, blobs as the bytes) and
 * --changed-since (which files are reported). */
#include <sys/stat.h>

#include "gitfixture.h"

#define BUF 4096

static const char *file_data(const fx_run *run, const char *path)
{
    for (int i = 0; i < run->ws.nfiles; i++)
        if (!strcmp(run->ws.files[i]->path, path))
            return run->ws.files[i]->data ? run->ws.files[i]->data : "(null)";
    return "(missing)";
}

static int has_note(const fx_run *run, const char *needle)
{
    for (size_t i = 0; i < run->ws.notes.len; i++)
        if (strstr(run->ws.notes.items[i], needle))
            return 1;
    return 0;
}

/* A repository with every case the walk must get right. */
static void make_walk_tree(fx_repo *r)
{
    fx_init(r);
    fx_stage(r, ".gitignore", "build/\nDockerfile.local\n");
    fx_stage(r, "Dockerfile", "FROM alpine:3.20\n");
    fx_stage(r, ".dockerignore", ".git\n");
    fx_write(r, "app/Dockerfile.dev", "FROM alpine:3.20\n");     /* untracked */
    fx_write(r, "app/requirements.txt", "flask==3.0\n");
    fx_write(r, "app/compose.yaml", "services: {}\n");
    fx_write(r, "app/.env", "A=1\n");
    fx_write(r, "node_modules/pkg/Dockerfile", "FROM x\n");      /* always skipped */
    fx_write(r, "vendor/lib/Dockerfile", "FROM x\n");
    fx_write(r, "build/Dockerfile", "FROM x\n");                 /* ignored directory */
    fx_write(r, "build/keep/other.Dockerfile", "FROM x\n");      /* ignored, untracked */
    fx_stage(r, "build/keep/Dockerfile", "FROM alpine:3.20\n");  /* ignored, force-added */
    fx_write(r, "Dockerfile.local", "FROM x\n");                 /* ignored file */
    fx_write(r, "docs/Dockerfile.local", "FROM x\n");
    fx_stage(r, "forced/Dockerfile.local", "FROM alpine:3.20\n"); /* ignored name, tracked */
    fx_commit(r, "init", NULL);
    char path[PATH_MAX];
    assert_int_equal(symlink("Dockerfile", fx_path(r, "link.Dockerfile", path, sizeof path)), 0);
    assert_int_equal(symlink(".", fx_path(r, "loop", path, sizeof path)), 0);
    assert_int_equal(symlink("..", fx_path(r, "app/up", path, sizeof path)), 0);
}

static void test_walk_follows_git(void **state)
{
    (void)state;
    fx_repo r;
    make_walk_tree(&r);
    fx_cd(&r, NULL);
    fx_run run = {.paths = {"."}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    char buf[BUF];
    assert_string_equal(fx_files(&run, buf, sizeof buf),
                        ".dockerignore Dockerfile app/.env app/Dockerfile.dev app/compose.yaml app/requirements.txt "
                        "build/keep/Dockerfile "
                        "forced/Dockerfile.local");
    assert_non_null(run.ws.git);
    assert_string_equal(run.ws.repo_root, r.dir);
    assert_true(pl_git_in_scope(run.ws.git, "anything/below"));
    /* bytes are read when the file is parsed */
    pl_file *f = pl_workspace_find(&run.ws, "build/keep/Dockerfile");
    assert_non_null(f);
    assert_string_equal(f->fs_path, "build/keep/Dockerfile");
    pl_discover_read(f);
    assert_string_equal(f->data, "FROM alpine:3.20\n");
    fx_run_free(&run);
    fx_cleanup(&r);
}

static void test_walk_overlapping_arguments(void **state)
{
    (void)state;
    fx_repo r;
    make_walk_tree(&r);
    fx_cd(&r, NULL);
    char buf[BUF];
    fx_run run = {.paths = {".", "app", "Dockerfile", "./Dockerfile"}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    assert_string_equal(fx_files(&run, buf, sizeof buf),
                        ".dockerignore Dockerfile app/.env app/Dockerfile.dev app/compose.yaml app/requirements.txt "
                        "build/keep/Dockerfile "
                        "forced/Dockerfile.local");
    fx_run_free(&run);

    fx_run first = {.paths = {"app", "."}};
    fx_discover(&first);
    assert_string_equal(fx_files(&first, buf, sizeof buf),
                        "app/.env app/Dockerfile.dev app/compose.yaml app/requirements.txt .dockerignore Dockerfile "
                        "build/keep/Dockerfile forced/Dockerfile.local");
    fx_run_free(&first);
    fx_cleanup(&r);
}

static void test_walk_from_a_subdirectory(void **state)
{
    (void)state;
    fx_repo r;
    make_walk_tree(&r);
    fx_cd(&r, "app");
    char buf[BUF];
    fx_run run = {.paths = {".."}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    /* the ignore rules apply although the walk starts outside the current directory */
    assert_string_equal(fx_files(&run, buf, sizeof buf),
                        "../.dockerignore ../Dockerfile ../app/.env ../app/Dockerfile.dev "
                        "../app/compose.yaml ../app/requirements.txt ../build/keep/Dockerfile ../forced/Dockerfile.local");
    fx_run_free(&run);

    fx_run here = {.paths = {NULL}};
    fx_discover(&here);
    assert_string_equal(fx_files(&here, buf, sizeof buf), ".env Dockerfile.dev compose.yaml requirements.txt");
    assert_true(pl_git_in_scope(here.ws.git, "app/x"));
    assert_false(pl_git_in_scope(here.ws.git, "Dockerfile"));
    fx_run_free(&here);
    fx_cleanup(&r);
}

/* A Dockerfile named by itself: each directory above it gives its compose
 * files (read, not reported) and its Makefile, up to the one holding CI
 * files. Only regular files count (a directory named Makefile does not), a
 * symbolic link is followed, and a name differing in case is not the name. */
static void test_dockerfile_named_alone_reads_what_is_above(void **state)
{
    (void)state;
    fx_repo t;
    fx_tmpdir(&t);
    fx_write(&t, "top/.github/workflows/ci.yml", "on: push\n");
    fx_write(&t, "top/mid/compose.yaml", "services: {}\n");
    fx_mkdirs(&t, "top/mid/Makefile");
    fx_write(&t, "top/mid/sub/Makefile", "all:\n");
    fx_write(&t, "top/mid/sub/app/Dockerfile", "FROM scratch\n");
    fx_write(&t, "top/mid/sub/app/COMPOSE.YAML", "services: {}\n");
    char path[PATH_MAX];
    assert_int_equal(symlink("../compose.yaml", fx_path(&t, "top/mid/sub/docker-compose.yml", path, sizeof path)), 0);
    fx_cd(&t, NULL);
    char buf[BUF];
    fx_run run = {.paths = {"top/mid/sub/app/Dockerfile"}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    /* the link and the file it names are one compose file */
    assert_string_equal(fx_files(&run, buf, sizeof buf), "top/mid/sub/app/Dockerfile top/mid/compose.yaml:0");
    assert_int_equal(run.ws.build_sources.len, 2);
    assert_string_equal(run.ws.build_sources.items[0], "top/mid/sub/Makefile");
    assert_string_equal(run.ws.build_sources.items[1], "top/.github/workflows/ci.yml");
    fx_run_free(&run);
    fx_cd(&t, NULL);
    assert_int_equal(chdir(t.home), 0);
    nftw(t.dir, fx_rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void test_walk_without_repository(void **state)
{
    (void)state;
    fx_repo r;
    fx_tmpdir(&r);
    fx_write(&r, "build/Dockerfile", "FROM x\n");
    fx_write(&r, "Containerfile", "FROM x\n");
    fx_write(&r, "web.dockerignore", "*\n");
    fx_cd(&r, NULL);
    fx_run run = {.paths = {"."}};
    fx_discover(&run);
    if (run.ws.git) { /* the temporary directory sits inside some repository */
        fx_run_free(&run);
        fx_cleanup(&r);
        skip();
    }
    char buf[BUF];
    assert_string_equal(fx_files(&run, buf, sizeof buf),
                        "Containerfile build/Dockerfile web.dockerignore");
    fx_run_free(&run);

    fx_run changed = {.paths = {"."}, .o = {.changed_since = "HEAD"}};
    fx_discover(&changed);
    assert_int_equal(changed.rc, -1);
    assert_string_equal(changed.error, "--changed-since needs a git repository");
    assert_int_equal(changed.ws.nfiles, 0);
    fx_run_free(&changed);

    fx_run staged = {.paths = {"."}, .o = {.staged = 1}};
    fx_discover(&staged);
    assert_int_equal(staged.rc, -1);
    assert_string_equal(staged.error, "--staged needs a git repository (none at .)");
    fx_run_free(&staged);
    fx_cleanup(&r);
}

static void test_walk_depth_unreadable_and_fifo(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    char deep[PATH_MAX] = "";
    for (int i = 0; i < 130; i++)
        strcat(deep, i ? "/d" : "d");
    char file[PATH_MAX + 16];
    snprintf(file, sizeof file, "%s/Dockerfile", deep);
    fx_write(&r, file, "FROM x\n");
    fx_write(&r, "shallow/Dockerfile", "FROM x\n");
    fx_write(&r, "locked/Dockerfile", "FROM x\n");
    char path[PATH_MAX];
    assert_int_equal(chmod(fx_path(&r, "locked", path, sizeof path), 0), 0);
    assert_int_equal(mkfifo(fx_path(&r, "pipe.Dockerfile", path, sizeof path), 0644), 0);
    fx_cd(&r, NULL);

    fx_run run = {.paths = {"."}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    char buf[BUF];
    /* a FIFO is not a regular file; the walk never opens it */
    if (geteuid() == 0) /* root reads the locked directory anyway */
        assert_string_equal(fx_files(&run, buf, sizeof buf), "locked/Dockerfile shallow/Dockerfile");
    else {
        assert_string_equal(fx_files(&run, buf, sizeof buf), "shallow/Dockerfile");
        assert_true(has_note(&run, "could not read directory ./locked") ||
                    has_note(&run, "could not read directory locked"));
    }
    assert_true(has_note(&run, "nested deeper than 128 directories"));
    fx_run_free(&run);

    /* a FIFO named by hand is read without waiting for a writer */
    fx_run fifo = {.paths = {"pipe.Dockerfile"}};
    fx_check_all(&fifo);
    assert_int_equal(fifo.rc, 0);
    assert_string_equal(fx_files(&fifo, buf, sizeof buf), "pipe.Dockerfile");
    assert_int_equal(fifo.ws.files[0]->len, 0);
    assert_false(fifo.ws.files[0]->read_error);
    fx_run_free(&fifo);
    chmod(fx_path(&r, "locked", path, sizeof path), 0755);
    fx_cleanup(&r);
}

/* ---- --staged ------------------------------------------------------------------- */

static void make_staged_tree(fx_repo *r)
{
    fx_init(r);
    fx_stage(r, "Dockerfile", "FROM a:1\n");
    fx_stage(r, "sub/Dockerfile", "FROM b:1\n");
    fx_stage(r, "gone/Dockerfile", "FROM g:1\n");
    fx_commit(r, "init", NULL);
    fx_write(r, "Dockerfile", "FROM a:2\n");          /* changed, not staged */
    fx_stage(r, "sub/Dockerfile", "FROM b:2\n");      /* staged ... */
    fx_write(r, "sub/Dockerfile", "FROM b:3\n");      /* ... then changed again */
    fx_stage(r, "new/Dockerfile", "FROM n:1\n");
    fx_unlink(r, "new/Dockerfile");                   /* staged, gone from the work tree */
    fx_unstage(r, "gone/Dockerfile");                 /* git rm --cached */
    fx_write(r, "u/Dockerfile", "FROM u:1\n");        /* untracked */
    fx_stage(r, "node_modules/x/Dockerfile", "FROM x\n");
    char path[PATH_MAX];
    assert_int_equal(symlink("Dockerfile", fx_path(r, "link.Dockerfile", path, sizeof path)), 0);
    fx_add(r, "link.Dockerfile");
}

static void test_staged_reads_the_index(void **state)
{
    (void)state;
    fx_repo r;
    make_staged_tree(&r);
    fx_cd(&r, NULL);
    char buf[BUF];
    fx_run run = {.paths = {NULL}, .o = {.staged = 1}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    assert_string_equal(fx_files(&run, buf, sizeof buf), "Dockerfile new/Dockerfile sub/Dockerfile");
    assert_string_equal(file_data(&run, "Dockerfile"), "FROM a:1\n");
    assert_string_equal(file_data(&run, "sub/Dockerfile"), "FROM b:2\n");
    assert_string_equal(file_data(&run, "new/Dockerfile"), "FROM n:1\n");
    for (int i = 0; i < run.ws.nfiles; i++) {
        assert_null(run.ws.files[i]->fs_path);
        assert_int_equal(run.ws.files[i]->kind, PL_KIND_DOCKERFILE);
    }
    fx_run_free(&run);

    /* named files: one only in the index, one only in the work tree */
    fx_run named = {.paths = {"new/Dockerfile", "u/Dockerfile", "./sub/Dockerfile"}, .o = {.staged = 1}};
    fx_discover(&named);
    assert_int_equal(named.rc, 0);
    assert_string_equal(fx_files(&named, buf, sizeof buf), "new/Dockerfile sub/Dockerfile");
    assert_true(has_note(&named, "u/Dockerfile is not staged; nothing to check"));
    fx_run_free(&named);

    fx_run missing = {.paths = {"nothing/here"}, .o = {.staged = 1}};
    fx_discover(&missing);
    assert_int_equal(missing.rc, -1);
    assert_string_equal(missing.error, "nothing/here: not in the index or the work tree");
    fx_run_free(&missing);

    fx_run outside = {.paths = {".", "/"}, .o = {.staged = 1}};
    fx_discover(&outside);
    assert_int_equal(outside.rc, -1);
    assert_non_null(strstr(outside.error, "/: outside the repository"));
    fx_run_free(&outside);
    fx_cleanup(&r);
}

static void test_staged_from_a_subdirectory(void **state)
{
    (void)state;
    fx_repo r;
    make_staged_tree(&r);
    fx_cd(&r, "sub");
    char buf[BUF];
    fx_run run = {.paths = {NULL}, .o = {.staged = 1}};
    fx_discover(&run);
    assert_int_equal(run.rc, 0);
    assert_string_equal(fx_files(&run, buf, sizeof buf), "Dockerfile");
    assert_string_equal(file_data(&run, "Dockerfile"), "FROM b:2\n");
    fx_run_free(&run);

    fx_run up = {.paths = {".."}, .o = {.staged = 1}};
    fx_discover(&up);
    assert_string_equal(fx_files(&up, buf, sizeof buf),
                        "../Dockerfile ../new/Dockerfile ../sub/Dockerfile");
    assert_string_equal(file_data(&up, "../new/Dockerfile"), "FROM n:1\n");
    fx_run_free(&up);
    fx_cleanup(&r);
}

/* ---- --changed-since -------------------------------------------------------------- */

static void make_changed_tree(fx_repo *r, char *first)
{
    fx_init(r);
    fx_stage(r, "a/Dockerfile", "FROM a:1\n");
    fx_stage(r, "b/Dockerfile", "FROM b:1\n");
    fx_stage(r, "e/Dockerfile", "FROM e:1\n");
    fx_commit(r, "first", first);
    fx_write(r, "b/Dockerfile", "FROM b:2\n");     /* work tree only */
    fx_write(r, "c/Dockerfile", "FROM c:1\n");     /* untracked directory */
    fx_stage(r, "d/Dockerfile", "FROM d:1\n");     /* new, staged */
    fx_stage(r, "e/Dockerfile", "FROM e:2\n");     /* changed, staged */
}

static void test_changed_since(void **state)
{
    (void)state;
    fx_repo r;
    char first[41];
    make_changed_tree(&r, first);
    fx_cd(&r, NULL);
    char buf[BUF];

    fx_run run = {.paths = {NULL}, .o = {.changed_since = first}};
    fx_check_all(&run);
    assert_int_equal(run.rc, 0);
    assert_string_equal(fx_files(&run, buf, sizeof buf),
                        "a/Dockerfile:0 b/Dockerfile c/Dockerfile d/Dockerfile e/Dockerfile");
    /* left out of the report, still checked */
    const pl_file *a = pl_workspace_find(&run.ws, "a/Dockerfile");
    assert_non_null(a->dockerfile);
    assert_true(a->results.len > 0);
    fx_run_free(&run);

    /* against the index: a change only in the work tree does not count */
    fx_run staged = {.paths = {NULL}, .o = {.changed_since = "HEAD", .staged = 1}};
    fx_discover(&staged);
    assert_int_equal(staged.rc, 0);
    assert_string_equal(fx_files(&staged, buf, sizeof buf),
                        "a/Dockerfile:0 b/Dockerfile:0 d/Dockerfile e/Dockerfile");
    fx_run_free(&staged);

    fx_run bad = {.paths = {NULL}, .o = {.changed_since = "no-such-branch"}};
    fx_discover(&bad);
    assert_int_equal(bad.rc, -1);
    assert_string_equal(bad.error, "--changed-since: unknown revision 'no-such-branch'");
    assert_int_equal(bad.ws.nfiles, 0);
    fx_run_free(&bad);

    fx_run blob = {.paths = {NULL}, .o = {.changed_since = "HEAD:a/Dockerfile"}};
    fx_discover(&blob);
    assert_int_equal(blob.rc, -1);
    assert_string_equal(blob.error, "--changed-since: 'HEAD:a/Dockerfile' names no commit or tree");
    fx_run_free(&blob);
    fx_cleanup(&r);
}

/* Names of the discovery table, and look-alikes that are not Dockerfiles. */
static void test_kind_of_names(void **state)
{
    (void)state;
    static const struct { const char *name; int kind; } cases[] = {
        {"Dockerfile", PL_KIND_DOCKERFILE},         {"dockerfile", PL_KIND_DOCKERFILE},
        {"Dockerfile.dev", PL_KIND_DOCKERFILE},     {"api.Dockerfile", PL_KIND_DOCKERFILE},
        {"api.dockerfile", PL_KIND_DOCKERFILE},     {"Containerfile", PL_KIND_DOCKERFILE},
        {"Containerfile.gpu", PL_KIND_DOCKERFILE},  {"Dockerfile_windows", PL_KIND_DOCKERFILE},
        {"Dockerfile-build", PL_KIND_DOCKERFILE},   {"Containerfile-arm", PL_KIND_DOCKERFILE},
        {"api.Containerfile", PL_KIND_DOCKERFILE},  {"Dockerfile-notes.md", -1},
        {".dockerignore", PL_KIND_DOCKERIGNORE},    {"Dockerfile.dockerignore", PL_KIND_DOCKERIGNORE},
        {"compose.yaml", PL_KIND_COMPOSE},          {"docker-compose.prod.yml", PL_KIND_COMPOSE},
        {"Dockerfile.md", -1},                      {"Dockerfile.rego", -1},
        {"Dockerfile.template", -1},                {"Dockerfile.prod.yml", -1},
        {"Dockerfiles", -1},                        {"README.md", -1},
        {"requirements.txt", PL_KIND_REQUIREMENTS}, {"requirements-dev.txt", PL_KIND_REQUIREMENTS},
        {"constraints.txt", PL_KIND_REQUIREMENTS},  {"dev-requirements.txt", PL_KIND_REQUIREMENTS},
        {"requirements.in", PL_KIND_REQUIREMENTS},  {"test_requirements.txt", PL_KIND_REQUIREMENTS},
        {"myrequirements.txt", -1},                 {"requirements.md", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_file_kind k;
        int rc = pl_discover_kind_of(cases[i].name, &k);
        if (cases[i].kind < 0) {
            if (rc == 0)
                fail_msg("%s: taken as %s", cases[i].name, pl_kind_name(k));
        } else {
            if (rc != 0 || (int)k != cases[i].kind)
                fail_msg("%s: not taken as %s", cases[i].name, pl_kind_name((pl_file_kind)cases[i].kind));
        }
    }
}

/* Requirements files known by where they sit. */
static void test_kind_of_paths(void **state)
{
    (void)state;
    static const struct { const char *path; int kind; } cases[] = {
        {"requirements/base.txt", PL_KIND_REQUIREMENTS}, {"app/requirements/prod.in", PL_KIND_REQUIREMENTS},
        {"dev.in", PL_KIND_REQUIREMENTS},                {"app/requirements.txt", PL_KIND_REQUIREMENTS},
        {"MANIFEST.in", -1},                             {"config.h.in", -1},
        {"docs/base.txt", -1},                           {"myrequirements/base.txt", -1},
        {"app/Dockerfile", PL_KIND_DOCKERFILE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_file_kind k;
        int rc = pl_discover_kind_of_path(cases[i].path, &k);
        if (cases[i].kind < 0 ? rc == 0 : (rc != 0 || (int)k != cases[i].kind))
            fail_msg("%s: kind %d, rc %d", cases[i].path, rc ? -1 : (int)k, rc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_of_names),
        cmocka_unit_test(test_kind_of_paths),
        cmocka_unit_test(test_walk_follows_git),
        cmocka_unit_test(test_walk_overlapping_arguments),
        cmocka_unit_test(test_walk_from_a_subdirectory),
        cmocka_unit_test(test_walk_without_repository),
        cmocka_unit_test(test_walk_depth_unreadable_and_fifo),
        cmocka_unit_test(test_staged_reads_the_index),
        cmocka_unit_test(test_staged_from_a_subdirectory),
        cmocka_unit_test(test_changed_since),
        cmocka_unit_test(test_dockerfile_named_alone_reads_what_is_above),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
