/* security.c — compose services that give away the host: PL2300-PL2310
 * (privileged, docker socket, host namespaces, capabilities, disabled
 * confinement, sensitive host paths, inline secrets, databases published
 * on every interface, and the hardening recommendations). Values compose
 * interpolates (`$`) are not judged. */
#include <string.h>
#include <strings.h>

#include "services.h"
#include "plimsoll/envfile.h"
#include "rules_decl.h"

/* A host agent: an image whose job is to watch or drive the host or its
 * containers (cadvisor, node-exporter, traefik's docker provider, log and
 * metrics collectors, eBPF profilers), so its documentation asks for the
 * socket, host paths, host namespaces or privileged mode. Judged on the
 * repository name of `image:` (the part after the last `/`, before the tag
 * or digest); an interpolated image is not known, so not exempt. */
static const char *host_agent(pl_arena *a, const pl_svc *s)
{
    static const char *const agents[] = {
        "cadvisor", "node-exporter", "node_exporter", "traefik", "portainer", "portainer-ce",
        "portainer-ee", "alloy", "promtail", "grafana-agent", "opentelemetry-collector",
        "opentelemetry-collector-contrib", "opentelemetry-collector-k8s", "otelcol",
        "otelcol-contrib", "opentelemetry-ebpf-profiler", "opentelemetry-collector-ebpf-profiler", "ebpf-profiler", "beyla",
        "acme-companion",
        "docker-socket-proxy", "watchtower", "nginx-proxy", "docker-gen", "telegraf",
        "fluent-bit", "filebeat", "metricbeat", "auditbeat", "packetbeat", "netdata", "falco",
        "dozzle", "autoheal", "ofelia", "diun", "caddy-docker-proxy", "caddy-gen", "vector", "pyroscope",
        "parca-agent", "datadog-agent", "dd-agent", "newrelic-infrastructure", NULL};
    const char *image = pl_svc_get(s->node, "image", NULL);
    if (!image || pl_svc_dynamic(image))
        return NULL;
    const char *slash = strrchr(image, '/');
    const char *name = slash ? slash + 1 : image;
    size_t n = strcspn(name, ":@");
    for (int i = 0; agents[i]; i++)
        if (strlen(agents[i]) == n && !strncasecmp(name, agents[i], n))
            return pl_arena_strndup(a, name, n);
    /* datadog/agent, portainer/agent, grafana/agent: `agent` of a known vendor */
    if (slash && n == 5 && !strncmp(name, "agent", 5)) {
        const char *vendor = image;
        const char *prev = slash;
        while (prev > image && prev[-1] != '/')
            prev--;
        vendor = prev;
        size_t vn = (size_t)(slash - vendor);
        static const char *const vendors[] = {"datadog", "portainer", "grafana", NULL};
        for (int i = 0; vendors[i]; i++)
            if (strlen(vendors[i]) == vn && !strncmp(vendor, vendors[i], vn))
                return pl_arena_strndup(a, vendor, (size_t)(name + n - vendor));
    }
    return NULL;
}

/* ---- PL2300 privileged ------------------------------------------------------------ */

void pl_check_compose_privileged(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    int agents = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *v = pl_yaml_get(s[i].node, "privileged");
        if (pl_svc_true(v) && host_agent(a, &s[i]))
            agents++;
        else if (pl_svc_true(v))
            pl_svc_fail(c, f, v, NULL,
                            "service %s runs privileged: every device and capability of the host",
                            s[i].name);
    }
    if (n)
        pl_svc_pass(c, s, n, agents ? "none runs privileged but a host agent that needs it"
                                    : "none runs privileged");
}

/* ---- volumes ------------------------------------------------------------------------- */

typedef struct {
    const char *source; /* the host path as written */
    const pl_ynode *at;
    int read_only;
} host_mount;

/* The host path a volume entry binds (short `SRC:DST[:MODE]` or long
 * `{type: bind, source: ...}`), or 0 when it binds none or is not known. */
