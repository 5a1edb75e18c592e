/* df_instr.c — single-instruction rules: PL1012 sudo, PL1013 MAINTAINER,
 * PL1014/PL1015 WORKDIR, PL1016/PL1017 exec form, PL1018 ADD. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
#include "dfutil.h"
#include "plimsoll/shell.h"

typedef struct {
    int seen;
    pl_ship_gate gate; /* sudo: a dev container's user runs it by design */
    int default_reading;
    const pl_df_instr *drop; /* a `sudo -u app` that gives root up, in the default reading */
} counter;

/* `sudo -u NAME cmd` (or --user): root running one command as another
 * user, which is what gosu is for — not a way up to root. */
static int sudo_drops_root(const pl_sh_cmd *cmd)
{
    for (int k = 1; k < cmd->argc; k++) {
        const char *a = cmd->argv[k].text;
        const char *user = NULL;
        if (!strcmp(a, "-u") || !strcmp(a, "--user"))
            user = k + 1 < cmd->argc ? cmd->argv[k + 1].text : NULL;
        else if (!strncmp(a, "--user=", 7))
            user = a + 7;
        else if (!strncmp(a, "-u", 2))
            user = a + 2;
        else if (a[0] != '-')
            return 0; /* the command starts: no user given */
        if (user)
            return *user && strcmp(user, "root") && strcmp(user, "0") && strcmp(user, "#0");
    }
    return 0;
}

static void sudo_visit(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, void *ud)
{
    counter *n = ud;
    n->seen++;
    const char *script;
    pl_sh_script *sc = pl_df_run_shell(pl_check_arena(c), ins, &script);
    for (int i = 0; i < sc->ncmds; i++)
        if (pl_sh_is(&sc->cmds[i], "sudo")) {
            if (pl_ship_gate_skips(&n->gate, ins))
                return;
            if (n->default_reading && sudo_drops_root(&sc->cmds[i])) {
                if (!n->drop)
                    n->drop = ins;
                continue;
            }
            pl_fail(c, pl_df_script_span(ins, script, &sc->cmds[i].argv[0]), NULL,
                    "RUN uses sudo");
            return;
        }
}

void pl_check_sudo(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    counter n = {0};
    n.default_reading = pl_check_reading(c) == PL_READING_DEFAULT;
    pl_ship_gate_init(&n.gate, c, f, m, 1);
    pl_df_each(c, m, PL_DF_RUN, 1, sudo_visit, &n);
    if (n.drop)
        pl_skip(c, "sudo -u (line %d) runs a command as another user, giving root up as gosu "
                   "would", n.drop->span.line);
    else if (n.gate.nskipped)
        pl_skip(c, "%s", pl_ship_gate_none(&n.gate, ""));
    else if (n.seen)
        pl_pass(c, (pl_span){0}, "no sudo in %d RUN instruction%s", n.seen, n.seen == 1 ? "" : "s");
    else
        pl_skip(c, "no RUN instruction");
}

static void maintainer_visit(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, void *ud)
{
    pl_fail(c, pl_df_ins_span(ins), NULL, "MAINTAINER is deprecated");
}

void pl_check_maintainer_deprecated(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_df_each(c, m, PL_DF_MAINTAINER, 0, maintainer_visit, NULL);
    pl_pass(c, (pl_span){0}, "no MAINTAINER");
}

static const char *unquote(pl_arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
        return pl_arena_strndup(a, s + 1, n - 2);
    return s;
}

/* 1 absolute, 0 relative, -1 unknown */
static int workdir_absolute(pl_check *c, const pl_df_model *m, const pl_df_instr *ins)
{
    if (ins->nargs < 1)
        return -1;
    const char *v;
    if (pl_model_expand(pl_check_arena(c), m, ins, ins->args[0].text, &v) != PL_EXPAND_OK)
        return -1;
    v = unquote(pl_check_arena(c), v);
    if (v[0] == '/' || v[0] == '\\')
        return 1;
    if (isalpha((unsigned char)v[0]) && v[1] == ':')
        return 1;
    return 0;
}

static void workdir_visit(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, void *ud)
{
    if (workdir_absolute(c, m, ins) == 0)
        pl_fail(c, ins->args[0].span, NULL, "WORKDIR %s is relative", ins->args[0].text);
}

/* hadolint's DL3000: every relative WORKDIR. */
static void workdir_every(pl_check *c, const pl_df_model *m)
{
    pl_df_each(c, m, PL_DF_WORKDIR, 0, workdir_visit, NULL);
    pl_pass(c, (pl_span){0}, "every WORKDIR is absolute");
}

