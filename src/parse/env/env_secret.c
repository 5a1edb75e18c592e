/* env_secret.c — does a `.env` entry hold a secret: a name that says so and
 * a value that is not a stand-in for one (see plimsoll/envfile.h). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "plimsoll/envfile.h"

/* The name split into words: `_`, `-`, `.` and case changes (apiKey) end one. */
static int name_words(const char *name, char words[][24], int max)
{
    int n = 0;
    size_t len = 0;
    for (const char *p = name;; p++) {
        int boundary = !*p || !isalnum((unsigned char)*p) ||
                       (len && islower((unsigned char)p[-1]) && isupper((unsigned char)*p));
        if (boundary && len) {
            words[n][len < 23 ? len : 23] = '\0';
            if (++n == max)
                return n;
            len = 0;
        }
        if (!*p)
            return n;
        if (isalnum((unsigned char)*p) && len < 23)
            words[n][len++] = (char)toupper((unsigned char)*p);
    }
}

static int in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list))
            return 1;
    return 0;
}

int pl_env_name_is_secret(const char *name)
{
    static const char *const secret[] = {
        "PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "PWD", "PW", "SECRET", "SECRETS", "TOKEN",
        "APIKEY", "ACCESSKEY", "SECRETKEY", "PRIVATEKEY", "CREDENTIAL", "CREDENTIALS",
        "CLIENTSECRET", "AUTHTOKEN", "BEARER", "DSN", NULL};
    /* KEY is a secret after one of these (API_KEY, not KEYBOARD or SORT_KEY) */
    static const char *const key_after[] = {
        "API", "ACCESS", "SECRET", "PRIVATE", "AUTH", "ENCRYPTION", "SIGNING", "MASTER",
        "APP", "CLIENT", "SERVICE", "ACCOUNT", "SESSION", "JWT", "HMAC", "ENC", "CRYPT",
        "LICENSE", "WEBHOOK", "STRIPE", "SENDGRID", "MAILGUN", "OPENAI", "ANTHROPIC", NULL};
    static const char *const not_secret[] = {
        "FILE", "PATH", "DIR", "URL", "URI", "HOST", "PORT", "USER",
        "USERNAME", "NAME", "LENGTH", "LEN", "SIZE", "TTL", "EXPIRY", "EXPIRES", "EXPIRATION",
        "LIFETIME", "TIMEOUT", "TYPE", "ALGORITHM", "ALG", "HEADER", "ENABLED", "ENABLE",
        "DISABLE", "DISABLED", "REQUIRED", "MIN", "MAX", "VERSION", "FORMAT", "PREFIX", "FIELD",
        "POLICY", "RESET", "ID", "HINT", "ROUNDS", "COST", NULL};
    char words[16][24];
    int n = name_words(name, words, 16);
    if (n == 1 && !strcmp(words[0], "PWD"))
        return 0; /* the shell's working directory */
    int last = -1;
    for (int i = 0; i < n; i++) {
        if (!strcmp(words[i], "PUBLIC") || !strcmp(words[i], "PUB"))
            return 0;
        if (in_list(words[i], secret) ||
            (!strcmp(words[i], "KEY") && i > 0 && in_list(words[i - 1], key_after)))
            last = i;
    }
    if (last < 0)
        return 0;
    /* PASSWORD_FILE, TOKEN_TTL, SECRET_KEY_LENGTH: about the secret, not it
     * (DB_USER_PASSWORD is one) */
    for (int i = last + 1; i < n; i++)
        if (in_list(words[i], not_secret))
            return 0;
    return 1;
}

static int contains_ci(const char *s, const char *w)
{
    return strcasestr(s, w) != NULL;
}

