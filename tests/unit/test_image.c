/* test_image.c — image references: registry/repository/tag/digest split,
 * opaque `$` parts, and the validation errors of the reference grammar. */
#include "testutil.h"

#include <dirent.h>

#include "plimsoll/image.h"

static pl_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = pl_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_arena_free(arena);
    arena = NULL;
    return 0;
}

#define SHA_A "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_REAL "sha256:2f4b8c6e0e3b1d7a9c5f8e2a4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d"
#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct {
    const char *ref;
    const char *registry, *repository, *tag, *digest;
    int has_vars;
    const char *error; /* NULL: valid */
} ref_case;

static void assert_opt_string(const char *what, const char *ref, const char *got, const char *want)
{
    if (!want && !got)
        return;
    if (!want || !got || strcmp(got, want) != 0)
        fail_msg("%s: %s is \"%s\", want \"%s\"", ref, what, got ? got : "(null)",
                 want ? want : "(null)");
}

static void check_ref(const ref_case *c)
{
    pl_image_ref r;
    int rc = pl_image_parse(arena, c->ref, &r);
    assert_string_equal(r.raw, c->ref);
    assert_opt_string("registry", c->ref, r.registry, c->registry);
    assert_opt_string("repository", c->ref, r.repository, c->repository);
    assert_opt_string("tag", c->ref, r.tag, c->tag);
    assert_opt_string("digest", c->ref, r.digest, c->digest);
    assert_opt_string("error", c->ref, r.error, c->error);
    if (r.has_vars != c->has_vars)
        fail_msg("%s: has_vars %d, want %d", c->ref, r.has_vars, c->has_vars);
    assert_int_equal(rc, c->error ? -1 : 0);
}

static const ref_case valid_cases[] = {
    {"python", NULL, "python", NULL, NULL, 0, NULL},
    {"scratch", NULL, "scratch", NULL, NULL, 0, NULL},
    {"python:3", NULL, "python", "3", NULL, 0, NULL},
    {"nvidia/cuda:12.1.0-devel-ubuntu22.04", NULL, "nvidia/cuda", "12.1.0-devel-ubuntu22.04", NULL,
     0, NULL},
    {"python:3.12-slim@" SHA_REAL, NULL, "python", "3.12-slim", SHA_REAL, 0, NULL},
    {"python@" SHA_A, NULL, "python", NULL, SHA_A, 0, NULL},
    {"ghcr.io/acme/app", "ghcr.io", "acme/app", NULL, NULL, 0, NULL},
    {"docker.io/library/python:3", "docker.io", "library/python", "3", NULL, 0, NULL},
    {"localhost:5000/x", "localhost:5000", "x", NULL, NULL, 0, NULL},
    {"localhost/x", "localhost", "x", NULL, NULL, 0, NULL},
    {"localhost", NULL, "localhost", NULL, NULL, 0, NULL},
    {"localhost:5000", NULL, "localhost", "5000", NULL, 0, NULL},
    {"registry.example.com:5000/team/app:v1.2@" SHA_A, "registry.example.com:5000", "team/app",
     "v1.2", SHA_A, 0, NULL},
    {"host:80/x:1", "host:80", "x", "1", NULL, 0, NULL},
    {"1.2.3.4/x", "1.2.3.4", "x", NULL, NULL, 0, NULL},
    {"[::1]:5000/x", "[::1]:5000", "x", NULL, NULL, 0, NULL},
    {"[fe80::1]/x", "[fe80::1]", "x", NULL, NULL, 0, NULL},
    /* an upper-case first component can only be a host name */
    {"Foo/bar", "Foo", "bar", NULL, NULL, 0, NULL},
    {"a/b/c/d", NULL, "a/b/c/d", NULL, NULL, 0, NULL},
    {"a__b.c---d", NULL, "a__b.c---d", NULL, NULL, 0, NULL},
    {"x:_T.a-1", NULL, "x", "_T.a-1", NULL, 0, NULL},
    {"x@sha512:" HEX64 HEX64, NULL, "x", NULL, "sha512:" HEX64 HEX64, 0, NULL},
    /* `$` references are opaque */
    {"${REGISTRY}/app:${TAG}", "${REGISTRY}", "app", "${TAG}", NULL, 1, NULL},
    {"$HOST:8099/img", "$HOST:8099", "img", NULL, NULL, 1, NULL},
    {"$REG/x", "$REG", "x", NULL, NULL, 1, NULL},
    {"${BASE_IMAGE}", NULL, "${BASE_IMAGE}", NULL, NULL, 1, NULL},
    {"${BASE}:${TAG}", NULL, "${BASE}", "${TAG}", NULL, 1, NULL},
    {"${IMG:-python:3.12}", NULL, "${IMG:-python:3.12}", NULL, NULL, 1, NULL},
    {"${IMG:-a/b@sha256:x}", NULL, "${IMG:-a/b@sha256:x}", NULL, NULL, 1, NULL},
    {"python:${PY:-3.12}-slim", NULL, "python", "${PY:-3.12}-slim", NULL, 1, NULL},
    {"python:3.${MINOR}", NULL, "python", "3.${MINOR}", NULL, 1, NULL},
    {"${ORG}/app@${DIGEST}", "${ORG}", "app", NULL, "${DIGEST}", 1, NULL},
    {"ghcr.io/${ORG}/app:$TAG", "ghcr.io", "${ORG}/app", "$TAG", NULL, 1, NULL},
    {"${A:-${B:-x/y}}/z", "${A:-${B:-x/y}}", "z", NULL, NULL, 1, NULL},
    {"img:${V}_${W}", NULL, "img", "${V}_${W}", NULL, 1, NULL},
};

