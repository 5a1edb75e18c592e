/* fuzz_pyenv.c — libFuzzer target for the Python environment-variable
 * reader. Besides not crashing or hanging: every use has a name made of
 * letters, digits and `_`, a position inside the input, and uses come in
 * source order. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/pyenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    const char *text = (const char *)data;
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n';
    pl_pyenv_uses uses = {0};
    int n = pl_pyenv_scan(a, text, size, &uses);
    if (n != uses.count || n > PL_PYENV_MAX_READS)
        __builtin_trap();
    int last_line = 0, last_col = 0;
    for (const pl_pyenv_use *u = uses.head; u; u = u->next) {
        if (!u->name[0] || u->line < 1 || u->line > lines || u->col < 1 ||
            u->line < last_line || (u->line == last_line && u->col <= last_col))
            __builtin_trap();
        for (const char *p = u->name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_'))
                __builtin_trap();
        last_line = u->line;
        last_col = u->col;
    }
    pl_arena_free(a);
    return 0;
}
