/* fuzz_config.c — libFuzzer target for the .plimsoll.yaml loader: any bytes
 * must parse without crashing or leaking, every diagnostic must carry a
 * position, and the return value must agree with the errors reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    pl_config cfg;
    pl_diag_list diags = {0};
    int rc = pl_config_parse(a, "fuzz.yaml", (const char *)data, size, &cfg, &diags);
    if ((rc != 0) != (diags.errors > 0))
        __builtin_trap();
    for (const pl_diag *d = diags.head; d; d = d->next)
        if (d->span.line < 1 || d->span.col < 1 || !d->message || !*d->message)
            __builtin_trap();
    for (int i = 0; i < cfg.ignore.n; i++)
        if (!cfg.ignore.items[i][0] || cfg.ignore.spans[i].line < 1)
            __builtin_trap();
    if (cfg.context_max_size < 0 || cfg.context_max_files < 0)
        __builtin_trap();

    /* The same bytes as a size value. */
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    long long bytes = pl_config_parse_size(text);
    if (bytes < -1)
        __builtin_trap();
    free(text);

    pl_arena_free(a);
    return 0;
}
