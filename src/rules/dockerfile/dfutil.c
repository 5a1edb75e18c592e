/* dfutil.c — helpers shared by the Dockerfile rules. */
#include "dfutil.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const pl_df_model *pl_df_model_or_skip(pl_check *c, const pl_file *f)
{
    if (f->binary) {
        pl_skip(c, "not a text file");
        return NULL;
    }
    if (!f->dockerfile) {
        if (f->not_checked)
            pl_skip(c, "%s, not checked as a Dockerfile", f->not_checked);
        else
            pl_skip(c, "the file could not be read");
        return NULL;
    }
    if (f->dockerfile->nstages == 0) {
        pl_skip(c, "no FROM instruction");
        return NULL;
    }
    return f->dockerfile;
}

const pl_df_model *pl_df_image_model_or_skip(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (m && m->final->is_fragment) {
        pl_skip(c, "no FROM: a fragment, the image it ends up in is assembled elsewhere");
        return NULL;
    }
    return m;
}

pl_span pl_df_ins_span(const pl_df_instr *ins)
{
    pl_span s = ins->span;
    if (s.end_line != s.line) {
        /* the first physical line */
        size_t n = 0;
        const char *o = ins->original ? ins->original : "";
        int line = s.line, col = s.col;
        for (int i = 0; i < ins->nsegments; i++)
            if (ins->segments[i].line == s.line)
                n = (i + 1 < ins->nsegments ? ins->segments[i + 1].offset : strlen(o));
        if (n == 0)
            n = strlen(o);
        int l2, c2;
        pl_df_position(ins, n ? n - 1 : 0, &l2, &c2);
        s.end_line = line;
        s.end_col = l2 == line ? c2 : col;
    }
    return s;
}

void pl_df_each(pl_check *c, const pl_df_model *m, pl_df_kind kind, int onbuild,
                pl_df_visit_fn fn, void *ud)
{
    const pl_dockerfile *df = m->df;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        if (kind == PL_DF_UNKNOWN || ins->kind == kind)
            fn(c, m, ins, ud);
        if (onbuild && ins->sub && (kind == PL_DF_UNKNOWN || ins->sub->kind == kind))
            fn(c, m, ins->sub, ud);
    }
}

const pl_df_instr *pl_stage_last(const pl_stage *s, pl_df_kind kind)
{
    for (int i = s->ninstrs - 1; i >= 0; i--)
        if (s->instrs[i]->kind == kind)
            return s->instrs[i];
    return NULL;
}

pl_windows_kind pl_stage_windows(pl_arena *a, const pl_stage *s)
{
    if (!s)
        return PL_WINDOWS_NO;
    while (s->parent)
        s = s->parent;
    const pl_df_flag *platform = s->from ? pl_df_flag_get(s->from, "platform") : NULL;
    int by_platform = platform && platform->value && !strncasecmp(platform->value, "windows/", 8);
    if (s->is_scratch || s->base_unknown || !s->image.repository)
        return by_platform ? PL_WINDOWS_SERVER : PL_WINDOWS_NO;
    const char *repo = pl_lower(a, s->image.repository);
    const char *tag = s->image.tag ? pl_lower(a, s->image.tag) : "";
    if (strstr(repo, "nanoserver") || strstr(tag, "nanoserver"))
        return PL_WINDOWS_NANOSERVER;
    if (strstr(repo, "servercore") || strstr(tag, "servercore") || !strncmp(repo, "windows/", 8) ||
        !strcmp(repo, "windows") || by_platform)
        return PL_WINDOWS_SERVER;
    return PL_WINDOWS_NO;
}

int pl_df_instr_ships(const pl_df_model *m, const pl_df_instr *ins)
{
    if (ins->index < 0 || ins->index >= m->df->ninstrs || m->df->instrs[ins->index] != ins)
        return 1; /* inside ONBUILD: it runs in whatever image builds on this one */
    const pl_stage *st = m->stage_of[ins->index];
    if (!st || st->is_final || st->is_built || st == m->final)
        return 1;
    for (int s = st->index + 1; s < m->nstages; s++)
        if (m->stages[s]->parent == st)
            return 1;
    return 0;
}

/* A stage whose layers are in an image: built itself, or built on by one
 * that is. Each stage has one parent, so this visits each later stage at
 * most once per question. */
static int stage_in_image(const pl_df_model *m, const pl_stage *st)
{
    if (st->is_final || st->is_built || st == m->final)
        return 1;
    for (int s = st->index + 1; s < m->nstages; s++)
        if (m->stages[s]->parent == st && stage_in_image(m, m->stages[s]))
            return 1;
    return 0;
}

