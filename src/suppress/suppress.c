/* suppress.c — applying inline pragmas and `# check=` to a file's findings. */
#include "plimsoll/suppress.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "plimsoll/compose_project.h"
#include "plimsoll/model.h"

typedef enum { SCOPE_LINES, SCOPE_FILE } scope_kind;

typedef struct pragma {
    scope_kind scope;
    int first_line, last_line; /* SCOPE_LINES: the lines covered */
    const char *list;          /* rule names, comma separated, ends at space */
    int buildkit_only;
    int line;                  /* where the pragma is written */
    const char *how;           /* "# hadolint ignore" ... for the evidence */
    int all;                   /* every rule but the validity ones (dclint's bare disable) */
    struct pragma *next;
} pragma;

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Is `s` a word equal to `w` followed by whitespace or `=` ... returns the rest. */
static const char *eat_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(s, w, n) != 0)
        return NULL;
    return s + n;
}

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ',' || c == '.';
}

int pl_suppress_list_names(const char *list, const pl_rule *r, int buildkit_only)
{
    const char *p = list;
    while (*p && name_char(*p)) {
        const char *e = p;
        while (*e && name_char(*e) && *e != ',')
            e++;
        size_t n = (size_t)(e - p);
        if (n) {
            char buf[128];
            if (n >= sizeof buf)
                n = sizeof buf - 1;
            memcpy(buf, p, n);
            buf[n] = '\0';
            if (buildkit_only) {
                if (!strcmp(buf, "all") && pl_rule_has_buildkit_alias(r))
                    return 1;
                for (const char *const *a = r->aliases; a && *a; a++)
                    if (!strcmp(*a, buf))
                        return 1;
            } else if (pl_rule_matches(r, buf)) {
                return 1;
            }
        }
        p = *e == ',' ? e + 1 : e;
    }
    return 0;
}

/* The names of a pragma list, commas only: hadolint accepts blanks around
 * `=` and around the commas (`ignore = DL3023 , DL3021`); the list ends at
 * the first word not joined by a comma, so a trailing remark is not read. */
static const char *compact_list(pl_arena *a, const char *p)
{
    size_t cap = strlen(p) + 1, n = 0;
    char *out = pl_arena_alloc(a, cap);
    for (;;) {
        while (*p && name_char(*p) && *p != ',')
            out[n++] = *p++;
        p = skip_ws(p);
        if (*p != ',')
            break;
        out[n++] = ',';
        p = skip_ws(p + 1);
    }
    out[n] = '\0';
    return out;
}

/* Reads `plimsoll|hadolint [global|stage] ignore=LIST` from comment text. */
static const char *tool_pragma(pl_arena *a, const char *text, scope_kind *scope, int *stage,
                               const char **how)
{
    const char *s = skip_ws(text);
    const char *rest;
    if ((rest = eat_word(s, "plimsoll")))
        *how = "plimsoll";
    else if ((rest = eat_word(s, "hadolint")))
        *how = "hadolint";
    else
        return NULL;
    if (*rest != ' ' && *rest != '\t')
        return NULL;
    rest = skip_ws(rest);
    *scope = SCOPE_LINES;
    *stage = 0;
    const char *r2;
    if ((r2 = eat_word(rest, "global")) && (*r2 == ' ' || *r2 == '\t')) {
        *scope = SCOPE_FILE;
        rest = skip_ws(r2);
    } else if ((r2 = eat_word(rest, "stage")) && (*r2 == ' ' || *r2 == '\t')) {
        *stage = 1;
        rest = skip_ws(r2);
    }
    if (!(r2 = eat_word(rest, "ignore")))
        return NULL;
    r2 = skip_ws(r2);
    if (*r2 != '=')
        return NULL;
    return compact_list(a, skip_ws(r2 + 1));
}

/* The value of option `name=` ("skip=", "error=") of a `check=...`
 * directive text; options are separated by ';'. */
