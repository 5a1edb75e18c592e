/* df_pkg_common.c — helpers shared by the OS package-manager rules
 * (df_pkg_apt.c, df_pkg_apk.c, df_pkg_rpm.c). See df_pkg_common.h. */
#include "df_pkg_common.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct {
    pl_pkg_run_fn fn;
    void *ud;
} each_ctx;

static void visit_run(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, void *ud)
{
    const each_ctx *e = ud;
    /* the parser can leave a broken here-document without a body
     * (`RUN <<-X<NUL> <<n`); pl_df_run_script would read through NULL */
    for (int h = 0; h < ins->nheredocs; h++)
        if (!ins->heredocs[h].content || !ins->heredocs[h].name)
            return;
    pl_pkg_run run = {.ins = ins};
    run.sh = pl_df_run_shell(pl_check_arena(c), ins, &run.script);
    e->fn(c, m, &run, e->ud);
}

void pl_pkg_each_run(pl_check *c, const pl_df_model *m, pl_pkg_run_fn fn, void *ud)
{
    each_ctx e = {fn, ud};
    pl_df_each(c, m, PL_DF_RUN, 1, visit_run, &e);
}

void pl_pkg_conclude(pl_check *c, const pl_pkg_tally *t, const char *what, const char *none)
{
    if (t->failures)
        return;
    if (t->commands == 0 && t->unread) {
        pl_skip(c, "%d command%s name%s no package that can be read (none, or only variables)",
                t->unread, t->unread == 1 ? "" : "s", t->unread == 1 ? "s" : "");
        return;
    }
    if (t->commands == 0) {
        pl_skip(c, "%s", none);
        return;
    }
    pl_pass(c, t->last, "%d %s", t->commands,
            pl_arena_printf(pl_check_arena(c), what, t->commands == 1 ? "" : "s"));
}

static int in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

const pl_sh_word *pl_pkg_verb(pl_arena *a, const pl_sh_cmd *cmd, const char *tool,
                              const char *const *with_value, const char *const *verbs)
{
    if (!pl_sh_is(cmd, tool))
        return NULL;
    const pl_sh_word **pos;
    int n = pl_sh_positionals(a, cmd, with_value, &pos);
    for (int i = 0; i < n; i++)
        if (in_list(pos[i]->text, verbs))
            return pos[i];
    return NULL;
}

int pl_pkg_args(pl_arena *a, const pl_sh_cmd *cmd, const char *const *with_value,
                const char *const *skip, const pl_sh_word ***out)
{
    const pl_sh_word **pos;
    int n = pl_sh_positionals(a, cmd, with_value, &pos);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!in_list(pos[i]->text, skip) && pos[i]->text[0] != '\0')
            pos[k++] = pos[i];
    *out = pos;
    return k;
}

int pl_pkg_has_word(const pl_sh_cmd *cmd, const char *const *words)
{
    for (int i = 1; i < cmd->argc; i++)
        if (in_list(cmd->argv[i].text, words))
            return 1;
    return 0;
}

int pl_pkg_rm_removes(const pl_sh_cmd *cmd, const char *dir)
{
    if (!pl_sh_is(cmd, "rm"))
        return 0;
    size_t n = strlen(dir);
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (strncmp(t, dir, n))
            continue;
        const char *rest = t + n;
        if (!strcmp(rest, "") || !strcmp(rest, "/") || !strcmp(rest, "/*") || !strcmp(rest, "*"))
            return 1;
    }
    return 0;
}

/* The value of `key` in a `--mount` spec ("type=cache,target=/x"), or NULL. */
static const char *mount_field(pl_arena *a, const char *spec, const char *const *keys)
{
    const char *found = NULL;
    for (const char *p = spec; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        for (const char *const *k = keys; *k; k++)
            if (strlen(*k) == klen && !strncasecmp(p, *k, klen)) {
                const char *v = eq ? eq + 1 : "";
                size_t vlen = eq ? len - klen - 1 : 0;
                if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
                    v++;
                    vlen -= 2;
                }
                found = pl_arena_strndup(a, v, vlen);
            }
        p = end ? end + 1 : NULL;
    }
    return found;
}

int pl_pkg_cache_mount(pl_check *c, const pl_df_model *m, const pl_df_instr *ins,
                       const char *fragment)
{
    static const char *const type_key[] = {"type", NULL};
    static const char *const target_keys[] = {"target", "dst", "destination", NULL};
    pl_arena *a = pl_check_arena(c);
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *fl = &ins->flags[i];
        if (strcmp(fl->name, "mount") || !fl->value)
            continue;
        const char *type = mount_field(a, fl->value, type_key);
        if (!type || (strcasecmp(type, "cache") && strcasecmp(type, "tmpfs")))
            continue;
        const char *target = mount_field(a, fl->value, target_keys);
        if (!target)
            continue;
        if (strchr(target, '$')) {
            const char *v;
            if (pl_model_expand(a, m, ins, target, &v) != PL_EXPAND_OK)
                return 1;
            target = v;
        }
        if (strstr(target, fragment))
            return 1;
    }
    return 0;
}

