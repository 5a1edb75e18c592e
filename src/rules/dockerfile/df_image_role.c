/* df_image_role.c — see df_image_role.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
#include "df_runtime_util.h"
#include "plimsoll/unit.h"
#include "plimsoll/purpose.h"
#include "plimsoll/workspace.h"

static const char *const interpreters[] = {
    "python", "python2", "python3", "node", "bash", "sh", "ash", "zsh", "irb", "jshell",
    "ghci", "iex", "erl", "R", "julia", "pwsh", "powershell", "cmd", "lua", "perl", "deno",
    "bun", "groovysh", "scala", "dotnet", NULL};

static const char *const os_images[] = {
    "debian", "ubuntu", "alpine", "busybox", "centos", "fedora", "rockylinux", "almalinux",
    "amazonlinux", "oraclelinux", "buildpack-deps", "leap", "tumbleweed", "archlinux", "ubi8",
    "ubi9", "ubi10", "ubi8-minimal", "ubi9-minimal", "ubi10-minimal", "cbl-mariner",
    "azurelinux", "wolfi-base", "photon", "clearlinux", "servercore", "nanoserver", NULL};

/* Language images whose own command is an interpreter or a shell (python3,
 * node, irb, jshell, bash): an image built on one that sets no CMD or
 * ENTRYPOINT runs whatever command its user gives (opentelemetry-demo's
 * genproto images, run by a script with protoc; loki's build image). */
static const char *const language_images[] = {
    "python", "node", "golang", "ruby", "php", "perl", "rust", "openjdk", "eclipse-temurin",
    "amazoncorretto", "gradle", "maven", "elixir", "erlang", "haskell", "swift", "julia",
    "r-base", "pypy", "bun", "deno", "sdk", NULL};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (const char *const *p = list; *p; p++)
        if (strlen(*p) == n && !strncmp(*p, s, n))
            return 1;
    return 0;
}

/* The words of a CMD/ENTRYPOINT: exec form's elements, shell form's
 * blank-separated words (enough to tell `python3` from `python3 app.py`). */
