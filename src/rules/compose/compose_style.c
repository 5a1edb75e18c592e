/* compose_style.c — dclint's style rules, off by default: PL2109
 * no-quotes-in-volumes, PL2110 require-quotes-in-ports, PL2111
 * service-dependencies-alphabetical-order, PL2112 service-keys-order,
 * PL2113 service-ports-alphabetical-order, PL2114
 * services-alphabetical-order, PL2115 top-level-properties-order. */
#include "compose_util.h"

#include <stdlib.h>
#include <string.h>

static const pl_ynode *first_root(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return NULL;
    for (int d = 0; d < y->ndocs; d++)
        if (y->docs[d] && y->docs[d]->kind == PL_YAML_MAP)
            return y->docs[d];
    pl_skip(c, "the file holds no compose document");
    return NULL;
}

static int service_ok(const pl_ypair *svc)
{
    return svc->key && svc->key->kind == PL_YAML_SCALAR && svc->value &&
           svc->value->kind == PL_YAML_MAP;
}

/* ---- PL2109 ------------------------------------------------------------------ */

void pl_check_no_quotes_in_volumes(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    const pl_ynode *services = cu_services(root);
    for (int i = 0; services && i < services->npairs; i++) {
        const pl_ynode *vols = pl_yaml_get(services->pairs[i].value, "volumes");
        if (!vols || vols->kind != PL_YAML_SEQ)
            continue;
        for (int k = 0; k < vols->nitems; k++) {
            const pl_ynode *v = vols->items[k];
            if (v->kind == PL_YAML_SCALAR && v->quoted) {
                /* dclint finds the entry by its text: the first line holding it */
                pl_span at = v->span;
                /* bounded: a search per finding only in files of at most 1 MiB */
                const char *hit = v->len && f->data && f->len <= (1u << 20)
                                      ? memmem(f->data, f->len, v->str, v->len)
                                      : NULL;
                if (hit && f->data) {
                    int line = 1;
                    for (const char *q = f->data; q < hit; q++)
                        line += *q == '\n';
                    if (line < at.line)
                        at.line = at.end_line = line;
                }
                pl_fail(c, at, NULL, "Quotes should not be used in volume names.");
            }
        }
    }
    pl_pass(c, (pl_span){0}, "volume entries are plain");
}

/* ---- PL2110 ------------------------------------------------------------------ */

void pl_check_require_quotes_in_ports(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    pl_arena *a = pl_check_arena(c);
    char want = !strcmp(pl_config_option_string(cu_option(c, "quoteType"), "single"), "double")
                    ? '"'
                    : '\'';
    static const char *default_sections[] = {"ports", "expose"};
    const char **sections = default_sections;
    int nsections = 2;
    const pl_config_value *ps = cu_option(c, "portsSections");
    if (ps && (ps->kind == PL_CV_LIST || ps->kind == PL_CV_STRING))
        nsections = pl_config_option_strings(a, ps, &sections);
    cu_lines lines;
    cu_lines_init(a, &lines, f);
    const pl_ynode *services = cu_services(root);
    for (int s = 0; s < nsections; s++)
        for (int i = 0; services && i < services->npairs; i++) {
            const pl_ynode *list = pl_yaml_get(services->pairs[i].value, sections[s]);
            if (!list || list->kind != PL_YAML_SEQ)
                continue;
            for (int k = 0; k < list->nitems; k++) {
                const pl_ynode *p = list->items[k];
                if (p->kind != PL_YAML_SCALAR)
                    continue;
                if (p->quoted && cu_char_at(&lines, p->span) == want)
                    continue;
                pl_fail(c, p->span, NULL,
                        "Ports in `ports` and `expose` sections should be enclosed in quotes.");
            }
        }
    pl_pass(c, (pl_span){0}, "port entries are quoted");
}

/* ---- PL2111, PL2113: sorted entries ---------------------------------------------- */

static int sorted(const char *const *names, int n, int numeric)
{
    for (int i = 1; i < n; i++)
        if (cu_collate(names[i - 1], names[i], numeric) > 0)
            return 0;
    return 1;
}

void pl_check_service_dependencies_alphabetical_order(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_ynode *services = cu_services(root);
    for (int i = 0; services && i < services->npairs; i++) {
        const pl_ypair *svc = &services->pairs[i];
        if (!service_ok(svc))
            continue;
        const pl_ypair *dep = pl_yaml_pair(svc->value, "depends_on");
        if (!dep || !dep->value)
            continue;
        const pl_ynode *d = dep->value;
        int n = d->kind == PL_YAML_SEQ ? d->nitems : d->kind == PL_YAML_MAP ? d->npairs : 0;
        const char **names = PL_NEW_N(a, const char *, n ? n : 1);
        for (int k = 0; k < n; k++)
            names[k] = cu_text(d->kind == PL_YAML_SEQ ? d->items[k] : d->pairs[k].key);
        if (!sorted(names, n, 0))
            pl_fail(c, cu_dclint_key_span(dep), NULL,
                    "Services in \"depends_on\" for service \"%s\" should be in alphabetical order.",
                    cu_text(svc->key));
    }
    pl_pass(c, (pl_span){0}, "depends_on entries are sorted");
}

