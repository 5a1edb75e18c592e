/* df_ctx_script.h — the scripts a RUN runs that the Dockerfile copied in
 * from the build context (`COPY scripts/dist/ /scripts/` then `RUN ...
 * && /scripts/cleanup.sh`): which command runs one, and its text, read
 * from the context file the COPY/ADD took it from. */
#ifndef PLIMSOLL_DF_CTX_SCRIPT_H
#define PLIMSOLL_DF_CTX_SCRIPT_H

#include "df_runtime_util.h"

/* The path word of the script file `cmd` runs: argv[0] when it is a path
 * outside the system's program directories (`/scripts/cleanup.sh`,
 * `./install`), or the file operand of `sh|bash|ash|dash FILE`, `. FILE`,
 * `source FILE`. NULL otherwise. */
const pl_sh_word *pl_ctx_script_word(const pl_sh_cmd *cmd);

typedef struct {
    int read;          /* 1: text holds the script; 0: why says why not */
    const char *text;
    size_t len;
    const char *shown; /* the context file as the report shows it */
    const char *why;
} pl_ctx_script;

/* Reads the script `word` names for RUN `run`: the COPY/ADD of the
 * build context before it (in its stage chain) that lands the file, then
 * that file in the context. `fx` are the file's runtime facts. */
void pl_ctx_script_read(pl_check *c, const pl_file *f, const pl_df_model *m, const pl_rt_facts *fx,
                        const pl_df_instr *run, const pl_sh_word *word, pl_ctx_script *out);

/* 1-based line of byte `offset` of `text`. */
int pl_ctx_script_line(const char *text, size_t offset);

#endif
