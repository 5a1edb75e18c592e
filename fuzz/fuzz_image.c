/* fuzz_image.c — libFuzzer target for image references. A valid reference
 * without variables must split into parts that rebuild it exactly. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';

    pl_arena *a = pl_arena_new();
    pl_image_ref r;
    int rc = pl_image_parse(a, text, &r);
    if ((rc == 0) != (r.error == NULL) || !r.repository || !r.raw || strcmp(r.raw, text) != 0)
        __builtin_trap();
    if (r.has_vars && !strchr(text, '$'))
        __builtin_trap();
    if (rc == 0 && !r.has_vars) {
        char *rebuilt = pl_arena_printf(a, "%s%s%s%s%s%s%s", r.registry ? r.registry : "",
                                        r.registry ? "/" : "", r.repository, r.tag ? ":" : "",
                                        r.tag ? r.tag : "", r.digest ? "@" : "",
                                        r.digest ? r.digest : "");
        if (strcmp(rebuilt, text) != 0)
            __builtin_trap();
    }
    const char *base = pl_image_basename(a, &r);
    size_t bl = strlen(base), rl = strlen(r.repository);
    if (bl > rl || strcmp(r.repository + rl - bl, base) != 0)
        __builtin_trap();
    if (!pl_image_registry_or_default(&r))
        __builtin_trap();
    pl_arena_free(a);
    free(text);
    return 0;
}
