/* model.c — stages, scopes and base images of a parsed Dockerfile. */
#include "plimsoll/model.h"

#include <string.h>
#include <strings.h>

/* Platform ARGs BuildKit defines for FROM lines without a declaration;
 * their values depend on the build machine, so they are unknown here. */
static const char *const builtin_args[] = {
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS",
    "BUILDARCH", "BUILDVARIANT", "BUILDOSVERSION", "TARGETOSVERSION", "TARGETSTAGE", NULL};

const pl_var *pl_scope_find(const pl_var *scope, const char *name, size_t len)
{
    const pl_var *arg = NULL;
    for (const pl_var *v = scope; v; v = v->next) {
        if (strlen(v->name) != len || strncmp(v->name, name, len))
            continue;
        if (v->is_env)
            return v;
        if (!arg)
            arg = v;
    }
    return arg;
}

int pl_model_uses_arg_default(const pl_df_model *m, const pl_df_instr *ins, const char *word)
{
    const pl_df_instr *top = ins->parent ? ins->parent : ins;
    const pl_var *scope = m->scope_before[top->index];
    char esc = m->df->escape ? m->df->escape : '\\';
    for (const char *p = word; *p; p++) {
        if (*p == esc && p[1]) {
            p++;
            continue;
        }
        if (*p != '$')
            continue;
        const char *n = p + 1 + (p[1] == '{');
        size_t len = 0;
        while (n[len] == '_' || (n[len] >= 'A' && n[len] <= 'Z') || (n[len] >= 'a' && n[len] <= 'z') ||
               (len && n[len] >= '0' && n[len] <= '9'))
            len++;
        const pl_var *v = len ? pl_scope_find(scope, n, len) : NULL;
        if (v && !v->is_env && v->is_default)
            return 1;
    }
    return 0;
}

pl_var_state pl_scope_lookup(const pl_var *scope, const char *name, size_t len, const char **value)
{
    const pl_var *arg = NULL;
    for (const pl_var *v = scope; v; v = v->next) {
        if (strlen(v->name) != len || strncmp(v->name, name, len))
            continue;
        if (v->is_env) {
            arg = v;
            break;
        }
        if (!arg)
            arg = v;
    }
    if (!arg)
        return PL_VAR_UNDEFINED;
    if (!arg->value)
        return PL_VAR_UNKNOWN;
    *value = arg->value;
    return PL_VAR_KNOWN;
}

typedef struct {
    const pl_var *scope;
    int undefined_is_unknown;
} lookup_ctx;

static pl_var_state model_lookup(void *ud, const char *name, size_t len, const char **value)
{
    const lookup_ctx *c = ud;
    pl_var_state st = pl_scope_lookup(c->scope, name, len, value);
    /* inside a stage, an undeclared variable may come from the base image's
     * ENV (PATH, HOME, PYTHON_VERSION ...), which a static reader cannot see */
    if (st == PL_VAR_UNDEFINED && c->undefined_is_unknown)
        return PL_VAR_UNKNOWN;
    return st;
}

static void make_expander(pl_arena *a, const pl_df_model *m, const pl_var *scope, int in_stage,
                          pl_expander *ex)
{
    lookup_ctx *c = PL_NEW(a, lookup_ctx);
    c->scope = scope;
    c->undefined_is_unknown = in_stage;
    memset(ex, 0, sizeof *ex);
    ex->lookup = model_lookup;
    ex->ud = c;
    ex->escape = m->df->escape ? m->df->escape : '\\';
}

void pl_model_expander(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                       pl_expander *ex)
{
    const pl_df_instr *top = ins->parent ? ins->parent : ins;
    make_expander(a, m, m->scope_before[top->index], m->stage_of[top->index] != NULL, ex);
}

pl_expand_status pl_model_expand(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins,
                                 const char *word, const char **out)
{
    pl_expander ex;
    pl_model_expander(a, m, ins, &ex);
    const char *err = NULL;
    pl_expand_status st = pl_expand_word(a, &ex, word, out, &err);
    if (st == PL_EXPAND_ERROR)
        *out = word;
    return st;
}

