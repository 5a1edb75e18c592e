/* repo_git.c — secrets git tracks: PL6001 (.env files), PL6002 (private
 * keys), PL6003 (credentials files). Repository rules: they run once per
 * run, over the index entries below the checked directories, and report in
 * the offending file. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "plimsoll/discover.h"
#include "plimsoll/envfile.h"
#include "plimsoll/git.h"
#include "plimsoll/workspace.h"
#include "rules_decl.h"

#define CONTENT_MAX (64 * 1024)
/* a service-account key is 2-4 KiB; bigger JSON files are not read */
#define KEY_JSON_MAX (8 * 1024)

/* What a classifier found wrong with one tracked file. */
typedef struct {
    pl_span span;
    const char *message;
    int test_fixture; /* set instead of a finding: a key a test suite uses */
    int not_a_key;    /* named like a key, but its content is none */
} verdict;

typedef struct {
    pl_git *git;
    pl_arena *scratch; /* the entry's content; freed after each entry */
    pl_arena *out;     /* messages */
    const pl_git_entry *entry;
    const char *shown; /* display path, made on demand */
    const char *base;
    const char *data; /* read on demand */
    size_t len;
    int read_done;
    /* plimsoll's own reading of tracked-env-file: only a real-looking
     * secret counts (pl_env_holds_real_secret), not a demo default */
    int real_only;
} tracked_file;

/* Returns 1 and fills *v when the file is a problem. */
typedef int (*classify_fn)(tracked_file *t, verdict *v);

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static pl_arena *scratch(tracked_file *t)
{
    if (!t->scratch)
        t->scratch = pl_arena_new();
    return t->scratch;
}

/* The staged content (at most CONTENT_MAX bytes); NULL when unreadable. */
static const char *content(tracked_file *t)
{
    if (!t->read_done) {
        t->read_done = 1;
        if (pl_git_index_read(t->git, t->entry, scratch(t), CONTENT_MAX, &t->data, &t->len) != 0)
            t->data = NULL;
    }
    return t->data;
}

/* How the report names the file (built only for the few files a rule looks
 * into: the repository may track hundreds of thousands). */
static const char *display(tracked_file *t)
{
    if (!t->shown)
        t->shown = pl_git_display_path(scratch(t), t->git, t->entry->path);
    return t->shown;
}

static pl_span span_at(const char *data, const char *at, size_t width)
{
    int line = 1, col = 1;
    for (const char *p = data; p < at; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return pl_span_make(line, col, line, col + (width ? (int)width - 1 : 0));
}

static pl_span whole_file(void) { return pl_span_make(1, 1, 1, 1); }

/* Runs one classifier over the tracked files the run covers. */
static void scan_tracked(pl_check *c, classify_fn classify, const char *looked_for, int real_only)
{
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !ws->git) {
        pl_skip(c, "not in a git repository");
        return;
    }
    pl_git *g = ws->git;
    if (!pl_git_has_scope(g)) {
        pl_skip(c, "no directory of the repository was checked");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    size_t n = 0, looked = 0;
    int failed = 0, fixtures = 0, not_keys = 0;
    const pl_git_entry *entries = pl_git_index_below(g, "", &n);
    for (size_t i = 0; i < n; i++) {
        const pl_git_entry *e = &entries[i];
        if ((e->mode != PL_GIT_MODE_FILE && e->mode != PL_GIT_MODE_EXECUTABLE) || e->intent_to_add ||
            !pl_git_in_scope(g, e->path) || pl_discover_path_skipped(e->path))
            continue;
        const char *slash = strrchr(e->path, '/');
        tracked_file t = {.git = g, .out = a, .entry = e, .base = slash ? slash + 1 : e->path,
                          .real_only = real_only};
        verdict v = {{0}, NULL, 0, 0};
        looked++;
        /* --changed-since: only what changed is reported */
        if (classify(&t, &v) && !pl_discover_excluded(ws, display(&t)) &&
            pl_git_is_changed(g, e->path)) {
            pl_fail_in(c, pl_arena_strdup(a, display(&t)), v.span, NULL, "%s", v.message);
            failed++;
        }
        fixtures += v.test_fixture;
        not_keys += v.not_a_key;
        pl_arena_free(t.scratch);
    }
    char named[96] = "";
    if (not_keys)
        snprintf(named, sizeof named, "; %d named like a key but holding none in a format read here",
                 not_keys);
    if (!failed && looked && fixtures)
        pl_pass(c, (pl_span){0}, "no %s among %zu tracked files (%d in test fixture or example "
                "folders not counted%s)", looked_for, looked, fixtures, named);
    else if (!failed && looked && not_keys)
        pl_pass(c, (pl_span){0}, "no %s among %zu tracked files (%s)", looked_for, looked,
                named + 2);
    else if (!failed && looked)
        pl_pass(c, (pl_span){0}, "no %s among %zu tracked files", looked_for, looked);
    else if (!failed)
        pl_skip(c, "no tracked file to look at");
}

/* Whether a word of `s[0..n)` (split at `-`, `_` and `.`) is in `words`. */
static int word_part_in(const char *s, size_t n, const char *const *words)
{
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && s[k] != '-' && s[k] != '_' && s[k] != '.')
            k++;
        for (int w = 0; words[w]; w++)
            if (strlen(words[w]) == k - i && !strncasecmp(s + i, words[w], k - i))
                return 1;
        i = k + 1;
    }
    return 0;
}

