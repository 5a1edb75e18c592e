/* test_buildsrc.c — reading how images are built from CI workflows, GitLab
 * CI, bake files, Makefiles and scripts: each build as a one-line summary
 * "dockerfile | context | target | args | origin line:col | label", with
 * `?` for what is not known statically and `-` for what is not given. */
#include "testutil.h"
#include "plimsoll/buildsrc.h"

static const char *or_q(const char *s) { return s ? s : "?"; }

/* Every spec the source gives, one summary per line. */
/* the tags a build names (-t) are shown by the tests about them only */
static int show_tags;

static const char *read_specs(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *text,
                              const char *root, int *ndiags)
{
    pl_vec out = {0};
    pl_diag_list diags = {0};
    pl_buildsrc_read(a, kind, path, text, strlen(text), root, &out, &diags);
    if (ndiags)
        *ndiags = diags.count;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (size_t i = 0; i < out.len; i++) {
        const pl_unit_spec *s = out.items[i];
        pl_sb_printf(&sb, "%s | %s | %s |", or_q(s->dockerfile), or_q(s->context),
                     s->target_unknown ? "?" : s->target ? s->target : "-");
        for (int k = 0; k < s->nargs; k++)
            pl_sb_printf(&sb, " %s=%s", s->args[k].name, or_q(s->args[k].value));
        if (!s->nargs)
            pl_sb_puts(&sb, " -");
        pl_sb_printf(&sb, " | %d:%d | %s", s->origin_span.line, s->origin_span.col,
                     s->origin_label ? s->origin_label : "-");
        if (s->output != PL_OUTPUT_IMAGE)
            pl_sb_puts(&sb, s->output == PL_OUTPUT_FILES ? " | files" : " | cache");
        for (int k = 0; show_tags && k < s->nimages; k++)
            pl_sb_printf(&sb, "%s%s", k ? "," : " | tags ", s->images[k]);
        pl_sb_puts(&sb, "\n");
    }
    return pl_sb_str(&sb);
}

static void expect(pl_bsrc_kind kind, const char *path, const char *text, const char *want)
{
    pl_arena *a = pl_arena_new();
    const char *got = read_specs(a, kind, path, text, ".", NULL);
    if (strcmp(got, want))
        print_error("got:\n%swant:\n%s", got, want);
    assert_string_equal(got, want);
    pl_arena_free(a);
}

static void test_docker_build_lines(void **state)
{
    (void)state;
    show_tags = 1;
    expect(PL_BSRC_SCRIPT, "build.sh",
           "docker build -t api .\n"
           "docker build -f docker/Dockerfile.prod --target=prod --build-arg V=1 --build-arg HOME app\n"
           "sudo docker buildx build --platform linux/amd64 -fapi.Dockerfile --build-arg \"T=$TAG\" ctx\n"
           "podman build --file Containerfile -t x sub/dir\n"
           "buildah bud -f Dockerfile.b .\n"
           "docker image build - < Dockerfile\n"
           "docker build https://github.com/a/b.git#main\n"
           "docker --context remote build --target \"$STAGE\" .\n"
           "docker run --rm build .\n"
           "echo docker build .\n"
           "docker build --tag=reg.example/app:1.0 -t \"$IMAGE\" -tapp:dev .\n"
           "docker buildx build --provenance false --sbom false -f cmd/Dockerfile --load .\n"
           "buildah bud --omit-history -f Containerfile .\n",
           "Dockerfile | . | - | - | 1:1 | - | tags api\n"
           "docker/Dockerfile.prod | app | prod | V=1 HOME=? | 2:1 | -\n"
           "api.Dockerfile | ctx | - | T=? | 3:1 | -\n"
           "Containerfile | sub/dir | - | - | 4:1 | - | tags x\n"
           "Dockerfile.b | . | - | - | 5:1 | -\n"
           "? | ? | - | - | 6:1 | -\n"
           "? | ? | - | - | 7:1 | -\n"
           "Dockerfile | . | ? | - | 8:1 | -\n"
           "Dockerfile | . | - | - | 11:1 | - | tags reg.example/app:1.0,app:dev\n"
           "cmd/Dockerfile | . | - | - | 12:1 | -\n"
           "Containerfile | . | - | - | 13:1 | -\n");
    show_tags = 0;
}

