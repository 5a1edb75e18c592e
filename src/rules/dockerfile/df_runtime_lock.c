/* df_runtime_lock.c — PL1303 lockfile-not-used: an install from a manifest
 * (package.json, pyproject.toml, Pipfile) sees the lockfile beside it and
 * runs in a mode that honours it. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_runtime_util.h"

typedef enum {
    ECO_NPM,
    ECO_YARN,
    ECO_PNPM,
    ECO_POETRY,
    ECO_UV_SYNC,
    ECO_PROJECT_PIP, /* pip install . / uv pip install . beside a poetry.lock or uv.lock */
    ECO_PIPENV,
} eco;

typedef struct {
    eco e;
    const char *what; /* "npm ci", "python -m pip install" */
    const char *manifest;
    const char *locks[2];
    int implied; /* the command fails without the lock, so it exists */
    int locked;  /* the command honours the lock */
    const char *unknown_flags; /* a word whose value is not known may hold the flag */
} install;

static const char *verb_of(const pl_sh_cmd *cmd, int from)
{
    for (int i = from; i < cmd->argc; i++)
        if (cmd->argv[i].text[0] != '-')
            return cmd->argv[i].text;
    return NULL;
}

/* Positional words after the verb (packages being added). */
static int operands_after(const pl_sh_cmd *cmd, const char *verb)
{
    int seen = 0, n = 0;
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!seen) {
            seen = verb && !strcmp(t, verb);
            continue;
        }
        n += t[0] != '-';
    }
    return n;
}

/* Words of the command that hold variables: expanded with the ARG/ENV
 * values in scope (`uv sync $UV_OPTIONS` with `ARG UV_OPTIONS="--frozen"`),
 * does one of them give one of `flags`? *unknown gets the first word whose
 * value is not known statically (an ARG without a default, a shell
 * variable), which may hold it. */
static int expanded_flag(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                         const pl_sh_cmd *cmd, const char *const *flags, const char **unknown)
{
    int top = ins->index >= 0 && ins->index < m->df->ninstrs && m->df->instrs[ins->index] == ins;
    for (int i = 1; i < cmd->argc; i++) {
        const pl_sh_word *w = &cmd->argv[i];
        if (!w->has_expansion)
            continue;
        const char *v = NULL;
        pl_expand_status st = top ? pl_model_expand(a, m, ins, w->text, &v) : PL_EXPAND_UNKNOWN;
        if (st == PL_EXPAND_OK && v) {
            /* the unquoted value is split into words by the shell */
            for (const char *p = v; *p;) {
                p += strspn(p, " \t\n");
                size_t n = strcspn(p, " \t\n");
                for (int f = 0; flags[f] && n; f++)
                    if (strlen(flags[f]) == n && !strncmp(p, flags[f], n))
                        return 1;
                p += n;
            }
        } else if (!*unknown) {
            *unknown = w->text;
        }
    }
    return 0;
}

static int truthy_env(const pl_df_model *m, const pl_df_instr *ins, const pl_sh_cmd *cmd,
                      const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < cmd->nassigns; i++) {
        const char *t = cmd->assigns[i].text;
        size_t n = strlen(name);
        if (!strncmp(t, name, n) && t[n] == '=')
            v = t + n + 1;
    }
    if (!v && ins->index < m->df->ninstrs && m->df->instrs[ins->index] == ins)
        pl_scope_lookup(m->scope_before[ins->index], name, strlen(name), &v);
    return v && *v && strcmp(v, "0") && strcasecmp(v, "false") && strcasecmp(v, "no");
}

/* Is the pip command installing the project itself (`.`, `-e .`, `-r pyproject.toml`)? */
static int installs_project(const pl_sh_cmd *cmd, int from)
{
    for (int i = from; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!strcmp(t, ".") || !strcmp(t, "./") || !strncmp(t, ".[", 2) || !strncmp(t, "./[", 3))
            return 1;
        if ((!strcmp(t, "-r") || !strcmp(t, "--requirement")) && i + 1 < cmd->argc &&
            !strcmp(pl_rt_basename(cmd->argv[i + 1].text), "pyproject.toml"))
            return 1;
    }
    return 0;
}

static int read_install_kind(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins, const pl_sh_cmd *cmd,
                             install *out);

