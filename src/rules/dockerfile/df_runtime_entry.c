/* df_runtime_entry.c — PL1302 entrypoint-missing: the file CMD/ENTRYPOINT
 * runs (a script, a Python module, a jar) is put into the image. */
#include <ctype.h>
#include <string.h>

#include "df_runtime_util.h"
#include "plimsoll/unit.h"

typedef struct {
    const char *text;
    pl_span span;
} arg;

typedef struct {
    const char *shown;      /* as written: "main.py", "app.main:app" */
    const char *paths[3];   /* absolute candidates; any one will do */
    int npaths;
    pl_span span;
    const char *kw;         /* "CMD" / "ENTRYPOINT" */
    int line;
} target;

typedef struct {
    pl_arena *a;
    const char *workdir;
    target *t;
    int nt, cap;
    const char *kw;
    int line;
} collector;

static int is_python(const char *b)
{
    return !strcmp(b, "python") || !strncmp(b, "python3", 7) || !strncmp(b, "python2", 7);
}

static void add_target(collector *co, const char *shown, pl_span span, const char *dir,
                       const char *const *rel, int nrel)
{
    if (pl_expand_has_vars(shown, '\\') || strchr(shown, '$'))
        return;
    if (co->nt == co->cap) {
        int cap = co->cap ? co->cap * 2 : 4;
        target *t = PL_NEW_N(co->a, target, cap);
        if (co->nt)
            memcpy(t, co->t, sizeof *t * (size_t)co->nt);
        co->t = t;
        co->cap = cap;
    }
    target *t = &co->t[co->nt++];
    memset(t, 0, sizeof *t);
    t->shown = shown;
    t->span = span;
    t->kw = co->kw;
    t->line = co->line;
    for (int i = 0; i < nrel && i < 3; i++)
        t->paths[t->npaths++] = pl_rt_path_join(co->a, dir, rel[i]);
}

