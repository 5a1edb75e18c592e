/* df_pkg_apt.c — Debian/Ubuntu package rules: PL1100 apt-get-unpinned,
 * PL1101 apt-lists-not-deleted, PL1102 apt-get-without-yes, PL1103
 * apt-get-install-recommends, PL1104 apt-instead-of-apt-get, PL1105
 * apt-get-run-without-yes, PL1106 apt-get-dist-upgrade, PL1107
 * package-update-alone (every package manager, kept here with the update
 * rules it mirrors). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
#include "df_ctx_script.h"
#include "df_pkg_common.h"

/* apt-get options whose value is the next word (`-t bookworm-backports`). */
static const char *const apt_value_flags[] = {"o", "option", "c", "config-file", "t",
                                              "target-release", "default-release", "a",
                                              "host-architecture", NULL};
static const char *const install_verb[] = {"install", NULL};

static const pl_sh_word *apt_get_install(pl_arena *a, const pl_sh_cmd *cmd)
{
    return pl_pkg_verb(a, cmd, "apt-get", apt_value_flags, install_verb);
}

/* The value of an `-o Key=value` apt option (key compared without case), or
 * NULL. */
static const char *apt_option(pl_arena *a, const pl_sh_cmd *cmd, const char *key)
{
    size_t n = strlen(key);
    const char *found = NULL;
    static const char *const names[] = {"o", "option"};
    for (int k = 0; k < 2; k++) {
        const char **vals;
        int nv = pl_sh_flag_values(a, cmd, names[k], &vals);
        for (int i = 0; i < nv; i++)
            if (!strncasecmp(vals[i], key, n) && vals[i][n] == '=')
                found = vals[i] + n + 1;
    }
    return found;
}

static int apt_bool(const char *v, int want)
{
    static const char *const yes[] = {"true", "yes", "1", "on", "enable", NULL};
    static const char *const no[] = {"false", "no", "0", "off", "disable", NULL};
    for (const char *const *p = want ? yes : no; *p; p++)
        if (!strcasecmp(v, *p))
            return 1;
    return 0;
}

/* ---- PL1100 apt-get-unpinned (DL3008) -------------------------------------- */

/* `pkg=version`, a release (`pkg/bookworm-backports`) or a local .deb. */
static int apt_pinned(const char *p)
{
    size_t n = strlen(p);
    return strchr(p, '=') || strchr(p, '/') || (n >= 4 && !strcmp(p + n - 4, ".deb"));
}

void pl_check_apt_get_unpinned(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    static const pl_pkg_pin_spec spec = {"apt-get", apt_value_flags, install_verb, apt_pinned, "apt-get install"};
    pl_pkg_pin_state ps = {{0}, &spec};
    pl_pkg_each_run(c, m, pl_pkg_unpinned_visit, &ps);
    pl_pkg_conclude(c, &ps.tally, "apt-get install command%s pinned",
                    "no apt-get install in any RUN");
}

/* ---- PL1101 apt-lists-not-deleted (DL3009) ---------------------------------- */

static const char *const update_verb[] = {"update", NULL};

typedef struct {
    pl_pkg_tally t;
    const char *reused; /* per stage: a later FROM builds on it */
    pl_ship_gate gate;
    const pl_file *f;
    const pl_rt_facts *fx; /* built when a RUN runs a script */
    const char *unknown;   /* a script run after an update could not be read */
    const char *script;    /* a script read that removes the lists */
} lists_ctx;

static const char *const dist_clean_verb[] = {"dist-clean", NULL};

/* `rm` of the lists, or `apt-get dist-clean` (apt 2.7.8+), which deletes
 * /var/lib/apt/lists along with the package cache. */
static int removes_apt_lists(pl_arena *a, const pl_sh_cmd *cmd)
{
    return pl_pkg_rm_removes(cmd, "/var/lib/apt/lists") || pl_pkg_rm_removes(cmd, "/var/lib/apt") ||
           pl_pkg_verb(a, cmd, "apt-get", apt_value_flags, dist_clean_verb) ||
           pl_pkg_verb(a, cmd, "apt", apt_value_flags, dist_clean_verb);
}

/* The scripts the RUN runs after its last update (from command `from`
 * on), read from the build context: 1 when one removes the lists (x->script
 * says where), -1 when one cannot be read (x->unknown says why), else 0. */