static int bind_mount(pl_arena *a, const pl_ynode *v, host_mount *out)
{
    memset(out, 0, sizeof *out);
    out->at = v;
    if (v->kind == PL_YAML_MAP) {
        const char *type = pl_svc_get(v, "type", NULL);
        const pl_ynode *src = pl_yaml_get(v, "source");
        const char *s = pl_svc_scalar(src);
        if (!s || (type && strcmp(type, "bind")) || (!type && s[0] != '/'))
            return 0;
        out->source = s;
        out->at = src;
        out->read_only = pl_svc_true(pl_yaml_get(v, "read_only"));
    } else {
        const char *s = pl_svc_scalar(v);
        const char *colon = s ? strchr(s, ':') : NULL;
        if (!colon)
            return 0;
        out->source = pl_arena_strndup(a, s, (size_t)(colon - s));
        const char *mode = strchr(colon + 1, ':');
        out->read_only = mode && strstr(mode + 1, "ro") != NULL;
    }
    if (pl_svc_dynamic(out->source))
        return 0;
    return out->source[0] == '/' || out->source[0] == '~' || out->source[0] == '.';
}

/* "/var/run//docker.sock/" → "/var/run/docker.sock" */
static const char *clean_path(pl_arena *a, const char *p)
{
    size_t n = strlen(p);
    char *o = pl_arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '/' && k && o[k - 1] == '/')
            continue;
        o[k++] = p[i];
    }
    while (k > 1 && o[k - 1] == '/')
        k--;
    o[k] = '\0';
    return o;
}

static int is_docker_socket(const char *p)
{
    return !strcmp(p, "/var/run/docker.sock") || !strcmp(p, "/run/docker.sock") ||
           !strcmp(p, "/run/podman/podman.sock") || !strcmp(p, "/var/run/podman/podman.sock");
}

/* ---- PL2301 docker socket ---------------------------------------------------------- */

void pl_check_compose_docker_socket(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    int agents = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *vols = pl_yaml_get(s[i].node, "volumes");
        if (host_agent(a, &s[i])) {
            agents++;
            continue;
        }
        for (int k = 0; vols && vols->kind == PL_YAML_SEQ && k < vols->nitems; k++) {
            host_mount m;
            if (bind_mount(a, vols->items[k], &m) && is_docker_socket(clean_path(a, m.source)))
                pl_svc_fail(c, f, m.at, NULL,
                                "service %s mounts the Docker socket %s%s: whoever controls the "
                                "container controls the host",
                                s[i].name, m.source, m.read_only ? " (read-only still lets it call the API)" : "");
        }
    }
    if (n)
        pl_svc_pass(c, s, n, agents ? "no Docker socket mounted but by a host agent"
                                    : "no Docker socket mounted");
}

/* ---- PL2305 sensitive host paths ---------------------------------------------------- */

/* Host directories whose whole tree must not be handed to a container
 * (exactly these), and those nothing below which may be (prefixes). */
static const char *const sensitive_exact[] = {"/", "/etc", "/dev", "/usr", "/lib", "/bin", "/sbin",
                                              "/var", "/var/run", "/run", "/home", "~", NULL};
static const char *const sensitive_tree[] = {
    "/proc", "/sys", "/boot", "/root", "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet",
    "/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ssh", "/etc/kubernetes", "/etc/docker",
    "~/.ssh", "~/.aws", "~/.kube", "~/.docker", "~/.gnupg", "~/.config/gcloud", NULL};

static const char *sensitive(const char *p)
{
    for (int i = 0; sensitive_exact[i]; i++)
        if (!strcmp(p, sensitive_exact[i]))
            return sensitive_exact[i];
    for (int i = 0; sensitive_tree[i]; i++) {
        size_t n = strlen(sensitive_tree[i]);
        if (!strncmp(p, sensitive_tree[i], n) && (p[n] == '\0' || p[n] == '/'))
            return sensitive_tree[i];
    }
    /* ~/.ssh written through $HOME is dynamic and skipped; /home/<user>/.ssh is not */
    if (!strncmp(p, "/home/", 6)) {
        const char *rest = strchr(p + 6, '/');
        if (rest && (!strncmp(rest, "/.ssh", 5) || !strncmp(rest, "/.aws", 5) ||
                     !strncmp(rest, "/.kube", 6) || !strncmp(rest, "/.gnupg", 7)))
            return rest + 1;
    }
    return NULL;
}