/* A word that is only an expansion before the literal context expands to
 * options (traefik's `$(DOCKER_BUILDX_ARGS)`, langfuse's
 * "${preview_meta_args[@]}"): the literal word is the context. Two
 * literal words, or an expansion after the literal, leave it as read. */
static void test_expansion_before_context(void **state)
{
    (void)state;
    expect(PL_BSRC_SCRIPT, "build.sh",
           "docker buildx build $(DOCKER_BUILDX_ARGS) -t t:1 -f Dockerfile .\n"
           "docker build \"${extra[@]}\" -f web/Dockerfile -t \"$IMAGE\" .\n"
           "docker build . $MORE\n"
           "docker build $CTX\n",
           "Dockerfile | . | - | - | 1:1 | -\n"
           "web/Dockerfile | . | - | - | 2:1 | -\n"
           "Dockerfile | . | - | - | 3:1 | -\n"
           "? | ? | - | - | 4:1 | -\n");
}

static void test_cd_and_kaniko(void **state)
{
    (void)state;
    expect(PL_BSRC_SCRIPT, "scripts/release.sh",
           "#!/bin/sh\nset -e\ncd services/api && docker build .\ncd \"$(dirname \"$0\")\"\n"
           "docker build -f ../Dockerfile ..\ncd \"$SOMEWHERE\"\ndocker build .\n"
           "/kaniko/executor --context \"$CI_PROJECT_DIR\" --dockerfile docker/Dockerfile --target app\n",
           "services/api/Dockerfile | services/api | - | - | 3:20 | -\n"
           "Dockerfile | . | - | - | 5:1 | -\n"
           "? | ? | - | - | 7:1 | -\n"
           "? | ? | app | - | 8:1 | -\n");
}

static void test_github_workflow(void **state)
{
    (void)state;
    expect(PL_BSRC_WORKFLOW, ".github/workflows/ci.yml",
           "on: push\n"
           "defaults:\n  run:\n    working-directory: web\n"
           "jobs:\n"
           "  image:\n"
           "    steps:\n"
           "      - uses: docker/build-push-action@v6\n"
           "      - name: api\n"
           "        uses: docker/build-push-action@v6\n"
           "        with:\n"
           "          context: ./services/api\n"
           "          file: ./services/api/Dockerfile.prod\n"
           "          target: ${{ matrix.target }}\n"
           "          build-args: |\n"
           "            A=1\n"
           "            B=${{ github.sha }}\n"
           "      - name: script\n"
           "        run: |\n"
           "          make deps\n"
           "          docker build --target prod .\n"
           "      - name: in a directory\n"
           "        working-directory: ${{ github.workspace }}/tools\n"
           "        run: docker build -f Dockerfile.tools .\n"
           "      - uses: actions/checkout@v4\n",
           "Dockerfile | . | - | - | 8:15 | job image, step 1\n"
           "services/api/Dockerfile.prod | services/api | ? | A=1 B=? | 10:15 | job image, step api\n"
           "web/Dockerfile | web | prod | - | 21:11 | job image, step script\n"
           "tools/Dockerfile.tools | tools | - | - | 24:14 | job image, step in a directory\n");
}

/* The matrix rows a job runs give the builds (langfuse's include list of
 * Dockerfiles, one per component and platform: two distinct builds), and
 * a matrix of maps is read through `matrix.NAME.KEY` (opentelemetry-demo). */
