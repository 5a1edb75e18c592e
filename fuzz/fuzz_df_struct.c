/* fuzz_df_struct.c — the Dockerfile structure and BuildKit-check rules
 * (PL1200-PL1262) over arbitrary Dockerfiles, with a config that turns the
 * config-driven ones on (trusted registries, a label schema of every type,
 * strict labels): every finding must have a real position and a message. */
#include <stdio.h>

#include "fuzz_rules.h"

static const char config_yaml[] =
    "trusted-registries: [ghcr.io, \"*.example.com\", \"quay*\", \"docker.io/library\"]\n"
    "strict-labels: true\n"
    "label-schema: {a: text, u: url, t: rfc3339, l: spdx, h: hash, v: semver, e: email}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* every id of the family's range that names a rule */
    static char ids[63][8];
    static const char *select[63];
    static int nsel = -1;
    if (nsel < 0) {
        nsel = 0;
        for (int i = 0; i < 63; i++) {
            snprintf(ids[i], sizeof ids[i], "PL%d", 1200 + i);
            if (pl_rule_find(ids[i]))
                select[nsel++] = ids[i];
        }
    }
    char buf[64];
    const char *barg = fuzz_first_line_build_arg(data, size, buf);
    fuzz_rules_setup s = {select, nsel, &barg, barg != NULL, config_yaml, NULL};
    return fuzz_rules_run(data, size, &s);
}
