/* reliability.c — compose services that will not start or stay up as
 * written: PL2400 waiting on a health check nobody defines, PL2401 no
 * restart policy, PL2402 host.docker.internal without host-gateway, PL2403
 * GPUs for an image that cannot use them, PL2404 a fixed container name
 * with several replicas. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../dockerfile/df_runtime_util.h"
#include "services.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/model.h"
#include "rules_decl.h"

/* ---- health checks ----------------------------------------------------------------------- */

typedef enum { HC_NO, HC_YES, HC_UNKNOWN } hc_state;

/* `healthcheck:` with a test: YES; disabled or `NONE`: NO; timing only (the
 * image's test applies) or absent: UNKNOWN, for the image to decide. */
static hc_state compose_healthcheck(const pl_ynode *svc, const char **why)
{
    const pl_ynode *hc = pl_yaml_get(svc, "healthcheck");
    if (!hc || hc->kind != PL_YAML_MAP)
        return HC_UNKNOWN;
    if (pl_svc_true(pl_yaml_get(hc, "disable"))) {
        *why = "its healthcheck: says disable: true";
        return HC_NO;
    }
    const pl_ynode *t = pl_yaml_get(hc, "test");
    if (!t)
        return HC_UNKNOWN;
    const char *first = t->kind == PL_YAML_SEQ && t->nitems ? pl_svc_scalar(t->items[0])
                                                            : pl_svc_scalar(t);
    if (first && !strcasecmp(first, "NONE")) {
        *why = "its healthcheck: test is NONE";
        return HC_NO;
    }
    return HC_YES;
}

/* The final stage of the Dockerfile a service builds (its target), read
 * from disk; NULL when it cannot be read. */
static const pl_stage *built_stage(pl_arena *a, const pl_svc_build *b)
{
    size_t len;
    char *text = b->known && b->dockerfile ? pl_svc_read(a, b->dockerfile, &len) : NULL;
    if (!text)
        return NULL;
    pl_dockerfile *df = pl_dockerfile_parse(a, b->dockerfile, text, len);
    pl_df_model *m = pl_model_build(a, df, NULL, 0);
    if (b->target && pl_model_set_target(m, b->target, 1) != 0)
        return NULL;
    return m->final;
}

/* Whether the image a service runs defines a HEALTHCHECK. Docker's
 * official images define none (their maintainers leave it to the user);
 * other images are not known without pulling them. */
static hc_state image_healthcheck(pl_arena *a, const pl_workspace *ws, const pl_svc *t,
                                  const char **why)
{
    pl_svc_build b;
    pl_svc_build_of(a, t, &b);
    if (b.builds) {
        const pl_stage *fin = built_stage(a, &b);
        if (!fin) {
            *why = b.why_unknown ? b.why_unknown : "its Dockerfile could not be read";
            return HC_UNKNOWN;
        }
        const pl_stage **chain;
        int n = pl_rt_chain(a, fin, &chain);
        for (int k = n - 1; k >= 0; k--) {
            const pl_df_instr *h = pl_stage_last(chain[k], PL_DF_HEALTHCHECK);
            if (!h)
                continue;
            if (h->nargs < 1 || !strcasecmp(h->args[0].text, "NONE")) {
                *why = pl_arena_printf(a, "its Dockerfile says HEALTHCHECK NONE (%s:%d)",
                                       b.dockerfile, h->span.line);
                return HC_NO;
            }
            *why = pl_arena_printf(a, "HEALTHCHECK at %s:%d", b.dockerfile, h->span.line);
            return HC_YES;
        }
        const pl_stage *root = n ? chain[0] : fin;
        if (root->is_scratch || (!root->base_unknown && pl_svc_image_pulled_official(ws, root->base))) {
            *why = pl_arena_printf(a, "neither compose nor its Dockerfile (%s) defines one, nor "
                                      "does its base image %s",
                                   b.dockerfile, root->is_scratch ? "scratch" : root->base);
            return HC_NO;
        }
        *why = pl_arena_printf(a, "whether its base image %s defines a HEALTHCHECK is not known",
                               root->base ? root->base : "?");
        return HC_UNKNOWN;
    }
    const char *image = pl_svc_scalar(pl_yaml_get(t->node, "image"));
    if (!image || pl_svc_dynamic(image)) {
        *why = "its image is not known statically";
        return HC_UNKNOWN;
    }
    if (pl_svc_image_pulled_official(ws, image)) {
        *why = pl_arena_printf(a, "it has no healthcheck:, and the official image %s defines "
                                  "no HEALTHCHECK",
                               image);
        return HC_NO;
    }
    *why = pl_arena_printf(a, "whether the image %s defines a HEALTHCHECK is not known", image);
    return HC_UNKNOWN;
}

