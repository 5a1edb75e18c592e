/* df_secrets.c — secrets in ARG/ENV: PL1009 (names: BuildKit's word test
 * and hadolint's name list, one rule), PL1011 (values shaped like
 * credentials). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "df_image_role.h"
#include "dfutil.h"
#include "plimsoll/envfile.h"

/* The names an instruction declares: ARG words (before '='), ENV keys. */
static int declared_names(pl_arena *a, const pl_df_instr *ins, const char ***names,
                          const char ***values, pl_span **spans)
{
    int n = 0;
    if (ins->kind == PL_DF_ENV) {
        n = pl_df_pairs(ins, names, values, a);
        *spans = PL_NEW_N(a, pl_span, n + 1);
        for (int i = 0; i < n; i++)
            (*spans)[i] = ins->args[3 * i].span;
        return n;
    }
    *names = PL_NEW_N(a, const char *, ins->nargs + 1);
    *values = PL_NEW_N(a, const char *, ins->nargs + 1);
    *spans = PL_NEW_N(a, pl_span, ins->nargs + 1);
    for (int i = 0; i < ins->nargs; i++) {
        const char *w = ins->args[i].text;
        const char *eq = strchr(w, '=');
        (*names)[n] = eq ? pl_arena_strndup(a, w, (size_t)(eq - w)) : w;
        (*values)[n] = eq ? eq + 1 : NULL;
        (*spans)[n] = ins->args[i].span;
        n++;
    }
    return n;
}

/* BuildKit: a `_`-delimited word from the secret list, and none from the
 * allow list. */
static int has_word(const char *name, const char *const *words)
{
    const char *p = name;
    while (*p) {
        const char *e = strchr(p, '_');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        for (const char *const *w = words; *w; w++)
            if (strlen(*w) == n && !strncasecmp(p, *w, n))
                return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* Names the secret words only seem to be in: a GPG/PGP key (`ENV GPG_KEY
 * A035C8...` in the official images holds the fingerprint of the public key
 * that verifies a download; not a private key or its passphrase), a key's
 * fingerprint or id (`ENV RELEASE_KEY_FINGERPRINT`, `ARG SIGNING_KEYID`), and the
 * last segment of a .NET settings path (`Section__Key` names a
 * configuration key). */
static int name_not_secret(const char *name)
{
    static const char *const pgp[] = {"gpg", "pgp", "fingerprint", "fingerprints", "keyid",
                                      "keyids", NULL};
    static const char *const private_words[] = {"private", "passphrase", "password", "secret",
                                                "pass", NULL};
    if (has_word(name, pgp) && !has_word(name, private_words))
        return 1;
    const char *seg = name, *dd;
    while ((dd = strstr(seg, "__")))
        seg = dd + 2;
    return seg != name && !strcasecmp(seg, "key");
}

static int buildkit_secret_name(const char *name)
{
    static const char *const secret[] = {"apikey", "auth", "credential", "credentials", "key",
                                         "password", "pword", "passwd", "secret", "token", NULL};
    static const char *const allow[] = {"public", "file", "version", NULL};
    return has_word(name, secret) && !has_word(name, allow);
}

typedef void (*name_test)(pl_check *c, const pl_df_instr *ins, const char *name,
                          const char *value, pl_span at, int *reported);

static void each_declared(pl_check *c, const pl_file *f, int onbuild, name_test test)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int count = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        for (int pass = 0; pass < 2; pass++) {
            const pl_df_instr *x = pass ? (onbuild ? ins->sub : NULL) : ins;
            if (!x || (x->kind != PL_DF_ARG && x->kind != PL_DF_ENV))
                continue;
            const char **names, **values;
            pl_span *spans;
            int n = declared_names(a, x, &names, &values, &spans);
            int reported = 0;
            for (int k = 0; k < n; k++) {
                count++;
                test(c, x, names[k], values[k], spans[k], &reported);
            }
        }
    }
    if (count)
        pl_pass(c, (pl_span){0}, "%d ARG/ENV name%s checked", count, count == 1 ? "" : "s");
    else
        pl_skip(c, "no ARG or ENV");
}