/* ---- package words through ARG/ENV ------------------------------------- */

typedef struct {
    const pl_var *scope;
    const pl_sh_script *sh;
    int undefined;
    /* hadolint's reading of DL3033/DL3041: a name some earlier ARG of the
     * file declares, in whatever stage, counts as defined (value unknown). */
    const pl_dockerfile *file_args;
    int before_index;
} word_ctx;

static int file_declares_arg(const pl_dockerfile *df, int before, const char *name, size_t len)
{
    for (int i = 0; i < df->ninstrs && i < before; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (ins->kind != PL_DF_ARG)
            continue;
        for (int w = 0; w < ins->nargs; w++) {
            const char *t = ins->args[w].text;
            if (!strncmp(t, name, len) && (t[len] == '\0' || t[len] == '='))
                return 1;
        }
    }
    return 0;
}

static int names_var(const char *assign, const char *name, size_t len)
{
    return !strncmp(assign, name, len) && assign[len] == '=';
}

/* The script itself sets the variable (`V=1; ...`, `export V=1`): its value
 * is the shell's business, not an ARG's. */
static int script_assigns(const pl_sh_script *sh, const char *name, size_t len)
{
    for (int i = 0; i < sh->nassigns; i++)
        if (names_var(sh->assigns[i].text, name, len))
            return 1;
    for (int k = 0; k < sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &sh->cmds[k];
        for (int i = 0; i < cmd->nassigns; i++)
            if (names_var(cmd->assigns[i].text, name, len))
                return 1;
        if (pl_sh_is(cmd, "export") || pl_sh_is(cmd, "declare") || pl_sh_is(cmd, "local") ||
            pl_sh_is(cmd, "readonly") || pl_sh_is(cmd, "typeset") || pl_sh_is(cmd, "read"))
            for (int i = 1; i < cmd->argc; i++)
                if (names_var(cmd->argv[i].text, name, len) ||
                    (pl_sh_is(cmd, "read") && strlen(cmd->argv[i].text) == len &&
                     !strncmp(cmd->argv[i].text, name, len)))
                    return 1;
    }
    return 0;
}

static pl_var_state word_lookup(void *ud, const char *name, size_t len, const char **value)
{
    word_ctx *w = ud;
    pl_var_state st = pl_scope_lookup(w->scope, name, len, value);
    if (st != PL_VAR_UNDEFINED)
        return st;
    if (script_assigns(w->sh, name, len))
        return PL_VAR_UNKNOWN;
    if (w->file_args && file_declares_arg(w->file_args, w->before_index, name, len))
        return PL_VAR_UNKNOWN;
    w->undefined = 1;
    return PL_VAR_UNDEFINED;
}

static pl_pkg_word_state word_resolve(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                                      const pl_sh_word *w, const char ***fields, int *nfields,
                                      int any_file_arg)
{
    pl_arena *a = pl_check_arena(c);
    *fields = PL_NEW_N(a, const char *, 1);
    (*fields)[0] = w->text;
    *nfields = 1;
    if (!w->has_expansion)
        return PL_PKG_WORD_KNOWN;
    /* command output is only known when the command runs */
    if (strstr(w->raw, "$(") || strchr(w->raw, '`'))
        return PL_PKG_WORD_UNKNOWN;

    const pl_df_instr *top = run->ins->parent ? run->ins->parent : run->ins;
    word_ctx ctx = {m->scope_before[top->index], run->sh, 0, any_file_arg ? m->df : NULL,
                    top->index};
    pl_expander ex = {0};
    ex.lookup = word_lookup;
    ex.ud = &ctx;
    ex.escape = m->df->escape ? m->df->escape : '\\';
    const char *out = NULL, *err = NULL;
    pl_expand_status st = pl_expand_word(a, &ex, w->raw, &out, &err);
    if (st != PL_EXPAND_OK)
        return PL_PKG_WORD_UNKNOWN;

    /* an unquoted expansion is split into several words by the shell */
    int quoted = strchr(w->raw, '"') || strchr(w->raw, '\'');
    int n = 0;
    const char **f = PL_NEW_N(a, const char *, strlen(out) / 2 + 1);
    if (quoted) {
        if (*out)
            f[n++] = out;
    } else {
        for (const char *p = out; *p;) {
            while (*p == ' ' || *p == '\t' || *p == '\n')
                p++;
            const char *s = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\n')
                p++;
            if (p > s)
                f[n++] = pl_arena_strndup(a, s, (size_t)(p - s));
        }
    }
    if (ctx.undefined && n == 0) {
        /* `$PKG` with PKG defined nowhere: hadolint judges the text */
        f[n++] = w->text;
    }
    *fields = f;
    *nfields = n;
    return ctx.undefined ? PL_PKG_WORD_RAW : PL_PKG_WORD_KNOWN;
}

