/* test_devcontainer.c — a Dev Container's devcontainer.json as a build
 * reference (JSON with comments and trailing commas), each build as a
 * one-line summary "dockerfile | context | target | args | origin
 * line:col", `?` for what is not known statically; and what it changes for
 * the rules (bentoml's .devcontainer builds with the context ".."). */
#include "gitfixture.h"
#include "testutil.h"
#include "plimsoll/buildsrc.h"

#define BUF 4096

static const char *or_q(const char *s) { return s ? s : "?"; }

static const char *read_specs(pl_arena *a, const char *path, const char *text, int *ndiags)
{
    pl_vec out = {0};
    pl_diag_list diags = {0};
    pl_buildsrc_read(a, PL_BSRC_DEVCONTAINER, path, text, strlen(text), ".", &out, &diags);
    if (ndiags)
        *ndiags = diags.count;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (size_t i = 0; i < out.len; i++) {
        const pl_unit_spec *s = out.items[i];
        assert_int_equal(s->origin, PL_ORIGIN_DEVCONTAINER);
        pl_sb_printf(&sb, "%s | %s | %s |", or_q(s->dockerfile), or_q(s->context),
                     s->target_unknown ? "?" : s->target ? s->target : "-");
        for (int k = 0; k < s->nargs; k++)
            pl_sb_printf(&sb, " %s=%s", s->args[k].name, or_q(s->args[k].value));
        if (!s->nargs)
            pl_sb_puts(&sb, " -");
        pl_sb_printf(&sb, " | %d:%d\n", s->origin_span.line, s->origin_span.col);
    }
    return pl_sb_str(&sb);
}

static void expect(const char *path, const char *text, const char *want)
{
    pl_arena *a = pl_arena_new();
    int ndiags = -1;
    const char *got = read_specs(a, path, text, &ndiags);
    if (strcmp(got, want))
        print_error("got:\n%swant:\n%s", got, want);
    assert_string_equal(got, want);
    assert_int_equal(ndiags, 0);
    pl_arena_free(a);
}

/* bentoml's shape: the older top-level keys, comments, a trailing comma */
static void test_top_level_keys(void **state)
{
    (void)state;
    expect(".devcontainer/devcontainer.json",
           "// For format details, see https://aka.ms/devcontainer.json.\n"
           "{\n"
           "  \"name\": \"BentoML\",\n"
           "  \"dockerFile\": \"Dockerfile\",\n"
           "  \"context\": \"..\",\n"
           "  /* Use this environment variable\n     to bind mount the source. */\n"
           "  \"remoteEnv\": {\"LOCAL_WORKSPACE_FOLDER\": \"${localWorkspaceFolder}\"},\n"
           "  \"features\": {\"ghcr.io/devcontainers/features/node:1\": {},},\n"
           "}\n",
           ".devcontainer/Dockerfile | . | - | - | 4:3\n");
    /* no context: the Dockerfile's own folder (lorax builds
     * ../Dockerfile.dev from the repository root); the top-level key is
     * spelled `dockerFile` only, and with it `build` is not read */
    expect("tools/.devcontainer/devcontainer.json",
           "{\"build\": {\"dockerfile\": \"../Dockerfile.dev\"}, \"runArgs\": [\"--gpus\"]}",
           "tools/Dockerfile.dev | tools | - | - | 1:2\n");
    expect(".devcontainer/devcontainer.json",
           "{\"dockerFile\": \"Dockerfile\", \"build\": {\"target\": \"dev\", \"context\": \"..\"}}",
           ".devcontainer/Dockerfile | .devcontainer | - | - | 1:2\n");
    expect(".devcontainer/devcontainer.json", "{\"dockerfile\": \"Dockerfile\"}", "");
}

/* `build`: dockerfile, context, target and args; a `${...}` value is not
 * known statically; without the older `dockerFile` its `context` is not read */
static void test_build_object(void **state)
{
    (void)state;
    expect(".devcontainer/python/devcontainer.json",
           "{\n"
           "  \"context\": \"ignored\",\n"
           "  \"build\": {\n"
           "    \"dockerfile\": \"../Dockerfile\",\n"
           "    \"context\": \"../..\",\n"
           "    \"target\": \"dev\",\n"
           "    \"args\": {\"VARIANT\": \"3.12\", \"USER\": \"${localEnv:USER}\", \"N\": 3,},\n"
           "  },\n"
           "}\n",
           ".devcontainer/Dockerfile | . | dev | VARIANT=3.12 USER=? N=? | 3:3\n");
    expect(".devcontainer.json",
           "{\"build\": {\"dockerfile\": \"${localWorkspaceFolder}/Dockerfile\", "
           "\"target\": \"${localEnv:T}\"}}",
           "? | ? | ? | - | 1:2\n");
}

/* an image or a compose file is used as it is: no build of a Dockerfile;
 * text that is not JSON even with comments taken out is a diagnostic */
