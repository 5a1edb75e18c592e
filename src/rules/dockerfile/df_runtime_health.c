/* df_runtime_health.c — PL1300 healthcheck-tool-missing: the program a
 * HEALTHCHECK runs exists in the final image. What base images ship and
 * what a chain of stages installs is df_runtime_base.c's. */
#include <string.h>
#include <strings.h>

#include "df_health.h"
#include "df_runtime_base.h"

static int is_known_tool(const char *prog)
{
    return pl_rt_in_list("curl wget nc netcat ncat python python3 node nodejs", prog);
}

/* "python3.12" -> "python3" */
static const char *tool_name(pl_arena *a, const char *base)
{
    if (!strncmp(base, "python3.", 8))
        return "python3";
    if (!strncmp(base, "python2", 7))
        return pl_arena_strdup(a, base);
    return base;
}

/* ---- the program a HEALTHCHECK runs ---------------------------------------------------- */

typedef struct {
    const char *prog;    /* as written: "curl", "/usr/bin/curl" */
    pl_span span;
    int shell_form;      /* runs through /bin/sh */
    const char *shell;   /* exec form: the shell named in ["sh", "-c", ...] */
    pl_span shell_span;
} hc_program;

static int is_shell(const char *b)
{
    return pl_rt_in_list("sh bash ash dash zsh ksh", b);
}

static int healthcheck_program(pl_arena *a, const pl_df_instr *h, hc_program *out)
{
    memset(out, 0, sizeof *out);
    if (h->nargs < 2)
        return -1;
    if (!h->json) {
        const char *text = h->args[1].text;
        const pl_sh_word *w = pl_rt_script_program(a, text);
        if (!w)
            return -1;
        out->prog = w->text;
        out->span = pl_rt_text_span(h, text, w->offset, w->len);
        out->shell_form = 1;
        return 0;
    }
    const pl_df_word *argv0 = &h->args[1];
    const char *b = pl_rt_basename(argv0->text);
    if (is_shell(b) && h->nargs >= 4 && !strcmp(h->args[2].text, "-c")) {
        out->shell = argv0->text;
        out->shell_span = pl_rt_exec_span(argv0);
        const pl_df_word *sw = &h->args[3];
        const pl_sh_word *w = pl_rt_script_program(a, sw->text);
        if (!w)
            return -1;
        out->prog = w->text;
        pl_span s = pl_rt_exec_span(sw);
        /* exact when the JSON string has no escapes before the word */
        if (s.line == s.end_line && (size_t)(s.end_col - s.col + 1) == strlen(sw->text)) {
            s.col += (int)w->offset;
            s.end_col = s.col + (int)(w->len ? w->len : 1) - 1;
        }
        out->span = s;
        return 0;
    }
    out->prog = argv0->text;
    out->span = pl_rt_exec_span(argv0);
    return 0;
}

static const char *stage_label(pl_arena *a, const pl_stage *s)
{
    return s->name ? pl_arena_printf(a, "stage %s", s->name) : "the final stage";
}

static const char *install_hint(pl_arena *a, const pl_stage *root, const char *prog)
{
    if (!strcmp(prog, "python") || !strcmp(prog, "python3") || !strcmp(prog, "node") ||
        !strcmp(prog, "nodejs"))
        return NULL;
    return pl_rt_base_ships(a, root, "nc") == PL_SHIPS_YES && pl_rt_base_ships(a, root, "curl") == PL_SHIPS_NO
               ? "apk add --no-cache"
               : "apt-get install -y --no-install-recommends";
}