/* The command as shown in messages: its name and words up to the verb. */
static const char *shown_command(pl_arena *a, const pl_sh_cmd *cmd, const char *verb)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_puts(&sb, pl_sh_name(cmd));
    for (int i = 1; verb && i < cmd->argc && i < 6; i++) {
        const char *t = cmd->argv[i].text;
        if (t[0] == '-' && strcmp(t, "-m"))
            continue;
        pl_sb_putc(&sb, ' ');
        pl_sb_puts(&sb, t);
        if (!strcmp(t, verb))
            break;
    }
    return pl_sb_str(&sb);
}

static int read_install(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                        const pl_sh_cmd *cmd, install *out)
{
    if (!read_install_kind(a, m, ins, cmd, out))
        return 0;
    const char *verb = out->e == ECO_PROJECT_PIP ? "install" : verb_of(cmd, 1);
    out->what = shown_command(a, cmd, verb);
    return 1;
}

static int read_install_kind(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins, const pl_sh_cmd *cmd,
                             install *out)
{
    memset(out, 0, sizeof *out);
    const char *n = pl_sh_name(cmd);
    const char *verb = verb_of(cmd, 1);
    if (!strcmp(n, "npm")) {
        if (!verb)
            return 0;
        int ci = !strcmp(verb, "ci") || !strcmp(verb, "clean-install");
        if (!ci && ((strcmp(verb, "install") && strcmp(verb, "i")) || operands_after(cmd, verb)))
            return 0;
        *out = (install){ECO_NPM, NULL, "package.json", {"package-lock.json", "npm-shrinkwrap.json"}, ci, 1, NULL};
        return 1;
    }
    if (!strcmp(n, "yarn")) {
        if (verb && (strcmp(verb, "install") || operands_after(cmd, verb)))
            return 0;
        int frozen = pl_sh_has_flag(cmd, "frozen-lockfile") || pl_sh_has_flag(cmd, "immutable");
        *out = (install){ECO_YARN, NULL, "package.json", {"yarn.lock", NULL}, frozen, 1, NULL};
        return 1;
    }
    if (!strcmp(n, "pnpm")) {
        if (!verb || (strcmp(verb, "install") && strcmp(verb, "i")) || operands_after(cmd, verb))
            return 0;
        *out = (install){ECO_PNPM, NULL, "package.json", {"pnpm-lock.yaml", NULL},
                         pl_sh_has_flag(cmd, "frozen-lockfile"), 1, NULL};
        return 1;
    }
    if (!strcmp(n, "poetry")) {
        if (!verb || strcmp(verb, "install"))
            return 0;
        *out = (install){ECO_POETRY, NULL, "pyproject.toml", {"poetry.lock", NULL}, 0, 1, NULL};
        return 1;
    }
    if (!strcmp(n, "uv") && verb && !strcmp(verb, "sync")) {
        static const char *const lock_flags[] = {"--frozen", "--locked", NULL};
        const char *unknown = NULL;
        int flag = pl_sh_has_flag(cmd, "frozen") || pl_sh_has_flag(cmd, "locked") ||
                   expanded_flag(a, m, ins, cmd, lock_flags, &unknown);
        int env = truthy_env(m, ins, cmd, "UV_FROZEN") || truthy_env(m, ins, cmd, "UV_LOCKED");
        *out = (install){ECO_UV_SYNC, NULL, "pyproject.toml", {"uv.lock", NULL}, flag, flag || env, unknown};
        return 1;
    }
    int pip_at = -1;
    if (!strcmp(n, "uv") && verb && !strcmp(verb, "pip"))
        pip_at = 2;
    else if (!strncmp(n, "pip", 3) && (!n[3] || (n[3] >= '0' && n[3] <= '9')))
        pip_at = 0;
    else if (!strncmp(n, "python", 6))
        for (int i = 1; i + 1 < cmd->argc; i++)
            if (!strcmp(cmd->argv[i].text, "-m") && !strcmp(cmd->argv[i + 1].text, "pip"))
                pip_at = i + 1;
    if (pip_at >= 0) {
        const char *v = verb_of(cmd, pip_at + 1);
        if (!v || strcmp(v, "install") || !installs_project(cmd, pip_at + 1))
            return 0;
        *out = (install){ECO_PROJECT_PIP, NULL, "pyproject.toml", {"uv.lock", "poetry.lock"}, 0, 0, NULL};
        return 1;
    }
    if (!strcmp(n, "pipenv")) {
        if (!verb)
            return 0;
        if (!strcmp(verb, "sync")) {
            *out = (install){ECO_PIPENV, NULL, "Pipfile", {"Pipfile.lock", NULL}, 1, 1, NULL};
            return 1;
        }
        if (strcmp(verb, "install") || operands_after(cmd, verb))
            return 0;
        int deploy = pl_sh_has_flag(cmd, "deploy") || pl_sh_has_flag(cmd, "ignore-pipfile");
        *out = (install){ECO_PIPENV, NULL, "Pipfile", {"Pipfile.lock", NULL}, deploy, deploy, NULL};
        return 1;
    }
    return 0;
}