static pl_var *push_var(pl_arena *a, const pl_var *next, const char *name, const char *value,
                        int is_env, const pl_df_instr *def)
{
    pl_var *v = PL_NEW(a, pl_var);
    v->name = name;
    v->value = value;
    v->is_env = is_env;
    v->def = def;
    v->next = next;
    return v;
}

static const char *build_arg(const char *const *args, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (!strncmp(args[i], name, len) && args[i][len] == '=')
            return args[i] + len + 1;
    return NULL;
}

/* A build arg given as a bare NAME: a build passes it with a value that is
 * not known statically (`--build-arg V=${{ github.sha }}`), so the ARG's
 * default does not apply either. */
static int build_arg_unknown(const char *const *args, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (!strncmp(args[i], name, len) && args[i][len] == '\0')
            return 1;
    return 0;
}

int pl_df_pairs(const pl_df_instr *ins, const char ***keys, const char ***values, pl_arena *a)
{
    int n = ins->nargs / 3;
    *keys = PL_NEW_N(a, const char *, n + 1);
    *values = PL_NEW_N(a, const char *, n + 1);
    for (int i = 0; i < n; i++) {
        (*keys)[i] = ins->args[3 * i].text;
        (*values)[i] = ins->args[3 * i + 1].text;
    }
    return n;
}

pl_stage *pl_model_stage_named(const pl_df_model *m, const char *name, int before_index)
{
    if (!name || !*name)
        return NULL;
    for (int i = 0; i < m->nstages && i < before_index; i++)
        if (m->stages[i]->name && !strcasecmp(m->stages[i]->name, name))
            return m->stages[i];
    const char *p = name;
    int num = 0;
    while (*p >= '0' && *p <= '9' && num < 100000)
        num = num * 10 + (*p++ - '0');
    /* instructions before any FROM are no stage a build can name */
    if (!*p && p != name && num < before_index && num < m->nstages && !m->stages[num]->is_fragment)
        return m->stages[num];
    return NULL;
}

/* ARG words are `name` or `name=default` (the default still quoted). */
static const pl_var *declare_arg(pl_arena *a, const pl_df_model *m, const pl_var *scope,
                                 const pl_var *globals, const pl_df_instr *ins, const char *word,
                                 int in_stage, const char *const *bargs, int nbargs)
{
    const char *eq = strchr(word, '=');
    size_t nlen = eq ? (size_t)(eq - word) : strlen(word);
    const char *name = pl_arena_strndup(a, word, nlen);
    const char *value = build_arg(bargs, nbargs, word, nlen);
    int is_default = 0;
    int unknown = !value && build_arg_unknown(bargs, nbargs, word, nlen);
    if (!value && eq && !unknown) {
        pl_expander ex;
        make_expander(a, m, scope, in_stage, &ex);
        const char *out = NULL, *err = NULL;
        if (pl_expand_word(a, &ex, eq + 1, &out, &err) == PL_EXPAND_OK)
            value = out;
        is_default = value != NULL;
    } else if (!value && in_stage) {
        /* `ARG NAME` inside a stage takes the global ARG's value */
        const pl_var *g = pl_scope_find(globals, name, nlen);
        if (g && g->value) {
            value = g->value;
            is_default = g->is_default;
        }
    }
    pl_var *v = push_var(a, scope, name, value, 0, ins);
    v->is_default = is_default;
    return v;
}

/* Stage `by` (an index) names `name` in a COPY --from or a mount. */
static void mark_used(pl_arena *a, pl_df_model *m, const char *name, int by)
{
    pl_stage *s = pl_model_stage_named(m, name, by);
    if (!s)
        return;
    s->used_later = 1;
    if (by < m->nstages)
        pl_vec_push(a, &m->stages[by]->needs, s);
}