/* `pkg.mod:app` -> pkg/mod.py or pkg/mod/__init__.py */
static int module_target(collector *co, const arg *w, const char *dir)
{
    const char *t = w->text;
    const char *colon = strchr(t, ':');
    if (!colon || colon == t || strchr(t, '/'))
        return 0;
    if (!((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z') || t[0] == '_'))
        return 0;
    char c1 = colon[1];
    if (!((c1 >= 'a' && c1 <= 'z') || (c1 >= 'A' && c1 <= 'Z') || c1 == '_'))
        return 0;
    char *mod = pl_arena_strndup(co->a, t, (size_t)(colon - t));
    for (char *p = mod; *p; p++) {
        if (*p == '.')
            *p = '/';
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                   *p == '_'))
            return 0;
    }
    const char *rel[2] = {pl_arena_printf(co->a, "%s.py", mod),
                          pl_arena_printf(co->a, "%s/__init__.py", mod)};
    add_target(co, t, w->span, dir, rel, 2);
    return 1;
}

static void analyze(collector *co, const arg *av, int ac, const char *dir, int depth);

/* The script of `sh -c SCRIPT` or a shell-form instruction. */
static void analyze_script(collector *co, const pl_df_instr *ins, const arg *script, int exec,
                           const char *dir, int depth)
{
    pl_arena *a = co->a;
    const char *text = script->text;
    pl_sh_script *sc = pl_sh_parse(a, text, strlen(text));
    for (int i = 0; i < sc->ncmds; i++) {
        const pl_sh_cmd *cmd = &sc->cmds[i];
        if (cmd->in_substitution)
            continue;
        if (pl_sh_is(cmd, "cd")) {
            if (cmd->argc == 2 && !cmd->argv[1].has_expansion)
                dir = pl_rt_path_join(a, dir, cmd->argv[1].text);
            else
                return; /* the directory is not known any more */
            continue;
        }
        arg *av = PL_NEW_N(a, arg, cmd->argc);
        for (int k = 0; k < cmd->argc; k++) {
            av[k].text = cmd->argv[k].text;
            if (!exec) {
                av[k].span = pl_rt_text_span(ins, text, cmd->argv[k].offset, cmd->argv[k].len);
            } else {
                pl_span s = script->span;
                if (s.line == s.end_line && (size_t)(s.end_col - s.col + 1) == strlen(text)) {
                    s.col += (int)cmd->argv[k].offset;
                    s.end_col = s.col + (int)(cmd->argv[k].len ? cmd->argv[k].len : 1) - 1;
                }
                av[k].span = s;
            }
        }
        analyze(co, av, cmd->argc, dir, depth + 1);
    }
}

/* Skips over flags of an interpreter; returns the index of the first
 * operand. `with_value`: flags that take the next word. */
static int first_operand(const arg *av, int ac, int from, const char *with_value, const char *stop)
{
    for (int i = from; i < ac; i++) {
        const char *t = av[i].text;
        if (t[0] != '-' || !t[1])
            return i;
        if (!strcmp(t, "--"))
            return i + 1;
        if (stop && pl_rt_in_list(stop, t))
            return -1;
        if (pl_rt_in_list(with_value, t))
            i++;
    }
    return ac;
}

static void analyze(collector *co, const arg *av, int ac, const char *dir, int depth)
{
    pl_arena *a = co->a;
    if (depth > 4)
        return;
    int i = 0;
    /* wrappers that run the rest of the line */
    while (i < ac) {
        const char *b = pl_rt_basename(av[i].text);
        if (pl_rt_in_list("exec tini dumb-init nohup", b)) {
            i++;
            while (i < ac && av[i].text[0] == '-')
                i++;
        } else if (!strcmp(b, "env")) {
            i++;
            while (i < ac && (av[i].text[0] == '-' || strchr(av[i].text, '=')))
                i++;
        } else if (pl_rt_in_list("gosu su-exec", b)) {
            i += 2;
        } else if (pl_rt_in_list("uv poetry pipenv pdm hatch", b) && i + 1 < ac &&
                   !strcmp(av[i + 1].text, "run")) {
            i = first_operand(av, ac, i + 2, "--with --python -p --project --directory --env", NULL);
            if (i < 0)
                return;
        } else {
            break;
        }
    }
    if (i >= ac)
        return;
    const arg *prog = &av[i];
    /* `ENTRYPOINT ["/usr/bin/loki"]` + `CMD ["-config.file=/etc/x.yaml"]`:
     * a word starting with '-' is an option of the entrypoint, never a program */
    if (prog->text[0] == '-')
        return;
    const char *b = pl_rt_basename(prog->text);
    if (is_python(b)) {
        for (int k = i + 1; k < ac; k++) {
            const char *t = av[k].text;
            if (!strcmp(t, "-m")) {
                /* a module is found on sys.path; only app servers name a file */
                if (k + 1 < ac && pl_rt_in_list("uvicorn gunicorn hypercorn daphne", av[k + 1].text))
                    analyze(co, av + k + 1, ac - k - 1, dir, depth + 1);
                return;
            }
            if (!strcmp(t, "-c") || !strcmp(t, "-"))
                return;
            if (t[0] == '-') {
                if (!strcmp(t, "-X") || !strcmp(t, "-W"))
                    k++;
                continue;
            }
            const char *rel[1] = {t};
            add_target(co, t, av[k].span, dir, rel, 1);
            return;
        }
        return;
    }
    if (!strcmp(b, "node") || !strcmp(b, "nodejs")) {
        int k = first_operand(av, ac, i + 1, "-r --require --import --loader --experimental-loader",
                              "-e --eval -p --print");
        if (k < 0 || k >= ac)
            return;
        const char *t = av[k].text;
        const char *base = pl_rt_basename(t);
        if (strchr(base, '.')) {
            const char *rel[1] = {t};
            add_target(co, t, av[k].span, dir, rel, 1);
        } else {
            const char *rel[3] = {t, pl_arena_printf(a, "%s.js", t), pl_arena_printf(a, "%s/index.js", t)};
            add_target(co, t, av[k].span, dir, rel, 3);
        }
        return;
    }
    if (!strcmp(b, "java")) {
        for (int k = i + 1; k + 1 < ac; k++)
            if (!strcmp(av[k].text, "-jar")) {
                const char *rel[1] = {av[k + 1].text};
                add_target(co, av[k + 1].text, av[k + 1].span, dir, rel, 1);
                return;
            }
        return;
    }
    if (pl_rt_in_list("sh bash ash dash zsh ksh", b)) {
        for (int k = i + 1; k < ac; k++) {
            const char *t = av[k].text;
            if (t[0] != '-') {
                const char *rel[1] = {t};
                add_target(co, t, av[k].span, dir, rel, 1);
                return;
            }
            if (strchr(t, 'c') && t[1] != '-') {
                if (k + 1 < ac)
                    analyze_script(co, NULL, &av[k + 1], 1, dir, depth);
                return;
            }
        }
        return;
    }
    if (pl_rt_in_list("uvicorn gunicorn hypercorn daphne", b)) {
        const char *appdir = dir;
        for (int k = i + 1; k < ac; k++) {
            const char *t = av[k].text;
            if ((!strcmp(t, "--app-dir") || !strcmp(t, "--chdir")) && k + 1 < ac)
                appdir = pl_rt_path_join(a, dir, av[k + 1].text);
            else if (!strncmp(t, "--app-dir=", 10) || !strncmp(t, "--chdir=", 8))
                appdir = pl_rt_path_join(a, dir, strchr(t, '=') + 1);
        }
        for (int k = i + 1; k < ac; k++) {
            if (av[k].text[0] == '-')
                continue;
            if (k > i + 1 && av[k - 1].text[0] == '-' && !strchr(av[k - 1].text, '=') &&
                strcmp(av[k - 1].text, "--factory") && strcmp(av[k - 1].text, "--reload") &&
                strcmp(av[k - 1].text, "--preload"))
                continue; /* the value of an option */
            if (module_target(co, &av[k], appdir))
                return;
        }
        return;
    }
    if (strchr(prog->text, '/')) {
        const char *rel[1] = {prog->text};
        add_target(co, prog->text, prog->span, dir, rel, 1);
    }
}

static int is_runner(const char *b)
{
    return is_python(b) || pl_rt_in_list("node nodejs java sh bash ash dash zsh ksh uvicorn gunicorn hypercorn daphne", b);
}

/* The words of an exec-form instruction. */
static arg *exec_args(pl_arena *a, const pl_df_instr *ins, int *n)
{
    arg *av = PL_NEW_N(a, arg, ins->nargs > 0 ? ins->nargs : 1);
    for (int i = 0; i < ins->nargs; i++) {
        av[i].text = ins->args[i].text;
        av[i].span = pl_rt_exec_span(&ins->args[i]);
    }
    *n = ins->nargs;
    return av;
}

static void collect(collector *co, const pl_df_instr *ins, const char *dir)
{
    co->kw = ins->kind == PL_DF_CMD ? "CMD" : "ENTRYPOINT";
    co->line = ins->span.line;
    if (ins->nargs < 1 || !dir)
        return;
    if (!ins->json) {
        arg script = {ins->args[0].text, ins->args[0].span};
        analyze_script(co, ins, &script, 0, dir, 0);
        return;
    }
    int n;
    arg *av = exec_args(co->a, ins, &n);
    analyze(co, av, n, dir, 0);
}

/* RUN commands that produce files the Dockerfile does not name. */
static int is_generator(const char *b)
{
    return pl_rt_in_list("npm yarn pnpm npx bun tsc make cmake ninja go cargo mvn mvnw gradle gradlew "
                   "dotnet javac jar git unzip tar",
                   b);
}

/* A RUN of the chain that may create `path` (below `landing`, the folder
 * COPY populated). Returns the instruction or NULL. */
static const pl_df_instr *run_may_create(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain,
                                         int n, const char *path, const char *landing)
{
    const char *base = pl_rt_basename(path);
    const char *top = NULL;
    if (landing && pl_rt_path_under(path, landing)) {
        size_t l = strcmp(landing, "/") ? strlen(landing) : 0;
        const char *rest = path + l + 1;
        const char *slash = strchr(rest, '/');
        if (slash)
            top = pl_arena_strndup(a, rest, (size_t)(slash - rest));
    }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            const pl_sh_script *sc = fx->run[ins->index];
            if (!sc)
                continue;
            const char *script = fx->script[ins->index];
            if (strstr(script, base) || (top && strstr(script, top)))
                return ins;
            for (int q = 0; q < sc->ncmds; q++)
                if (is_generator(pl_sh_name(&sc->cmds[q])))
                    return ins;
        }
    return NULL;
}

