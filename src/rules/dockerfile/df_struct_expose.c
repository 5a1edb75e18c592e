/* df_struct_expose.c — EXPOSE: PL1200 ports outside 0-65535, PL1228 the SSH
 * port, PL1260 upper-case protocols and PL1261 IP addresses or host-port
 * mappings (BuildKit's ExposeProtoCasing and ExposeInvalidFormat). Ports are
 * expanded and split the way BuildKit does before they are judged. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dfutil.h"

/* One port word split like BuildKit's parsePort: [ip:][host:]container[/proto]. */
typedef struct {
    const char *raw;
    const char *ip, *host, *container, *proto; /* "" when absent */
} port_spec;

static void split_port(pl_arena *a, const char *raw, port_spec *p)
{
    p->raw = raw;
    p->ip = p->host = p->proto = "";
    const char *last = strrchr(raw, ':');
    const char *container = last ? last + 1 : raw;
    if (last) {
        const char *prev = last;
        while (prev > raw && prev[-1] != ':')
            prev--;
        p->host = pl_arena_strndup(a, prev, (size_t)(last - prev));
        if (prev > raw)
            p->ip = pl_arena_strndup(a, raw, (size_t)(prev - 1 - raw));
    }
    const char *slash = strchr(container, '/');
    if (slash) {
        p->container = pl_arena_strndup(a, container, (size_t)(slash - container));
        p->proto = slash + 1;
    } else {
        p->container = container;
    }
}

typedef struct {
    const pl_df_word *word;
    port_spec spec;
} port_use;

typedef void (*port_fn)(pl_check *c, const port_use *u, void *ud);

/* Calls fn for every port of every top-level EXPOSE whose value is known;
 * returns how many ports there were. */
static int each_port(pl_check *c, const pl_df_model *m, port_fn fn, void *ud)
{
    pl_arena *a = pl_check_arena(c);
    int n = 0;
    for (int i = 0; i < m->df->ninstrs; i++) {
        const pl_df_instr *ins = m->df->instrs[i];
        if (ins->kind != PL_DF_EXPOSE || !m->stage_of[i])
            continue;
        pl_expander ex;
        pl_model_expander(a, m, ins, &ex);
        for (int w = 0; w < ins->nargs; w++) {
            const char **words = NULL;
            int nw = 0;
            if (pl_expand_words(a, &ex, ins->args[w].text, &words, &nw, NULL) != PL_EXPAND_OK)
                continue;
            for (int k = 0; k < nw; k++) {
                port_use u = {&ins->args[w], {0}};
                split_port(a, words[k], &u.spec);
                n++;
                fn(c, &u, ud);
            }
        }
    }
    return n;
}

/* A decimal port number; -1 when not all digits, huge values clamp. */
static long port_number(const char *s)
{
    if (!*s)
        return -1;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return -1;
        if (v < 10000000)
            v = v * 10 + (*p - '0');
    }
    return v;
}

static void range_visit(pl_check *c, const port_use *u, void *ud)
{
    const char *s = u->spec.container;
    const char *dash = strchr(s, '-');
    pl_arena *a = pl_check_arena(c);
    long lo = port_number(dash ? pl_arena_strndup(a, s, (size_t)(dash - s)) : s);
    long hi = dash ? port_number(dash + 1) : lo;
    if (lo > 65535 || hi > 65535)
        pl_fail(c, u->word->span, NULL, "EXPOSE %s: valid ports range from 0 to 65535", u->spec.raw);
}

void pl_check_expose_port_out_of_range(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = each_port(c, m, range_visit, NULL);
    if (!n)
        pl_skip(c, "no EXPOSE");
    else
        pl_pass(c, (pl_span){0}, "%d exposed port%s within 0-65535", n, n == 1 ? "" : "s");
}

static void ssh_visit(pl_check *c, const port_use *u, void *ud)
{
    const char *proto = u->spec.proto;
    if (port_number(u->spec.container) == 22 &&
        (!*proto || !strcasecmp(proto, "tcp") || !strcasecmp(proto, "udp")))
        pl_fail(c, u->word->span, NULL, "EXPOSE %s opens the SSH port", u->spec.raw);
}

void pl_check_expose_ssh_port(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = each_port(c, m, ssh_visit, NULL);
    if (!n)
        pl_skip(c, "no EXPOSE");
    else
        pl_pass(c, (pl_span){0}, "port 22 is not exposed (%d port%s)", n, n == 1 ? "" : "s");
}

/* BuildKit lints a port only after its protocol was accepted. */
static int proto_accepted(const port_spec *s)
{
    const char *p = s->proto;
    return *s->container && (!*p || !strcasecmp(p, "tcp") || !strcasecmp(p, "udp") ||
                             !strcasecmp(p, "sctp"));
}

static void proto_visit(pl_check *c, const port_use *u, void *ud)
{
    if (!proto_accepted(&u->spec))
        return;
    for (const char *p = u->spec.proto; *p; p++)
        if (isupper((unsigned char)*p)) {
            pl_fail(c, u->word->span, NULL,
                    "Defined protocol '%s' in EXPOSE instruction should be lowercase", u->spec.raw);
            return;
        }
}

void pl_check_expose_protocol_casing(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = each_port(c, m, proto_visit, NULL);
    if (!n)
        pl_skip(c, "no EXPOSE");
    else
        pl_pass(c, (pl_span){0}, "EXPOSE protocols are lower-case");
}

static void mapping_visit(pl_check *c, const port_use *u, void *ud)
{
    if (proto_accepted(&u->spec) && (*u->spec.ip || *u->spec.host))
        pl_fail(c, u->word->span, NULL,
                "EXPOSE instruction should not define an IP address or host-port mapping, found "
                "'%s'",
                u->spec.raw);
}

void pl_check_expose_host_mapping(pl_check *c, const pl_file *f)
{
    const pl_df_model *m = pl_df_model_or_skip(c, f);
    if (!m)
        return;
    int n = each_port(c, m, mapping_visit, NULL);
    if (!n)
        pl_skip(c, "no EXPOSE");
    else
        pl_pass(c, (pl_span){0}, "EXPOSE lists container ports only");
}
