/* df_bk_from.c — BuildKit's checks on FROM lines: PL1254 UndefinedArgInFrom,
 * PL1258 InvalidDefaultArgInFrom, PL1259 FromPlatformFlagConstDisallowed. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dfutil.h"

/* Levenshtein distance, capped: the caller only cares about < 3. */
static int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    int prev[65], cur[65];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (m + 1));
    }
    return prev[m];
}

/* BuildKit's suggest.Search: the closest name at distance < 3. */
static const char *suggest_in_scope(const pl_var *scope, const char *name)
{
    const char *best = NULL;
    int bestd = 3;
    for (const pl_var *v = scope; v; v = v->next) {
        int d = edit_distance(name, v->name);
        if (d < bestd) {
            bestd = d;
            best = v->name;
        }
    }
    return best;
}

/* ---- PL1254 UndefinedArgInFrom ----------------------------------------------------- */

typedef struct {
    pl_check *c;
    const pl_df_model *m;
    const pl_df_instr *from;
    pl_span where;
    const char *seen[8]; /* names already reported for this word */
    int nseen;
} from_refs;

static pl_var_state global_lookup(void *ud, const char *name, size_t len, const char **value)
{
    from_refs *r = ud;
    return pl_scope_lookup(r->m->global_scope, name, len, value);
}

static void from_ref(void *ud, const char *name, size_t len, pl_var_state st)
{
    from_refs *r = ud;
    if (st != PL_VAR_UNDEFINED)
        return;
    pl_arena *a = pl_check_arena(r->c);
    const char *n = pl_arena_strndup(a, name, len);
    for (int i = 0; i < r->nseen; i++)
        if (!strcmp(r->seen[i], n))
            return;
    if (r->nseen < 8)
        r->seen[r->nseen++] = n;
    const char *hint = suggest_in_scope(r->m->global_scope, n);
    pl_fail(r->c, pl_df_ref_span(r->from, r->where, name, len), NULL,
            "FROM argument '%s' is not declared%s%s%s", n, hint ? " (did you mean " : "",
            hint ? hint : "", hint ? "?)" : "");
}

void pl_check_from_arg_undeclared(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int uses = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_instr *from = m->stages[s]->from;
        from_refs r = {c, m, from, {0}, {0}, 0};
        pl_expander ex = {global_lookup, from_ref, &r, m->df->escape};
        const char *out;
        if (from->nargs && pl_expand_has_vars(from->args[0].text, m->df->escape)) {
            uses++;
            r.where = from->args[0].span;
            pl_expand_word(pl_check_arena(c), &ex, from->args[0].text, &out, NULL);
        }
        const pl_df_flag *fl = pl_df_flag_get(from, "platform");
        if (fl && fl->value && pl_expand_has_vars(fl->value, m->df->escape)) {
            uses++;
            r.where = fl->span;
            r.nseen = 0;
            pl_expand_word(pl_check_arena(c), &ex, fl->value, &out, NULL);
        }
    }
    if (!uses)
        pl_skip(c, "no variable in a FROM line");
    else
        pl_pass(c, (pl_span){0}, "every variable in FROM lines is a declared global ARG");
}

/* ---- PL1258 InvalidDefaultArgInFrom ----------------------------------------------- */

/* What the platform ARGs hold on a typical builder; any valid value would do. */
static const char *const platform_defaults[] = {
    "TARGETPLATFORM", "linux/amd64", "TARGETOS", "linux", "TARGETARCH", "amd64",
    "TARGETVARIANT", "", "BUILDPLATFORM", "linux/amd64", "BUILDOS", "linux",
    "BUILDARCH", "amd64", "BUILDVARIANT", "", "BUILDOSVERSION", "", "TARGETOSVERSION", "",
    NULL};

typedef struct {
    const pl_var *vars;
} default_env;

static pl_var_state default_lookup(void *ud, const char *name, size_t len, const char **value)
{
    default_env *e = ud;
    return pl_scope_lookup(e->vars, name, len, value);
}

