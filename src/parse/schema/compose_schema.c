/* compose_schema.c — compose documents against the embedded compose-spec
 * schema, with the conversions compose applies while interpolating
 * (compose-go loader/interpolate.go: a string where a boolean or a number
 * is expected is cast before the schema sees it). The schema is compiled
 * once per process and never changes afterwards. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "js_internal.h"

/* build/gen/compose_schema.c: the JSON text, empty when the build had none */
extern const char pl_compose_schema_json[];
extern const unsigned long pl_compose_schema_len;

typedef enum { CAST_INT, CAST_FLOAT, CAST_BOOL } cast_kind;

/* "*" is any key or item, "[]" any sequence item */
static const struct {
    const char *path[6];
    cast_kind cast;
} casts[] = {
    {{"services", "*", "cpu_count"}, CAST_INT},
    {{"services", "*", "cpu_percent"}, CAST_FLOAT},
    {{"services", "*", "cpu_period"}, CAST_INT},
    {{"services", "*", "cpu_quota"}, CAST_INT},
    {{"services", "*", "cpu_rt_period"}, CAST_INT},
    {{"services", "*", "cpu_rt_runtime"}, CAST_INT},
    {{"services", "*", "cpus"}, CAST_FLOAT},
    {{"services", "*", "cpu_shares"}, CAST_INT},
    {{"services", "*", "init"}, CAST_BOOL},
    {{"services", "*", "depends_on", "*", "required"}, CAST_BOOL},
    {{"services", "*", "depends_on", "*", "restart"}, CAST_BOOL},
    {{"services", "*", "deploy", "replicas"}, CAST_INT},
    {{"services", "*", "deploy", "update_config", "parallelism"}, CAST_INT},
    {{"services", "*", "deploy", "update_config", "max_failure_ratio"}, CAST_FLOAT},
    {{"services", "*", "deploy", "rollback_config", "parallelism"}, CAST_INT},
    {{"services", "*", "deploy", "rollback_config", "max_failure_ratio"}, CAST_FLOAT},
    {{"services", "*", "deploy", "restart_policy", "max_attempts"}, CAST_INT},
    {{"services", "*", "deploy", "placement", "max_replicas_per_node"}, CAST_INT},
    {{"services", "*", "healthcheck", "retries"}, CAST_INT},
    {{"services", "*", "healthcheck", "disable"}, CAST_BOOL},
    {{"services", "*", "oom_kill_disable"}, CAST_BOOL},
    {{"services", "*", "oom_score_adj"}, CAST_INT},
    {{"services", "*", "pids_limit"}, CAST_INT},
    {{"services", "*", "ports", "[]", "target"}, CAST_INT},
    {{"services", "*", "privileged"}, CAST_BOOL},
    {{"services", "*", "read_only"}, CAST_BOOL},
    {{"services", "*", "scale"}, CAST_INT},
    {{"services", "*", "stdin_open"}, CAST_BOOL},
    {{"services", "*", "tty"}, CAST_BOOL},
    {{"services", "*", "ulimits", "*"}, CAST_INT},
    {{"services", "*", "ulimits", "*", "hard"}, CAST_INT},
    {{"services", "*", "ulimits", "*", "soft"}, CAST_INT},
    {{"services", "*", "volumes", "[]", "read_only"}, CAST_BOOL},
    {{"services", "*", "volumes", "[]", "volume", "nocopy"}, CAST_BOOL},
    {{"networks", "*", "external"}, CAST_BOOL},
    {{"networks", "*", "internal"}, CAST_BOOL},
    {{"networks", "*", "attachable"}, CAST_BOOL},
    {{"networks", "*", "enable_ipv4"}, CAST_BOOL},
    {{"networks", "*", "enable_ipv6"}, CAST_BOOL},
    {{"volumes", "*", "external"}, CAST_BOOL},
    {{"secrets", "*", "external"}, CAST_BOOL},
    {{"configs", "*", "external"}, CAST_BOOL},
};

static int cast_for(const char *const *path, int depth, cast_kind *out)
{
    if (depth < 3 || depth > 6)
        return 0;
    for (size_t i = 0; i < sizeof casts / sizeof casts[0]; i++) {
        int k = 0;
        while (k < 6 && casts[i].path[k])
            k++;
        if (k != depth)
            continue;
        int ok = 1;
        for (int j = 0; j < depth && ok; j++) {
            const char *want = casts[i].path[j];
            ok = !strcmp(want, "*") || !strcmp(want, path[j]);
        }
        if (ok) {
            *out = casts[i].cast;
            return 1;
        }
    }
    return 0;
}

/* Go's strconv.Atoi / ParseInt(s, 10, 64): an optional sign and digits. */
static int go_int(const char *s)
{
    const char *p = s + (*s == '+' || *s == '-');
    if (!*p)
        return 0;
    for (; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    errno = 0;
    (void)strtoll(s, NULL, 10);
    return errno == 0;
}

static int go_float(const char *s)
{
    if (!*s || isspace((unsigned char)*s))
        return 0;
    char *end;
    (void)strtod(s, &end);
    return *end == '\0';
}

static int go_bool(const char *s)
{
    static const char *const words[] = {"true", "false", "y", "yes", "on", "n", "no", "off"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(s, words[i]))
            return 1;
    return 0;
}

/* Whether a string holds a variable reference ($NAME or ${...}); $$ is a
 * literal dollar. */
static int has_variable(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '$')
            continue;
        char c = s[i + 1];
        if (c == '$') {
            i++;
            continue;
        }
        if (c == '{' || c == '_' || isalpha((unsigned char)c))
            return 1;
    }
    return 0;
}

