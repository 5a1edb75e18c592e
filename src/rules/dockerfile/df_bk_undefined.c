/* df_bk_undefined.c — PL1255, BuildKit's UndefinedVar: a variable used by an
 * instruction the builder expands (ENV, LABEL, ADD, COPY and their heredocs,
 * WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults, RUN --mount) that is
 * neither an ARG or ENV in scope (this stage and the stages it builds on)
 * nor set by the base image. Shell-form RUN/CMD/ENTRYPOINT, exec form and
 * EXPOSE are not looked at, as in BuildKit.
 *
 * BuildKit reads the base image's ENV from the registry; plimsoll cannot. It
 * knows the variables the common official images set (below) and PATH,
 * which every image has. On a base image it does not know, only a name
 * within two edits of a defined one is reported (a likely typo), so custom
 * base images do not produce noise. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dfutil.h"

/* Image (Docker Hub repository, or a "registry/path/" prefix) -> the
 * variables its ENV sets. A trailing '*' is a prefix. */
typedef struct {
    const char *image;
    const char *vars;
} base_family;

#define JAVA_ENV "JAVA_HOME JAVA_VERSION JAVA_URL JAVA_SHA256 LANG LANGUAGE LC_ALL "

static const base_family families[] = {
    {"alpine", ""},
    {"debian", ""},
    {"ubuntu", ""},
    {"busybox", ""},
    {"python", "LANG LC_ALL GPG_KEY PYTHONIOENCODING PYTHON_VERSION PYTHON_SHA256 "
               "PYTHON_PIP_VERSION PYTHON_SETUPTOOLS_VERSION PYTHON_GET_PIP_URL "
               "PYTHON_GET_PIP_SHA256"},
    {"node", "NODE_VERSION YARN_VERSION"},
    {"golang", "GOLANG_VERSION GOLANG_COMMIT GOTOOLCHAIN GOPATH"},
    {"openjdk", JAVA_ENV},
    {"eclipse-temurin", JAVA_ENV},
    {"amazoncorretto", JAVA_ENV},
    {"ibm-semeru-runtimes", JAVA_ENV "JAVA_TOOL_OPTIONS"},
    {"sapmachine", JAVA_ENV},
    {"maven", JAVA_ENV "MAVEN_HOME MAVEN_CONFIG"},
    {"gradle", JAVA_ENV "GRADLE_HOME GRADLE_VERSION"},
    {"tomcat", JAVA_ENV "CATALINA_HOME TOMCAT_NATIVE_LIBDIR LD_LIBRARY_PATH GPG_KEYS TOMCAT_MAJOR "
               "TOMCAT_VERSION TOMCAT_SHA512"},
    {"ruby", "LANG RUBY_MAJOR RUBY_VERSION RUBY_DOWNLOAD_URL RUBY_DOWNLOAD_SHA256 GEM_HOME "
             "BUNDLE_SILENCE_ROOT_WARNING BUNDLE_APP_CONFIG"},
    {"php", "PHPIZE_DEPS PHP_INI_DIR APACHE_CONFDIR APACHE_ENVVARS PHP_CFLAGS PHP_CPPFLAGS "
            "PHP_LDFLAGS GPG_KEYS PHP_VERSION PHP_URL PHP_ASC_URL PHP_SHA256"},
    {"rust", "RUSTUP_HOME CARGO_HOME RUST_VERSION"},
    {"nginx", "NGINX_VERSION NJS_VERSION NJS_RELEASE PKG_RELEASE DYNPKG_RELEASE"},
    {"httpd", "HTTPD_PREFIX HTTPD_VERSION HTTPD_SHA256 HTTPD_PATCHES"},
    {"postgres", "GOSU_VERSION LANG PG_MAJOR PG_VERSION PGDATA"},
    {"mysql", "GOSU_VERSION MYSQL_MAJOR MYSQL_VERSION MYSQL_SHELL_VERSION"},
    {"mariadb", "GOSU_VERSION LANG MARIADB_VERSION"},
    {"redis", "REDIS_VERSION REDIS_DOWNLOAD_URL REDIS_DOWNLOAD_SHA"},
    {"erlang", "OTP_VERSION REBAR3_VERSION LANG"},
    {"elixir", "OTP_VERSION REBAR3_VERSION ELIXIR_VERSION LANG"},
    {"julia", "JULIA_PATH JULIA_GPG JULIA_VERSION"},
    {"docker", "DOCKER_VERSION DOCKER_BUILDX_VERSION DOCKER_COMPOSE_VERSION DOCKER_TLS_CERTDIR"},
    {"nvidia/cuda", "NVARCH CUDA_VERSION LD_LIBRARY_PATH LIBRARY_PATH NCCL_VERSION CUDNN_VERSION "
                    "NV_* NVIDIA_*"},
    {"mcr.microsoft.com/dotnet/",
     "APP_UID ASPNETCORE_HTTP_PORTS ASPNETCORE_URLS DOTNET_RUNNING_IN_CONTAINER DOTNET_VERSION "
     "ASPNET_VERSION DOTNET_SDK_VERSION DOTNET_GENERATE_ASPNET_CERTIFICATE DOTNET_NOLOGO "
     "DOTNET_USE_POLLING_FILE_WATCHER NUGET_XMLDOC_MODE POWERSHELL_DISTRIBUTION_CHANNEL"},
};

