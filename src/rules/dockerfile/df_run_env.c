/* df_run_env.c — environment variables that turn off TLS verification, set
 * by ENV, by ARG (which RUN sees as environment) or by an assignment in a RUN
 * script (Checkov's CKV2_DOCKER_5/6/12/14/16): PL1158 PIP_TRUSTED_HOST,
 * PL1159 PYTHONHTTPSVERIFY=0, PL1160 NODE_TLS_REJECT_UNAUTHORIZED=0, PL1166
 * NPM_CONFIG_STRICT_SSL=false, PL1168 GIT_SSL_NO_VERIFY (and git's
 * http.sslVerify=false). Values are resolved first; a value that is not
 * known statically does not fail, except where any value at all turns the
 * check off. `ARG NAME VALUE` declares two ARGs without values in BuildKit,
 * so it sets nothing (Checkov's regular expressions count it). */
#include <string.h>
#include <strings.h>

#include "df_run_util.h"

typedef int (*value_test)(const char *value);

typedef struct {
    const char *name;
    int nocase;       /* npm reads npm_config_* case-insensitively */
    int any_value;    /* set at all is enough (the value may stay unknown) */
    value_test bad;   /* else: the resolved value turns the check off */
    const char *why;  /* message tail */
    int seen;         /* definitions looked at */
} env_rule;

static int name_is(const env_rule *er, const char *name)
{
    return er->nocase ? !strcasecmp(name, er->name) : !strcmp(name, er->name);
}

static int value_fails(const env_rule *er, const char *value, int given)
{
    if (er->any_value)
        return given;
    return value && er->bad(value);
}

static void var_visit(pl_check *c, const pl_df_instr *ins, const pl_dfrun_var *v, void *ud)
{
    env_rule *er = ud;
    if (!name_is(er, v->name))
        return;
    er->seen++;
    if (value_fails(er, v->value, v->given))
        pl_fail(c, v->span, NULL, "%s %s%s%s: %s", v->is_env ? "ENV" : "ARG", v->name,
                v->value ? "=" : "", v->value ? v->value : "", er->why);
}

typedef struct {
    env_rule *er;
    int reported;
} assign_ctx;

static void assign_visit(pl_check *c, const pl_dfrun *r, const pl_sh_word *w, const char *value,
                         void *ud)
{
    assign_ctx *ac = ud;
    ac->er->seen++;
    if (ac->reported || !value_fails(ac->er, value, 1))
        return;
    ac->reported = 1;
    pl_fail(c, pl_dfrun_span(r, w), NULL, "RUN sets %s: %s", w->text, ac->er->why);
}

typedef struct {
    env_rule *er;
    void (*extra)(pl_check *c, const pl_df_model *m, const pl_dfrun *r, assign_ctx *ac);
} run_ctx;

static void run_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, void *ud)
{
    run_ctx *rc = ud;
    assign_ctx ac = {rc->er, 0};
    pl_dfrun_each_assign(c, m, r, rc->er->name, rc->er->nocase, assign_visit, &ac);
    if (rc->extra && !ac.reported)
        rc->extra(c, m, r, &ac);
}

static void check_env(pl_check *c, const pl_file *f, env_rule *er,
                      void (*extra)(pl_check *, const pl_df_model *, const pl_dfrun *, assign_ctx *))
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_dfrun_each_var(c, m, var_visit, er);
    run_ctx rc = {er, extra};
    pl_dfrun_each(c, m, 1, run_visit, &rc);
    if (er->seen)
        pl_pass(c, (pl_span){0}, "%s set %d time%s, never to a value that disables verification",
                er->name, er->seen, er->seen == 1 ? "" : "s");
    else
        pl_pass(c, (pl_span){0}, "%s not set", er->name);
}

static int is_zero(const char *v)
{
    return !strcmp(v, "0");
}

static int is_nonempty(const char *v)
{
    return v[0] != '\0';
}

/* ---- PIP_TRUSTED_HOST (CKV2_DOCKER_16) --------------------------------------- */

