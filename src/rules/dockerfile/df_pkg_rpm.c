/* df_pkg_rpm.c — RPM-family package rules: PL1120 yum-without-yes, PL1121
 * yum-cache-not-cleaned, PL1122 yum-unpinned, PL1123
 * zypper-without-non-interactive, PL1124 zypper-dist-upgrade, PL1125
 * zypper-cache-not-cleaned, PL1126 zypper-unpinned, PL1127 dnf-without-yes,
 * PL1128 dnf-cache-not-cleaned, PL1129 dnf-unpinned. */
#include <string.h>

#include "df_image_role.h"
#include "df_pkg_common.h"

/* yum/dnf/microdnf options whose value is the next word. */
static const char *const dnf_value_flags[] = {
    "c",          "config",      "releasever", "installroot", "x",        "exclude",
    "enablerepo", "disablerepo", "repo",       "repoid",      "setopt",   "d",
    "debuglevel", "e",           "errorlevel", "downloaddir", "destdir",  "forcearch",
    NULL};
/* zypper global and install options whose value is the next word. */
static const char *const zypper_value_flags[] = {
    "c",         "config", "R",    "root", "D",    "reposd-dir", "C", "cache-dir",
    "r",         "repo",   "from", "t",    "type", NULL};

static const char *const yes_flags_yum[] = {"y", "assumeyes", NULL};

static int has_any_flag(const pl_sh_cmd *cmd, const char *const *flags)
{
    for (; *flags; flags++)
        if (pl_sh_has_flag(cmd, *flags))
            return 1;
    return 0;
}

/* Directories where yum, dnf 4 and dnf 5 keep metadata and packages. */
static const char *const rpm_cache_dirs[] = {"/var/cache/yum", "/var/cache/dnf",
                                             "/var/cache/libdnf5", NULL};

static int removes_rpm_cache(const pl_sh_cmd *cmd)
{
    for (const char *const *d = rpm_cache_dirs; *d; d++)
        if (pl_pkg_rm_removes(cmd, *d))
            return 1;
    return 0;
}

/* `<tool> clean all`. */
static int cleans_all(pl_arena *a, const pl_sh_cmd *cmd, const char *tool)
{
    static const char *const clean[] = {"clean", NULL};
    static const char *const all[] = {"all", NULL};
    return pl_pkg_verb(a, cmd, tool, dnf_value_flags, clean) &&
           pl_pkg_verb(a, cmd, tool, dnf_value_flags, all);
}

/* ---- -y rules: PL1120 yum-without-yes (DL3030), PL1127 dnf-without-yes (DL3038) ---- */

typedef struct {
    pl_pkg_tally t;
    const char *const *tools;
    const char *const *verbs;
    const char *const *value_flags;
    const char *const *yes_flags;
    const char *yes_text; /* for the message */
} yes_ctx;

static void yes_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    (void)m;
    yes_ctx *x = ud;
    pl_arena *a = pl_check_arena(c);
    const pl_sh_cmd *missing = NULL;
    const pl_sh_word *verb = NULL;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        const pl_sh_word *v = NULL;
        for (const char *const *tool = x->tools; *tool && !v; tool++)
            v = pl_pkg_verb(a, cmd, *tool, x->value_flags, x->verbs);
        if (!v)
            continue;
        x->t.commands++;
        x->t.last = pl_df_ins_span(run->ins);
        if (!missing && !has_any_flag(cmd, x->yes_flags)) {
            missing = cmd;
            verb = v;
        }
    }
    if (missing) {
        x->t.failures++;
        pl_fail(c, pl_df_ins_span(run->ins), NULL,
                "%s %s without %s: the build stops at the confirmation prompt",
                pl_sh_name(missing), verb->text, x->yes_text);
    }
}

static void check_yes(pl_check *c, const pl_file *f, yes_ctx *x, const char *what,
                      const char *none)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_each_run(c, m, yes_visit, x);
    pl_pkg_conclude(c, &x->t, what, none);
}

void pl_check_yum_without_yes(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"yum", NULL};
    static const char *const verbs[] = {"install", "groupinstall", "localinstall", NULL};
    yes_ctx x = {{0}, tools, verbs, dnf_value_flags, yes_flags_yum, "-y"};
    check_yes(c, f, &x, "yum install command%s with -y", "no yum install in a stage that ships");
}

