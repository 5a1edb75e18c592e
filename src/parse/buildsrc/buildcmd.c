/* buildcmd.c — `docker build` command lines, read as the docker, podman
 * and buildah CLIs read them: which Dockerfile, which context, which
 * target and build args. A word holding an expansion is unknown. */
#include <string.h>

#include "plimsoll/buildsrc.h"
#include "plimsoll/ignore.h"

/* Options of the build commands that take a value as the next word (when
 * not written `--name=value`); every other option is a switch. */
static const char *const value_flags[] = {
    "f", "file", "t", "tag", "target", "build-arg", "platform", "label", "cache-from",
    "cache-to", "secret", "ssh", "o", "output", "network", "progress", "iidfile",
    "metadata-file", "builder", "add-host", "build-context", "cgroup-parent", "shm-size",
    "ulimit", "attest", "annotation", "m", "memory", "memory-swap", "cpu-shares", "c",
    "cpu-period", "cpu-quota", "cpuset-cpus", "cpuset-mems", "isolation", "allow", "call",
    "no-cache-filter", "security-opt", "format", "jobs", "from", "authfile", "creds",
    "cert-dir", "sign-by", "userns", "volume", "v", "layer-label", "os", "arch", "variant",
    "timestamp", "retry", "retry-delay", "logfile", "manifest", "build-arg-file", "env",
    "runtime", "dns", "dns-option", "dns-search", "ipc", "pid", "uts", "cap-add", "cap-drop",
    "label-file", "hooks-dir", "decryption-key", "unsetenv", "unsetlabel", "cw",
    "provenance", "sbom", "invoke",
    NULL};

/* Global options of docker/podman before the subcommand that take a value. */
static const char *const global_value_flags[] = {
    "c", "context", "H", "host", "l", "log-level", "config", "tlscacert", "tlscert", "tlskey",
    "connection", "url", "identity", "root", "runroot", "storage-driver", "storage-opt",
    "cgroup-manager", "events-backend", "module", "network-cmd-path", "runtime", "tmpdir",
    NULL};

static int listed(const char *const *list, const char *name, size_t n)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncmp(list[i], name, n))
            return 1;
    return 0;
}

/* Index just past the option words (and their values) starting at `i`. */
static int skip_options(const pl_sh_cmd *c, int i, const char *const *with_value)
{
    while (i < c->argc) {
        const char *w = c->argv[i].text;
        if (w[0] != '-' || !w[1])
            break;
        const char *name = w + (w[1] == '-' ? 2 : 1);
        size_t n = strcspn(name, "=");
        i++;
        if (!name[n] && listed(with_value, name, n))
            i++;
    }
    return i;
}

/* Where the build's own words start (after `docker buildx build`), or -1
 * when the command is not an image build. */
static int build_words(const pl_sh_cmd *c)
{
    int i = 0;
    /* wrappers that run the build as their argument */
    while (i < c->argc && (!strcmp(c->argv[i].text, "sudo") || !strcmp(c->argv[i].text, "exec") ||
                           !strcmp(c->argv[i].text, "time") || !strcmp(c->argv[i].text, "command")))
        i++;
    if (i >= c->argc)
        return -1;
    const char *tool = strrchr(c->argv[i].text, '/');
    tool = tool ? tool + 1 : c->argv[i].text;
    int docker = !strcmp(tool, "docker") || !strcmp(tool, "podman");
    int buildah = !strcmp(tool, "buildah");
    if (!docker && !buildah)
        return -1;
    i = skip_options(c, i + 1, global_value_flags);
    if (i >= c->argc)
        return -1;
    const char *sub = c->argv[i].text;
    if (buildah)
        return !strcmp(sub, "bud") || !strcmp(sub, "build") ||
                       !strcmp(sub, "build-using-dockerfile")
                   ? i + 1
                   : -1;
    if (!strcmp(sub, "build"))
        return i + 1;
    if (!strcmp(sub, "buildx") || !strcmp(sub, "image") || !strcmp(sub, "builder")) {
        i = skip_options(c, i + 1, global_value_flags);
        if (i < c->argc && (!strcmp(c->argv[i].text, "build") || !strcmp(c->argv[i].text, "b")))
            return i + 1;
    }
    return -1;
}

static const char *resolve(pl_arena *a, const char *cwd, const char *path)
{
    if (path[0] == '/')
        return pl_ignore_clean(a, path);
    if (!cwd)
        return NULL;
    if (!strcmp(cwd, "."))
        return pl_ignore_clean(a, path);
    return pl_ignore_clean(a, pl_arena_printf(a, "%s/%s", cwd, path));
}

static int remote_context(const char *w)
{
    return strstr(w, "://") || !strncmp(w, "git@", 4) || !strncmp(w, "github.com/", 11);
}