/* Whether OS package `pkg` provides program `prog`: the same name, with a
 * version (`nginx=1.26*`, `python3.12`), or a known provider whose program
 * has another name. */
static int package_provides_program(const char *pkg, const char *prog)
{
    static const char *const providers[][2] = {
        {"supervisord", "supervisor"}, {"supervisorctl", "supervisor"},
        {"sshd", "openssh-server"},    {"sshd", "openssh"},
        {"crond", "cronie"},           {"named", "bind"},
        {"named", "bind9"},            {"rsyslogd", "rsyslog"},
        {"redis-server", "redis"},     {"mysqld", "mariadb-server"},
        {"mysqld", "mysql-server"},    {"mariadbd", "mariadb-server"},
        {"httpd", "apache2"},          {"apache2", "apache2"},
        {"dumb-init", "dumb-init"},    {"syslog-ng", "syslog-ng"},
    };
    size_t n = strlen(prog);
    if (!strncmp(pkg, prog, n) && (!pkg[n] || pkg[n] == '.' || pkg[n] == '=' || pkg[n] == '~' ||
                                    isdigit((unsigned char)pkg[n])))
        return 1;
    for (size_t i = 0; i < sizeof providers / sizeof *providers; i++)
        if (!strcmp(prog, providers[i][0]) && !strcmp(pkg, providers[i][1]))
            return 1;
    return 0;
}