void pl_check_compose_sensitive_mount(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    int agents = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *vols = pl_yaml_get(s[i].node, "volumes");
        if (host_agent(a, &s[i])) {
            agents++;
            continue;
        }
        for (int k = 0; vols && vols->kind == PL_YAML_SEQ && k < vols->nitems; k++) {
            host_mount m;
            if (!bind_mount(a, vols->items[k], &m))
                continue;
            const char *p = clean_path(a, m.source);
            const char *what = is_docker_socket(p) ? NULL : sensitive(p);
            if (what)
                pl_svc_fail(c, f, m.at, NULL,
                                "service %s mounts the host's %s%s", s[i].name, p,
                                m.read_only ? " (read-only, still readable by the container)" : "");
        }
    }
    if (n)
        pl_svc_pass(c, s, n, agents ? "no sensitive host directory mounted but by a host agent"
                                    : "no sensitive host directory mounted");
}

/* ---- PL2302 host namespaces ------------------------------------------------------------ */

void pl_check_compose_host_namespace(pl_check *c, const pl_file *f)
{
    static const char *const keys[] = {"network_mode", "pid", "ipc", "uts", "userns_mode", NULL};
    static const char *const what[] = {"network stack", "process table", "IPC namespace",
                                       "host name", "user namespace", NULL};
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    int agents = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; keys[k] && !(host_agent(a, &s[i]) && ++agents); k++) {
            const pl_ynode *v = pl_yaml_get(s[i].node, keys[k]);
            const char *val = pl_svc_scalar(v);
            if (val && !strcmp(val, "host"))
                pl_svc_fail(c, f, v, NULL, "service %s shares the host's %s (%s: host)",
                                s[i].name, what[k], keys[k]);
        }
    if (n)
        pl_svc_pass(c, s, n, agents ? "no host namespace shared but by a host agent"
                                    : "no host namespace shared");
}

/* ---- PL2303 capabilities ---------------------------------------------------------------- */

/* Capabilities that amount to root on the host, or let a container escape. */
static const char *const dangerous_caps[] = {"ALL",       "SYS_ADMIN", "SYS_MODULE",
                                             "SYS_PTRACE", "SYS_RAWIO", "SYS_BOOT",
                                             "DAC_READ_SEARCH", "BPF", NULL};

void pl_check_compose_dangerous_capabilities(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    for (int i = 0; i < n; i++) {
        const pl_ynode *caps = pl_yaml_get(s[i].node, "cap_add");
        for (int k = 0; caps && caps->kind == PL_YAML_SEQ && k < caps->nitems; k++) {
            const char *cap = pl_svc_scalar(caps->items[k]);
            if (!cap)
                continue;
            const char *bare = !strncasecmp(cap, "CAP_", 4) ? cap + 4 : cap;
            for (int d = 0; dangerous_caps[d]; d++)
                if (!strcasecmp(bare, dangerous_caps[d]))
                    pl_svc_fail(c, f, caps->items[k], NULL,
                                    "service %s adds capability %s%s", s[i].name, cap,
                                    d == 0 ? ": every capability root has"
                                           : ", enough to take over the host");
        }
    }
    if (n)
        pl_svc_pass(c, s, n, "no dangerous capability added");
}

/* ---- PL2304 confinement disabled ---------------------------------------------------------- */

static int unconfined(const char *o)
{
    static const char *const bad[] = {"seccomp:unconfined", "seccomp=unconfined",
                                      "apparmor:unconfined", "apparmor=unconfined",
                                      "label:disable", "label=disable",
                                      "systempaths=unconfined", "systempaths:unconfined", NULL};
    for (int i = 0; bad[i]; i++)
        if (!strcasecmp(o, bad[i]))
            return 1;
    return 0;
}

