/* compose_dclint.c — dclint's best-practice and security rules, with
 * dclint's semantics and its rule names as aliases: PL2101
 * no-build-and-image, PL2102 no-duplicate-container-names, PL2103
 * no-duplicate-exported-ports, PL2104 no-unbound-port-interfaces, PL2105
 * no-version-field, PL2106 require-project-name-field, PL2107
 * service-container-name-regex, PL2108 service-image-require-explicit-tag.
 * Findings sit on the key dclint reports the line of. */
#include "compose_util.h"
#include "plimsoll/hash.h"

#include <stdlib.h>
#include <string.h>

/* Calls `fn` for every service mapping of every document. */
typedef void (*service_fn)(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud);

static int for_each_service(pl_check *c, const pl_file *f, service_fn fn, void *ud)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return -1;
    int n = 0;
    for (int d = 0; d < y->ndocs; d++) {
        const pl_ynode *services = cu_services(y->docs[d]);
        for (int i = 0; services && i < services->npairs; i++) {
            const pl_ypair *svc = &services->pairs[i];
            if (!svc->key || svc->key->kind != PL_YAML_SCALAR || !svc->value ||
                svc->value->kind != PL_YAML_MAP)
                continue;
            n++;
            fn(c, f, svc, ud);
        }
    }
    return n;
}

static void pass_or_skip(pl_check *c, int nservices, const char *what)
{
    if (nservices < 0)
        return;
    if (nservices == 0)
        pl_skip(c, "the file defines no services");
    else
        pl_pass(c, (pl_span){0}, "%d service%s checked: %s", nservices, nservices == 1 ? "" : "s",
                what);
}

/* ---- PL2101 ------------------------------------------------------------------ */

static void build_and_image(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    int check_pull_policy = *(int *)ud;
    const pl_ypair *build = pl_yaml_pair(svc->value, "build");
    if (!build || !pl_yaml_pair(svc->value, "image"))
        return;
    if (check_pull_policy && pl_yaml_pair(svc->value, "pull_policy"))
        return;
    pl_fail(c, cu_dclint_key_span(build), NULL,
            "Service \"%s\" is using both \"build\" and \"image\". Use one of them, but not both.",
            cu_text(svc->key));
}

void pl_check_no_build_and_image(pl_check *c, const pl_file *f)
{
    int check_pull_policy = pl_config_option_bool(cu_option(c, "checkPullPolicy"), 1);
    pass_or_skip(c, for_each_service(c, f, build_and_image, &check_pull_policy),
                 "none has both build and image");
}

/* Whether two services can be up at once. A service without `profiles:`
 * starts with every profile; two services that both have profiles and share
 * none are alternatives (`docker compose --profile a` starts one, `--profile
 * b` the other), so their names and ports never meet. dclint compares every
 * pair regardless: its reading keeps that. A profile written with a variable
 * may be any name, so it counts as shared. */
static int profiles_meet(const pl_ynode *p, const pl_ynode *q)
{
    if (!p || !q || p->kind != PL_YAML_SEQ || q->kind != PL_YAML_SEQ || !p->nitems || !q->nitems)
        return 1;
    for (int i = 0; i < p->nitems; i++) {
        const char *a = cu_text(p->items[i]);
        if (strchr(a, '$'))
            return 1;
        for (int j = 0; j < q->nitems; j++) {
            const char *b = cu_text(q->items[j]);
            if (strchr(b, '$') || !strcmp(a, b))
                return 1;
        }
    }
    return 0;
}

static int can_run_together(pl_check *c, const pl_ypair *s, const pl_ypair *t)
{
    return pl_check_reading(c) == PL_READING_DCLINT ||
           profiles_meet(pl_yaml_get(s->value, "profiles"), pl_yaml_get(t->value, "profiles"));
}

/* ---- PL2102 ------------------------------------------------------------------ */

typedef struct {
    pl_vec names; /* const pl_ypair* of services with a container_name */
} name_seen;