static const char *check_option(const char *text, const char *name)
{
    const char *s = skip_ws(text);
    const char *r = eat_word(s, "check");
    if (!r)
        return NULL;
    r = skip_ws(r);
    if (*r != '=')
        return NULL;
    r = skip_ws(r + 1);
    size_t n = strlen(name);
    while (*r) {
        const char *opt = skip_ws(r);
        if (!strncmp(opt, name, n))
            return opt + n;
        const char *semi = strchr(opt, ';');
        if (!semi)
            break;
        r = semi + 1;
    }
    return NULL;
}

static const char *check_skip(const char *text) { return check_option(text, "skip="); }

/* Go's strconv.ParseBool, true side. */
static int go_true(const char *v, size_t n)
{
    static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
    for (const char *const *y = yes; *y; y++)
        if (strlen(*y) == n && !strncmp(*y, v, n))
            return 1;
    return 0;
}

static void add(pl_arena *a, pragma **head, scope_kind scope, int first, int last, const char *list,
                int bk, int line, const char *how)
{
    pragma *p = PL_NEW(a, pragma);
    p->scope = scope;
    p->first_line = first;
    p->last_line = last;
    p->list = list;
    p->buildkit_only = bk;
    p->line = line;
    p->how = how;
    p->next = *head;
    *head = p;
}

static const pl_df_instr *next_instr(const pl_dockerfile *df, int line)
{
    for (int i = 0; i < df->ninstrs; i++)
        if (df->instrs[i]->span.line > line)
            return df->instrs[i];
    return NULL;
}

/* The lines a stage covers: its FROM to the line before the next FROM. */
static void stage_lines(const pl_df_model *m, const pl_df_instr *from, int *first, int *last)
{
    *first = from->span.line;
    *last = 1 << 30;
    for (int s = 0; s < m->nstages; s++)
        if (m->stages[s]->from == from && s + 1 < m->nstages)
            *last = m->stages[s + 1]->from->span.line - 1;
}

static const char *build_arg_check(const pl_file *f)
{
    const pl_options *o = f->ws ? f->ws->opts : NULL;
    for (int i = 0; o && i < o->build_args.n; i++) {
        const char *kv = o->build_args.items[i];
        if (!strncmp(kv, "BUILDKIT_DOCKERFILE_CHECK=", 26))
            return kv + 26;
    }
    return NULL;
}

/* The file's BuildKit check configuration: the BUILDKIT_DOCKERFILE_CHECK
 * build arg replaces the `# check=` directive, as BuildKit's newRuleLinter
 * does. *line is the directive's line (0 for the build arg). */
static const char *file_check_config(const pl_file *f, int *line)
{
    const char *v = build_arg_check(f);
    *line = 0;
    if (v)
        return v;
    const pl_dockerfile *df = f->dockerfile->df;
    for (int i = 0; i < df->ndirectives; i++)
        if (!strcmp(df->directives[i].name, "check")) {
            v = df->directives[i].value;
            *line = df->directives[i].span.line;
        }
    return v;
}

int pl_suppress_experimental_on(const pl_file *f, const pl_rule *r)
{
    if (f->kind != PL_KIND_DOCKERFILE || !f->dockerfile || !pl_rule_has_buildkit_alias(r))
        return 0;
    int line;
    const char *cfg = file_check_config(f, &line);
    if (!cfg)
        return 0;
    const char *v = check_option(pl_arena_printf(f->arena, "check=%s", cfg), "experimental=");
    return v && pl_suppress_list_names(v, r, 1);
}

/* `# check=error=true`: BuildKit fails the build on any check violation, so
 * the findings of rules that are BuildKit checks become errors. */
static void apply_check_error(pl_file *f)
{
    int line;
    const char *cfg = file_check_config(f, &line);
    if (!cfg)
        return;
    const char *v = check_option(pl_arena_printf(f->arena, "check=%s", cfg), "error=");
    if (!v || !go_true(v, strcspn(v, "; \t")))
        return;
    for (size_t i = 0; i < f->findings.len; i++) {
        pl_finding *fd = f->findings.items[i];
        if (pl_rule_has_buildkit_alias(fd->rule))
            fd->severity = PL_SEV_ERROR;
    }
}