static int cast_ok(cast_kind k, const char *s)
{
    return k == CAST_INT ? go_int(s) : k == CAST_FLOAT ? go_float(s) : go_bool(s);
}

static pl_js_scalar_view compose_view(void *user, const char *const *path, int depth,
                                      const pl_ynode *n, pl_ystype *type)
{
    const pl_compose_schema_options *o = user;
    /* compose takes a `!reset` value out before validating (it clears what
     * an earlier file set), whatever it is written as */
    if (n->tag && !strcmp(n->tag, "!reset"))
        return PL_JS_AS_UNKNOWN;
    if (n->stype != PL_YS_STR || !n->str)
        return PL_JS_AS_IS;
    if (!o->interpolated && has_variable(n->str, n->len))
        return PL_JS_AS_UNKNOWN;
    cast_kind k;
    if (!cast_for(path, depth, &k) || !cast_ok(k, n->str))
        return PL_JS_AS_IS;
    *type = k == CAST_INT ? PL_YS_INT : k == CAST_FLOAT ? PL_YS_FLOAT : PL_YS_BOOL;
    return PL_JS_AS_TYPE;
}

/* The casts compose would refuse ("invalid boolean: maybe"), found by a
 * walk of the cast paths only. */
static void check_casts(pl_arena *a, const pl_ynode *n, const char **path, int depth,
                        const pl_compose_schema_options *o, pl_jschema_errors *out, int max)
{
    if (!n || depth >= 6 || out->n >= max)
        return;
    if (n->kind == PL_YAML_SCALAR) {
        cast_kind k;
        if (n->stype != PL_YS_STR || !n->str || !cast_for(path, depth, &k))
            return;
        if ((!o->interpolated && has_variable(n->str, n->len)) || cast_ok(k, n->str))
            return;
        pl_strbuf sb;
        pl_sb_init(&sb, a);
        for (int i = 0; i < depth; i++)
            pl_sb_printf(&sb, "%s%s", i ? "." : "", path[i]);
        pl_jschema_error *e = &out->items[out->n++];
        e->node = n;
        e->path = pl_sb_str(&sb);
        e->keyword = "cast";
        e->message = k == CAST_BOOL  ? pl_arena_printf(a, "invalid boolean: %s", n->str)
                     : k == CAST_INT ? pl_arena_printf(a, "invalid integer: %s", n->str)
                                     : pl_arena_printf(a, "invalid number: %s", n->str);
        return;
    }
    if (n->kind == PL_YAML_SEQ) {
        for (int i = 0; i < n->nitems; i++) {
            path[depth] = "[]";
            check_casts(a, n->items[i], path, depth + 1, o, out, max);
        }
        return;
    }
    for (int i = 0; i < n->npairs; i++) {
        const pl_ynode *key = n->pairs[i].key;
        path[depth] = key && key->str ? key->str : "";
        check_casts(a, n->pairs[i].value, path, depth + 1, o, out, max);
    }
}

static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static pl_jschema *compose_schema; /* written once, under schema_once */
static pl_arena *compose_schema_arena;

static void free_compose_schema(void)
{
    pl_jschema_free(compose_schema);
    compose_schema = NULL;
    pl_arena_free(compose_schema_arena);
    compose_schema_arena = NULL;
}

static void compile_compose_schema(void)
{
    if (pl_compose_schema_len == 0)
        return;
    compose_schema_arena = pl_arena_new();
    atexit(free_compose_schema);
    compose_schema = pl_jschema_compile(compose_schema_arena, pl_compose_schema_json,
                                        (size_t)pl_compose_schema_len, NULL);
}

int pl_compose_schema_available(void)
{
    pthread_once(&schema_once, compile_compose_schema);
    return compose_schema != NULL;
}

int pl_compose_schema_validate(pl_arena *a, const pl_ynode *root, pl_jschema_errors *out)
{
    return pl_compose_schema_validate_ex(a, root, NULL, out);
}

int pl_compose_schema_validate_ex(pl_arena *a, const pl_ynode *root,
                                  const pl_compose_schema_options *opts, pl_jschema_errors *out)
{
    pl_compose_schema_options defaults = {0};
    memset(out, 0, sizeof *out);
    if (!pl_compose_schema_available()) {
        out->unavailable = 1;
        return -1;
    }
    const pl_compose_schema_options *o = opts ? opts : &defaults;
    if (!root || root->kind != PL_YAML_MAP) {
        out->items = PL_NEW(a, pl_jschema_error);
        out->items[0].node = root;
        out->items[0].path = "";
        out->items[0].keyword = "type";
        out->items[0].message = "top-level object must be a mapping";
        out->n = 1;
        return 1;
    }
    pl_jschema_options jo = {.scalar_view = compose_view, .user = (void *)o};
    pl_jschema_validate(a, compose_schema, root, &jo, out);
    /* casts compose refuses come first: interpolation runs before the schema */
    const int max_casts = 16;
    pl_jschema_errors casts_found = {.items = PL_NEW_N(a, pl_jschema_error, max_casts)};
    const char *path[6];
    check_casts(a, root, path, 0, o, &casts_found, max_casts);
    if (casts_found.n) {
        pl_jschema_error *all = PL_NEW_N(a, pl_jschema_error, casts_found.n + out->n);
        memcpy(all, casts_found.items, sizeof *all * (size_t)casts_found.n);
        if (out->n)
            memcpy(all + casts_found.n, out->items, sizeof *all * (size_t)out->n);
        out->items = all;
        out->n += casts_found.n;
    }
    return out->n > 0;
}
