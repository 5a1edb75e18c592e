/* units.c — rules about how a Dockerfile is built: the targets and build
 * args its build units (compose services, CI workflows, bake files,
 * Makefiles, the command line) pass, and the stages nothing builds.
 * Findings about a build are reported where the build is written. */
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "../dockerfile/dfutil.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

/* Where a finding about unit `u` goes: its origin, else the Dockerfile. */
/* The findings a rule made on one file so far: a build step expanded
 * into several builds (a matrix, the callers of a reusable workflow) is
 * one problem, reported once. */
typedef struct {
    const char **keys; /* "FILE\nLINE\nMESSAGE" */
    int n, cap;
} reported;

/* Reports `fmt_msg` where the build says what it says: the step of a
 * called workflow (not each caller's `uses:` line), else the build's
 * origin; once per place and message. */
static void fail_at_origin(pl_check *c, reported *seen, const pl_build_unit *u, const char *fmt_msg)
{
    const char *file = u->spec.step_file ? u->spec.step_file : u->spec.origin_file;
    pl_span at = u->spec.step_file ? u->spec.step_span : u->spec.origin_span;
    if (!at.line)
        file = NULL;
    pl_arena *a = pl_check_arena(c);
    const char *key = pl_arena_printf(a, "%s\n%d\n%s", file ? file : "", at.line, fmt_msg);
    for (int i = 0; i < seen->n; i++)
        if (!strcmp(seen->keys[i], key))
            return;
    if (seen->n == seen->cap) {
        int cap = seen->cap ? seen->cap * 2 : 8;
        const char **keys = PL_NEW_N(a, const char *, cap);
        if (seen->n)
            memcpy(keys, seen->keys, sizeof *keys * (size_t)seen->n);
        seen->keys = keys;
        seen->cap = cap;
    }
    seen->keys[seen->n++] = key;
    if (file)
        pl_fail_in(c, file, at, NULL, "%s", fmt_msg);
    else
        pl_fail(c, (pl_span){0}, NULL, "%s", fmt_msg);
}

static const char *stage_names(pl_arena *a, const pl_df_model *m)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < m->nstages; i++)
        if (m->stages[i]->name)
            pl_sb_printf(&sb, "%s%s", sb.len ? ", " : "", m->stages[i]->name);
    return sb.len ? pl_sb_str(&sb) : "none";
}

void pl_check_build_target_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    const char *last = NULL;
    reported seen = {0};
    for (int i = 0; i < f->nunits; i++) {
        const pl_build_unit *u = f->units[i];
        if (!u->spec.target)
            continue;
        n++;
        const pl_stage *s = pl_model_stage_named(m, u->spec.target, m->nstages);
        if (s) {
            last = u->spec.target;
            continue;
        }
        fail_at_origin(c, &seen, u,
                       pl_arena_printf(a, "--target %s names no stage of %s (its named stages: %s)",
                                       u->spec.target, f->path, stage_names(a, m)));
    }
    if (!n)
        pl_skip(c, "no build of %s sets a target", f->path);
    else
        pl_pass(c, (pl_span){0}, "%d build target%s, each a stage (e.g. %s)", n, n == 1 ? "" : "s",
                last ? last : "?");
}

/* Marks `s` and every stage it builds on as live. */
static void mark_live(const pl_stage *s, char *live)
{
    if (live[s->index])
        return;
    live[s->index] = 1;
    for (size_t i = 0; i < s->needs.len; i++)
        mark_live(s->needs.items[i], live);
}

/* `FROM build_${TARGETARCH}${TARGETVARIANT}` as a pattern: each variable
 * stands for any text (`build_*`), the rest is matched as written. NULL
 * when the word holds no variable. A word that is nothing but variables
 * gives "*" (any stage) only when its value is not one known value: an
 * unknown one (`ARG FLAVOR=${TARGETARCH}`), or a default some build of the
 * file overrides; a known value is the base the model already resolved. */
