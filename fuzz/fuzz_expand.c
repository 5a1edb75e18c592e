/* fuzz_expand.c — libFuzzer target for BuildKit-style variable expansion.
 * The first byte picks the escape character (backslash or backtick, or with
 * its high bit set any ASCII character); the rest is the text. Besides
 * not crashing, the results must keep the expander's promises. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/expand.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    int with_unknown; /* TAG and REG are unknown; otherwise undefined */
    int refs;
} fuzz_env;

static pl_var_state fuzz_lookup(void *ud, const char *name, size_t n, const char **value)
{
    fuzz_env *env = ud;
    static const char *const known[][2] = {
        {"A", "a b"}, {"P", "/x/y.z"}, {"E", ""}, {"G", "*?\\"}, {"D", "$A"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (n == strlen(known[i][0]) && memcmp(name, known[i][0], n) == 0) {
            *value = known[i][1];
            return PL_VAR_KNOWN;
        }
    }
    if (env->with_unknown && n == 3 && (memcmp(name, "TAG", 3) == 0 || memcmp(name, "REG", 3) == 0))
        return PL_VAR_UNKNOWN;
    return PL_VAR_UNDEFINED;
}

static void count_ref(void *ud, const char *name, size_t n, pl_var_state state)
{
    fuzz_env *env = ud;
    if (!name || n == 0 || state < PL_VAR_UNDEFINED || state > PL_VAR_UNKNOWN)
        __builtin_trap();
    env->refs++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char escape = (data[0] & 1) ? '`' : '\\';
    if (data[0] & 0x80)
        escape = (char)(data[0] & 0x7F);
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    pl_arena *a = pl_arena_new();
    for (int with_unknown = 0; with_unknown <= 1; with_unknown++) {
        fuzz_env env = {with_unknown, 0};
        pl_expander ex = {fuzz_lookup, count_ref, &env, escape};
        const char *out = NULL, *err = NULL;
        pl_expand_status st = pl_expand_word(a, &ex, text, &out, &err);
        if (st == PL_EXPAND_ERROR ? (out || !err) : (!out || err))
            __builtin_trap();
        if (st == PL_EXPAND_UNKNOWN && !with_unknown)
            __builtin_trap(); /* nothing unknown was declared */
        int has_vars = pl_expand_has_vars(text, escape);
        if (env.refs && !has_vars)
            __builtin_trap();
        if (!has_vars && st == PL_EXPAND_UNKNOWN)
            __builtin_trap();

        /* same text, same verdict, whether split or not */
        const char **words = NULL;
        int n = -1;
        const char *err2 = NULL;
        pl_expand_status st2 = pl_expand_words(a, &ex, text, &words, &n, &err2);
        if (st2 != st || !words || n < 0 || words[n] != NULL)
            __builtin_trap();
        if (st == PL_EXPAND_ERROR && (n != 0 || !err2 || strcmp(err, err2) != 0))
            __builtin_trap();
        for (int i = 0; i < n; i++)
            if (!words[i] || !words[i][0])
                __builtin_trap(); /* BuildKit never yields an empty word */

        /* expansion is a function of its input */
        const char *again = NULL;
        if (pl_expand_word(a, &ex, text, &again, &err) != st ||
            (out && strcmp(out, again) != 0))
            __builtin_trap();
    }
    pl_arena_free(a);
    free(text);
    return 0;
}
