/* fuzz_df_run.c — libFuzzer target for the RUN-command rules (PL1140-PL1170):
 * an arbitrary Dockerfile goes through the parser, the model and each of
 * those rules; every finding must carry a position inside the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_lines(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ids[] = {
        "PL1140", "PL1141", "PL1142", "PL1143", "PL1144", "PL1145", "PL1146", "PL1147",
        "PL1148", "PL1149", "PL1150", "PL1151", "PL1152", "PL1153", "PL1154", "PL1155",
        "PL1156", "PL1157", "PL1158", "PL1159", "PL1160", "PL1161", "PL1162", "PL1163",
        "PL1164", "PL1165", "PL1166", "PL1167", "PL1168", "PL1169", "PL1170"};
    static const char *const bargs[] = {"UID=1234567", "PIP_NO_CACHE_DIR=1"};
    pl_options o = {0};
    o.select.items = (const char **)ids;
    o.select.n = (int)(sizeof ids / sizeof *ids);
    o.build_args.items = (const char **)bargs;
    o.build_args.n = (int)(size % 3 == 0 ? 2 : 0);
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0)
        __builtin_trap();

    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = "Dockerfile";
    f.kind = PL_KIND_DOCKERFILE;
    f.report = 1;
    f.ws = &ws;
    f.data = (const char *)data;
    f.len = size;
    pl_engine_check_file(&f);

    int lines = count_lines(data, size);
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (!fd->message || fd->span.line < 1 || fd->span.line > lines || fd->span.col < 1)
            __builtin_trap();
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return 0;
}
