/* fuzz_df_struct.c — the Dockerfile structure and BuildKit-check rules
 * (PL1200-PL1262) over arbitrary Dockerfiles, with a config that turns the
 * config-driven ones on (trusted registries, a label schema of every type,
 * strict labels): every finding must have a real position and a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

static const char config_yaml[] =
    "trusted-registries: [ghcr.io, \"*.example.com\", \"quay*\", \"docker.io/library\"]\n"
    "strict-labels: true\n"
    "label-schema: {a: text, u: url, t: rfc3339, l: spdx, h: hash, v: semver, e: email}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
    const char *select[63];
    char ids[63][8];
    for (int i = 0; i < 63; i++) {
        snprintf(ids[i], sizeof ids[i], "PL%d", 1200 + i);
        select[i] = ids[i];
    }
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    pl_options o = {0};
    int nsel = 0;
    for (int i = 0; i < 63; i++)
        if (pl_rule_find(select[i]))
            select[nsel++] = select[i];
    o.select.items = select;
    o.select.n = nsel;
    o.build_args.items = bargs;
    o.build_args.n = nbargs;
    pl_config cfg;
    pl_diag_list diags = {0};
    if (pl_config_parse(ws.arena, "fuzz.yaml", config_yaml, sizeof config_yaml - 1, &cfg,
                        &diags) != 0)
        abort();
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