static int scripts_remove_lists(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, int from,
                                lists_ctx *x)
{
    pl_arena *a = pl_check_arena(c);
    int unread = 0;
    for (int k = from; k < run->sh->ncmds; k++) {
        const pl_sh_word *w = run->ins->parent ? NULL : pl_ctx_script_word(&run->sh->cmds[k]);
        if (!w)
            continue;
        if (!x->fx)
            x->fx = pl_rt_facts_build(a, m);
        pl_ctx_script sc;
        pl_ctx_script_read(c, x->f, m, x->fx, run->ins, w, &sc);
        if (!sc.read) {
            x->unknown = pl_arena_printf(a, "RUN at line %d runs %s: %s", run->ins->span.line,
                                         w->text, sc.why);
            unread = 1;
            continue;
        }
        pl_sh_script *body = pl_sh_parse(a, sc.text, sc.len);
        for (int q = 0; q < body->ncmds; q++)
            if (removes_apt_lists(a, &body->cmds[q])) {
                x->script = pl_arena_printf(
                    a, "RUN at line %d runs %s, which removes the lists (%s:%d)",
                    run->ins->span.line, w->text, sc.shown,
                    pl_ctx_script_line(sc.text, body->cmds[q].argv[0].offset));
                return 1;
            }
    }
    return unread ? -1 : 0;
}

static void lists_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    lists_ctx *x = ud;
    pl_arena *a = pl_check_arena(c);
    const pl_sh_word *update = NULL;
    int cleaned = 0, after_update = 0;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        const pl_sh_word *u = pl_pkg_verb(a, cmd, "apt-get", apt_value_flags, update_verb);
        if (!u)
            u = pl_pkg_verb(a, cmd, "apt", apt_value_flags, update_verb);
        if (!u)
            u = pl_pkg_verb(a, cmd, "aptitude", apt_value_flags, update_verb);
        if (u) {
            update = &cmd->argv[0];
            cleaned = 0; /* lists removed before this update are fetched again */
            after_update = k + 1;
        }
        cleaned |= removes_apt_lists(a, cmd);
    }
    if (!update)
        return;
    x->t.commands++;
    x->t.last = pl_df_ins_span(run->ins);
    if (cleaned)
        return;
    /* a script the Dockerfile copied in may do the cleaning
     * (`/scripts/cleanup.sh`): read it; one that cannot be read makes the
     * RUN unknown, never a finding */
    if (pl_check_reading(c) != PL_READING_HADOLINT && scripts_remove_lists(c, m, run, after_update, x))
        return;
    /* the lists then live in a cache or tmpfs mount, not in the layer */
    if (pl_pkg_cache_mount(c, m, run->ins, "/var/lib/apt/lists") ||
        (pl_pkg_cache_mount(c, m, run->ins, "/var/lib/apt") &&
         pl_pkg_cache_mount(c, m, run->ins, "/var/cache/apt")))
        return;
    /* a stage nothing builds on does not reach the image; an ONBUILD runs in
     * the image built on this one, so it always does */
    if (!run->ins->parent && pl_check_reading(c) != PL_READING_DEFAULT) {
        const pl_stage *s = m->stage_of[run->ins->index];
        if (!s || (!s->is_final && !s->is_built && s != m->final && !x->reused[s->index]))
            return;
    }
    if (!run->ins->parent && pl_check_reading(c) == PL_READING_DEFAULT &&
        !pl_df_instr_ships_in(c, m, run->ins))
        return;
    if (pl_ship_gate_skips(&x->gate, run->ins)) {
        x->t.commands--;
        return;
    }
    x->t.failures++;
    pl_fail(c, pl_df_ins_span(run->ins), NULL,
            "%s update without rm -rf /var/lib/apt/lists/* in the same RUN", update->text);
}

void pl_check_apt_lists_not_deleted(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    lists_ctx x = {0};
    x.f = f;
    char *reused = PL_NEW_N(pl_check_arena(c), char, m->nstages + 1);
    for (int s = 0; s < m->nstages; s++)
        if (m->stages[s]->parent)
            reused[m->stages[s]->parent->index] = 1;
    x.reused = reused;
    pl_ship_gate_init(&x.gate, c, f, m, 0);
    pl_pkg_each_run(c, m, lists_visit, &x);
    if (!x.t.failures && x.unknown) {
        pl_skip(c, "%s", x.unknown);
        return;
    }
    if (!x.t.failures && x.script) {
        pl_pass(c, x.t.last, "%d RUN%s with apt update remove the lists or keep them in a mount; %s",
                x.t.commands, x.t.commands == 1 ? "" : "s", x.script);
        return;
    }
    pl_pkg_conclude(c, &x.t, "RUN%s with apt update remove the lists or keep them in a mount",
                    pl_ship_gate_none(&x.gate, "no apt update in any RUN"));
}

/* ---- PL1102 apt-get-without-yes (DL3014) ----------------------------------------- */

