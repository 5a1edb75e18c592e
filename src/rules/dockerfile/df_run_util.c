/* df_run_util.c — helpers shared by the RUN-command rules (df_run_*.c):
 * RUN walking, word resolution, --mount reading, ARG/ENV variables and
 * script assignments. */
#include "df_run_util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *body_of(const pl_df_heredoc *h)
{
    return h->content ? h->content : "";
}

/* The parser leaves the bodies after an unterminated here-document without
 * content (NULL); the script reader wants text, so give it a copy of the
 * instruction where those bodies are empty. */
static const pl_df_instr *with_bodies(pl_arena *a, const pl_df_instr *ins)
{
    int missing = 0;
    for (int h = 0; h < ins->nheredocs; h++)
        missing |= ins->heredocs[h].content == NULL;
    if (!missing)
        return ins;
    pl_df_instr *copy = PL_NEW(a, pl_df_instr);
    *copy = *ins;
    copy->run_memo_arena = NULL; /* its script differs from the original's */
    copy->heredocs = PL_NEW_N(a, pl_df_heredoc, ins->nheredocs);
    for (int h = 0; h < ins->nheredocs; h++) {
        copy->heredocs[h] = ins->heredocs[h];
        copy->heredocs[h].content = body_of(&ins->heredocs[h]);
        if (!copy->heredocs[h].name)
            copy->heredocs[h].name = "";
    }
    return copy;
}

void pl_dfrun_read(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, pl_dfrun *out)
{
    out->df = m->df;
    out->ins = ins;
    out->sh = pl_df_run_shell(pl_check_arena(c), with_bodies(pl_check_arena(c), ins), &out->script);
    out->onbuild = ins->parent != NULL;
}

int pl_dfrun_each(pl_check *c, const pl_df_model *m, int onbuild, pl_dfrun_fn fn, void *ud)
{
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_df_instr *which[2] = {ins, onbuild ? ins->sub : NULL};
        for (int k = 0; k < 2; k++) {
            if (!which[k] || which[k]->kind != PL_DF_RUN)
                continue;
            pl_dfrun r;
            pl_dfrun_read(c, m, which[k], &r);
            fn(c, m, &r, ud);
            n++;
        }
    }
    return n;
}

/* Leading tabs of line `line` of the file (what `<<-` strips). */
static int leading_tabs(const pl_dockerfile *df, int line)
{
    const char *s = df->source, *end = df->source + df->source_len;
    for (int l = 1; l < line && s < end; s++)
        if (*s == '\n')
            l++;
    int n = 0;
    while (s < end && *s == '\t')
        s++, n++;
    return n;
}

/* The script is the here-document bodies (`RUN <<EOF`): the word's place
 * in the body it comes from. */
static int heredoc_span(const pl_dfrun *r, const pl_sh_word *w, pl_span *out)
{
    const pl_df_instr *ins = r->ins;
    size_t total = 0;
    for (int h = 0; h < ins->nheredocs; h++) {
        size_t n = strlen(body_of(&ins->heredocs[h]));
        if (strncmp(r->script + total, body_of(&ins->heredocs[h]), n))
            return 0;
        total += n;
    }
    if (total != strlen(r->script))
        return 0;
    size_t at = w->offset;
    for (int h = 0; h < ins->nheredocs; h++) {
        const pl_df_heredoc *hd = &ins->heredocs[h];
        const char *body = body_of(hd);
        size_t n = strlen(body);
        if (at >= n) {
            at -= n;
            continue;
        }
        int line = hd->body_span.line;
        size_t line_start = 0;
        for (size_t i = 0; i < at; i++)
            if (body[i] == '\n')
                line++, line_start = i + 1;
        int col = (int)(at - line_start) + 1;
        if (hd->chomp && r->df)
            col += leading_tabs(r->df, line);
        size_t len = strcspn(body + at, "\n");
        if (len > w->len)
            len = w->len;
        *out = pl_span_make(line, col, line, col + (int)(len ? len : 1) - 1);
        return 1;
    }
    return 0;
}

/* Exec form: the script is the arguments joined by spaces; a word that is a
 * whole argument has that argument's span. */
