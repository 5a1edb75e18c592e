/* df_runtime_health.c — PL1300 healthcheck-tool-missing: the program a
 * HEALTHCHECK runs exists in the final image. Owns the table of what base
 * image families ship (documented with the rule in
 * rules/dockerfile-runtime.yaml; each row read from the image's Dockerfile). */
#include <string.h>
#include <strings.h>

#include "df_health.h"
#include "df_runtime_util.h"

/* ---- what a base image ships -------------------------------------------------- */

typedef enum { SHIPS_NO = 0, SHIPS_YES = 1, SHIPS_UNKNOWN = -1 } ships;

typedef struct {
    const char *present; /* space-separated program names */
    const char *absent;
} family;

static int has(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

/* What image `img` ships, as far as this table knows. */
static family image_family(pl_arena *a, const pl_image_ref *img)
{
    family none = {"", ""};
    if (img->error || img->has_vars || !img->repository)
        return none;
    const char *reg = img->registry ? pl_lower(a, img->registry) : "docker.io";
    const char *repo = pl_lower(a, img->repository);
    const char *tag = img->tag ? pl_lower(a, img->tag) : "latest";
    if (!strncmp(repo, "library/", 8))
        repo += 8;
    if (has(tag, "windows") || has(tag, "nanoserver") || has(tag, "ltsc"))
        return none;

    if (!strcmp(reg, "gcr.io") && !strncmp(repo, "distroless/", 11)) {
        if (has(tag, "debug"))
            return none;
        if (has(repo, "python"))
            return (family){"python3", "sh curl wget nc netcat ncat node nodejs"};
        if (has(repo, "nodejs"))
            return (family){"node nodejs", "sh curl wget nc netcat ncat python python3"};
        return (family){"", "sh curl wget nc netcat ncat python python3 node nodejs"};
    }
    if (strcmp(reg, "docker.io") != 0 && strcmp(reg, "index.docker.io") != 0)
        return none;

    int alpine = has(tag, "alpine") || !strcmp(repo, "alpine");
    int slim = has(tag, "slim");
    if (!strcmp(repo, "python"))
        return alpine ? (family){"sh python python3 wget nc", "curl"}
               : slim ? (family){"sh python python3", "curl wget"}
                      : (family){"sh python python3 curl wget", ""};
    if (!strcmp(repo, "node"))
        return alpine ? (family){"sh node nodejs wget nc", "curl"}
               : slim ? (family){"sh node nodejs", "curl wget"}
                      : (family){"sh node nodejs curl wget", ""};
    if (!strcmp(repo, "nginx"))
        return alpine ? (slim ? (family){"sh wget nc", "curl"} : (family){"sh wget nc curl", ""})
                      : (family){"sh curl", "wget"};
    /* database images ship their own client tools, used in health checks */
    if (!strcmp(repo, "postgres"))
        return (family){alpine ? "sh wget nc pg_isready psql" : "sh pg_isready psql", ""};
    if (!strcmp(repo, "redis"))
        return (family){alpine ? "sh wget nc redis-cli" : "sh redis-cli", ""};
    if (alpine)
        return !strcmp(repo, "alpine") || !strcmp(repo, "golang") ? (family){"sh wget nc", "curl"}
                                                                   : (family){"sh wget nc", ""};
    if (!strcmp(repo, "debian") || !strcmp(repo, "ubuntu"))
        return (family){"sh", "curl wget"};
    if (!strcmp(repo, "buildpack-deps") || !strcmp(repo, "golang"))
        return (family){"sh curl wget", ""};
    if (!strcmp(repo, "eclipse-temurin") && !has(tag, "ubi"))
        return (family){"sh curl wget", ""};
    if (!strcmp(repo, "nvidia/cuda") && has(tag, "ubuntu"))
        return (family){"sh", "curl wget"};
    return none;
}

/* What the image `root` starts from ships. */
static family base_family(pl_arena *a, const pl_stage *root)
{
    if (root->is_scratch)
        return (family){"", "sh curl wget nc netcat ncat python python3 node nodejs"};
    if (root->base_unknown)
        return (family){"", ""};
    return image_family(a, &root->image);
}

static ships family_ships(family fam, const char *prog)
{
    if (pl_rt_in_list(fam.present, prog))
        return SHIPS_YES;
    if (pl_rt_in_list(fam.absent, prog))
        return SHIPS_NO;
    return SHIPS_UNKNOWN;
}

/* ---- what the Dockerfile installs -------------------------------------------------- */

/* The programs a package provides, for the programs this rule judges. */
static int package_provides(const char *pkg, const char *prog)
{
    char name[96];
    size_t n = strcspn(pkg, "=<>~:");
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, pkg, n);
    name[n] = '\0';
    /* rpm-style "curl-7.61.1": drop a version after the last dash */
    char *dash = strrchr(name, '-');
    if (dash && dash[1] >= '0' && dash[1] <= '9')
        *dash = '\0';
    if (!strcmp(prog, "curl"))
        return !strcmp(name, "curl") || !strcmp(name, "curl-minimal");
    if (!strcmp(prog, "wget"))
        return !strcmp(name, "wget");
    if (!strcmp(prog, "nc") || !strcmp(prog, "netcat"))
        return !strncmp(name, "netcat", 6) || !strcmp(name, "nmap-ncat") ||
               !strcmp(name, "busybox-extras") || (!strcmp(prog, "nc") && !strcmp(name, "ncat"));
    if (!strcmp(prog, "ncat"))
        return !strcmp(name, "ncat") || !strcmp(name, "nmap-ncat") || !strcmp(name, "nmap");
    if (!strcmp(prog, "python") || !strcmp(prog, "python3"))
        return !strncmp(name, "python3", 7) || !strcmp(name, "python") ||
               !strcmp(name, "python-is-python3");
    if (!strcmp(prog, "node") || !strcmp(prog, "nodejs"))
        return !strcmp(name, "nodejs") || !strncmp(name, "nodejs-", 7) || !strcmp(name, "node");
    return 0;
}

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

