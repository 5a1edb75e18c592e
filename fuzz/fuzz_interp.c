/* fuzz_interp.c — libFuzzer target for compose's `$` interpolation. The
 * input is the text; it is interpolated with a few variables set (one empty)
 * and with none. Besides not crashing, the results must keep the promises of
 * interp.h: positions point at a `$`, the verdict matches the issues, text
 * without references comes out unchanged. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/interp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_lookup(void *ud, const char *name, size_t n, const char **value)
{
    static const char *const set[][2] = {{"A", "a}b"}, {"E", ""}, {"D", "${A}"}, {"J", "{\"k\":1}"}};
    (void)ud;
    if (n == 0)
        __builtin_trap();
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) {
        if (n == strlen(set[i][0]) && memcmp(name, set[i][0], n) == 0) {
            *value = set[i][1];
            return 1;
        }
    }
    return 0;
}

static void check_position(const char *text, size_t size, size_t off, size_t len, int line, int col)
{
    if (off >= size || len < 2 || off + len > size || text[off] != '$')
        __builtin_trap();
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    if (line != l || col != (int)(off - start) + 1)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    pl_arena *a = pl_arena_new();
    pl_interp_env envs[2] = {{fuzz_lookup, NULL}, {NULL, NULL}};
    int has = pl_interp_has_refs(text, size);
    for (int e = 0; e < 2; e++) {
        pl_interp_issues issues = {0};
        const char *out = NULL;
        size_t out_len = 0;
        int rc = pl_interp_substitute(a, text, size, &envs[e], &out, &out_len, &issues);
        if (!out || out[out_len] != '\0')
            __builtin_trap();
        if ((rc != 0) != (issues.errors > 0) || issues.errors + issues.warnings != issues.count)
            __builtin_trap();
        int n = 0;
        for (pl_interp_issue *is = issues.head; is; is = is->next, n++) {
            check_position(text, size, is->offset, is->length, is->line, is->col);
            if (!is->message || (is->kind != PL_INTERP_ISSUE_SYNTAX &&
                                 is->kind != PL_INTERP_ISSUE_TOO_DEEP && !is->name))
                __builtin_trap();
        }
        if (n != issues.count)
            __builtin_trap();
        if (!has && (issues.count || out_len != size || memcmp(out, text, size) != 0))
            __builtin_trap();

        /* a function of its input */
        const char *again;
        size_t again_len;
        if (pl_interp_substitute(a, text, size, &envs[e], &again, &again_len, NULL) != rc ||
            again_len != out_len || memcmp(again, out, out_len) != 0)
            __builtin_trap();
    }
    pl_interp_ref *refs;
    int nrefs = pl_interp_refs(a, text, size, &refs);
    int n = 0;
    for (pl_interp_ref *r = refs; r; r = r->next, n++) {
        check_position(text, size, r->offset, r->length, r->line, r->col);
        if (!r->name || !r->name[0] || r->depth < 0 || r->depth > PL_INTERP_MAX_DEPTH ||
            (r->op == PL_INTERP_OP_NONE) != (r->word == NULL))
            __builtin_trap();
    }
    if (n != nrefs || (nrefs && !has))
        __builtin_trap();
    pl_arena_free(a);
    return 0;
}
