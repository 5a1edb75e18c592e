/* df_jit.h — images whose machine-learning runtime compiles code while it
 * runs: Triton and torch.compile build kernels with the system C compiler,
 * vLLM, flash-attention, DeepSpeed and xformers build CUDA extensions on
 * first use. In such an image gcc or build-essential is a run-time
 * dependency, not a build toolchain left behind. */
#ifndef PL_DF_JIT_H
#define PL_DF_JIT_H
#include "dfutil.h"

/* Why the image of `m` needs a compiler at run time, or NULL: some RUN,
 * ENV, ARG or FROM of the file names such a runtime (the first one found,
 * with its line). */
const char *pl_df_jit_runtime(pl_arena *a, const pl_df_model *m);

#endif