void pl_check_service_ports_alphabetical_order(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    pl_arena *a = pl_check_arena(c);
    const pl_ynode *services = cu_services(root);
    for (int i = 0; services && i < services->npairs; i++) {
        const pl_ypair *svc = &services->pairs[i];
        if (!service_ok(svc))
            continue;
        const pl_ypair *ports = pl_yaml_pair(svc->value, "ports");
        if (!ports || !ports->value || ports->value->kind != PL_YAML_SEQ)
            continue;
        int n = ports->value->nitems;
        const char **names = PL_NEW_N(a, const char *, n ? n : 1);
        for (int k = 0; k < n; k++) {
            const char *proto;
            cu_port_published(a, ports->value->items[k], &names[k], &proto);
        }
        if (!sorted(names, n, 1))
            pl_fail(c, cu_dclint_key_span(ports), NULL,
                    "Ports in service \"%s\" should be in alphabetical order.", cu_text(svc->key));
    }
    pl_pass(c, (pl_span){0}, "port entries are sorted");
}

/* ---- PL2114 ------------------------------------------------------------------ */

void pl_check_services_alphabetical_order(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    const pl_ynode *services = cu_services(root);
    if (services && services->npairs > CU_MAX_COMPARED) {
        pl_skip(c, "%d services are more than this rule compares (%d)", services->npairs,
                CU_MAX_COMPARED);
        return;
    }
    /* the message names the smallest earlier name that sorts after it */
    for (int i = 1; services && i < services->npairs; i++) {
        const char *name = cu_text(services->pairs[i].key);
        const char *before = NULL;
        for (int k = 0; k < i; k++) {
            const char *prev = cu_text(services->pairs[k].key);
            if (cu_collate(prev, name, 0) > 0 && (!before || cu_collate(prev, before, 0) < 0))
                before = prev;
        }
        if (before)
            pl_fail(c, cu_key_span(&services->pairs[i]), NULL,
                    "Service \"%s\" should be before \"%s\".", name, before);
    }
    pl_pass(c, (pl_span){0}, "services are sorted by name");
}

/* ---- PL2115 ------------------------------------------------------------------ */

static int cmp_collate(const void *x, const void *y)
{
    return cu_collate(*(const char *const *)x, *(const char *const *)y, 0);
}

static const char *joined(pl_arena *a, const char *const *names, int n)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (int i = 0; i < n; i++)
        pl_sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
    return pl_sb_str(&sb);
}

static int index_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}

void pl_check_top_level_properties_order(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    pl_arena *a = pl_check_arena(c);
    static const char *defaults[] = {"x-properties", "version", "name",    "include", "services",
                                     "networks",     "volumes", "secrets", "configs"};
    const char **order = defaults;
    int norder = (int)(sizeof defaults / sizeof defaults[0]);
    const pl_config_value *co = cu_option(c, "customOrder");
    if (co && co->kind == PL_CV_LIST)
        norder = pl_config_option_strings(a, co, &order);
    if (root->npairs > CU_MAX_COMPARED) {
        pl_skip(c, "%d top-level keys are more than this rule compares (%d)", root->npairs,
                CU_MAX_COMPARED);
        return;
    }
    int nx = 0;
    const char **xs = PL_NEW_N(a, const char *, root->npairs + 1);
    for (int i = 0; i < root->npairs; i++)
        if (!strncmp(cu_text(root->pairs[i].key), "x-", 2))
            xs[nx++] = cu_text(root->pairs[i].key);
    qsort(xs, (size_t)nx, sizeof *xs, cmp_collate);
    const char **correct = PL_NEW_N(a, const char *, norder + nx + 1);
    int ncorrect = 0;
    for (int i = 0; i < norder; i++) {
        if (!strcmp(order[i], "x-properties"))
            for (int k = 0; k < nx; k++)
                correct[ncorrect++] = xs[k];
        else
            correct[ncorrect++] = order[i];
    }
    const char *expected = joined(a, correct, ncorrect);
    cu_lines lines = {0};
    int last = -1;
    for (int i = 0; i < root->npairs; i++) {
        const char *key = cu_text(root->pairs[i].key);
        int at = index_of(correct, ncorrect, key);
        if (at == -1 || at < last) {
            /* dclint finds the key by text: the first line starting with it */
            pl_span at_key = cu_key_span(&root->pairs[i]);
            if (!lines.data)
                cu_lines_init(a, &lines, f);
            if (lines.data) {
                at_key.line = cu_dclint_first_key_line(&lines, key);
                at_key.end_line = at_key.line;
            }
            pl_fail(c, at_key, NULL,
                    "Property \"%s\" is out of order. Expected order is: %s.", key, expected);
        } else
            last = at;
    }
    pl_pass(c, (pl_span){0}, "top-level keys are in order");
}