/* A `--mount=type=bind` of the RUN read as a COPY of its source to its
 * target; NULL for other flags and mount types. */
static pl_rt_copy *bind_mount(pl_arena *a, const pl_df_model *m, const pl_df_instr *run,
                              const pl_df_flag *fl, const char *workdir)
{
    if (strcmp(fl->name, "mount") || !fl->value)
        return NULL;
    const char *type = "bind", *src = NULL, *dst = NULL, *from = NULL;
    for (const char *p = fl->value; *p;) {
        size_t n = strcspn(p, ",");
        const char *eq = memchr(p, '=', n);
        if (eq) {
            size_t kl = (size_t)(eq - p);
            const char *v = pl_arena_strndup(a, eq + 1, n - kl - 1);
            if (kl == 4 && !strncmp(p, "type", 4))
                type = v;
            else if ((kl == 6 && !strncmp(p, "source", 6)) || (kl == 3 && !strncmp(p, "src", 3)))
                src = v;
            else if ((kl == 6 && !strncmp(p, "target", 6)) || (kl == 3 && !strncmp(p, "dst", 3)) ||
                     (kl == 11 && !strncmp(p, "destination", 11)))
                dst = v;
            else if (kl == 4 && !strncmp(p, "from", 4))
                from = v;
        }
        p += n + (p[n] == ',');
    }
    if (strcmp(type, "bind") || !dst || pl_expand_has_vars(fl->value, '\\'))
        return NULL;
    pl_rt_copy *c = PL_NEW(a, pl_rt_copy);
    c->ins = run;
    c->srcs = PL_NEW_N(a, const char *, 1);
    c->srcs[0] = src ? src : ".";
    c->nsrcs = 1;
    c->from = from;
    c->unknown = !workdir && dst[0] != '/';
    c->dest = pl_rt_path_join(a, workdir ? workdir : PL_RT_BASE_WORKDIR, dst);
    (void)m;
    return c;
}

typedef struct {
    int installs, ok;
    const char *skip;
    const char *note; /* how an install uses the lock when no flag says so */
} tally;

/* A COPY/ADD source or a bind mount's source of the file names `name`. */
static int copied_anywhere(pl_arena *a, const pl_df_model *m, const char *name)
{
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        for (int k = 0; ins->kind == PL_DF_RUN && k < ins->nflags; k++) {
            const pl_rt_copy *b = bind_mount(a, m, ins, &ins->flags[k], "/");
            if (b && !strcmp(pl_rt_basename(b->srcs[0]), name))
                return 1;
        }
        if (ins->kind != PL_DF_COPY && ins->kind != PL_DF_ADD)
            continue;
        for (int k = 0; k + 1 < ins->nargs; k++)
            if (!strcmp(pl_rt_basename(ins->args[k].text), name))
                return 1;
    }
    return 0;
}

/* A RUN of the file that writes a requirements file from the lock
 * (`poetry export`, `uv export`, `pdm export`, `pipenv requirements`). */
static const pl_df_instr *lock_export(const pl_df_model *m, const pl_rt_facts *fx)
{
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_sh_script *sc = fx->run[i];
        for (int q = 0; sc && q < sc->ncmds; q++) {
            const pl_sh_cmd *cmd = &sc->cmds[q];
            const char *v = verb_of(cmd, 1);
            if (v && (((pl_sh_is(cmd, "poetry") || pl_sh_is(cmd, "uv") || pl_sh_is(cmd, "pdm")) &&
                       !strcmp(v, "export")) ||
                      (pl_sh_is(cmd, "pipenv") && !strcmp(v, "requirements"))))
                return m->df->instrs[i];
        }
    }
    return NULL;
}

