/* helptext.c — parse of the --help text (see helptext.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "helptext.h"

int pl_help_plain_word(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
            return 0;
    return 1;
}

/* The help text split into lines (without their newline). */
static char **help_lines(pl_arena *a, int *n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        *n = 0;
        return NULL;
    }
    pl_usage(f);
    fclose(f);
    char *text = pl_arena_strndup(a, buf, len);
    free(buf);
    int count = 1;
    for (const char *p = text; *p; p++)
        count += *p == '\n';
    char **lines = PL_NEW_N(a, char *, count + 1);
    int k = 0;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        lines[k++] = p;
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    *n = k;
    return lines;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

static int is_upper_word(const char *p, size_t n)
{
    if (n == 0 || !isupper((unsigned char)p[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)p[i]) && !isdigit((unsigned char)p[i]) && !strchr("_=.", p[i]))
            return 0;
    return 1;
}

/* "a|b|c" -> {"a","b","c",NULL} */
static const char **split_bar(pl_arena *a, const char *s)
{
    int n = 1;
    for (const char *p = s; *p; p++)
        n += *p == '|';
    const char **v = PL_NEW_N(a, const char *, n + 1);
    int k = 0;
    for (const char *p = s;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        v[k++] = pl_arena_strndup(a, p, len);
        if (!bar)
            break;
        p = bar + 1;
    }
    return v;
}

/* The choices a description opens with: "text (default), json, sarif" or
 * "auto, always, never (NO_COLOR is honoured)"; NULL when it opens with prose. */
static const char **leading_values(pl_arena *a, const char *desc)
{
    size_t end = strcspn(desc, ";");
    char *list = pl_arena_strndup(a, desc, end);
    int n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    const char **v = PL_NEW_N(a, const char *, n + 1);
    int k = 0;
    for (char *item = list; item;) {
        char *comma = strstr(item, ", ");
        if (comma)
            *comma = '\0';
        char *paren = strstr(item, " (");
        if (paren && item[strlen(item) - 1] == ')')
            *paren = '\0';
        if (!pl_help_plain_word(item) || !islower((unsigned char)item[0]))
            return NULL;
        v[k++] = item;
        item = comma ? comma + 2 : NULL;
    }
    return k >= 2 ? v : NULL;
}

static pl_arg_kind kind_of(const char *arg)
{
    if (!arg)
        return PL_ARG_NONE;
    if (!strcmp(arg, "RULE"))
        return PL_ARG_RULE;
    if (!strcmp(arg, "DIR"))
        return PL_ARG_DIR;
    if (!strcmp(arg, "FILE") || !strcmp(arg, "PATH") || !strcmp(arg, "DOCKERFILE"))
        return PL_ARG_FILE;
    return PL_ARG_TEXT;
}

static void set_arg(pl_arena *a, pl_help_option *o, const char *arg)
{
    if (arg && strchr(arg, '|')) {
        o->values = split_bar(a, arg);
        o->arg = NULL;
        o->kind = PL_ARG_VALUES;
        for (const char **v = o->values; *v; v++)
            o->arg = o->arg ? pl_arena_printf(a, "%s|%s", o->arg, *v) : *v;
        return;
    }
    o->arg = arg;
    o->kind = kind_of(arg);
}

/* "-f, --format FMT          text (default), ..." */
static int parse_option_line(pl_arena *a, const char *line, pl_help_option *o)
{
    memset(o, 0, sizeof *o);
    const char *p = skip_spaces(line);
    if (*p != '-')
        return 0;
    while (*p == '-') {
        size_t n = strcspn(p, " ,");
        char *flag = pl_arena_strndup(a, p, n);
        if (flag[1] == '-')
            o->long_flag = flag;
        else
            o->short_flag = flag;
        p += n;
        if (*p == ',')
            p++;
        p = skip_spaces(p);
    }
    /* the argument is one space after the flag; the description is further */
    const char *after = p;
    size_t n = strcspn(p, " ");
    if (after > line && after[-1] == ' ' && (after < line + 2 || after[-2] != ' ') &&
        is_upper_word(p, n)) {
        set_arg(a, o, pl_arena_strndup(a, p, n));
        p = skip_spaces(p + n);
    }
    o->desc = pl_arena_strdup(a, p);
    return 1;
}

/* The presets the command-line contract names, for a --preset whose help
 * line does not open with them. */
static const char *contract_presets[] = {"recommended", "strict", "hadolint", NULL};

static void finish_option(pl_arena *a, pl_help_option *o)
{
    if (o->kind == PL_ARG_VALUES || !o->arg)
        return;
    const char **v = leading_values(a, o->desc);
    if (!v && o->long_flag && !strcmp(o->long_flag, "--preset"))
        v = contract_presets;
    if (v) {
        o->values = v;
        o->kind = PL_ARG_VALUES;
    }
}