static void container_names(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    name_seen *seen = ud;
    const pl_ypair *cn = pl_yaml_pair(svc->value, "container_name");
    if (!cn || seen->names.len >= CU_MAX_COMPARED)
        return;
    const char *name = cu_text(cn->value);
    for (size_t i = 0; i < seen->names.len; i++) {
        const pl_ypair *other = seen->names.items[i];
        if (!strcmp(cu_text(pl_yaml_get(other->value, "container_name")), name) &&
            can_run_together(c, svc, other)) {
            pl_fail(c, cu_dclint_key_span(cn), NULL,
                    "Service \"%s\" has a duplicate container name \"%s\" with service \"%s\". "
                    "Container names MUST BE unique.",
                    cu_text(svc->key), name, cu_text(other->key));
            return;
        }
    }
    pl_vec_push(pl_check_arena(c), &seen->names, (void *)svc);
}

void pl_check_no_duplicate_container_names(pl_check *c, const pl_file *f)
{
    name_seen seen = {0};
    pass_or_skip(c, for_each_service(c, f, container_names, &seen), "container names are unique");
}

/* ---- PL2103 ------------------------------------------------------------------ */

/* The services publishing one "port/protocol", newest first. */
typedef struct port_user {
    const pl_ypair *svc;
    struct port_user *next;
} port_user;

/* "port/protocol" -> the services publishing it, open addressing. */
typedef struct {
    const char **keys;
    port_user **users;
    size_t cap, len;
    pl_arena *a;
    size_t expanded; /* ports of ranges looked at: bounded */
    int dclint;      /* dclint's reading: a container port alone counts as the host's */
} port_map;

/* Services of one port compared against a new one: bounds the work when
 * many profile alternatives publish the same port. */
#define PORT_USERS_COMPARED 64

static size_t str_hash(const char *s)
{
    return pl_hash_str(s);
}

static size_t port_index(const port_map *m, const char *key)
{
    size_t j = str_hash(key) & (m->cap - 1);
    while (m->keys[j] && strcmp(m->keys[j], key))
        j = (j + 1) & (m->cap - 1);
    return j;
}

/* The first earlier service publishing `key` that can be up with `svc`. */
static const pl_ypair *port_clash(pl_check *c, const port_map *m, const char *key,
                                  const pl_ypair *svc)
{
    if (!m->cap)
        return NULL;
    const port_user *u = m->users[port_index(m, key)];
    const pl_ypair *first = NULL;
    for (int n = 0; u && n < PORT_USERS_COMPARED; u = u->next, n++)
        if (can_run_together(c, u->svc, svc))
            first = u->svc; /* the list is newest first: keep the earliest */
    return first;
}

static void port_claim(port_map *m, const char *key, const pl_ypair *svc)
{
    if ((m->len + 1) * 2 > m->cap) {
        port_map grown = *m;
        grown.cap = m->cap ? m->cap * 2 : 64;
        grown.keys = PL_NEW_N(m->a, const char *, grown.cap);
        grown.users = PL_NEW_N(m->a, port_user *, grown.cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = port_index(&grown, m->keys[i]);
                grown.keys[j] = m->keys[i];
                grown.users[j] = m->users[i];
            }
        grown.len = m->len;
        *m = grown;
    }
    size_t j = port_index(m, key);
    if (m->users[j] && m->users[j]->svc == svc)
        return;
    port_user *u = PL_NEW(m->a, port_user);
    u->svc = svc;
    u->next = m->users[j];
    if (!m->keys[j]) {
        m->keys[j] = key;
        m->len++;
    }
    m->users[j] = u;
}

/* dclint's parsePortsRange: "8080" or "8000-8010"; none for anything else.
 * Returns the count, the first port in *lo. */
static long port_range(const char *s, long *lo)
{
    char *end;
    const char *dash = strchr(s, '-');
    long a = 0, b = 0;
    if (*s) {
        a = strtol(s, &end, 10);
        if (end == s || (dash ? end != dash : *end))
            return 0;
    }
    if (dash) {
        if (dash[1]) {
            b = strtol(dash + 1, &end, 10);
            if (end == dash + 1 || *end)
                return 0;
        }
    }
    if (b == 0)
        b = a;
    if (a > b || b - a > 65535)
        return 0;
    *lo = a;
    return b - a + 1;
}

