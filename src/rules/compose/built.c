/* built.c — the image a compose service runs, its ports and its health
 * check, read as compose reads them (built.h). */
#include "built.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../dockerfile/df_health.h"
#include "../dockerfile/df_runtime_util.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/expand.h"
#include "plimsoll/hash.h"

/* ---- the Dockerfile a service builds -------------------------------------------------- */

/* build.args as `--build-arg` words: "NAME=VALUE", or "NAME" when the value
 * comes from the environment or is interpolated (unknown). */
static int build_args(pl_arena *a, const pl_svc *s, const char ***out)
{
    const pl_ynode *v = pl_yaml_get(pl_yaml_get(s->node, "build"), "args");
    int n = !v ? 0 : v->kind == PL_YAML_MAP ? v->npairs : v->kind == PL_YAML_SEQ ? v->nitems : 0;
    const char **args = PL_NEW_N(a, const char *, n + 1);
    int k = 0;
    for (int i = 0; i < n; i++) {
        const char *name, *value = NULL;
        if (v->kind == PL_YAML_MAP) {
            name = pl_svc_scalar(v->pairs[i].key);
            value = pl_svc_scalar(v->pairs[i].value);
        } else {
            const char *t = pl_svc_scalar(v->items[i]);
            if (!t)
                continue;
            const char *eq = strchr(t, '=');
            name = eq ? pl_arena_strndup(a, t, (size_t)(eq - t)) : t;
            value = eq ? eq + 1 : NULL;
        }
        if (!name || pl_svc_dynamic(name))
            continue;
        args[k++] = value && !pl_svc_dynamic(value) ? pl_arena_printf(a, "%s=%s", name, value)
                                                    : name;
    }
    *out = args;
    return k;
}

/* The Dockerfile read as the service builds it: out->m, or out->why. */
static void read_model(pl_arena *a, const char **args, int nargs, pl_svc_image *out)
{
    const pl_svc_build *b = &out->b;
    size_t len;
    char *text = pl_svc_read(a, b->dockerfile, &len);
    if (!text) {
        out->why = pl_arena_printf(a, "its Dockerfile %s could not be read", b->dockerfile);
        return;
    }
    pl_dockerfile *df = pl_dockerfile_parse(a, b->dockerfile, text, len);
    pl_df_model *m = pl_model_build(a, df, args, nargs);
    if (!m->final) {
        out->why = pl_arena_printf(a, "%s has no FROM", b->dockerfile);
        return;
    }
    if (b->target && pl_model_set_target(m, b->target, 1) != 0) {
        out->why = pl_arena_printf(a, "%s has no stage %s", b->dockerfile, b->target);
        out->target_missing = 1;
        return;
    }
    out->m = m;
}

struct pl_svc_image_slot {
    const char *key; /* NULL: free */
    pl_df_model *m;
    const char *why;
    int target_missing;
};

static size_t key_hash(const char *k)
{
    return pl_hash_str(k);
}

static struct pl_svc_image_slot *cache_slot(pl_arena *a, pl_svc_image_cache *c, const char *key)
{
    if ((c->len + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct pl_svc_image_slot *slots = PL_NEW_N(a, struct pl_svc_image_slot, cap);
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->slots[i].key)
                continue;
            size_t j = key_hash(c->slots[i].key) & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = c->slots[i];
        }
        c->slots = slots;
        c->cap = cap;
    }
    size_t j = key_hash(key) & (c->cap - 1);
    while (c->slots[j].key && strcmp(c->slots[j].key, key))
        j = (j + 1) & (c->cap - 1);
    return &c->slots[j];
}

int pl_svc_built_image(pl_arena *a, const pl_svc *s, pl_svc_image_cache *cache, pl_svc_image *out)
{
    memset(out, 0, sizeof *out);
    pl_svc_build_of(a, s, &out->b);
    const pl_svc_build *b = &out->b;
    if (!b->builds)
        return 0;
    if (!b->known) {
        out->why = b->why_unknown;
        return -1;
    }
    if (!b->dockerfile) {
        out->why = "its Dockerfile is written inline (dockerfile_inline:)";
        return -1;
    }
    const char *t = pl_svc_get(pl_yaml_get(s->node, "build"), "target", NULL);
    if (t && pl_svc_dynamic(t)) {
        out->why = "its build target is interpolated";
        return -1;
    }
    const char **args;
    int nargs = build_args(a, s, &args);
    if (!cache) {
        read_model(a, args, nargs, out);
        return out->m ? 1 : -1;
    }
    const char *key = pl_arena_printf(a, "%s\x01%s", b->dockerfile, b->target ? b->target : "");
    for (int i = 0; i < nargs; i++)
        key = pl_arena_printf(a, "%s\x01%s", key, args[i]);
    struct pl_svc_image_slot *slot = cache_slot(a, cache, key);
    if (!slot->key) {
        read_model(a, args, nargs, out);
        *slot = (struct pl_svc_image_slot){key, out->m, out->why, out->target_missing};
        cache->len++;
    } else {
        out->m = slot->m;
        out->why = slot->why;
        out->target_missing = slot->target_missing;
    }
    return out->m ? 1 : -1;
}

