/* merge.c — several compose files into one tree, as compose-go's override
 * package does it (compose-spec 13-merge.md): mappings merge key by key,
 * sequences append, a scalar is replaced, a null override keeps the base;
 * then the special cases by path (command/entrypoint/healthcheck.test
 * replace; environment, labels, build.args and friends become "k=v"
 * sequences; depends_on and networks become mappings; build as a string is
 * its context; extra_hosts drop repeats; logging merges only for the same
 * driver; ulimits replace). EnforceUnicity then keeps one entry per key in
 * the sequences merged by key (ports, volumes and devices by target, secrets
 * and configs by target, env_file by path, environment and labels by name).
 *
 * Nodes are never changed in place (aliases share them): a merge builds new
 * containers whose keys and values are the nodes of the file that supplied
 * them, so every value keeps its file and span.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_internal.h"

static const char *const to_sequence[] = {
    "networks.*.labels",
    "volumes.*.labels",
    "services.*.annotations",
    "services.*.build.args",
    "services.*.build.additional_contexts",
    "services.*.build.labels",
    "services.*.deploy.labels",
    "services.*.dns",
    "services.*.dns_opt",
    "services.*.dns_search",
    "services.*.env_file",
    "services.*.label_file",
    "services.*.environment",
    "services.*.labels",
    "services.*.volumes.*.volume.labels",
    "services.*.sysctls",
    "services.*.tmpfs",
    NULL,
};

static int matches_any(const pl_cpath *p, const char *const *patterns)
{
    for (; *patterns; patterns++)
        if (pl_cpath_matches(p, *patterns))
            return 1;
    return 0;
}

static int cmp_str_nodes(const void *x, const void *y)
{
    const pl_ynode *a = *(pl_ynode *const *)x, *b = *(pl_ynode *const *)y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->str, b->str, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Key-to-entry span: a "k=v" item made from a mapping entry points at both. */
static pl_ynode *entry_item(pl_arena *a, const pl_ynode *k, const pl_ynode *v, const char *text)
{
    pl_ynode *n = pl_cn_scalar(a, k, text, strlen(text), PL_YS_STR);
    if (v && v->file == k->file && (v->span.end_line > k->span.end_line ||
                                    (v->span.end_line == k->span.end_line && v->span.end_col > k->span.end_col))) {
        n->span.end_line = v->span.end_line;
        n->span.end_col = v->span.end_col;
    }
    return n;
}

/* compose-go's convertIntoSequence: a mapping becomes sorted "k=v" ("k"
 * for a null value, one item per element of a list value). */
static pl_ynode *into_sequence(pl_arena *a, pl_ynode *n)
{
    if (!n)
        return NULL;
    if (n->kind == PL_YAML_SEQ)
        return n;
    if (n->kind == PL_YAML_SCALAR) {
        if (n->stype == PL_YS_NULL)
            return pl_cn_seq(a, n, 0);
        pl_ynode *s = pl_cn_seq(a, n, 1);
        pl_cn_add_item(s, n);
        return s;
    }
    int cap = 0;
    for (int i = 0; i < n->npairs; i++) {
        const pl_ynode *v = n->pairs[i].value;
        cap += v && v->kind == PL_YAML_SEQ ? v->nitems : 1;
    }
    pl_ynode *s = pl_cn_seq(a, n, cap);
    s->tag = NULL;
    for (int i = 0; i < n->npairs; i++) {
        const pl_ynode *k = n->pairs[i].key, *v = n->pairs[i].value;
        if (pl_cn_is_null(v)) {
            pl_cn_add_item(s, entry_item(a, k, NULL, k->str));
        } else if (v->kind == PL_YAML_SEQ) {
            for (int j = 0; j < v->nitems; j++)
                pl_cn_add_item(s, entry_item(a, k, v->items[j],
                                             pl_arena_printf(a, "%s=%s", k->str,
                                                             v->items[j]->kind == PL_YAML_SCALAR ? v->items[j]->str : "")));
        } else {
            pl_cn_add_item(s, entry_item(a, k, v,
                                         pl_arena_printf(a, "%s=%s", k->str,
                                                         v->kind == PL_YAML_SCALAR ? v->str : "")));
        }
    }
    qsort(s->items, (size_t)s->nitems, sizeof *s->items, cmp_str_nodes);
    return s;
}

