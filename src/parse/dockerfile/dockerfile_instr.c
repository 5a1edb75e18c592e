/* dockerfile_instr.c — BuildKit's instruction layer, as diagnostics.
 *
 * Owns: the checks BuildKit's instructions package (parse.go, bflag.go and
 * the RUN flag hooks) applies to each parsed node before building, plus the
 * few that the dispatcher applies to values that need no variables (RUN
 * --mount fields, COPY --from holding a variable, EXPOSE port specs).
 * Each problem becomes a PL_DIAG_ERROR with BuildKit's message; like
 * BuildKit, only the first problem of an instruction is reported. Triggers
 * inside ONBUILD are only checked by BuildKit when a child image builds, so
 * their problems are warnings here.
 *
 * These diagnostics do not set `rejected`: that flag is for what BuildKit's
 * parser itself refuses.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/dockerfile.h"
#include "dockerfile_internal.h"

/* ---- reporting ---------------------------------------------------------------- */

void df_fail(df_checker *c, pl_span sp, const char *fmt, ...)
{
    if (c->reported)
        return;
    c->reported = 1;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = pl_arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    if (c->in_trigger)
        pl_diag_add(c->a, &c->df->diags, PL_DIAG_WARNING, sp, NULL, "ONBUILD trigger: %s", msg);
    else
        pl_diag_add(c->a, &c->df->diags, PL_DIAG_ERROR, sp, NULL, "%s", msg);
}

/* ---- suggestions (util/suggest) ------------------------------------------------------ */