int pl_env_value_is_placeholder(const char *v)
{
    if (!v)
        return 1;
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n == 0)
        return 1;
    /* xxx, ***, ..., 0000, 00000000-0000-0000-...: one character
     * repeated, between separators */
    size_t same = 1;
    while (same < n && (v[same] == v[0] || (v[0] != '-' && v[same] == '-')))
        same++;
    if (same == n && (n >= 3 || !isalnum((unsigned char)v[0])))
        return 1;
    if ((v[0] == '<' && v[n - 1] == '>') || (v[0] == '[' && v[n - 1] == ']') ||
        (n >= 4 && !strncmp(v, "{{", 2) && !strncmp(v + n - 2, "}}", 2)) || v[0] == '$' ||
        strstr(v, "${") != NULL)
        return 1;
    /* get_the_secret_of_above_key, paste_the_token_here: a sentence in
     * snake case (four or more lowercase words) tells what goes there */
    size_t words = 1, letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '_' && i && v[i - 1] != '_')
            words++;
        else if (v[i] >= 'a' && v[i] <= 'z')
            letters++;
        else
            break;
        if (i == n - 1 && words >= 4 && letters + words - 1 == n && v[n - 1] != '_')
            return 1;
    }
    static const char *const prefixes[] = {"your", "my-", "my_", "enter", "insert", "put-",
                                           "put_", "replace", "add-", "add_", "set-", "set_",
                                           "fill", "generate", NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (!strncasecmp(v, *p, strlen(*p)))
            return 1;
    static const char *const parts[] = {"changeme", "change-me", "change_me", "change me",
                                        "changethis", "changeit", "change_it", "change-it",
                                        "replaceme", "replace_me", "replace-me",
                                        "placeholder", "example", "sample", "dummy", "fake",
                                        "todo", "fixme", "tbd", "redacted", "notset",
                                        "not-set", "not_set", "secret_here", "here", "xxxx",
                                        "****", "change-this", "change_this", NULL};
    char buf[128];
    size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, v, k);
    buf[k] = '\0';
    for (const char *const *p = parts; *p; p++)
        if (contains_ci(buf, *p))
            return 1;
    static const char *const whole[] = {
        "secret", "password", "pass", "passwd", "token", "key", "apikey", "api_key", "admin",
        "root", "postgres", "mysql", "user", "guest", "test", "testing", "dev", "development",
        "local", "default", "demo", "none", "null", "nil", "empty", "undefined", "false",
        "true", "0", "1", "1234", "12345", "123456", "12345678", "123456789", "qwerty",
        "abc123", "letmein", "mysecretpassword", "supersecret", "s3cr3t", "foo", "bar",
        "foobar", "value", "string", "required", "optional", "n/a", "na", "-", "yes", "no",
        "on", "off", "hackme", "insecure", NULL};
    for (const char *const *w = whole; *w; w++)
        if (strlen(*w) == n && !strncasecmp(v, *w, n))
            return 1;
    /* a run of digits counting up or down (123456, 987654, 3456): what
     * one types to fill a field, not a secret */
    if (n >= 4 && n <= 10) {
        int up = 1, down = 1;
        for (size_t i = 0; i < n; i++) {
            if (!isdigit((unsigned char)v[i]))
                return 0;
            if (i && v[i] != v[i - 1] + 1)
                up = 0;
            if (i && v[i] != v[i - 1] - 1)
                down = 0;
        }
        return up || down;
    }
    return 0;
}

/* A token of a known issuer: the prefix says it is a credential, whatever
 * the variable is called. */
static int known_token(const char *v)
{
    static const char *const prefixes[] = {
        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "gldt-", "AKIA", "ASIA",
        "sk-", "sk_live_", "rk_live_", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-",
        "AIza", "SG.", "npm_", "pypi-", "hf_", "dop_v1_", "shpat_", "glsa_", "dckr_pat_", NULL};
    while (isspace((unsigned char)*v))
        v++;
    if (!strncmp(v, "-----BEGIN", 10) && strstr(v, "PRIVATE KEY"))
        return 1;
    for (const char *const *p = prefixes; *p; p++) {
        size_t k = strlen(*p);
        if (strncmp(v, *p, k))
            continue;
        size_t body = 0;
        for (const char *q = v + k; isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.';
             q++)
            body++;
        if (body >= 16 && !pl_env_value_is_placeholder(v))
            return 1;
    }
    return 0;
}

static char unleet(char ch)
{
    switch (ch) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '@': return 'a';
    case '$': return 's';
    default: return (char)tolower((unsigned char)ch);
    }
}

enum { CLS_LOWER, CLS_UPPER, CLS_DIGIT, CLS_SEP, CLS_OTHER };

static int cls(char ch)
{
    if (islower((unsigned char)ch))
        return CLS_LOWER;
    if (isupper((unsigned char)ch))
        return CLS_UPPER;
    if (isdigit((unsigned char)ch))
        return CLS_DIGIT;
    if (ch == '-' || ch == '_' || ch == '.' || ch == ' ')
        return CLS_SEP;
    return CLS_OTHER;
}

