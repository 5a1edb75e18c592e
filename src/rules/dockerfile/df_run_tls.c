/* df_run_tls.c — RUN commands that turn off TLS or signature checks, and
 * chpasswd (Checkov's CKV2_DOCKER_2..17 RUN checks, read through the shell
 * reader instead of regular expressions): PL1155 curl -k, PL1156 wget
 * --no-check-certificate, PL1157 pip --trusted-host, PL1161 apk
 * --allow-untrusted, PL1162 apt --allow-unauthenticated, PL1163 dnf/yum
 * --nogpgcheck, PL1164 rpm --nosignature..., PL1165 apt --force-yes, PL1167
 * npm/yarn strict-ssl false, PL1169 yum/dnf sslverify=0, PL1170 chpasswd.
 * A RUN gets at most one finding per rule, on the offending word. */
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
#include "df_run_util.h"

/* The word that sets `flag` (given without dashes). Short flags are looked
 * for in clusters ("-fsSLk") up to the first letter of `value_letters`,
 * whose value is the rest of the word. */
static const pl_sh_word *flag_word(const pl_sh_cmd *cmd, const char *flag,
                                   const char *value_letters)
{
    size_t fl = strlen(flag);
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!strcmp(t, "--"))
            return NULL;
        if (t[0] != '-' || !t[1])
            continue;
        if (t[1] == '-') {
            size_t n = strcspn(t + 2, "=");
            if (n == fl && !strncmp(t + 2, flag, n))
                return &cmd->argv[i];
            continue;
        }
        if (fl != 1)
            continue;
        for (const char *p = t + 1; *p; p++) {
            if (*p == flag[0])
                return &cmd->argv[i];
            if (value_letters && strchr(value_letters, *p))
                break;
        }
    }
    return NULL;
}

/* The word holding a value of `flag` for which `bad` holds. */
typedef int (*value_test)(const char *value);

static const pl_sh_word *flag_value_word(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                         const pl_sh_cmd *cmd, const char *flag, value_test bad)
{
    size_t fl = strlen(flag);
    for (int i = 1; i < cmd->argc; i++) {
        const char *t = cmd->argv[i].text;
        if (!strcmp(t, "--"))
            return NULL;
        const char *raw = NULL;
        const pl_sh_word *at = &cmd->argv[i];
        if (t[0] == '-' && t[1] == '-' && strlen(t + 2) >= fl && !strncmp(t + 2, flag, fl)) {
            if (t[2 + fl] == '=')
                raw = t + 3 + fl;
            else if (!t[2 + fl] && i + 1 < cmd->argc)
                raw = cmd->argv[i + 1].text, at = &cmd->argv[i + 1];
        } else if (fl == 1 && t[0] == '-' && t[1] == flag[0]) {
            if (t[2])
                raw = t + 2;
            else if (i + 1 < cmd->argc)
                raw = cmd->argv[i + 1].text, at = &cmd->argv[i + 1];
        }
        if (!raw)
            continue;
        const char *v = pl_dfrun_text_value(c, m, r, raw);
        if (v && bad(v))
            return at;
    }
    return NULL;
}

static int is_false_word(const char *v)
{
    return !strcasecmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
           !strcasecmp(v, "off");
}

static int is_true_word(const char *v)
{
    return !strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
           !strcasecmp(v, "on");
}

/* "key=value" where the key, after an optional "section." or "repo."
 * prefix, is `key` (case-insensitively) and the value passes `test`. */
static int setting_is(const char *s, const char *key, value_test test)
{
    const char *eq = strchr(s, '=');
    if (!eq)
        return 0;
    const char *k = s;
    for (const char *p = s; p < eq; p++)
        if (*p == '.' || *p == ':')
            k = p + 1;
    size_t kn = (size_t)(eq - k);
    return kn == strlen(key) && !strncasecmp(k, key, kn) && test(eq + 1);
}

/* ---- one RUN walker for all the rules of this file -------------------------- */

/* Returns the offending word of the command, or NULL. */
typedef const pl_sh_word *(*cmd_test)(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                      const pl_sh_cmd *cmd, const char **what);