/* Is `cmd` a pip install from a requirements file (`-r FILE`)? */
static int installs_requirements(const pl_sh_cmd *cmd)
{
    int pip = pl_sh_is(cmd, "uv") || !strncmp(pl_sh_name(cmd), "pip", 3) ||
              !strncmp(pl_sh_name(cmd), "python", 6);
    return pip && pl_sh_has_arg(cmd, "install") &&
           (pl_sh_flag_value(cmd, "r") || pl_sh_flag_value(cmd, "requirement"));
}

/* A `pip install -r FILE` that ran before `cmd` of `run` in the chain
 * (the last one; *req_cmd is that command). */
static const pl_df_instr *requirements_first(const pl_rt_facts *fx, const pl_stage **chain, int n,
                                             const pl_df_instr *run, const pl_sh_cmd *cmd,
                                             const pl_sh_cmd **req_cmd)
{
    const pl_df_instr *found = NULL;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                if (&sc->cmds[q] == cmd)
                    return found;
                if (installs_requirements(&sc->cmds[q])) {
                    found = ins;
                    *req_cmd = &sc->cmds[q];
                }
            }
            if (ins == run)
                return found;
        }
    return found;
}

#define MAX_EXPORT_BYTES (1 << 20)

/* Requirements text written from a lock: a header naming the exporter
 * (`uv export`, `poetry export`, `pdm export`, `pipenv requirements`,
 * pip-compile) or saying it was exported, or nearly every requirement
 * (all but a tenth, which a maintainer may have loosened by hand) pinned
 * with `==` and an environment marker, which is how `poetry export`
 * writes them. */
static int exported_from_lock(const char *text, size_t len)
{
    static const char *const exporters[] = {"uv export", "poetry export", "pdm export",
                                            "pipenv requirements", "pip-compile", "uv pip compile",
                                            NULL};
    int reqs = 0, pinned = 0;
    for (size_t at = 0; at < len;) {
        const char *line = text + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + 1;
        if (n && line[0] == '#') {
            for (int e = 0; exporters[e]; e++)
                if (memmem(line, n, exporters[e], strlen(exporters[e])))
                    return 1;
            /* `# exported from infinity version 0.70.0`, at the top */
            if (!reqs && (memmem(line, n, "exported", 8) || memmem(line, n, "Exported", 8)))
                return 1;
            continue;
        }
        /* blank lines, options and `--hash` continuations */
        size_t lead = 0;
        while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (lead == n || line[lead] == '-' || lead > 0)
            continue;
        reqs++;
        pinned += memmem(line, n, "==", 2) && memchr(line, ';', n);
    }
    return reqs >= 10 ? pinned * 10 >= reqs * 9 : reqs > 0 && pinned == reqs;
}

/* The requirements file `req_cmd` installed (read from the build context)
 * was exported from the lock: the context path, else NULL. `dir` is the
 * directory `cmd` of `run` runs in; a `cd` between the two commands makes
 * the file's place unknown. */
static const char *requirements_exported(pl_check *c, const pl_rt_facts *fx, const pl_ctx_info *ctx,
                                         const pl_rt_copy **copies, int ncopies,
                                         const pl_df_instr *run, const pl_sh_cmd *cmd,
                                         const pl_df_instr *req, const pl_sh_cmd *req_cmd,
                                         const char *dir)
{
    pl_arena *a = pl_check_arena(c);
    const char *file = pl_sh_flag_value(req_cmd, "r");
    if (!file)
        file = pl_sh_flag_value(req_cmd, "requirement");
    if (!file || !ctx || strchr(file, '$'))
        return NULL;
    const pl_sh_script *sc = fx->run[req->index];
    int from = 0;
    while (from < sc->ncmds && &sc->cmds[from] != req_cmd)
        from++;
    if (req != run)
        dir = fx->workdir[req->index];
    for (int q = req == run ? from : 0; q < sc->ncmds && &sc->cmds[q] != cmd; q++)
        if ((req == run || q < from) && (pl_sh_is(&sc->cmds[q], "cd") || pl_sh_is(&sc->cmds[q], "pushd")))
            return NULL;
    if (!dir)
        return NULL;
    const char *path = pl_rt_path_join(a, dir, file);
    for (int i = ncopies - 1; i >= 0; i--) {
        const char *why;
        if (copies[i]->ins->index > req->index ||
            pl_rt_copy_lands(a, copies[i], ctx, path, &why) == PL_RT_ABSENT)
            continue;
        const char *src = pl_rt_copy_source(a, copies[i], path);
        if (!src)
            return NULL;
        src = pl_rt_path_join(a, "/", src) + 1;
        size_t got;
        const char *buf = pl_ctx_read_file(c, ctx, src, MAX_EXPORT_BYTES, &got);
        return buf && got > 0 && exported_from_lock(buf, got) ? src : NULL;
    }
    return NULL;
}