/* ---- ports ------------------------------------------------------------------------------ */

/* "8000", "8000-8010": 0, or -1 when not a port or a range of ports. */
static int parse_range(const char *s, size_t n, int *lo, int *hi)
{
    long v[2] = {0, 0};
    int k = 0, digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i])) {
            if (v[k] > 65535)
                return -1;
            v[k] = v[k] * 10 + (s[i] - '0');
            digits++;
        } else if (s[i] == '-' && k == 0 && digits) {
            k = 1;
            digits = 0;
        } else {
            return -1;
        }
    }
    if (!digits || v[0] > 65535 || v[1] > 65535)
        return -1;
    *lo = (int)v[0];
    *hi = k ? (int)v[1] : (int)v[0];
    return *hi >= *lo ? 0 : -1;
}

/* "[ip:][host:]container[/proto]" → the container part and the protocol. */
static int container_part(pl_arena *a, const char *text, int *lo, int *hi, const char **proto)
{
    const char *slash = strchr(text, '/');
    size_t end = slash ? (size_t)(slash - text) : strlen(text);
    *proto = slash ? pl_lower(a, slash + 1) : "tcp";
    const char *start = text;
    for (size_t i = 0; i < end; i++)
        if (text[i] == ':')
            start = text + i + 1;
    return parse_range(start, (size_t)(text + end - start), lo, hi);
}

static const pl_ynode *entries(const pl_ynode *svc, const char *key)
{
    const pl_ynode *v = pl_yaml_get(svc, key);
    return v && v->kind == PL_YAML_SEQ ? v : NULL;
}

int pl_svc_ports(pl_arena *a, const pl_svc *s, pl_svc_port **out)
{
    const pl_ynode *ports = entries(s->node, "ports"), *expose = entries(s->node, "expose");
    int cap = (ports ? ports->nitems : 0) + (expose ? expose->nitems : 0);
    pl_svc_port *p = PL_NEW_N(a, pl_svc_port, cap + 1);
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
        const pl_ynode *list = pass == 0 ? ports : expose;
        for (int i = 0; list && i < list->nitems; i++) {
            const pl_ynode *e = list->items[i];
            pl_svc_port *q = &p[n];
            q->published = pass == 0;
            q->at = e;
            q->lo = q->hi = -1;
            q->proto = "tcp";
            const char *text = pl_svc_scalar(e);
            if (e->kind == PL_YAML_MAP) {
                const pl_ynode *tn = pl_yaml_get(e, "target");
                text = pl_svc_scalar(tn);
                if (tn)
                    q->at = tn;
                const char *proto = pl_svc_get(e, "protocol", NULL);
                if (proto && !pl_svc_dynamic(proto))
                    q->proto = pl_lower(a, proto);
                q->text = text ? text : "?";
                if (text && !pl_svc_dynamic(text) &&
                    parse_range(text, strlen(text), &q->lo, &q->hi) != 0)
                    q->lo = q->hi = -1;
            } else if (text) {
                q->text = text;
                if (!pl_svc_dynamic(text) &&
                    container_part(a, text, &q->lo, &q->hi, &q->proto) != 0)
                    q->lo = q->hi = -1;
            } else {
                continue;
            }
            n++;
        }
    }
    *out = p;
    return n;
}

/* What the base images the table knows EXPOSE (read from each image's
 * Dockerfile); NULL: not known. "" exposes nothing. */