int pl_df_instr_ships_in(pl_check *c, const pl_df_model *m, const pl_df_instr *ins)
{
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return pl_df_instr_ships(m, ins);
    if (ins->index < 0 || ins->index >= m->df->ninstrs || m->df->instrs[ins->index] != ins)
        return 1; /* inside ONBUILD: it runs in whatever image builds on this one */
    const pl_stage *st = m->stage_of[ins->index];
    return !st || stage_in_image(m, st);
}

int pl_stage_is_extension_base(const pl_stage *s)
{
    for (; s; s = s->parent)
        if (pl_stage_last(s, PL_DF_ONBUILD))
            return 1;
    return 0;
}

int pl_stage_is_artifact(const pl_stage *s)
{
    if (!s)
        return 0;
    for (; s; s = s->parent) {
        if (pl_stage_last(s, PL_DF_CMD) || pl_stage_last(s, PL_DF_ENTRYPOINT))
            return 0;
        if (!s->parent)
            return s->is_scratch;
    }
    return 0;
}

int pl_df_count(const pl_df_model *m, pl_df_kind kind)
{
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++)
        n += m->df->instrs[i]->kind == kind;
    return n;
}

const char *pl_lower(pl_arena *a, const char *s)
{
    char *p = pl_arena_strdup(a, s);
    for (char *q = p; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return p;
}

static int is_shell_name(const char *s, size_t n)
{
    static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", NULL};
    const char *base = s;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/')
            base = s + i + 1;
    size_t bn = n - (size_t)(base - s);
    for (const char *const *p = shells; *p; p++)
        if (strlen(*p) == bn && !strncmp(*p, base, bn))
            return 1;
    return 0;
}

const char *pl_df_run_script(pl_arena *a, const pl_df_instr *ins)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (ins->json) {
        for (int i = 0; i < ins->nargs; i++) {
            if (i)
                pl_sb_putc(&sb, ' ');
            pl_sb_puts(&sb, ins->args[i].text);
        }
        return pl_sb_str(&sb);
    }
    const char *cmd = ins->nargs > 0 ? ins->args[0].text : "";
    const char *t = cmd;
    while (*t == ' ' || *t == '\t')
        t++;
    while (isdigit((unsigned char)*t))
        t++;
    if (ins->nheredocs && t[0] == '<' && t[1] == '<') {
        /* `RUN <<EOF [interpreter]`: the body is the script when the
         * interpreter is a shell (or none, the default shell) */
        const char *p = t;
        /* skip every marker word (`RUN <<A <<B`), then read the interpreter */
        for (;;) {
            while (*p && *p != ' ' && *p != '\t')
                p++;
            while (*p == ' ' || *p == '\t')
                p++;
            const char *q = p;
            while (isdigit((unsigned char)*q))
                q++;
            if (q[0] != '<' || q[1] != '<')
                break;
        }
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if (e > p && !is_shell_name(p, (size_t)(e - p)))
            return "";
        for (int h = 0; h < ins->nheredocs; h++)
            pl_sb_puts(&sb, ins->heredocs[h].content);
        return pl_sb_str(&sb);
    }
    /* the bodies are data (`cat <<EOF > file`): give them back with their
     * terminators so the shell reader skips them as here-documents */
    pl_sb_puts(&sb, cmd);
    for (int h = 0; h < ins->nheredocs; h++) {
        pl_sb_putc(&sb, '\n');
        pl_sb_puts(&sb, ins->heredocs[h].content);
        pl_sb_puts(&sb, ins->heredocs[h].name);
    }
    pl_sb_putc(&sb, '\n');
    return pl_sb_str(&sb);
}

pl_span pl_df_script_span(const pl_df_instr *ins, const char *script, const pl_sh_word *w)
{
    const char *orig = ins->original;
    if (!ins->json && orig && ins->rest_offset <= strlen(orig)) {
        const char *rest = orig + ins->rest_offset;
        size_t need = w->offset + w->len;
        if (strlen(rest) >= need && !strncmp(rest, script, need))
            return pl_df_span_of(ins, ins->rest_offset + w->offset, w->len ? w->len : 1);
    }
    return pl_df_ins_span(ins);
}

pl_sh_script *pl_df_run_shell(pl_arena *a, const pl_df_instr *ins, const char **script)
{
    /* some thirty rules read every RUN: read each once per file */
    if (ins->run_memo_arena != a) {
        pl_df_instr *memo = (pl_df_instr *)ins;
        const char *s = pl_df_run_script(a, ins);
        memo->run_shell_memo = pl_sh_parse(a, s, strlen(s));
        memo->run_script_memo = s;
        memo->run_memo_arena = a;
    }
    if (script)
        *script = ins->run_script_memo;
    return ins->run_shell_memo;
}

