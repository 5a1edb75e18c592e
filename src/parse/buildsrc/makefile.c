/* makefile.c — image builds in Makefile recipes and shell scripts.
 *
 * A recipe runs in the Makefile's directory; `$$` is a `$`, a variable
 * defined once at the top level with a plain value (`IMAGE := api`) is
 * substituted, and any other `$(...)` stays an expansion, so what it feeds
 * is unknown. A script is taken to run from the repository root unless it
 * changes to its own directory (`cd "$(dirname "$0")"`).
 */
#include <string.h>

#include "buildsrc_internal.h"

typedef struct {
    const char *name;
    const char *value;
} make_var;

/* `NAME = value`, `NAME := value`, `NAME ?= value` at the top level, with
 * a value free of `$`. */
static int read_var(pl_arena *a, const char *line, size_t n, make_var *out)
{
    size_t i = 0;
    while (i < n && (line[i] == '_' || (line[i] >= 'A' && line[i] <= 'Z') ||
                     (line[i] >= 'a' && line[i] <= 'z') || (line[i] >= '0' && line[i] <= '9')))
        i++;
    if (!i)
        return 0;
    size_t name_end = i;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i + 1 < n && (line[i] == ':' || line[i] == '?') && line[i + 1] == '=')
        i += 2;
    else if (i < n && line[i] == '=')
        i++;
    else
        return 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t end = n;
    while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
        end--;
    if (memchr(line + i, '$', end - i) || memchr(line + i, '#', end - i))
        return 0;
    out->name = pl_arena_strndup(a, line, name_end);
    out->value = pl_arena_strndup(a, line + i, end - i);
    return 1;
}

/* The recipe text as the shell gets it; *skipped counts the prefix
 * characters (@ - +) make takes off. */
static const char *recipe_text(pl_arena *a, const char *s, size_t n, const pl_vec *vars,
                               int *skipped)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    size_t i = 0;
    while (i < n && (s[i] == '@' || s[i] == '-' || s[i] == '+'))
        i++;
    *skipped = (int)i;
    while (i < n) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
            pl_sb_putc(&sb, '$');
            i += 2;
            continue;
        }
        if (s[i] == '$' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '{')) {
            char close = s[i + 1] == '(' ? ')' : '}';
            const char *e = memchr(s + i + 2, close, n - i - 2);
            const char *value = NULL;
            for (size_t k = 0; e && k < vars->len; k++) {
                const make_var *v = vars->items[k];
                if (strlen(v->name) == (size_t)(e - (s + i + 2)) &&
                    !strncmp(v->name, s + i + 2, (size_t)(e - (s + i + 2))))
                    value = v->value;
            }
            if (value) {
                pl_sb_puts(&sb, value);
                i = (size_t)(e - s) + 1;
                continue;
            }
        }
        pl_sb_putc(&sb, s[i++]);
    }
    return pl_sb_str(&sb);
}


void pl_buildsrc_read_makefile(pl_arena *a, const char *path, const char *data, size_t len,
                               pl_vec *out)
{
    if (!memmem(data, len, "build", 5) && !memmem(data, len, "bud", 3))
        return;
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    pl_vec vars = {0};
    size_t pos = 0;
    int line = 1;
    while (pos < len) {
        int start_line = line;
        /* one logical line: backslash-newline joins the next */
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        for (;;) {
            const char *nl = memchr(data + pos, '\n', len - pos);
            size_t n = nl ? (size_t)(nl - (data + pos)) : len - pos;
            int joined = n && data[pos + n - 1] == '\\';
            pl_sb_append(&sb, data + pos, joined ? n - 1 : n);
            pos += n + (nl ? 1 : 0);
            line++;
            if (!joined || pos >= len)
                break;
            pl_sb_putc(&sb, ' ');
        }
        const char *l = pl_sb_str(&sb);
        size_t n = sb.len;
        if (l[0] == '\t') {
            int skipped;
            const char *text = recipe_text(a, l + 1, n - 1, &vars, &skipped);
            pl_buildcmd_scan(a, text, strlen(text), dir, PL_ORIGIN_MAKEFILE, path, start_line,
                             2 + skipped, NULL, out);
        } else {
            make_var v;
            if (read_var(a, l, n, &v)) {
                make_var *copy = PL_NEW(a, make_var);
                *copy = v;
                pl_vec_push(a, &vars, copy);
            }
        }
    }
}