/* A folder of test data (traefik's integration/fixtures, argo-cd's
 * test/fixture/certs, testdata/, huginn's spec/data_fixtures/, certbot's
 * certbot_integration_tests/) or of examples (mailcow's
 * data/assets/ssl-example/, a snake-oil pair its generate_config.sh
 * replaces at install): keys there are made for the test suite or to be
 * replaced, and protect nothing. A word of a folder's name counts
 * (`test_fixtures`, `ssl-example`). */
static int in_test_folder(const char *path)
{
    static const char *const names[] = {"test", "tests", "testdata", "testing", "fixture",
                                        "fixtures", "__tests__", "e2e", "integration", "spec",
                                        "specs", "example", "examples", "sample", "samples",
                                        "snakeoil", "dummy", NULL};
    for (const char *p = path; *p;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break; /* the last part is the file's own name */
        if (word_part_in(p, (size_t)(slash - p), names))
            return 1;
        p = slash + 1;
    }
    return 0;
}

/* ---- PL6001 tracked-env-file ------------------------------------------------------ */

/* Whether a dot-separated part of `base` is one of `words`. */
static int dot_part_in(const char *base, const char *const *words)
{
    for (const char *p = base; *p;) {
        const char *e = strchr(p, '.');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        for (int i = 0; words[i]; i++)
            if (n == strlen(words[i]) && !strncasecmp(p, words[i], n))
                return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* A dot-separated part of the name says the file is a template. */
static int template_name(const char *base)
{
    static const char *const words[] = {"example", "sample", "template", "dist", NULL};
    return dot_part_in(base, words);
}

static int env_name(const char *base)
{
    if (!strcmp(base, ".env") || !strncmp(base, ".env.", 5))
        return 1;
    return ends_with(base, ".env") && strlen(base) > 4;
}

/* Lines that set a variable (NAME=... , optionally after `export `). */
static int count_assignments(const char *data, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t p = i;
        while (p < e && (data[p] == ' ' || data[p] == '\t'))
            p++;
        if (e - p > 7 && !strncmp(data + p, "export ", 7))
            p += 7;
        size_t name = p;
        while (p < e && (data[p] == '_' || data[p] == '.' || (data[p] >= 'A' && data[p] <= 'Z') ||
                         (data[p] >= 'a' && data[p] <= 'z') || (data[p] >= '0' && data[p] <= '9')))
            p++;
        while (p < e && (data[p] == ' ' || data[p] == '\t'))
            p++;
        if (p > name && p < e && (data[p] == '=' || data[p] == ':') && data[name] != '#')
            n++;
        i = e + 1;
    }
    return n;
}

/* The first entry holding a real-looking secret (a token of a known
 * issuer, a generated-looking value under a secret name, a URL with such a
 * password), or 0: netbox's env/ files and opentelemetry-demo's .env hold
 * the demo's defaults (`POSTGRES_PASSWORD=otel`), outline's .env.test the
 * test suite's, which a reviewer reads as configuration. */
static int real_secret_line(pl_arena *a, const char *data, size_t len)
{
    pl_envfile *ef = pl_envfile_parse(a, NULL, data, len, NULL);
    for (const pl_env_entry *e = ef->entries; e; e = e->next)
        if (!e->inherited && pl_env_holds_real_secret(e->name, e->raw ? e->raw : e->value))
            return e->line;
    return 0;
}

/* A word of the name says the file configures a test run or a
 * developer's setup (outline's .env.test, .env.ci, .env.e2e; snipe-it's
 * .env.unit-tests, .env.testing-ci, .env.dev.docker). */
static int test_env_name(const char *base)
{
    static const char *const words[] = {"test", "tests", "testing", "e2e", "ci", "dev",
                                        "development", NULL};
    return word_part_in(base, strlen(base), words);
}

static int classify_env(tracked_file *t, verdict *v)
{
    if (!env_name(t->base) || template_name(t->base))
        return 0;
    /* a test suite's settings: its keys are made for the tests */
    if (t->real_only && (test_env_name(t->base) || in_test_folder(t->entry->path)))
        return 0;
    const char *data = content(t);
    /* judged by content: settings, fixtures and placeholders are no secret */
    if (data && !pl_envfile_text_holds_secret(scratch(t), data, t->len, NULL, NULL))
        return 0;
    if (t->real_only && (!data || !real_secret_line(scratch(t), data, t->len)))
        return 0;
    int vars = data ? count_assignments(data, t->len) : 0;
    v->span = whole_file();
    v->message = vars ? pl_arena_printf(t->out, "%s is tracked by git (%d variable%s)", display(t),
                                         vars, vars == 1 ? "" : "s")
                      : pl_arena_printf(t->out, "%s is tracked by git", display(t));
    return 1;
}

void pl_check_tracked_env_file(pl_check *c, const pl_file *f)
{
    (void)f;
    scan_tracked(c, classify_env,
                 pl_check_reading(c) == PL_READING_DEFAULT ? ".env file holding a real-looking secret"
                                                           : ".env file",
                 pl_check_reading(c) == PL_READING_DEFAULT);
}

/* ---- PL6002 tracked-private-key ---------------------------------------------------- */

/* The first "-----BEGIN ... PRIVATE KEY-----" line; NULL when none. */
static const char *private_key_block(const char *data, size_t len)
{
    const char *end = data + len;
    for (const char *p = data; p < end;) {
        const char *b = memmem(p, (size_t)(end - p), "-----BEGIN ", 11);
        if (!b)
            return NULL;
        const char *eol = memchr(b, '\n', (size_t)(end - b));
        if (!eol)
            eol = end;
        const char *k = memmem(b, (size_t)(eol - b), "PRIVATE KEY-----", 16);
        if (k)
            return b;
        p = b + 11;
    }
    return NULL;
}

static int is_ssh_key_name(const char *base)
{
    static const char *const names[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
                                        "id_ecdsa_sk", "id_ed25519_sk", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(base, names[i]))
            return 1;
    return 0;
}

/* The version of a DER SEQUENCE that opens with `INTEGER v` (one byte);
 * -1 when the data is no such structure. PKCS#1 and PKCS#8 private keys
 * are version 0, SEC 1 EC keys and PKCS#8 v2 version 1, PKCS#12 (PFX)
 * bundles version 3; certificates and public keys open with a SEQUENCE
 * instead, so they never match. */
static int der_sequence_version(const unsigned char *d, size_t len)
{
    if (len < 5 || d[0] != 0x30)
        return -1;
    size_t at = 2;
    if (d[1] > 0x80) {
        size_t n = d[1] & 0x7f;
        if (n > 4)
            return -1;
        at += n;
    }
    if (len < at + 3 || d[at] != 0x02 || d[at + 1] != 0x01)
        return -1;
    return d[at + 2];
}

/* A JSON Web Key with its private part ("kty" and "d"), alone or in a
 * key set ("keys"). */
static int jwk_private(const char *data, size_t len)
{
    if (!memmem(data, len, "\"kty\"", 5) || !memmem(data, len, "\"d\"", 3))
        return 0;
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(root, "keys");
    int found = 0;
    if (cJSON_IsArray(keys)) {
        const cJSON *k;
        cJSON_ArrayForEach(k, keys)
        {
            if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(k, "d")))
                found = 1;
        }
    } else if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "d")) &&
               cJSON_GetObjectItemCaseSensitive(root, "kty")) {
        found = 1;
    }
    cJSON_Delete(root);
    return found;
}