static void add_arg(pl_arena *a, pl_unit_spec *s, const pl_sh_word *w, const char *text)
{
    pl_unit_arg *args = PL_NEW_N(a, pl_unit_arg, s->nargs + 1);
    if (s->nargs)
        memcpy(args, s->args, sizeof *args * (size_t)s->nargs);
    const char *eq = strchr(text, '=');
    pl_unit_arg *arg = &args[s->nargs++];
    arg->name = eq ? pl_arena_strndup(a, text, (size_t)(eq - text)) : text;
    /* NAME alone takes the value from the environment: unknown */
    arg->value = eq && !w->has_expansion ? eq + 1 : NULL;
    s->args = args;
}

/* kaniko's executor: --context, --dockerfile (relative to the context),
 * --target, --build-arg. */
static int kaniko(pl_arena *a, const pl_sh_cmd *c, const char *cwd, pl_unit_spec *out)
{
    const char *tool = strrchr(c->argv[0].text, '/');
    if (!tool || strcmp(tool + 1, "executor") || !strstr(c->argv[0].text, "kaniko"))
        return 0;
    memset(out, 0, sizeof *out);
    const pl_sh_word *context = NULL, *file = NULL;
    for (int i = 1; i < c->argc; i++) {
        const char *t = c->argv[i].text;
        if (strncmp(t, "--", 2))
            continue;
        const char *name = t + 2;
        size_t n = strcspn(name, "=");
        const pl_sh_word *vw = &c->argv[i];
        const char *value = name[n] ? name + n + 1 : NULL;
        if (!value && i + 1 < c->argc) {
            vw = &c->argv[++i];
            value = vw->text;
        }
        if (!value)
            break;
        if (n == 7 && !strncmp(name, "context", 7))
            context = vw;
        else if (n == 10 && !strncmp(name, "dockerfile", 10))
            file = vw;
        else if (n == 6 && !strncmp(name, "target", 6)) {
            if (vw->has_expansion)
                out->target_unknown = 1;
            else
                out->target = value;
        } else if (n == 9 && !strncmp(name, "build-arg", 9))
            add_arg(a, out, vw, value);
    }
    const char *ctx_text = context ? context->text : ".";
    if (!strncmp(ctx_text, "dir://", 6))
        ctx_text += 6;
    if (!context || (!context->has_expansion && !remote_context(ctx_text)))
        out->context = resolve(a, cwd, ctx_text);
    if (out->context && (!file || !file->has_expansion)) {
        const char *f = file ? file->text : "Dockerfile";
        out->dockerfile = f[0] == '/' ? pl_ignore_clean(a, f) : resolve(a, out->context, f);
    }
    return 1;
}

int pl_buildcmd_read(pl_arena *a, const pl_sh_cmd *c, const char *cwd, pl_unit_spec *out)
{
    if (c->argc > 0 && kaniko(a, c, cwd, out))
        return 1;
    int i = build_words(c);
    if (i < 0)
        return 0;
    memset(out, 0, sizeof *out);
    const pl_sh_word *file = NULL, *context = NULL;
    const char *file_text = NULL;
    int files_out = 0, image_out = 0;
    for (; i < c->argc; i++) {
        const pl_sh_word *w = &c->argv[i];
        const char *t = w->text;
        if (!strcmp(t, "--")) {
            if (i + 1 < c->argc && !context)
                context = &c->argv[i + 1];
            break;
        }
        if (t[0] != '-' || !t[1]) {
            /* docker build takes one context: a word that is only an
             * expansion before a literal one (`$(BUILD_ARGS)`,
             * "${extra[@]}") expands to options, so the literal word
             * after it is the context */
            if (!context || (context->has_expansion && context->text[0] == '$' && !w->has_expansion))
                context = w;
            continue;
        }
        const char *name = t + (t[1] == '-' ? 2 : 1);
        size_t n = strcspn(name, "=");
        const pl_sh_word *vw = w;
        const char *value = NULL;
        if (!strcmp(t, "--push") || !strcmp(t, "--load"))
            image_out = 1;
        if (name[n]) {
            value = name + n + 1;
        } else if (listed(value_flags, name, n) && i + 1 < c->argc) {
            vw = &c->argv[++i];
            value = vw->text;
        } else if (t[1] != '-' && n > 1 && (name[0] == 'f' || name[0] == 't')) {
            value = name + 1; /* -fDockerfile, -tname */
            n = 1;
        }
        if (!value)
            continue;
        if ((n == 1 && name[0] == 'f') || (n == 4 && !strncmp(name, "file", 4))) {
            file = vw;
            file_text = value;
        } else if (n == 6 && !strncmp(name, "target", 6)) {
            if (vw->has_expansion)
                out->target_unknown = 1;
            else
                out->target = value;
        } else if (n == 9 && !strncmp(name, "build-arg", 9)) {
            add_arg(a, out, vw, value);
        } else if (n == 8 && !strncmp(name, "platform", 8)) {
            out->platforms = value;
        } else if ((n == 1 && name[0] == 'o') || (n == 6 && !strncmp(name, "output", 6))) {
            /* `-o DIR`, `-o type=local,dest=DIR`, `type=tar`: files, no
             * image; any other output, or one not known, may be an image */
            int files = !vw->has_expansion && *value &&
                        (strstr(value, "type=local") || strstr(value, "type=tar") ||
                         !strstr(value, "type="));
            if (!files)
                image_out = 1;
            else
                files_out = 1;
        } else if (n == 13 && !strncmp(name, "build-context", 13) && strchr(value, '=')) {
            pl_unit_spec_add_named_context(
                a, out, pl_arena_strndup(a, value, (size_t)(strchr(value, '=') - value)));
        } else if (((n == 1 && name[0] == 't') || (n == 3 && !strncmp(name, "tag", 3))) &&
                   !vw->has_expansion && *value) {
            const char **images = PL_NEW_N(a, const char *, (size_t)out->nimages + 1);
            for (int k = 0; k < out->nimages; k++)
                images[k] = out->images[k];
            images[out->nimages++] = value;
            out->images = images;
        }
    }
    if (files_out && !image_out)
        out->output = PL_OUTPUT_FILES;
    if (context && !context->has_expansion && strcmp(context->text, "-") &&
        !remote_context(context->text))
        out->context = resolve(a, cwd, context->text);
    if (file) {
        /* -f is relative to the working directory, not to the context */
        if (!file->has_expansion && strcmp(file_text, "-"))
            out->dockerfile = resolve(a, cwd, file_text);
    } else if (out->context) {
        out->dockerfile = strcmp(out->context, ".")
                              ? pl_arena_printf(a, "%s/Dockerfile", out->context)
                              : "Dockerfile";
    }
    return 1;
}