static int words(pl_arena *a, const pl_df_instr *ins, const char ***out)
{
    if (ins->json) {
        const char **w = PL_NEW_N(a, const char *, (size_t)ins->nargs + 1);
        for (int i = 0; i < ins->nargs; i++)
            w[i] = ins->args[i].text;
        *out = w;
        return ins->nargs;
    }
    const char *t = ins->nargs ? ins->args[0].text : "";
    const char **w = PL_NEW_N(a, const char *, strlen(t) / 2 + 2);
    int n = 0;
    for (const char *p = t; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (p > s)
            w[n++] = pl_arena_strndup(a, s, (size_t)(p - s));
    }
    *out = w;
    return n;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

/* `CMD ["python3"]`, `CMD node`, `CMD ["php", "-a"]`: a prompt, not a
 * service. */
static int runs_interpreter(pl_arena *a, const pl_df_instr *cmd)
{
    const char **w;
    int n = words(a, cmd, &w);
    if (n < 1)
        return 0;
    const char *prog = base_name(w[0]);
    if (n == 1)
        return in_list(interpreters, prog, strlen(prog));
    return n == 2 && !strcmp(prog, "php") && !strcmp(w[1], "-a");
}

/* `CMD ["tail", "-f", "/dev/null"]`, `CMD sleep infinity`: the container
 * only stays up for someone to exec into it (a development workspace, a
 * build environment, a base whose users set what runs). */
static int keeps_idle(pl_arena *a, const pl_df_instr *cmd)
{
    const char **w;
    int n = words(a, cmd, &w);
    if (n == 3 && !strcmp(base_name(w[0]), "tail") && !strcmp(w[1], "-f") &&
        !strcmp(w[2], "/dev/null"))
        return 1;
    return n == 2 && !strcmp(base_name(w[0]), "sleep") &&
           (!strcmp(w[1], "infinity") || !strcmp(w[1], "inf"));
}

/* `ENTRYPOINT ["dotnet"]` + `CMD ["--info"]`: the runtime describes itself. */
static int prints_about_itself(pl_arena *a, const pl_df_instr *cmd)
{
    const char **w;
    int n = words(a, cmd, &w);
    return n == 1 && (!strcmp(w[0], "--info") || !strcmp(w[0], "--version") ||
                      !strcmp(w[0], "--help") || !strcmp(w[0], "-h"));
}

/* An ENTRYPOINT that only prepares the environment and then runs the
 * command (`docker-entrypoint.sh`, `docker-php-entrypoint`). */
static int wrapper_entrypoint(pl_arena *a, const pl_df_instr *ep)
{
    const char **w;
    int n = words(a, ep, &w);
    return n >= 1 && strstr(base_name(w[0]), "entrypoint") != NULL;
}

/* Another Dockerfile of the workspace lives in a directory named `name`
 * (`src/runtime-deps/8.0/alpine/Dockerfile` for `.../dotnet/runtime-deps`). */
static const char *family_member(const pl_workspace *ws, const pl_file *self, const char *name)
{
    size_t n = strlen(name);
    if (!ws || n < 3)
        return NULL;
    for (int i = 0; i < ws->nfiles; i++) {
        const pl_file *o = ws->files[i];
        if (o == self || o->kind != PL_KIND_DOCKERFILE)
            continue;
        for (const char *p = o->path; (p = strstr(p, name)); p++)
            if ((p == o->path || p[-1] == '/') && p[n] == '/')
                return o->path;
    }
    return NULL;
}

static int word_in(const char *const *list, const char *s, size_t n)
{
    for (const char *const *p = list; *p; p++)
        if (strlen(*p) == n && !strncasecmp(*p, s, n))
            return 1;
    return 0;
}

/* A word of `text` (split at the characters of `seps`) that is in `list`;
 * NULL when none is. */
static const char *word_of(pl_arena *a, const char *text, size_t len, const char *seps,
                           const char *const *list)
{
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && !strchr(seps, text[j]))
            j++;
        if (j > i && word_in(list, text + i, j - i))
            return pl_arena_strndup(a, text + i, j - i);
        i = j + 1;
    }
    return NULL;
}

/* Words of a Dockerfile's name that say it is for a
 * developer or for tests. `tilt`: Tilt's local development loop (argo-cd's
 * Dockerfile.tilt, Dockerfile.ui.tilt). */
static const char *const dev_words[] = {"dev", "devel", "development", "test", "tests", "testing",
                                        "ci", "debug", "local", "e2e", "tilt", "devcontainer",
                                        NULL};
/* a stage named `ci` or `local` may well be what a release builds */
static const char *const dev_stages[] = {"dev", "devel", "development", "test", "tests", "testing",
                                         "debug", "e2e", NULL};

/* The word of a Dockerfile's name that says what it is for:
 * `Dockerfile.dev`, `dev.Dockerfile`, `api.test.Dockerfile`,
 * `Dockerfile-ci`, `Dockerfile.dev-tools`, `Containerfile.test`; NULL when
 * the name says nothing. */
static const char *dev_word_of_name(pl_arena *a, const char *name)
{
    size_t n = strlen(name);
    /* after the name: `Dockerfile.dev`, `Dockerfile.ui.tilt`, `Dockerfile.dev-tools` */
    if ((!strncasecmp(name, "Dockerfile", 10) || !strncasecmp(name, "Containerfile", 13))) {
        size_t k = name[0] == 'C' || name[0] == 'c' ? 13 : 10;
        if (name[k] == '.' || name[k] == '-')
            return word_of(a, name + k + 1, n - k - 1, ".-", dev_words);
        return NULL;
    }
    /* before it, whole dot-separated words only (`api.test.Dockerfile`):
     * `my-devel-image.Dockerfile` names an image, not a purpose */
    if (n > 11 && !strcasecmp(name + n - 11, ".Dockerfile"))
        return word_of(a, name, n - 11, ".", dev_words);
    if (n > 14 && !strcasecmp(name + n - 14, ".Containerfile"))
        return word_of(a, name, n - 14, ".", dev_words);
    return NULL;
}

