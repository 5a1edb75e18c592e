/* df_py_version.c — PL1306 python-version-mismatch: a virtualenv, user
 * site or site-packages copied from a stage built on another Python
 * version than the stage it is copied into. Versions come from image tags
 * (df_runtime_base.c) and from `pythonX.Y` in the copied paths. */
#include <ctype.h>
#include <string.h>

#include "df_runtime_base.h"

/* "3.11" from the first `python3.11` component of a path; NULL. */
static const char *path_version(pl_arena *a, const char *path)
{
    for (const char *p = strstr(path, "python3."); p; p = strstr(p + 1, "python3.")) {
        if (p != path && p[-1] != '/')
            continue;
        const char *d = p + 8;
        size_t n = 0;
        while (isdigit((unsigned char)d[n]))
            n++;
        if (n && (d[n] == '/' || !d[n]))
            return pl_arena_printf(a, "3.%.*s", (int)n, d);
    }
    return NULL;
}

/* A copy that brings an interpreter: /usr/local, its bin or lib, /opt,
 * /python (uv's managed Pythons), a python3.X binary or libpython. */
static int copies_interpreter(pl_arena *a, const pl_rt_copy *cp)
{
    for (int q = 0; q < cp->nsrcs; q++) {
        const char *src = pl_rt_path_join(a, "/", cp->srcs[q]);
        const char *b = pl_rt_basename(src);
        if (!strcmp(src, "/") || !strcmp(src, "/usr") || !strcmp(src, "/usr/local") ||
            !strcmp(src, "/usr/local/bin") || !strcmp(src, "/usr/local/lib") || !strcmp(src, "/opt") ||
            pl_rt_path_under(src, "/python") || pl_rt_path_under(src, "/opt/python") ||
            strstr(src, "/.local/share/uv") || !strncmp(b, "python3", 7) || !strncmp(b, "libpython", 9))
            return 1;
    }
    return 0;
}

/* Something in the chain (up to `upto`, NULL: all) may run another Python
 * than the base image's: a managed or self-built interpreter, conda,
 * pyenv, a versioned distribution package, UV_PYTHON, or an interpreter
 * copied from another stage. Returns the instruction, or NULL. */
static const pl_df_instr *other_python(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain,
                                       int n, const pl_df_instr *upto)
{
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (upto && ins->index >= upto->index)
                return NULL;
            if (ins->kind == PL_DF_ENV) {
                for (int w = 0; w < ins->nargs; w += 3)
                    if (!strcmp(ins->args[w].text, "UV_PYTHON"))
                        return ins;
                continue;
            }
            const pl_rt_copy *cp = fx->copy[ins->index];
            if (cp && cp->from && copies_interpreter(a, cp))
                return ins;
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                const char *nm = pl_sh_name(cmd);
                if (pl_rt_in_list("conda mamba micromamba pyenv asdf mise rye pixi configure", nm) ||
                    !strncmp(nm, "python3.", 8) ||
                    (!strcmp(nm, "uv") && (pl_sh_flag_value(cmd, "python") || pl_sh_flag_value(cmd, "p") ||
                                           (cmd->argc > 1 && !strcmp(cmd->argv[1].text, "python")))) ||
                    (!strcmp(nm, "virtualenv") && (pl_sh_flag_value(cmd, "python") || pl_sh_flag_value(cmd, "p"))))
                    return ins;
                int np;
                const pl_sh_word **pk = pl_sh_installed_packages(a, cmd, &np);
                for (int p = 0; p < np; p++)
                    if (!strncmp(pk[p]->text, "python3", 7) || !strncmp(pk[p]->text, "py3-", 4))
                        return ins;
            }
        }
    return NULL;
}

/* The Python version of the stage chain ending in `s`, from its base
 * image's tag; NULL when unknown or when something else may provide it. */
static const char *stage_python(pl_arena *a, const pl_rt_facts *fx, const pl_stage *s,
                                const pl_df_instr *upto, const pl_stage **root_out)
{
    const pl_stage **chain;
    int n = pl_rt_chain(a, s, &chain);
    *root_out = chain[0];
    if (other_python(a, fx, chain, n, upto))
        return NULL;
    return pl_rt_base_python(a, chain[0]);
}

void pl_check_python_version_mismatch(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    int copies = 0, failed = 0;
    const char *unknown = NULL, *evidence = NULL;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            const pl_rt_copy *cp = fx->copy[ins->index];
            if (!cp || !cp->from || cp->unknown)
                continue;
            const pl_stage *from = pl_model_stage_named(m, cp->from, ins->index);
            for (int q = 0; q < cp->nsrcs; q++) {
                const char *kind = pl_rt_python_env_copy(a, m, fx, cp, cp->srcs[q]);
                if (!kind)
                    continue;
                copies++;
                const char *shown = pl_arena_printf(a, "COPY --from=%s %s (line %d)", cp->from,
                                                    cp->srcs[q], ins->span.line);
                const pl_stage *src_root = NULL, *dst_root = NULL;
                const char *src_v = path_version(a, cp->srcs[q]);
                const char *img_v = from ? stage_python(a, fx, from, NULL, &src_root) : NULL;
                if (!src_v)
                    src_v = img_v;
                const char *dst_v = stage_python(a, fx, chain[k], ins, &dst_root);
                const char *dest_v = path_version(a, cp->dest);
                if (!src_v || !dst_v) {
                    unknown = pl_arena_printf(a, "%s: the Python version of %s is not known", shown,
                                              !src_v ? (from ? pl_arena_printf(a, "stage %s", cp->from) : cp->from)
                                                     : "the stage it is copied into");
                    continue;
                }
                const char *src_from = src_root ? pl_arena_printf(a, "%s at line %d", src_root->base,
                                                                  src_root->from->span.line)
                                                : cp->from;
                const char *dst_from = pl_arena_printf(a, "%s at line %d", dst_root->base,
                                                       dst_root->from->span.line);
                if (strcmp(src_v, dst_v) != 0) {
                    failed++;
                    pl_fail(c, pl_df_ins_span(ins), NULL,
                            "%s copies a %s built for Python %s (stage %s, FROM %s) into a stage with "
                            "Python %s (FROM %s): its packages are not on that interpreter's path and "
                            "compiled extensions do not load",
                            shown, kind, src_v, cp->from, src_from, dst_v, dst_from);
                } else if (dest_v && strcmp(dest_v, dst_v) != 0) {
                    failed++;
                    pl_fail(c, pl_df_ins_span(ins), NULL,
                            "%s copies site-packages to %s, but the stage runs Python %s (FROM %s), "
                            "which does not read that folder",
                            shown, cp->dest, dst_v, dst_from);
                } else {
                    evidence = pl_arena_printf(a, "%s: Python %s in both stages (FROM %s; FROM %s)",
                                               shown, src_v, src_from, dst_from);
                }
            }
        }
    if (failed)
        return;
    if (unknown)
        pl_skip(c, "%s", unknown);
    else if (!copies)
        pl_skip(c, "no virtualenv, user site or site-packages copied from another stage");
    else
        pl_pass(c, (pl_span){0}, "%s", evidence);
}