static void buildkit_test(pl_check *c, const pl_df_instr *ins, const char *name, const char *value,
                          pl_span at, int *reported)
{
    if (buildkit_secret_name(name) && !name_not_secret(name))
        pl_fail(c, at, NULL,
                "Do not use ARG or ENV instructions for sensitive data (%s \"%s\")",
                ins->kind == PL_DF_ARG ? "ARG" : "ENV", name);
}


static int hadolint_secret_name(const char *name)
{
    static const char *const known[] = {
        "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD",
        "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD",
        "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN",
        "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN",
        "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
        "GITHUB_TOKEN", "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN",
        "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID",
        "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME",
        "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME",
        "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO", "VAULT_CLIENT_KEY",
        "VAULT_TOKEN", NULL};
    /* hadolint also matches "username": a user name is not a secret
     * (`ARG USERNAME=vscode`), so only its exact well-known names count */
    static const char *const parts[] = {"api_key", "client_key", "password", "private",
                                        "secret", "token", NULL};
    for (const char *const *k = known; *k; k++)
        if (!strcasecmp(name, *k))
            return 1;
    for (const char *const *p = parts; *p; p++)
        if (strcasestr(name, *p))
            return 1;
    return 0;
}

static void hadolint_test(pl_check *c, const pl_df_instr *ins, const char *name, const char *value,
                          pl_span at, int *reported)
{
    /* hadolint reports an instruction once, however many names it holds */
    if (!*reported && hadolint_secret_name(name) && !name_not_secret(name)) {
        *reported = 1;
        pl_fail(c, pl_df_ins_span(ins), NULL,
                "Potentially sensitive data should not be used in the ARG or ENV commands (%s)", name);
    }
}

/* Neither anchor's reading alone: BuildKit's `_`-bounded words, and the
 * parts of hadolint's list that name a secret ending a word (not `username`
 * or `private`, which name accounts and registries far more often). */
static int default_secret_name(const char *name)
{
    static const char *const parts[] = {"password", "secret", "token", "api_key", "client_key", NULL};
    static const char *const allow[] = {"public", "file", "version", NULL};
    /* words that make the name a setting about a secret, not the secret:
     * MYSQL_ALLOW_EMPTY_PASSWORD, APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE,
     * MYSQL_RANDOM_ROOT_PASSWORD, PASSWORD_AUTH_ENABLED */
    static const char *const setting[] = {"allow", "dont", "warn", "enable", "enabled",
                                          "disable", "disabled", "skip", "ignore", "random",
                                          "path", "dir", NULL};
    if (name_not_secret(name) || has_word(name, setting))
        return 0;
    if (buildkit_secret_name(name))
        return 1;
    /* the part must end the name or a `_` word: DBPASSWORD, not TOKENIZER */
    for (const char *const *p = parts; *p; p++)
        for (const char *at = strcasestr(name, *p); at; at = strcasestr(at + 1, *p)) {
            char after = at[strlen(*p)];
            if (after == '\0' || after == '_')
                return !has_word(name, allow);
        }
    return 0;
}

/* A switch: yes/no/true/false/on/off/0/1 (quoted or not). A secret is
 * never one of these; `ENV GOOGLE_DEFAULT_CLIENT_SECRET=no` turns a prompt
 * off. */
static int switch_value(const char *v)
{
    static const char *const words[] = {"yes", "no", "true", "false", "on", "off", "0", "1", NULL};
    if (!v)
        return 0;
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && !strncasecmp(v, *w, n))
            return 1;
    return 0;
}

/* `ENV X_PASSWORD=""`: the value is empty once its quotes are removed. */
static int empty_value(const char *v)
{
    if (!v)
        return 0;
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i] != ' ' && v[i] != '\t')
            return 0;
    return 1;
}