static int starts_with_bytes(const char *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && !memcmp(data, prefix, n);
}

/* Whether the content is a private key: a PEM private block, an OpenSSH
 * or SSH-1 key, a PuTTY key, a DER private key or PKCS#12 bundle, a JWK
 * with its private part. The name only chooses which files are read: a
 * file named *.key may hold anything (portainer's test asset holds the
 * word "content"), and what it holds decides. */
static int holds_private_key(const char *data, size_t len)
{
    if (private_key_block(data, len))
        return 1;
    if (starts_with_bytes(data, len, "PuTTY-User-Key-File-") ||
        starts_with_bytes(data, len, "SSH PRIVATE KEY FILE FORMAT 1.1\n"))
        return 1;
    int v = der_sequence_version((const unsigned char *)data, len);
    if (v == 0 || v == 1 || v == 3)
        return 1;
    return jwk_private(data, len);
}

static int classify_key(tracked_file *t, verdict *v)
{
    const char *b = t->base;
    if (!is_ssh_key_name(b) && !ends_with(b, ".p12") && !ends_with(b, ".pfx") &&
        !ends_with(b, ".ppk") && !ends_with(b, ".pem") && !ends_with(b, ".key") &&
        !ends_with(b, ".jwk"))
        return 0;
    const char *data = content(t);
    if (!data || t->len == 0)
        return 0; /* nothing to leak */
    if (in_test_folder(t->entry->path)) {
        v->test_fixture = 1;
        return 0;
    }
    if (!holds_private_key(data, t->len)) {
        /* certificates and public keys (PEM blocks) and Keynote documents
         * (zip archives) are known to be no key; anything else (a
         * placeholder, a key in a format not read here) is unknown: the
         * name alone is no evidence */
        if (!memmem(data, t->len, "-----BEGIN ", 11) && !starts_with_bytes(data, t->len, "PK\003\004"))
            v->not_a_key = 1;
        return 0;
    }
    const char *block = private_key_block(data, t->len);
    int encrypted = block && (memmem(data, t->len, "ENCRYPTED", 9) != NULL);
    if (block) {
        const char *eol = memchr(block, '\n', t->len - (size_t)(block - data));
        size_t w = eol ? (size_t)(eol - block) : t->len - (size_t)(block - data);
        if (w && block[w - 1] == '\r')
            w--;
        v->span = span_at(data, block, w);
    } else {
        v->span = whole_file();
    }
    v->message = pl_arena_printf(t->out, "%s is a %sprivate key tracked by git", display(t),
                                 encrypted ? "passphrase-protected " : "");
    return 1;
}