pl_pkg_word_state pl_pkg_word_resolve(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                                      const pl_sh_word *w, const char ***fields, int *nfields)
{
    return word_resolve(c, m, run, w, fields, nfields, 0);
}

pl_pkg_word_state pl_pkg_word_resolve_file_args(pl_check *c, const pl_df_model *m,
                                                const pl_pkg_run *run, const pl_sh_word *w,
                                                const char ***fields, int *nfields)
{
    return word_resolve(c, m, run, w, fields, nfields, 1);
}

const char *pl_pkg_word_note(pl_pkg_word_state st)
{
    return st == PL_PKG_WORD_RAW ? " (no ARG or ENV of the stage defines its variable)" : "";
}

/* A word of a `RUN <<EOF` script, whose text is the here-document bodies one
 * after the other: its place in the body lines. 0 when the script is not
 * made of the bodies, or the body lost its leading tabs (`<<-`). */
static int heredoc_word_span(const pl_pkg_run *run, const pl_sh_word *w, pl_span *out)
{
    const pl_df_instr *ins = run->ins;
    size_t off = 0, total = strlen(run->script);
    for (int h = 0; h < ins->nheredocs; h++)
        off += strlen(ins->heredocs[h].content);
    if (off != total)
        return 0;
    off = 0;
    for (int h = 0; h < ins->nheredocs; h++) {
        const pl_df_heredoc *hd = &ins->heredocs[h];
        size_t len = strlen(hd->content);
        if (strncmp(run->script + off, hd->content, len))
            return 0;
        if (w->offset >= off && w->offset + w->len <= off + len) {
            if (hd->chomp)
                return 0;
            size_t rel = w->offset - off, line_start = 0;
            int line = hd->body_span.line;
            for (size_t i = 0; i < rel; i++)
                if (hd->content[i] == '\n') {
                    line++;
                    line_start = i + 1;
                }
            int col = (int)(rel - line_start) + 1;
            *out = (pl_span){line, col, line, col + (int)(w->len ? w->len - 1 : 0)};
            return 1;
        }
        off += len;
    }
    return 0;
}

pl_span pl_pkg_word_span(const pl_pkg_run *run, const pl_sh_word *w)
{
    pl_span s;
    if (run->ins->nheredocs && !run->ins->json && heredoc_word_span(run, w, &s))
        return s;
    return pl_df_script_span(run->ins, run->script, w);
}

static int version_char(char ch)
{
    return isalnum((unsigned char)ch) || strchr(".~^_:+", ch) != NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

int pl_pkg_rpm_version_pinned(const char *pkg)
{
    if (ends_with(pkg, ".rpm"))
        return 1;
    const char *dash = strchr(pkg, '-');
    if (!dash)
        return 0;
    int digit_part = 0;
    for (const char *part = dash + 1;;) {
        const char *end = strchr(part, '-');
        size_t len = end ? (size_t)(end - part) : strlen(part);
        for (size_t i = 0; i < len; i++)
            if (!version_char(part[i]))
                return 0;
        if (len && isdigit((unsigned char)part[0]))
            digit_part = 1;
        if (!end)
            break;
        part = end + 1;
    }
    return digit_part;
}

void pl_pkg_unpinned_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    pl_pkg_pin_state *ps = ud;
    const pl_pkg_pin_spec *sp = ps->spec;
    pl_pkg_tally *t = &ps->tally;
    pl_arena *a = pl_check_arena(c);
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (!pl_pkg_verb(a, cmd, sp->tool, sp->with_value, sp->verbs))
            continue;
        const pl_sh_word **pkgs;
        int np = pl_pkg_args(a, cmd, sp->with_value, sp->verbs, &pkgs), read = 0;
        for (int i = 0; i < np; i++) {
            const char **fields;
            int nf;
            pl_pkg_word_state st = pl_pkg_word_resolve(c, m, run, pkgs[i], &fields, &nf);
            if (st == PL_PKG_WORD_UNKNOWN)
                continue;
            read++;
            for (int j = 0; j < nf; j++)
                if (!sp->pinned(fields[j])) {
                    t->failures++;
                    pl_fail(c, pl_pkg_word_span(run, pkgs[i]), NULL, "%s %s without a version%s",
                            sp->label, st == PL_PKG_WORD_RAW ? pkgs[i]->text : fields[j],
                            pl_pkg_word_note(st));
                    break;
                }
        }
        /* a pass must name what it checked: an install of no package, or
         * of variables only, is not "pinned" */
        if (read) {
            t->commands++;
            t->last = pl_df_ins_span(run->ins);
        } else {
            t->unread++;
        }
    }
}