static const char *base_exposes(pl_arena *a, const pl_stage *root)
{
    if (root->is_scratch)
        return "";
    if (root->base_unknown || root->image.error || root->image.has_vars || !root->image.repository)
        return NULL;
    const char *reg = root->image.registry ? pl_lower(a, root->image.registry) : "docker.io";
    const char *repo = pl_lower(a, root->image.repository);
    const char *tag = root->image.tag ? pl_lower(a, root->image.tag) : "latest";
    if (!strcmp(reg, "gcr.io") && !strncmp(repo, "distroless/", 11))
        return "";
    if (strcmp(reg, "docker.io") != 0 && strcmp(reg, "index.docker.io") != 0)
        return NULL;
    if (!strncmp(repo, "library/", 8))
        repo += 8;
    static const char *const none[] = {"python", "node", "golang", "debian", "ubuntu", "alpine",
                                       "buildpack-deps", "ruby", "rust", "eclipse-temurin",
                                       "amazoncorretto", "busybox", "fedora", "nvidia/cuda",
                                       "pytorch/pytorch", NULL};
    for (int i = 0; none[i]; i++)
        if (!strcmp(repo, none[i]))
            return "";
    if (!strcmp(repo, "nginx") || !strcmp(repo, "httpd"))
        return "80";
    if (!strcmp(repo, "php"))
        return strstr(tag, "apache") ? "80" : strstr(tag, "fpm") ? "9000" : "";
    return NULL;
}

static void add_range(pl_arena *a, pl_vec *v, int lo, int hi, const char *proto, const char *where)
{
    pl_port_range *r = PL_NEW(a, pl_port_range);
    *r = (pl_port_range){lo, hi, proto, where};
    pl_vec_push(a, v, r);
}

int pl_svc_exposed(pl_arena *a, const pl_svc_image *img, pl_port_range **out, int *n,
                   const char **why)
{
    *out = NULL;
    *n = 0;
    const pl_df_model *m = img->m;
    const pl_stage **chain;
    int nc = pl_rt_chain(a, m->final, &chain);
    pl_vec got = {0};
    for (int k = 0; k < nc; k++)
        for (int i = 0; i < chain[k]->ninstrs; i++) {
            const pl_df_instr *ins = chain[k]->instrs[i];
            if (ins->kind != PL_DF_EXPOSE)
                continue;
            pl_expander ex;
            pl_model_expander(a, m, ins, &ex);
            for (int w = 0; w < ins->nargs; w++) {
                const char **words = NULL;
                int nw = 0;
                if (pl_expand_words(a, &ex, ins->args[w].text, &words, &nw, NULL) != PL_EXPAND_OK) {
                    *why = pl_arena_printf(a, "EXPOSE %s (%s:%d) is known only at build time",
                                           ins->args[w].text, img->b.dockerfile, ins->span.line);
                    return -1;
                }
                for (int q = 0; q < nw; q++) {
                    int lo, hi;
                    const char *proto;
                    if (container_part(a, words[q], &lo, &hi, &proto) == 0)
                        add_range(a, &got, lo, hi, proto,
                                  pl_arena_printf(a, "%s:%d", img->b.dockerfile, ins->span.line));
                }
            }
        }
    const pl_stage *root = chain[0];
    const char *base = base_exposes(a, root);
    if (!base) {
        *why = pl_arena_printf(a, "what its base image %s EXPOSEs is not known",
                               root->base ? root->base : "?");
        return -1;
    }
    if (*base) {
        int lo, hi;
        if (parse_range(base, strlen(base), &lo, &hi) == 0)
            add_range(a, &got, lo, hi, "tcp", pl_arena_printf(a, "its base image %s", root->base));
    }
    *n = (int)got.len;
    *out = PL_NEW_N(a, pl_port_range, got.len + 1);
    for (size_t i = 0; i < got.len; i++)
        (*out)[i] = *(pl_port_range *)got.items[i];
    return 0;
}

const char *pl_port_covered(const pl_svc_port *p, const pl_port_range *r, int nr)
{
    const char *first = NULL;
    for (int port = p->lo; port <= p->hi; port++) {
        const char *in = NULL;
        for (int k = 0; k < nr && !in; k++)
            if (!strcmp(r[k].proto, p->proto) && port >= r[k].lo && port <= r[k].hi)
                in = r[k].where;
        if (!in)
            return NULL;
        if (!first)
            first = in;
    }
    return first;
}

const char *pl_port_text(pl_arena *a, int lo, int hi, const char *proto)
{
    const char *t = lo == hi ? pl_arena_printf(a, "%d", lo) : pl_arena_printf(a, "%d-%d", lo, hi);
    return strcmp(proto, "tcp") ? pl_arena_printf(a, "%s/%s", t, proto) : t;
}