/* One rule for hadolint's DL3000 and BuildKit's WorkdirRelativePath (the
 * same line): a relative WORKDIR after an absolute one in the stage is
 * resolved against it, so only the first WORKDIR of a stage is judged,
 * except in hadolint's reading (every WORKDIR). */
void pl_check_workdir_relative(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    if (pl_check_reading(c) == PL_READING_HADOLINT) {
        workdir_every(c, m);
        return;
    }
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        /* a stage built on a stage that set an absolute WORKDIR starts there
         * (BuildKit does not warn) */
        int inherited = 0;
        for (const pl_stage *p = st->parent; p && !inherited; p = p->parent)
            for (int i = 0; i < p->ninstrs && !inherited; i++)
                inherited = p->instrs[i]->kind == PL_DF_WORKDIR &&
                            workdir_absolute(c, m, p->instrs[i]) == 1;
        for (int i = 0; i < st->ninstrs && !inherited; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind != PL_DF_WORKDIR)
                continue;
            if (workdir_absolute(c, m, ins) == 0)
                pl_fail(c, ins->args[0].span, NULL,
                        "relative WORKDIR %s without an absolute WORKDIR before it in the stage",
                        ins->args[0].text);
            break;
        }
    }
    pl_pass(c, (pl_span){0}, "the first WORKDIR of every stage is absolute");
}

/* Whether ins is judged: CMD and ENTRYPOINT; HEALTHCHECK CMD only in
 * hadolint's reading (DL3025), since a health check gets no signals. */
static int is_exec_candidate(const pl_df_instr *ins, int healthcheck)
{
    if (ins->kind == PL_DF_CMD || ins->kind == PL_DF_ENTRYPOINT)
        return 1;
    return healthcheck && ins->kind == PL_DF_HEALTHCHECK && ins->nargs >= 2 &&
           !strcasecmp(ins->args[0].text, "CMD");
}

/* A shell-form command that ends by `exec`-ing its program: the shell
 * replaces itself, so the program becomes PID 1 and gets the signals
 * (`CMD exec gunicorn app:app`, `CMD cd /srv && exec ./server`). */
static int shell_execs(pl_arena *a, const pl_df_instr *ins)
{
    if (ins->json || ins->nargs < 1)
        return 0;
    const char *text = ins->args[ins->nargs - 1].text;
    pl_sh_script *sc = pl_sh_parse(a, text, strlen(text));
    const pl_sh_cmd *last = NULL;
    for (int i = 0; i < sc->ncmds; i++)
        if (!sc->cmds[i].in_substitution)
            last = &sc->cmds[i];
    return last && !sc->malformed && pl_sh_is(last, "exec") && last->argc >= 2 &&
           !last->in_pipeline && strcmp(last->next_op, "&") != 0;
}

/* What runs a shell-form command in the stage, as far as its base image
 * and its SHELL say. */
typedef enum {
    SH_UNKNOWN,  /* a base whose /bin/sh is not known: judged as dash (Debian) */
    SH_ASH,      /* busybox ash */
    SH_BASH,     /* bash */
    SH_GUESSED,  /* the base is only known at build time */
    SH_NONPOSIX, /* Windows, or a SHELL of PowerShell or cmd: no POSIX signals */
} base_shell;

/* bash is /bin/sh on the Red Hat family, Amazon Linux, Photon OS,
 * openSUSE and Arch Linux (their bash package links /bin/sh to it) */
static int bash_base(const char *repository, const char *base)
{
    static const char *const bases[] = {"centos", "fedora", "rockylinux", "almalinux",
                                        "amazonlinux", "oraclelinux", "photon", "archlinux",
                                        "ubi", "ubi8", "ubi9", "ubi10", "ubi-minimal",
                                        "ubi8-minimal", "ubi9-minimal", "ubi10-minimal", NULL};
    for (int i = 0; bases[i]; i++)
        if (!strcmp(base, bases[i]))
            return 1;
    /* opensuse/leap, opensuse/tumbleweed */
    return !strncmp(repository, "opensuse/", 9) || strstr(repository, "/opensuse/");
}

static base_shell stage_shell(pl_arena *a, const pl_stage *s)
{
    if (pl_stage_windows(a, s) != PL_WINDOWS_NO)
        return SH_NONPOSIX;
    for (int depth = 0; s && s->parent && depth < 256; depth++)
        s = s->parent;
    if (s && !s->is_scratch && s->base_unknown)
        return SH_GUESSED;
    if (!s || s->is_scratch || s->image.error || !s->image.repository)
        return SH_UNKNOWN;
    const char *base = pl_image_basename(a, &s->image);
    const char *tag = s->image.tag ? s->image.tag : "";
    /* busybox ash: alpine, busybox and the *-alpine variants */
    if (!strcmp(base, "alpine") || !strcmp(base, "busybox") || strstr(tag, "alpine"))
        return SH_ASH;
    if (bash_base(pl_lower(a, s->image.repository), base))
        return SH_BASH;
    return SH_UNKNOWN;
}