static void dockerfile_pragmas(pl_file *f, pragma **head)
{
    const pl_df_model *m = f->dockerfile;
    const pl_dockerfile *df = m->df;
    pl_arena *a = f->arena;
    for (int i = 0; i < df->ncomments; i++) {
        const pl_df_comment *c = &df->comments[i];
        scope_kind scope;
        int stage;
        const char *how;
        const char *list = tool_pragma(a, c->text, &scope, &stage, &how);
        if (!list)
            continue;
        const char *label = pl_arena_printf(a, "# %s %signore (line %d)", how,
                                            scope == SCOPE_FILE ? "global " : stage ? "stage " : "",
                                            c->line);
        if (scope == SCOPE_FILE) {
            add(a, head, SCOPE_FILE, 0, 0, list, 0, c->line, label);
            continue;
        }
        const pl_df_instr *ins = next_instr(df, c->line);
        if (!ins)
            continue;
        int first = ins->span.line, last = ins->span.end_line;
        if (stage) {
            if (ins->kind != PL_DF_FROM)
                continue;
            stage_lines(m, ins, &first, &last);
        }
        add(a, head, SCOPE_LINES, first, last, list, 0, c->line, label);
    }

    /* `# check=skip=` as a directive covers the file */
    int check_line = 0;
    const char *file_check = file_check_config(f, &check_line);
    if (file_check) {
        const char *skip = check_skip(pl_arena_printf(a, "check=%s", file_check));
        if (skip)
            add(a, head, SCOPE_FILE, 0, 0, skip, 1, check_line,
                check_line ? pl_arena_printf(a, "# check=skip (line %d)", check_line)
                           : "BUILDKIT_DOCKERFILE_CHECK");
    }
    /* per instruction: the first `check=` comment of the block above it */
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        for (int k = 0; k < ins->ncomments; k++) {
            if (ins->comment_lines[k] == check_line)
                break;
            const char *t = skip_ws(ins->comments[k]);
            if (strncmp(t, "check", 5))
                continue;
            const char *skip = check_skip(t);
            if (skip) {
                int first = ins->span.line, last = ins->span.end_line;
                if (ins->kind == PL_DF_FROM)
                    stage_lines(m, ins, &first, &last);
                add(a, head, SCOPE_LINES, first, last, skip, 1, ins->comment_lines[k],
                    pl_arena_printf(a, "# check=skip (line %d)", ins->comment_lines[k]));
            }
            break;
        }
    }
}

/* Other kinds: `# plimsoll ignore=` covers the next non-comment line. */
static void line_pragmas(pl_file *f, pragma **head)
{
    const char *p = f->data, *end = f->data + f->len;
    int line = 1;
    pragma *pending = NULL;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        if (s < le && *s == '#') {
            char *text = pl_arena_strndup(f->arena, s + 1, (size_t)(le - s - 1));
            scope_kind scope;
            int stage;
            const char *how;
            const char *list = tool_pragma(f->arena, text, &scope, &stage, &how);
            if (list && !strcmp(how, "plimsoll")) {
                const char *label = pl_arena_printf(f->arena, "# plimsoll %signore (line %d)",
                                                    scope == SCOPE_FILE ? "global " : "", line);
                add(f->arena, head, scope, 0, 0, list, 0, line, label);
                if (scope == SCOPE_LINES)
                    pending = *head;
            }
        } else if (s < le && pending) {
            for (pragma *q = *head; q; q = q->next)
                if (q->scope == SCOPE_LINES && q->first_line == 0)
                    q->first_line = q->last_line = line;
            pending = NULL;
        }
        line++;
        p = nl ? nl + 1 : NULL;
    }
}

/* `# dclint disable-line a b` -> "a,b"; NULL for no names (every rule). */
static const char *dclint_names(pl_arena *a, const char *s, const char *end)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    while (s < end) {
        while (s < end && isspace((unsigned char)*s))
            s++;
        const char *w = s;
        while (s < end && !isspace((unsigned char)*s))
            s++;
        if (s > w) {
            if (sb.len)
                pl_sb_putc(&sb, ',');
            pl_sb_append(&sb, w, (size_t)(s - w));
        }
    }
    return sb.len ? pl_sb_str(&sb) : NULL;
}