const char *pl_port_ranges_text(pl_arena *a, const pl_port_range *r, int nr)
{
    const char *t = "";
    for (int k = 0; k < nr && k < 8; k++)
        t = pl_arena_printf(a, "%s%s%s (%s)", t, k ? ", " : "", pl_port_text(a, r[k].lo, r[k].hi, r[k].proto),
                            r[k].where);
    return nr > 8 ? pl_arena_printf(a, "%s and %d more", t, nr - 8) : t;
}

/* A debugger's port the service's own command opens (`node --inspect`
 * 9229, debugpy 5678, dlv 2345): published for development, and never
 * meant to be EXPOSEd by the image. */
int pl_svc_debugger_port(const pl_svc *s, int port)
{
    static const struct {
        const char *word;
        int port;
    } debuggers[] = {{"--inspect", 9229}, {"debugpy", 5678}, {"dlv", 2345}};
    const char *keys[] = {"command", "entrypoint"};
    for (int k = 0; k < 2; k++) {
        const pl_ynode *v = pl_yaml_get(s->node, keys[k]);
        int n = !v ? 0 : v->kind == PL_YAML_SEQ ? v->nitems : 1;
        for (int i = 0; i < n && i < 64; i++) {
            const char *t = pl_svc_scalar(v->kind == PL_YAML_SEQ ? v->items[i] : v);
            for (size_t d = 0; t && d < sizeof debuggers / sizeof *debuggers; d++)
                if (port == debuggers[d].port && strstr(t, debuggers[d].word))
                    return 1;
        }
    }
    return 0;
}

/* ---- health checks ---------------------------------------------------------------------- */

/* Where byte `off` of scalar `n` is written, when the scalar is on one
 * line and written as its text (plain, or quoted without escapes). */
static pl_span offset_span(const pl_ynode *n, size_t off, size_t len)
{
    pl_span s = n->span;
    int quote = n->quoted ? 1 : 0;
    if (s.line == s.end_line && (size_t)(s.end_col - s.col + 1) == n->len + 2 * (size_t)quote) {
        s.col += quote + (int)off;
        s.end_col = s.col + (int)(len ? len : 1) - 1;
        return s;
    }
    return n->span;
}

void pl_svc_health_of(pl_arena *a, const pl_svc *s, pl_svc_health *out)
{
    memset(out, 0, sizeof *out);
    const pl_ynode *hc = pl_yaml_get(s->node, "healthcheck");
    if (!hc || hc->kind != PL_YAML_MAP)
        return;
    if (pl_svc_true(pl_yaml_get(hc, "disable"))) {
        out->state = -1;
        return;
    }
    const pl_ynode *t = pl_yaml_get(hc, "test");
    if (!t)
        return;
    out->test = t;
    out->state = 1;
    const pl_ynode *script = NULL;
    out->shell_at = t->kind == PL_YAML_SEQ && t->nitems ? t->items[0] : t;
    if (t->kind == PL_YAML_SCALAR) {
        script = t; /* a string is CMD-SHELL */
    } else if (t->kind == PL_YAML_SEQ && t->nitems) {
        const char *first = pl_svc_scalar(t->items[0]);
        if (first && !strcasecmp(first, "NONE")) {
            out->state = -1;
            return;
        }
        if (!first || t->nitems < 2)
            return;
        if (!strcmp(first, "CMD-SHELL")) {
            script = t->items[1];
        } else if (!strcmp(first, "CMD")) {
            const pl_ynode *p = t->items[1];
            out->prog = pl_svc_scalar(p);
            out->at = p;
            out->span = out->prog ? offset_span(p, 0, strlen(out->prog)) : p->span;
            /* ["CMD", "sh", "-c", "curl ..."] runs the script's program through sh */
            const char *b = out->prog ? pl_rt_basename(out->prog) : "";
            if (t->nitems >= 4 && pl_svc_scalar(t->items[2]) && !strcmp(t->items[2]->str, "-c") &&
                (!strcmp(b, "sh") || !strcmp(b, "bash") || !strcmp(b, "ash"))) {
                script = t->items[3];
                out->shell = b;
                out->shell_at = p;
            } else {
                return;
            }
        } else {
            return;
        }
    }
    const char *text = pl_svc_scalar(script);
    if (!text)
        return;
    if (!out->shell)
        out->shell = "sh";
    size_t off, len;
    const char *prog = pl_health_script_program(a, text, &off, &len);
    if (!prog) {
        out->prog = NULL;
        return;
    }
    out->prog = prog;
    out->at = script;
    out->span = offset_span(script, off, len);
}
