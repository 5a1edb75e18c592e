/* df_runtime_toolchain.c — PL1301 final-stage-toolchain: in a multi-stage
 * build, the final image does not carry compilers and -dev packages. */
#include <string.h>

#include "df_image_role.h"
#include "df_jit.h"
#include "df_runtime_util.h"

static int is_remove_cmd(const pl_sh_cmd *cmd, int *apk)
{
    const char *n = pl_sh_name(cmd);
    const char *verb = NULL;
    for (int i = 1; i < cmd->argc && !verb; i++)
        if (cmd->argv[i].text[0] != '-')
            verb = cmd->argv[i].text;
    *apk = !strcmp(n, "apk");
    if (!verb)
        return 0;
    if (*apk)
        return !strcmp(verb, "del");
    if (!strcmp(n, "apt-get") || !strcmp(n, "apt") || !strcmp(n, "aptitude"))
        return !strcmp(verb, "purge") || !strcmp(verb, "remove") || !strcmp(verb, "autoremove");
    if (!strcmp(n, "yum") || !strcmp(n, "dnf") || !strcmp(n, "microdnf") || !strcmp(n, "zypper"))
        return !strcmp(verb, "remove") || !strcmp(verb, "erase") || !strcmp(verb, "rm");
    return 0;
}

static int names(const pl_sh_cmd *cmd, const char *word)
{
    size_t n = strcspn(word, "=<>~:");
    for (int i = 1; i < cmd->argc; i++)
        if (strlen(cmd->argv[i].text) == n && !strncmp(cmd->argv[i].text, word, n))
            return 1;
    return 0;
}

/* Is the package installed by command `at` removed again later in the
 * same script: by name, by its apk --virtual group, or by the
 * `apt-mark auto ... apt-get purge --auto-remove` idiom? */
static int removed_later(const pl_sh_script *sc, int at, const char *pkg)
{
    const pl_sh_cmd *inst = &sc->cmds[at];
    const char *group = pl_sh_flag_value(inst, "virtual");
    if (!group && pl_sh_is(inst, "apk"))
        group = pl_sh_flag_value(inst, "t");
    int marked_auto = 0;
    for (int i = at + 1; i < sc->ncmds; i++) {
        const pl_sh_cmd *cmd = &sc->cmds[i];
        if ((pl_sh_is(cmd, "apt-mark") && pl_sh_has_arg(cmd, "auto")) || pl_sh_xargs_mark_auto(cmd))
            marked_auto = 1;
        int apk;
        if (!is_remove_cmd(cmd, &apk))
            continue;
        if (names(cmd, pkg) || (group && apk && names(cmd, group)))
            return 1;
        if (!apk && marked_auto && (pl_sh_has_flag(cmd, "auto-remove") ||
                                    pl_sh_has_flag(cmd, "autoremove") || pl_sh_has_arg(cmd, "autoremove")))
            return 1;
    }
    return 0;
}

/* A compiler or build tool rather than a -dev/-devel library package. */
static int compiler_package(const char *p)
{
    size_t n = strcspn(p, "=<>~:");
    return pl_toolchain_package(p) && !(n > 4 && !strncmp(p + n - 4, "-dev", 4)) &&
           !(n > 6 && !strncmp(p + n - 6, "-devel", 6));
}

/* Whether a RUN of the chain installs a compiler or build tool it keeps. */
static int chain_keeps_compiler(pl_arena *a, const pl_stage **chain, int n)
{
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins->kind != PL_DF_RUN)
                continue;
            const char *script;
            pl_sh_script *sc = pl_df_run_shell(a, ins, &script);
            for (int q = 0; q < sc->ncmds; q++) {
                int np;
                const pl_sh_word **pk = pl_sh_installed_packages(a, &sc->cmds[q], &np);
                for (int p = 0; p < np; p++)
                    if (compiler_package(pk[p]->text) && !removed_later(sc, q, pk[p]->text))
                        return 1;
            }
        }
    return 0;
}

void pl_check_final_stage_toolchain(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    if (m->nstages < 2) {
        pl_skip(c, "single-stage build (multi-stage judges it)");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    int installs = 0, failed = 0;
    /* the default reading: a -dev library without a compiler to use it is
     * how many distributions name a runtime dependency (libssl-dev for a
     * program that links at start, libxrender-dev from OpenCV's notes), not
     * a toolchain */
    int libs_count = pl_check_reading(c) != PL_READING_DEFAULT || chain_keeps_compiler(a, chain, n);
    for (int k = 0; k < n; k++) {
        const pl_stage *s = chain[k];
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            if (ins->kind != PL_DF_RUN)
                continue;
            const char *script;
            pl_sh_script *sc = pl_df_run_shell(a, ins, &script);
            pl_strbuf list;
            pl_sb_init(&list, a);
            const pl_sh_word *first = NULL;
            int count = 0;
            for (int q = 0; q < sc->ncmds; q++) {
                int np;
                const pl_sh_word **pk = pl_sh_installed_packages(a, &sc->cmds[q], &np);
                installs += np > 0;
                for (int p = 0; p < np; p++) {
                    if (!pl_toolchain_package(pk[p]->text) || removed_later(sc, q, pk[p]->text) ||
                        (!libs_count && !compiler_package(pk[p]->text)))
                        continue;
                    if (!first)
                        first = pk[p];
                    if (count++ < 4)
                        pl_sb_printf(&list, "%s%s", count > 1 ? ", " : "", pk[p]->text);
                }
            }
            if (!first)
                continue;
            if (count > 4)
                pl_sb_printf(&list, " and %d more", count - 4);
            if (!failed && pl_skip_not_shipped(c, f, m))
                return;
            const char *jit = failed || pl_check_reading(c) != PL_READING_DEFAULT
                                  ? NULL
                                  : pl_df_jit_runtime(a, m);
            if (jit) {
                pl_skip(c, "%s", jit);
                return;
            }
            failed++;
            const char *stage = s->name ? pl_arena_printf(a, "stage %s", s->name)
                                        : pl_arena_printf(a, "stage %d", s->index);
            pl_fail(c, pl_df_script_span(ins, script, first), NULL,
                    "%s%s installs %s (line %d); the build toolchain ships in the final image",
                    stage, s == m->final ? " (final)" : " (the final stage is built FROM it)",
                    pl_sb_str(&list), ins->span.line);
        }
    }
    if (!failed && installs)
        pl_pass(c, m->final->from->span, "%d package install%s in the final image, no build toolchain",
                installs, installs == 1 ? "" : "s");
    else if (!failed)
        pl_skip(c, "no package install in the final image: what the base image holds is not known");
}