typedef struct {
    cmd_test test;
    int runs;
    pl_ship_gate *gate; /* NULL: every RUN is judged */
} walk;

static void walk_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    walk *w = ud;
    w->runs++;
    for (int k = 0; k < r->sh->ncmds; k++) {
        const char *what = NULL;
        const pl_sh_word *bad = w->test(c, m, r, &r->sh->cmds[k], &what);
        if (bad) {
            if (w->gate && pl_ship_gate_skips(w->gate, r->ins))
                return;
            if (strstr(what, bad->text))
                pl_fail(c, pl_dfrun_span(r, bad), NULL, "%s", what);
            else
                pl_fail(c, pl_dfrun_span(r, bad), NULL, "%s (%s)", what, bad->text);
            return;
        }
    }
}

/* `shipped_only`: in the default reading, RUNs of stages that reach no
 * shipped image are not judged (pl_ship_gate). */
static void run_walk_gated(pl_check *c, const pl_file *f, cmd_test test, const char *evidence,
                           int shipped_only)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_ship_gate gate;
    pl_ship_gate_init(&gate, c, f, m, 1);
    walk w = {test, 0, shipped_only ? &gate : NULL};
    pl_dfrun_each(c, m, 1, walk_visit, &w);
    if (gate.nskipped)
        pl_skip(c, "%s", pl_ship_gate_none(&gate, ""));
    else if (w.runs)
        pl_pass(c, (pl_span){0}, "%s in %d RUN instruction%s", evidence, w.runs,
                w.runs == 1 ? "" : "s");
    else
        pl_skip(c, "no RUN instruction");
}

static void run_walk(pl_check *c, const pl_file *f, cmd_test test, const char *evidence)
{
    run_walk_gated(c, f, test, evidence, 0);
}

/* ---- curl -k (CKV2_DOCKER_2) -------------------------------------------------- */

/* curl's short options that take a value: a cluster stops at them */
#define CURL_VALUE_LETTERS "AbcCdDeEFHKmoPQrtTuUwxXyYz"

static const pl_sh_word *curl_insecure(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                       const pl_sh_cmd *cmd, const char **what)
{
    if (!pl_sh_is(cmd, "curl"))
        return NULL;
    const pl_sh_word *w = flag_word(cmd, "k", CURL_VALUE_LETTERS);
    if (!w)
        w = flag_word(cmd, "insecure", NULL);
    *what = "curl downloads without checking the server's certificate";
    return w;
}

void pl_check_curl_insecure(pl_check *c, const pl_file *f)
{
    run_walk(c, f, curl_insecure, "curl checks certificates");
}

/* ---- wget --no-check-certificate (CKV2_DOCKER_3) ------------------------------ */

static int check_certificate_off(const char *v)
{
    return setting_is(v, "check_certificate", is_false_word) ||
           setting_is(v, "check-certificate", is_false_word);
}

static const pl_sh_word *wget_insecure(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                       const pl_sh_cmd *cmd, const char **what)
{
    if (!pl_sh_is(cmd, "wget"))
        return NULL;
    *what = "wget downloads without checking the server's certificate";
    const pl_sh_word *w = flag_word(cmd, "no-check-certificate", NULL);
    if (w)
        return w;
    /* the same switch spelled as `--check-certificate=off` or `-e check_certificate=off` */
    w = flag_value_word(c, m, r, cmd, "check-certificate", is_false_word);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "e", check_certificate_off);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "execute", check_certificate_off);
    return w;
}

void pl_check_wget_insecure(pl_check *c, const pl_file *f)
{
    run_walk(c, f, wget_insecure, "wget checks certificates");
}

/* ---- pip --trusted-host (CKV2_DOCKER_4) -------------------------------------- */