void pl_check_dnf_without_yes(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"dnf", "microdnf", NULL};
    static const char *const verbs[] = {"install", "groupinstall", "localinstall", NULL};
    yes_ctx x = {{0}, tools, verbs, dnf_value_flags, yes_flags_yum, "-y"};
    check_yes(c, f, &x, "dnf install command%s with -y", "no dnf or microdnf install in a stage that ships");
}

void pl_check_zypper_without_non_interactive(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"zypper", NULL};
    static const char *const verbs[] = {"install", "in",  "remove", "rm", "source-install",
                                        "si",      "patch", NULL};
    static const char *const yes[] = {"non-interactive", "n", "no-confirm", "y", NULL};
    yes_ctx x = {{0}, tools, verbs, zypper_value_flags, yes, "-n or -y"};
    check_yes(c, f, &x, "zypper command%s non-interactive", "no zypper install or remove in any RUN");
}

/* ---- clean rules: PL1121 yum (DL3032), PL1125 zypper (DL3036), PL1128 dnf (DL3040) ---- */

typedef struct {
    pl_pkg_tally t;
    const char *const *tools; /* each judged on its own: its installs, its clean */
    const char *const *install_verbs;
    const char *const *value_flags;
    const char *const *mounts; /* cache/tmpfs mount fragments that exempt the RUN */
    int (*cleans)(pl_arena *a, const pl_sh_cmd *cmd, const char *tool);
    const char *clean_text; /* for the message, after the tool's name when tool_clean */
    int tool_clean;
    int yields_to_yum;
    pl_ship_gate gate;
} clean_ctx;

static void clean_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    clean_ctx *x = ud;
    pl_arena *a = pl_check_arena(c);
    if (!pl_df_instr_ships_in(c, m, run->ins))
        return;
    /* a RUN that installs with yum too is yum-cache-not-cleaned's: one
     * finding for the RUN (hadolint's DL3040 reading judges it anyway) */
    if (x->yields_to_yum && pl_check_reading(c) != PL_READING_HADOLINT) {
        static const char *const yum_verbs[] = {"install", NULL};
        for (int k = 0; k < run->sh->ncmds; k++)
            if (pl_pkg_verb(a, &run->sh->cmds[k], "yum", dnf_value_flags, yum_verbs))
                return;
    }
    for (const char *const *tool = x->tools; *tool; tool++) {
        int last_install = -1, last_clean = -1;
        const pl_sh_word *verb = NULL;
        for (int k = 0; k < run->sh->ncmds; k++) {
            const pl_sh_cmd *cmd = &run->sh->cmds[k];
            const pl_sh_word *v = pl_pkg_verb(a, cmd, *tool, x->value_flags, x->install_verbs);
            if (v) {
                last_install = k;
                verb = v;
            } else if (x->cleans(a, cmd, *tool)) {
                last_clean = k;
            }
        }
        if (last_install < 0)
            continue;
        x->t.commands++;
        x->t.last = pl_df_ins_span(run->ins);
        if (last_clean > last_install)
            continue;
        int mounted = 0;
        for (const char *const *frag = x->mounts; *frag && !mounted; frag++)
            mounted = pl_pkg_cache_mount(c, m, run->ins, *frag);
        if (mounted)
            continue;
        if (pl_ship_gate_skips(&x->gate, run->ins)) {
            x->t.commands--;
            continue;
        }
        x->t.failures++;
        pl_fail(c, pl_df_ins_span(run->ins), NULL,
                "%s %s without %s%s%s after it in the same RUN: the package cache stays in "
                "the layer",
                *tool, verb->text, x->tool_clean ? *tool : "", x->tool_clean ? " " : "",
                x->clean_text);
        return;
    }
}

static void check_clean(pl_check *c, const pl_file *f, clean_ctx *x, const char *what,
                        const char *none)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_ship_gate_init(&x->gate, c, f, m, 0);
    pl_pkg_each_run(c, m, clean_visit, x);
    pl_pkg_conclude(c, &x->t, what, pl_ship_gate_none(&x->gate, none));
}