static void test_workflow_matrix(void **state)
{
    (void)state;
    expect(PL_BSRC_WORKFLOW, ".github/workflows/release.yml",
           "jobs:\n"
           "  release:\n"
           "    strategy:\n"
           "      matrix:\n"
           "        include:\n"
           "          - {component: web, dockerfile: ./web/Dockerfile, platform: linux/amd64}\n"
           "          - {component: web, dockerfile: ./web/Dockerfile, platform: linux/arm64}\n"
           "          - {component: worker, dockerfile: ./worker/Dockerfile, platform: linux/amd64}\n"
           "          - {component: worker, dockerfile: ./worker/Dockerfile, platform: linux/arm64}\n"
           "    steps:\n"
           "      - name: Build\n"
           "        uses: useblacksmith/build-push-action@v2\n"
           "        with:\n"
           "          context: .\n"
           "          file: ${{ matrix.dockerfile }}\n"
           "          platforms: ${{ matrix.platform }}\n"
           "  components:\n"
           "    strategy:\n"
           "      matrix:\n"
           "        file_tag:\n"
           "          - {file: ./src/ad/Dockerfile, context: ./}\n"
           "          - {file: ./src/cart/src/Dockerfile, context: ./}\n"
           "        stage: [production, debug]\n"
           "        exclude:\n"
           "          - stage: debug\n"
           "        include:\n"
           "          - {stage: production, extra: A=1}\n"
           "    steps:\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with:\n"
           "          context: ${{ matrix.file_tag.context }}\n"
           "          file: ${{ matrix.file_tag.file }}\n"
           "          target: ${{ matrix.stage }}\n"
           "          build-args: |\n"
           "            ${{ matrix.extra }}\n"
           "            SHA=${{ github.sha }}\n"
           "  dynamic:\n"
           "    strategy:\n"
           "      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}\n"
           "    steps:\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with:\n"
           "          file: ${{ matrix.dockerfile }}\n",
           "web/Dockerfile | . | - | - | 12:15 | job release, step Build, matrix row 1\n"
           "worker/Dockerfile | . | - | - | 12:15 | job release, step Build, matrix row 3\n"
           "src/ad/Dockerfile | . | production | A=1 SHA=? | 29:15 | job components, step 1, matrix row 1\n"
           "src/cart/src/Dockerfile | . | production | A=1 SHA=? | 29:15 | job components, step 1, matrix row 2\n"
           "? | . | - | - | 41:15 | job dynamic, step 1\n");
}

/* Values the workflow writes in `env:` (workflow, job, step; a step's
 * from the matrix) stand for `${{ env.X }}` and for `$X` in `run:`,
 * unless the script assigns X itself or the value needs the run. */
static void test_workflow_env(void **state)
{
    (void)state;
    expect(PL_BSRC_WORKFLOW, ".github/workflows/ci.yml",
           "env:\n"
           "  GO_VERSION: \"1.26\"\n"
           "jobs:\n"
           "  images:\n"
           "    env: {SHA: \"${{ github.sha }}\"}\n"
           "    strategy:\n"
           "      matrix:\n"
           "        include: [{dockerfile: web/Dockerfile, extra: --build-arg A=1}]\n"
           "    steps:\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with:\n"
           "          build-args: |\n"
           "            GO_VERSION=${{ env.GO_VERSION }}\n"
           "            SHA=${{ env.SHA }}\n"
           "      - env:\n"
           "          DOCKERFILE: ${{ matrix.dockerfile }}\n"
           "          EXTRA: ${{ matrix.extra }}\n"
           "        run: docker build $EXTRA -f \"${DOCKERFILE}\" --build-arg SHA=\"$SHA\" .\n"
           "      - env: {DOCKERFILE: web/Dockerfile}\n"
           "        run: |\n"
           "          DOCKERFILE=other/Dockerfile\n"
           "          docker build -f '$DOCKERFILE' -f \"$DOCKERFILE\" .\n",
           "Dockerfile | . | - | GO_VERSION=1.26 SHA=? | 10:15 | job images, step 1\n"
           "web/Dockerfile | . | - | A=1 SHA=? | 18:14 | job images, step 2, matrix row 1\n"
           "? | . | - | - | 22:11 | job images, step 3\n");
}

/* `actions/checkout` with `path:` puts this repository (no `repository:`)
 * below the workspace, so its paths are the repository's; another
 * repository's files there are not known (loki checks out into release/). */
static void test_workflow_checkout_path(void **state)
{
    (void)state;
    expect(PL_BSRC_WORKFLOW, ".github/workflows/images.yml",
           "jobs:\n"
           "  own:\n"
           "    steps:\n"
           "      - uses: actions/checkout@v4\n"
           "        with: {path: release}\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with: {context: release, file: release/cmd/loki/Dockerfile}\n"
           "  other:\n"
           "    steps:\n"
           "      - uses: actions/checkout@v4\n"
           "        with: {path: release, repository: grafana/loki-release}\n"
           "      - run: docker build -f release/Dockerfile release\n",
           "cmd/loki/Dockerfile | . | - | - | 6:15 | job own, step 2\n"
           "? | ? | - | - | 12:14 | job other, step 2\n");
}

