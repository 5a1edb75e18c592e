/* loader_checks.c — what compose's loader refuses although the compose-spec
 * schema allows it: mapping keys that are not strings, conflicting
 * `external` settings of volumes/networks/secrets/configs, a bind mount
 * without a source, and a device request whose `count` is neither a number
 * nor "all" or that also names `device_ids`. Reported by compose-schema,
 * since `docker compose config` refuses the file the same way. */
#include <stdio.h>
#include <string.h>

#include "compose_util.h"
#include "loader_checks.h"

/* Maps whose keys compose reads as names: a plain 123 there is an integer
 * key, which compose refuses ("non-string key in services: 123"). */
static void check_string_keys(pl_check *c, const pl_ynode *map, const char *where)
{
    if (!map || map->kind != PL_YAML_MAP)
        return;
    for (int i = 0; i < map->npairs; i++) {
        const pl_ynode *k = map->pairs[i].key;
        if (k && k->kind == PL_YAML_SCALAR && !k->quoted && !k->tag &&
            (k->stype == PL_YS_INT || k->stype == PL_YS_FLOAT))
            pl_fail(c, k->span, NULL, "non-string key in %s: %.*s", where, (int)k->len, k->str);
    }
}

static int is_true(const pl_ynode *n)
{
    return n && n->kind == PL_YAML_SCALAR && n->stype == PL_YS_BOOL &&
           (n->str[0] == 't' || n->str[0] == 'T' || n->str[0] == 'y' || n->str[0] == 'Y' ||
            n->str[0] == 'o' || n->str[0] == 'O');
}

static void check_external(pl_check *c, const pl_ynode *section, const char *kind, int volumes)
{
    if (!section || section->kind != PL_YAML_MAP)
        return;
    static const char *const conflicting[] = {"driver", "driver_opts", "labels"};
    for (int i = 0; i < section->npairs; i++) {
        const pl_ypair *p = &section->pairs[i];
        const pl_ynode *ext = pl_yaml_get(p->value, "external");
        if (!ext)
            continue;
        const char *name = cu_text(p->key);
        if (ext->kind == PL_YAML_MAP && pl_yaml_get(ext, "name") && pl_yaml_get(p->value, "name"))
            pl_fail(c, ext->span, NULL, "%s.%s: name and external.name conflict; only use name",
                    kind, name);
        if (!volumes || !is_true(ext))
            continue;
        for (size_t k = 0; k < sizeof conflicting / sizeof *conflicting; k++) {
            const pl_ypair *q = pl_yaml_pair(p->value, conflicting[k]);
            if (q)
                pl_fail(c, cu_key_span(q), NULL,
                        "%s.%s: conflicting parameters \"external\" and \"%s\" specified", kind,
                        name, conflicting[k]);
        }
    }
}

static void check_bind_sources(pl_check *c, const pl_ynode *svc)
{
    const pl_ynode *vols = pl_yaml_get(svc, "volumes");
    if (!vols || vols->kind != PL_YAML_SEQ)
        return;
    for (int i = 0; i < vols->nitems; i++) {
        const pl_ynode *v = vols->items[i];
        if (v->kind != PL_YAML_MAP || strcmp(cu_text(pl_yaml_get(v, "type")), "bind") != 0)
            continue;
        if (!*cu_text(pl_yaml_get(v, "source")))
            pl_fail(c, v->span, NULL,
                    "invalid mount config for type \"bind\": field Source must not be empty");
    }
}

static int is_count(const pl_ynode *n)
{
    if (n->kind != PL_YAML_SCALAR)
        return 0;
    if (n->stype == PL_YS_INT || n->unresolved)
        return 1;
    const char *s = cu_text(n);
    if (!strcmp(s, "all"))
        return 1;
    if (!*s)
        return 0;
    for (const char *q = (*s == '-') ? s + 1 : s; *q; q++)
        if (*q < '0' || *q > '9')
            return 0;
    return 1;
}

static void check_devices(pl_check *c, const pl_ynode *svc)
{
    const pl_ynode *dev = pl_yaml_get(
        pl_yaml_get(pl_yaml_get(pl_yaml_get(svc, "deploy"), "resources"), "reservations"),
        "devices");
    if (!dev || dev->kind != PL_YAML_SEQ)
        return;
    for (int i = 0; i < dev->nitems; i++) {
        const pl_ynode *count = pl_yaml_get(dev->items[i], "count");
        if (!count)
            continue;
        if (!is_count(count))
            pl_fail(c, count->span, NULL,
                    "invalid value \"%s\", the only value allowed is 'all' or a number",
                    cu_text(count));
        else if (pl_yaml_get(dev->items[i], "device_ids"))
            pl_fail(c, count->span, NULL, "\"count\" and \"device_ids\" attributes are exclusive");
    }
}

void lc_check_document(pl_check *c, const pl_ynode *root)
{
    if (!root || root->kind != PL_YAML_MAP)
        return;
    const pl_ynode *services = cu_services(root);
    check_string_keys(c, services, "services");
    if (services && services->kind == PL_YAML_MAP) {
        for (int i = 0; i < services->npairs; i++) {
            const pl_ynode *svc = services->pairs[i].value;
            if (!svc || svc->kind != PL_YAML_MAP)
                continue;
            const pl_ynode *env = pl_yaml_get(svc, "environment");
            if (env && env->kind == PL_YAML_MAP) {
                char where[256];
                snprintf(where, sizeof where, "services.%s.environment",
                         cu_text(services->pairs[i].key));
                check_string_keys(c, env, where);
            }
            check_bind_sources(c, svc);
            check_devices(c, svc);
        }
    }
    check_external(c, pl_yaml_get(root, "volumes"), "volumes", 1);
    check_external(c, pl_yaml_get(root, "networks"), "networks", 0);
    check_external(c, pl_yaml_get(root, "secrets"), "secrets", 0);
    check_external(c, pl_yaml_get(root, "configs"), "configs", 0);
}