static int yum_cleans(pl_arena *a, const pl_sh_cmd *cmd, const char *tool)
{
    (void)tool;
    return cleans_all(a, cmd, "yum") || cleans_all(a, cmd, "dnf") || removes_rpm_cache(cmd);
}

static int dnf_cleans(pl_arena *a, const pl_sh_cmd *cmd, const char *tool)
{
    return cleans_all(a, cmd, tool) || removes_rpm_cache(cmd);
}

static int zypper_cleans(pl_arena *a, const pl_sh_cmd *cmd, const char *tool)
{
    (void)tool;
    static const char *const clean[] = {"clean", "cc", NULL};
    return pl_pkg_verb(a, cmd, "zypper", zypper_value_flags, clean) ||
           pl_pkg_rm_removes(cmd, "/var/cache/zypp");
}

void pl_check_yum_cache_not_cleaned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"yum", NULL};
    static const char *const verbs[] = {"install", NULL};
    static const char *const mounts[] = {"/var/cache/yum", "/var/cache/dnf", NULL};
    clean_ctx x = {{0}, tools, verbs, dnf_value_flags, mounts, yum_cleans, "yum clean all", 0, 0, {0}};
    check_clean(c, f, &x, "yum install%s followed by a cache clean",
                "no yum install in a stage that ships");
}

void pl_check_dnf_cache_not_cleaned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"dnf", "microdnf", NULL};
    static const char *const verbs[] = {"install", "in",      "upgrade", "up", "upgrade-minimal",
                                        "up-min",  "reinstall", "rei",   NULL};
    static const char *const mounts[] = {"/var/cache/libdnf5", ".cache/libdnf5", "/var/cache/dnf",
                                         "/var/cache/yum", NULL};
    clean_ctx x = {{0}, tools, verbs, dnf_value_flags, mounts, dnf_cleans, "clean all", 1, 1, {0}};
    check_clean(c, f, &x, "dnf install%s followed by a cache clean",
                "no dnf or microdnf install in a stage that ships");
}

void pl_check_zypper_cache_not_cleaned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"zypper", NULL};
    static const char *const verbs[] = {"install", "in", NULL};
    static const char *const mounts[] = {"/var/cache/zypp", NULL};
    clean_ctx x = {{0}, tools, verbs, zypper_value_flags, mounts, zypper_cleans, "zypper clean", 0, 0, {0}};
    check_clean(c, f, &x, "zypper install%s followed by zypper clean",
                "no zypper install in a stage that ships");
}

/* ---- pinning: PL1122 yum (DL3033), PL1129 dnf (DL3041), PL1126 zypper (DL3037) ---- */

typedef struct {
    pl_pkg_tally t;
    const char *const *tools;
    const char *const *value_flags;
    const char *const *install_verbs;
    const char *const *skip_words;   /* a command holding one is not checked (`dnf group`) */
    int modules;                     /* `<tool> module install` needs name:stream */
    int (*pinned)(const char *pkg);
    const char *example;             /* how a pinned package looks */
} pin_ctx;

static int zypper_pinned(const char *p)
{
    size_t n = strlen(p);
    return strpbrk(p, "=<>") != NULL || (n >= 4 && !strcmp(p + n - 4, ".rpm"));
}

static int module_stream_pinned(const char *p)
{
    return strchr(p, ':') != NULL;
}

