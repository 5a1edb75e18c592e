/* fuzz_dockerfile.c — libFuzzer target for the Dockerfile parser, its
 * instruction checks, both dumps, and the template/binary sniffer. */
#include <stddef.h>
#include <stdint.h>

#include "plimsoll/dockerfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_span where;
    if (pl_dockerfile_sniff((const char *)data, size, &where) && (where.line < 1 || where.col < 1))
        __builtin_trap();
    pl_arena *a = pl_arena_new();
    pl_dockerfile *df = pl_dockerfile_parse(a, "Dockerfile", (const char *)data, size);
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_dockerfile_dump_buildkit(df, &sb);
    pl_dockerfile_dump_json(df, &sb);
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        int line, col;
        pl_df_position(ins, ins->original_len, &line, &col);
        (void)pl_df_flag_get(ins, "mount");
    }
    pl_arena_free(a);
    return 0;
}