void pl_check_healthcheck_tool_missing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_image_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_df_instr *h = NULL;
    for (int k = n - 1; k >= 0 && !h; k--)
        h = pl_stage_last(chain[k], PL_DF_HEALTHCHECK);
    if (!h) {
        pl_skip(c, "the final image has no HEALTHCHECK");
        return;
    }
    if (h->nargs < 1 || !strcasecmp(h->args[0].text, "NONE")) {
        pl_skip(c, "HEALTHCHECK NONE (line %d)", h->span.line);
        return;
    }
    hc_program hp;
    if (healthcheck_program(a, h, &hp) != 0) {
        pl_skip(c, "the HEALTHCHECK command at line %d runs no program this rule can name",
                h->span.line);
        return;
    }
    if (pl_expand_has_vars(hp.prog, '\\')) {
        pl_skip(c, "HEALTHCHECK runs %s, known only at build time", hp.prog);
        return;
    }
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const pl_stage *root = chain[0];
    const char *base = root->is_scratch ? "scratch" : root->base;
    const char *where = stage_label(a, m->final);

    /* the shell a shell-form check (or ["sh", "-c", ...]) needs */
    if (hp.shell_form || hp.shell) {
        const char *sh = hp.shell ? tool_name(a, pl_rt_basename(hp.shell)) : "sh";
        pl_rt_found got = {0};
        if (pl_rt_base_ships(a, root, sh) == PL_SHIPS_NO &&
            !pl_rt_chain_provides(a, fx, chain, n, NULL, -1, sh, &got) &&
            !pl_rt_chain_provides(a, fx, chain, n, NULL, -1, "busybox", &got) && !got.maybe) {
            pl_fail(c, hp.shell ? hp.shell_span : h->args[0].span,
                    "use an exec-form HEALTHCHECK (HEALTHCHECK CMD [\"/healthcheck\"]) with a binary the image has",
                    "HEALTHCHECK runs through %s (line %d), and %s has no shell", hp.shell ? sh : "/bin/sh",
                    h->span.line, base);
            return;
        }
    }

    const char *prog_base = pl_rt_basename(hp.prog);
    const char *prog = tool_name(a, prog_base);
    pl_rt_found got = {0};
    if (pl_rt_chain_provides(a, fx, chain, n, NULL, -1, prog_base, &got)) {
        pl_pass(c, h->span, "HEALTHCHECK runs %s; %s", prog_base, got.how);
        return;
    }
    if (prog != prog_base && pl_rt_chain_provides(a, fx, chain, n, NULL, -1, prog, &got)) {
        pl_pass(c, h->span, "HEALTHCHECK runs %s; %s", prog_base, got.how);
        return;
    }
    if (got.maybe) {
        pl_skip(c, "HEALTHCHECK runs %s; %s", prog_base, got.how);
        return;
    }
    if (!is_known_tool(prog)) {
        pl_skip(c, "HEALTHCHECK runs %s (line %d); whether %s has it is not known", hp.prog,
                h->span.line, base);
        return;
    }
    switch (pl_rt_base_ships(a, root, prog)) {
    case PL_SHIPS_YES:
        pl_pass(c, h->span, "HEALTHCHECK runs %s; %s ships it", prog_base, base);
        return;
    case PL_SHIPS_UNKNOWN:
        pl_skip(c, "HEALTHCHECK runs %s (line %d); nothing installs it, and whether %s ships it is not known",
                prog_base, h->span.line, base);
        return;
    case PL_SHIPS_NO:
        break;
    }
    const char *hint = install_hint(a, root, prog);
    const char *fix =
        hint ? pl_arena_printf(a, "install %s in %s (%s %s), or use a check the image can run",
                               prog_base, where, hint, prog_base)
             : NULL;
    pl_fail(c, hp.span, fix, "HEALTHCHECK runs %s (line %d); nothing installs %s in %s, and %s does not ship it",
            prog_base, h->span.line, prog_base, where, base);
}

/* ---- shared with the compose health-check rules (df_health.h) ------------------------------ */

static pl_has has_of(pl_ships s)
{
    return s == PL_SHIPS_YES ? PL_HAS_YES : s == PL_SHIPS_NO ? PL_HAS_NO : PL_HAS_UNKNOWN;
}