/* ---- PL2400 ---------------------------------------------------------------------------------- */

void pl_check_compose_healthy_dependency(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int waits = 0, unknown = 0;
    const char *last_unknown = NULL;
    hc_state *state = PL_NEW_N(a, hc_state, n + 1);
    const char **whys = PL_NEW_N(a, const char *, n + 1);
    char *judged = PL_NEW_N(a, char, n + 1);
    pl_svc_index ix;
    pl_svc_index_build(a, s, n, &ix);
    for (int i = 0; i < n; i++) {
        const pl_ynode *deps = pl_yaml_get(s[i].node, "depends_on");
        for (int k = 0; deps && deps->kind == PL_YAML_MAP && k < deps->npairs; k++) {
            const char *dep = pl_svc_scalar(deps->pairs[k].key);
            const pl_ynode *cond = pl_yaml_get(deps->pairs[k].value, "condition");
            const char *cs = pl_svc_scalar(cond);
            if (!dep || !cs || strcmp(cs, "service_healthy"))
                continue;
            waits++;
            const pl_svc *t = pl_svc_index_find(&ix, dep);
            if (!t) /* an undefined service is the reference rule's finding */
                continue;
            /* each service's image is read once, however many wait on it */
            int ti = (int)(t - s);
            if (!judged[ti]) {
                state[ti] = compose_healthcheck(t->node, &whys[ti]);
                if (state[ti] == HC_UNKNOWN)
                    state[ti] = image_healthcheck(a, pl_check_workspace(c), t, &whys[ti]);
                judged[ti] = 1;
            }
            hc_state st = state[ti];
            const char *why = whys[ti];
            if (st == HC_NO)
                pl_svc_fail(c, f, cond, NULL,
                                "service %s waits for %s to be healthy, but %s has no health "
                                "check: %s",
                                s[i].name, dep, dep, why);
            else if (st == HC_UNKNOWN) {
                unknown++;
                last_unknown = pl_arena_printf(a, "%s waits for %s: %s", s[i].name, dep, why);
            }
        }
    }
    if (!n)
        return;
    if (!waits)
        pl_skip(c, "no depends_on with condition: service_healthy");
    else if (unknown == waits)
        pl_skip(c, "%s", last_unknown);
    else if (unknown)
        pl_svc_pass(c, s, n,
                    pl_arena_printf(a, "%d of %d waits on a health check that exists; the other "
                                       "images are not known statically",
                                    waits - unknown, waits));
    else
        pl_svc_pass(c, s, n, "every service waited on as healthy has a health check");
}

/* ---- PL2401 ---------------------------------------------------------------------------------- */