static int levenshtein(const char *a, const char *b, int limit)
{
    int32_t ra[64], rb[64];
    int na = 0, nb = 0;
    size_t la = strlen(a), lb = strlen(b);
    for (size_t i = 0; i < la; na++) {
        size_t w;
        if (na == 64)
            return limit;
        ra[na] = df_decode_rune(a + i, la - i, &w);
        i += w;
    }
    for (size_t i = 0; i < lb; nb++) {
        size_t w;
        if (nb == 64)
            return limit;
        rb[nb] = df_decode_rune(b + i, lb - i, &w);
        i += w;
    }
    if (abs(na - nb) >= limit)
        return limit;
    int prev[65], cur[65];
    for (int j = 0; j <= nb; j++)
        prev[j] = j;
    for (int i = 1; i <= na; i++) {
        cur[0] = i;
        for (int j = 1; j <= nb; j++) {
            int cost = ra[i - 1] == rb[j - 1] ? 0 : 1;
            int v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
    }
    return prev[nb];
}

const char *df_suggest(pl_arena *a, const char *val, const char *const *opts, int n,
                       int case_sensitive)
{
    const char *v = case_sensitive ? val : df_str_lower(a, val, strlen(val));
    const char *best = NULL;
    int mind = 3;
    for (int i = 0; i < n; i++) {
        const char *o = case_sensitive ? opts[i] : df_str_lower(a, opts[i], strlen(opts[i]));
        if (strcmp(v, o) == 0)
            return NULL;
        int d = levenshtein(v, o, mind);
        if (d < mind) {
            mind = d;
            best = o;
            if (!case_sensitive) {
                if (strcmp(val, df_str_lower(a, val, strlen(val))) == 0)
                    best = o;
                else if (strcmp(val, df_str_upper(a, val, strlen(val))) == 0)
                    best = df_str_upper(a, o, strlen(o));
            }
        }
    }
    return best;
}

const char *df_with_suggestion(pl_arena *a, const char *msg, const char *match)
{
    return match ? pl_arena_printf(a, "%s (did you mean %s?)", msg, match) : msg;
}

/* ---- flags (bflag.go) ----------------------------------------------------------------- */

/* BFlags.Parse; returns 0 after reporting the first problem. */
static int parse_flags(df_checker *c, const df_flag_def *defs, int ndefs)
{
    const pl_df_instr *ins = c->ins;
    unsigned used = 0;
    for (int i = 0; i < ins->nflags; i++) {
        const pl_df_flag *f = &ins->flags[i];
        /* BuildKit names the flag in its messages as written, before any '=' */
        const char *flag_name = f->raw_len > 2 + strlen(f->name) ? NULL : f->raw;
        if (!flag_name)
            flag_name = pl_arena_strndup(c->a, f->raw, 2 + strlen(f->name));
        int k = 0;
        while (k < ndefs && strcmp(defs[k].name, f->name) != 0)
            k++;
        if (k == ndefs) {
            const char *opts[16];
            for (int j = 0; j < ndefs && j < 16; j++)
                opts[j] = defs[j].name;
            const char *msg = pl_arena_printf(c->a, "unknown flag: %s", flag_name);
            df_fail(c, f->span, "%s",
                    df_with_suggestion(c->a, msg, df_suggest(c->a, f->name, opts, ndefs, 1)));
            return 0;
        }
        if ((used & (1u << k)) && defs[k].type != DF_FLAG_STRINGS) {
            df_fail(c, f->span, "duplicate flag specified: %s", flag_name);
            return 0;
        }
        used |= 1u << k;
        switch (defs[k].type) {
        case DF_FLAG_BOOL: {
            if (f->value && !*f->value) {
                df_fail(c, f->span, "missing a value on flag: %s", flag_name);
                return 0;
            }
            const char *v = f->value ? df_str_lower(c->a, f->value, strlen(f->value)) : "";
            if (*v && strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
                df_fail(c, f->span, "expecting boolean value for flag %s, not: %s", flag_name,
                        f->value);
                return 0;
            }
            break;
        }
        case DF_FLAG_STRING:
        case DF_FLAG_STRINGS:
            if (!f->value) {
                df_fail(c, f->span, "missing a value on flag: %s", flag_name);
                return 0;
            }
            break;
        }
    }
    return 1;
}

static const df_flag_def no_flags[1] = {{"", DF_FLAG_STRING}};

static int no_flags_allowed(df_checker *c)
{
    return parse_flags(c, no_flags, 0);
}

/* ---- per instruction (parse.go) --------------------------------------------------------- */

static pl_span ins_span(const pl_df_instr *ins)
{
    return ins->keyword_span;
}

static pl_span arg_span(const pl_df_instr *ins, int i)
{
    return ins->args[i].span.line ? ins->args[i].span : ins->keyword_span;
}

static void check_kvps(df_checker *c, const char *name)
{
    const pl_df_instr *ins = c->ins;
    if (ins->nargs == 0) {
        df_fail(c, ins_span(ins), "%s requires at least one argument", name);
        return;
    }
    if (ins->nargs % 3 != 0) {
        df_fail(c, ins_span(ins), "Bad input to %s, too many arguments", name);
        return;
    }
    for (int i = 0; i < ins->nargs; i += 3)
        if (ins->args[i].len == 0) {
            df_fail(c, arg_span(ins, i), "%s names can not be blank", name);
            return;
        }
}

static void check_exactly_one(df_checker *c, const char *name)
{
    if (c->ins->nargs != 1)
        df_fail(c, ins_span(c->ins), "%s requires exactly one argument", name);
}

static void check_at_least_one(df_checker *c, const char *name)
{
    if (c->ins->nargs == 0)
        df_fail(c, ins_span(c->ins), "%s requires at least one argument", name);
}

/* parseSourcesAndDest: a heredoc marker cannot be the destination. */
static void check_dest(df_checker *c, const char *name)
{
    const pl_df_instr *ins = c->ins;
    if (ins->nargs < 2) {
        df_fail(c, ins_span(ins),
                "%s requires at least two arguments, but only one was provided. Destination "
                "could not be determined",
                name);
        return;
    }
    if (df_is_heredoc_word(c->a, ins->args[ins->nargs - 1].text))
        df_fail(c, arg_span(ins, ins->nargs - 1), "%s cannot accept a heredoc as a destination",
                name);
}

static void check_copy_from(df_checker *c)
{
    const pl_df_flag *f = pl_df_flag_get(c->ins, "from");
    if (!f || !f->value || !*f->value)
        return;
    df_lex_mode mode = {c->df->escape, 0, 0, 0};
    const char *res, *err;
    if (df_lex_process(c->a, &mode, f->value, strlen(f->value), &res, NULL, NULL, &err) < 0) {
        df_fail(c, f->span, "failed to process %s: %s", df_quote(c->a, f->value), err);
        return;
    }
    if (strcmp(res, f->value) != 0)
        df_fail(c, f->span,
                "variable expansion is not supported for --from, define a new stage with FROM "
                "using ARG from global scope as a workaround");
}

static const df_flag_def copy_flags[] = {
    {"chown", DF_FLAG_STRING}, {"from", DF_FLAG_STRING},   {"chmod", DF_FLAG_STRING},
    {"link", DF_FLAG_BOOL},    {"exclude", DF_FLAG_STRINGS}, {"parents", DF_FLAG_BOOL},
};
static const df_flag_def add_flags[] = {
    {"chown", DF_FLAG_STRING},    {"chmod", DF_FLAG_STRING},    {"link", DF_FLAG_BOOL},
    {"keep-git-dir", DF_FLAG_BOOL}, {"checksum", DF_FLAG_STRING}, {"unpack", DF_FLAG_BOOL},
    {"exclude", DF_FLAG_STRINGS},
};
static const df_flag_def run_flags[] = {
    {"device", DF_FLAG_STRINGS},
    {"mount", DF_FLAG_STRINGS},
    {"network", DF_FLAG_STRING},
    {"security", DF_FLAG_STRING},
};
static const df_flag_def from_flags[] = {{"platform", DF_FLAG_STRING}};
static const df_flag_def health_flags[] = {
    {"interval", DF_FLAG_STRING},       {"timeout", DF_FLAG_STRING}, {"start-period", DF_FLAG_STRING},
    {"start-interval", DF_FLAG_STRING}, {"retries", DF_FLAG_STRING},
};

#define NDEFS(t) ((int)(sizeof(t) / sizeof((t)[0])))

static int valid_stage_name(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
              *s == '.'))
            return 0;
    return 1;
}