static const char *mount_from(pl_arena *a, const char *v)
{
    const char *p = v;
    while (p && *p) {
        if (!strncmp(p, "from=", 5)) {
            const char *e = strchr(p, ',');
            return pl_arena_strndup(a, p + 5, e ? (size_t)(e - p - 5) : strlen(p + 5));
        }
        p = strchr(p, ',');
        if (p)
            p++;
    }
    return NULL;
}

static void note_stage_refs(pl_arena *a, pl_df_model *m, const pl_df_instr *ins, int stage_index)
{
    for (int f = 0; f < ins->nflags; f++) {
        const pl_df_flag *fl = &ins->flags[f];
        if (!fl->value)
            continue;
        if ((ins->kind == PL_DF_COPY || ins->kind == PL_DF_ADD) && !strcmp(fl->name, "from"))
            mark_used(a, m, fl->value, stage_index);
        if (ins->kind == PL_DF_RUN && !strcmp(fl->name, "mount"))
            mark_used(a, m, mount_from(a, fl->value), stage_index);
    }
}

/* The stage of instructions that come before any FROM. */
static pl_stage *fragment_stage(pl_arena *a, const pl_df_instr *first)
{
    pl_df_instr *from = PL_NEW(a, pl_df_instr);
    from->kind = PL_DF_FROM;
    from->keyword = "FROM";
    from->name = "from";
    from->name_len = 4;
    from->index = first->index;
    from->span = (pl_span){first->span.line, 1, first->span.line, 1};
    from->keyword_span = from->span;
    from->original = "";
    from->rest = "";
    pl_stage *s = PL_NEW(a, pl_stage);
    s->from = from;
    s->base_raw = s->base = "";
    s->base_unknown = 1;
    pl_image_parse(a, s->base, &s->image);
    s->is_fragment = 1;
    return s;
}