/* pip, pip3, pip3.12, pipx, `python -m pip`, `uv pip` */
static int is_pip_like(const pl_sh_cmd *cmd)
{
    const char *n = pl_sh_name(cmd);
    if (!strncmp(n, "pip", 3))
        return 1;
    if (!strncmp(n, "python", 6))
        for (int i = 1; i + 1 < cmd->argc; i++)
            if (!strcmp(cmd->argv[i].text, "-m") && !strncmp(cmd->argv[i + 1].text, "pip", 3))
                return 1;
    return pl_sh_is(cmd, "uv") && cmd->argc > 1 && !strcmp(cmd->argv[1].text, "pip");
}

static const pl_sh_word *pip_trusted_host(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                          const pl_sh_cmd *cmd, const char **what)
{
    if (!is_pip_like(cmd))
        return NULL;
    const pl_sh_word *w = flag_word(cmd, "trusted-host", NULL);
    if (w) {
        *what = "pip --trusted-host accepts that host without a valid certificate";
        return w;
    }
    /* `pip config set global.trusted-host example.org` */
    int at = pl_dfrun_find_arg(cmd, 1, "config");
    if (at > 0 && at + 2 < cmd->argc && !strcmp(cmd->argv[at + 1].text, "set")) {
        const char *key = cmd->argv[at + 2].text;
        const char *dot = strrchr(key, '.');
        if (!strcmp(dot ? dot + 1 : key, "trusted-host")) {
            *what = "pip config sets trusted-host: that host is used without a valid certificate";
            return &cmd->argv[at + 2];
        }
    }
    return NULL;
}

void pl_check_pip_trusted_host(pl_check *c, const pl_file *f)
{
    run_walk(c, f, pip_trusted_host, "no pip --trusted-host");
}

/* ---- apk --allow-untrusted (CKV2_DOCKER_7) ----------------------------------- */

static const pl_sh_word *apk_untrusted(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                       const pl_sh_cmd *cmd, const char **what)
{
    if (!pl_sh_is(cmd, "apk"))
        return NULL;
    *what = "apk --allow-untrusted installs packages without a valid signature";
    return flag_word(cmd, "allow-untrusted", NULL);
}

void pl_check_apk_allow_untrusted(pl_check *c, const pl_file *f)
{
    run_walk(c, f, apk_untrusted, "no apk --allow-untrusted");
}

/* ---- apt --allow-unauthenticated (CKV2_DOCKER_8), --force-yes (CKV2_DOCKER_11) */

static int is_apt(const pl_sh_cmd *cmd)
{
    return pl_sh_is(cmd, "apt-get") || pl_sh_is(cmd, "apt") || pl_sh_is(cmd, "aptitude");
}

static int allow_unauthenticated_option(const char *v)
{
    return setting_is(v, "AllowUnauthenticated", is_true_word);
}

static const pl_sh_word *apt_unauthenticated(pl_check *c, const pl_df_model *m,
                                             const pl_dfrun *r, const pl_sh_cmd *cmd,
                                             const char **what)
{
    if (!is_apt(cmd))
        return NULL;
    *what = "apt --allow-unauthenticated installs packages without a valid signature";
    const pl_sh_word *w = flag_word(cmd, "allow-unauthenticated", NULL);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "o", allow_unauthenticated_option);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "option", allow_unauthenticated_option);
    return w;
}

void pl_check_apt_allow_unauthenticated(pl_check *c, const pl_file *f)
{
    run_walk(c, f, apt_unauthenticated, "no apt --allow-unauthenticated");
}

static int force_yes_option(const char *v)
{
    return setting_is(v, "force-yes", is_true_word);
}

static const pl_sh_word *apt_force_yes(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                       const pl_sh_cmd *cmd, const char **what)
{
    if (!is_apt(cmd))
        return NULL;
    *what = "apt --force-yes skips signature checks and allows downgrades";
    const pl_sh_word *w = flag_word(cmd, "force-yes", NULL);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "o", force_yes_option);
    if (!w)
        w = flag_value_word(c, m, r, cmd, "option", force_yes_option);
    return w;
}

void pl_check_apt_force_yes(pl_check *c, const pl_file *f)
{
    run_walk(c, f, apt_force_yes, "no apt --force-yes");
}

/* ---- dnf/yum/tdnf --nogpgcheck (CKV2_DOCKER_9) -------------------------------- */

