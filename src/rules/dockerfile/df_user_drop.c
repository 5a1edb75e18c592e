/* df_user_drop.c — see df_user_drop.h. */
#include <fnmatch.h>
#include <string.h>

#include "df_runtime_util.h"
#include "df_user_drop.h"

/* an entrypoint script is small; a longer file is read up to here */
#define MAX_SCRIPT_BYTES (256 * 1024)

/* Programs that start the command after them and stay out of its way. */
static int init_wrapper(const char *b)
{
    return pl_rt_in_list("tini tini-static dumb-init catatonit exec nohup", b);
}

/* The command `argv` (from word `i`) switches to another user to run what
 * follows: gosu, su-exec, s6-setuidgid, setuidgid, `chpst -u`,
 * `runuser -u`, `setpriv --reuid`, or `su ... -c` under exec. Returns the
 * tool's name, or NULL. */
static const char *drops_root(const char *const *argv, int argc, int i, int under_exec)
{
    if (i >= argc)
        return NULL;
    const char *b = pl_rt_basename(argv[i]);
    if (pl_rt_in_list("gosu su-exec s6-setuidgid setuidgid", b))
        return b;
    for (int k = i + 1; k < argc; k++) {
        const char *t = argv[k];
        if (!strcmp(b, "chpst") && !strncmp(t, "-u", 2))
            return "chpst -u";
        if (!strcmp(b, "runuser") && (!strncmp(t, "-u", 2) || !strncmp(t, "--user", 6)))
            return "runuser -u";
        if (!strcmp(b, "setpriv") && !strncmp(t, "--reuid", 7))
            return "setpriv --reuid";
        if (!strcmp(b, "su") && under_exec && (!strcmp(t, "-c") || !strncmp(t, "--command", 9)))
            return "su -c";
    }
    return NULL;
}