static const pl_var *push(pl_arena *a, const pl_var *next, const char *name, const char *value)
{
    pl_var *v = PL_NEW(a, pl_var);
    v->name = name;
    v->value = value;
    v->next = next;
    return v;
}

/* The global ARGs as `docker build` sees them without any --build-arg: only
 * defaults; an ARG without one stays unset. */
static int defaults_only(pl_arena *a, const pl_df_model *m, default_env *env, char escape)
{
    env->vars = NULL;
    for (const char *const *p = platform_defaults; *p; p += 2)
        env->vars = push(a, env->vars, p[0], p[1]);
    for (int g = 0; g < m->nglobal_args; g++) {
        const pl_df_instr *ins = m->global_args[g];
        for (int w = 0; w < ins->nargs; w++) {
            const char *word = ins->args[w].text;
            const char *eq = strchr(word, '=');
            if (!eq)
                continue;
            pl_expander ex = {default_lookup, NULL, env, escape};
            const char *out;
            if (pl_expand_word(a, &ex, eq + 1, &out, NULL) != PL_EXPAND_OK)
                return 0;
            env->vars = push(a, env->vars, pl_arena_strndup(a, word, (size_t)(eq - word)), out);
        }
    }
    return 1;
}

/* A FROM the parser already refused is syntax-error's finding (BuildKit
 * stops there before any check runs). */
static int has_syntax_error(const pl_dockerfile *df, const pl_df_instr *ins)
{
    for (const pl_diag *d = df->diags.head; d; d = d->next)
        if (d->level == PL_DIAG_ERROR && !d->rule && d->span.line >= ins->span.line &&
            d->span.line <= ins->span.end_line)
            return 1;
    return 0;
}

void pl_check_from_default_arg_invalid(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    default_env env;
    if (!defaults_only(a, m, &env, m->df->escape)) {
        pl_skip(c, "a global ARG default cannot be expanded");
        return;
    }
    int uses = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_df_instr *from = m->stages[s]->from;
        if (!from->nargs || !pl_expand_has_vars(from->args[0].text, m->df->escape))
            continue;
        uses++;
        if (has_syntax_error(m->df, from))
            continue;
        pl_expander ex = {default_lookup, NULL, &env, m->df->escape};
        const char *out;
        if (pl_expand_word(a, &ex, from->args[0].text, &out, NULL) != PL_EXPAND_OK)
            continue;
        pl_image_ref img;
        if (!*out || pl_image_parse(a, out, &img) != 0)
            pl_fail(c, from->args[0].span, NULL,
                    "Default value for ARG %s results in empty or invalid base image name (\"%s\")",
                    from->args[0].text, out);
    }
    if (!uses)
        pl_skip(c, "no variable in a FROM image");
    else
        pl_pass(c, (pl_span){0}, "FROM images are valid with the ARG defaults alone");
}

/* ---- PL1259 FromPlatformFlagConstDisallowed ---------------------------------------- */

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static const char *const known_os[] = {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
                                       "illumos", "ios", "js", "linux", "nacl", "netbsd",
                                       "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
                                       NULL};
static const char *const known_arch[] = {
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
    "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv",
    "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm", NULL};

static const char *normalize_arch(pl_arena *a, const char *arch)
{
    const char *l = pl_lower(a, arch);
    if (!strcmp(l, "i386"))
        return "386";
    if (!strcmp(l, "x86_64") || !strcmp(l, "x86-64"))
        return "amd64";
    if (!strcmp(l, "aarch64"))
        return "arm64";
    if (!strcmp(l, "armhf") || !strcmp(l, "armel"))
        return "arm";
    return l;
}

static int part_ok(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
            return 0;
    return 1;
}

/* containerd's platforms.Parse, as far as OS and architecture go; 0 when it
 * would fail. A lone OS leaves the architecture unknown (the builder's). */