static const char *from_shape(pl_arena *a, const pl_stage *s, const pl_file *f)
{
    const char *raw = s->base_raw;
    if (!raw || !strchr(raw, '$'))
        return NULL;
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    int literal = 0, passed = 0;
    for (const char *p = raw; *p;) {
        const char *name = NULL;
        size_t len = 0;
        if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p, '}');
            if (!end)
                return NULL;
            name = p + 2;
            len = strcspn(name, ":}-+?=");
            p = end + 1;
        } else if (p[0] == '$' && (p[1] == '_' || (p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z'))) {
            name = ++p;
            while (*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
                p++;
            len = (size_t)(p - name);
        } else {
            if (strchr("*?[\\", *p))
                pl_sb_putc(&sb, '\\');
            pl_sb_putc(&sb, *p++);
            literal = 1;
            continue;
        }
        if (!sb.len || sb.data[sb.len - 1] != '*')
            pl_sb_putc(&sb, '*');
        for (int i = 0; i < f->nunits && !passed; i++)
            for (int k = 0; k < f->units[i]->spec.nargs && !passed; k++)
                passed = strlen(f->units[i]->spec.args[k].name) == len &&
                         !strncmp(f->units[i]->spec.args[k].name, name, len);
    }
    if (literal)
        return pl_sb_str(&sb);
    return s->base_unknown || passed ? "*" : NULL;
}

/* Marks live every stage a live stage may pick by a FROM built from ARGs:
 * which one is only known when the build runs. Such a stage is only maybe
 * used: `maybe` keeps the FROM that may pick it (NULL for a stage a build
 * surely uses). Repeated until nothing changes (at most once per stage). */
static void mark_arg_selected(pl_arena *a, const pl_df_model *m, const pl_file *f, char *live,
                              const pl_stage **maybe)
{
    for (int changed = 1, round = 0; changed && round <= m->nstages; round++) {
        changed = 0;
        for (int i = 0; i < m->nstages; i++) {
            const char *shape = live[i] ? from_shape(a, m->stages[i], f) : NULL;
            for (int k = 0; shape && k < i; k++)
                if (!live[k] && m->stages[k]->name &&
                    fnmatch(shape, m->stages[k]->name, FNM_CASEFOLD) == 0) {
                    mark_live(m->stages[k], live);
                    maybe[k] = m->stages[i];
                    changed = 1;
                }
        }
    }
}

void pl_check_stage_unused(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    if (m->nstages < 2) {
        pl_skip(c, "one stage");
        return;
    }
    for (int i = 0; i < f->nunits; i++) {
        const pl_unit_spec *s = &f->units[i]->spec;
        if (s->origin == PL_ORIGIN_NONE) {
            pl_skip(c, "nothing in the repository says how %s is built", f->path);
            return;
        }
        if (s->target_unknown) {
            pl_skip(c, "a build of %s sets a target only known when it runs", f->path);
            return;
        }
    }
    if (!f->nunits) {
        pl_skip(c, "no build of %s is known", f->path);
        return;
    }
    pl_arena *a = pl_check_arena(c);
    char *live = PL_NEW_N(a, char, m->nstages);
    /* the last stage is what `docker build` builds without --target: a
     * developer's default build, so it and what it uses are never dead */
    mark_live(m->stages[m->nstages - 1], live);
    for (int i = 0; i < f->nunits; i++) {
        const char *t = f->units[i]->spec.target;
        const pl_stage *s = t ? pl_model_stage_named(m, t, m->nstages) : NULL;
        if (t && !s) {
            pl_skip(c, "a build of %s asks for a stage it does not have (build-target-missing)",
                    f->path);
            return;
        }
        if (s)
            mark_live(s, live);
    }
    const pl_stage **maybe = PL_NEW_N(a, const pl_stage *, m->nstages);
    mark_arg_selected(a, m, f, live, maybe);
    int dead = 0, nmaybe = 0, first_maybe = -1;
    for (int i = 0; i < m->nstages; i++)
        if (maybe[i] && nmaybe++ == 0)
            first_maybe = i;
    for (int i = 0; i < m->nstages; i++) {
        if (live[i])
            continue;
        const pl_stage *s = m->stages[i];
        dead++;
        pl_fail(c, pl_df_ins_span(s->from), NULL,
                "stage %s is never built: no build targets it and no built stage uses it",
                s->name ? s->name : pl_arena_printf(a, "%d", s->index));
    }
    if (!dead && nmaybe) {
        const pl_stage *k = m->stages[first_maybe];
        pl_skip(c, "stage %s%s may be picked by FROM %s (line %d), known only when the build runs",
                k->name, nmaybe > 1 ? pl_arena_printf(a, " and %d more", nmaybe - 1) : "",
                maybe[first_maybe]->base_raw, pl_df_ins_span(maybe[first_maybe]->from).line);
    } else if (!dead)
        pl_pass(c, (pl_span){0}, "%d stages, each built or used by a build", m->nstages);
}

/* Docker's predefined build args: usable without an ARG line. */
static int predefined_arg(const char *name)
{
    static const char *const names[] = {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY",   "no_proxy",   "ALL_PROXY",   "all_proxy",   "SOURCE_DATE_EPOCH", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return !strncmp(name, "BUILDKIT_", 9);
}

static int declared(const pl_df_model *m, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_ARG)
            continue;
        for (int w = 0; w < ins->nargs; w++) {
            const char *t = ins->args[w].text;
            if (!strncmp(t, name, n) && (t[n] == '\0' || t[n] == '='))
                return 1;
        }
    }
    return 0;
}

