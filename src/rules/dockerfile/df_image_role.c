/* df_image_role.c — see df_image_role.h. */
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
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

static const char *const dev_words[] = {"dev", "devel", "development", "test", "tests", "testing",
                                        "ci", "debug", "local", "e2e", NULL};
/* a stage named `ci` or `local` may well be what a release builds */
static const char *const dev_stages[] = {"dev", "devel", "development", "test", "tests", "testing",
                                         "debug", "e2e", NULL};

/* The word of a Dockerfile's name that says what it is for:
 * `Dockerfile.dev`, `dev.Dockerfile`, `api.test.Dockerfile`,
 * `Dockerfile-ci`; NULL when the name says nothing. */
static const char *dev_word_of_name(pl_arena *a, const char *name)
{
    size_t n = strlen(name);
    const char *w = NULL;
    if (!strncasecmp(name, "Dockerfile", 10) && (name[10] == '.' || name[10] == '-'))
        w = name + 11; /* Dockerfile.dev */
    else if (n > 11 && !strcasecmp(name + n - 11, ".Dockerfile")) {
        const char *dot = name + n - 11, *start = dot;
        while (start > name && start[-1] != '.')
            start--;
        w = pl_arena_strndup(a, start, (size_t)(dot - start)); /* api.test.Dockerfile */
    }
    return w && word_in(dev_words, w, strlen(w)) ? w : NULL;
}

/* Why the file or the stage built is a development or test image, or NULL. */
static const char *dev_or_test_image(pl_arena *a, const pl_file *f, const pl_df_model *m)
{
    const char *path = f->path ? f->path : "";
    const char *w = dev_word_of_name(a, base_name(path));
    if (w)
        return pl_arena_printf(a, "a %s image by its name (%s): it runs on a developer's machine or "
                                  "in CI, not as the service that ships",
                               w, base_name(path));
    if (m->final->name && word_in(dev_stages, m->final->name, strlen(m->final->name)))
        return pl_arena_printf(a, "the stage built is %s, a development or test target: it runs "
                                  "on a developer's machine or in CI, not as the service that ships",
                               m->final->name);
    return NULL;
}

const char *pl_stage_base_image_role(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    pl_arena *a = pl_check_arena(c);
    const char *dev = dev_or_test_image(a, f, m);
    if (dev)
        return dev;
    if (f->path && (!strncmp(f->path, ".devcontainer/", 14) || strstr(f->path, "/.devcontainer/")))
        return "a dev container (.devcontainer/): the editor starts it for a developer, and "
               "devcontainer.json sets its user; it runs no service";
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
    if (!cmd && !ep && !root->is_scratch && !root->is_fragment && !root->base_unknown &&
        root->image.repository) {
        const char *b = pl_image_basename(a, &root->image);
        if (b && in_list(os_images, b, strlen(b)))
            return "the image is built on an operating-system image and sets no CMD or "
                   "ENTRYPOINT: a base image for others to build FROM, which set what runs";
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