pl_has pl_health_image_has(pl_arena *a, const pl_df_model *m, const char *prog, const char **how)
{
    *how = NULL;
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const pl_stage *root = chain[0];
    const char *base = root->is_scratch ? "scratch" : root->base ? root->base : "its base image";
    const char *pb = pl_rt_basename(prog);
    const char *name = tool_name(a, pb);
    pl_rt_found got = {0};
    if (pl_rt_chain_provides(a, fx, chain, n, NULL, -1, pb, &got) ||
        (name != pb && pl_rt_chain_provides(a, fx, chain, n, NULL, -1, name, &got)) ||
        (is_shell(name) && pl_rt_chain_provides(a, fx, chain, n, NULL, -1, "busybox", &got))) {
        *how = got.how;
        return PL_HAS_YES;
    }
    if (got.maybe) {
        *how = got.how;
        return PL_HAS_UNKNOWN;
    }
    switch (has_of(pl_rt_base_ships(a, root, name))) {
    case PL_HAS_YES:
        *how = pl_arena_printf(a, "%s ships it", base);
        return PL_HAS_YES;
    case PL_HAS_NO:
        *how = pl_arena_printf(a, "nothing installs %s in %s, and %s does not ship it", pb,
                               stage_label(a, m->final), base);
        return PL_HAS_NO;
    case PL_HAS_UNKNOWN:
        break;
    }
    *how = pl_arena_printf(a, "nothing installs %s, and whether %s ships it is not known", pb, base);
    return PL_HAS_UNKNOWN;
}

pl_has pl_health_ref_has(pl_arena *a, const char *image, const char *prog, const char **how)
{
    pl_image_ref ref;
    const char *name = tool_name(a, pl_rt_basename(prog));
    if (pl_image_parse(a, image, &ref) != 0 || ref.has_vars) {
        *how = pl_arena_printf(a, "the image %s is not known statically", image);
        return PL_HAS_UNKNOWN;
    }
    switch (has_of(pl_rt_image_ships(a, &ref, name))) {
    case PL_HAS_YES:
        *how = pl_arena_printf(a, "%s ships it", image);
        return PL_HAS_YES;
    case PL_HAS_NO:
        *how = pl_arena_printf(a, "%s does not ship it", image);
        return PL_HAS_NO;
    case PL_HAS_UNKNOWN:
        break;
    }
    *how = pl_arena_printf(a, "whether %s has %s is not known", image, pl_rt_basename(prog));
    return PL_HAS_UNKNOWN;
}

const char *pl_health_script_program(pl_arena *a, const char *text, size_t *off, size_t *len)
{
    const pl_sh_word *w = pl_rt_script_program(a, text);
    if (!w)
        return NULL;
    *off = w->offset;
    *len = w->len;
    return w->text;
}

const char *pl_health_install_hint(pl_arena *a, const pl_df_model *m, const char *image,
                                   const char *prog)
{
    const char *name = tool_name(a, pl_rt_basename(prog));
    if (!strcmp(name, "python") || !strcmp(name, "python3") || !strcmp(name, "node") ||
        !strcmp(name, "nodejs"))
        return NULL;
    pl_ships nc, curl;
    if (m) {
        const pl_stage **chain;
        pl_rt_chain(a, m->final, &chain);
        nc = pl_rt_base_ships(a, chain[0], "nc");
        curl = pl_rt_base_ships(a, chain[0], "curl");
    } else {
        pl_image_ref ref;
        if (pl_image_parse(a, image, &ref) != 0)
            return NULL;
        nc = pl_rt_image_ships(a, &ref, "nc");
        curl = pl_rt_image_ships(a, &ref, "curl");
    }
    if (nc == PL_SHIPS_UNKNOWN && curl == PL_SHIPS_UNKNOWN)
        return NULL;
    return nc == PL_SHIPS_YES && curl == PL_SHIPS_NO ? "apk add --no-cache"
                                                     : "apt-get install -y --no-install-recommends";
}

pl_has pl_health_instr_has(pl_arena *a, const pl_df_model *m, const pl_df_instr *h,
                           const char **prog, const char **how)
{
    hc_program hp;
    *prog = NULL;
    if (healthcheck_program(a, h, &hp) != 0 || pl_expand_has_vars(hp.prog, '\\')) {
        *how = "it runs no program this can name";
        return PL_HAS_UNKNOWN;
    }
    *prog = pl_rt_basename(hp.prog);
    if (hp.shell_form || hp.shell) {
        const char *sh = hp.shell ? pl_rt_basename(hp.shell) : "sh";
        if (pl_health_image_has(a, m, sh, how) == PL_HAS_NO) {
            *prog = sh;
            return PL_HAS_NO;
        }
    }
    return pl_health_image_has(a, m, hp.prog, how);
}