void pl_check_tracked_private_key(pl_check *c, const pl_file *f)
{
    (void)f;
    scan_tracked(c, classify_key, "private key", 0);
}

/* ---- PL6003 tracked-credentials-file ----------------------------------------------- */

/* Finds `"key"` in JSON text, for a position. */
static const char *json_key_at(const char *data, size_t len, const char *key)
{
    char quoted[64];
    int n = snprintf(quoted, sizeof quoted, "\"%s\"", key);
    return memmem(data, len, quoted, (size_t)n);
}

static int service_account_key(tracked_file *t, verdict *v)
{
    if (t->entry->size > KEY_JSON_MAX)
        return 0;
    const char *data = content(t);
    if (!data || !memmem(data, t->len, "\"private_key\"", 13))
        return 0;
    cJSON *root = cJSON_ParseWithLength(data, t->len);
    const cJSON *pk = cJSON_GetObjectItemCaseSensitive(root, "private_key");
    int bad = cJSON_IsString(pk) && pk->valuestring && strstr(pk->valuestring, "PRIVATE KEY");
    cJSON_Delete(root);
    if (!bad)
        return 0;
    v->span = span_at(data, json_key_at(data, t->len, "private_key"), 13);
    v->message = pl_arena_printf(t->out, "%s holds a private key (\"private_key\"), tracked by git",
                                 display(t));
    return 1;
}