static void test_valid_references(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++)
        check_ref(&valid_cases[i]);
}

static const ref_case error_cases[] = {
    {"busybox:", NULL, "busybox", "", NULL, 0, "invalid reference format: empty tag after ':'"},
    {"BusyBox", NULL, "BusyBox", NULL, NULL, 0,
     "invalid reference format: repository name (BusyBox) must be lowercase"},
    {"foo/Bar:1", NULL, "foo/Bar", "1", NULL, 0,
     "invalid reference format: repository name (foo/Bar) must be lowercase"},
    {"ghcr.io/Acme/app", "ghcr.io", "Acme/app", NULL, NULL, 0,
     "invalid reference format: repository name (Acme/app) must be lowercase"},
    {"${ORG}/My-App", "${ORG}", "My-App", NULL, NULL, 1,
     "invalid reference format: repository name (My-App) must be lowercase"},
    {"x@sha256:abc", NULL, "x", NULL, "sha256:abc", 0,
     "invalid reference format: invalid digest (sha256:abc)"},
    {"x@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, "x", NULL,
     "sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0,
     "invalid checksum digest format "
     "(sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"},
    {"x@sha256:" HEX64 "00", NULL, "x", NULL, "sha256:" HEX64 "00", 0,
     "invalid checksum digest format (sha256:" HEX64 "00)"},
    {"x@md5:0123456789abcdef0123456789abcdef", NULL, "x", NULL,
     "md5:0123456789abcdef0123456789abcdef", 0, "unsupported digest algorithm (md5)"},
    {"x@" HEX64, NULL, "x", NULL, HEX64, 0, "invalid reference format: invalid digest (" HEX64 ")"},
    {"x@", NULL, "x", NULL, "", 0, "invalid reference format: invalid digest ()"},
    {"x:.t", NULL, "x", ".t", NULL, 0, "invalid reference format: invalid tag (.t)"},
    {"x:t/u", "x:t", "u", NULL, NULL, 0, "invalid reference format: invalid registry (x:t)"},
    {"x:a+b", NULL, "x", "a+b", NULL, 0, "invalid reference format: invalid tag (a+b)"},
    {HEX64, NULL, HEX64, NULL, NULL, 0,
     "invalid repository name (" HEX64 "), cannot specify 64-byte hexadecimal strings"},
    {"a..b", NULL, "a..b", NULL, NULL, 0, "invalid reference format: invalid repository name (a..b)"},
    {"a___b", NULL, "a___b", NULL, NULL, 0,
     "invalid reference format: invalid repository name (a___b)"},
    {"_a", NULL, "_a", NULL, NULL, 0, "invalid reference format: invalid repository name (_a)"},
    {"a//b", NULL, "a//b", NULL, NULL, 0, "invalid reference format: invalid repository name (a//b)"},
    {"x y", NULL, "x y", NULL, NULL, 0, "invalid reference format: invalid repository name (x y)"},
    {"a-.b/x", "a-.b", "x", NULL, NULL, 0, "invalid reference format: invalid registry (a-.b)"},
    {"[zz]/x", NULL, "[zz]/x", NULL, NULL, 0,
     "invalid reference format: invalid repository name ([zz]/x)"},
    {"[zz:1]/x", "[zz:1]", "x", NULL, NULL, 0, "invalid reference format: invalid registry ([zz:1])"},
    {"ghcr.io/", "ghcr.io", "", NULL, NULL, 0, "invalid reference format: empty repository name"},
    {":t", NULL, "", "t", NULL, 0, "invalid reference format: empty repository name"},
    {"", NULL, "", NULL, NULL, 0, "invalid reference format: empty image reference"},
    {"${REG/x", NULL, "${REG/x", NULL, NULL, 1,
     "invalid reference format: unterminated variable reference"},
    {"app:${TAG}+1", NULL, "app", "${TAG}+1", NULL, 1,
     "invalid reference format: invalid tag (${TAG}+1)"},
    {"app$", NULL, "app$", NULL, NULL, 0, "invalid reference format: invalid repository name (app$)"},
};

