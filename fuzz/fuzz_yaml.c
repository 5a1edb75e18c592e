/* fuzz_yaml.c — the YAML layer on arbitrary bytes, with small limits so
 * alias and nesting bounds are hit often. Checks the invariants callers
 * rely on: spans ordered and 1-based, every node of a kind with consistent
 * counts, and a walk of the result bounded by the node limit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(pl_span s)
{
    if (s.line < 1 || s.col < 1 || s.end_line < s.line || (s.end_line == s.line && s.end_col < s.col))
        abort();
}

/* Walks the tree as a naive consumer would (aliases expanded); the count
 * must stay within the limit the parser enforced. */
static size_t walk(const pl_ynode *n, int depth, int max_depth)
{
    if (!n || depth > max_depth + 1)
        abort();
    check_span(n->span);
    size_t count = 1;
    switch (n->kind) {
    case PL_YAML_SCALAR:
        if (!n->str || strlen(n->str) > n->len)
            abort();
        break;
    case PL_YAML_SEQ:
        for (int i = 0; i < n->nitems; i++)
            count += walk(n->items[i], depth + 1, max_depth);
        break;
    case PL_YAML_MAP:
        for (int i = 0; i < n->npairs; i++) {
            count += walk(n->pairs[i].key, depth + 1, max_depth);
            count += walk(n->pairs[i].value, depth + 1, max_depth);
        }
        break;
    default:
        abort();
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_yaml_limits lim = {2000, 32};
    pl_arena *a = pl_arena_new();
    pl_yaml *y = pl_yaml_parse(a, "fuzz.yaml", (const char *)data, size, &lim);
    for (int d = 0; d < y->ndocs; d++)
        if (walk(y->docs[d], 0, lim.max_depth) > lim.max_nodes)
            abort();
    for (const pl_diag *g = y->diags.head; g; g = g->next)
        if (g->span.line < 1 || !g->message)
            abort();
    (void)pl_yaml_resolve_plain((const char *)data, size);
    pl_arena_free(a);
    return 0;
}