static int docker_config_auth(tracked_file *t, verdict *v)
{
    const char *data = content(t);
    if (!data)
        return 0;
    cJSON *root = cJSON_ParseWithLength(data, t->len);
    const cJSON *auths = cJSON_GetObjectItemCaseSensitive(root, "auths");
    const char *which = NULL;
    const cJSON *reg;
    cJSON_ArrayForEach(reg, auths)
    {
        static const char *const keys[] = {"auth", "identitytoken", "password", NULL};
        for (int i = 0; keys[i] && !which; i++) {
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(reg, keys[i]);
            if (cJSON_IsString(s) && s->valuestring && *s->valuestring)
                which = keys[i];
        }
        if (which)
            break;
    }
    cJSON_Delete(root);
    if (!which)
        return 0;
    const char *at = json_key_at(data, t->len, which);
    v->span = at ? span_at(data, at, strlen(which) + 2) : whole_file();
    v->message = pl_arena_printf(t->out, "%s holds registry credentials (\"%s\"), tracked by git",
                                 display(t), which);
    return 1;
}

/* The value of a `key = value` / `key: value` / `key=value` line, or NULL. */
static const char *line_value(const char *line, const char *eol, const char *key, int colon_too)
{
    size_t k = strlen(key);
    if ((size_t)(eol - line) < k || strncasecmp(line, key, k))
        return NULL;
    const char *p = line + k;
    while (p < eol && (*p == ' ' || *p == '\t'))
        p++;
    if (p >= eol || !(*p == '=' || (colon_too && *p == ':')))
        return NULL;
    p++;
    while (p < eol && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static int blank_value(const char *p, const char *eol)
{
    while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '"' || *p == '\''))
        p++;
    return p >= eol;
}

/* ${VAR} (npm expands it from the environment) or an empty value. */
static int env_reference(const char *p, const char *eol)
{
    while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
        eol--;
    if (p < eol && (*p == '"' || *p == '\''))
        p++, eol--;
    if (p >= eol)
        return 1;
    if (eol - p >= 4 && p[0] == '$' && p[1] == '{' && eol[-1] == '}' &&
        !memchr(p + 2, '}', (size_t)(eol - p - 3)))
        return 1;
    return 0;
}

typedef enum { LINES_NPMRC, LINES_PYPIRC, LINES_NETRC, LINES_AWS } lines_kind;