void pl_check_compose_security_opt_unconfined(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    for (int i = 0; i < n; i++) {
        const pl_ynode *opts = pl_yaml_get(s[i].node, "security_opt");
        for (int k = 0; opts && opts->kind == PL_YAML_SEQ && k < opts->nitems; k++) {
            const char *o = pl_svc_scalar(opts->items[k]);
            if (o && unconfined(o))
                pl_svc_fail(c, f, opts->items[k], NULL,
                                "service %s turns off a kernel confinement profile (%s)", s[i].name, o);
        }
    }
    if (n)
        pl_svc_pass(c, s, n, "seccomp, AppArmor and SELinux profiles left on");
}

/* ---- PL2306 inline secrets ------------------------------------------------------------------ */

/* The shared secret judgement at the grade of a file everybody who clones
 * reads: a dev default for a local database (`POSTGRES_PASSWORD:
 * paperless`) is not a leak; a generated-looking value or a known token
 * is. */
static int secret_value(pl_arena *a, const char *name, const char *value)
{
    (void)a;
    /* `/run/secrets/db-password`: where the program reads its secret from */
    if (!value || pl_svc_dynamic(value) || value[0] == '/')
        return 0;
    return pl_env_holds_real_secret(name, value);
}

void pl_check_compose_inline_secret(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    for (int i = 0; i < n; i++) {
        const pl_ynode *env = pl_yaml_get(s[i].node, "environment");
        if (env && env->kind == PL_YAML_MAP) {
            for (int k = 0; k < env->npairs; k++) {
                const char *name = pl_svc_scalar(env->pairs[k].key);
                const pl_ynode *v = env->pairs[k].value;
                if (name && v && v->kind == PL_YAML_SCALAR && secret_value(a, name, pl_svc_scalar(v)))
                    pl_svc_fail(c, f, v, NULL,
                                    "service %s sets %s to a literal secret in the compose file",
                                    s[i].name, name);
            }
        } else if (env && env->kind == PL_YAML_SEQ) {
            for (int k = 0; k < env->nitems; k++) {
                const char *item = pl_svc_scalar(env->items[k]);
                const char *eq = item ? strchr(item, '=') : NULL;
                if (!eq)
                    continue;
                const char *name = pl_arena_strndup(a, item, (size_t)(eq - item));
                if (secret_value(a, name, eq + 1))
                    pl_svc_fail(c, f, env->items[k], NULL,
                                    "service %s sets %s to a literal secret in the compose file",
                                    s[i].name, name);
            }
        }
    }
    if (n)
        pl_svc_pass(c, s, n, "no secret written in environment:");
}

/* ---- PL2307 databases on every interface --------------------------------------------------- */

static const char *const databases[] = {
    "postgres", "postgresql", "postgis", "timescaledb", "timescaledb-ha", "mysql", "mariadb",
    "percona", "percona-server", "mongo", "mongodb", "mongodb-community-server", "redis",
    "redis-stack", "redis-stack-server", "valkey", "keydb", "memcached", "elasticsearch",
    "opensearch", "cassandra", "scylla", "couchdb", "couchbase", "neo4j", "influxdb",
    "clickhouse-server", "cockroach", "arangodb", "rethinkdb", "etcd", "mssql", "oracle-xe", NULL};

/* The database an image runs, or NULL. */
static const char *database_of(pl_arena *a, const char *image)
{
    const char *repo = pl_svc_image_repo(a, image, NULL);
    if (!repo)
        return NULL;
    if (strstr(repo, "mssql/server"))
        return "mssql";
    const char *slash = strrchr(repo, '/');
    const char *base = slash ? slash + 1 : repo;
    for (int i = 0; databases[i]; i++)
        if (!strcmp(base, databases[i]))
            return databases[i];
    return NULL;
}

/* A published port with no host address (or 0.0.0.0 / ::): on every interface. */
static int port_on_all_interfaces(pl_arena *a, const pl_ynode *p)
{
    if (p->kind == PL_YAML_MAP) {
        const pl_ynode *pub = pl_yaml_get(p, "published");
        const char *ip = pl_svc_get(p, "host_ip", NULL);
        if (pl_svc_dynamic(pl_svc_scalar(pub)) || pl_svc_dynamic(ip))
            return 0;
        return !ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") || !strcmp(ip, "[::]");
    }
    const char *s = pl_svc_scalar(p);
    if (!s || pl_svc_dynamic(s))
        return 0;
    /* "[::1]:5432:5432", "127.0.0.1:5432:5432", "5432:5432", "5432" */
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return 0;
        const char *ip = pl_arena_strndup(a, s + 1, (size_t)(close - s - 1));
        return !strcmp(ip, "::");
    }
    int colons = 0;
    for (const char *q = s; *q; q++)
        colons += *q == ':';
    if (colons < 2)
        return 1;
    return !strncmp(s, "0.0.0.0:", 8) || !strncmp(s, ":", 1);
}

