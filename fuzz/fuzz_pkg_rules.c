/* fuzz_pkg_rules.c — the OS package-manager rules (PL1100-PL1129) over
 * arbitrary Dockerfiles: parse, build the model, run every one of those
 * rules (the off-by-default one included), and check that every finding has
 * a real position and a message. */
#include "fuzz_rules.h"

static const char *const pkg_rules[] = {
    "PL1100", "PL1101", "PL1102", "PL1103", "PL1104", "PL1105", "PL1106", "PL1107",
    "PL1110", "PL1111", "PL1120", "PL1121", "PL1122", "PL1123", "PL1124", "PL1125",
    "PL1126", "PL1127", "PL1128", "PL1129"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[64];
    const char *barg = fuzz_first_line_build_arg(data, size, buf);
    fuzz_rules_setup s = {pkg_rules, (int)(sizeof pkg_rules / sizeof *pkg_rules), &barg, barg != NULL,
                          NULL, NULL};
    return fuzz_rules_run(data, size, &s);
}