/* The first line that sets a credential, by file format. */
static const char *credential_line(const char *data, size_t len, lines_kind kind, const char **what)
{
    const char *end = data + len;
    for (const char *line = data; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol)
            eol = end;
        const char *p = line;
        while (p < eol && (*p == ' ' || *p == '\t'))
            p++;
        if (p < eol && *p != '#' && *p != ';') {
            if (kind == LINES_NPMRC) {
                /* keys may be scoped to a registry: //host/path/:_authToken=... */
                const char *key = p;
                if (p[0] == '/' && p + 1 < eol && p[1] == '/') {
                    const char *c = NULL;
                    for (const char *q = p; q + 1 < eol && *q != '='; q++)
                        if (q[0] == '/' && q[1] == ':')
                            c = q + 2;
                    key = c ? c : eol;
                }
                static const char *const keys[] = {"_authToken", "_auth", "_password", "password", NULL};
                for (int i = 0; keys[i]; i++) {
                    const char *val = line_value(key, eol, keys[i], 0);
                    if (val && !env_reference(val, eol)) {
                        *what = keys[i];
                        return key;
                    }
                }
            } else if (kind == LINES_PYPIRC) {
                const char *val = line_value(p, eol, "password", 1);
                if (val && !blank_value(val, eol)) {
                    *what = "password";
                    return p;
                }
            } else if (kind == LINES_AWS) {
                const char *val = line_value(p, eol, "aws_secret_access_key", 0);
                if (val && !blank_value(val, eol)) {
                    *what = "aws_secret_access_key";
                    return p;
                }
            } else {
                /* netrc: whitespace-separated tokens; `password` takes the next */
                for (const char *q = p; q < eol;) {
                    while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
                        q++;
                    const char *w = q;
                    while (q < eol && *q != ' ' && *q != '\t' && *q != '\r')
                        q++;
                    if (q - w == 8 && !strncmp(w, "password", 8)) {
                        *what = "password";
                        return w;
                    }
                }
            }
        }
        line = eol + 1;
    }
    return NULL;
}

static int parent_dir_is(const char *path, const char *base, const char *dir)
{
    size_t pl = strlen(path), bl = strlen(base), dl = strlen(dir);
    if (pl < bl + 1 + dl)
        return 0;
    const char *d = path + pl - bl - 1 - dl;
    return !strncmp(d, dir, dl) && d[dl] == '/' && (d == path || d[-1] == '/');
}

static int classify_credentials(tracked_file *t, verdict *v)
{
    const char *b = t->base;
    if (!strcmp(b, "credentials.json") || !strcmp(b, ".git-credentials")) {
        const char *data = content(t);
        if (!data || t->len == 0)
            return 0;
        v->span = whole_file();
        v->message = pl_arena_printf(t->out, "%s is a credentials file tracked by git", display(t));
        return 1;
    }
    if (!strcmp(b, "config.json") && parent_dir_is(t->entry->path, b, ".docker"))
        return docker_config_auth(t, v);
    if (ends_with(b, ".json"))
        return service_account_key(t, v);
    lines_kind kind;
    if (!strcmp(b, ".npmrc"))
        kind = LINES_NPMRC;
    else if (!strcmp(b, ".pypirc"))
        kind = LINES_PYPIRC;
    else if (!strcmp(b, ".netrc") || !strcmp(b, "_netrc"))
        kind = LINES_NETRC;
    else if (!strcmp(b, "credentials") && parent_dir_is(t->entry->path, b, ".aws"))
        kind = LINES_AWS;
    else
        return 0;
    const char *data = content(t);
    const char *what = NULL;
    const char *at = data ? credential_line(data, t->len, kind, &what) : NULL;
    if (!at)
        return 0;
    v->span = span_at(data, at, strlen(what));
    v->message = pl_arena_printf(t->out, "%s sets %s, tracked by git", display(t), what);
    return 1;
}

void pl_check_tracked_credentials_file(pl_check *c, const pl_file *f)
{
    (void)f;
    scan_tracked(c, classify_credentials, "credentials file", 0);
}
