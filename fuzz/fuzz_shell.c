/* fuzz_shell.c — libFuzzer target for the RUN shell reader and its
 * command helpers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_word(const pl_sh_word *w, const uint8_t *data, size_t size)
{
    /* Every word points back into the input, and raw is that text (up to a
     * NUL byte, where C strings end). */
    size_t raw_len = strlen(w->raw);
    if (w->offset > size || w->len > size - w->offset || raw_len > w->len || !w->text)
        __builtin_trap();
    if (memcmp(w->raw, data + w->offset, raw_len) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    pl_sh_script *s = pl_sh_parse(a, (const char *)data, size);
    static const char *const with_value[] = {"t", "target-release", "virtual", "r", NULL};
    for (int i = 0; i < s->ncmds; i++) {
        const pl_sh_cmd *c = &s->cmds[i];
        if (c->index != i || c->argc < 1 || !c->next_op)
            __builtin_trap();
        for (int k = 0; k < c->argc; k++)
            check_word(&c->argv[k], data, size);
        for (int k = 0; k < c->nassigns; k++)
            check_word(&c->assigns[k], data, size);
        (void)pl_sh_name(c);
        (void)pl_sh_has_flag(c, "y");
        (void)pl_sh_has_flag(c, "no-cache");
        (void)pl_sh_flag_value(c, "t");
        (void)pl_sh_flag_value(c, "virtual");
        const char **vals;
        (void)pl_sh_flag_values(a, c, "u", &vals);
        const pl_sh_word **pos;
        int n = pl_sh_positionals(a, c, with_value, &pos);
        for (int k = 0; k < n; k++)
            check_word(pos[k], data, size);
        (void)pl_sh_arg(c, 0);
        (void)pl_sh_has_arg(c, "install");
    }
    for (int k = 0; k < s->nassigns; k++)
        check_word(&s->assigns[k], data, size);
    pl_arena_free(a);
    return 0;
}