/* Strips '[' in front and ']' behind; says whether the word closes the
 * bracket it opened. */
static char *unbracket(pl_arena *a, const char *w, int *opened, int *closed)
{
    *opened = *w == '[';
    while (*w == '[')
        w++;
    size_t n = strlen(w);
    *closed = n > 0 && w[n - 1] == ']';
    while (n > 0 && w[n - 1] == ']')
        n--;
    return pl_arena_strndup(a, w, n);
}

static void parse_usage_line(pl_arena *a, const char *line, pl_help_command *c)
{
    memset(c, 0, sizeof *c);
    c->line = line;
    char *copy = pl_arena_strdup(a, line);
    char *words[64];
    int nw = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok && nw < 64; tok = strtok_r(NULL, " ", &save))
        words[nw++] = tok;
    if (nw < 2)
        return;
    c->name = !strcmp(words[1], "[check]") ? "check" : words[1];
    c->opts = PL_NEW_N(a, pl_help_option, nw);
    for (int i = 2; i < nw; i++) {
        int opened, closed;
        char *w = unbracket(a, words[i], &opened, &closed);
        if (!*w || !strcmp(w, "...") || !strcmp(w, "OPTIONS"))
            continue;
        if (*w == '-') {
            pl_help_option *o = &c->opts[c->nopts++];
            memset(o, 0, sizeof *o);
            if (w[1] == '-')
                o->long_flag = w;
            else
                o->short_flag = w;
            int takes = opened ? !closed : (i + 1 < nw && words[i + 1][0] != '-' && words[i + 1][0] != '[');
            if (takes && i + 1 < nw) {
                int o2, c2;
                set_arg(a, o, unbracket(a, words[++i], &o2, &c2));
            }
            o->desc = "";
        } else if (!c->positional) {
            c->positional = PL_NEW(a, pl_help_option);
            set_arg(a, c->positional, w);
            c->positional->desc = "";
        }
    }
}

static void parse_exits(pl_arena *a, const char *text, pl_help *h)
{
    h->exits = PL_NEW_N(a, pl_help_exit, 16);
    const char *p = skip_spaces(text);
    while (*p && h->nexits < 16) {
        size_t code = strspn(p, "0123456789");
        if (!code || p[code] != ' ')
            break;
        const char *m = p + code + 1;
        const char *next = m;
        for (;;) {
            next = strstr(next, ", ");
            if (!next || isdigit((unsigned char)next[2]))
                break;
            next += 2;
        }
        size_t len = next ? (size_t)(next - m) : strlen(m);
        h->exits[h->nexits].code = pl_arena_strndup(a, p, code);
        h->exits[h->nexits].meaning = pl_arena_strndup(a, m, len);
        h->nexits++;
        if (!next)
            break;
        p = next + 2;
    }
}

void pl_help_parse(pl_arena *a, pl_help *h)
{
    memset(h, 0, sizeof *h);
    int n;
    char **lines = help_lines(a, &n);
    int i = 0;
    h->cmds = PL_NEW_N(a, pl_help_command, n + 1);
    for (; i < n && *lines[i]; i++) {
        const char *l = lines[i];
        if (!strncmp(l, "usage:", 6))
            l += 6;
        parse_usage_line(a, skip_spaces(l), &h->cmds[h->ncmds]);
        if (h->cmds[h->ncmds].name)
            h->ncmds++;
    }
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (i++; i < n && *lines[i]; i++)
        pl_sb_printf(&sb, "%s%s", sb.len ? " " : "", lines[i]);
    h->description = pl_sb_str(&sb);
    h->opts = PL_NEW_N(a, pl_help_option, n + 1);
    for (; i < n; i++) {
        const char *l = lines[i];
        if (!strncmp(l, "exit status:", 12)) {
            pl_strbuf ex;
            pl_sb_init(&ex, a);
            pl_sb_puts(&ex, l + 12);
            while (i + 1 < n && lines[i + 1][0] == ' ')
                pl_sb_printf(&ex, " %s", skip_spaces(lines[++i]));
            parse_exits(a, pl_sb_str(&ex), h);
            continue;
        }
        if (l[0] != ' ')
            continue;
        const char *p = skip_spaces(l);
        if (*p == '-' && p - l < 8) {
            if (parse_option_line(a, l, &h->opts[h->nopts]))
                h->nopts++;
        } else if (*p && h->nopts > 0) {
            pl_help_option *o = &h->opts[h->nopts - 1];
            o->desc = pl_arena_printf(a, "%s %s", o->desc, p);
        }
    }
    for (int k = 0; k < h->nopts; k++)
        finish_option(a, &h->opts[k]);
}