static int sub_is(const pl_sh_cmd *c, int i, const char *word)
{
    return i < c->argc && !strcmp(c->argv[i].text, word);
}

/* Index of the first package argument, or -1 when the command installs
 * nothing. */
static int install_start(const pl_sh_cmd *c)
{
    const char *n = pl_sh_name(c);
    int verb_at = -1;
    for (int i = 1; i < c->argc; i++) {
        if (c->argv[i].text[0] == '-')
            continue;
        verb_at = i;
        break;
    }
    if (verb_at < 0)
        return -1;
    if (!strcmp(n, "apt-get") || !strcmp(n, "apt") || !strcmp(n, "aptitude") || !strcmp(n, "yum") ||
        !strcmp(n, "dnf") || !strcmp(n, "microdnf") || !strcmp(n, "tdnf"))
        return sub_is(c, verb_at, "install") ? verb_at + 1 : -1;
    if (!strcmp(n, "zypper"))
        return sub_is(c, verb_at, "install") || sub_is(c, verb_at, "in") ? verb_at + 1 : -1;
    if (!strcmp(n, "apk"))
        return sub_is(c, verb_at, "add") ? verb_at + 1 : -1;
    return -1;
}

const pl_sh_word **pl_sh_installed_packages(pl_arena *a, const pl_sh_cmd *c, int *n)
{
    *n = 0;
    int start = install_start(c);
    if (start < 0)
        return NULL;
    static const char *const with_value[] = {"t", "target-release", "virtual", "repository", "X",
                                             "o", "option", "c", "config", NULL};
    const pl_sh_word **out = PL_NEW_N(a, const pl_sh_word *, c->argc);
    for (int i = start; i < c->argc; i++) {
        const char *t = c->argv[i].text;
        if (t[0] == '-') {
            /* skip the value of flags that take one as a separate word */
            const char *name = t + (t[1] == '-' ? 2 : 1);
            if (!strchr(name, '='))
                for (const char *const *w = with_value; *w; w++)
                    if (!strcmp(name, *w) && i + 1 < c->argc) {
                        i++;
                        break;
                    }
            continue;
        }
        out[(*n)++] = &c->argv[i];
    }
    return out;
}

int pl_toolchain_package(const char *p)
{
    static const char *const names[] = {"gcc", "g++", "make", "build-essential", "build-base",
                                        "cmake", "clang", "gcc-c++", "autoconf", "automake",
                                        "libtool", "cargo", "rustc", "golang", "linux-headers",
                                        "gfortran", NULL};
    char base[128];
    size_t n = strcspn(p, "=<>~:");
    if (n >= sizeof base)
        return 0;
    memcpy(base, p, n);
    base[n] = '\0';
    for (const char *const *q = names; *q; q++)
        if (!strcmp(base, *q))
            return 1;
    size_t bl = strlen(base);
    return (bl > 4 && !strcmp(base + bl - 4, "-dev")) || (bl > 6 && !strcmp(base + bl - 6, "-devel"));
}

/* The subcommand of a package manager (its first word not a flag), or "". */
static const char *pkg_subcommand(const pl_sh_cmd *c)
{
    for (int i = 1; i < c->argc; i++)
        if (c->argv[i].text[0] != '-')
            return c->argv[i].text;
    return "";
}

/* 1 when the command uninstalls packages it names; *apk set for `apk del`. */
static int uninstalls(const pl_sh_cmd *c, int *apk)
{
    const char *n = pl_sh_name(c), *verb = pkg_subcommand(c);
    *apk = !strcmp(n, "apk");
    if (*apk)
        return !strcmp(verb, "del");
    if (!strcmp(n, "apt-get") || !strcmp(n, "apt") || !strcmp(n, "aptitude"))
        return !strcmp(verb, "purge") || !strcmp(verb, "remove") || !strcmp(verb, "autoremove");
    if (!strcmp(n, "yum") || !strcmp(n, "dnf") || !strcmp(n, "microdnf") || !strcmp(n, "tdnf") ||
        !strcmp(n, "zypper"))
        return !strcmp(verb, "remove") || !strcmp(verb, "erase") || !strcmp(verb, "rm");
    return 0;
}

/* Some argument of the command is the package `pkg` without its version. */
static int names_package(const pl_sh_cmd *c, const char *pkg)
{
    size_t n = strcspn(pkg, "=<>~:");
    for (int i = 1; i < c->argc; i++)
        if (strlen(c->argv[i].text) == n && !strncmp(c->argv[i].text, pkg, n))
            return 1;
    return 0;
}