/* Folders whose Dockerfiles build no image the repository ships, as public
 * repositories use them:
 * - .devcontainer: the editor starts it for a developer;
 * - .cursor: an AI agent's work environment (langfuse);
 * - docs, doc: documentation builds and recipes for readers (traefik's
 *   docs/docs.Dockerfile, jupyter/docker-stacks' docs/using/recipe_code/);
 * - examples, example, samples, sample, .examples: shown to be copied
 *   (jupyterhub examples/, nextcloud .examples/, dotnet-docker samples/);
 * - test, tests, testing, e2e, integration, testdata, test-data, test_data,
 *   fixtures, fixture, testfiles, __tests__: test suites and their fixtures
 *   (argo-cd test/container, docker/compose pkg/e2e/fixtures,
 *   aws-sam-cli tests/integration/testdata, buildkit's parser testfiles);
 *   playwright, cypress: an end-to-end test framework's setup (vaultwarden
 *   playwright/compose/); dummy, mocks: stand-ins for the services tests
 *   talk to (photoprism docker/dummy/webdav, an OIDC provider);
 * - hack: Go repositories' developer tooling (buildx and buildkit
 *   hack/dockerfiles/ lint, docs and vendoring checks; argo-cd
 *   hack/Dockerfile.dev-tools);
 * - vendor, node_modules, third_party (third-party, thirdparty): a
 *   dependency's own Dockerfile, which this repository never builds
 *   (grafana/loki vendor/github.com/..., Chromium-style third_party/).
 * Not `dev` (tianon/dockerfiles' microsoft-edge/dev is the Edge dev
 * channel's image), nor `tools`, `ci` or `demo`, which as often hold what
 * ships. */
typedef struct {
    const char *const *names;
    const char *what; /* "a test image" */
    const char *why;  /* after "...: " */
} folder_kind;

static const char *const f_devcontainer[] = {".devcontainer", NULL};
static const char *const f_agent[] = {".cursor", NULL};
static const char *const f_docs[] = {"docs", "doc", NULL};
static const char *const f_examples[] = {"examples", "example", "samples", "sample", ".examples",
                                         NULL};
static const char *const f_tests[] = {"test", "tests", "testing", "e2e", "integration", "testdata",
                                      "test-data", "test_data", "fixtures", "fixture", "testfiles",
                                      "__tests__", "playwright", "cypress", "dummy", "mocks",
                                      NULL};
static const char *const f_hack[] = {"hack", NULL};
static const char *const f_vendor[] = {"vendor", "node_modules", "third_party", "third-party",
                                       "thirdparty", NULL};

static const folder_kind folders[] = {
    {f_devcontainer, "a dev container",
     "the editor starts it for a developer, and devcontainer.json sets its user; it runs no "
     "service"},
    {f_agent, "an editor agent's environment", "it runs on a developer's machine, not as a service"},
    {f_docs, "a documentation image", "it builds or shows the documentation, not the service that ships"},
    {f_examples, "an example", "readers copy it; it is not an image this repository ships"},
    {f_tests, "a test image", "it runs in CI or on a developer's machine, not as the service that ships"},
    {f_hack, "developer tooling", "it runs on a developer's machine or in CI, not as the service that ships"},
    {f_vendor, "vendored code", "a dependency's own Dockerfile, which this repository does not build"},
};

/* The innermost folder of `path` (read from the directory it is judged
 * from, pl_path_below_args: a checkout under ~/tests/ is not a test
 * folder, and `plimsoll check examples/app` judges that app as a project
 * of its own) that says it never ships:
 * *kind gets its entry; returns the folder's name as written. */
static const char *not_shipped_folder(pl_arena *a, const char *path, const folder_kind **kind)
{
    const char *found = NULL; /* the innermost folder says most */
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break; /* the file's own name */
        size_t n = (size_t)(slash - p);
        for (size_t k = 0; k < sizeof folders / sizeof *folders; k++)
            if (word_in(folders[k].names, p, n)) {
                *kind = &folders[k];
                found = pl_arena_strndup(a, p, n);
            }
        p = slash + 1;
    }
    return found;
}

