/* fuzz_df_runtime.c — libFuzzer target for the runtime rules (PL1300-PL1303:
 * health check tool, final-stage toolchain, entrypoint file, lockfiles) and,
 * when PL_FUZZ_SHELLCHECK is set and shellcheck is installed, the ShellCheck
 * rule (PL1340; slow). An arbitrary Dockerfile goes through the parser, the
 * model and the rules with the seeds folder as its build context; every
 * finding must carry a position inside the file. */
#include "fuzz_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ids[] = {"PL1300", "PL1301", "PL1302", "PL1303", "PL1340"};
    static const char *const bargs[] = {"BASE=python:3.12-slim", "APP=main.py"};
    int with_sc = getenv("PL_FUZZ_SHELLCHECK") != NULL;
    fuzz_rules_setup s = {ids, with_sc ? 5 : 4, bargs, size % 3 == 0 ? 2 : 0, NULL,
                          "fuzz/seeds/df_runtime/Dockerfile"};
    return fuzz_rules_run(data, size, &s);
}