static int is_rpm_repo_tool(const pl_sh_cmd *cmd)
{
    static const char *const names[] = {"dnf", "dnf5", "yum", "tdnf", "microdnf", NULL};
    for (const char *const *n = names; *n; n++)
        if (pl_sh_is(cmd, *n))
            return 1;
    return 0;
}

static int gpgcheck_off(const char *v)
{
    return setting_is(v, "gpgcheck", is_false_word) ||
           setting_is(v, "repo_gpgcheck", is_false_word) ||
           setting_is(v, "localpkg_gpgcheck", is_false_word);
}

static const pl_sh_word *nogpgcheck(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                    const pl_sh_cmd *cmd, const char **what)
{
    if (pl_sh_is(cmd, "zypper")) {
        *what = "zypper --no-gpg-checks installs packages without a valid signature";
        return flag_word(cmd, "no-gpg-checks", NULL);
    }
    if (!is_rpm_repo_tool(cmd))
        return NULL;
    *what = pl_arena_printf(pl_check_arena(c),
                            "%s --nogpgcheck installs packages without a valid signature",
                            pl_sh_name(cmd));
    const pl_sh_word *w = flag_word(cmd, "nogpgcheck", NULL);
    if (!w) {
        w = flag_value_word(c, m, r, cmd, "setopt", gpgcheck_off);
        if (w)
            *what = pl_arena_printf(pl_check_arena(c), "%s --setopt turns gpgcheck off",
                                    pl_sh_name(cmd));
    }
    return w;
}

void pl_check_package_gpgcheck_disabled(pl_check *c, const pl_file *f)
{
    run_walk(c, f, nogpgcheck, "no --nogpgcheck");
}

/* ---- rpm --nosignature ... (CKV2_DOCKER_10) ----------------------------------- */

static const pl_sh_word *rpm_no_signature(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                          const pl_sh_cmd *cmd, const char **what)
{
    static const char *const flags[] = {"nodigest", "nosignature", "noverify", "nofiledigest",
                                        NULL};
    if (!pl_sh_is(cmd, "rpm"))
        return NULL;
    for (const char *const *fl = flags; *fl; fl++) {
        const pl_sh_word *w = flag_word(cmd, *fl, NULL);
        if (w) {
            *what = pl_arena_printf(pl_check_arena(c),
                                    "rpm --%s installs or verifies packages without checking them",
                                    *fl);
            return w;
        }
    }
    return NULL;
}

void pl_check_rpm_signature_check_disabled(pl_check *c, const pl_file *f)
{
    run_walk(c, f, rpm_no_signature, "rpm checks digests and signatures");
}

/* ---- npm/yarn strict-ssl false (CKV2_DOCKER_13) ------------------------------- */

static int is_false_text(const char *v)
{
    return !strcmp(v, "false") || !strcmp(v, "0");
}

static const pl_sh_word *strict_ssl_off(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                        const pl_sh_cmd *cmd, const char **what)
{
    int npm = pl_sh_is(cmd, "npm"), yarn = pl_sh_is(cmd, "yarn");
    if (!npm && !yarn)
        return NULL;
    *what = pl_arena_printf(pl_check_arena(c),
                            "%s strict-ssl false: the registry's certificate is not checked",
                            pl_sh_name(cmd));
    /* `npm config set strict-ssl false`, `npm c set strict-ssl=false`,
     * `npm set ...`, `yarn config set strict-ssl false`, and yarn 2+'s
     * `enableStrictSsl` */
    int i = 1;
    if (i < cmd->argc && (!strcmp(cmd->argv[i].text, "config") || !strcmp(cmd->argv[i].text, "c")))
        i++;
    if (i < cmd->argc && !strcmp(cmd->argv[i].text, "set")) {
        for (int k = i + 1; k < cmd->argc; k++) {
            const char *t = cmd->argv[k].text;
            if (t[0] == '-')
                continue;
            int is_key = !strcmp(t, "strict-ssl") || !strcmp(t, "enableStrictSsl");
            if (is_key && k + 1 < cmd->argc) {
                const char *v = pl_dfrun_word_value(c, m, r, &cmd->argv[k + 1]);
                if (v && is_false_text(v))
                    return &cmd->argv[k];
            }
            if (setting_is(t, "strict-ssl", is_false_text))
                return &cmd->argv[k];
            break;
        }
    }
    /* the same as a command-line option: `npm install --strict-ssl=false` */
    const pl_sh_word *w = flag_value_word(c, m, r, cmd, "strict-ssl", is_false_text);
    if (!w)
        w = flag_word(cmd, "no-strict-ssl", NULL);
    return w;
}