/* A system path (/usr/bin, /usr/sbin, /bin, /sbin, /usr/lib..., /opt)
 * where OS packages put programs. */
static int package_path(const char *path)
{
    static const char *const dirs[] = {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", "/usr/lib",
                                       "/usr/libexec/", "/usr/share/", "/opt/", NULL};
    for (int i = 0; dirs[i]; i++)
        if (!strncmp(path, dirs[i], strlen(dirs[i])))
            return 1;
    return 0;
}

/* An OS package install of the chain (apt-get, apk, dnf, yum, zypper ...)
 * that provides `path`'s program: "apk installs supervisor (line 9)". When
 * none does but some install's packages cannot all be mapped to their
 * files, *maybe says which (the first one). */
static const char *package_installs(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain,
                                    int n, const char *path, const char **maybe)
{
    const char *prog = pl_rt_basename(path);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                int np = 0;
                const pl_sh_word **pk = pl_sh_installed_packages(a, &sc->cmds[q], &np);
                for (int p = 0; p < np; p++)
                    if (package_provides_program(pk[p]->text, prog))
                        return pl_arena_printf(a, "%s installs %s (line %d)",
                                               pl_sh_name(&sc->cmds[q]), pk[p]->text,
                                               ins->span.line);
                if (np && !*maybe && package_path(path))
                    *maybe = pl_arena_printf(a, "%s installs packages (line %d), which may put it "
                                                "there",
                                             pl_sh_name(&sc->cmds[q]), ins->span.line);
            }
        }
    return NULL;
}

typedef struct {
    pl_rt_copy *copies;
    int n;
} copy_list;