/* A literal value of digits only (quoted or not) that
 * pl_env_value_is_placeholder calls a placeholder. */
static int digits_placeholder(const char *v)
{
    if (!v)
        return 0;
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    if (!n || strspn(v, "0123456789") != n)
        return 0;
    char buf[32];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return pl_env_value_is_placeholder(buf);
}

static void default_test(pl_check *c, const pl_df_instr *ins, const char *name, const char *value,
                         pl_span at, int *reported)
{
    /* an ENV set to nothing leaves nothing in the history (it only
     * documents the variable); an ARG's value comes at build time, so an
     * empty default says nothing */
    if ((ins->kind == PL_DF_ENV && empty_value(value)) || switch_value(value))
        return;
    /* an ENV set to a number the shared judgement calls a placeholder
     * (`ENV AIO_TOKEN=123456`, `000000`): the image holds no secret; the
     * real one comes at run time */
    if (ins->kind == PL_DF_ENV && digits_placeholder(value))
        return;
    if (default_secret_name(name))
        pl_fail(c, at, NULL, "%s %s looks like a secret: its value stays in the image history",
                ins->kind == PL_DF_ARG ? "ARG" : "ENV", name);
}

/* plimsoll's reading: a global ARG (before the first FROM) is in no
 * stage's history; only a stage's `ARG NAME` takes it there, and that
 * line is judged itself (TGI's trtllm `ARG actions_runtime_token=""`,
 * which no stage declares again). One in a builder stage is judged like
 * any other: a build arg's value also goes to the build cache and the
 * provenance a registry keeps (langfuse's SENTRY_AUTH_TOKEN). */
static void default_each(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int count = 0, left = 0;
    const char *why = NULL;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        for (int pass = 0; pass < 2; pass++) {
            const pl_df_instr *x = pass ? ins->sub : ins;
            if (!x || (x->kind != PL_DF_ARG && x->kind != PL_DF_ENV))
                continue;
            const char **names, **values;
            pl_span *spans;
            int n = declared_names(a, x, &names, &values, &spans);
            for (int k = 0; k < n; k++) {
                int global = !pass && !m->stage_of[i];
                if (global) {
                    if (!left++)
                        why = pl_arena_printf(a, "the global ARG %s is in no image's history (a "
                                                 "stage's own ARG %s is judged where it is)",
                                              names[k], names[k]);
                    continue;
                }
                count++;
                int reported = 0;
                default_test(c, x, names[k], values[k], spans[k], &reported);
            }
        }
    }
    if (count)
        pl_pass(c, (pl_span){0}, "%d ARG/ENV name%s checked%s", count, count == 1 ? "" : "s",
                left ? pl_arena_printf(a, " (%d left out: %s)", left, why) : "");
    else if (left)
        pl_skip(c, "%d ARG/ENV name%s left out: %s", left, left == 1 ? "" : "s", why);
    else
        pl_skip(c, "no ARG or ENV");
}

/* One rule for BuildKit's SecretsUsedInArgOrEnv and hadolint's DL3064 (the
 * same problem on the same line): each anchor's reading when selected by
 * its name, else one finding per secret-looking name. */
static int skip_never_shipped(pl_check *c, const pl_file *f);

void pl_check_secret_name_in_arg_env(pl_check *c, const pl_file *f)
{
    switch (pl_check_reading(c)) {
    case PL_READING_HADOLINT: each_declared(c, f, 1, hadolint_test); break;
    case PL_READING_BUILDKIT: each_declared(c, f, 0, buildkit_test); break;
    default:
        /* an image that never ships has no history anyone pulls */
        if (!skip_never_shipped(c, f))
            default_each(c, f);
        break;
    }
}