/* The header comment (above the first instruction) says the file is not
 * for production (Wiki.js dev/containers: "-- DEV DOCKERFILE -- / -- DO
 * NOT USE IN PRODUCTION! --"); the comment line, or NULL. */
static const char *header_says_not_production(pl_arena *a, const pl_df_model *m)
{
    static const char *const phrases[] = {
        "not use in production", "not use it in production", "not for production",
        "not intended for production", "not meant for production", "not suitable for production",
        "for development only", "development only", "dev dockerfile", "development dockerfile",
        NULL};
    if (!m || !m->df)
        return NULL;
    const pl_dockerfile *df = m->df;
    int first = df->ninstrs ? df->instrs[0]->span.line : INT_MAX;
    for (int i = 0; i < df->ncomments && df->comments[i].line < first; i++) {
        const char *low = pl_lower(a, df->comments[i].text);
        for (const char *const *p = phrases; *p; p++)
            if (strstr(low, *p)) {
                const char *t = df->comments[i].text;
                while (*t == ' ' || *t == '-' || *t == '\t')
                    t++;
                size_t n = strlen(t);
                while (n && (t[n - 1] == ' ' || t[n - 1] == '-' || t[n - 1] == '\r'))
                    n--;
                return pl_arena_strndup(a, t, n);
            }
    }
    return NULL;
}

static const char *affixed_test_folder(pl_arena *a, const char *path);
static const char *builder_image(pl_check *c, const pl_file *f);

/* Whether unit `u` bind-mounts its build context over a WORKDIR of the
 * final stage's chain: the code the image runs is the host's. */
static int mounts_over_workdir(pl_arena *a, const pl_df_model *m, const pl_rt_facts *fx,
                               const pl_build_unit *u)
{
    for (const pl_stage *s = m->final; s; s = s->parent)
        for (int i = 0; i < s->ninstrs; i++) {
            int idx = s->instrs[i]->index;
            const char *wd = idx >= 0 && idx < m->df->ninstrs ? fx->workdir[idx] : NULL;
            for (int k = 0; wd && k < u->spec.nrun_context_mounts; k++)
                if (!strcmp(u->spec.run_context_mounts[k], wd))
                    return 1;
        }
    (void)a;
    return 0;
}

/* Every build of `f` is a compose service that bind-mounts its build
 * context over the image's WORKDIR (BookStack's dev/docker/Dockerfile,
 * WORKDIR /app, built by a service with `./:/app`): the service runs the
 * host's source tree, a development setup. A context mounted elsewhere is
 * configuration (getsentry/self-hosted mounts ./sentry at /etc/sentry).
 * The first such unit, or NULL. */
static const pl_build_unit *runs_mounted_source(pl_arena *a, const pl_file *f)
{
    const pl_df_model *m = f->dockerfile;
    if (!f->nunits || !m || !m->final)
        return NULL;
    const pl_rt_facts *fx = NULL;
    for (int i = 0; i < f->nunits; i++) {
        if (f->units[i]->spec.origin != PL_ORIGIN_COMPOSE || !f->units[i]->spec.nrun_context_mounts)
            return NULL;
        if (!fx)
            fx = pl_rt_facts_build(a, m);
        if (!mounts_over_workdir(a, m, fx, f->units[i]))
            return NULL;
    }
    return f->units[0];
}