static int parse_platform(pl_arena *a, const char *v, const char **os, const char **arch)
{
    const char *parts[4];
    size_t lens[4];
    int n = 0;
    for (const char *p = v;;) {
        if (n == 4)
            return 0;
        const char *e = strchr(p, '/');
        parts[n] = p;
        lens[n] = e ? (size_t)(e - p) : strlen(p);
        n++;
        if (!e)
            break;
        p = e + 1;
    }
    size_t oslen = lens[0];
    const char *paren = memchr(parts[0], '(', lens[0]);
    if (paren)
        oslen = (size_t)(paren - parts[0]);
    if (!part_ok(parts[0], oslen))
        return 0;
    for (int i = 1; i < n; i++)
        if (!part_ok(parts[i], lens[i]))
            return 0;
    const char *first = pl_lower(a, pl_arena_strndup(a, parts[0], oslen));
    if (!strcmp(first, "macos"))
        first = "darwin";
    if (n == 1) {
        if (in_list(first, known_os)) {
            *os = first;
            *arch = "";
            return 1;
        }
        const char *ar = normalize_arch(a, first);
        if (!in_list(ar, known_arch))
            return 0;
        *os = "linux";
        *arch = ar;
        return 1;
    }
    *os = first;
    *arch = normalize_arch(a, pl_arena_strndup(a, parts[1], lens[1]));
    return 1;
}

typedef struct {
    const pl_var *globals;
    int refs;
} const_refs;

static pl_var_state const_lookup(void *ud, const char *name, size_t len, const char **value)
{
    return pl_scope_lookup(((const_refs *)ud)->globals, name, len, value);
}

static void const_ref(void *ud, const char *name, size_t len, pl_var_state st)
{
    ((const_refs *)ud)->refs++;
}

/* Whether a stage that builds on `st` or takes files from it names the
 * same platform, by its own constant --platform or its name (ollama's
 * jetpack-5 stage, pinned to linux/arm64 and copied into `FROM
 * --platform=linux/arm64 scratch AS arm64`): the pin is part of a layout
 * of per-platform stages, not an accident. */
static int per_platform_layout(pl_arena *a, const pl_df_model *m, const pl_stage *st,
                               const char *value, const char *os, const char *arch)
{
    for (int i = st->index + 1; i < m->nstages; i++) {
        const pl_stage *u = m->stages[i];
        int uses = u->parent == st;
        for (size_t k = 0; !uses && k < u->needs.len; k++)
            uses = u->needs.items[k] == st;
        if (!uses)
            continue;
        const pl_df_flag *fl = pl_df_flag_get(u->from, "platform");
        if (fl && fl->value && !strcmp(fl->value, value))
            return 1;
        const char *name = u->name ? pl_lower(a, u->name) : "";
        if (*arch ? strstr(name, arch) != NULL : strstr(name, os) != NULL)
            return 1;
    }
    return 0;
}

void pl_df_from_platform_constant(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        const pl_df_flag *fl = pl_df_flag_get(st->from, "platform");
        if (!fl || !fl->value)
            continue;
        n++;
        const_refs r = {m->global_scope, 0};
        pl_expander ex = {const_lookup, const_ref, &r, m->df->escape};
        const char *out, *os, *arch;
        if (pl_expand_word(a, &ex, fl->value, &out, NULL) != PL_EXPAND_OK || r.refs ||
            !parse_platform(a, out, &os, &arch))
            continue;
        const char *name = st->name ? pl_lower(a, st->name) : "";
        if (strstr(name, os) || (*arch && strstr(name, arch)))
            continue;
        /* plimsoll's reading: BuildKit looks at the stage's own name only */
        if (pl_check_reading(c) == PL_READING_DEFAULT &&
            per_platform_layout(a, m, st, fl->value, os, arch))
            continue;
        pl_fail(c, fl->span, NULL, "FROM --platform flag should not use constant value \"%s\"",
                out);
    }
    if (!n)
        pl_skip(c, "no FROM --platform");
    else
        pl_pass(c, (pl_span){0}, "FROM --platform values use variables or name the platform in "
                                 "the stage name");
}
