/* fuzz_jschema.c — libFuzzer target for the JSON Schema validator.
 * Input: a JSON instance, validated against the compose-spec schema; when
 * the input holds a NUL byte, the part before it is a schema of its own and
 * the part after it the instance. Besides not crashing or hanging, every
 * error must name its node, path and message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/jschema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const pl_jschema_errors *e)
{
    for (int i = 0; i < e->n; i++)
        if (!e->items[i].path || !e->items[i].message || !e->items[i].keyword || !e->items[i].node)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    const char *text = (const char *)data;
    const uint8_t *nul = memchr(data, 0, size);
    pl_jschema_errors errs;
    if (nul) {
        size_t slen = (size_t)(nul - data);
        pl_jschema *s = pl_jschema_compile(a, text, slen, NULL);
        pl_ynode *inst = pl_jschema_json_to_ynode(a, text + slen + 1, size - slen - 1);
        if (s && inst) {
            pl_jschema_options o = {.max_steps = 200000};
            pl_jschema_validate(a, s, inst, &o, &errs);
            check(&errs);
        }
        pl_jschema_free(s);
    } else {
        pl_ynode *inst = pl_jschema_json_to_ynode(a, text, size);
        if (inst) {
            pl_compose_schema_validate(a, inst, &errs);
            check(&errs);
            pl_compose_schema_options o = {.interpolated = 1};
            pl_compose_schema_validate_ex(a, inst, &o, &errs);
            check(&errs);
        }
    }
    pl_arena_free(a);
    return 0;
}