const char *pl_file_not_shipped(pl_check *c, const pl_file *f)
{
    pl_arena *a = pl_check_arena(c);
    const char *path = f->path ? f->path : "";
    const pl_build_unit *mounted = runs_mounted_source(a, f);
    if (mounted)
        return pl_arena_printf(a, "every build of it is a compose service that mounts its build "
                                  "context over the WORKDIR (%s:%d, %s): it runs the host's "
                                  "source tree, a development setup, not the service that ships",
                               mounted->spec.origin_file, mounted->spec.origin_span.line,
                               mounted->spec.origin_label ? mounted->spec.origin_label : "");
    const char *says = header_says_not_production(a, f->dockerfile);
    if (says)
        return pl_arena_printf(a, "its header says \"%s\": it runs on a developer's machine or "
                                  "in CI, not as the service that ships",
                               says);
    const char *w = dev_word_of_name(a, base_name(path));
    if (w)
        return pl_arena_printf(a, "a %s image by its name (%s): it runs on a developer's machine or "
                                  "in CI, not as the service that ships",
                               w, base_name(path));
    const folder_kind *k = NULL;
    const char *dir = not_shipped_folder(a, pl_path_below_args(a, pl_check_workspace(c), path), &k);
    if (dir)
        return pl_arena_printf(a, "%s (%s/): %s", k->what, dir, k->why);
    dir = affixed_test_folder(a, pl_path_below_args(a, pl_check_workspace(c), path));
    if (dir)
        return pl_arena_printf(a, "a development or test image (%s/): it runs on a developer's "
                                  "machine or in CI, not as the service that ships",
                               dir);
    return builder_image(c, f);
}

/* Why the image of stage `s` is for development or tests, or NULL: the
 * stage's name. How it is built says less than it seems: a test compose
 * file builds the system under test, the image that ships
 * (example-voting-app's result/docker-compose.test.yml builds vote/), and a
 * dev compose file is often the only build a repository writes down for
 * its production Dockerfile; so the build units are not read here. */
static const char *dev_image(pl_check *c, const pl_stage *s)
{
    pl_arena *a = pl_check_arena(c);
    if (s->name && word_of(a, s->name, strlen(s->name), ".-_", dev_stages))
        return pl_arena_printf(a, "the stage built is %s, a development or test target: it runs "
                                  "on a developer's machine or in CI, not as the service that ships",
                               s->name);
    return NULL;
}

const char *pl_image_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    const char *why = pl_file_not_shipped(c, f);
    if (why || !m || !m->final)
        return why;
    return dev_image(c, m->final);
}

/* Whether image stage `img` is built on `s` (FROM chain) or, with
 * `via_copy`, takes files from it (COPY --from, RUN --mount from=), at any
 * depth. */
static int image_uses(pl_arena *a, const pl_df_model *m, const pl_stage *img, const pl_stage *s,
                      int via_copy)
{
    if (!via_copy) {
        for (const pl_stage *t = img; t; t = t->parent)
            if (t == s)
                return 1;
        return 0;
    }
    char *seen = PL_NEW_N(a, char, m->nstages + 1);
    const pl_stage **todo = PL_NEW_N(a, const pl_stage *, m->nstages + 1);
    int n = 0;
    todo[n++] = img;
    seen[img->index] = 1;
    while (n) {
        const pl_stage *t = todo[--n];
        if (t == s)
            return 1;
        const pl_stage *next[1] = {t->parent};
        if (next[0] && !seen[next[0]->index]) {
            seen[next[0]->index] = 1;
            todo[n++] = next[0];
        }
        for (size_t i = 0; i < t->needs.len; i++) {
            const pl_stage *d = t->needs.items[i];
            if (d && d->index >= 0 && d->index < m->nstages && !seen[d->index]) {
                seen[d->index] = 1;
                todo[n++] = d;
            }
        }
    }
    return 0;
}

/* Why stage `s` is never built, or NULL: every build of the file that
 * makes an image names its --target (jaeger's Makefiles build `--target
 * release` with `debug_image=not-used`), and no image built uses `s`, as
 * base, by COPY --from or by a mount, at any depth: BuildKit builds only
 * what the target needs. A build without --target (the last stage), one
 * whose target is not known statically or names no stage, or a file
 * nothing says how to build leaves every stage judged. */