void pl_check_compose_database_exposed(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    if (n && pl_svc_skip_nonproduction(c, f))
        return;
    pl_arena *a = pl_check_arena(c);
    int dbs = 0;
    for (int i = 0; i < n; i++) {
        const char *image = pl_svc_scalar(pl_yaml_get(s[i].node, "image"));
        if (!image || pl_svc_dynamic(image))
            continue;
        const char *db = database_of(a, image);
        if (!db)
            continue;
        dbs++;
        const pl_ynode *ports = pl_yaml_get(s[i].node, "ports");
        for (int k = 0; ports && ports->kind == PL_YAML_SEQ && k < ports->nitems; k++)
            if (port_on_all_interfaces(a, ports->items[k]))
                pl_svc_fail(c, f, ports->items[k], NULL,
                                "service %s (%s) publishes its port on every interface of the "
                                "host, reachable from the network",
                                s[i].name, db);
    }
    if (!n)
        return;
    if (!dbs)
        pl_skip(c, "no service runs a known database image");
    else
        pl_svc_pass(c, s, n, "no database published beyond the host");
}

/* ---- PL2308-PL2310 hardening recommendations ------------------------------------------------- */

static int has_no_new_privileges(const pl_ynode *svc)
{
    const pl_ynode *opts = pl_yaml_get(svc, "security_opt");
    for (int k = 0; opts && opts->kind == PL_YAML_SEQ && k < opts->nitems; k++) {
        const char *o = pl_svc_scalar(opts->items[k]);
        if (o && (!strcasecmp(o, "no-new-privileges") || !strcasecmp(o, "no-new-privileges:true") ||
                  !strcasecmp(o, "no-new-privileges=true")))
            return 1;
    }
    return 0;
}

void pl_check_compose_no_new_privileges(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    for (int i = 0; i < n; i++)
        if (!has_no_new_privileges(s[i].node))
            pl_svc_fail(c, f, s[i].key, NULL,
                            "service %s does not set security_opt: [no-new-privileges:true]",
                            s[i].name);
    if (n)
        pl_svc_pass(c, s, n, "no-new-privileges set");
}

void pl_check_compose_read_only(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    for (int i = 0; i < n; i++) {
        const pl_ynode *ro = pl_yaml_get(s[i].node, "read_only");
        if (pl_svc_dynamic(pl_svc_scalar(ro)))
            continue;
        if (!pl_svc_true(ro))
            pl_svc_fail(c, f, ro ? ro : s[i].key, NULL,
                            "service %s has a writable root file system (read_only is not set)",
                            s[i].name);
    }
    if (n)
        pl_svc_pass(c, s, n, "root file systems read-only");
}

static const pl_ynode *limits_of(const pl_ynode *svc)
{
    return pl_yaml_get(pl_yaml_get(pl_yaml_get(svc, "deploy"), "resources"), "limits");
}

void pl_check_compose_resource_limits(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    for (int i = 0; i < n; i++) {
        const pl_ynode *lim = limits_of(s[i].node);
        int mem = pl_yaml_get(s[i].node, "mem_limit") || pl_yaml_get(lim, "memory");
        int cpu = pl_yaml_get(s[i].node, "cpus") || pl_yaml_get(lim, "cpus") ||
                  pl_yaml_get(s[i].node, "cpu_quota");
        if (!mem || !cpu)
            pl_svc_fail(c, f, s[i].key, NULL, "service %s sets no %s limit", s[i].name,
                            !mem && !cpu ? "memory or CPU" : !mem ? "memory" : "CPU");
    }
    if (n)
        pl_svc_pass(c, s, n, "memory and CPU limited");
}