static copy_list read_copies(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain, int n)
{
    copy_list cl = {0};
    int cap = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++)
            cap += fx->copy[chain[k]->instrs[i]->index] != NULL;
    cl.copies = PL_NEW_N(a, pl_rt_copy, cap > 0 ? cap : 1);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_rt_copy *c = fx->copy[chain[k]->instrs[i]->index];
            if (c)
                cl.copies[cl.n++] = *c;
        }
    return cl;
}

/* The deepest folder a COPY fills that holds `path`; NULL when none. */
/* The base of the image when it is neither scratch nor an image whose files
 * are known to be only its distribution's and language's: an official
 * Docker Hub image (`python`, `library/node`), distroless, Chainguard,
 * Red Hat's UBI, Microsoft's .NET images. Any other (remark42's site on
 * ghcr.io/umputun/reproxy, an organisation's own base, one named by a
 * build argument) may ship the very program the command runs; NULL when
 * the files are known. */
static const char *opaque_base(pl_arena *a, const pl_stage *root)
{
    /* a base known only at build time (jaeger's `FROM $debug_image`, Delve
     * inside) is the least known of all */
    if (!root->is_scratch && !root->is_fragment && (root->base_unknown || root->image.has_vars))
        return root->base_raw ? root->base_raw : root->base;
    if (root->is_scratch || !root->image.repository || root->image.error)
        return NULL;
    const char *reg = root->image.registry ? pl_lower(a, root->image.registry) : "docker.io";
    const char *repo = pl_lower(a, root->image.repository);
    if (!strncmp(repo, "library/", 8))
        repo += 8;
    int hub = !strcmp(reg, "docker.io") || !strcmp(reg, "index.docker.io");
    if ((hub && !strchr(repo, '/')) || (!strcmp(reg, "gcr.io") && !strncmp(repo, "distroless/", 11)) ||
        (!strcmp(reg, "cgr.dev") && !strncmp(repo, "chainguard/", 11)) ||
        !strncmp(reg, "registry.access.redhat.com", 26) || !strcmp(reg, "registry.redhat.io") ||
        (!strcmp(reg, "mcr.microsoft.com") && !strncmp(repo, "dotnet/", 7)))
        return NULL;
    return root->base ? root->base : root->image.raw;
}

static const char *populated_dir(pl_arena *a, const copy_list *cl, const char *path)
{
    const char *best = NULL;
    for (int i = 0; i < cl->n; i++) {
        const pl_rt_copy *c = &cl->copies[i];
        const char *d = c->dest_dir ? c->dest : pl_rt_dirname(a, c->dest);
        /* `COPY src /app` (no slash) fills /app when src is a folder */
        if (!c->dest_dir && pl_rt_path_under(path, c->dest) && strcmp(path, c->dest))
            d = c->dest;
        if (pl_rt_path_under(path, d) && (!best || strlen(d) > strlen(best)))
            best = d;
    }
    return best;
}

/* " (COPY . . at line 3 copies the build context, which has no app/main.py)" */
static const char *context_note(pl_arena *a, const copy_list *cl, const pl_ctx_info *ctx, const char *path)
{
    for (int i = cl->n - 1; ctx && i >= 0; i--) {
        const pl_rt_copy *c = &cl->copies[i];
        if (c->from || !pl_rt_path_under(path, c->dest) || !strcmp(path, c->dest))
            continue;
        for (int k = 0; k < c->nsrcs; k++)
            if (pl_rt_context_stat(a, ctx, c->srcs[k]) == PL_RT_DIR) {
                size_t dl = strcmp(c->dest, "/") ? strlen(c->dest) : 0;
                const char *rel = pl_rt_path_join(a, pl_rt_path_join(a, "/", c->srcs[k]), path + dl + 1);
                const char *lacks =
                    pl_context_lookup(ctx->ctx, rel + 1, NULL, NULL) == PL_CTX_EXCLUDED
                        ? pl_arena_printf(a, "%s leaves out %s", ctx->ignore_path ? ctx->ignore_path : ".dockerignore", rel + 1)
                        : pl_arena_printf(a, "it has no %s", rel + 1);
                return pl_arena_printf(a, " (COPY %s %s at line %d copies from the build context %s; %s)",
                                       c->srcs[k], c->ins->args[c->ins->nargs - 1].text,
                                       c->ins->span.line, pl_ctx_label(a, ctx), lacks);
            }
    }
    return "";
}

