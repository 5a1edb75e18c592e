/* fuzz_requirements.c — requirements files and PEP 440 on arbitrary bytes.
 *
 * The whole input is parsed as a requirements file and dumped; every
 * diagnostic and requirement must carry a position inside the input's
 * lines. The loader then follows includes into the same bytes (each path
 * reads the input again), so cycles and depth limits are exercised. Every
 * specifier parsed is evaluated against every pinned version found.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/requirements.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const char *data;
    size_t size;
} input;

static const char *read_again(void *ud, const char *path, size_t *len)
{
    const input *in = ud;
    (void)path;
    *len = in->size;
    return in->data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    int lines = 1;
    /* an upper bound: every byte that ends a line in Python's splitlines */
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || data[i] == '\r' || data[i] == '\f' || data[i] == '\v' ||
                 (data[i] >= 0x1c && data[i] <= 0x1e) || data[i] == 0x85 || data[i] == 0xa8 ||
                 data[i] == 0xa9;
    /* UTF-16/32 input is re-encoded: its lines are not bytes of the input */
    if (size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF) ||
                      (size >= 4 && !data[0] && !data[1])))
        lines = 1 << 30;
    pl_arena *a = pl_arena_new();
    pl_reqfile *rf = pl_req_parse(a, "requirements.txt", text, size);
    for (const pl_diag *d = rf->diags.head; d; d = d->next)
        if (d->span.line < 1 || d->span.line > lines || d->span.col < 1 || !d->message)
            abort();
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (r->line < 1 || r->line > lines || !r->specifier)
            abort();
        for (int k = 0; k < rf->nreqs && k < 32 && i < 32; k++) {
            const pl_pep440_specset *s = &rf->reqs[k]->specs;
            for (int j = 0; j < r->specs.n; j++)
                if (r->specs.items[j].op != PL_PEP440_ARBITRARY && !r->specs.items[j].wildcard)
                    (void)pl_pep440_specset_contains(s, &r->specs.items[j].v);
        }
    }
    pl_strbuf out;
    pl_sb_init(&out, a);
    pl_req_dump_json(rf, &out);
    input in = {text, size};
    pl_req_set *set = pl_req_load(a, "a/requirements.txt", text, size, read_again, &in, 8);
    if (set->nfiles < 1 || set->nfiles > 8 + 64)
        abort();
    /* the text as one version and one specifier */
    pl_pep440 v;
    pl_pep440_specset ss;
    const char *err;
    if (pl_pep440_parse(a, text, size, &v) == 0) {
        (void)pl_pep440_str(a, &v);
        (void)pl_pep440_cmp(&v, &v);
    }
    (void)pl_pep440_specset_parse(a, text, size, &ss, &err);
    pl_arena_free(a);
    return 0;
}
