/* df_jit.c — see df_jit.h. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "df_jit.h"

/* Names of runtimes that compile kernels or extensions as they run. */
static const char *const JIT_RUNTIMES[] = {"torch", "triton", "vllm", "flash-attn", "flash_attn",
                                           "deepspeed", "xformers", NULL};

/* The runtime `text` names as a word of its own ("pytorch", "torch==2.3",
 * "torchvision" count; "storchaka" does not), or NULL. */
static const char *names_runtime(const char *text, size_t len)
{
    for (int r = 0; JIT_RUNTIMES[r]; r++) {
        size_t n = strlen(JIT_RUNTIMES[r]);
        for (size_t i = 0; i + n <= len; i++) {
            if (strncasecmp(text + i, JIT_RUNTIMES[r], n) != 0)
                continue;
            /* "pytorch" is torch; any other letter before it is another word */
            int start_ok = i == 0 || !isalpha((unsigned char)text[i - 1]) ||
                           (i >= 2 && !strncasecmp(text + i - 2, "py", 2) &&
                            (i == 2 || !isalpha((unsigned char)text[i - 3])));
            if (start_ok)
                return JIT_RUNTIMES[r];
        }
    }
    return NULL;
}

const char *pl_df_jit_runtime(pl_arena *a, const pl_df_model *m)
{
    const pl_dockerfile *df = m->df;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (ins->kind != PL_DF_RUN && ins->kind != PL_DF_ENV && ins->kind != PL_DF_ARG &&
            ins->kind != PL_DF_FROM)
            continue;
        const char *name = ins->rest ? names_runtime(ins->rest, ins->rest_len) : NULL;
        if (name)
            return pl_arena_printf(a, "the image runs %s (line %d), which compiles kernels or "
                                      "extensions while it runs: the compiler is a run-time "
                                      "dependency",
                                   name, ins->span.line);
    }
    return NULL;
}
