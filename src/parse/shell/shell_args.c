/* shell_args.c — reading the words of one shell command the way hadolint does.
 *
 * Owns the command helpers of include/plimsoll/shell.h: the command name,
 * flags ("-abc" is a, b, c; "--long[=v]" is long), flag values and positional
 * arguments. hadolint keeps reading flags after a lone "--"; here "--" ends
 * them, as getopt does. A flag that takes a value follows getopt too: in a
 * cluster like "-xfvalue" the value of f is "value", in "-xf value" it is the
 * next word.
 */
#include "plimsoll/shell.h"

#include <string.h>

const char *pl_sh_name(const pl_sh_cmd *c)
{
    if (!c || c->argc < 1)
        return "";
    const char *s = c->argv[0].text;
    const char *slash = strrchr(s, '/');
    return slash ? slash + 1 : s;
}

int pl_sh_is(const pl_sh_cmd *c, const char *name)
{
    if (!c || c->argc <= 0 || !name)
        return 0;
    /* rules ask each command about many names: the first byte rejects most */
    const char *s = pl_sh_name(c);
    return s[0] == name[0] && strcmp(s, name) == 0;
}

static int is_end_of_flags(const char *t)
{
    return strcmp(t, "--") == 0;
}

/* "-x..." or "--x...", but not "-" alone. */
static int looks_like_flag(const char *t)
{
    return t[0] == '-' && t[1] != '\0';
}

/* The name of a long flag word: text after "--" up to '='. */
static int long_flag_is(const char *t, const char *flag)
{
    size_t n = strcspn(t + 2, "=");
    return strlen(flag) == n && strncmp(t + 2, flag, n) == 0;
}

int pl_sh_has_flag(const pl_sh_cmd *c, const char *flag)
{
    if (!c || !flag || !*flag)
        return 0;
    for (int i = 1; i < c->argc; i++) {
        const char *t = c->argv[i].text;
        if (is_end_of_flags(t))
            return 0;
        if (!looks_like_flag(t))
            continue;
        if (t[1] == '-') {
            if (long_flag_is(t, flag))
                return 1;
        } else if (flag[1] == '\0' && strchr(t + 1, flag[0])) {
            return 1;
        }
    }
    return 0;
}

/* When word i sets `flag`: 1, and *value is its value (NULL when the flag is
 * the last word). */
static int flag_at(const pl_sh_cmd *c, int i, const char *flag, const char **value)
{
    const char *t = c->argv[i].text;
    const char *next = i + 1 < c->argc ? c->argv[i + 1].text : NULL;
    if (!looks_like_flag(t))
        return 0;
    if (t[1] == '-') {
        if (!long_flag_is(t, flag))
            return 0;
        const char *eq = strchr(t, '=');
        *value = eq ? eq + 1 : next;
        return 1;
    }
    if (flag[1] != '\0')
        return 0;
    const char *at = strchr(t + 1, flag[0]);
    if (!at)
        return 0;
    *value = at[1] ? at + 1 : next;
    return 1;
}

int pl_sh_flag_values(pl_arena *a, const pl_sh_cmd *c, const char *flag, const char ***out)
{
    *out = NULL;
    if (!c || !flag || !*flag)
        return 0;
    int n = 0;
    for (int i = 1; i < c->argc && !is_end_of_flags(c->argv[i].text); i++) {
        const char *v;
        if (flag_at(c, i, flag, &v) && v)
            n++;
    }
    if (n == 0)
        return 0;
    const char **vals = PL_NEW_N(a, const char *, n);
    int k = 0;
    for (int i = 1; i < c->argc && !is_end_of_flags(c->argv[i].text); i++) {
        const char *v;
        if (flag_at(c, i, flag, &v) && v)
            vals[k++] = v;
    }
    *out = vals;
    return n;
}

const char *pl_sh_flag_value(const pl_sh_cmd *c, const char *flag)
{
    if (!c || !flag || !*flag)
        return NULL;
    for (int i = 1; i < c->argc && !is_end_of_flags(c->argv[i].text); i++) {
        const char *v;
        if (flag_at(c, i, flag, &v) && v)
            return v;
    }
    return NULL;
}

static int takes_value(const char *const *flags_with_value, const char *name, size_t n)
{
    if (!flags_with_value)
        return 0;
    for (const char *const *f = flags_with_value; *f; f++)
        if (strlen(*f) == n && strncmp(*f, name, n) == 0)
            return 1;
    return 0;
}

/* Index of the next positional word from *i on, or -1; *i moves past it.
 * *ended remembers a "--" seen. */
static int next_positional(const pl_sh_cmd *c, const char *const *flags_with_value, int *i, int *ended)
{
    while (*i < c->argc) {
        int k = (*i)++;
        const char *t = c->argv[k].text;
        if (*ended || !looks_like_flag(t))
            return k;
        if (is_end_of_flags(t)) {
            *ended = 1;
            continue;
        }
        if (t[1] == '-') {
            size_t n = strcspn(t + 2, "=");
            if (t[2 + n] != '=' && takes_value(flags_with_value, t + 2, n))
                (*i)++;
            continue;
        }
        for (const char *f = t + 1; *f; f++) {
            if (takes_value(flags_with_value, f, 1)) {
                if (f[1] == '\0')
                    (*i)++;
                break;
            }
        }
    }
    return -1;
}

int pl_sh_positionals(pl_arena *a, const pl_sh_cmd *c, const char *const *flags_with_value,
                      const pl_sh_word ***out)
{
    *out = NULL;
    if (!c)
        return 0;
    int n = 0, i = 1, ended = 0;
    while (next_positional(c, flags_with_value, &i, &ended) >= 0)
        n++;
    if (n == 0)
        return 0;
    const pl_sh_word **words = PL_NEW_N(a, const pl_sh_word *, n);
    int k = 0, idx;
    i = 1;
    ended = 0;
    while ((idx = next_positional(c, flags_with_value, &i, &ended)) >= 0)
        words[k++] = &c->argv[idx];
    *out = words;
    return n;
}

const char *pl_sh_arg(const pl_sh_cmd *c, int n)
{
    if (!c || n < 0)
        return NULL;
    int i = 1, ended = 0, idx;
    while ((idx = next_positional(c, NULL, &i, &ended)) >= 0)
        if (n-- == 0)
            return c->argv[idx].text;
    return NULL;
}

int pl_sh_has_arg(const pl_sh_cmd *c, const char *text)
{
    if (!c || !text)
        return 0;
    for (int i = 1; i < c->argc; i++)
        if (strcmp(c->argv[i].text, text) == 0)
            return 1;
    return 0;
}