pl_df_model *pl_model_build(pl_arena *a, pl_dockerfile *df, const char *const *bargs, int nbargs)
{
    pl_df_model *m = PL_NEW(a, pl_df_model);
    m->df = df;
    int n = df->ninstrs;
    m->stage_of = PL_NEW_N(a, pl_stage *, n + 1);
    m->scope_before = PL_NEW_N(a, const pl_var *, n + 1);
    pl_vec stages = {0}, gargs = {0}, cur_instrs = {0};

    const pl_var *globals = NULL;
    for (const char *const *b = builtin_args; *b; b++)
        globals = push_var(a, globals, *b, build_arg(bargs, nbargs, *b, strlen(*b)), 0, NULL);
    m->global_scope = globals;

    pl_stage *cur = NULL;
    const pl_var *scope = globals;
    for (int i = 0; i < n; i++) {
        pl_df_instr *ins = df->instrs[i];
        if (ins->kind == PL_DF_FROM) {
            if (cur) {
                cur->instrs = (const pl_df_instr **)cur_instrs.items;
                cur->ninstrs = (int)cur_instrs.len;
            }
            cur_instrs = (pl_vec){0};
            m->scope_before[i] = globals;
            m->global_scope = globals;
            pl_stage *s = PL_NEW(a, pl_stage);
            s->index = (int)stages.len;
            s->from = ins;
            if (ins->nargs >= 3 && !strcasecmp(ins->args[1].text, "as"))
                s->name = ins->args[2].text;
            if (ins->nargs >= 1) {
                s->base_raw = ins->args[0].text;
                pl_expander ex;
                make_expander(a, m, globals, 0, &ex);
                const char *out = NULL, *err = NULL;
                pl_expand_status st = pl_expand_word(a, &ex, s->base_raw, &out, &err);
                s->base = st == PL_EXPAND_ERROR ? s->base_raw : out;
                s->base_unknown = st != PL_EXPAND_OK;
                pl_image_parse(a, s->base, &s->image);
                s->is_scratch = !strcasecmp(s->base, "scratch");
                s->parent = pl_model_stage_named(m, s->base, s->index);
                if (s->parent) {
                    s->parent->used_later = 1;
                    pl_vec_push(a, &s->needs, s->parent);
                }
            }
            m->stages = (pl_stage **)stages.items; /* visible to stage_named */
            pl_vec_push(a, &stages, s);
            m->stages = (pl_stage **)stages.items;
            m->nstages = (int)stages.len;
            m->stage_of[i] = s;
            cur = s;
            /* ENV (and only ENV) travels with the parent stage's image */
            scope = NULL;
            if (s->parent) {
                for (int k = s->parent->from->index + 1; k < i; k++)
                    if (m->stage_of[k] == s->parent && df->instrs[k]->kind == PL_DF_ENV) {
                        const char **keys, **vals;
                        int np = pl_df_pairs(df->instrs[k], &keys, &vals, a);
                        const pl_var *sc = m->scope_before[k];
                        for (int p = 0; p < np; p++) {
                            const char *out = NULL, *err = NULL;
                            pl_expander ex;
                            make_expander(a, m, sc, 1, &ex);
                            pl_expand_status st = pl_expand_word(a, &ex, vals[p], &out, &err);
                            scope = push_var(a, scope, keys[p], st == PL_EXPAND_OK ? out : NULL, 1,
                                             df->instrs[k]);
                        }
                    }
            }
            continue;
        }
        if (!cur && ins->kind != PL_DF_ARG) {
            cur = fragment_stage(a, ins);
            cur->index = (int)stages.len;
            pl_vec_push(a, &stages, cur);
            m->stages = (pl_stage **)stages.items;
            m->nstages = (int)stages.len;
            scope = NULL;
        }
        m->stage_of[i] = cur;
        m->scope_before[i] = cur ? scope : globals;
        if (!cur) {
            if (ins->kind == PL_DF_ARG) {
                pl_vec_push(a, &gargs, ins);
                for (int w = 0; w < ins->nargs; w++)
                    globals = declare_arg(a, m, globals, globals, ins, ins->args[w].text, 0, bargs,
                                          nbargs);
                m->global_scope = globals;
            }
            continue;
        }
        pl_vec_push(a, &cur_instrs, ins);
        note_stage_refs(a, m, ins, cur->index);
        if (ins->sub)
            note_stage_refs(a, m, ins->sub, cur->index);
        if (ins->kind == PL_DF_ARG) {
            for (int w = 0; w < ins->nargs; w++)
                scope = declare_arg(a, m, scope, globals, ins, ins->args[w].text, 1, bargs, nbargs);
        } else if (ins->kind == PL_DF_ENV) {
            const char **keys, **vals;
            int np = pl_df_pairs(ins, &keys, &vals, a);
            const pl_var *before = scope;
            for (int p = 0; p < np; p++) {
                /* every value sees the scope from before the instruction */
                pl_expander ex;
                make_expander(a, m, before, 1, &ex);
                const char *out = NULL, *err = NULL;
                pl_expand_status st = pl_expand_word(a, &ex, vals[p], &out, &err);
                scope = push_var(a, scope, keys[p], st == PL_EXPAND_OK ? out : NULL, 1, ins);
            }
        }
    }
    if (cur) {
        cur->instrs = (const pl_df_instr **)cur_instrs.items;
        cur->ninstrs = (int)cur_instrs.len;
    }
    m->stages = (pl_stage **)stages.items;
    m->nstages = (int)stages.len;
    m->final = m->nstages ? m->stages[m->nstages - 1] : NULL;
    if (m->final)
        m->final->is_final = m->final->is_built = 1;
    m->global_args = (const pl_df_instr **)gargs.items;
    m->nglobal_args = (int)gargs.len;
    return m;
}

int pl_model_set_target(pl_df_model *m, const char *target, int primary)
{
    pl_stage *s = pl_model_stage_named(m, target, m->nstages);
    if (!s)
        return -1;
    s->is_built = 1;
    if (!primary)
        return 0;
    if (m->final && m->final != s) {
        m->final->is_final = 0;
        m->final->is_built = 0;
    }
    s->is_final = 1;
    m->final = s;
    m->target = target;
    return 0;
}