/* The COPY before the RUN whose wildcard source names `lock` (`COPY
 * pyproject.toml uv.lock* ./`) into `dir`: it copies the lock whenever
 * the build context has one. NULL when none does. */
static const pl_rt_copy *glob_copies_lock(pl_arena *a, const pl_rt_copy **copies, int ncopies,
                                          const char *dir, const char *lock)
{
    const char *lock_at = pl_rt_path_join(a, dir, lock);
    for (int i = ncopies - 1; i >= 0; i--) {
        const pl_rt_copy *cp = copies[i];
        if (cp->from || cp->unknown || !cp->dest ||
            (strcmp(cp->dest, dir) && strcmp(cp->dest, lock_at)))
            continue;
        for (int k = 0; k < cp->nsrcs; k++)
            if (pl_rt_has_glob(cp->srcs[k]) && !fnmatch(pl_rt_basename(cp->srcs[k]), lock, 0))
                return cp;
    }
    return NULL;
}

/* The newest COPY before the RUN that lands a file at `path`, and the
 * context path it comes from (*src; NULL when not told). */
static const pl_rt_copy *landing(pl_arena *a, const pl_rt_copy **copies, int ncopies,
                                 const pl_ctx_info *ctx, const char *path, const char **src)
{
    for (int i = ncopies - 1; i >= 0; i--) {
        const char *why;
        if (pl_rt_copy_lands(a, copies[i], ctx, path, &why) == PL_RT_FILE) {
            *src = pl_rt_copy_source(a, copies[i], path);
            return copies[i];
        }
    }
    return NULL;
}

/* An install in a member package of a workspace uses the lock at the
 * workspace root: the nearest directory above `dir` where the COPYs put
 * pnpm-workspace.yaml (pnpm), or a package.json declaring "workspaces"
 * (npm, yarn), and the lock beside it. Returns that directory in the
 * image and sets *src_dir to where the root came from in the context;
 * NULL when there is none (the install is then judged by what is beside
 * it, as any other). */
static const char *workspace_root(pl_check *c, const install *in, const pl_rt_copy **copies,
                                  int ncopies, const pl_ctx_info *ctx, const char *dir,
                                  const char **src_dir)
{
    if (in->e != ECO_NPM && in->e != ECO_YARN && in->e != ECO_PNPM)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    const char *marker = in->e == ECO_PNPM ? "pnpm-workspace.yaml" : "package.json";
    if (!dir || dir[0] != '/')
        return NULL;
    for (const char *up = dir; strcmp(up, "/");) {
        const char *parent = pl_rt_dirname(a, up);
        if (!strcmp(parent, up))
            break;
        up = parent;
        const char *src = NULL;
        const pl_rt_copy *cp = landing(a, copies, ncopies, ctx, pl_rt_path_join(a, up, marker), &src);
        const char *lock_src = NULL;
        if (!cp || !src || !landing(a, copies, ncopies, ctx, pl_rt_path_join(a, up, in->locks[0]),
                                    &lock_src))
            continue;
        if (in->e != ECO_PNPM) {
            size_t got = 0;
            const char *rel = pl_rt_path_join(a, "/", src) + 1;
            const char *text = ctx ? pl_ctx_read_file(c, ctx, rel, 1 << 20, &got) : NULL;
            if (!text || !strstr(text, "\"workspaces\""))
                continue;
        }
        *src_dir = pl_rt_dirname(a, pl_rt_path_join(a, "/", src));
        return up;
    }
    return NULL;
}

