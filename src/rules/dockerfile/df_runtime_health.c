/* df_runtime_health.c — PL1300 healthcheck-tool-missing: the program a
 * HEALTHCHECK runs exists in the final image. What base images ship and
 * what a chain of stages installs is df_runtime_base.c's. */
#include <string.h>
#include <strings.h>

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
