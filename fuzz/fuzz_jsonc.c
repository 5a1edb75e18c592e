/* fuzz_jsonc.c — JSON with comments made JSON (devcontainer.json): on
 * arbitrary bytes the copy has the input's length, keeps every newline
 * where it was, and changes bytes only to spaces; reading a
 * devcontainer.json never fails. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/buildsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    const char *in = (const char *)data;
    char *out = pl_jsonc_to_json(a, in, size);
    if (out[size] != '\0')
        abort();
    for (size_t i = 0; i < size; i++) {
        if (in[i] == '\n' && out[i] != '\n')
            abort();
        if (out[i] != in[i] && out[i] != ' ')
            abort();
    }
    pl_vec specs = {0};
    pl_diag_list diags = {0};
    pl_buildsrc_read(a, PL_BSRC_DEVCONTAINER, ".devcontainer/devcontainer.json", in, size, ".",
                     &specs, &diags);
    for (size_t i = 0; i < specs.len; i++) {
        const pl_unit_spec *s = specs.items[i];
        if (s->origin_span.line < 1 || s->origin_span.col < 1 || s->nargs < 0)
            abort();
    }
    pl_arena_free(a);
    return 0;
}