static pl_ynode *append_seq(pl_arena *a, pl_ynode *x, pl_ynode *y)
{
    pl_ynode *s = pl_cn_seq(a, x, x->nitems + y->nitems);
    for (int i = 0; i < x->nitems; i++)
        pl_cn_add_item(s, x->items[i]);
    for (int i = 0; i < y->nitems; i++)
        pl_cn_add_item(s, y->items[i]);
    return s;
}

/* compose-go's convertIntoMapping: a list of names becomes a mapping of
 * name -> `dflt` (NULL: null). */
static pl_ynode *into_mapping(pl_cload *l, pl_ynode *n, int depends_on)
{
    if (!n || n->kind != PL_YAML_SEQ)
        return n;
    pl_ynode *m = pl_cn_map(l->a, n, n->nitems);
    m->tag = NULL;
    for (int i = 0; i < n->nitems; i++) {
        pl_ynode *item = n->items[i];
        if (item->kind != PL_YAML_SCALAR)
            continue;
        pl_ynode *v;
        if (depends_on) {
            v = pl_cn_map(l->a, item, 2);
            pl_cn_add_pair(v, pl_cn_scalar(l->a, item, "condition", 9, PL_YS_STR),
                           pl_cn_scalar(l->a, item, "service_started", 15, PL_YS_STR));
            pl_cn_add_pair(v, pl_cn_scalar(l->a, item, "required", 8, PL_YS_STR),
                           pl_cn_scalar(l->a, item, "true", 4, PL_YS_BOOL));
        } else {
            v = pl_cn_scalar(l->a, item, "", 0, PL_YS_NULL);
        }
        pl_cn_add_pair(m, item, v);
    }
    return m;
}

static pl_ynode *merge_mappings(pl_cload *l, pl_ynode *base, pl_ynode *over, pl_cpath *path)
{
    pl_ynode *m = pl_cn_map(l->a, base, base->npairs + over->npairs);
    for (int i = 0; i < base->npairs; i++)
        pl_cn_add_pair(m, base->pairs[i].key, base->pairs[i].value);
    pl_ckeyidx idx;
    pl_ckeyidx_init(l->a, &idx, m, base->npairs + over->npairs);
    for (int i = 0; i < over->npairs; i++) {
        pl_ynode *k = over->pairs[i].key, *v = over->pairs[i].value;
        int at = k->kind == PL_YAML_SCALAR ? pl_ckeyidx_find(&idx, k->str, k->len) : -1;
        if (at < 0) {
            pl_cn_add_pair(m, k, v);
            pl_ckeyidx_add(&idx, m->npairs - 1);
            continue;
        }
        if (!pl_cpath_push(path, k->str)) {
            m->pairs[at].key = k;
            m->pairs[at].value = v;
            continue;
        }
        pl_ynode *merged = pl_compose_merge(l, m->pairs[at].value, v, path);
        path->n--;
        if (merged == v)
            m->pairs[at].key = k; /* the key of the file that supplied the value */
        m->pairs[at].value = merged;
    }
    return m;
}

static pl_ynode *merge_extra_hosts(pl_cload *l, pl_ynode *base, pl_ynode *over)
{
    pl_ynode *x = into_sequence(l->a, base), *y = into_sequence(l->a, over);
    pl_ynode *s = pl_cn_seq(l->a, x, x->nitems + y->nitems);
    for (int i = 0; i < x->nitems; i++)
        pl_cn_add_item(s, x->items[i]);
    for (int i = 0; i < y->nitems; i++) {
        int dup = 0;
        for (int j = 0; j < x->nitems && !dup; j++)
            dup = pl_cn_scalar_eq(x->items[j], y->items[i]);
        if (!dup)
            pl_cn_add_item(s, y->items[i]);
    }
    return s;
}

static pl_ynode *subnet_of(pl_ynode *n)
{
    return n && n->kind == PL_YAML_MAP ? pl_yaml_get(n, "subnet") : NULL;
}

static int same_subnet(pl_ynode *x, pl_ynode *y)
{
    pl_ynode *a = subnet_of(x), *b = subnet_of(y);
    if (!a || !b)
        return !a && !b;
    return pl_cn_scalar_eq(a, b);
}