static void exported_ports(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    port_map *m = ud;
    const pl_ypair *ports = pl_yaml_pair(svc->value, "ports");
    if (!ports || !ports->value || ports->value->kind != PL_YAML_SEQ)
        return;
    const char *name = cu_text(svc->key);
    for (int i = 0; i < ports->value->nitems; i++) {
        const pl_ynode *item = ports->value->items[i];
        /* `- "80"` names the container port alone: compose publishes it on
         * an ephemeral host port, so two services never clash on it
         * (dclint counts it as host port 80: its reading, when the rule is
         * selected by dclint's name, does too) */
        if (!m->dclint && item->kind == PL_YAML_SCALAR && !strchr(cu_text(item), ':'))
            continue;
        const char *port, *proto;
        cu_port_published(m->a, item, &port, &proto);
        long lo;
        long n = port_range(port, &lo);
        if ((m->expanded += (size_t)n) > (1u << 20))
            return; /* no real file publishes a million ports */
        for (long k = 0; k < n; k++) {
            const pl_ypair *owner =
                port_clash(c, m, pl_arena_printf(m->a, "%ld/%s", lo + k, proto), svc);
            if (owner) {
                pl_fail(c, cu_dclint_key_span(ports), NULL,
                        "Service \"%s\" is exporting port \"%s\" which is already used by service "
                        "\"%s\".",
                        name, port, cu_text(owner->key));
                break;
            }
        }
        for (long k = 0; k < n; k++)
            port_claim(m, pl_arena_printf(m->a, "%ld/%s", lo + k, proto), svc);
    }
}

void pl_check_no_duplicate_exported_ports(pl_check *c, const pl_file *f)
{
    port_map m = {.a = pl_check_arena(c), .dclint = pl_check_reading(c) == PL_READING_DCLINT};
    pass_or_skip(c, for_each_service(c, f, exported_ports, &m), "published ports are unique");
}

/* ---- PL2104 ------------------------------------------------------------------ */

/* A long-syntax entry as dclint prints it: {"target":1000,"published":8081} */
static const char *port_json(pl_arena *a, const pl_ynode *item)
{
    if (item->kind == PL_YAML_SCALAR)
        return cu_text(item);
    if (item->kind != PL_YAML_MAP)
        return "[list]";
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_sb_putc(&sb, '{');
    for (int i = 0; i < item->npairs; i++) {
        const pl_ynode *v = item->pairs[i].value;
        pl_sb_printf(&sb, "%s\"%s\":", i ? "," : "", cu_text(item->pairs[i].key));
        if (v && v->kind == PL_YAML_SCALAR && v->stype != PL_YS_STR)
            pl_sb_puts(&sb, v->stype == PL_YS_NULL ? "null" : cu_text(v));
        else
            pl_sb_printf(&sb, "\"%s\"", cu_text(v));
    }
    pl_sb_putc(&sb, '}');
    return pl_sb_str(&sb);
}

static void unbound_ports(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    const pl_ypair *ports = pl_yaml_pair(svc->value, "ports");
    if (!ports || !ports->value || ports->value->kind != PL_YAML_SEQ)
        return;
    for (int i = 0; i < ports->value->nitems; i++) {
        const pl_ynode *item = ports->value->items[i];
        if (*cu_port_host_ip(pl_check_arena(c), item))
            continue;
        pl_fail(c, cu_dclint_key_span(ports), NULL,
                "Service \"%s\" is exporting port \"%s\" without specifying the interface to "
                "listen on.",
                cu_text(svc->key), port_json(pl_check_arena(c), item));
    }
}

void pl_check_no_unbound_port_interfaces(pl_check *c, const pl_file *f)
{
    pass_or_skip(c, for_each_service(c, f, unbound_ports, NULL),
                 "every published port names its interface");
}

/* ---- PL2105, PL2106 ---------------------------------------------------------- */

void pl_check_no_version_field(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return;
    for (int d = 0; d < y->ndocs; d++) {
        const pl_ypair *v = pl_yaml_pair(y->docs[d], "version");
        if (v)
            pl_fail(c, cu_key_span(v), NULL, "The \"version\" field should not be present.");
    }
    pl_pass(c, (pl_span){0}, "no top-level version key");
}