static void test_invalid_references(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++)
        check_ref(&error_cases[i]);
}

static void test_length_limits(void **state)
{
    (void)state;
    pl_image_ref r;
    char tag[140], ref[400];
    memset(tag, 't', 128);
    tag[128] = '\0';
    snprintf(ref, sizeof ref, "x:%s", tag);
    assert_int_equal(pl_image_parse(arena, ref, &r), 0);
    assert_int_equal(strlen(r.tag), 128);
    snprintf(ref, sizeof ref, "x:%st", tag);
    assert_int_equal(pl_image_parse(arena, ref, &r), -1);
    assert_non_null(strstr(r.error, "invalid tag"));

    /* 255 characters of repository path; Docker Hub counts "library/" too */
    memset(ref, 'a', 255);
    ref[255] = '\0';
    ref[100] = '/';
    assert_int_equal(pl_image_parse(arena, ref, &r), 0);
    strcat(ref, "a");
    assert_int_equal(pl_image_parse(arena, ref, &r), -1);
    assert_string_equal(r.error, "invalid reference format: repository name must not be more "
                                 "than 255 characters");
    memset(ref, 'a', 248);
    ref[248] = '\0';
    assert_int_equal(pl_image_parse(arena, ref, &r), -1);
    ref[247] = '\0';
    assert_int_equal(pl_image_parse(arena, ref, &r), 0);
}

static void test_helpers(void **state)
{
    (void)state;
    pl_image_ref r;
    pl_image_parse(arena, "nvidia/cuda:12.1.0-devel-ubuntu22.04", &r);
    assert_string_equal(pl_image_basename(arena, &r), "cuda");
    assert_string_equal(pl_image_registry_or_default(&r), "docker.io");
    pl_image_parse(arena, "python", &r);
    assert_string_equal(pl_image_basename(arena, &r), "python");
    pl_image_parse(arena, "ghcr.io/acme/tools/app:1", &r);
    assert_string_equal(pl_image_basename(arena, &r), "app");
    assert_string_equal(pl_image_registry_or_default(&r), "ghcr.io");
    pl_image_parse(arena, "${REGISTRY}/app:${TAG}", &r);
    assert_string_equal(pl_image_basename(arena, &r), "app");
    assert_string_equal(pl_image_registry_or_default(&r), "${REGISTRY}");
    pl_image_parse(arena, "org/${NAME}", &r);
    assert_string_equal(pl_image_basename(arena, &r), "${NAME}");
    pl_image_parse(arena, "${A:-a/b}", &r);
    assert_string_equal(pl_image_basename(arena, &r), "${A:-a/b}");
    pl_image_parse(arena, "", &r);
    assert_string_equal(pl_image_basename(arena, &r), "");
    assert_string_equal(pl_image_registry_or_default(NULL), "docker.io");
    assert_string_equal(pl_image_basename(arena, NULL), "");
}

/* Every image a BuildKit parser test file starts FROM is a valid reference. */
static void test_conformance_from_images(void **state)
{
    (void)state;
    if (!tu_have_shared())
        skip();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/conformance/buildkit-parser/testfiles", tu_shared_dir());
    DIR *d = opendir(dir);
    if (!d)
        skip();
    int checked = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1400];
        snprintf(path, sizeof path, "%s/%s/Dockerfile", dir, e->d_name);
        char *text = tu_read_file(path, NULL);
        if (!text)
            continue;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            char image[256];
            if (strncasecmp(line, "FROM ", 5) != 0 || sscanf(line + 5, "%255s", image) != 1)
                continue;
            if (strcmp(image, "`") == 0 || strcmp(image, "\\") == 0)
                continue; /* the name is on the next line */
            pl_image_ref r;
            if (pl_image_parse(arena, image, &r) != 0)
                fail_msg("%s: %s: %s", path, image, r.error);
            checked++;
        }
        free(text);
    }
    closedir(d);
    assert_true(checked >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_length_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conformance_from_images, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
