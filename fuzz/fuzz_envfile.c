/* fuzz_envfile.c — libFuzzer target for the dotenv parser. The input is the
 * file; it is parsed with and without an environment. Besides not crashing,
 * positions must lie in the file, counts must match the lists, and the JSON
 * dump and the secret test must run on whatever came out. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/envfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_lookup(void *ud, const char *name, size_t n, const char **value)
{
    (void)ud;
    if (n == 1 && (name[0] == 'A' || name[0] == 'E')) {
        *value = name[0] == 'A' ? "a${B}" : "";
        return 1;
    }
    return 0;
}

static void check_span(pl_span s, int lines)
{
    if (s.line < 1 || s.line > lines || s.col < 1 || s.end_line < s.line || s.end_line > lines ||
        (s.end_line == s.line && s.end_col < s.col))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n';
    pl_arena *a = pl_arena_new();
    pl_interp_env envs[2] = {{fuzz_lookup, NULL}, {NULL, NULL}};
    for (int k = 0; k < 2; k++) {
        pl_envfile *f = pl_envfile_parse(a, ".env", text, size, &envs[k]);
        int n = 0;
        for (const pl_env_entry *e = f->entries; e; e = e->next, n++) {
            check_span(e->name_span, lines);
            if (!e->name || e->line != e->name_span.line || e->column != e->name_span.col)
                __builtin_trap();
            if (e->inherited ? e->raw != NULL : (!e->raw || !e->value || !e->value_span.line))
                __builtin_trap();
            if (e->value_span.line)
                check_span(e->value_span, lines);
            int m = 0;
            for (const pl_interp_issue *is = e->issues; is; is = is->next, m++)
                if (is->offset >= size || is->offset + is->length > size || is->line < 1 ||
                    is->line > lines)
                    __builtin_trap();
            if (m != e->nissues)
                __builtin_trap();
            pl_env_entry_holds_secret(e);
        }
        if (n != f->count)
            __builtin_trap();
        int nd = 0, ne = 0;
        for (const pl_diag *d = f->diags.head; d; d = d->next, nd++) {
            check_span(d->span, lines);
            ne += d->level == PL_DIAG_ERROR;
        }
        if (nd != f->diags.count || ne != f->diags.errors)
            __builtin_trap();
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        pl_envfile_dump_json(f, &sb);
        if (sb.len < 2 || memcmp(sb.data + sb.len - 3, "]}\n", 3) != 0)
            __builtin_trap();
    }
    pl_envfile_text_holds_secret(a, text, size, NULL, NULL);
    pl_arena_free(a);
    return 0;
}