/* After `#`, blanks, `dclint`, blanks and `word`: the rest of the line, or
 * NULL. `word` must end at a blank or the line's end. */
static const char *dclint_directive(const char *s, const char *end, const char *word)
{
    const char *h = memchr(s, '#', (size_t)(end - s));
    for (; h; h = memchr(h + 1, '#', (size_t)(end - h - 1))) {
        const char *p = h + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(end - p) < 7 || strncmp(p, "dclint", 6) || (p[6] != ' ' && p[6] != '\t'))
            continue;
        p += 6;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        size_t n = strlen(word);
        if ((size_t)(end - p) >= n && !strncmp(p, word, n) &&
            (p + n == end || p[n] == ' ' || p[n] == '\t' || p[n] == '\r'))
            return p + n;
    }
    return NULL;
}

static void add_dclint(pl_file *f, pragma **head, scope_kind scope, int line, int target,
                       const char *rest, const char *end, const char *what)
{
    const char *names = rest ? dclint_names(f->arena, rest, end) : NULL;
    add(f->arena, head, scope, target, target, names ? names : "", 0, line,
        pl_arena_printf(f->arena, "# dclint %s (line %d)", what, line));
    (*head)->all = names == NULL;
}

/* dclint's comments in compose files: `# dclint disable-file` or
 * `# dclint disable [rules]` as the first line (blank lines and `---`
 * aside) for the whole file; `# dclint disable-line [rules]` for its own
 * line, or the next one when it is a line of its own;
 * `disable-next-line` for the next line. No rules: every rule. */
static void dclint_pragmas(pl_file *f, pragma **head)
{
    const char *p = f->data, *end = f->data + f->len;
    int line = 1, first = 1;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        while (s < le && isspace((unsigned char)*s))
            s++;
        const char *te = le;
        while (te > s && isspace((unsigned char)te[-1]))
            te--;
        int blank = s == te || (te - s == 3 && !strncmp(s, "---", 3));
        const char *rest;
        if (first && !blank) {
            first = 0;
            if ((rest = dclint_directive(s, te, "disable-file")) && *s == '#')
                add_dclint(f, head, SCOPE_FILE, line, 0, NULL, NULL, "disable-file");
            else if ((rest = dclint_directive(s, te, "disable")))
                add_dclint(f, head, SCOPE_FILE, line, 0, rest, te, "disable");
        }
        if ((rest = dclint_directive(s, te, "disable-line")))
            add_dclint(f, head, SCOPE_LINES, line, *s == '#' ? line + 1 : line, rest, te,
                       "disable-line");
        else if ((rest = dclint_directive(s, te, "disable-next-line")))
            add_dclint(f, head, SCOPE_LINES, line, line + 1, rest, te, "disable-next-line");
        line++;
        p = nl ? nl + 1 : NULL;
    }
}

/* Does the comma-separated list name a finding's own code ("SC2086")? */
static int list_names_code(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; *p && name_char(*p);) {
        const char *e = p;
        while (*e && name_char(*e) && *e != ',')
            e++;
        if ((size_t)(e - p) == n && !strncasecmp(p, code, n))
            return 1;
        p = *e == ',' ? e + 1 : e;
    }
    return 0;
}

/* dclint cannot switch off YAML and schema validation; neither can its pragmas. */
static int always_checked(const pl_rule *r)
{
    return !strcmp(r->name, "compose-yaml-syntax") || !strcmp(r->name, "compose-schema");
}

static const char *suppressor(const pragma *head, const pl_finding *fd)
{
    for (const pragma *p = head; p; p = p->next) {
        if (p->scope == SCOPE_LINES &&
            (fd->span.line < p->first_line || fd->span.line > p->last_line))
            continue;
        if (p->all) {
            if (!always_checked(fd->rule))
                return p->how;
            continue;
        }
        if (pl_suppress_list_names(p->list, fd->rule, p->buildkit_only) ||
            (fd->code && !p->buildkit_only && list_names_code(p->list, fd->code)))
            return p->how;
    }
    return NULL;
}

static int strlist_has_code(const pl_strlist *l, const char *code)
{
    for (int i = 0; l && i < l->n; i++)
        if (!strcasecmp(l->items[i], code))
            return 1;
    return 0;
}