static void pin_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    static const char *const module_word[] = {"module", NULL};
    pin_ctx *x = ud;
    pl_arena *a = pl_check_arena(c);
    int hadolint = pl_check_reading(c) == PL_READING_HADOLINT;
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_cmd *cmd = &run->sh->cmds[k];
        const pl_sh_word *verb = NULL;
        for (const char *const *tool = x->tools; *tool && !verb; tool++)
            verb = pl_pkg_verb(a, cmd, *tool, x->value_flags, x->install_verbs);
        if (!verb)
            continue;
        int is_module = x->modules && pl_pkg_has_word(cmd, module_word);
        if (!is_module && x->skip_words && pl_pkg_has_word(cmd, x->skip_words))
            continue;
        x->t.commands++;
        x->t.last = pl_df_ins_span(run->ins);
        static const char *const skip_module[] = {"install", "in", "module", NULL};
        const pl_sh_word **pkgs;
        int np = pl_pkg_args(a, cmd, x->value_flags, x->modules ? skip_module : x->install_verbs,
                             &pkgs);
        for (int i = 0; i < np; i++) {
            const char **fields;
            int nf;
            pl_pkg_word_state st =
                hadolint ? pl_pkg_word_resolve_file_args(c, m, run, pkgs[i], &fields, &nf)
                         : pl_pkg_word_resolve(c, m, run, pkgs[i], &fields, &nf);
            if (st == PL_PKG_WORD_UNKNOWN)
                continue;
            for (int j = 0; j < nf; j++) {
                int ok = is_module ? module_stream_pinned(fields[j]) : x->pinned(fields[j]);
                if (ok)
                    continue;
                x->t.failures++;
                const char *shown = st == PL_PKG_WORD_RAW ? pkgs[i]->text : fields[j];
                if (is_module)
                    pl_fail(c, pl_pkg_word_span(run, pkgs[i]), NULL,
                            "%s module install %s without a stream (%s:<stream>)%s",
                            pl_sh_name(cmd), shown, shown, pl_pkg_word_note(st));
                else
                    pl_fail(c, pl_pkg_word_span(run, pkgs[i]), NULL,
                            "%s %s %s without a version (%s)%s", pl_sh_name(cmd), verb->text,
                            shown, x->example, pl_pkg_word_note(st));
                break;
            }
        }
    }
}

static void check_pins(pl_check *c, const pl_file *f, pin_ctx *x, const char *what,
                       const char *none)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_each_run(c, m, pin_visit, x);
    pl_pkg_conclude(c, &x->t, what, none);
}

void pl_check_yum_unpinned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"yum", NULL};
    static const char *const verbs[] = {"install", NULL};
    pin_ctx x = {{0}, tools, dnf_value_flags, verbs, NULL, 1, pl_pkg_rpm_version_pinned,
                 "<package>-<version>"};
    check_pins(c, f, &x, "yum install command%s pinned", "no yum install in a stage that ships");
}

void pl_check_dnf_unpinned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"dnf", "microdnf", NULL};
    static const char *const verbs[] = {"install", NULL};
    static const char *const group[] = {"group", NULL};
    pin_ctx x = {{0}, tools, dnf_value_flags, verbs, group, 1, pl_pkg_rpm_version_pinned,
                 "<package>-<version>"};
    check_pins(c, f, &x, "dnf install command%s pinned",
               "no dnf or microdnf install in a stage that ships");
}

void pl_check_zypper_unpinned(pl_check *c, const pl_file *f)
{
    static const char *const tools[] = {"zypper", NULL};
    static const char *const verbs[] = {"install", "in", NULL};
    pin_ctx x = {{0}, tools, zypper_value_flags, verbs, NULL, 0, zypper_pinned,
                 "<package>=<version>"};
    check_pins(c, f, &x, "zypper install command%s pinned",
               "no zypper install in a stage that ships");
}

/* ---- PL1124 zypper-dist-upgrade (DL3035) ------------------------------------------- */

static void dup_visit(pl_check *c, const pl_df_model *m, const pl_pkg_run *run, void *ud)
{
    (void)m;
    static const char *const verbs[] = {"dist-upgrade", "dup", NULL};
    pl_pkg_tally *t = ud;
    pl_arena *a = pl_check_arena(c);
    t->commands++;
    t->last = pl_df_ins_span(run->ins);
    for (int k = 0; k < run->sh->ncmds; k++) {
        const pl_sh_word *v =
            pl_pkg_verb(a, &run->sh->cmds[k], "zypper", zypper_value_flags, verbs);
        if (!v)
            continue;
        t->failures++;
        pl_fail(c, pl_pkg_word_span(run, v), NULL,
                "zypper %s upgrades the whole distribution inside the image", v->text);
    }
}

void pl_check_zypper_dist_upgrade(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_pkg_tally t = {0};
    pl_pkg_each_run(c, m, dup_visit, &t);
    pl_pkg_conclude(c, &t, "RUN instruction%s, none runs zypper dist-upgrade", "no RUN instruction");
}