static const char *stage_not_built(pl_arena *a, const pl_file *f, const pl_df_model *m,
                                   const pl_stage *s, const pl_image_build *imgs, int n)
{
    if (!n || !f->nunits)
        return NULL;
    const pl_build_unit *first = NULL;
    int builds = 0;
    for (int i = 0; i < f->nunits; i++) {
        const pl_build_unit *u = f->units[i];
        if (!pl_unit_ships_image(f, u))
            continue;
        if (u->spec.origin == PL_ORIGIN_NONE || !u->spec.target || u->spec.target_unknown ||
            !pl_model_stage_named(m, u->spec.target, m->nstages))
            return NULL;
        if (!first)
            first = u;
        builds++;
    }
    if (!builds)
        return NULL;
    for (int i = 0; i < n; i++)
        if (image_uses(a, m, imgs[i].stage, s, 1))
            return NULL;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < n; i++)
        pl_sb_printf(&sb, "%s%s", i ? (i == n - 1 ? " or " : ", ") : "",
                     imgs[i].target ? imgs[i].target : "?");
    return pl_arena_printf(a, "stage %s is not built: %s of this file target%s %s (%s), which %s "
                              "not use it",
                           s->name ? s->name : pl_arena_printf(a, "%d", s->index),
                           builds == 1 ? "the build" : "all builds", builds == 1 ? "s" : "",
                           pl_sb_str(&sb), first->evidence, n == 1 ? "does" : "do");
}

const char *pl_stage_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m,
                                 const pl_stage *s, int via_copy)
{
    const char *why = pl_file_not_shipped(c, f);
    if (why || !m || !s)
        return why;
    for (int i = 0; i < f->nunits; i++)
        if (f->units[i]->spec.target_unknown && pl_unit_ships_image(f, f->units[i]))
            return NULL; /* an image no one can name may be built on it */
    pl_arena *a = pl_check_arena(c);
    pl_image_build *imgs;
    const char *none;
    int n = pl_model_images(a, f, m, &imgs, &none);
    const char *unbuilt = stage_not_built(a, f, m, s, imgs, n);
    if (unbuilt)
        return unbuilt;
    const char *dev = NULL;
    for (int i = 0; i < n; i++) {
        if (!image_uses(a, m, imgs[i].stage, s, via_copy))
            continue;
        const char *r = dev_image(c, imgs[i].stage);
        if (!r)
            return NULL;
        if (!dev)
            dev = pl_arena_printf(a, "stage %s is only in %s: %s",
                                  s->name ? s->name : pl_arena_printf(a, "%d", s->index),
                                  pl_image_label(a, &imgs[i]), r);
    }
    return dev;
}

/* Why m->final is a tool image (see language_images), ending with `what`;
 * NULL when it is not. */
static const char *tool_image(pl_check *c, const pl_df_model *m, const char *what)
{
    const pl_stage *root = m->final;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        if (pl_stage_last(s, PL_DF_CMD) || pl_stage_last(s, PL_DF_ENTRYPOINT))
            return NULL;
        root = s;
    }
    if (root->is_scratch || root->is_fragment || root->base_unknown || !root->image.repository)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    const char *b = pl_image_basename(a, &root->image);
    if (!b || !in_list(language_images, b, strlen(b)))
        return NULL;
    /* a compose service that builds it gives it its command (`command:`) */
    int n;
    const pl_build_unit *const *units = pl_check_units(c, &n);
    for (int i = 0; i < n; i++)
        if (units[i]->spec.origin == PL_ORIGIN_COMPOSE)
            return NULL;
    return pl_arena_printf(a, "built on %s and sets no CMD or ENTRYPOINT, so it runs the command "
                              "its user gives: a tool image (a code generator, a build image), %s",
                           root->base, what);
}

/* Why m->final is an idle container (keeps_idle), ending with `what`; NULL
 * when it is not: the last CMD of its chain keeps it idle, under no
 * ENTRYPOINT or a wrapper one, and no compose service builds it (whose
 * `command:` may run something else): photoprism's develop images. Only
 * the rules about what runs read it: such an image may
 * still be the base of one that ships (photoprism/develop:bookworm-slim
 * is the base of photoprism's own image), so what it installs is judged. */