/* ---- PL2112 ------------------------------------------------------------------ */

static const char *const group_names[] = {
    "Core Definitions",     "Service Dependencies", "Data Management and Configuration",
    "Environment Configuration", "Networking",      "Runtime Behavior",
    "Operational Metadata", "Security and Execution Context", "Other",
};
#define NGROUPS ((int)(sizeof group_names / sizeof group_names[0]))
static const char *const group_keys[NGROUPS][6] = {
    {"image", "build", "container_name"},
    {"depends_on"},
    {"volumes", "volumes_from", "configs", "secrets"},
    {"environment", "env_file"},
    {"ports", "networks", "network_mode", "extra_hosts"},
    {"command", "entrypoint", "working_dir", "restart", "healthcheck"},
    {"logging", "labels"},
    {"user", "isolation"},
    {0},
};

typedef struct {
    const char **keys[NGROUPS];
    int nkeys[NGROUPS];
    const char **order; /* group names */
    int norder;
} key_groups;

static void read_groups(pl_check *c, key_groups *g)
{
    pl_arena *a = pl_check_arena(c);
    const pl_config_value *groups = cu_option(c, "groups");
    for (int i = 0; i < NGROUPS; i++) {
        const pl_config_value *mine = pl_config_value_get(groups, group_names[i]);
        if (mine && (mine->kind == PL_CV_LIST || mine->kind == PL_CV_STRING)) {
            g->nkeys[i] = pl_config_option_strings(a, mine, &g->keys[i]);
            continue;
        }
        g->keys[i] = (const char **)group_keys[i];
        while (g->nkeys[i] < 6 && group_keys[i][g->nkeys[i]])
            g->nkeys[i]++;
    }
    const pl_config_value *order = cu_option(c, "groupOrder");
    if (order && order->kind == PL_CV_LIST) {
        g->norder = pl_config_option_strings(a, order, &g->order);
    } else {
        g->order = (const char **)group_names;
        g->norder = NGROUPS;
    }
}

static int grouped(const key_groups *g, const char *key)
{
    for (int i = 0; i < NGROUPS; i++)
        if (index_of(g->keys[i], g->nkeys[i], key) >= 0)
            return 1;
    return 0;
}

void pl_check_service_keys_order(pl_check *c, const pl_file *f)
{
    const pl_ynode *root = first_root(c, f);
    if (!root)
        return;
    pl_arena *a = pl_check_arena(c);
    key_groups g = {0};
    read_groups(c, &g);
    const pl_ynode *services = cu_services(root);
    for (int i = 0; services && i < services->npairs; i++) {
        const pl_ypair *svc = &services->pairs[i];
        if (!service_ok(svc))
            continue;
        const pl_ynode *m = svc->value;
        if (m->npairs > CU_MAX_COMPARED)
            continue; /* no real service has thousands of keys; bounded work */
        /* the expected order: the groups' keys, then every other key sorted */
        int cap = m->npairs;
        for (int k = 0; k < NGROUPS; k++)
            cap += g.nkeys[k];
        const char **correct = PL_NEW_N(a, const char *, cap + 1);
        int n = 0;
        for (int o = 0; o < g.norder; o++) {
            int gi = index_of(group_names, NGROUPS, g.order[o]);
            for (int k = 0; gi >= 0 && k < g.nkeys[gi]; k++)
                correct[n++] = g.keys[gi][k];
        }
        int first_other = n;
        for (int k = 0; k < m->npairs; k++)
            if (!grouped(&g, cu_text(m->pairs[k].key)) &&
                index_of(correct + first_other, n - first_other, cu_text(m->pairs[k].key)) < 0)
                correct[n++] = cu_text(m->pairs[k].key);
        qsort(correct + first_other, (size_t)(n - first_other), sizeof *correct, cmp_collate);
        const char *expected = NULL;
        int last = -1;
        for (int k = 0; k < m->npairs; k++) {
            const char *key = cu_text(m->pairs[k].key);
            int at = index_of(correct, n, key);
            if (at == -1)
                continue;
            if (at < last) {
                if (!expected)
                    expected = joined(a, correct, n);
                pl_fail(c, cu_dclint_key_span(&m->pairs[k]), NULL,
                        "Key \"%s\" in service \"%s\" is out of order. Expected order is: %s.", key,
                        cu_text(svc->key), expected);
            }
            last = at;
        }
    }
    pl_pass(c, (pl_span){0}, "service keys are in order");
}