/* --ignore, the config's ignore list and --select name whole rules, which
 * the engine switches off; a finding's own code is judged here. */
static const char *code_filter(const pl_file *f, const pl_finding *fd)
{
    const pl_workspace *ws = f->ws;
    if (!fd->code || !ws)
        return NULL;
    const pl_options *o = ws->opts;
    if (o && strlist_has_code(&o->ignore, fd->code))
        return pl_arena_printf(f->arena, "--ignore %s", fd->code);
    if (ws->config && strlist_has_code(&ws->config->ignore, fd->code))
        return pl_arena_printf(f->arena, "%s ignore", ws->config->path ? ws->config->path : "config");
    if (o && o->select.n) {
        int whole_rule = 0;
        for (int i = 0; i < o->select.n && !whole_rule; i++)
            whole_rule = pl_rule_matches(fd->rule, o->select.items[i]);
        if (!whole_rule && !strlist_has_code(&o->select, fd->code))
            return pl_arena_printf(f->arena, "--select (%s not selected)", fd->code);
    }
    return NULL;
}

/* The pragmas of another file of f's compose project, where a finding of
 * the project came from (an override or an extended file): read from the
 * text the project kept, so they apply where they are written. */
typedef struct foreign {
    const char *path;
    pragma *head;
    struct foreign *next;
} foreign;

static pragma *foreign_pragmas(pl_file *f, foreign **cache, const char *path)
{
    for (foreign *c = *cache; c; c = c->next)
        if (!strcmp(c->path, path))
            return c->head;
    foreign *c = PL_NEW(f->arena, foreign);
    c->path = path;
    c->next = *cache;
    *cache = c;
    const pl_compose_file *cf =
        f->compose_project ? pl_compose_project_file(f->compose_project, path) : NULL;
    if (!cf || !cf->text)
        return NULL;
    pl_file other = *f;
    other.data = cf->text;
    other.len = cf->text_len;
    line_pragmas(&other, &c->head);
    dclint_pragmas(&other, &c->head);
    return c->head;
}

void pl_suppress_file(pl_file *f)
{
    foreign *others = NULL;
    pragma *head = NULL;
    if (f->kind == PL_KIND_DOCKERFILE && f->dockerfile) {
        apply_check_error(f);
        dockerfile_pragmas(f, &head);
    }
    else if (f->data)
        line_pragmas(f, &head);
    if (f->kind == PL_KIND_COMPOSE && f->data)
        dclint_pragmas(f, &head);
    int coded = 0;
    for (size_t i = 0; i < f->findings.len && !coded; i++) {
        const pl_finding *fd = f->findings.items[i];
        /* a project finding from another file may meet that file's pragmas */
        coded = fd->code != NULL || (f->kind == PL_KIND_COMPOSE && strcmp(fd->file, f->path));
    }
    if (!head && !coded)
        return;
    for (size_t i = 0; i < f->findings.len; i++) {
        pl_finding *fd = f->findings.items[i];
        if (fd->file == f->path || !strcmp(fd->file, f->path))
            fd->suppressed_by = suppressor(head, fd);
        else if (f->kind == PL_KIND_COMPOSE)
            fd->suppressed_by = suppressor(foreign_pragmas(f, &others, fd->file), fd);
        if (!fd->suppressed_by)
            fd->suppressed_by = code_filter(f, fd);
    }
    /* a failing result with nothing left standing is a skip, saying why */
    for (size_t i = 0; i < f->results.len; i++) {
        pl_result *res = f->results.items[i];
        if (res->status != PL_STATUS_FAIL)
            continue;
        const char *by = NULL;
        int standing = 0;
        for (size_t k = 0; k < f->findings.len; k++) {
            const pl_finding *fd = f->findings.items[k];
            if (fd->rule != res->rule)
                continue;
            if (fd->suppressed_by)
                by = fd->suppressed_by;
            else
                standing = 1;
        }
        if (!standing && by) {
            res->status = PL_STATUS_SKIP;
            res->evidence = pl_arena_printf(f->arena, "suppressed by %s", by);
        }
    }
}