/* networks.*.ipam.config: entries of the same subnet merge, others append */
static pl_ynode *merge_ipam_config(pl_cload *l, pl_ynode *base, pl_ynode *over, pl_cpath *path)
{
    if (base->kind != PL_YAML_SEQ || over->kind != PL_YAML_SEQ)
        return over;
    pl_ynode *s = pl_cn_seq(l->a, base, base->nitems + over->nitems);
    for (int i = 0; i < base->nitems; i++)
        pl_cn_add_item(s, base->items[i]);
    for (int i = 0; i < over->nitems; i++) {
        int at = -1;
        for (int j = 0; j < s->nitems && at < 0; j++)
            if (same_subnet(s->items[j], over->items[i]))
                at = j;
        if (at >= 0 && s->items[at]->kind == PL_YAML_MAP && over->items[i]->kind == PL_YAML_MAP)
            s->items[at] = merge_mappings(l, s->items[at], over->items[i], path);
        else
            pl_cn_add_item(s, over->items[i]);
    }
    return s;
}

pl_ynode *pl_compose_merge(pl_cload *l, pl_ynode *base, pl_ynode *over, pl_cpath *path)
{
    if (!base)
        return over;
    if (matches_any(path, to_sequence))
        return append_seq(l->a, into_sequence(l->a, base), into_sequence(l->a, over));
    if (pl_cpath_matches(path, "services.*.command") || pl_cpath_matches(path, "services.*.entrypoint") ||
        pl_cpath_matches(path, "services.*.healthcheck.test"))
        return over;
    if (pl_cpath_matches(path, "services.*.extra_hosts") ||
        pl_cpath_matches(path, "services.*.build.extra_hosts"))
        return merge_extra_hosts(l, base, over);
    if (pl_cpath_matches(path, "services.*.depends_on"))
        return merge_mappings(l, into_mapping(l, base, 1), into_mapping(l, over, 1), path);
    if (pl_cpath_matches(path, "services.*.networks") || pl_cpath_matches(path, "services.*.models")) {
        pl_ynode *x = into_mapping(l, base, 0), *y = into_mapping(l, over, 0);
        if (x->kind == PL_YAML_MAP && y->kind == PL_YAML_MAP)
            return merge_mappings(l, x, y, path);
        return pl_cn_is_null(y) ? x : y;
    }
    if (pl_cpath_matches(path, "services.*.build")) {
        pl_ynode *x = base, *y = over;
        if (x->kind == PL_YAML_SCALAR && x->stype != PL_YS_NULL) {
            x = pl_cn_map(l->a, base, 1);
            pl_cn_add_pair(x, pl_cn_scalar(l->a, base, "context", 7, PL_YS_STR), base);
        }
        if (y->kind == PL_YAML_SCALAR && y->stype != PL_YS_NULL) {
            y = pl_cn_map(l->a, over, 1);
            pl_cn_add_pair(y, pl_cn_scalar(l->a, over, "context", 7, PL_YS_STR), over);
        }
        if (x->kind == PL_YAML_MAP && y->kind == PL_YAML_MAP)
            return merge_mappings(l, x, y, path);
        return pl_cn_is_null(y) ? x : y;
    }
    if (pl_cpath_matches(path, "services.*.logging") && base->kind == PL_YAML_MAP &&
        over->kind == PL_YAML_MAP) {
        pl_ynode *d1 = pl_yaml_get(over, "driver"), *d2 = pl_yaml_get(base, "driver");
        if (!d1 || !d2 || pl_cn_scalar_eq(d1, d2))
            return merge_mappings(l, base, over, path);
        return over;
    }
    if (pl_cpath_matches(path, "services.*.ulimits.*"))
        return over;
    if (pl_cpath_matches(path, "networks.*.ipam.config"))
        return merge_ipam_config(l, base, over, path);
    if (pl_cn_is_null(over))
        return base;
    if (base->kind == PL_YAML_MAP) {
        if (over->kind != PL_YAML_MAP) {
            pl_cload_diag_at(l, over, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA, "cannot override %s",
                             pl_cpath_str(l->a, path));
            return base;
        }
        return merge_mappings(l, base, over, path);
    }
    if (base->kind == PL_YAML_SEQ) {
        if (over->kind != PL_YAML_SEQ) {
            pl_cload_diag_at(l, over, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA, "cannot override %s",
                             pl_cpath_str(l->a, path));
            return base;
        }
        return append_seq(l->a, base, over);
    }
    return over;
}

/* ---- unicity ------------------------------------------------------------------------------ */