static int exec_span(const pl_dfrun *r, const pl_sh_word *w, pl_span *out)
{
    size_t at = 0;
    for (int i = 0; i < r->ins->nargs; i++) {
        size_t n = r->ins->args[i].len;
        if (w->offset == at && w->len == n) {
            *out = r->ins->args[i].span;
            return 1;
        }
        at += n + 1;
    }
    return 0;
}

pl_span pl_dfrun_span(const pl_dfrun *r, const pl_sh_word *w)
{
    pl_span s;
    if (r->ins->json && exec_span(r, w, &s))
        return s;
    if (!r->ins->json && r->ins->nheredocs && heredoc_span(r, w, &s))
        return s;
    return pl_df_script_span(r->ins, r->script, w);
}

/* Resolves `text` (quotes already removed) through the ARG/ENV in scope. */
static const char *resolve_text(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                                const char *text)
{
    /* a command substitution runs something: its output is not knowable */
    if (strstr(text, "$(") || strchr(text, '`'))
        return NULL;
    const char *out = NULL;
    if (pl_model_expand(pl_check_arena(c), m, ins, text, &out) != PL_EXPAND_OK)
        return NULL;
    return out;
}

const char *pl_dfrun_word_value(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                const pl_sh_word *w)
{
    if (!w->has_expansion)
        return w->text;
    return resolve_text(c, m, r->ins, w->text);
}

const char *pl_dfrun_text_value(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                const char *text)
{
    if (!strchr(text, '$') && !strchr(text, '`'))
        return text;
    return resolve_text(c, m, r->ins, text);
}

/* Next field of a --mount value, which BuildKit reads as one CSV record:
 * fields split on ',', a field may be double-quoted. */
static const char *csv_field(pl_arena *a, const char **p)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    const char *s = *p;
    int quoted = 0;
    for (; *s; s++) {
        if (*s == '"') {
            if (quoted && s[1] == '"') {
                pl_sb_putc(&sb, '"');
                s++;
            } else {
                quoted = !quoted;
            }
            continue;
        }
        if (*s == ',' && !quoted)
            break;
        pl_sb_putc(&sb, *s);
    }
    *p = *s ? s + 1 : s;
    return pl_sb_str(&sb);
}

int pl_dfrun_has_cache_mount(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                             const char *fragment)
{
    pl_arena *a = pl_check_arena(c);
    for (int f = 0; f < ins->nflags; f++) {
        const pl_df_flag *fl = &ins->flags[f];
        if (strcmp(fl->name, "mount") || !fl->value)
            continue;
        const char *type = "bind", *target = NULL;
        for (const char *p = fl->value; *p;) {
            const char *field = csv_field(a, &p);
            const char *eq = strchr(field, '=');
            if (!eq)
                continue;
            size_t kn = (size_t)(eq - field);
            if (kn == 4 && !strncasecmp(field, "type", 4))
                type = eq + 1;
            else if ((kn == 6 && !strncasecmp(field, "target", 6)) ||
                     (kn == 3 && !strncasecmp(field, "dst", 3)) ||
                     (kn == 11 && !strncasecmp(field, "destination", 11)))
                target = eq + 1;
        }
        if (!target || (strcmp(type, "cache") && strcmp(type, "tmpfs")))
            continue;
        if (strstr(target, fragment))
            return 1;
        const char *resolved = pl_expand_has_vars(target, m->df->escape ? m->df->escape : '\\')
                                   ? resolve_text(c, m, ins, target)
                                   : NULL;
        if (resolved && strstr(resolved, fragment))
            return 1;
    }
    return 0;
}

int pl_dfrun_is_truthy(const char *v)
{
    static const char *const truthy[] = {"1", "true", "True", "TRUE", "on", "On", "ON",
                                         "yes", "Yes", "YES", NULL};
    if (!v)
        return 0;
    for (const char *const *t = truthy; *t; t++)
        if (!strcmp(v, *t))
            return 1;
    return 0;
}

int pl_dfrun_find_arg(const pl_sh_cmd *cmd, int from, const char *text)
{
    for (int i = from; i < cmd->argc; i++)
        if (!strcmp(cmd->argv[i].text, text))
            return i;
    return -1;
}