/* apt's quiet level: each -q (or --quiet) adds one, -q=N / --quiet=N sets it. */
static int apt_quiet_level(const pl_sh_cmd *cmd)
{
    int level = 0;
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!strcmp(t, "--"))
            break;
        if (!strncmp(t, "--quiet", 7)) {
            if (t[7] == '\0')
                level++;
            else if (t[7] == '=')
                level = atoi(t + 8);
            continue;
        }
        if (t[0] != '-' || t[1] == '-')
            continue;
        if (t[1] == 'q' && t[2] == '=') {
            level = atoi(t + 3);
            continue;
        }
        for (const char *p = t + 1; *p; p++) {
            if (*p == 'q')
                level++;
            else if (strchr("octa", *p))
                break; /* the rest is that option's value */
        }
    }
    return level;
}

static int apt_assumes_yes(pl_arena *a, const pl_sh_cmd *cmd)
{
    /* -s and its synonyms only simulate: nothing is installed, nothing asked */
    static const char *const flags[] = {"y", "yes", "assume-yes", "qq", "s", "simulate",
                                        "just-print", "dry-run", "recon", "no-act", NULL};
    for (const char *const *f = flags; *f; f++)
        if (pl_sh_has_flag(cmd, *f))
            return 1;
    /* quiet level 2 implies -y (apt-get(8)) */
    if (apt_quiet_level(cmd) >= 2)
        return 1;
    const char *v = apt_option(a, cmd, "APT::Get::Assume-Yes");
    return v && apt_bool(v, 1);
}

/* Whether `text` sets APT::Get::Assume-Yes to true in apt.conf syntax
 * (`APT::Get::Assume-Yes "true";`) and writes under /etc/apt/apt.conf: an
 * `echo ... > /etc/apt/apt.conf.d/90yes` makes every later apt-get of the
 * image non-interactive. */
static int text_writes_assume_yes(const char *text, size_t len)
{
    static const char key[] = "APT::Get::Assume-Yes";
    const size_t klen = sizeof key - 1;
    int sets = 0;
    for (size_t i = 0; !sets && i + klen <= len; i++) {
        if (strncasecmp(text + i, key, klen))
            continue;
        size_t j = i + klen;
        while (j < len && strchr(" \t\"'=\\", text[j]))
            j++;
        char value[8];
        size_t n = 0;
        while (j < len && n + 1 < sizeof value &&
               ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
                (text[j] >= '0' && text[j] <= '9')))
            value[n++] = text[j++];
        value[n] = '\0';
        sets = apt_bool(value, 1);
    }
    if (!sets)
        return 0;
    static const char conf[] = "/etc/apt/apt.conf";
    for (size_t i = 0; i + sizeof conf - 1 <= len; i++)
        if (!memcmp(text + i, conf, sizeof conf - 1))
            return 1;
    return 0;
}

/* An earlier RUN of the stage, or any RUN of the stages it is built FROM,
 * writes APT::Get::Assume-Yes "true" into apt's configuration. */
static int stage_config_assumes_yes(const pl_df_model *m, const pl_df_instr *ins)
{
    /* inside ONBUILD the RUN belongs to a later image: not followed */
    if (ins->parent || ins->index < 0 || !m->stage_of)
        return 0;
    const pl_stage *s = m->stage_of[ins->index];
    int depth = 0;
    for (; s && depth <= m->nstages; s = s->parent, depth++)
        for (int i = 0; i < s->ninstrs; i++) {
            const pl_df_instr *r = s->instrs[i];
            if (r->index >= ins->index)
                break;
            if (r->kind == PL_DF_RUN && r->rest &&
                text_writes_assume_yes(r->original + r->rest_offset, r->rest_len))
                return 1;
        }
    return 0;
}

/* One finding per RUN in which some `apt-get install` lacks what `ok`
 * checks (-y, --no-install-recommends ...), as hadolint reports them. */
typedef struct {
    pl_pkg_tally tally;
    int (*ok)(pl_arena *a, const pl_sh_cmd *cmd);
    const char *message;
    int config_assumes_yes; /* default reading: an apt.conf setting counts */
} install_requirement;

static void requirement_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    install_requirement *req = ud;
    pl_pkg_tally *t = &req->tally;
    pl_arena *a = pl_check_arena(c);
    int missing = 0;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (!apt_get_install(a, cmd))
            continue;
        t->commands++;
        t->last = pl_df_ins_span(run->ins);
        missing += !req->ok(a, cmd);
    }
    if (missing && req->config_assumes_yes && stage_config_assumes_yes(m, run->ins))
        missing = 0;
    if (missing) {
        t->failures++;
        pl_fail(c, pl_df_ins_span(run->ins), NULL, "%s", req->message);
    }
}