typedef enum { IDX_KEYVALUE, IDX_VOLUME, IDX_DEVICE, IDX_EXPOSE, IDX_PORT, IDX_ENVFILE, IDX_MOUNT, IDX_SECRET } idx_kind;

static const struct {
    const char *pattern;
    idx_kind kind;
} unique[] = {
    {"networks.*.labels", IDX_KEYVALUE},
    {"networks.*.ipam.options", IDX_KEYVALUE},
    {"services.*.annotations", IDX_KEYVALUE},
    {"services.*.build.args", IDX_KEYVALUE},
    {"services.*.build.additional_contexts", IDX_KEYVALUE},
    {"services.*.build.platform", IDX_KEYVALUE},
    {"services.*.build.tags", IDX_KEYVALUE},
    {"services.*.build.labels", IDX_KEYVALUE},
    {"services.*.cap_add", IDX_KEYVALUE},
    {"services.*.cap_drop", IDX_KEYVALUE},
    {"services.*.configs", IDX_MOUNT},
    {"services.*.deploy.labels", IDX_KEYVALUE},
    {"services.*.dns", IDX_KEYVALUE},
    {"services.*.dns_opt", IDX_KEYVALUE},
    {"services.*.dns_search", IDX_KEYVALUE},
    {"services.*.environment", IDX_KEYVALUE},
    {"services.*.env_file", IDX_ENVFILE},
    {"services.*.expose", IDX_EXPOSE},
    {"services.*.labels", IDX_KEYVALUE},
    {"services.*.links", IDX_KEYVALUE},
    {"services.*.networks.*.aliases", IDX_KEYVALUE},
    {"services.*.networks.*.link_local_ips", IDX_KEYVALUE},
    {"services.*.ports", IDX_PORT},
    {"services.*.profiles", IDX_KEYVALUE},
    {"services.*.secrets", IDX_SECRET},
    {"services.*.sysctls", IDX_KEYVALUE},
    {"services.*.tmpfs", IDX_KEYVALUE},
    {"services.*.volumes", IDX_VOLUME},
    {"services.*.devices", IDX_DEVICE},
};

static const char *str_of(const pl_ynode *n)
{
    return n && n->kind == PL_YAML_SCALAR ? n->str : NULL;
}

/* The target of a short volume spec "[source:]target[:mode]" (compose's
 * format.ParseVolume, without its Windows drive letters). */
static const char *volume_target(pl_arena *a, const char *spec)
{
    const char *c1 = strchr(spec, ':');
    if (!c1)
        return spec;
    const char *t = c1 + 1;
    const char *c2 = strchr(t, ':');
    return c2 ? pl_arena_strndup(a, t, (size_t)(c2 - t)) : t;
}

/* A port entry's identity: long and short forms of the same port agree
 * (compose-go compares them after its canonical transform). */
static const char *port_key(pl_arena *a, const pl_ynode *n)
{
    if (n->kind == PL_YAML_MAP) {
        const char *host = str_of(pl_yaml_get(n, "host_ip"));
        const char *pub = str_of(pl_yaml_get(n, "published"));
        const char *target = str_of(pl_yaml_get(n, "target"));
        const char *proto = str_of(pl_yaml_get(n, "protocol"));
        return pl_arena_printf(a, "%s:%s:%s/%s", host ? host : "", pub ? pub : "", target ? target : "",
                               proto ? proto : "tcp");
    }
    if (n->kind != PL_YAML_SCALAR)
        return NULL;
    /* [[host:]published:]target[/protocol]; an IPv6 host is bracketed */
    const char *s = n->str;
    const char *slash = strrchr(s, '/');
    size_t body = slash ? (size_t)(slash - s) : n->len;
    const char *proto = slash ? slash + 1 : "tcp";
    const char *parts[3] = {"", "", ""};
    size_t lens[3] = {0, 0, 0};
    int np = 0;
    size_t start = 0;
    int bracket = 0;
    for (size_t i = 0; i <= body; i++) {
        if (i < body && s[i] == '[')
            bracket = 1;
        if (i < body && s[i] == ']')
            bracket = 0;
        if (i == body || (s[i] == ':' && !bracket)) {
            if (np == 3)
                return s; /* not a short port: compare as written */
            parts[np] = s + start;
            lens[np] = i - start;
            np++;
            start = i + 1;
        }
    }
    const char *host = "", *pub = "", *target;
    size_t hl = 0, pl = 0, tl;
    if (np == 3)
        host = parts[0], hl = lens[0], pub = parts[1], pl = lens[1], target = parts[2], tl = lens[2];
    else if (np == 2)
        pub = parts[0], pl = lens[0], target = parts[1], tl = lens[1];
    else
        target = parts[0], tl = lens[0];
    return pl_arena_printf(a, "%.*s:%.*s:%.*s/%s", (int)hl, host, (int)pl, pub, (int)tl, target, proto);
}