/* The program a SHELL instruction names, lower-cased, without its folder
 * and a Windows .exe. */
static const char *shell_program(pl_arena *a, const pl_df_instr *shell)
{
    if (!shell->json || shell->nargs < 1)
        return "";
    const char *prog = pl_lower(a, shell->args[0].text);
    const char *slash = strrchr(prog, '/'), *bslash = strrchr(prog, '\\');
    if (bslash && (!slash || bslash > slash))
        slash = bslash;
    prog = slash ? slash + 1 : prog;
    size_t n = strlen(prog);
    return n > 4 && !strcmp(prog + n - 4, ".exe") ? pl_arena_strndup(a, prog, n - 4) : prog;
}

/* The shell that runs ins: the last SHELL of the stage chain before it,
 * else the base image's /bin/sh. */
static base_shell instr_shell(pl_arena *a, const pl_df_model *m, const pl_df_instr *ins)
{
    if (ins->index < 0 || ins->index >= m->df->ninstrs || !m->stage_of[ins->index])
        return SH_UNKNOWN;
    const pl_stage *st = m->stage_of[ins->index];
    const pl_df_instr *shell = NULL;
    for (const pl_stage *p = st; p && !shell; p = p->parent)
        for (int i = p->ninstrs - 1; i >= 0 && !shell; i--)
            if (p->instrs[i]->kind == PL_DF_SHELL && (p != st || p->instrs[i]->index < ins->index))
                shell = p->instrs[i];
    base_shell base = stage_shell(a, st);
    if (!shell || base == SH_NONPOSIX)
        return base;
    const char *prog = shell_program(a, shell);
    if (!strcmp(prog, "pwsh") || !strcmp(prog, "powershell") || !strcmp(prog, "cmd"))
        return SH_NONPOSIX;
    if (!strcmp(prog, "bash"))
        return SH_BASH;
    if (!strcmp(prog, "sh"))
        return base;
    return SH_UNKNOWN;
}

/* A shell form whose text is one simple command that busybox ash or bash
 * runs in place of the shell: `sh -c 'prog args'` then execs prog (ash
 * evaluates the last command with EV_EXIT; bash execs a lone command that
 * has no redirection), so prog gets the signals. Debian's dash forks
 * instead: a base whose shell is not known is judged as before. */
static int shell_execs_lone_command(pl_arena *a, base_shell sh, const pl_df_instr *ins)
{
    if (ins->json || ins->nargs < 1 || sh == SH_UNKNOWN || sh == SH_NONPOSIX)
        return 0;
    const char *text = ins->args[ins->nargs - 1].text;
    size_t len = strlen(text);
    pl_sh_script *sc = pl_sh_parse(a, text, len);
    if (sc->malformed || sc->ncmds != 1 || sc->nassigns || sc->cmds[0].in_pipeline ||
        (*sc->cmds[0].next_op && strcmp(sc->cmds[0].next_op, "\n")))
        return 0;
    const pl_sh_cmd *cmd = &sc->cmds[0];
    /* anything outside the words is an operator or a redirection */
    char *covered = PL_NEW_N(a, char, len + 1);
    for (int i = 0; i < cmd->nassigns; i++)
        memset(covered + cmd->assigns[i].offset, 1, cmd->assigns[i].len);
    for (int i = 0; i < cmd->argc; i++)
        memset(covered + cmd->argv[i].offset, 1, cmd->argv[i].len);
    int other = 0;
    for (size_t i = 0; i < len; i++)
        other |= !covered[i] && text[i] != ' ' && text[i] != '\t' && text[i] != '\n';
    /* a base only known at build time may have either shell: a guess */
    return sh == SH_BASH ? !other : 1;
}

/* BuildKit's JSONArgsRecommended: no finding once a SHELL (in the stage or
 * a parent stage) chose the shell on purpose. */
static void json_args_buildkit(pl_check *c, const pl_df_model *m)
{
    int seen = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        int shell_set = 0;
        for (const pl_stage *p = st->parent; p && !shell_set; p = p->parent)
            shell_set = pl_stage_last(p, PL_DF_SHELL) != NULL;
        for (int i = 0; i < st->ninstrs; i++) {
            const pl_df_instr *ins = st->instrs[i];
            if (ins->kind == PL_DF_SHELL)
                shell_set = 1;
            if (ins->kind != PL_DF_CMD && ins->kind != PL_DF_ENTRYPOINT)
                continue;
            seen++;
            if (!ins->json && !shell_set)
                pl_fail(c, pl_df_ins_span(ins), NULL,
                        "JSON arguments recommended for %s to prevent unintended behavior related to OS signals",
                        ins->kind == PL_DF_CMD ? "CMD" : "ENTRYPOINT");
        }
    }
    if (seen)
        pl_pass(c, (pl_span){0}, "%d CMD/ENTRYPOINT in exec form or after a SHELL", seen);
    else
        pl_skip(c, "no CMD or ENTRYPOINT (the base image's apply)");
}

