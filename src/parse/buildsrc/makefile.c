/* makefile.c — image builds in Makefile recipes and shell scripts.
 *
 * A recipe runs in the Makefile's directory; `$$` is a `$`, a variable
 * the file defines at the top level (`IMAGE := api`, `TAG ?= 1`,
 * `FILE = $(DIR)/Dockerfile`, wherever in the file) is substituted,
 * following references a few levels deep; a variable defined inside a
 * conditional, and any other `$(...)` (`$(shell ...)`, a variable from the
 * environment or the command line) stays an expansion, so what it feeds
 * is unknown. Nothing is run. A script is taken to run from the repository root unless it
 * changes to its own directory (`cd "$(dirname "$0")"`).
 */
#include <string.h>

#include "buildsrc_internal.h"

typedef struct {
    const char *name;
    const char *value; /* as written; NULL when not known (a conditional, `+=` on an unknown) */
    int varies;        /* set by a conditional or per target: never known */
} make_var;

/* How deep `$(A)` whose value names `$(B)` is followed. */
enum { MAX_EXPAND_DEPTH = 4, MAX_VARS = 512 };

static int var_char(char c)
{
    return c == '_' || c == '.' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9');
}

static make_var *find_var(const pl_vec *vars, const char *name, size_t n)
{
    for (size_t k = 0; k < vars->len; k++) {
        make_var *v = vars->items[k];
        if (strlen(v->name) == n && !strncmp(v->name, name, n))
            return v;
    }
    return NULL;
}

static const char *expand(pl_arena *a, const char *s, size_t n, const pl_vec *vars, int depth,
                          int recipe);

/* A top-level assignment, `[export|override] NAME op value` with op one
 * of `=`, `:=`, `::=`, `?=`, `+=`; the value without its comment. Inside
 * a conditional (`in_cond`) the value depends on how make is run: the
 * variable becomes unknown. */
static void read_var(pl_arena *a, const char *line, size_t n, int in_cond, pl_vec *vars)
{
    size_t i = 0;
    for (int word = 0; word < 2; word++) {
        if (n - i > 7 && !strncmp(line + i, "export ", 7))
            i += 7;
        else if (n - i > 9 && !strncmp(line + i, "override ", 9))
            i += 9;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
    }
    size_t name_start = i;
    while (i < n && var_char(line[i]))
        i++;
    if (i == name_start)
        return;
    size_t name_end = i;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    char op = '=';
    if (i + 2 < n && !strncmp(line + i, "::=", 3))
        op = ':', i += 3;
    else if (i + 1 < n && (line[i] == ':' || line[i] == '?' || line[i] == '+') && line[i + 1] == '=')
        op = line[i], i += 2;
    else if (i < n && line[i] == '=')
        i++;
    else
        return;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    const char *hash = memchr(line + i, '#', n - i);
    size_t end = hash ? (size_t)(hash - line) : n;
    while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
        end--;
    const char *value = pl_arena_strndup(a, line + i, end - i);
    /* `:=` expands when it is read, with what is defined so far */
    if (op == ':' && strchr(value, '$'))
        value = expand(a, value, strlen(value), vars, 0, 0);
    make_var *v = find_var(vars, line + name_start, name_end - name_start);
    if (!value)
        in_cond = 1; /* not known: the same as a value that depends on the run */
    if (!v) {
        if (vars->len >= MAX_VARS)
            return;
        v = PL_NEW(a, make_var);
        v->name = pl_arena_strndup(a, line + name_start, name_end - name_start);
        v->value = in_cond ? NULL : value;
        v->varies = in_cond;
        pl_vec_push(a, vars, v);
        return;
    }
    if (in_cond || v->varies)
        v->value = NULL, v->varies = 1;
    else if (op == '+')
        v->value = v->value ? pl_arena_printf(a, "%s %s", v->value, value) : NULL;
    else if (op != '?')
        v->value = value;
}

static const char *single_dollars(pl_arena *a, const char *s)
{
    if (!strstr(s, "$$"))
        return s;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (; *s; s++) {
        pl_sb_putc(&sb, *s);
        if (s[0] == '$' && s[1] == '$')
            s++;
    }
    return pl_sb_str(&sb);
}

/* `s` with each `$(NAME)` / `${NAME}` a variable gives a known value
 * replaced by that value, expanded in turn up to `depth`; `$$` kept for
 * the caller. Returns NULL when some reference stays unexpanded. */