static const char *idle_image(pl_check *c, const pl_df_model *m, const char *what)
{
    pl_arena *a = pl_check_arena(c);
    const pl_df_instr *cmd = NULL, *ep = NULL;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        if (!cmd)
            cmd = pl_stage_last(s, PL_DF_CMD);
        if (!ep)
            ep = pl_stage_last(s, PL_DF_ENTRYPOINT);
    }
    if (!cmd || !keeps_idle(a, cmd) || (ep && !wrapper_entrypoint(a, ep)))
        return NULL;
    /* a compose service that builds it may give it its command */
    int n;
    const pl_build_unit *const *units = pl_check_units(c, &n);
    for (int i = 0; i < n; i++)
        if (units[i]->spec.origin == PL_ORIGIN_COMPOSE)
            return NULL;
    return pl_arena_printf(a, "its command (line %d) only keeps the container idle for someone "
                              "to exec into: a workspace or a base for others to build FROM, %s",
                           cmd->span.line, what);
}

const char *pl_stage_base_image_role(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    pl_arena *a = pl_check_arena(c);
    const char *dev = pl_image_not_shipped(c, f, m);
    if (dev)
        return dev;
    const pl_df_instr *cmd = NULL, *ep = NULL;
    const pl_stage *root = m->final;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        if (!cmd)
            cmd = pl_stage_last(s, PL_DF_CMD);
        if (!ep)
            ep = pl_stage_last(s, PL_DF_ENTRYPOINT);
        root = s;
    }
    if (cmd && ep && runs_interpreter(a, ep) && prints_about_itself(a, cmd))
        return "the image runs its runtime only to describe itself (`--info`, `--version`): a "
               "base image for others to build FROM, which set what runs";
    if (cmd && runs_interpreter(a, cmd) && (!ep || wrapper_entrypoint(a, ep)))
        return "the image's command is an interactive interpreter: a base image for others to "
               "build FROM, which set what runs";
    const char *idle = idle_image(c, m, "which set what runs");
    if (idle)
        return idle;
    if (!cmd && !ep && !root->is_scratch && !root->is_fragment && !root->base_unknown &&
        root->image.repository) {
        const char *b = pl_image_basename(a, &root->image);
        if (b && in_list(os_images, b, strlen(b)))
            return "the image is built on an operating-system image and sets no CMD or "
                   "ENTRYPOINT: a base image for others to build FROM, which set what runs";
        const char *tool = tool_image(c, m, "not a service");
        if (tool)
            return tool;
        const char *sibling = b ? family_member(pl_check_workspace(c), f, b) : NULL;
        if (sibling)
            return pl_arena_printf(a,
                                   "built FROM %s, which this repository builds too (%s), and "
                                   "sets no CMD or ENTRYPOINT: a layer of the repository's "
                                   "image family, judged where the service is defined",
                                   root->base, sibling);
    }
    return NULL;
}

void pl_ship_gate_init(pl_ship_gate *g, pl_check *c, const pl_file *f, const pl_df_model *m,
                       int via_copy)
{
    memset(g, 0, sizeof *g);
    g->c = c;
    g->f = f;
    g->m = m;
    g->via_copy = via_copy;
    g->active = pl_check_reading(c) == PL_READING_DEFAULT && m;
}

int pl_ship_gate_skips(pl_ship_gate *g, const pl_df_instr *ins)
{
    if (!g->active)
        return 0;
    pl_arena *a = pl_check_arena(g->c);
    const char *why;
    int top = ins->index >= 0 && ins->index < g->m->df->ninstrs && g->m->df->instrs[ins->index] == ins;
    const pl_stage *s = top ? g->m->stage_of[ins->index] : NULL;
    if (!s) {
        /* inside ONBUILD or before the first FROM: only the file says */
        if (!g->file_known) {
            g->file_reason = pl_file_not_shipped(g->c, g->f);
            g->file_known = 1;
        }
        why = g->file_reason;
    } else {
        if (!g->known) {
            g->known = PL_NEW_N(a, char, g->m->nstages + 1);
            g->reason = PL_NEW_N(a, const char *, g->m->nstages + 1);
        }
        if (!g->known[s->index]) {
            g->reason[s->index] = pl_stage_not_shipped(g->c, g->f, g->m, s, g->via_copy);
            g->known[s->index] = 1;
        }
        why = g->reason[s->index];
    }
    if (!why)
        return 0;
    if (!g->nskipped++)
        g->skipped = why;
    return 1;
}