typedef struct {
    const char *how; /* evidence when found */
    int maybe;       /* a directory copy into a bin folder, or an opaque installer, may bring it */
} found;

/* A command whose installs cannot be read: a configuration-management run
 * or a script (`./setup.sh`, `bash /tmp/install.sh`, `curl ... | sh`).
 * Returns what to call it, or NULL. */
static const char *opaque_installer(pl_arena *a, const pl_sh_cmd *cmd)
{
    static const char *const tools[] = {"puppet", "ansible-playbook", "ansible", "chef-solo",
                                        "chef-client", "salt-call", "cinc-client", NULL};
    for (int i = 0; tools[i]; i++)
        if (pl_sh_is(cmd, tools[i]))
            return tools[i];
    const char *name = pl_sh_name(cmd);
    size_t n = strlen(name);
    if (n > 3 && !strcmp(name + n - 3, ".sh"))
        return cmd->argv[0].text;
    if (pl_sh_is(cmd, "sh") || pl_sh_is(cmd, "bash") || pl_sh_is(cmd, "ash")) {
        if (cmd->argc == 1 || (cmd->argc == 2 && cmd->argv[1].text[0] == '-' &&
                               strcmp(cmd->argv[1].text, "-c") != 0))
            return cmd->in_pipeline ? pl_arena_printf(a, "a script piped to %s", name) : NULL;
        if (cmd->argv[1].text[0] != '-')
            return cmd->argv[1].text;
    }
    return NULL;
}