static void check_from(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    if (ins->nargs == 3 && df_equal_fold_ascii(ins->args[1].text, "as")) {
        const char *name = df_str_lower(c->a, ins->args[2].text, strlen(ins->args[2].text));
        if (!valid_stage_name(name)) {
            df_fail(c, arg_span(ins, 2),
                    "invalid name for build stage: %s, name can't start with a number or contain "
                    "symbols",
                    df_quote(c->a, ins->args[2].text));
            return;
        }
    } else if (ins->nargs != 1) {
        df_fail(c, ins_span(ins), "FROM requires either one or three arguments");
        return;
    }
    parse_flags(c, from_flags, NDEFS(from_flags));
}

static void check_onbuild(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    if (!ins->sub) {
        df_fail(c, ins_span(ins), "ONBUILD requires at least one argument");
        return;
    }
    if (!no_flags_allowed(c))
        return;
    const char *kw = ins->sub->keyword;
    size_t b = df_trim_left(kw, strlen(kw));
    size_t e = b + df_trim_right(kw + b, strlen(kw) - b);
    const char *trigger = df_str_upper(c->a, kw + b, e - b);
    if (strcmp(trigger, "ONBUILD") == 0)
        df_fail(c, ins->sub->keyword_span, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    else if (strcmp(trigger, "MAINTAINER") == 0 || strcmp(trigger, "FROM") == 0)
        df_fail(c, ins->sub->keyword_span, "%s isn't allowed as an ONBUILD trigger", trigger);
}

static void check_run(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    if (!parse_flags(c, run_flags, NDEFS(run_flags)))
        return;
    for (int i = 0; i < ins->nflags; i++)
        if (strcmp(ins->flags[i].name, "device") == 0 && !df_check_device(c, &ins->flags[i]))
            return;
    for (int i = 0; i < ins->nflags; i++)
        if (strcmp(ins->flags[i].name, "mount") == 0 && !df_check_mount(c, &ins->flags[i]))
            return;
    const pl_df_flag *net = pl_df_flag_get(ins, "network");
    if (net && strcmp(net->value, "default") != 0 && strcmp(net->value, "none") != 0 &&
        strcmp(net->value, "host") != 0) {
        df_fail(c, net->span, "invalid network mode %s", df_quote(c->a, net->value));
        return;
    }
    const pl_df_flag *sec = pl_df_flag_get(ins, "security");
    if (sec && strcmp(sec->value, "sandbox") != 0 && strcmp(sec->value, "insecure") != 0)
        df_fail(c, sec->span, "security %s is not valid", df_quote(c->a, sec->value));
}

static void check_healthcheck(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    if (ins->nargs == 0) {
        df_fail(c, ins_span(ins), "HEALTHCHECK requires at least one argument");
        return;
    }
    const char *typ = df_str_upper(c->a, ins->args[0].text, ins->args[0].len);
    if (strcmp(typ, "NONE") == 0) {
        /* BuildKit does not look at the flags of HEALTHCHECK NONE */
        if (ins->nargs != 1)
            df_fail(c, arg_span(ins, 1), "HEALTHCHECK NONE takes no arguments");
        return;
    }
    if (!parse_flags(c, health_flags, NDEFS(health_flags)))
        return;
    if (strcmp(typ, "CMD") != 0) {
        df_fail(c, arg_span(ins, 0), "Unknown type %s in HEALTHCHECK (try CMD)", df_quote(c->a, typ));
        return;
    }
    if (ins->nargs == 1) {
        df_fail(c, arg_span(ins, 0), "Missing command after HEALTHCHECK CMD");
        return;
    }
    static const char *const durations[] = {"interval", "timeout", "start-period", "start-interval"};
    for (int i = 0; i < 4; i++) {
        const pl_df_flag *f = pl_df_flag_get(ins, durations[i]);
        if (f && !df_check_interval(c, f))
            return;
    }
    const pl_df_flag *r = pl_df_flag_get(ins, "retries");
    if (r && *r->value)
        df_check_retries(c, r);
}

static void check_volume(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    check_at_least_one(c, "VOLUME");
    if (c->reported || !no_flags_allowed(c))
        return;
    for (int i = 0; i < ins->nargs; i++) {
        const char *t = ins->args[i].text;
        size_t n = strlen(t);
        size_t b = df_trim_left(t, n);
        if (df_trim_right(t + b, n - b) == 0) {
            df_fail(c, arg_span(ins, i), "VOLUME specified can not be an empty string");
            return;
        }
    }
}

static void check_arg(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    check_at_least_one(c, "ARG");
    for (int i = 0; i < ins->nargs && !c->reported; i++)
        if (ins->args[i].text[0] == '=')
            df_fail(c, arg_span(ins, i), "ARG names can not be blank");
}

static void check_shell(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    if (!no_flags_allowed(c))
        return;
    if (ins->nargs == 0)
        df_fail(c, ins_span(ins), "SHELL requires at least one argument");
    else if (!ins->json)
        df_fail(c, ins_span(ins), "SHELL requires the arguments to be in JSON form");
}

static const char *const instruction_names[] = {
    "ADD",         "ARG",   "CMD",        "COPY",    "ENTRYPOINT", "ENV",
    "EXPOSE",      "FROM",  "HEALTHCHECK", "LABEL",  "MAINTAINER", "ONBUILD",
    "RUN",         "SHELL", "STOPSIGNAL", "USER",    "VOLUME",     "WORKDIR",
};

/* ParseInstruction for one node. */
static void check_one(df_checker *c)
{
    const pl_df_instr *ins = c->ins;
    switch (ins->kind) {
    case PL_DF_ENV:
        if (no_flags_allowed(c))
            check_kvps(c, "ENV");
        break;
    case PL_DF_MAINTAINER:
        check_exactly_one(c, "MAINTAINER");
        if (!c->reported)
            no_flags_allowed(c);
        break;
    case PL_DF_LABEL:
        if (no_flags_allowed(c))
            check_kvps(c, "LABEL");
        break;
    case PL_DF_ADD:
        if (ins->nargs < 2) {
            check_dest(c, "ADD");
            break;
        }
        if (parse_flags(c, add_flags, NDEFS(add_flags)))
            check_dest(c, "ADD");
        break;
    case PL_DF_COPY:
        if (ins->nargs < 2) {
            check_dest(c, "COPY");
            break;
        }
        if (parse_flags(c, copy_flags, NDEFS(copy_flags)))
            check_dest(c, "COPY");
        if (!c->reported)
            check_copy_from(c);
        break;
    case PL_DF_FROM:
        check_from(c);
        break;
    case PL_DF_ONBUILD:
        check_onbuild(c);
        break;
    case PL_DF_WORKDIR:
    case PL_DF_USER:
        check_exactly_one(c, ins->kind == PL_DF_USER ? "USER" : "WORKDIR");
        if (!c->reported)
            no_flags_allowed(c);
        break;
    case PL_DF_RUN:
        check_run(c);
        break;
    case PL_DF_CMD:
    case PL_DF_ENTRYPOINT:
        no_flags_allowed(c);
        break;
    case PL_DF_HEALTHCHECK:
        check_healthcheck(c);
        break;
    case PL_DF_EXPOSE:
        check_at_least_one(c, "EXPOSE");
        if (!c->reported && no_flags_allowed(c))
            df_check_expose(c);
        break;
    case PL_DF_VOLUME:
        check_volume(c);
        break;
    case PL_DF_STOPSIGNAL:
        check_exactly_one(c, "STOPSIGNAL"); /* BuildKit ignores STOPSIGNAL's flags */
        break;
    case PL_DF_ARG:
        check_arg(c); /* and ARG's flags */
        break;
    case PL_DF_SHELL:
        check_shell(c);
        break;
    case PL_DF_UNKNOWN: {
        const char *msg = pl_arena_printf(c->a, "unknown instruction: %s", ins->keyword);
        const char *match = df_suggest(c->a, ins->keyword, instruction_names,
                                       NDEFS(instruction_names), 0);
        df_fail(c, ins->keyword_span, "%s", df_with_suggestion(c->a, msg, match));
        break;
    }
    }
}

void df_check_instructions(pl_arena *a, pl_dockerfile *df)
{
    int seen_from = 0, stageless_reported = 0;
    for (int i = 0; i < df->ninstrs; i++) {
        const pl_df_instr *ins = df->instrs[i];
        df_checker c = {a, df, ins, 0, 0};
        check_one(&c);
        /* BuildKit stops at the first instruction outside a stage; one
         * diagnostic says it all */
        if (!c.reported && !seen_from && !stageless_reported && ins->kind != PL_DF_ARG &&
            ins->kind != PL_DF_FROM) {
            df_fail(&c, ins->keyword_span, "no build stage in current context");
            stageless_reported = 1;
        }
        if (ins->kind == PL_DF_FROM)
            seen_from = 1;
        if (ins->kind == PL_DF_ONBUILD && ins->sub && !c.reported) {
            df_checker t = {a, df, ins->sub, 0, 1};
            check_one(&t);
        }
    }
}