const char *pl_ship_gate_none(pl_ship_gate *g, const char *none)
{
    if (!g->nskipped)
        return none;
    return pl_arena_printf(pl_check_arena(g->c), "%d instruction%s not judged: %s", g->nskipped,
                           g->nskipped == 1 ? "" : "s", g->skipped);
}

int pl_skip_not_shipped(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return 0;
    const char *why = pl_image_not_shipped(c, f, m);
    if (!why)
        why = tool_image(c, m, "whose toolchain is its purpose");
    if (!why)
        return 0;
    pl_skip(c, "%s", why);
    return 1;
}

/* A folder named for an image's development or test variant by a word
 * joined with `_` or `-`: discourse_docker's image/discourse_test/ and
 * image/discourse_dev/, certbot-compatibility-test/, coolify's
 * docker/testing-host/, loki's helm-test/. Only the singular words at
 * the end (`rt-tests`, `lkp-tests` name test suites an image packages)
 * and only test words at the start (`dev-tools` may be what ships).
 * The innermost such folder, as written; NULL when none. */
static const char *affixed_test_folder(pl_arena *a, const char *path)
{
    static const char *const last[] = {"test", "dev", "devel", "e2e", NULL};
    static const char *const first[] = {"test", "testing", "e2e", NULL};
    const char *found = NULL;
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break; /* the file's own name */
        size_t n = (size_t)(slash - p);
        size_t head = strcspn(p, "-_");
        size_t tail = n;
        while (tail > 0 && p[tail - 1] != '-' && p[tail - 1] != '_')
            tail--;
        if (head < n && tail > 0 &&
            (word_in(first, p, head) || word_in(last, p + tail, n - tail)))
            found = pl_arena_strndup(a, p, n);
        p = slash + 1;
    }
    return found;
}

/* Whether image name `ref` says a build environment: a word of its last
 * path component is `builder` (miniflux's miniflux-rpm-builder and
 * miniflux-deb-builder), or its tag is `local` (woodpecker's
 * woodpecker/make:local, which `make in_docker` runs over the checkout). */
static int builder_name(const char *ref)
{
    static const char *const words[] = {"builder", NULL};
    const char *slash = strrchr(ref, '/');
    const char *name = slash ? slash + 1 : ref;
    size_t n = strcspn(name, ":@");
    if (name[n] == ':' && !strcmp(name + n + 1, "local"))
        return 1;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && name[k] != '-' && name[k] != '_' && name[k] != '.')
            k++;
        if (word_in(words, name + i, k - i))
            return 1;
        i = k + 1;
    }
    return 0;
}

/* Why every build of `f` makes a build environment that is never
 * pushed, or NULL: each build the repository writes down tags its image,
 * and only with builder names (builder_name); a compose service runs what
 * it builds, so one of those counts against it. The image runs over the
 * checkout to make packages or binaries, not as a service. */
static const char *builder_image(pl_check *c, const pl_file *f)
{
    if (!f || f->nunits <= 0)
        return NULL;
    const char *first = NULL;
    for (int i = 0; i < f->nunits; i++) {
        const pl_unit_spec *u = &f->units[i]->spec;
        if (u->origin == PL_ORIGIN_NONE || u->origin == PL_ORIGIN_COMPOSE || u->nimages <= 0)
            return NULL;
        for (int k = 0; k < u->nimages; k++)
            if (!u->images[k] || !builder_name(u->images[k]))
                return NULL;
        if (!first)
            first = u->images[0];
    }
    return pl_arena_printf(pl_check_arena(c),
                           "a build environment (every build tags it %s): it runs over the "
                           "checkout to build packages or binaries, not as the service that ships",
                           first);
}