/* Line and column (1-based) of byte `off` in `s`. */
static void position(const char *s, size_t off, int *line, int *col)
{
    int l = 1;
    size_t bol = 0;
    for (size_t i = 0; i < off && s[i]; i++)
        if (s[i] == '\n') {
            l++;
            bol = i + 1;
        }
    *line = l;
    *col = (int)(off - bol) + 1;
}

/* The directory after `cd`: a literal path from a known directory;
 * `cd "$(dirname "$0")"` is the script's own directory; anything else is
 * unknown (NULL). */
static const char *cd(pl_arena *a, const char *cwd, const pl_sh_cmd *c, const char *file)
{
    if (c->argc != 2)
        return NULL; /* `cd` alone goes home */
    const pl_sh_word *w = &c->argv[1];
    if (w->has_expansion) {
        if (strstr(w->raw, "dirname") && (strstr(w->raw, "$0") || strstr(w->raw, "BASH_SOURCE"))) {
            const char *slash = file ? strrchr(file, '/') : NULL;
            return slash ? pl_arena_strndup(a, file, (size_t)(slash - file)) : ".";
        }
        return NULL;
    }
    if (!strcmp(w->text, "-"))
        return NULL;
    return resolve(a, cwd, w->text);
}

void pl_buildcmd_scan(pl_arena *a, const char *script, size_t len, const char *cwd,
                      pl_origin_kind origin, const char *file, int line0, int col0,
                      const char *label, pl_vec *out)
{
    /* cheap test first: most scripts build nothing */
    if (!memmem(script, len, "build", 5) && !memmem(script, len, "bud", 3) &&
        !memmem(script, len, "executor", 8))
        return;
    pl_sh_script *sh = pl_sh_parse(a, script, len);
    for (int i = 0; i < sh->ncmds; i++) {
        const pl_sh_cmd *c = &sh->cmds[i];
        if (pl_sh_is(c, "cd") && !c->in_substitution) {
            cwd = cd(a, cwd, c, file);
            continue;
        }
        pl_unit_spec spec;
        if (!pl_buildcmd_read(a, c, cwd, &spec))
            continue;
        pl_unit_spec *s = PL_NEW(a, pl_unit_spec);
        *s = spec;
        int line, col;
        position(script, sh->cmds[i].argv[0].offset, &line, &col);
        s->origin = origin;
        s->origin_file = file;
        /* col0 < 0: every line of the script starts at column -col0 */
        if (col0 < 0)
            col += -col0 - 1;
        else if (line == 1)
            col += col0 - 1;
        s->origin_span = pl_span_make(line0 + line - 1, col, line0 + line - 1, col);
        s->origin_label = label;
        pl_vec_push(a, out, s);
    }
}