static const char *entry_key(pl_arena *a, idx_kind kind, const pl_ynode *n)
{
    const char *s = str_of(n);
    switch (kind) {
    case IDX_KEYVALUE:
        if (!s)
            return NULL;
        {
            const char *eq = strchr(s, '=');
            return eq ? pl_arena_strndup(a, s, (size_t)(eq - s)) : s;
        }
    case IDX_VOLUME:
        if (n->kind == PL_YAML_MAP)
            return str_of(pl_yaml_get(n, "target"));
        return s ? volume_target(a, s) : NULL;
    case IDX_DEVICE:
        if (n->kind == PL_YAML_MAP)
            return str_of(pl_yaml_get(n, "target"));
        return s ? volume_target(a, s) : NULL;
    case IDX_EXPOSE:
        return s;
    case IDX_PORT:
        return port_key(a, n);
    case IDX_ENVFILE:
        if (n->kind == PL_YAML_MAP)
            return str_of(pl_yaml_get(n, "path"));
        return s;
    case IDX_MOUNT:
    case IDX_SECRET: {
        const char *dflt = kind == IDX_SECRET ? "/run/secrets" : "";
        if (s)
            return pl_arena_printf(a, "%s/%s", dflt, s);
        if (n->kind != PL_YAML_MAP)
            return NULL;
        const char *t = str_of(pl_yaml_get(n, "target"));
        if (t)
            return t;
        const char *src = str_of(pl_yaml_get(n, "source"));
        return pl_arena_printf(a, "%s/%s", dflt, src ? src : "");
    }
    }
    return NULL;
}

static pl_ynode *dedupe(pl_cload *l, pl_ynode *seq, idx_kind kind)
{
    if (seq->nitems < 2)
        return seq;
    const char **keys = PL_NEW_N(l->a, const char *, seq->nitems);
    pl_ynode *out = NULL;
    int nout = 0;
    /* quadratic only in the entries of one list, which a file writes out */
    for (int i = 0; i < seq->nitems; i++) {
        const char *k = entry_key(l->a, kind, seq->items[i]);
        int at = -1;
        for (int j = 0; k && j < nout && at < 0; j++)
            if (keys[j] && !strcmp(keys[j], k))
                at = j;
        if (at >= 0 && !out) {
            out = pl_cn_seq(l->a, seq, seq->nitems);
            for (int j = 0; j < i; j++)
                pl_cn_add_item(out, seq->items[j]);
        }
        if (at >= 0) {
            out->items[at] = seq->items[i];
            continue;
        }
        keys[nout++] = k;
        if (out)
            pl_cn_add_item(out, seq->items[i]);
    }
    return out ? out : seq;
}

pl_ynode *pl_compose_unicity(pl_cload *l, pl_ynode *n, pl_cpath *path)
{
    if (!n)
        return n;
    if (n->kind == PL_YAML_SEQ) {
        for (size_t i = 0; i < sizeof unique / sizeof *unique; i++)
            if (pl_cpath_matches(path, unique[i].pattern))
                return dedupe(l, n, unique[i].kind);
        return n;
    }
    if (n->kind != PL_YAML_MAP || path->n >= 5)
        return n; /* every pattern is at most five parts deep */
    pl_ynode *out = NULL;
    for (int i = 0; i < n->npairs; i++) {
        const pl_ynode *k = n->pairs[i].key;
        if (k->kind != PL_YAML_SCALAR || !pl_cpath_push(path, k->str))
            continue;
        pl_ynode *v = pl_compose_unicity(l, n->pairs[i].value, path);
        path->n--;
        if (v != n->pairs[i].value && !out) {
            out = pl_cn_copy(l->a, n);
            out->pairs = PL_NEW_N(l->a, pl_ypair, n->npairs);
            memcpy(out->pairs, n->pairs, sizeof *n->pairs * (size_t)n->npairs);
        }
        if (out)
            out->pairs[i].value = v;
    }
    return out ? out : n;
}