/* 1-based line of byte `off` of `text`. */
static int line_at(const char *text, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

/* The first command of `script` that drops root: its tool, *line set. */
static const char *script_drops_root(pl_arena *a, const char *text, size_t len, int *line)
{
    pl_sh_script *sc = pl_sh_parse(a, text, len);
    for (int q = 0; q < sc->ncmds; q++) {
        const pl_sh_cmd *cmd = &sc->cmds[q];
        const char **argv = PL_NEW_N(a, const char *, cmd->argc + 1);
        for (int k = 0; k < cmd->argc; k++)
            argv[k] = cmd->argv[k].text;
        int i = 0, under_exec = 0;
        while (i < cmd->argc && pl_rt_in_list("exec command nohup nice", argv[i])) {
            under_exec |= !strcmp(argv[i], "exec");
            i++;
        }
        const char *tool = drops_root(argv, cmd->argc, i, under_exec);
        if (tool) {
            *line = line_at(text, cmd->argv[i].offset);
            return tool;
        }
    }
    return NULL;
}

/* The words of an exec- or shell-form ENTRYPOINT/CMD (shell form: its
 * first simple command). */
static int command_words(pl_arena *a, const pl_df_instr *ins, const char ***out)
{
    if (ins->json) {
        const char **w = PL_NEW_N(a, const char *, ins->nargs + 1);
        for (int i = 0; i < ins->nargs; i++)
            w[i] = ins->args[i].text;
        *out = w;
        return ins->nargs;
    }
    const char *t = ins->nargs ? ins->args[0].text : "";
    pl_sh_script *sc = pl_sh_parse(a, t, strlen(t));
    if (!sc->ncmds)
        return 0;
    const char **w = PL_NEW_N(a, const char *, sc->cmds[0].argc + 1);
    for (int i = 0; i < sc->cmds[0].argc; i++)
        w[i] = sc->cmds[0].argv[i].text;
    *out = w;
    return sc->cmds[0].argc;
}

/* The context file COPY/ADD `cp` puts at absolute path `target`, as a
 * context-relative path, or NULL. */
static const char *source_of(pl_arena *a, const pl_ctx_info *ctx, const pl_rt_copy *cp,
                             const char *target)
{
    if (cp->from || cp->unknown)
        return NULL;
    for (int i = 0; i < cp->nsrcs; i++) {
        const char *src = cp->srcs[i];
        if ((src[0] == '<' && src[1] == '<') || strstr(src, "://"))
            continue;
        if (pl_rt_has_glob(src)) {
            const char *sdir = pl_rt_dirname(a, src);
            if (cp->dest_dir && !strcmp(pl_rt_dirname(a, target), cp->dest) && !pl_rt_has_glob(sdir) &&
                fnmatch(pl_rt_basename(src), pl_rt_basename(target), 0) == 0) {
                const char *rel = pl_arena_printf(a, "%s/%s", sdir, pl_rt_basename(target));
                if (pl_rt_context_stat(a, ctx, rel) == PL_RT_FILE)
                    return rel;
            }
            continue;
        }
        pl_rt_ctx kind = pl_rt_context_stat(a, ctx, src);
        const char *landing = cp->dest_dir ? pl_rt_path_join(a, cp->dest, pl_rt_basename(src)) : cp->dest;
        if (kind == PL_RT_FILE && !strcmp(landing, target))
            return src;
        if (kind == PL_RT_DIR && pl_rt_path_under(target, cp->dest) && strcmp(target, cp->dest)) {
            size_t dl = strcmp(cp->dest, "/") ? strlen(cp->dest) : 0;
            const char *rel = pl_arena_printf(a, "%s/%s", src, target + dl + 1);
            if (pl_rt_context_stat(a, ctx, rel) == PL_RT_FILE)
                return rel;
        }
    }
    return NULL;
}

/* The paths inside the stage `cp` copies from that may land at `target`
 * (whether a source is a file or a directory is not known there): up to
 * two per source, in out[]; returns the count. */
static int stage_paths_of(pl_arena *a, const pl_rt_copy *cp, const char *target, const char **out,
                          int max)
{
    int n = 0;
    size_t dl = strcmp(cp->dest, "/") ? strlen(cp->dest) : 0;
    int below = pl_rt_path_under(target, cp->dest) && strcmp(target, cp->dest);
    for (int i = 0; i < cp->nsrcs && n + 2 <= max; i++) {
        if (pl_rt_has_glob(cp->srcs[i]))
            continue;
        const char *src = pl_rt_path_join(a, "/", cp->srcs[i]);
        const char *landing = cp->dest_dir ? pl_rt_path_join(a, cp->dest, pl_rt_basename(src)) : cp->dest;
        if (!strcmp(landing, target))
            out[n++] = src; /* a file */
        if (below)
            out[n++] = pl_rt_path_join(a, src, target + dl + 1); /* a directory's content */
    }
    return n;
}

/* The context file that the image of `chain` (n stages) holds at absolute
 * path `target`: the last COPY/ADD landing there decides, through `COPY
 * --from=STAGE` into that stage's own COPYs (the script a build stage
 * took from the context with `COPY . .`). NULL when unknown. */
static const char *context_file_at(pl_arena *a, const pl_ctx_info *ctx, const pl_df_model *m,
                                   const pl_rt_facts *fx, const pl_stage **chain, int n,
                                   const char *target, int depth)
{
    for (int k = n - 1; k >= 0; k--)
        for (int q = chain[k]->ninstrs - 1; q >= 0; q--) {
            const pl_rt_copy *cp = fx->copy[chain[k]->instrs[q]->index];
            if (!cp)
                continue;
            if (!cp->from) {
                const char *rel = source_of(a, ctx, cp, target);
                if (rel)
                    return rel;
                continue;
            }
            const pl_stage *st = cp->unknown || depth >= 4
                                     ? NULL
                                     : pl_model_stage_named(m, cp->from, cp->ins->index);
            if (!st)
                continue;
            const char *inner[8];
            int ni = stage_paths_of(a, cp, target, inner, 8);
            const pl_stage **sub;
            int ns = ni ? pl_rt_chain(a, st, &sub) : 0;
            for (int i = 0; i < ni; i++) {
                const char *rel = context_file_at(a, ctx, m, fx, sub, ns, inner[i], depth + 1);
                if (rel)
                    return rel;
            }
        }
    return NULL;
}

/* How the report shows context file `rel`. */
static const char *shown(pl_arena *a, const pl_ctx_info *ctx, const char *rel)
{
    const char *clean = pl_rt_path_join(a, "/", rel) + 1;
    if (!ctx->dir || !strcmp(ctx->dir, "."))
        return clean;
    return pl_arena_printf(a, "%s/%s", ctx->dir, clean);
}

/* linuxserver.io's base images (ghcr.io/linuxserver/baseimage-alpine,
 * lscr.io/linuxserver/baseimage-ubuntu ...): their ENTRYPOINT is
 * s6-overlay's /init, which starts each service from its run script as the
 * user abc (PUID/PGID), their documented design. */
static int linuxserver_base(pl_arena *a, const pl_stage *root)
{
    if (root->is_scratch || root->base_unknown || !root->image.repository || !root->image.registry)
        return 0;
    const char *reg = pl_lower(a, root->image.registry);
    const char *repo = pl_lower(a, root->image.repository);
    return (!strcmp(reg, "ghcr.io") || !strcmp(reg, "lscr.io")) &&
           !strncmp(repo, "linuxserver/baseimage-", 22);
}

const char *pl_entrypoint_drops_root(pl_check *c, const pl_file *f, const pl_df_model *m)
{
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_df_instr *ep, *cmd;
    pl_rt_image_command(chain, n, &ep, &cmd);
    if (!ep && n && linuxserver_base(a, chain[0]))
        return pl_arena_printf(a, "the base image %s (line %d) runs s6-overlay's /init, which "
                                  "starts each service from its run script as the user abc "
                                  "(PUID/PGID)",
                               chain[0]->base, chain[0]->from->span.line);
    const pl_df_instr *runs = ep ? ep : cmd;
    if (!runs)
        return NULL;
    const char **w;
    int nw = command_words(a, runs, &w);
    const char *kw = runs == ep ? "ENTRYPOINT" : "CMD";
    int i = 0;
    while (i < nw && (init_wrapper(pl_rt_basename(w[i])) || w[i][0] == '-'))
        i++;
    if (i >= nw)
        return NULL;
    const char *tool = drops_root(w, nw, i, 1);
    if (tool)
        return pl_arena_printf(a, "%s runs %s (line %d), which starts the service as another user",
                               kw, tool, runs->span.line);
    /* s6-overlay's init: each service's run script picks its user */
    if (!strcmp(w[i], "/init"))
        return pl_arena_printf(a, "%s is s6-overlay's /init (line %d), which starts each service "
                                  "from its run script, where the user is dropped",
                               kw, runs->span.line);
    const char *prog = w[i];
    if (pl_rt_in_list("sh bash ash dash zsh", pl_rt_basename(prog))) {
        if (i + 1 >= nw || w[i + 1][0] == '-')
            return NULL;
        prog = w[i + 1];
    }
    if (strchr(prog, '$'))
        return NULL;
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const char *targets[8];
    int nt = 0;
    if (strchr(prog, '/')) {
        const char *wd = fx->workdir[runs->index];
        if (prog[0] != '/' && !wd)
            return NULL;
        targets[nt++] = pl_rt_path_join(a, wd ? wd : "/", prog);
    } else {
        static const char *const path_dirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                                "/usr/bin", "/sbin", "/bin"};
        for (int k = 0; k < 6; k++)
            targets[nt++] = pl_rt_path_join(a, path_dirs[k], prog);
    }
    const pl_ctx_info *ctx = pl_rt_context(c, f);
    if (!ctx)
        return NULL;
    const char *rel = NULL;
    for (int t = 0; t < nt && !rel; t++)
        rel = context_file_at(a, ctx, m, fx, chain, n, targets[t], 0);
    if (!rel)
        return NULL;
    size_t len;
    const char *buf = pl_ctx_read_file(c, ctx, rel, MAX_SCRIPT_BYTES, &len);
    if (!buf || !len)
        return NULL;
    int line = 0;
    const char *drop = script_drops_root(a, buf, len, &line);
    if (!drop)
        return NULL;
    return pl_arena_printf(a, "%s runs %s (line %d), which drops root with %s at %s:%d "
                              "before the service starts",
                           kw, prog, runs->span.line, drop, shown(a, ctx, rel), line);
}