/* Does the chain install or copy program `prog` (a basename)? */
static int chain_provides(pl_arena *a, const pl_rt_facts *fx, const pl_stage **chain, int n,
                          const char *prog, found *out)
{
    for (int k = n - 1; k >= 0; k--) {
        const pl_stage *s = chain[k];
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *ins = s->instrs[i];
            const pl_sh_script *sc = fx->run[ins->index];
            for (int q = 0; sc && q < sc->ncmds; q++) {
                const pl_sh_cmd *cmd = &sc->cmds[q];
                const char *opaque = opaque_installer(a, cmd);
                if (opaque && !out->maybe) {
                    out->maybe = 1;
                    out->how = pl_arena_printf(a, "RUN runs %s (line %d), which may install it",
                                               opaque, ins->span.line);
                }
                int np;
                const pl_sh_word **pk = pl_sh_installed_packages(a, cmd, &np);
                for (int p = 0; p < np; p++)
                    if (package_provides(pk[p]->text, prog)) {
                        out->how = pl_arena_printf(a, "%s installs %s (line %d)", pl_sh_name(cmd),
                                                   pk[p]->text, ins->span.line);
                        return 1;
                    }
                /* a download or link straight to .../prog */
                for (int w = 1; w < cmd->argc; w++) {
                    const char *t = cmd->argv[w].text;
                    size_t tl = strlen(t), pl = strlen(prog);
                    if (tl > pl && t[tl - pl - 1] == '/' && !strcmp(t + tl - pl, prog)) {
                        out->how = pl_arena_printf(a, "RUN writes %s (line %d)", t, ins->span.line);
                        return 1;
                    }
                }
            }
            const pl_rt_copy *cp = fx->copy[ins->index];
            if (!cp)
                continue;
            for (int q = 0; q < cp->nsrcs; q++) {
                const char *landed = cp->dest_dir ? pl_rt_basename(cp->srcs[q]) : pl_rt_basename(cp->dest);
                if (!strcmp(landed, prog)) {
                    out->how = pl_arena_printf(a, "%s to %s (line %d)",
                                               ins->kind == PL_DF_ADD ? "ADD" : "COPY", cp->dest,
                                               ins->span.line);
                    return 1;
                }
            }
            const char *db = pl_rt_basename(cp->dest);
            if (!strcmp(db, "bin") || !strcmp(db, "sbin")) {
                out->maybe = 1;
                out->how = pl_arena_printf(a, "a directory copied to %s (line %d) may hold it",
                                           cp->dest, ins->span.line);
            }
        }
    }
    return 0;
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

/* The program of a shell script: the first command that is not a built-in,
 * with exec/env/timeout/nice/nohup/command unwrapped. */
static const pl_sh_word *script_program(pl_arena *a, const char *text)
{
    pl_sh_script *sc = pl_sh_parse(a, text, strlen(text));
    for (int i = 0; i < sc->ncmds; i++) {
        const pl_sh_cmd *cmd = &sc->cmds[i];
        if (cmd->in_substitution)
            continue;
        int k = 0;
        while (k < cmd->argc) {
            const char *b = pl_rt_basename(cmd->argv[k].text);
            if (pl_rt_in_list("exec nice nohup command", b)) {
                k++;
            } else if (!strcmp(b, "env") || !strcmp(b, "timeout")) {
                int is_timeout = !strcmp(b, "timeout");
                k++;
                while (k < cmd->argc && (cmd->argv[k].text[0] == '-' || strchr(cmd->argv[k].text, '=')))
                    k++;
                if (is_timeout && k < cmd->argc)
                    k++; /* the duration */
            } else {
                break;
            }
            while (k < cmd->argc && cmd->argv[k].text[0] == '-')
                k++;
        }
        if (k >= cmd->argc)
            continue;
        if (pl_rt_is_builtin(pl_rt_basename(cmd->argv[k].text)))
            continue;
        return &cmd->argv[k];
    }
    return NULL;
}

