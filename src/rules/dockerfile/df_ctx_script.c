/* df_ctx_script.c — see df_ctx_script.h. */
#include <stdlib.h>
#include <string.h>

#include "df_ctx_script.h"
#include "df_pipreq.h"

#define MAX_SCRIPT_BYTES (256 * 1024)

const pl_sh_word *pl_ctx_script_word(const pl_sh_cmd *cmd)
{
    if (cmd->argc < 1)
        return NULL;
    const char *name = pl_sh_name(cmd);
    if (pl_rt_in_list("sh bash ash dash . source", cmd->argv[0].text) ||
        pl_rt_in_list("sh bash ash dash", name)) {
        /* the first operand that is not an option; `sh -c '...'` runs text */
        for (int i = 1; i < cmd->argc; i++) {
            const char *t = cmd->argv[i].text;
            if (!strcmp(t, "-c"))
                return NULL;
            if (t[0] != '-')
                return &cmd->argv[i];
        }
        return NULL;
    }
    const char *path = cmd->argv[0].text;
    return strchr(path, '/') && !pl_rt_system_program(path) ? &cmd->argv[0] : NULL;
}

int pl_ctx_script_line(const char *text, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

void pl_ctx_script_read(pl_check *c, const pl_file *f, const pl_df_model *m, const pl_rt_facts *fx,
                        const pl_df_instr *run, const pl_sh_word *word, pl_ctx_script *out)
{
    pl_arena *a = pl_check_arena(c);
    memset(out, 0, sizeof *out);
    const char *path = word->text;
    if (word->has_expansion) {
        out->why = pl_arena_printf(a, "%s is only known when the build runs", path);
        return;
    }
    const char *workdir = fx->workdir[run->index];
    if (path[0] != '/' && !workdir) {
        out->why = pl_arena_printf(a, "the working directory %s runs in is not known", path);
        return;
    }
    const char *at = pl_rt_path_join(a, workdir ? workdir : "/", path);
    const pl_stage *s = m->stage_of[run->index];
    const pl_stage **chain;
    int n = s ? pl_rt_chain(a, s, &chain) : 0;
    const pl_ctx_info *ctx = pl_rt_context(c, f);
    const pl_rt_copy *landed = NULL;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins->index >= run->index)
                break;
            const pl_rt_copy *cp = fx->copy[ins->index];
            const char *why;
            if (cp && pl_rt_copy_lands(a, cp, ctx, at, &why) != PL_RT_ABSENT)
                landed = cp;
        }
    if (!landed) {
        out->why = pl_arena_printf(a, "no COPY or ADD of the build context puts %s there", at);
        return;
    }
    const char *src = pl_rt_copy_source(a, landed, at);
    if (!src || landed->unknown) {
        out->why = pl_arena_printf(a, "%s comes from %s (line %d), not a file of the build context",
                                   at, landed->from ? landed->from : "a source not known statically",
                                   landed->ins->span.line);
        return;
    }
    if (!ctx) {
        out->why = pl_arena_printf(a, "%s comes from the build context, which is not on disk", at);
        return;
    }
    const char *rel = pl_rt_path_join(a, "/", src) + 1;
    size_t got;
    const char *text = pl_ctx_read_file(c, ctx, rel, MAX_SCRIPT_BYTES, &got);
    if (!text) {
        out->why = pl_arena_printf(a, "%s (from %s) cannot be read", at, pl_pipreq_shown(c, f, rel));
        return;
    }
    out->text = text;
    out->len = got;
    out->read = 1;
    out->shown = pl_pipreq_shown(c, f, rel);
}