static void check_install(pl_check *c, const pl_df_model *m, const pl_rt_facts *fx, const pl_stage *s,
                          const pl_df_instr *run, const char *script, const pl_sh_cmd *cmd,
                          const install *in, const char *dir, const pl_ctx_info *ctx, tally *t)
{
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, s, &chain);
    const char *what = in->what;
    t->installs++;
    const char *manifest_at = pl_rt_path_join(a, dir, in->manifest);

    /* the COPYs before this RUN, newest last */
    const pl_rt_copy *man_copy = NULL;
    const char *man_src = NULL;
    const pl_rt_copy **copies = PL_NEW_N(a, const pl_rt_copy *, run->index + 1 + run->nflags);
    int ncopies = 0;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins == run)
                goto gathered;
            if (fx->copy[ins->index] && ncopies <= run->index)
                copies[ncopies++] = fx->copy[ins->index];
        }
gathered:
    /* RUN --mount=type=bind,source=uv.lock,target=uv.lock: there for this RUN */
    for (int i = 0; i < run->nflags; i++) {
        pl_rt_copy *b = bind_mount(a, m, run, &run->flags[i], fx->workdir[run->index]);
        if (b)
            copies[ncopies++] = b;
    }
    for (int i = ncopies - 1; i >= 0 && !man_copy; i--) {
        const char *why;
        if (pl_rt_copy_lands(a, copies[i], ctx, manifest_at, &why) != PL_RT_ABSENT) {
            man_copy = copies[i];
            man_src = pl_rt_copy_source(a, copies[i], manifest_at);
        }
    }
    if (!man_copy || !man_src) {
        t->skip = pl_arena_printf(a, "%s at line %d: no COPY of %s from the build context before it",
                                  what, run->span.line, in->manifest);
        return;
    }
    const char *man_dir = pl_rt_dirname(a, pl_rt_path_join(a, "/", man_src));
    /* where the install looks for the lock, in the image and in the context */
    const char *lock_dir = dir, *lock_src_dir = man_dir;
    const char *ws_src = NULL, *ws = workspace_root(c, in, copies, ncopies, ctx, dir, &ws_src);
    if (ws) {
        lock_dir = ws;
        lock_src_dir = ws_src;
    }
    for (int l = 0; l < 2 && in->locks[l]; l++) {
        const char *lock = in->locks[l];
        const char *lock_src = pl_rt_path_join(a, lock_src_dir, lock) + 1;
        pl_rt_ctx st = pl_rt_context_stat(a, ctx, lock_src);
        const pl_rt_copy *glob = st == PL_RT_FILE ? NULL
                                                  : glob_copies_lock(a, copies, ncopies, lock_dir, lock);
        if (glob) {
            /* the COPY takes the lock when there is one: that there is
             * none is no "not used" */
            t->skip = pl_arena_printf(a, st == PL_RT_ABSENT
                                             ? "%s at line %d: the COPY at line %d copies %s when "
                                               "the build context has one, and it has none"
                                             : "%s at line %d: the COPY at line %d copies %s when "
                                               "the build context has one; whether it has is not "
                                               "known",
                                      what, run->span.line, glob->ins->span.line, lock);
            return;
        }
        /* named by a COPY or needed by the command: it exists, or the
         * build fails on it (which other rules report) */
        int exists = st == PL_RT_FILE || copied_anywhere(a, m, lock) || in->implied;
        if (!exists)
            continue;
        if (in->e == ECO_PROJECT_PIP) {
            /* the dependencies went in first from a requirements file this
             * Dockerfile exported from the lock: the project install then
             * finds them satisfied */
            const pl_sh_cmd *req_cmd = NULL;
            const pl_df_instr *req = requirements_first(fx, chain, n, run, cmd, &req_cmd);
            const pl_df_instr *exp = req ? lock_export(m, fx) : NULL;
            if (exp) {
                t->skip = pl_arena_printf(a, "%s at line %d: the dependencies were installed first "
                                          "(line %d) from requirements exported from the lock (line %d)",
                                          what, run->span.line, req->span.line, exp->span.line);
                return;
            }
            /* the same with the exported file kept in the repository */
            const char *exported = req ? requirements_exported(c, fx, ctx, copies, ncopies, run, cmd,
                                                               req, req_cmd, dir)
                                       : NULL;
            if (exported) {
                t->ok++;
                t->note = pl_arena_printf(a, "%s at line %d installs after %s (line %d), which was "
                                          "exported from the lock",
                                          what, run->span.line, exported, req->span.line);
                return;
            }
            pl_fail(c, pl_df_script_span(run, script, &cmd->argv[0]), NULL,
                    "%s resolves the dependencies of %s afresh; %s is not used",
                    what, in->manifest, lock);
            return;
        }
        const char *lock_at = pl_rt_path_join(a, lock_dir, lock);
        int copied = 0;
        for (int i = 0; i < ncopies && !copied; i++) {
            const char *why;
            copied = pl_rt_copy_lands(a, copies[i], ctx, lock_at, &why) != PL_RT_ABSENT;
        }
        if (!copied) {
            pl_fail(c, pl_df_script_span(run, script, &cmd->argv[0]), NULL,
                    man_copy->ins == run ? "%s runs without %s mounted (only %s is, line %d)"
                                         : "%s runs before %s is copied (only %s is, line %d)",
                    what, lock, in->manifest, man_copy->ins->span.line);
            return;
        }
        if (!in->locked && in->unknown_flags) {
            t->skip = pl_arena_printf(a, "%s at line %d: %s has a value not known statically, "
                                      "which may hold --frozen or --locked",
                                      what, run->span.line, in->unknown_flags);
            return;
        }
        if (!in->locked) {
            const char *how = in->e == ECO_UV_SYNC ? "without --frozen or --locked, so it may re-resolve and rewrite"
                                                   : "without --deploy, so it may re-lock and ignore";
            pl_fail(c, pl_df_script_span(run, script, &cmd->argv[0]), NULL, "%s runs %s %s", what,
                    how, lock);
            return;
        }
        t->ok++;
        if (ws && !t->note)
            t->note = pl_arena_printf(a, "%s at line %d runs in a member of the workspace at %s, "
                                      "whose %s it uses",
                                      what, run->span.line, ws, lock);
        return;
    }
    const char *locks = in->locks[1] ? pl_arena_printf(a, "%s or %s", in->locks[0], in->locks[1])
                                     : in->locks[0];
    t->skip = pl_arena_printf(a, ctx ? "%s at line %d: no %s beside %s in the build context"
                                     : "%s at line %d: whether %s exists beside %s is not known (the build context is not on disk)",
                              what, run->span.line, locks, man_src);
}