/* What a generator made rather than a person chose: long hex (keys,
 * UUIDs), or a mix whose character class keeps changing (`9MLSpPmNt`,
 * `ieZaid9soh`) with no word in it. Words, words with digits after them,
 * leetspeak of the words people put in passwords (`P@ssw0rd`,
 * `t0p-s3cr3t`), camel-cased phrases: chosen by a person for a setup. */
static int looks_generated(const char *v)
{
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n < 8 || n > 4096)
        return 0;
    char low[128];
    size_t k = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < k; i++)
        low[i] = unleet(v[i]);
    low[k] = '\0';
    if (pl_env_value_is_placeholder(low) || strstr(low, "pass") || strstr(low, "secret"))
        return 0;
    size_t hex = 0, digits = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (isxdigit((unsigned char)v[i]))
            hex++, digits += isdigit((unsigned char)v[i]) != 0, letters += isalpha((unsigned char)v[i]) != 0;
        else if (v[i] != '-')
            hex = 0, i = n;
    }
    if (hex >= 12 && digits && letters)
        return 1;
    /* class changes, a capital starting a lower-case run aside; the
     * longest run of letters in one case */
    size_t changes = 0, run = 1, longest = 1;
    for (size_t i = 1; i < n; i++) {
        int a = cls(v[i - 1]), b = cls(v[i]);
        if (a == b) {
            run++;
            if ((a == CLS_LOWER || a == CLS_UPPER) && run > longest)
                longest = run;
            continue;
        }
        run = 1;
        if ((a == CLS_UPPER && b == CLS_LOWER) || a == CLS_SEP || b == CLS_SEP)
            continue;
        changes++;
    }
    if (n < 24 && longest >= 5)
        return 0;
    return changes >= 3 && changes * 4 >= n - 1;
}

/* `scheme://user:password@host` with a password that is not a stand-in
 * (DATABASE_URL=postgres://app:s3cr3t@db/app) nor the user name again
 * (postgres://hasura:hasura@db); with `generated`, one that looks
 * generated. */
static int url_with_password(const char *v, int generated)
{
    const char *scheme = v ? strstr(v, "://") : NULL;
    if (!scheme || scheme == v)
        return 0;
    const char *user = scheme + 3;
    size_t n = strcspn(user, "/?#@ \t");
    if (user[n] != '@')
        return 0;
    const char *colon = memchr(user, ':', n);
    if (!colon)
        return 0;
    char pw[256];
    size_t len = (size_t)(user + n - colon - 1);
    if (len >= sizeof pw)
        len = sizeof pw - 1;
    memcpy(pw, colon + 1, len);
    pw[len] = '\0';
    size_t ulen = (size_t)(colon - user);
    if (ulen == len && !strncasecmp(user, pw, len))
        return 0;
    return !pl_env_value_is_placeholder(pw) && (!generated || looks_generated(pw));
}

int pl_env_holds_secret(const char *name, const char *value)
{
    if (!value)
        return 0;
    if (known_token(value))
        return 1;
    if (name && pl_env_name_is_secret(name) && !pl_env_value_is_placeholder(value))
        return 1;
    return url_with_password(value, 0);
}

int pl_env_holds_real_secret(const char *name, const char *value)
{
    if (!value)
        return 0;
    if (known_token(value))
        return 1;
    if (name && pl_env_name_is_secret(name) && !pl_env_value_is_placeholder(value) &&
        looks_generated(value))
        return 1;
    return url_with_password(value, 1);
}

int pl_env_entry_holds_secret(const pl_env_entry *e)
{
    if (!e || e->inherited)
        return 0;
    /* judged as written: `${DB_PASSWORD}` is a reference, not a value */
    return pl_env_holds_secret(e->name, e->raw ? e->raw : e->value);
}

int pl_envfile_text_holds_secret(pl_arena *a, const char *text, size_t len, int *line,
                                 const char **name)
{
    pl_envfile *f = pl_envfile_parse(a, NULL, text, len, NULL);
    for (const pl_env_entry *e = f->entries; e; e = e->next) {
        if (pl_env_entry_holds_secret(e)) {
            if (line)
                *line = e->line;
            if (name)
                *name = e->name;
            return 1;
        }
    }
    return 0;
}