int pl_sh_xargs_mark_auto(const pl_sh_cmd *c)
{
    if (!pl_sh_is(c, "xargs"))
        return 0;
    for (int i = 1; i + 1 < c->argc; i++) {
        const char *w = c->argv[i].text, *slash = strrchr(w, '/');
        if (!strcmp(slash ? slash + 1 : w, "apt-mark"))
            return !strcmp(c->argv[i + 1].text, "auto");
    }
    return 0;
}

int pl_sh_package_removed_later(const pl_sh_script *sc, int at, const char *pkg)
{
    if (!sc || at < 0 || at >= sc->ncmds)
        return 0;
    const pl_sh_cmd *install = &sc->cmds[at];
    const char *group = NULL;
    if (pl_sh_is(install, "apk")) {
        group = pl_sh_flag_value(install, "virtual");
        if (!group)
            group = pl_sh_flag_value(install, "t");
    }
    int marked_auto = 0;
    for (int i = at + 1; i < sc->ncmds; i++) {
        const pl_sh_cmd *c = &sc->cmds[i];
        if ((pl_sh_is(c, "apt-mark") && !strcmp(pkg_subcommand(c), "auto")) || pl_sh_xargs_mark_auto(c))
            marked_auto = 1;
        int apk;
        if (!uninstalls(c, &apk))
            continue;
        if (names_package(c, pkg) || (group && apk && names_package(c, group)))
            return 1;
        if (!apk && marked_auto &&
            (pl_sh_has_flag(c, "auto-remove") || pl_sh_has_flag(c, "autoremove") ||
             !strcmp(pkg_subcommand(c), "autoremove")))
            return 1;
    }
    return 0;
}

/* A toolchain package that is not a -dev/-devel library. */
static int compiler_package(const char *p)
{
    size_t n = strcspn(p, "=<>~:");
    return pl_toolchain_package(p) && !(n > 4 && !strncmp(p + n - 4, "-dev", 4)) &&
           !(n > 6 && !strncmp(p + n - 6, "-devel", 6));
}

static const char *first_toolchain(pl_arena *a, const pl_stage *s, const pl_df_instr **where,
                                   int compilers_only)
{
    for (int i = 0; i < s->ninstrs; i++) {
        const pl_df_instr *ins = s->instrs[i];
        if (ins->kind != PL_DF_RUN)
            continue;
        pl_sh_script *sc = pl_df_run_shell(a, ins, NULL);
        for (int k = 0; k < sc->ncmds; k++) {
            int np;
            const pl_sh_word **pk = pl_sh_installed_packages(a, &sc->cmds[k], &np);
            for (int p = 0; p < np; p++)
                if ((compilers_only ? compiler_package(pk[p]->text)
                                    : pl_toolchain_package(pk[p]->text)) &&
                    !pl_sh_package_removed_later(sc, k, pk[p]->text)) {
                    if (where)
                        *where = ins;
                    return pk[p]->text;
                }
        }
    }
    return NULL;
}

const char *pl_stage_toolchain(pl_arena *a, const pl_stage *s, const pl_df_instr **where)
{
    return first_toolchain(a, s, where, 0);
}

const char *pl_stage_compiler(pl_arena *a, const pl_stage *s, const pl_df_instr **where)
{
    return first_toolchain(a, s, where, 1);
}

static int name_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

pl_span pl_df_ref_span(const pl_df_instr *ins, pl_span from, const char *name, size_t len)
{
    const char *o = ins->original;
    size_t n = ins->original_len;
    size_t start = n + 1;
    for (int i = 0; i < ins->nsegments; i++) {
        const pl_df_segment *s = &ins->segments[i];
        size_t end = i + 1 < ins->nsegments ? ins->segments[i + 1].offset : n;
        if (s->line == from.line && from.col >= s->col &&
            (size_t)(from.col - s->col) < end - s->offset) {
            start = s->offset + (size_t)(from.col - s->col);
            break;
        }
    }
    if (!o || !len || start > n)
        return from;
    for (size_t i = start; i + 1 + len <= n; i++) {
        if (o[i] != '$')
            continue;
        size_t p = i + 1;
        int brace = o[p] == '{';
        p += (size_t)brace;
        if (p + len > n || strncmp(o + p, name, len) != 0)
            continue;
        size_t e = p + len;
        if (e < n && name_char(o[e]))
            continue;
        if (brace) {
            while (e < n && o[e] != '}')
                e++;
            if (e < n)
                e++;
        }
        return pl_df_span_of(ins, i, e - i);
    }
    return from;
}