static void test_no_build(void **state)
{
    (void)state;
    expect(".devcontainer/devcontainer.json", "{\"image\": \"mcr.microsoft.com/devcontainers/go:1\"}",
           "");
    expect(".devcontainer/devcontainer.json",
           "{\"dockerComposeFile\": [\"../compose.yaml\"], \"service\": \"app\"}", "");
    expect(".devcontainer/devcontainer.json", "{\"build\": \"Dockerfile\"}", "");
    pl_arena *a = pl_arena_new();
    int ndiags = 0;
    assert_string_equal(read_specs(a, ".devcontainer/devcontainer.json", "{\"dockerFile\": ", &ndiags),
                        "");
    assert_int_equal(ndiags, 1);
    pl_arena_free(a);
}

/* comments and trailing commas are blanked outside strings only, and
 * positions stay */
static void test_jsonc_to_json(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    static const char in[] = "{\"url\": \"http://x/*y*/\", // c\n"
                             "\"q\": \"a\\\",}\", /* b\n c */ \"l\": [1, 2 ,\n],\n}";
    const char *out = pl_jsonc_to_json(a, in, strlen(in));
    assert_string_equal(out, "{\"url\": \"http://x/*y*/\",     \n"
                             "\"q\": \"a\\\",}\",     \n      \"l\": [1, 2  \n] \n}");
    /* an unterminated block comment or string ends at the end of the text */
    assert_string_equal(pl_jsonc_to_json(a, "[1 /* x", 7), "[1     ");
    assert_string_equal(pl_jsonc_to_json(a, "[\"a, ]", 6), "[\"a, ]");
    assert_string_equal(pl_jsonc_to_json(a, "/", 1), "/");
    pl_arena_free(a);
}

static void test_kind_of(void **state)
{
    (void)state;
    pl_bsrc_kind k;
    assert_int_equal(pl_buildsrc_kind_of(".devcontainer/devcontainer.json", &k), 0);
    assert_int_equal(k, PL_BSRC_DEVCONTAINER);
    assert_int_equal(pl_buildsrc_kind_of("app/.devcontainer/python/devcontainer.json", &k), 0);
    assert_int_equal(k, PL_BSRC_DEVCONTAINER);
    assert_int_equal(pl_buildsrc_kind_of(".devcontainer.json", &k), 0);
    assert_int_equal(pl_buildsrc_kind_of("devcontainer.json", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of(".devcontainer/a/b/devcontainer.json", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of("x.devcontainer/devcontainer.json", &k), -1);
}

/* bentoml: the Dockerfile copies the .sh files of .devcontainer/library-scripts, which
 * is there from the repository root, the context devcontainer.json gives;
 * checking the Dockerfile alone reads the devcontainer.json beside it */
static void test_context_for_rules(void **state)
{
    (void)state;
    fx_repo r;
    fx_init(&r);
    fx_stage(&r, ".devcontainer/Dockerfile", "FROM python:3.12\n"
                                             "COPY .devcontainer/library-scripts/*.sh /tmp/\n"
                                             "COPY pyproject.toml /src/\n");
    fx_stage(&r, ".devcontainer/library-scripts/common.sh", "true\n");
    fx_stage(&r, "pyproject.toml", "[project]\n");
    fx_stage(&r, ".devcontainer/devcontainer.json",
             "// comment\n{\n  \"dockerFile\": \"Dockerfile\",\n  \"context\": \"..\",\n}\n");
    fx_commit(&r, "init", NULL);
    fx_run run = {0};
    fx_run_rule(&r, &run, "copy-source-missing");
    char buf[BUF];
    assert_string_equal(fx_findings(&run, "copy-source-missing", buf, sizeof buf), "");
    /* the context is the repository root (its size counts .git, which
     * varies with the git library: only the start is compared) */
    const pl_result *res = fx_result_of(&run, ".devcontainer/Dockerfile", "copy-source-missing");
    assert_non_null(res);
    assert_int_equal(res->status, PL_STATUS_PASS);
    assert_true(!strncmp(res->evidence, "2 of 2 resolved in context ./ (", 31));
    assert_null(strstr(res->evidence, "taken as the context"));
    fx_run_free(&run);

    fx_cd(&r, NULL);
    fx_run alone = {.paths = {".devcontainer/Dockerfile"}, .select = {"copy-source-missing"}};
    fx_check_all(&alone);
    assert_string_equal(fx_findings(&alone, "copy-source-missing", buf, sizeof buf), "");
    fx_run_free(&alone);

    /* without it the context is a guess: the folder above, where every
     * source is, taken because the Dockerfile's own lacks pyproject.toml */
    fx_unstage(&r, ".devcontainer/devcontainer.json");
    fx_unlink(&r, ".devcontainer/devcontainer.json");
    fx_run without = {0};
    fx_run_rule(&r, &without, "copy-source-missing");
    res = fx_result_of(&without, ".devcontainer/Dockerfile", "copy-source-missing");
    assert_non_null(res);
    assert_non_null(strstr(res->evidence, "taken as the context because"));
    fx_run_free(&without);
    fx_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_level_keys), cmocka_unit_test(test_build_object),
        cmocka_unit_test(test_no_build),       cmocka_unit_test(test_jsonc_to_json),
        cmocka_unit_test(test_kind_of),        cmocka_unit_test(test_context_for_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
