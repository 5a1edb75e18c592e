/* fuzz_df_runtime.c — libFuzzer target for the runtime rules (PL1300-PL1303:
 * health check tool, final-stage toolchain, entrypoint file, lockfiles) and,
 * when PL_FUZZ_SHELLCHECK is set and shellcheck is installed, the ShellCheck
 * rule (PL1340; slow: one process per RUN). An arbitrary Dockerfile goes
 * through the parser, the model and the rules with the seeds folder as its
 * build context; every finding must carry a position inside the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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
    static const char *const ids[] = {"PL1300", "PL1301", "PL1302", "PL1303", "PL1340"};
    static const char *const bargs[] = {"BASE=python:3.12-slim", "APP=main.py"};
    int with_sc = getenv("PL_FUZZ_SHELLCHECK") != NULL;
    pl_options o = {0};
    o.select.items = (const char **)ids;
    o.select.n = with_sc ? 5 : 4;
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
    f.fs_path = "fuzz/seeds/df_runtime/Dockerfile";
    f.kind = PL_KIND_DOCKERFILE;
    f.report = 1;
    f.ws = &ws;
    f.data = (const char *)data;
    f.len = size;
    pl_engine_check_file(&f);

    int lines = count_lines(data, size);
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (!fd->message || fd->span.line < 1 || fd->span.line > lines || fd->span.col < 1 ||
            fd->span.end_line < fd->span.line)
            __builtin_trap();
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return 0;
}