/* One build step that builds several Dockerfiles (a workflow matrix, a
 * bake group, a loop in a script) passes them one list of args: an arg
 * meant for some of them is ignored by the others on purpose. */
static int shared_step(const pl_workspace *ws, const pl_build_unit *u)
{
    if (!ws || !u->spec.origin_file || !u->spec.origin_span.line || !u->spec.dockerfile)
        return 0;
    for (size_t i = 0; i < ws->units.len; i++) {
        const pl_build_unit *v = ws->units.items[i];
        if (v != u && v->spec.origin_file && v->spec.dockerfile &&
            v->spec.origin_span.line == u->spec.origin_span.line &&
            !strcmp(v->spec.origin_file, u->spec.origin_file) &&
            strcmp(v->spec.dockerfile, u->spec.dockerfile))
            return 1;
    }
    return 0;
}

void pl_check_build_arg_unused(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_workspace *ws = pl_check_workspace(c);
    int n = 0, failed = 0;
    const char *unknown = NULL;
    reported seen = {0};
    for (int i = 0; i < f->nunits; i++) {
        const pl_build_unit *u = f->units[i];
        int shared = u->spec.nargs && shared_step(ws, u);
        for (int k = 0; k < u->spec.nargs; k++) {
            const char *name = u->spec.args[k].name;
            n++;
            /* a build-args line that is a GitHub expression
             * (`${{ steps.x.outputs.args }}`) expands when the workflow
             * runs, to NAME=VALUE lines: it names no argument */
            if (strstr(name, "${{")) {
                unknown = pl_arena_printf(a, "a build of %s passes build args from %s, known only "
                                          "when the workflow runs", f->path, name);
                continue;
            }
            if (predefined_arg(name) || declared(m, name) || shared)
                continue;
            failed++;
            fail_at_origin(c, &seen, u,
                           pl_arena_printf(a, "build arg %s is passed to %s, which declares no ARG %s",
                                           name, f->path, name));
        }
    }
    if (!n)
        pl_skip(c, "no build of %s passes build args", f->path);
    else if (unknown && !failed)
        pl_skip(c, "%s", unknown);
    else if (!failed)
        pl_pass(c, (pl_span){0}, "%d build arg%s passed, each declared by an ARG", n,
                n == 1 ? "" : "s");
}