/* BuildKit's nonEnvArgs: never reported. */
static int non_env_arg(const char *name, size_t len)
{
    return (len == 26 && !strncmp(name, "BUILDKIT_SBOM_SCAN_CONTEXT", 26)) ||
           (len == 24 && !strncmp(name, "BUILDKIT_SBOM_SCAN_STAGE", 24));
}

typedef enum { BASE_SCRATCH, BASE_KNOWN, BASE_UNKNOWN } base_kind;

typedef struct {
    base_kind kind;
    const char *vars; /* BASE_KNOWN: space-separated names */
} base_env;

static base_env root_base(pl_arena *a, const pl_stage *s)
{
    base_env b = {BASE_UNKNOWN, NULL};
    while (s->parent)
        s = s->parent;
    if (s->is_scratch) {
        b.kind = BASE_SCRATCH;
        return b;
    }
    if (s->base_unknown || s->image.error || !s->image.repository)
        return b;
    const char *reg = s->image.registry;
    const char *repo = s->image.repository;
    int hub = !reg || !strcasecmp(reg, "docker.io") || !strcasecmp(reg, "index.docker.io");
    if (hub && !strncmp(repo, "library/", 8))
        repo += 8;
    const char *key = hub ? repo : pl_arena_printf(a, "%s/%s", reg, repo);
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        const char *img = families[i].image;
        size_t n = strlen(img);
        int match = img[n - 1] == '/' ? !strncmp(key, img, n) : !strcmp(key, img);
        if (match) {
            b.kind = BASE_KNOWN;
            b.vars = families[i].vars;
            return b;
        }
    }
    return b;
}

static int family_has(const char *vars, const char *name, size_t len)
{
    for (const char *p = vars; p && *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n && p[n - 1] == '*') {
            if (len >= n - 1 && !strncmp(p, name, n - 1))
                return 1;
        } else if (n == len && !strncmp(p, name, len)) {
            return 1;
        }
        p += n;
    }
    return 0;
}

/* An ARG word or ENV key of stage `s` named `name`. */
static int stage_declares(const pl_stage *s, const char *name, size_t len)
{
    for (int i = 0; i < s->ninstrs; i++) {
        const pl_df_instr *ins = s->instrs[i];
        if (ins->kind == PL_DF_ARG) {
            for (int w = 0; w < ins->nargs; w++) {
                const char *t = ins->args[w].text;
                if (strcspn(t, "=") == len && !strncmp(t, name, len))
                    return 1;
            }
        } else if (ins->kind == PL_DF_ENV) {
            for (int k = 0; k + 2 < ins->nargs; k += 3)
                if (strlen(ins->args[k].text) == len && !strncmp(ins->args[k].text, name, len))
                    return 1;
        }
    }
    return 0;
}

typedef struct {
    pl_check *c;
    const pl_df_instr *ins;
    const pl_stage *stage;
    const pl_var *scope;
    base_env base;
    const char **same_arg; /* names declared earlier in the same ARG */
    int nsame;
    pl_span where;
    const char *reported[16];
    int nreported;
} undef_ctx;

static int is_defined(const undef_ctx *u, const char *name, size_t len)
{
    const char *v;
    if (pl_scope_lookup(u->scope, name, len, &v) != PL_VAR_UNDEFINED)
        return 1;
    for (int i = 0; i < u->nsame; i++)
        if (strlen(u->same_arg[i]) == len && !strncmp(u->same_arg[i], name, len))
            return 1;
    for (const pl_stage *p = u->stage->parent; p; p = p->parent)
        if (stage_declares(p, name, len))
            return 1;
    if (len == 4 && !strncmp(name, "PATH", 4))
        return 1;
    if (u->base.kind == BASE_KNOWN && family_has(u->base.vars, name, len))
        return 1;
    return non_env_arg(name, len);
}