void pl_check_apt_get_without_yes(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    /* hadolint (DL3014) reads each RUN alone; plimsoll also counts an
     * apt.conf.d file an earlier RUN wrote. */
    install_requirement req = {
        {0}, apt_assumes_yes, "apt-get install without -y: the build stops at the confirmation prompt",
        pl_check_reading(c) != PL_READING_HADOLINT};
    pl_pkg_each_run(c, m, requirement_visit, &req);
    pl_pkg_conclude(c, &req.tally, "apt-get install command%s with -y", "no apt-get install in any RUN");
}

/* ---- PL1105 apt-get-run-without-yes (DS-0021) ------------------------------------- */

/* Trivy's reading: the RUN passes when any of its apt-get install commands
 * has -y, --yes or --assume-yes; quiet levels do not count. */
static void run_yes_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    (void)m;
    pl_pkg_tally *t = ud;
    pl_arena *a = pl_check_arena(c);
    int installs = 0, yes = 0;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (!apt_get_install(a, cmd))
            continue;
        installs++;
        yes |= pl_sh_has_flag(cmd, "y") || pl_sh_has_flag(cmd, "yes") ||
               pl_sh_has_flag(cmd, "assume-yes");
    }
    if (!installs)
        return;
    t->commands++;
    t->last = pl_df_ins_span(run->ins);
    if (!yes) {
        t->failures++;
        pl_fail(c, pl_df_ins_span(run->ins), NULL,
                "no apt-get install of this RUN has -y, --yes or --assume-yes");
    }
}

void pl_check_apt_get_run_without_yes(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_tally t = {0};
    pl_pkg_each_run(c, m, run_yes_visit, &t);
    pl_pkg_conclude(c, &t, "RUN%s with apt-get install -y",
                    "no apt-get install in any RUN");
}

/* ---- PL1103 apt-get-install-recommends (DL3015) ------------------------------------ */

static int apt_no_recommends(pl_arena *a, const pl_sh_cmd *cmd)
{
    if (pl_sh_has_flag(cmd, "no-install-recommends"))
        return 1;
    for (int i = 1; i < cmd->argc; i++)
        if (!strcasecmp(cmd->argv[i].text, "APT::Install-Recommends=false"))
            return 1;
    const char *v = apt_option(a, cmd, "APT::Install-Recommends");
    return v && apt_bool(v, 0);
}

void pl_check_apt_get_install_recommends(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    install_requirement req = {
        {0}, apt_no_recommends,
        "apt-get install without --no-install-recommends pulls in recommended packages", 0};
    pl_pkg_each_run(c, m, requirement_visit, &req);
    pl_pkg_conclude(c, &req.tally, "apt-get install command%s with --no-install-recommends",
                    "no apt-get install in any RUN");
}

/* ---- PL1104 apt-instead-of-apt-get (DL3027) ------------------------------------------ */

static void apt_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    (void)m;
    pl_pkg_tally *t = ud;
    t->commands++;
    t->last = pl_df_ins_span(run->ins);
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (!pl_sh_is(cmd, "apt"))
            continue;
        t->failures++;
        const char *verb = pl_sh_arg(cmd, 0);
        pl_fail(c, pl_pkg_word_span(run, &cmd->argv[0]), NULL,
                "RUN uses apt%s%s, whose command line is meant for people, not scripts",
                verb ? " " : "", verb ? verb : "");
        return;
    }
}

void pl_check_apt_instead_of_apt_get(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_tally t = {0};
    pl_pkg_each_run(c, m, apt_visit, &t);
    pl_pkg_conclude(c, &t, "RUN instruction%s, none uses apt", "no RUN instruction");
}

/* ---- PL1106 apt-get-dist-upgrade (DS-0024) -------------------------------------------- */

static void dist_upgrade_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                               void *ud)
{
    (void)m;
    static const char *const apt_get_verbs[] = {"dist-upgrade", NULL};
    static const char *const apt_verbs[] = {"dist-upgrade", "full-upgrade", NULL};
    pl_pkg_tally *t = ud;
    pl_arena *a = pl_check_arena(c);
    t->commands++;
    t->last = pl_df_ins_span(run->ins);
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        const pl_sh_word *v = pl_pkg_verb(a, cmd, "apt-get", apt_value_flags, apt_get_verbs);
        if (!v)
            v = pl_pkg_verb(a, cmd, "apt", apt_value_flags, apt_verbs);
        if (!v)
            v = pl_pkg_verb(a, cmd, "aptitude", apt_value_flags, apt_verbs);
        if (!v)
            continue;
        t->failures++;
        pl_fail(c, pl_pkg_word_span(run, v), NULL,
                "%s %s upgrades the whole distribution inside the image", pl_sh_name(cmd),
                v->text);
    }
}