static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; (p = strcasestr(p, word)); p += n) {
        int before = p == text || !isalnum((unsigned char)p[-1]);
        int after = !isalpha((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

/* The text of `command:` / `entrypoint:` (string or list), words joined. */
static const char *command_text(pl_arena *a, const pl_ynode *v)
{
    if (!v)
        return "";
    if (v->kind == PL_YAML_SCALAR)
        return pl_svc_scalar(v) ? v->str : "";
    const char *t = "";
    for (int i = 0; v->kind == PL_YAML_SEQ && i < v->nitems && i < 64; i++)
        if (pl_svc_scalar(v->items[i]))
            t = pl_arena_printf(a, "%s %s", t, v->items[i]->str);
    return t;
}

/* Services another one waits for with service_completed_successfully,
 * marked by index. */
char *pl_svc_awaited_to_complete(pl_arena *a, const pl_svc *s, int n)
{
    char *mark = PL_NEW_N(a, char, n + 1);
    pl_svc_index ix;
    pl_svc_index_build(a, s, n, &ix);
    for (int i = 0; i < n; i++) {
        const pl_ynode *deps = pl_yaml_get(s[i].node, "depends_on");
        for (int k = 0; deps && deps->kind == PL_YAML_MAP && k < deps->npairs; k++) {
            const char *cs = pl_svc_get(deps->pairs[k].value, "condition", NULL);
            const pl_svc *t = pl_svc_index_find(&ix, pl_svc_scalar(deps->pairs[k].key));
            if (t && cs && !strcmp(cs, "service_completed_successfully"))
                mark[t - s] = 1;
        }
    }
    return mark;
}

/* A service that runs to completion: another one waits for it to complete,
 * or its command migrates, seeds, initialises, installs, builds or tests. */
const char *pl_svc_one_shot(pl_arena *a, const char *awaited, const pl_svc *s, const pl_svc *svc)
{
    if (awaited[svc - s])
        return "another service waits for it to complete";
    static const char *const words[] = {"migrate", "migration", "migrations", "seed", "init",
                                        "setup", "install", "build", "test", "pytest", "exit",
                                        "true", "createsuperuser", "collectstatic", NULL};
    const char *cmd = pl_arena_printf(a, "%s %s", command_text(a, pl_yaml_get(svc->node, "entrypoint")),
                                      command_text(a, pl_yaml_get(svc->node, "command")));
    if (strlen(cmd) > 4096)
        return NULL;
    for (int i = 0; words[i]; i++)
        if (has_word(cmd, words[i]))
            return pl_arena_printf(a, "its command runs %s", words[i]);
    return NULL;
}

void pl_check_compose_restart_policy(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    char *awaited = pl_svc_awaited_to_complete(a, s, n);
    for (int i = 0; i < n; i++) {
        if (pl_yaml_get(s[i].node, "restart") ||
            pl_yaml_get(pl_yaml_get(s[i].node, "deploy"), "restart_policy"))
            continue;
        if (pl_svc_one_shot(a, awaited, s, &s[i]))
            continue;
        pl_svc_fail(c, f, s[i].key, NULL,
                        "service %s sets no restart policy: it stays down after a crash or a reboot",
                        s[i].name);
    }
    if (n)
        pl_svc_pass(c, s, n, "long-running services set restart:");
}

/* ---- PL2402 ---------------------------------------------------------------------------------- */

/* The first scalar under `v` (keys too) that names host.docker.internal,
 * `extra_hosts:` left out. */
static const pl_ynode *find_host_internal(const pl_ynode *v, int depth)
{
    if (!v || depth > 16)
        return NULL;
    if (v->kind == PL_YAML_SCALAR)
        return v->str && strstr(v->str, "host.docker.internal") ? v : NULL;
    for (int i = 0; v->kind == PL_YAML_SEQ && i < v->nitems; i++) {
        const pl_ynode *r = find_host_internal(v->items[i], depth + 1);
        if (r)
            return r;
    }
    for (int i = 0; v->kind == PL_YAML_MAP && i < v->npairs; i++) {
        const char *k = pl_svc_scalar(v->pairs[i].key);
        if (depth == 0 && k && !strcmp(k, "extra_hosts"))
            continue;
        const pl_ynode *r = find_host_internal(v->pairs[i].key, depth + 1);
        if (!r)
            r = find_host_internal(v->pairs[i].value, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

/* extra_hosts maps host.docker.internal (to host-gateway or an address);
 * -1 when an entry is interpolated. */
static int maps_host_internal(const pl_ynode *svc)
{
    const pl_ynode *eh = pl_yaml_get(svc, "extra_hosts");
    if (!eh)
        return 0;
    if (eh->kind == PL_YAML_MAP)
        return pl_yaml_get(eh, "host.docker.internal") != NULL;
    int dynamic = 0;
    for (int i = 0; eh->kind == PL_YAML_SEQ && i < eh->nitems; i++) {
        const char *e = pl_svc_scalar(eh->items[i]);
        if (!e)
            continue;
        if (!strncmp(e, "host.docker.internal", 20) && (e[20] == ':' || e[20] == '='))
            return 1;
        dynamic |= pl_svc_dynamic(e);
    }
    return dynamic ? -1 : 0;
}

void pl_check_compose_host_gateway(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    int uses = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *at = find_host_internal(s[i].node, 0);
        if (!at)
            continue;
        uses++;
        const char *nm = pl_svc_get(s[i].node, "network_mode", NULL);
        if ((nm && !strcmp(nm, "host")) || maps_host_internal(s[i].node))
            continue;
        pl_svc_fail(c, f, at, NULL,
                        "service %s uses host.docker.internal, which Docker Engine on Linux "
                        "does not resolve without extra_hosts",
                        s[i].name);
    }
    if (!n)
        return;
    if (!uses)
        pl_skip(c, "no service uses host.docker.internal");
    else
        pl_svc_pass(c, s, n, "host.docker.internal mapped to host-gateway where used");
}

/* ---- PL2403 ---------------------------------------------------------------------------------- */

/* Where the service asks for GPUs: `gpus:`, or a device reservation with
 * the gpu capability. */
static const pl_ynode *gpu_request(const pl_ynode *svc)
{
    const pl_ynode *g = pl_yaml_get(svc, "gpus");
    if (g)
        return g;
    const pl_ynode *devs = pl_yaml_get(
        pl_yaml_get(pl_yaml_get(pl_yaml_get(svc, "deploy"), "resources"), "reservations"),
        "devices");
    for (int i = 0; devs && devs->kind == PL_YAML_SEQ && i < devs->nitems; i++) {
        const pl_ynode *caps = pl_yaml_get(devs->items[i], "capabilities");
        for (int k = 0; caps && caps->kind == PL_YAML_SEQ && k < caps->nitems; k++) {
            const char *cap = pl_svc_scalar(caps->items[k]);
            if (cap && !strcmp(cap, "gpu"))
                return caps->items[k];
        }
    }
    return NULL;
}

/* Images that cannot load CUDA: musl (Alpine) has no glibc for the driver
 * libraries the NVIDIA runtime injects, scratch and busybox have no loader
 * for them. Anything else may bring CUDA through its packages (a pip
 * install of torch does): not known. */
static const char *no_cuda(pl_arena *a, const char *image)
{
    const char *tag;
    const char *repo = pl_svc_image_repo(a, image, &tag);
    if (!repo)
        return NULL;
    if (strstr(repo, "cuda") || strstr(tag, "cuda") || strstr(tag, "gpu"))
        return NULL;
    const char *slash = strrchr(repo, '/');
    const char *base = slash ? slash + 1 : repo;
    if (!strcmp(base, "alpine") || strstr(tag, "alpine") || strstr(tag, "musl"))
        return "an Alpine (musl) image, which the CUDA libraries do not run on";
    if (!strcmp(base, "busybox") || !strcmp(base, "scratch"))
        return "an image without a C library the CUDA libraries can load";
    return NULL;
}

void pl_check_compose_gpu_image(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int gpus = 0, judged = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *at = gpu_request(s[i].node);
        if (!at)
            continue;
        gpus++;
        const char *image = NULL;
        pl_svc_build b;
        pl_svc_build_of(a, &s[i], &b);
        if (b.builds) {
            const pl_stage *fin = built_stage(a, &b);
            const pl_stage **chain;
            int m = fin ? pl_rt_chain(a, fin, &chain) : 0;
            if (m && chain[0]->is_scratch)
                image = "scratch";
            else if (m && !chain[0]->base_unknown)
                image = chain[0]->base;
        } else {
            image = pl_svc_scalar(pl_yaml_get(s[i].node, "image"));
        }
        if (!image || pl_svc_dynamic(image))
            continue;
        const char *why = no_cuda(a, image);
        if (!why) {
            judged += strstr(image, "cuda") != NULL;
            continue;
        }
        judged++;
        pl_svc_fail(c, f, at, NULL, "service %s reserves GPUs for %s, %s", s[i].name, image, why);
    }
    if (!n)
        return;
    if (!gpus)
        pl_skip(c, "no service reserves a GPU");
    else if (!judged)
        pl_skip(c, "whether the images of the GPU services carry CUDA is not known statically");
    else
        pl_svc_pass(c, s, n, "GPU services run CUDA images");
}

/* ---- PL2404 ---------------------------------------------------------------------------------- */

void pl_check_compose_container_name_replicas(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    int named = 0;
    for (int i = 0; i < n; i++) {
        const pl_ynode *cn = pl_yaml_get(s[i].node, "container_name");
        if (!cn)
            continue;
        named++;
        const pl_ynode *rep = pl_yaml_get(pl_yaml_get(s[i].node, "deploy"), "replicas");
        const pl_ynode *scale = pl_yaml_get(s[i].node, "scale");
        const pl_ynode *at = pl_svc_int(rep) > 1 ? rep : pl_svc_int(scale) > 1 ? scale : NULL;
        if (at)
            pl_svc_fail(c, f, at, NULL,
                            "service %s asks for %ld containers but names them all %s (line %d): "
                            "only one can exist",
                            s[i].name, pl_svc_int(at), pl_svc_scalar(cn) ? cn->str : "?",
                            cn->span.line);
    }
    if (!n)
        return;
    if (!named)
        pl_skip(c, "no service sets container_name");
    else
        pl_svc_pass(c, s, n, "services with a container_name run one replica");
}
