/* fuzz_df_run.c — libFuzzer target for the RUN-command rules (PL1140-PL1170):
 * an arbitrary Dockerfile goes through the parser, the model and each of
 * those rules; every finding must carry a position inside the file. */
#include "fuzz_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ids[] = {
        "PL1140", "PL1141", "PL1142", "PL1143", "PL1144", "PL1145", "PL1146", "PL1147",
        "PL1148", "PL1149", "PL1150", "PL1151", "PL1152", "PL1153", "PL1154", "PL1155",
        "PL1156", "PL1157", "PL1158", "PL1159", "PL1160", "PL1161", "PL1162", "PL1163",
        "PL1164", "PL1165", "PL1166", "PL1167", "PL1168", "PL1169", "PL1170"};
    static const char *const bargs[] = {"UID=1234567", "PIP_NO_CACHE_DIR=1"};
    fuzz_rules_setup s = {ids, (int)(sizeof ids / sizeof *ids), bargs, size % 3 == 0 ? 2 : 0, NULL,
                          NULL};
    return fuzz_rules_run(data, size, &s);
}