void pl_check_apt_get_dist_upgrade(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_tally t = {0};
    pl_pkg_each_run(c, m, dist_upgrade_visit, &t);
    pl_pkg_conclude(c, &t, "RUN instruction%s, none upgrades the distribution", "no RUN instruction");
}

/* ---- PL1107 package-update-alone (DS-0017) --------------------------------------------- */

/* Trivy's package-manager families: an update by one is followed by an
 * install by the same family. */
static int pm_family(const pl_sh_cmd *cmd)
{
    static const char *const tools[] = {"apt-get", "apt", "yum", "apk", "dnf", "zypper", NULL};
    static const int family[] = {0, 0, 1, 2, 3, 4};
    const char *name = pl_sh_name(cmd);
    /* `... | xargs apt-get install -y`, `sudo apt-get install`: the command
     * xargs or sudo runs */
    int sudo = pl_sh_is(cmd, "sudo");
    if (pl_sh_is(cmd, "xargs") || sudo) {
        static const char *const xargs_value[] = {"-I", "-n", "-P", "-d", "-a", "-E", "-L", "-s", NULL};
        static const char *const sudo_value[] = {"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t",
                                                 "-U", NULL};
        const char *const *with_value = sudo ? sudo_value : xargs_value;
        name = NULL;
        for (int i = 1; i < cmd->argc && !name; i++) {
            const char *w = cmd->argv[i].text;
            if (w[0] != '-') {
                const char *slash = strrchr(w, '/');
                name = slash ? slash + 1 : w;
            } else {
                for (int k = 0; with_value[k]; k++)
                    if (!strcmp(w, with_value[k]))
                        i++;
            }
        }
        if (!name)
            return -1;
    }
    for (int i = 0; tools[i]; i++)
        if (!strcmp(name, tools[i]))
            return family[i];
    return -1;
}

/* A command that runs apt-get install itself: Playwright's `install
 * --with-deps` / `install-deps` (also through npx, pnpm exec, yarn ...),
 * minideb's install_packages. */
static int installs_apt_itself(const pl_sh_cmd *cmd)
{
    if (pl_sh_is(cmd, "install_packages"))
        return 1;
    int playwright = 0, deps = 0;
    for (int i = 0; i < cmd->argc; i++) {
        const char *w = cmd->argv[i].text;
        const char *slash = strrchr(w, '/');
        if (i < 4 && !strcmp(slash ? slash + 1 : w, "playwright"))
            playwright = 1;
        else if (playwright && (!strcmp(w, "--with-deps") || !strcmp(w, "install-deps")))
            deps = 1;
    }
    return playwright && deps;
}

static void update_alone_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run,
                               void *ud)
{
    (void)m;
    static const char *const update_words[] = {"update", "up", NULL};
    /* a (dist-)upgrade reads the fresh index just as an install does */
    static const char *const install_words[] = {"install", "in", "upgrade", "source-install",
                                                "reinstall", "groupinstall", "localinstall",
                                                "add", "dist-upgrade", "full-upgrade", "dup",
                                                "distro-sync", NULL};
    pl_pkg_tally *t = ud;
    const pl_sh_cmd *first_update[5] = {0};
    int installed_after[5] = {0};
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        if (first_update[0] && installs_apt_itself(cmd))
            installed_after[0] = 1;
        int fam = pm_family(cmd);
        if (fam < 0)
            continue;
        if (first_update[fam] && pl_pkg_has_word(cmd, install_words))
            installed_after[fam] = 1;
        if (!first_update[fam] && pl_pkg_has_word(cmd, update_words))
            first_update[fam] = cmd;
    }
    for (int fam = 0; fam < 5; fam++) {
        if (!first_update[fam])
            continue;
        t->commands++;
        t->last = pl_df_ins_span(run->ins);
        if (installed_after[fam])
            continue;
        t->failures++;
        pl_fail(c, pl_df_ins_span(run->ins), NULL,
                "%s update with no install after it in the same RUN: its layer is cached and "
                "goes stale",
                pl_sh_name(first_update[fam]));
        return;
    }
}

void pl_check_package_update_alone(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_tally t = {0};
    pl_pkg_each_run(c, m, update_alone_visit, &t);
    pl_pkg_conclude(c, &t, "package index update%s, each followed by an install",
                    "no package-manager update in any RUN");
}