static const char *build_arg_value(pl_check *c, const char *name, size_t len)
{
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !ws->opts)
        return NULL;
    const pl_strlist *l = &ws->opts->build_args;
    for (int i = 0; i < l->n; i++)
        if (!strncmp(l->items[i], name, len) && l->items[i][len] == '=')
            return l->items[i] + len + 1;
    return NULL;
}

int pl_dfrun_vars(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, pl_dfrun_var **out)
{
    pl_arena *a = pl_check_arena(c);
    *out = NULL;
    if (ins->kind == PL_DF_ENV) {
        const char **keys, **vals;
        int n = pl_df_pairs(ins, &keys, &vals, a);
        pl_dfrun_var *v = PL_NEW_N(a, pl_dfrun_var, n + 1);
        for (int i = 0; i < n; i++) {
            const char *val = NULL;
            if (pl_model_expand(a, m, ins, vals[i], &val) != PL_EXPAND_OK)
                val = NULL;
            v[i] = (pl_dfrun_var){keys[i], val, 1, 1, ins->args[3 * i].span};
        }
        *out = v;
        return n;
    }
    if (ins->kind != PL_DF_ARG)
        return 0;
    pl_dfrun_var *v = PL_NEW_N(a, pl_dfrun_var, ins->nargs + 1);
    for (int i = 0; i < ins->nargs; i++) {
        const char *w = ins->args[i].text;
        const char *eq = strchr(w, '=');
        size_t nlen = eq ? (size_t)(eq - w) : strlen(w);
        const char *val = build_arg_value(c, w, nlen);
        int given = eq || val;
        if (!val && eq && pl_model_expand(a, m, ins, eq + 1, &val) != PL_EXPAND_OK)
            val = NULL;
        v[i] = (pl_dfrun_var){pl_arena_strndup(a, w, nlen), val, given, 0, ins->args[i].span};
    }
    *out = v;
    return ins->nargs;
}

void pl_dfrun_each_var(pl_check *c, const pl_df_model *m, pl_dfrun_var_fn fn, void *ud)
{
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        const pl_df_instr *which[2] = {ins, ins->sub};
        for (int k = 0; k < 2; k++) {
            if (!which[k] || (which[k]->kind != PL_DF_ARG && which[k]->kind != PL_DF_ENV))
                continue;
            pl_dfrun_var *vars;
            int n = pl_dfrun_vars(c, m, which[k], &vars);
            for (int v = 0; v < n; v++)
                fn(c, which[k], &vars[v], ud);
        }
    }
}

static int declares(const pl_sh_cmd *cmd)
{
    static const char *const names[] = {"export", "env", "declare", "typeset", "readonly", "local",
                                        NULL};
    for (const char *const *n = names; *n; n++)
        if (pl_sh_is(cmd, *n))
            return 1;
    return 0;
}

static void check_assign(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                         const pl_sh_word *w, const char *name, int nocase,
                         pl_dfrun_assign_fn fn, void *ud)
{
    size_t n = strlen(name);
    const char *t = w->text;
    if (strlen(t) <= n || t[n] != '=' || (nocase ? strncasecmp(t, name, n) : strncmp(t, name, n)))
        return;
    const char *value = t + n + 1;
    if (w->has_expansion)
        value = resolve_text(c, m, r->ins, value);
    fn(c, r, w, value, ud);
}

void pl_dfrun_each_assign(pl_check *c, const pl_df_model *m, const pl_dfrun *r, const char *name,
                          int nocase, pl_dfrun_assign_fn fn, void *ud)
{
    const pl_sh_script *sh = r->sh;
    for (int i = 0; i < sh->nassigns; i++)
        check_assign(c, m, r, &sh->assigns[i], name, nocase, fn, ud);
    for (int k = 0; k < sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &sh->cmds[k];
        for (int i = 0; i < cmd->nassigns; i++)
            check_assign(c, m, r, &cmd->assigns[i], name, nocase, fn, ud);
        if (declares(cmd))
            for (int i = 1; i < cmd->argc; i++)
                check_assign(c, m, r, &cmd->argv[i], name, nocase, fn, ud);
    }
}