void pl_check_pip_trusted_host_env(pl_check *c, const pl_file *f)
{
    env_rule er = {"PIP_TRUSTED_HOST", 0, 0, is_nonempty,
                   "pip accepts these hosts without a valid certificate", 0};
    check_env(c, f, &er, NULL);
}

/* ---- PYTHONHTTPSVERIFY (CKV2_DOCKER_5) ---------------------------------------- */

void pl_check_python_https_verify_disabled(pl_check *c, const pl_file *f)
{
    env_rule er = {"PYTHONHTTPSVERIFY", 0, 0, is_zero,
                   "Python's HTTPS clients stop checking certificates", 0};
    check_env(c, f, &er, NULL);
}

/* ---- NODE_TLS_REJECT_UNAUTHORIZED (CKV2_DOCKER_6) ------------------------------ */

void pl_check_node_tls_verify_disabled(pl_check *c, const pl_file *f)
{
    env_rule er = {"NODE_TLS_REJECT_UNAUTHORIZED", 0, 0, is_zero,
                   "Node.js accepts any TLS certificate", 0};
    check_env(c, f, &er, NULL);
}

/* ---- NPM_CONFIG_STRICT_SSL (CKV2_DOCKER_12) ------------------------------------ */

static int npm_false(const char *v)
{
    return !strcasecmp(v, "false") || !strcmp(v, "0");
}

void pl_check_npm_strict_ssl_env_disabled(pl_check *c, const pl_file *f)
{
    env_rule er = {"NPM_CONFIG_STRICT_SSL", 1, 0, npm_false,
                   "npm stops checking the registry's certificate", 0};
    check_env(c, f, &er, NULL);
}

/* ---- GIT_SSL_NO_VERIFY (CKV2_DOCKER_14) --------------------------------------- */

static int is_false_word(const char *v)
{
    return !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
           !strcmp(v, "0");
}

/* "http.sslVerify" or "http.<url>.sslVerify" */
static int is_ssl_verify_key(const char *k, size_t n)
{
    if (n < 14 || strncasecmp(k, "http.", 5))
        return 0;
    return !strncasecmp(k + n - 10, ".sslverify", 10);
}

/* `git config [--global] http.sslVerify false` and `git -c http.sslVerify=false ...` */
static void git_config_visit(pl_check *c, const pl_df_model *m, const pl_dfrun *r, assign_ctx *ac)
{
    for (int k = 0; k < r->sh->ncmds && !ac->reported; k++) {
        const pl_sh_cmd *cmd = &r->sh->cmds[k];
        if (!pl_sh_is(cmd, "git"))
            continue;
        const pl_sh_word *bad = NULL;
        for (int i = 1; i < cmd->argc && !bad; i++) {
            const char *t = cmd->argv[i].text;
            if (!strcmp(t, "-c") && i + 1 < cmd->argc) {
                const char *kv = pl_dfrun_word_value(c, m, r, &cmd->argv[i + 1]);
                const char *eq = kv ? strchr(kv, '=') : NULL;
                if (eq && is_ssl_verify_key(kv, (size_t)(eq - kv)) && is_false_word(eq + 1))
                    bad = &cmd->argv[i + 1];
                i++;
                continue;
            }
            if (!strcmp(t, "config"))
                for (int j = i + 1; j + 1 < cmd->argc; j++) {
                    const char *key = cmd->argv[j].text;
                    if (key[0] == '-')
                        continue;
                    const char *v = pl_dfrun_word_value(c, m, r, &cmd->argv[j + 1]);
                    if (is_ssl_verify_key(key, strlen(key)) && v && is_false_word(v))
                        bad = &cmd->argv[j];
                    break;
                }
        }
        if (bad) {
            ac->reported = 1;
            pl_fail(c, pl_dfrun_span(r, bad), NULL,
                    "git config turns http.sslVerify off: git accepts any server certificate");
        }
    }
}

void pl_check_git_ssl_verify_disabled(pl_check *c, const pl_file *f)
{
    /* git checks only that the variable exists: any value, even "false" */
    env_rule er = {"GIT_SSL_NO_VERIFY", 0, 1, NULL, "git accepts any server certificate", 0};
    check_env(c, f, &er, git_config_visit);
}
