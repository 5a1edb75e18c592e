/* fuzz_pack_path.c — libFuzzer target for the compose key paths of rule
 * packs: the input's first line is a path (`services.*.ports[*]`), the rest
 * a YAML document it is walked over. A path is either parsed or refused
 * with an offset inside it; every value reached is a scalar written in the
 * document, with a concrete path that fits its buffer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/rules/packs/pack_internal.h"
#include "plimsoll/arena.h"
#include "plimsoll/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    int lines;
    int visited;
} ctx;

static void visit(void *ud, const pl_ynode *v, const char *where)
{
    ctx *c = ud;
    if (!v || v->kind != PL_YAML_SCALAR || !where || strlen(where) >= 512 || v->span.line < 1)
        __builtin_trap();
    c->visited++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - data) : size;
    pl_arena *a = pl_arena_new();
    char *path = pl_arena_strndup(a, (const char *)data, plen);
    pl_pack_path p;
    size_t off = 0;
    const char *why = NULL;
    if (pl_pack_path_parse(a, path, &p, &off, &why) != 0) {
        if (!why || off > strlen(path))
            __builtin_trap();
        pl_arena_free(a);
        return 0;
    }
    if (p.nsegs < 1 || p.nsegs > PL_PACK_PATH_MAX)
        __builtin_trap();
    const char *doc = nl ? (const char *)nl + 1 : "";
    size_t dlen = nl ? size - plen - 1 : 0;
    pl_yaml_limits lim = {20000, 64};
    pl_yaml *y = pl_yaml_parse(a, "compose.yaml", doc, dlen, &lim);
    ctx c = {0, 0};
    for (int i = 0; i < y->ndocs; i++) {
        int n = pl_pack_path_walk(a, &p, y->docs[i], visit, &c);
        if (n < 0)
            __builtin_trap();
    }
    pl_arena_free(a);
    return 0;
}