/* Credential shapes; compiled once for all threads (read-only afterwards). */
static const char secret_value_pattern[] =
    "-----BEGIN [A-Z ]*PRIVATE KEY-----"
    "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
    "|\\bgh[pousr]_[A-Za-z0-9]{36,}"
    "|\\bgithub_pat_[A-Za-z0-9_]{22,}"
    "|\\bglpat-[A-Za-z0-9_-]{20,}"
    "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"
    "|\\b[sr]k_live_[0-9a-zA-Z]{20,}"
    "|\\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"
    "|\\bhf_[A-Za-z0-9]{30,}"
    "|\\bAIza[0-9A-Za-z_-]{35}"
    "|\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
    "|\\b[a-z][a-z0-9+.-]*://[^/\\s:@$]+:[^/\\s@$]+@";

static pcre2_code *secret_re;
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;

static void compile_secret_re(void)
{
    int err;
    PCRE2_SIZE off;
    secret_re = pcre2_compile((PCRE2_SPTR)secret_value_pattern, PCRE2_ZERO_TERMINATED, 0, &err,
                              &off, NULL);
    if (secret_re)
        pcre2_jit_compile(secret_re, PCRE2_JIT_COMPLETE);
}

static int looks_like_credential(const char *v)
{
    pthread_once(&secret_once, compile_secret_re);
    if (!secret_re || !v)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(secret_re, NULL);
    int rc = pcre2_match(secret_re, (PCRE2_SPTR)v, strlen(v), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

/* A password that stands in for one: a placeholder (`changeme`,
 * `example`, `dummy`, `<...>` ...), a word that says "password", or the
 * user name again (`postgresql://user:pass@localhost:5432/dummy`, the
 * build-time value a `next build` needs). */
static int stand_in_password(const char *user, size_t ulen, const char *pw, size_t plen)
{
    static const char *const words[] = {"pass", "passwd", "pwd", "pw", "user", "test", "dummy",
                                        "example", "sample", "placeholder", NULL};
    char buf[128];
    if (plen >= sizeof buf)
        return 0;
    memcpy(buf, pw, plen);
    buf[plen] = '\0';
    if (pl_env_value_is_placeholder(buf) || (plen == ulen && !strncasecmp(user, pw, plen)))
        return 1;
    for (int i = 0; words[i]; i++)
        if (!strcasecmp(buf, words[i]))
            return 1;
    return 0;
}

/* The value's only credential shape is `scheme://user:password@` and each
 * such password is a stand-in: a dummy, not a secret. A token or key
 * elsewhere in the value still counts. */
static int dummy_url_credentials(pl_arena *a, const char *v)
{
    /* the value with the user-info colons of its URLs taken out: what the
     * pattern still finds there is no URL credential */
    char *rest = pl_arena_strdup(a, v);
    for (char *p = strstr(rest, "://"); p; p = strstr(p + 3, "://")) {
        char *user = p + 3;
        size_t n = strcspn(user, "/?#@ \t");
        char *colon = memchr(user, ':', n);
        if (user[n] != '@' || !colon)
            continue;
        if (!stand_in_password(user, (size_t)(colon - user), colon + 1, (size_t)(user + n - colon - 1)))
            return 0;
        *colon = '_';
    }
    return !looks_like_credential(rest);
}

static void value_test(pl_check *c, const pl_df_instr *ins, const char *name, const char *value,
                       pl_span at, int *reported)
{
    if (value && looks_like_credential(value) &&
        !dummy_url_credentials(pl_check_arena(c), value))
        pl_fail(c, at, NULL, "%s %s holds what looks like a real credential",
                ins->kind == PL_DF_ARG ? "ARG" : "ENV", name);
}

void pl_check_secret_value_in_arg_env(pl_check *c, const pl_file *f)
{
    each_declared(c, f, 1, value_test);
}

/* In plimsoll's reading, a Dockerfile whose images never ship
 * (pl_file_not_shipped: harbor's tests/test-engine-image/, a dev
 * container) is skipped with the reason: the rule's claim is about what
 * whoever pulls the image can read in its history. */
static int skip_never_shipped(pl_check *c, const pl_file *f)
{
    const char *why = pl_file_not_shipped(c, f);
    if (!why)
        return 0;
    pl_skip(c, "%s", why);
    return 1;
}