/* Levenshtein distance of short names; 99 when too long to matter. */
static int edit_distance(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    int prev[65], cur[65];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (m + 1));
    }
    return prev[m];
}

typedef struct {
    const char *name;
    size_t len;
    const char *best;
    int bestd;
} suggestion;

static void consider(suggestion *s, const char *cand)
{
    int d = edit_distance(s->name, s->len, cand);
    if (d < s->bestd) {
        s->bestd = d;
        s->best = cand;
    }
}

static void consider_stage(suggestion *s, pl_arena *a, const pl_stage *st)
{
    for (int i = 0; i < st->ninstrs; i++) {
        const pl_df_instr *ins = st->instrs[i];
        if (ins->kind == PL_DF_ARG)
            for (int w = 0; w < ins->nargs; w++) {
                const char *t = ins->args[w].text;
                consider(s, pl_arena_strndup(a, t, strcspn(t, "=")));
            }
        else if (ins->kind == PL_DF_ENV)
            for (int k = 0; k + 2 < ins->nargs; k += 3)
                consider(s, ins->args[k].text);
    }
}

/* BuildKit's "did you mean": the closest defined name at distance < 3. */
static const char *suggest(const undef_ctx *u, const char *name, size_t len)
{
    pl_arena *a = pl_check_arena(u->c);
    suggestion s = {name, len, NULL, 3};
    for (const pl_var *v = u->scope; v; v = v->next)
        consider(&s, v->name);
    for (int i = 0; i < u->nsame; i++)
        consider(&s, u->same_arg[i]);
    for (const pl_stage *p = u->stage->parent; p; p = p->parent)
        consider_stage(&s, a, p);
    consider(&s, "PATH");
    if (u->base.kind == BASE_KNOWN)
        for (const char *p = u->base.vars; *p;) {
            while (*p == ' ')
                p++;
            size_t n = strcspn(p, " ");
            if (n && p[n - 1] != '*')
                consider(&s, pl_arena_strndup(a, p, n));
            p += n;
        }
    return s.best;
}

static void report(undef_ctx *u, const char *name, size_t len, pl_span span)
{
    if (is_defined(u, name, len))
        return;
    pl_arena *a = pl_check_arena(u->c);
    const char *n = pl_arena_strndup(a, name, len);
    for (int i = 0; i < u->nreported; i++)
        if (!strcmp(u->reported[i], n))
            return;
    const char *hint = suggest(u, name, len);
    if (u->base.kind == BASE_UNKNOWN && !hint)
        return;
    if (u->nreported < 16)
        u->reported[u->nreported++] = n;
    pl_fail(u->c, span, NULL, "Usage of undefined variable '$%s'%s%s%s", n,
            hint ? " (did you mean $" : "", hint ? hint : "", hint ? "?)" : "");
}

static pl_var_state undef_lookup(void *ud, const char *name, size_t len, const char **value)
{
    return is_defined(ud, name, len) ? PL_VAR_UNKNOWN : PL_VAR_UNDEFINED;
}

static void undef_ref(void *ud, const char *name, size_t len, pl_var_state st)
{
    undef_ctx *u = ud;
    if (st == PL_VAR_UNDEFINED && len && (isalpha((unsigned char)name[0]) || name[0] == '_'))
        report(u, name, len, pl_df_ref_span(u->ins, u->where, name, len));
}

static void expand_word(undef_ctx *u, const char *word, pl_span where, char escape)
{
    if (!word || !pl_expand_has_vars(word, escape))
        return;
    u->where = where;
    pl_expander ex = {undef_lookup, undef_ref, u, escape};
    const char *out;
    pl_expand_word(pl_check_arena(u->c), &ex, word, &out, NULL);
}

/* Heredoc bodies are expanded without quote processing and always with
 * the backslash as escape (BuildKit's ExpandRaw), so references are found
 * by a plain scan. */