static const char *expand(pl_arena *a, const char *s, size_t n, const pl_vec *vars, int depth,
                          int recipe)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int complete = 1;
    size_t i = 0;
    while (i < n) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
            pl_sb_puts(&sb, recipe ? "$" : "$$");
            i += 2;
            continue;
        }
        if (s[i] == '$' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '{')) {
            char close = s[i + 1] == '(' ? ')' : '}';
            const char *name = s + i + 2;
            size_t k = 0;
            while (i + 2 + k < n && var_char(name[k]))
                k++;
            const make_var *v = k && i + 2 + k < n && name[k] == close ? find_var(vars, name, k)
                                                                       : NULL;
            const char *value =
                v && v->value && depth < MAX_EXPAND_DEPTH
                    ? expand(a, v->value, strlen(v->value), vars, depth + 1, 0)
                    : NULL;
            if (value) {
                /* a value's `$$` is a `$` for the shell too */
                pl_sb_puts(&sb, recipe ? single_dollars(a, value) : value);
                i += 2 + k + 1;
                continue;
            }
            complete = 0;
        }
        pl_sb_putc(&sb, s[i++]);
    }
    return complete || recipe ? pl_sb_str(&sb) : NULL;
}

/* The recipe text as the shell gets it; *skipped counts the prefix
 * characters (@ - +) make takes off. */
static const char *recipe_text(pl_arena *a, const char *s, size_t n, const pl_vec *vars,
                               int *skipped)
{
    size_t i = 0;
    while (i < n && (s[i] == '@' || s[i] == '-' || s[i] == '+'))
        i++;
    *skipped = (int)i;
    return expand(a, s + i, n - i, vars, 0, 1);
}

/* One logical line from `*pos`: backslash-newline joins the next. */
static const char *logical_line(pl_arena *a, const char *data, size_t len, size_t *pos,
                                int *line, size_t *n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (;;) {
        const char *nl = memchr(data + *pos, '\n', len - *pos);
        size_t k = nl ? (size_t)(nl - (data + *pos)) : len - *pos;
        int joined = k && data[*pos + k - 1] == '\\';
        pl_sb_append(&sb, data + *pos, joined ? k - 1 : k);
        *pos += k + (nl ? 1 : 0);
        (*line)++;
        if (!joined || *pos >= len)
            break;
        pl_sb_putc(&sb, ' ');
    }
    *n = sb.len;
    return pl_sb_str(&sb);
}

/* `goal: NAME := value` sets NAME for that goal and what it builds: which
 * value a recipe sees depends on the goal make is run with. */
static int target_var(pl_arena *a, const char *l, size_t n, pl_vec *vars)
{
    const char *colon = memchr(l, ':', n);
    if (!colon || colon == l || (size_t)(colon - l) + 1 >= n || colon[1] == '=' || colon[1] == ':')
        return 0;
    if (memchr(l, '=', (size_t)(colon - l)) || memchr(l, '\t', (size_t)(colon - l)))
        return 0; /* `A = x:y=z` is an assignment */
    size_t rest = n - (size_t)(colon + 1 - l);
    const char *eq = memchr(colon + 1, '=', rest);
    if (!eq)
        return 0;
    read_var(a, colon + 1 + strspn(colon + 1, " \t"), rest - strspn(colon + 1, " \t"), 1, vars);
    return 1;
}

static int starts_word(const char *l, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(l, w, n) && (l[n] == ' ' || l[n] == '\t' || l[n] == '(' || !l[n]);
}

void pl_buildsrc_read_makefile(pl_arena *a, const char *path, const char *data, size_t len,
                               pl_vec *out)
{
    if (!memmem(data, len, "build", 5) && !memmem(data, len, "bud", 3))
        return;
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    /* make expands a recipe when it runs it, after reading the whole
     * file: the variables first, then the recipes */
    pl_vec vars = {0};
    size_t pos = 0;
    int line = 1, cond = 0;
    while (pos < len) {
        size_t n;
        const char *l = logical_line(a, data, len, &pos, &line, &n);
        if (l[0] == '\t')
            continue;
        while (*l == ' ')
            l++, n--;
        if (starts_word(l, "ifeq") || starts_word(l, "ifneq") || starts_word(l, "ifdef") ||
            starts_word(l, "ifndef"))
            cond++;
        else if (starts_word(l, "endif") && cond > 0)
            cond--;
        else if (!target_var(a, l, n, &vars))
            read_var(a, l, n, cond > 0, &vars);
    }
    pos = 0;
    line = 1;
    while (pos < len) {
        int start_line = line;
        size_t n;
        const char *l = logical_line(a, data, len, &pos, &line, &n);
        if (l[0] == '\t') {
            int skipped;
            const char *text = recipe_text(a, l + 1, n - 1, &vars, &skipped);
            pl_buildcmd_scan(a, text, strlen(text), dir, PL_ORIGIN_MAKEFILE, path, start_line,
                             2 + skipped, NULL, out);
        }
    }
}