void pl_check_require_project_name_field(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return;
    for (int d = 0; d < y->ndocs; d++) {
        const pl_ynode *root = y->docs[d];
        if (!root || root->kind != PL_YAML_MAP)
            continue;
        const pl_ypair *name = pl_yaml_pair(root, "name");
        if (!name) {
            pl_fail(c, pl_span_make(1, 1, 1, 1), NULL, "The \"name\" field should be present.");
            return;
        }
        pl_pass(c, cu_key_span(name), "project named %s", cu_text(name->value));
        return;
    }
    pl_skip(c, "the file holds no compose document");
}

/* ---- PL2107 ------------------------------------------------------------------ */

static int valid_container_name(const char *s)
{
    /* ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$ */
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
        return 0;
    size_t n = 0;
    for (const char *p = s + 1; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return 0;
    return n > 0;
}

static void container_name_regex(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    const pl_ypair *cn = pl_yaml_pair(svc->value, "container_name");
    if (!cn || valid_container_name(cu_text(cn->value)))
        return;
    /* `${NAME:-app-db}`: compose interpolates before it checks the name,
     * and the value is only known when it runs (dclint judges the text) */
    if (strchr(cu_text(cn->value), '$'))
        return;
    pl_fail(c, cu_dclint_key_span(cn), NULL,
            "Service \"%s\" has an invalid container name \"%s\". It must match the regex pattern "
            "/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.",
            cu_text(svc->key), cu_text(cn->value));
}

void pl_check_service_container_name_regex(pl_check *c, const pl_file *f)
{
    pass_or_skip(c, for_each_service(c, f, container_name_regex, NULL),
                 "container names are valid");
}

/* ---- PL2108 ------------------------------------------------------------------ */

/* dclint's reading (the rule selected by dclint's name): every `image:`
 * of the file as written, its last path part's text after the first `:`
 * as the tag — `app:${TAG}` has one, `${IMAGE}` none, and a service that
 * builds its image is judged too. plimsoll's reading is image_tag.c. */

typedef struct {
    const char **prohibited;
    int n;
} tag_opts;

static int explicit_tag(const tag_opts *o, const char *image)
{
    const char *last = strrchr(image, '/');
    last = last ? last + 1 : image;
    const char *colon = strchr(last, ':');
    if (!colon)
        return 0;
    const char *tag = colon + 1;
    const char *end = strchr(tag, ':');
    size_t n = end ? (size_t)(end - tag) : strlen(tag);
    for (int i = 0; i < o->n; i++)
        if (strlen(o->prohibited[i]) == n && !strncmp(o->prohibited[i], tag, n))
            return 0;
    return 1;
}

static void image_tag(pl_check *c, const pl_file *f, const pl_ypair *svc, void *ud)
{
    const pl_ypair *img = pl_yaml_pair(svc->value, "image");
    if (!img || explicit_tag(ud, cu_text(img->value)))
        return;
    pl_fail(c, cu_dclint_key_span(img), NULL,
            "Service \"%s\" is using the image \"%s\", which does not have a concrete version "
            "tag. Specify a concrete version tag.",
            cu_text(svc->key), cu_text(img->value));
}

void pl_check_service_image_require_explicit_tag(pl_check *c, const pl_file *f)
{
    static const char *defaults[] = {"latest", "stable", "edge",   "test", "nightly",
                                     "dev",    "beta",   "canary", "lts"};
    tag_opts o = {defaults, (int)(sizeof defaults / sizeof defaults[0])};
    const pl_config_value *v = cu_option(c, "prohibitedTags");
    if (v && (v->kind == PL_CV_LIST || v->kind == PL_CV_STRING))
        o.n = pl_config_option_strings(pl_check_arena(c), v, &o.prohibited);
    if (pl_check_reading(c) != PL_READING_DCLINT) {
        pl_compose_judge_image_tags(c, f, o.prohibited, o.n);
        return;
    }
    pass_or_skip(c, for_each_service(c, f, image_tag, &o), "images carry version tags");
}