static void test_gitlab_ci(void **state)
{
    (void)state;
    expect(PL_BSRC_GITLAB, ".gitlab-ci.yml",
           "stages: [build]\n"
           "variables:\n  X: 1\n"
           "build-image:\n"
           "  stage: build\n"
           "  script:\n"
           "    - docker login -u x -p y\n"
           "    - docker build -t $CI_REGISTRY_IMAGE -f deploy/Dockerfile .\n"
           "kaniko:\n"
           "  script:\n"
           "    - /kaniko/executor --context ${CI_PROJECT_DIR}/app --dockerfile Dockerfile\n",
           "deploy/Dockerfile | . | - | - | 8:7 | job build-image\n"
           "app/Dockerfile | app | - | - | 11:7 | job kaniko\n");
}

/* CircleCI: `run:` steps of jobs and of reusable `commands:` (treeherder's
 * shape: `DOCKER_BUILDKIT=1 docker build -f docker/Dockerfile -t app:build .`
 * in a command), the step's working_directory relative to the job's,
 * `<< parameters.x >>` unknown (not a here-document), nothing after a
 * checkout into another path. */
static void test_circleci(void **state)
{
    (void)state;
    expect(PL_BSRC_CIRCLECI, ".circleci/config.yml",
           "version: 2.1\n"                                                        /* 1 */
           "commands:\n"                                                           /* 2 */
           "  build-docker-image:\n"                                               /* 3 */
           "    steps:\n"                                                          /* 4 */
           "      - run:\n"                                                        /* 5 */
           "          name: Build Docker image\n"                                  /* 6 */
           "          command: DOCKER_BUILDKIT=1 docker build -f docker/Dockerfile -t app:build .\n"
           "jobs:\n"                                                               /* 8 */
           "  build:\n"                                                            /* 9 */
           "    working_directory: ~/repo\n"                                       /* 10 */
           "    steps:\n"                                                          /* 11 */
           "      - checkout\n"                                                    /* 12 */
           "      - build-docker-image\n"                                          /* 13 */
           "      - run: docker buildx build --target prod --build-arg V=2 web\n"  /* 14 */
           "      - run:\n"                                                        /* 15 */
           "          working_directory: ~/repo/services/api\n"                    /* 16 */
           "          command: |\n"                                                /* 17 */
           "            echo building\n"                                           /* 18 */
           "            docker build -t api .\n"                                   /* 19 */
           "      - run:\n"                                                        /* 20 */
           "          working_directory: /tmp/elsewhere\n"                         /* 21 */
           "          command: docker build .\n"                                   /* 22 */
           "      - run: docker build -f << parameters.file >> --target << pipeline.parameters.t >> .\n"
           "  other:\n"                                                            /* 24 */
           "    steps:\n"                                                          /* 25 */
           "      - checkout: {path: src}\n"                                       /* 26 */
           "      - run: docker build .\n",                                        /* 27 */
           "docker/Dockerfile | . | - | - | 7:38 | command build-docker-image\n"
           "web/Dockerfile | web | prod | V=2 | 14:14 | job build\n"
           "services/api/Dockerfile | services/api | - | - | 19:13 | job build\n"
           "? | ? | - | - | 22:20 | job build\n"
           "? | . | ? | - | 23:14 | job build\n");
    pl_bsrc_kind k;
    assert_int_equal(pl_buildsrc_kind_of(".circleci/config.yml", &k), 0);
    assert_int_equal(k, PL_BSRC_CIRCLECI);
    assert_int_equal(pl_buildsrc_kind_of("sub/.circleci/config.yaml", &k), 0);
    assert_int_equal(pl_buildsrc_kind_of("x.circleci/config.yml", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of("config.yml", &k), -1);
    /* Buildkite's agent hooks are shell scripts without an extension */
    assert_int_equal(pl_buildsrc_kind_of(".buildkite/hooks/pre-command", &k), 0);
    assert_int_equal(k, PL_BSRC_SCRIPT);
    assert_int_equal(pl_buildsrc_kind_of("app/.buildkite/hooks/post-checkout", &k), 0);
    assert_int_equal(pl_buildsrc_kind_of(".buildkite/hooks/README.md", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of(".buildkite/hooks/x/pre-command", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of("my.buildkite/hooks/pre-command", &k), -1);
}

static void test_bake_hcl(void **state)
{
    (void)state;
    expect(PL_BSRC_BAKE_HCL, "deploy/docker-bake.hcl",
           "# comment\n"
           "variable \"TAG\" { default = \"latest\" }\n"
           "group \"default\" { targets = [\"api\", \"worker\"] }\n"
           "target \"_common\" {\n  args = { PY = \"3.12\", REV = \"${TAG}\" }\n}\n"
           "target \"api\" {\n"
           "  inherits = [\"_common\"]\n"
           "  context = \"..\"\n"
           "  dockerfile = \"services/api/Dockerfile\"\n"
           "  target = \"production\"\n"
           "  args = { PY = \"3.13\" }\n"
           "  tags = [\"api:${TAG}\"] // a comment\n"
           "}\n"
           "target \"worker\" {\n  context = \"worker\"\n  target = lower(\"X\")\n"
           "  platforms = [\"linux/amd64\", \"linux/arm64\"]\n}\n",
           "services/api/Dockerfile | . | production | PY=3.13 REV=? | 7:8 | target api\n"
           "deploy/worker/Dockerfile | deploy/worker | ? | - | 15:8 | target worker\n");
}

static void test_bake_json(void **state)
{
    (void)state;
    expect(PL_BSRC_BAKE_JSON, "docker-bake.json",
           "{\n"
           "  \"group\": {\"default\": {\"targets\": [\"app\"]}},\n"
           "  \"target\": {\n"
           "    \"app\": {\"context\": \"app\", \"dockerfile\": \"Dockerfile.prod\",\n"
           "            \"args\": {\"N\": \"1\"}}\n"
           "  }\n"
           "}\n",
           "app/Dockerfile.prod | app | - | N=1 | 4:5 | target app\n");
}

static void test_makefile(void **state)
{
    (void)state;
    expect(PL_BSRC_MAKEFILE, "ops/Makefile",
           "IMAGE := api\nDOCKERFILE ?= Dockerfile.api\n"
           "build:\n"
           "\t@docker build -f $(DOCKERFILE) \\\n\t  -t $(IMAGE) --target $(STAGE) .\n"
           "shell:\n"
           "\tdocker run -it $(IMAGE) sh -c 'echo $$HOME'\n"
           "other:\n"
           "\t-cd .. && docker build .\n",
           "ops/Dockerfile.api | ops | ? | - | 4:3 | -\n"
           "Dockerfile | . | - | - | 9:12 | -\n");
}

/* Make expands a recipe after reading the whole file: a variable defined
 * later counts, `?=` does not override, references are followed a few
 * levels, and what depends on how make runs stays unknown. */
static void test_makefile_variables(void **state)
{
    (void)state;
    expect(PL_BSRC_MAKEFILE, "Makefile",
           "build:\n"
           "\tdocker build -f $(DOCKERFILE) --target ${STAGE} --build-arg V=$(VERSION) $(CTX)\n"
           "\tdocker build -f $(LOOP) --build-arg R=$(REV) --build-arg S=$(SUM) .\n"
           "\tdocker build --build-arg H=$(HOST) --build-arg P=$(PLAT) --build-arg C=$(CTX2) --build-arg U=$(URL) .\n"
           "DIR = services/api # the service\n"
           "export DOCKERFILE := $(DIR)/Dockerfile\n"
           "STAGE ?= production\n"
           "STAGE ?= other\n"
           "CTX = .\n"
           "VERSION = 1.0\n"
           "VERSION := $(VERSION)-rc\n"
           "LOOP = $(LOOP2)\nLOOP2 = $(LOOP)\n"
           "REV := $(shell git rev-parse HEAD)\n"
           "SUM = $$HOME\n"
           "ifeq ($(CI),true)\nHOST = ci\nendif\n"
           "PLAT = linux\n"
           "CTX2 = x\nimage: CTX2 := y\nURL = a:b=c\n"
           "ifdef ARM\nPLAT = arm\nendif\n",
           "services/api/Dockerfile | . | production | V=1.0-rc | 2:2 | -\n"
           "? | . | - | R=? S=? | 3:2 | -\n"
           "Dockerfile | . | - | H=? P=? C=? U=a:b=c | 4:2 | -\n");
}

static void test_not_understood(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new();
    int ndiags = 0;
    const char *got = read_specs(a, PL_BSRC_BAKE_HCL, "docker-bake.hcl",
                                 "target \"a\" {\n  context = \"a\"\n}\n%%%\ntarget \"b\" {}\n", ".",
                                 &ndiags);
    assert_int_equal(ndiags, 1);
    assert_string_equal(got, "a/Dockerfile | a | - | - | 1:8 | target a\n");
    read_specs(a, PL_BSRC_BAKE_HCL, "x.hcl", "target \"a\" {\n  context = \"a\n", ".", &ndiags);
    assert_int_equal(ndiags, 1);
    read_specs(a, PL_BSRC_WORKFLOW, "w.yml", "jobs: [unclosed\n", ".", &ndiags);
    assert_true(ndiags >= 1);
    pl_arena_free(a);
}

static void test_kind_of(void **state)
{
    (void)state;
    pl_bsrc_kind k;
    assert_int_equal(pl_buildsrc_kind_of(".github/workflows/ci.yml", &k), 0);
    assert_int_equal(k, PL_BSRC_WORKFLOW);
    assert_int_equal(pl_buildsrc_kind_of("a/.github/workflows/x/ci.yml", &k), -1);
    assert_int_equal(pl_buildsrc_kind_of("sub/.gitlab-ci.yml", &k), 0);
    assert_int_equal(pl_buildsrc_kind_of("docker-bake.override.hcl", &k), 0);
    assert_int_equal(k, PL_BSRC_BAKE_HCL);
    assert_int_equal(pl_buildsrc_kind_of("tools/rules.mk", &k), 0);
    assert_int_equal(k, PL_BSRC_MAKEFILE);
    assert_int_equal(pl_buildsrc_kind_of("README.md", &k), -1);
}

/* What a build leaves: build-push-action with no push, load or outputs on
 * a buildx builder fills only the cache (ollama's linux-depends job);
 * `outputs: type=local` and `-o DIR` export files; push, load, an image
 * output, an expression, or the default docker driver make an image. */
static void test_build_outputs(void **state)
{
    (void)state;
    expect(PL_BSRC_WORKFLOW, ".github/workflows/release.yml",
           "jobs:\n"
           "  depends:\n"
           "    steps:\n"
           "      - uses: docker/setup-buildx-action@v3\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with: {target: deps, cache-to: 'type=registry,ref=x/cache'}\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with: {target: payload, outputs: 'type=local,dest=out'}\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with: {push: true}\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with:\n"
           "          push: ${{ github.event_name != 'pull_request' }}\n"
           "      - uses: docker/build-push-action@v6\n"
           "        with: {outputs: 'type=image,name=x/app,push=true'}\n"
           "  plain:\n"
           "    steps:\n"
           "      - uses: docker/build-push-action@v6\n"
           "      - run: |\n"
           "          docker buildx build -o ./dist --target bin .\n"
           "          docker buildx build --output type=tar,dest=a.tar .\n"
           "          docker buildx build -o type=local,dest=x --push .\n",
           "Dockerfile | . | deps | - | 5:15 | job depends, step 2 | cache\n"
           "Dockerfile | . | payload | - | 7:15 | job depends, step 3 | files\n"
           "Dockerfile | . | - | - | 9:15 | job depends, step 4\n"
           "Dockerfile | . | - | - | 11:15 | job depends, step 5\n"
           "Dockerfile | . | - | - | 14:15 | job depends, step 6\n"
           "Dockerfile | . | - | - | 18:15 | job plain, step 1\n"
           "Dockerfile | . | bin | - | 20:11 | job plain, step 2 | files\n"
           "Dockerfile | . | - | - | 21:11 | job plain, step 2 | files\n"
           "Dockerfile | . | - | - | 22:11 | job plain, step 2\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docker_build_lines), cmocka_unit_test(test_cd_and_kaniko),
        cmocka_unit_test(test_github_workflow),    cmocka_unit_test(test_gitlab_ci),
        cmocka_unit_test(test_bake_hcl),           cmocka_unit_test(test_bake_json),
        cmocka_unit_test(test_makefile), cmocka_unit_test(test_makefile_variables),           cmocka_unit_test(test_not_understood),
        cmocka_unit_test(test_kind_of),            cmocka_unit_test(test_workflow_matrix), cmocka_unit_test(test_build_outputs),
        cmocka_unit_test(test_workflow_env),       cmocka_unit_test(test_workflow_checkout_path),
        cmocka_unit_test(test_expansion_before_context), cmocka_unit_test(test_circleci),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