static const char *shown_path(pl_arena *a, const char *p)
{
    size_t n = strlen(PL_RT_BASE_WORKDIR);
    if (!strncmp(p, PL_RT_BASE_WORKDIR, n) && (p[n] == '/' || !p[n]))
        return pl_arena_printf(a, "%s in the base image's working directory", p[n] ? p + n + 1 : ".");
    return p;
}

/* A build of the judged image whose compose service mounts a volume over
 * `path` when it runs it (example-voting-app's dev target, run with
 * ./vote bound over its WORKDIR): the program then comes from the mount,
 * which this Dockerfile cannot tell. *mount is the container path. */
static const pl_build_unit *mounted_over(pl_check *c, const char *path, const char **mount)
{
    int n = 0;
    const pl_build_unit *const *units = pl_check_units(c, &n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < units[i]->spec.nrun_mounts; k++)
            if (pl_rt_path_under(path, units[i]->spec.run_mounts[k])) {
                *mount = units[i]->spec.run_mounts[k];
                return units[i];
            }
    return NULL;
}

void pl_check_entrypoint_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_df_instr *ep, *cmd;
    pl_rt_image_command(chain, n, &ep, &cmd);
    if (!ep && !cmd) {
        pl_skip(c, "no CMD or ENTRYPOINT: the base image's command runs");
        return;
    }
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    collector co = {.a = a};
    if (ep && !ep->json) {
        collect(&co, ep, fx->workdir[ep->index]);
    } else if (ep && cmd && cmd->json && ep->nargs &&
               is_runner(pl_rt_basename(ep->args[0].text))) {
        /* ENTRYPOINT ["python"] CMD ["main.py"]: one command line */
        int ne, nc;
        arg *ea = exec_args(a, ep, &ne), *ca = exec_args(a, cmd, &nc);
        arg *all = PL_NEW_N(a, arg, ne + nc);
        memcpy(all, ea, sizeof *all * (size_t)ne);
        memcpy(all + ne, ca, sizeof *all * (size_t)nc);
        co.kw = "CMD";
        co.line = cmd->span.line;
        const char *dir = fx->workdir[cmd->index];
        if (dir)
            analyze(&co, all, ne + nc, dir, 0);
    } else {
        const char *dir;
        if (ep && (dir = fx->workdir[ep->index]))
            collect(&co, ep, dir);
        if (cmd && (dir = fx->workdir[cmd->index]))
            collect(&co, cmd, dir);
    }
    if (!co.nt) {
        pl_skip(c, "%s runs no file this rule can place (a command on PATH, a module, or a value known only at build time)",
                ep ? "ENTRYPOINT" : "CMD");
        return;
    }

    const pl_ctx_info *ctx = pl_rt_context(c, f);
    copy_list cl = read_copies(a, fx, chain, n);
    int failed = 0, passed = 0;
    const char *evidence = NULL, *skip = NULL;
    for (int t = 0; t < co.nt; t++) {
        const target *tg = &co.t[t];
        pl_rt_ctx best = PL_RT_ABSENT;
        const char *why = NULL, *hit = tg->paths[0];
        for (int p = 0; p < tg->npaths && best != PL_RT_FILE; p++)
            for (int i = 0; i < cl.n && best != PL_RT_FILE; i++) {
                const char *w = NULL;
                pl_rt_ctx r = pl_rt_copy_lands(a, &cl.copies[i], ctx, tg->paths[p], &w);
                if (r == PL_RT_FILE || (r == PL_RT_UNKNOWN && best == PL_RT_ABSENT)) {
                    best = r;
                    why = w;
                    hit = tg->paths[p];
                }
            }
        if (best == PL_RT_FILE) {
            passed++;
            evidence = pl_arena_printf(a, "%s runs %s: %s", tg->kw, tg->shown, why);
            continue;
        }
        if (best == PL_RT_UNKNOWN) {
            skip = pl_arena_printf(a, "%s runs %s; %s may hold it%s", tg->kw, tg->shown, why,
                                   ctx ? "" : " (the build context is not on disk)");
            continue;
        }
        const char *pkg_maybe = NULL;
        const char *pkg = package_installs(a, fx, chain, n, tg->paths[0], &pkg_maybe);
        if (pkg) {
            passed++;
            evidence = pl_arena_printf(a, "%s runs %s: %s", tg->kw, tg->shown, pkg);
            continue;
        }
        if (pkg_maybe) {
            skip = pl_arena_printf(a, "%s runs %s; %s", tg->kw, tg->shown, pkg_maybe);
            continue;
        }
        const char *landing = populated_dir(a, &cl, tg->paths[0]);
        if (!landing) {
            skip = pl_arena_printf(a, "%s runs %s; nothing of this Dockerfile is copied to %s, so it may come from the base image",
                                   tg->kw, tg->shown, shown_path(a, pl_rt_dirname(a, tg->paths[0])));
            continue;
        }
        /* no WORKDIR of this file: the path hangs on the base image's
         * WORKDIR, which may hold the file; unknown, not missing */
        if (!strncmp(tg->paths[0], PL_RT_BASE_WORKDIR, strlen(PL_RT_BASE_WORKDIR)) &&
            !chain[0]->is_scratch) {
            skip = pl_arena_printf(a, "%s runs %s relative to the WORKDIR of %s, which this file does "
                                      "not set; the base image may hold it",
                                   tg->kw, tg->shown, chain[0]->base);
            continue;
        }
        const pl_df_instr *run = run_may_create(a, fx, chain, n, hit, landing);
        if (run) {
            skip = pl_arena_printf(a, "%s runs %s; the RUN at line %d may create it", tg->kw,
                                   tg->shown, run->span.line);
            continue;
        }
        const char *vendor = opaque_base(a, chain[0]);
        if (vendor) {
            skip = pl_arena_printf(a, "%s runs %s; the base image %s is not one whose files are "
                                      "known here, and it may hold it",
                                   tg->kw, tg->shown, vendor);
            continue;
        }
        const char *mount = NULL;
        const pl_build_unit *mu = mounted_over(c, tg->paths[0], &mount);
        if (mu) {
            skip = pl_arena_printf(a, "%s runs %s; %s mounts a volume over %s when it runs the "
                                      "image (%s:%d), which may hold it",
                                   tg->kw, tg->shown,
                                   mu->spec.origin_label ? mu->spec.origin_label : "a service",
                                   mount, mu->spec.origin_file ? mu->spec.origin_file : "?",
                                   mu->spec.origin_span.line);
            continue;
        }
        const char *note = context_note(a, &cl, ctx, tg->paths[0]);
        /* a directory COPY from a context that is only a guess: the real
         * context may hold the file */
        if (*note && pl_check_reading(c) == PL_READING_DEFAULT && pl_ctx_is_guess(ctx)) {
            skip = pl_arena_printf(a, "%s runs %s; the build context %s is a guess (nothing in "
                                      "the repository says how %s is built), and the real one "
                                      "may hold it",
                                   tg->kw, tg->shown, pl_ctx_label(a, ctx), f->path);
            continue;
        }
        failed++;
        pl_fail(c, tg->span, NULL, "%s runs %s (line %d), but no COPY or ADD puts %s into the image%s",
                tg->kw, tg->shown, tg->line, shown_path(a, tg->paths[0]), note);
    }
    if (failed)
        return;
    if (skip && !passed)
        pl_skip(c, "%s", skip);
    else if (skip)
        pl_skip(c, "%s; %s", evidence, skip);
    else
        pl_pass(c, (ep ? ep : cmd)->span, "%s", evidence);
}
