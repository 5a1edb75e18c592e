/* fuzz_pkg_rules.c — the OS package-manager rules (PL1100-PL1129) over
 * arbitrary Dockerfiles: parse, build the model, run every one of those
 * rules (the off-by-default one included), and check that every finding has
 * a real position and a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

static const char *const pkg_rules[] = {
    "PL1100", "PL1101", "PL1102", "PL1103", "PL1104", "PL1105", "PL1106", "PL1107",
    "PL1110", "PL1111", "PL1120", "PL1121", "PL1122", "PL1123", "PL1124", "PL1125",
    "PL1126", "PL1127", "PL1128", "PL1129"};
#define NPKG ((int)(sizeof pkg_rules / sizeof pkg_rules[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a build argument from the input's first line, so ARG overrides are
     * exercised too */
    const char *bargs[1];
    int nbargs = 0;
    char barg[64];
    const uint8_t *nl = memchr(data, '\n', size < 63 ? size : 63);
    if (nl && memchr(data, '=', (size_t)(nl - data))) {
        memcpy(barg, data, (size_t)(nl - data));
        barg[nl - data] = '\0';
        if (strlen(barg) == (size_t)(nl - data)) {
            bargs[0] = barg;
            nbargs = 1;
        }
    }

    const char *select[NPKG];
    for (int i = 0; i < NPKG; i++)
        select[i] = pkg_rules[i];
    pl_options o = {0};
    o.select.items = select;
    o.select.n = NPKG;
    o.build_args.items = bargs;
    o.build_args.n = nbargs;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0)
        abort();

    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = "Dockerfile";
    f.kind = PL_KIND_DOCKERFILE;
    f.report = 1;
    f.ws = &ws;
    f.data = (const char *)data;
    f.len = size;
    pl_engine_check_file(&f);

    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (fd->span.line < 1 || fd->span.col < 1 || !fd->message || !fd->message[0])
            abort();
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return 0;
}