/* One rule for hadolint's DL3025 and BuildKit's JSONArgsRecommended (the
 * same problem on the same line): each anchor's reading when it is selected
 * by its name, else CMD and ENTRYPOINT in shell form. */
void pl_check_cmd_shell_form(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_reading reading = pl_check_reading(c);
    if (reading == PL_READING_BUILDKIT) {
        json_args_buildkit(c, m);
        return;
    }
    int healthcheck = reading == PL_READING_HADOLINT;
    pl_arena *a = pl_check_arena(c);
    int seen = 0, failed = 0, nonposix = 0, guessed = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (!is_exec_candidate(ins, healthcheck))
            continue;
        seen++;
        if (ins->json)
            continue;
        if (!healthcheck) {
            /* both anchors flag `CMD exec prog` too; by default it passes,
             * as the program does get the signals */
            if (shell_execs(a, ins))
                continue;
            base_shell sh = instr_shell(a, m, ins);
            if (sh == SH_NONPOSIX) {
                nonposix++;
                continue;
            }
            if (shell_execs_lone_command(a, sh, ins)) {
                guessed += sh == SH_GUESSED;
                continue;
            }
        }
        failed++;
        pl_fail(c, pl_df_ins_span(ins), NULL, "%s in shell form: signals do not reach the process",
                ins->kind == PL_DF_HEALTHCHECK ? "HEALTHCHECK CMD"
                : ins->kind == PL_DF_CMD       ? "CMD"
                                               : "ENTRYPOINT");
    }
    if (!seen)
        pl_skip(c, "no CMD or ENTRYPOINT (the base image's apply)");
    else if (!failed && nonposix)
        pl_skip(c, "%d CMD/ENTRYPOINT in shell form run by a Windows shell (PowerShell or cmd), "
                   "which gets no POSIX signals",
                nonposix);
    else if (!failed && guessed)
        pl_skip(c, "%d CMD/ENTRYPOINT in shell form run one command by a base image only known at "
                   "build time: bash and busybox ash exec it, dash does not",
                guessed);
    else
        pl_pass(c, (pl_span){0}, "%d %s in exec form (or a shell form that execs its program)", seen,
                healthcheck ? "CMD/ENTRYPOINT/HEALTHCHECK" : "CMD/ENTRYPOINT");
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

static int is_archive(const char *p)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2",
                                      ".tb2", ".tar.xz", ".txz", ".tar.lz", ".tlz", ".tar.lzma",
                                      ".tar.Z", ".tZ", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz",
                                      ".lz", ".lzma", ".Z", ".zst", ".tpz", NULL};
    for (const char *const *e = ext; *e; e++)
        if (ends_with_ci(p, *e))
            return 1;
    return 0;
}

static int is_url(const char *p)
{
    return !strncasecmp(p, "http://", 7) || !strncasecmp(p, "https://", 8) ||
           !strncasecmp(p, "git@", 4) || !strncasecmp(p, "git://", 6) || !strncasecmp(p, "ssh://", 6);
}

static void add_visit(pl_check *c, const pl_df_model *m, const pl_df_instr *ins, void *ud)
{
    if (ins->nheredocs)
        return;
    for (int i = 0; i + 1 < ins->nargs; i++) {
        const char *src = unquote(pl_check_arena(c), ins->args[i].text);
        if (is_archive(src) || is_url(src))
            continue;
        /* `ADD ${REPO}#${REF} /src` is a git or HTTP source once the ARGs
         * are in; a source only known at build time is not judged */
        const char *expanded;
        if (pl_model_expand(pl_check_arena(c), m, ins, ins->args[i].text, &expanded) != PL_EXPAND_OK)
            continue;
        if (!is_archive(expanded) && !is_url(expanded)) {
            pl_fail(c, ins->args[i].span, NULL, "ADD of %s, which is neither an archive nor a URL: use COPY",
                    src);
            return;
        }
    }
}

void pl_check_add_instead_of_copy(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_df_each(c, m, PL_DF_ADD, 0, add_visit, NULL);
    pl_pass(c, (pl_span){0}, "ADD is used only for archives and URLs");
}