static int healthcheck_program(pl_arena *a, const pl_df_instr *h, hc_program *out)
{
    memset(out, 0, sizeof *out);
    if (h->nargs < 2)
        return -1;
    if (!h->json) {
        const char *text = h->args[1].text;
        const pl_sh_word *w = script_program(a, text);
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
        const pl_sh_word *w = script_program(a, sw->text);
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

static const char *install_hint(family fam, const char *prog)
{
    if (!strcmp(prog, "python") || !strcmp(prog, "python3") || !strcmp(prog, "node") ||
        !strcmp(prog, "nodejs"))
        return NULL;
    return pl_rt_in_list(fam.present, "nc") && pl_rt_in_list(fam.absent, "curl") ? "apk add --no-cache"
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
    family fam = base_family(a, root);
    const char *base = root->is_scratch ? "scratch" : root->base;
    const char *where = stage_label(a, m->final);

    /* the shell a shell-form check (or ["sh", "-c", ...]) needs */
    if (hp.shell_form || hp.shell) {
        const char *sh = hp.shell ? tool_name(a, pl_rt_basename(hp.shell)) : "sh";
        found got = {0};
        if (family_ships(fam, sh) == SHIPS_NO &&
            !chain_provides(a, fx, chain, n, sh, &got) &&
            !chain_provides(a, fx, chain, n, "busybox", &got) && !got.maybe) {
            pl_fail(c, hp.shell ? hp.shell_span : h->args[0].span,
                    "use an exec-form HEALTHCHECK (HEALTHCHECK CMD [\"/healthcheck\"]) with a binary the image has",
                    "HEALTHCHECK runs through %s (line %d), and %s has no shell", hp.shell ? sh : "/bin/sh",
                    h->span.line, base);
            return;
        }
    }

    const char *prog_base = pl_rt_basename(hp.prog);
    const char *prog = tool_name(a, prog_base);
    found got = {0};
    if (chain_provides(a, fx, chain, n, prog_base, &got)) {
        pl_pass(c, h->span, "HEALTHCHECK runs %s; %s", prog_base, got.how);
        return;
    }
    if (prog != prog_base && chain_provides(a, fx, chain, n, prog, &got)) {
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
    switch (family_ships(fam, prog)) {
    case SHIPS_YES:
        pl_pass(c, h->span, "HEALTHCHECK runs %s; %s ships it", prog_base, base);
        return;
    case SHIPS_UNKNOWN:
        pl_skip(c, "HEALTHCHECK runs %s (line %d); nothing installs it, and whether %s ships it is not known",
                prog_base, h->span.line, base);
        return;
    case SHIPS_NO:
        break;
    }
    const char *hint = install_hint(fam, prog);
    const char *fix =
        hint ? pl_arena_printf(a, "install %s in %s (%s %s), or use a check the image can run",
                               prog_base, where, hint, prog_base)
             : NULL;
    pl_fail(c, hp.span, fix, "HEALTHCHECK runs %s (line %d); nothing installs %s in %s, and %s does not ship it",
            prog_base, h->span.line, prog_base, where, base);
}

/* ---- shared with the compose health-check rule (df_health.h) ------------------------------ */

pl_has pl_health_image_has(pl_arena *a, const pl_df_model *m, const char *prog, const char **how)
{
    *how = NULL;
    const pl_stage **chain;
    int n = pl_rt_chain(a, m->final, &chain);
    const pl_rt_facts *fx = pl_rt_facts_build(a, m);
    const pl_stage *root = chain[0];
    family fam = base_family(a, root);
    const char *base = root->is_scratch ? "scratch" : root->base ? root->base : "its base image";
    const char *pb = pl_rt_basename(prog);
    const char *name = tool_name(a, pb);
    found got = {0};
    if (chain_provides(a, fx, chain, n, pb, &got) ||
        (name != pb && chain_provides(a, fx, chain, n, name, &got)) ||
        (is_shell(name) && chain_provides(a, fx, chain, n, "busybox", &got))) {
        *how = got.how;
        return PL_HAS_YES;
    }
    if (got.maybe) {
        *how = got.how;
        return PL_HAS_UNKNOWN;
    }
    switch (family_ships(fam, name)) {
    case SHIPS_YES:
        *how = pl_arena_printf(a, "%s ships it", base);
        return PL_HAS_YES;
    case SHIPS_NO:
        *how = pl_arena_printf(a, "nothing installs %s in %s, and %s does not ship it", pb,
                               stage_label(a, m->final), base);
        return PL_HAS_NO;
    case SHIPS_UNKNOWN:
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
    switch (family_ships(image_family(a, &ref), name)) {
    case SHIPS_YES:
        *how = pl_arena_printf(a, "%s ships it", image);
        return PL_HAS_YES;
    case SHIPS_NO:
        *how = pl_arena_printf(a, "%s does not ship it", image);
        return PL_HAS_NO;
    case SHIPS_UNKNOWN:
        break;
    }
    *how = pl_arena_printf(a, "whether %s has %s is not known", image, pl_rt_basename(prog));
    return PL_HAS_UNKNOWN;
}

const char *pl_health_script_program(pl_arena *a, const char *text, size_t *off, size_t *len)
{
    const pl_sh_word *w = script_program(a, text);
    if (!w)
        return NULL;
    *off = w->offset;
    *len = w->len;
    return w->text;
}

const char *pl_health_install_hint(pl_arena *a, const pl_df_model *m, const char *image,
                                   const char *prog)
{
    family fam = {"", ""};
    if (m) {
        const pl_stage **chain;
        pl_rt_chain(a, m->final, &chain);
        fam = base_family(a, chain[0]);
    } else {
        pl_image_ref ref;
        if (pl_image_parse(a, image, &ref) == 0)
            fam = image_family(a, &ref);
    }
    if (!*fam.present && !*fam.absent)
        return NULL;
    return install_hint(fam, tool_name(a, pl_rt_basename(prog)));
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