static void scan_heredoc(undef_ctx *u, const pl_df_heredoc *h)
{
    const char escape = '\\';
    const char *s = h->content;
    if (!s)
        return; /* unterminated: the parser reported it */
    int line = h->body_span.line, col = 1;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n') {
            line++;
            col = 1;
            continue;
        }
        if (s[i] == escape && s[i + 1] && s[i + 1] != '\n') {
            i++;
            col += 2;
            continue;
        }
        if (s[i] == '$') {
            size_t p = i + 1 + (s[i + 1] == '{');
            size_t e = p;
            if (isalpha((unsigned char)s[e]) || s[e] == '_')
                while (isalnum((unsigned char)s[e]) || s[e] == '_')
                    e++;
            if (e > p)
                report(u, s + p, e - p, (pl_span){line, col, line, col + (int)(e - i) - 1});
        }
        col++;
    }
}

static int is_build_arg(pl_check *c, const char *name, size_t len)
{
    const pl_workspace *ws = pl_check_workspace(c);
    if (!ws || !ws->opts)
        return 0;
    const pl_strlist *b = &ws->opts->build_args;
    for (int i = 0; i < b->n; i++)
        if (!strncmp(b->items[i], name, len) && b->items[i][len] == '=')
            return 1;
    return 0;
}

static void check_instruction(undef_ctx *u, const pl_df_model *m)
{
    const pl_df_instr *ins = u->ins;
    char esc = m->df->escape ? m->df->escape : '\\';
    pl_arena *a = pl_check_arena(u->c);
    switch (ins->kind) {
    case PL_DF_ENV:
    case PL_DF_LABEL:
        for (int k = 0; k + 1 < ins->nargs; k += 3) {
            expand_word(u, ins->args[k].text, ins->args[k].span, esc);
            expand_word(u, ins->args[k + 1].text, ins->args[k + 1].span, esc);
        }
        break;
    case PL_DF_ARG: {
        u->same_arg = PL_NEW_N(a, const char *, ins->nargs + 1);
        for (int w = 0; w < ins->nargs; w++) {
            const char *t = ins->args[w].text;
            size_t nlen = strcspn(t, "=");
            if (t[nlen] == '=' && !is_build_arg(u->c, t, nlen))
                expand_word(u, t + nlen + 1, ins->args[w].span, esc);
            u->same_arg[u->nsame++] = pl_arena_strndup(a, t, nlen);
        }
        break;
    }
    case PL_DF_ADD:
    case PL_DF_COPY:
        for (int w = 0; w < ins->nargs; w++)
            if (!(ins->nheredocs && !strncmp(ins->args[w].text, "<<", 2)))
                expand_word(u, ins->args[w].text, ins->args[w].span, esc);
        for (int k = 0; k < ins->nflags; k++) {
            const pl_df_flag *fl = &ins->flags[k];
            if (!strcmp(fl->name, "chown") || !strcmp(fl->name, "chmod") ||
                (ins->kind == PL_DF_ADD && !strcmp(fl->name, "checksum")))
                expand_word(u, fl->value, fl->span, esc);
        }
        for (int h = 0; h < ins->nheredocs; h++)
            if (ins->heredocs[h].expand)
                scan_heredoc(u, &ins->heredocs[h]);
        break;
    case PL_DF_WORKDIR:
    case PL_DF_USER:
    case PL_DF_STOPSIGNAL:
    case PL_DF_VOLUME:
        for (int w = 0; w < ins->nargs; w++)
            expand_word(u, ins->args[w].text, ins->args[w].span, esc);
        break;
    case PL_DF_RUN:
        for (int k = 0; k < ins->nflags; k++)
            if (!strcmp(ins->flags[k].name, "mount"))
                expand_word(u, ins->flags[k].value, ins->flags[k].span, esc);
        break;
    default:
        break;
    }
}

void pl_check_variable_undefined(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    pl_arena *a = pl_check_arena(c);
    int unknown_bases = 0;
    for (int s = 0; s < m->nstages; s++) {
        const pl_stage *st = m->stages[s];
        base_env base = root_base(a, st);
        unknown_bases += base.kind == BASE_UNKNOWN;
        for (int i = 0; i < st->ninstrs; i++) {
            undef_ctx u = {c, st->instrs[i], st, m->scope_before[st->instrs[i]->index], base,
                           NULL, 0, {0}, {0}, 0};
            check_instruction(&u, m);
        }
    }
    if (unknown_bases)
        pl_pass(c, (pl_span){0},
                "variables are defined (%d stage%s on a base image whose ENV is not known: only "
                "likely typos are reported there)",
                unknown_bases, unknown_bases == 1 ? "" : "s");
    else
        pl_pass(c, (pl_span){0}, "every variable the build expands is defined");
}