void pl_check_lockfile_not_used(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_ctx_info *ctx = pl_rt_context(c, f);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    tally t = {0};
    for (int si = 0; si < m->nstages; si++) {
        const pl_stage *s = m->stages[si];
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *run = s->instrs[i];
            if (run->kind != PL_DF_RUN)
                continue;
            const char *script = fx->script[run->index];
            const pl_sh_script *sc = fx->run[run->index];
            const char *dir = fx->workdir[run->index];
            for (int q = 0; q < sc->ncmds && dir; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                if (pl_sh_is(cmd, "cd")) {
                    dir = cmd->argc == 2 && !cmd->argv[1].has_expansion
                              ? pl_rt_path_join(a, dir, cmd->argv[1].text)
                              : NULL;
                    continue;
                }
                install in;
                if (read_install(a, m, run, cmd, &in))
                    check_install(c, m, fx, s, run, script, cmd, &in, dir, ctx, &t);
            }
        }
    }
    if (t.ok)
        pl_pass(c, (pl_span){0}, "%d install%s from a manifest use%s the lockfile%s%s%s%s", t.ok,
                t.ok == 1 ? "" : "s", t.ok == 1 ? "s" : "", t.note ? " (" : "", t.note ? t.note : "",
                t.note ? ")" : "", t.skip ? pl_arena_printf(a, "; %s", t.skip) : "");
    else if (t.skip)
        pl_skip(c, "%s", t.skip);
    else
        pl_skip(c, "no dependency install from a manifest (npm, yarn, pnpm, poetry, uv, pip, pipenv)");
}