void pl_check_npm_strict_ssl_disabled(pl_check *c, const pl_file *f)
{
    run_walk(c, f, strict_ssl_off, "npm and yarn keep strict-ssl");
}

/* ---- yum/dnf sslverify (CKV2_DOCKER_15) --------------------------------------- */

static int sslverify_off(const char *v)
{
    return setting_is(v, "sslverify", is_false_word);
}

static const pl_sh_word *sslverify_disabled(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                            const pl_sh_cmd *cmd, const char **what)
{
    if (!is_rpm_repo_tool(cmd) && !pl_sh_is(cmd, "yum-config-manager") &&
        !pl_sh_is(cmd, "dnf-config-manager"))
        return NULL;
    *what = pl_arena_printf(pl_check_arena(c),
                            "%s --setopt turns sslverify off: repositories are used without "
                            "checking their certificates",
                            pl_sh_name(cmd));
    return flag_value_word(c, m, r, cmd, "setopt", sslverify_off);
}

void pl_check_yum_sslverify_disabled(pl_check *c, const pl_file *f)
{
    run_walk(c, f, sslverify_disabled, "yum and dnf verify repository certificates");
}

/* ---- chpasswd (CKV2_DOCKER_17) ----------------------------------------------- */

/* A command that makes a random string: `openssl rand`, `pwgen`, `uuidgen`,
 * `mkpasswd` without a password, anything reading /dev/urandom. */
static int makes_random(const pl_sh_cmd *cmd)
{
    if (pl_sh_is(cmd, "openssl"))
        return cmd->argc >= 2 && !strcmp(cmd->argv[1].text, "rand");
    if (pl_sh_is(cmd, "pwgen") || pl_sh_is(cmd, "uuidgen") || pl_sh_is(cmd, "apg") ||
        pl_sh_is(cmd, "makepasswd"))
        return 1;
    for (int i = 1; i < cmd->argc; i++)
        if (strstr(cmd->argv[i].text, "/dev/urandom") || strstr(cmd->argv[i].text, "/dev/random"))
            return 1;
    return 0;
}

/* `echo "root:$(openssl rand -base64 12)" | chpasswd`: the password is made
 * at build time and never written down; the image history holds the
 * command, not the password. True when the command feeding chpasswd
 * through the pipe substitutes a random string. */
static int random_password(const pl_dfrun *r, const pl_sh_cmd *cmd)
{
    int k = (int)(cmd - r->sh->cmds);
    if (k <= 0 || k >= r->sh->ncmds)
        return 0;
    int random = 0;
    for (int j = k - 1; j >= 0; j--) {
        const pl_sh_cmd *p = &r->sh->cmds[j];
        if (p->in_substitution) {
            random |= makes_random(p);
            continue;
        }
        /* the pipeline member before chpasswd, whose substitutions follow it */
        return random && !strcmp(p->next_op, "|");
    }
    return 0;
}

static const pl_sh_word *chpasswd(pl_check *c, const pl_df_model *m, const pl_dfrun *r,
                                  const pl_sh_cmd *cmd, const char **what)
{
    if (!pl_sh_is(cmd, "chpasswd"))
        return NULL;
    if (random_password(r, cmd))
        return NULL;
    *what = "RUN sets a password with chpasswd: the password is in the image history";
    return &cmd->argv[0];
}

void pl_check_chpasswd(pl_check *c, const pl_file *f)
{
    /* a test user's password in an example or test image guards nothing */
    run_walk_gated(c, f, chpasswd, "no chpasswd", 1);
}
