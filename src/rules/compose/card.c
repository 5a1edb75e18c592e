/* card.c — a card per compose service for the checklist (card.h): each
 * line read from the compose file and the image the service runs, with
 * the same readings as the cross-file rules (built.h, df_health.h), so a
 * card never contradicts a finding. What cannot be known from the files
 * is a "–" line that says why. */
#include "plimsoll/card.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "../dockerfile/df_health.h"
#include "../dockerfile/df_runtime_util.h"
#include "card_internal.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

const char *pl_card_label(pl_card_question q)
{
    static const char *const labels[PL_CARD_NLINES] = {
        "Build", "Image tag", "Health check", "User", "Restart", "Ports", "Variables"};
    return q >= 0 && q < PL_CARD_NLINES ? labels[q] : "?";
}

void pl_card_put(card_ctx *k, pl_card_question q, pl_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    k->card->lines[q].status = st;
    k->card->lines[q].evidence = pl_arena_vprintf(k->a, fmt, ap);
    va_end(ap);
}

const char *pl_card_at(card_ctx *k, const pl_ynode *n)
{
    return pl_arena_printf(k->a, "%s:%d", n && n->file ? n->file : k->s->file,
                           n ? n->span.line : k->s->key->span.line);
}

static const char *key_at(card_ctx *k, const char *key)
{
    const pl_ypair *p = pl_yaml_pair(k->s->node, key);
    return pl_card_at(k, p ? p->key : k->s->key);
}

static const char *df_at(card_ctx *k, const pl_df_instr *ins)
{
    return pl_arena_printf(k->a, "%s:%d", k->img.b.dockerfile, ins->span.line);
}

static const pl_stage *chain_root(card_ctx *k)
{
    const pl_stage **chain;
    pl_rt_chain(k->a, k->img.m->final, &chain);
    return chain[0];
}

/* ---- build and image ------------------------------------------------------------------ */

/* The build of the repository that tags `image`, or NULL: the service
 * runs what the repository built, not a pulled image. */
static const pl_unit_spec *built_here(card_ctx *k, const char *image)
{
    pl_image_ref ref;
    if (!image || pl_image_parse(k->a, image, &ref) != 0)
        return NULL;
    return pl_units_tagging(k->ws, &ref);
}

static void build_line(card_ctx *k)
{
    const pl_unit_spec *local;
    const pl_svc_build *b = &k->img.b;
    if (k->built > 0) {
        pl_card_put(k, PL_CARD_BUILD, PL_STATUS_PASS, "context %s, Dockerfile %s%s%s (%s)", b->context,
            b->dockerfile, b->target ? ", target " : "", b->target ? b->target : "",
            key_at(k, "build"));
        return;
    }
    if (k->built < 0) {
        const char *base = NULL;
        if (b->known && !pl_svc_is_dir(b->context))
            base = pl_svc_found_from_base(k->a, k->ws, k->s, b->context_as_written, NULL);
        else if (b->known && b->dockerfile && !pl_svc_is_file(b->dockerfile))
            base = pl_svc_found_from_base(k->a, k->ws, k->s, b->context_as_written,
                                          b->dockerfile_as_written);
        if (base)
            pl_card_put(k, PL_CARD_BUILD, PL_STATUS_SKIP, "%s is missing here; %s (%s)",
                        pl_svc_is_dir(b->context) ? b->dockerfile : b->context, base,
                        key_at(k, "build"));
        else if (b->known && !pl_svc_is_dir(b->context))
            pl_card_put(k, PL_CARD_BUILD, PL_STATUS_FAIL, "context %s is not a directory (%s)", b->context,
                pl_card_at(k, b->context_at));
        else if (b->known && b->dockerfile && !pl_svc_is_file(b->dockerfile))
            pl_card_put(k, PL_CARD_BUILD, PL_STATUS_FAIL, "Dockerfile %s does not exist (%s)", b->dockerfile,
                pl_card_at(k, b->dockerfile_at ? b->dockerfile_at : b->context_at));
        else
            pl_card_put(k, PL_CARD_BUILD, k->img.target_missing ? PL_STATUS_FAIL : PL_STATUS_SKIP,
                "%s (%s)", k->img.why, key_at(k, "build"));
        return;
    }
    const pl_ynode *in;
    const char *image = pl_svc_get(k->s->node, "image", &in);
    if (!image)
        pl_card_put(k, PL_CARD_BUILD, PL_STATUS_FAIL, "neither build: nor image: (%s)", pl_card_at(k, k->s->key));
    else if (pl_svc_dynamic(image))
        pl_card_put(k, PL_CARD_BUILD, PL_STATUS_SKIP, "image %s is interpolated (%s)", image, pl_card_at(k, in));
    else if ((local = built_here(k, image)))
        pl_card_put(k, PL_CARD_BUILD, PL_STATUS_PASS, "runs image %s, which %s:%d builds (%s)", image,
            local->origin_file ? local->origin_file : "?", local->origin_span.line, pl_card_at(k, in));
    else
        pl_card_put(k, PL_CARD_BUILD, PL_STATUS_PASS, "pulls image %s (%s)", image, pl_card_at(k, in));
}

static void image_line(card_ctx *k)
{
    if (k->built < 0) {
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP, "%s", k->img.why);
        return;
    }
    const pl_unit_spec *local;
    if (k->built > 0) {
        const pl_stage *root = chain_root(k);
        const char *where = df_at(k, root->from);
        if (root->is_scratch)
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_PASS, "FROM scratch (%s)", where);
        else if (root->base_unknown || root->image.error)
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP, "FROM %s is known only at build time (%s)",
                root->base_raw ? root->base_raw : "?", where);
        else if (root->image.digest)
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_PASS, "FROM %s, pinned by digest (%s)", root->base, where);
        else if ((local = pl_units_tagging(k->ws, &root->image)))
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP,
                "FROM %s, an image this repository builds (%s:%d): not pulled (%s)", root->base,
                local->origin_file ? local->origin_file : "?", local->origin_span.line, where);
        else if (!root->image.tag || !*root->image.tag)
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_FAIL, "FROM %s has no tag: latest is pulled (%s)",
                root->base, where);
        else if (!strcasecmp(root->image.tag, "latest"))
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_FAIL, "FROM %s: latest moves (%s)", root->base, where);
        else
            pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_PASS, "FROM %s (%s)", root->base, where);
        return;
    }
    const pl_ynode *in;
    const char *image = pl_svc_get(k->s->node, "image", &in);
    const char *tag;
    if (!image) {
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP, "no image: to judge");
        return;
    }
    if (pl_svc_dynamic(image)) {
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP, "image %s is interpolated (%s)", image, pl_card_at(k, in));
        return;
    }
    pl_svc_image_repo(k->a, image, &tag);
    if ((local = built_here(k, image)))
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_SKIP,
            "%s is built by this repository (%s:%d): not pulled (%s)", image,
            local->origin_file ? local->origin_file : "?", local->origin_span.line, pl_card_at(k, in));
    else if (strchr(image, '@'))
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_PASS, "%s, pinned by digest (%s)", image, pl_card_at(k, in));
    else if (!*tag)
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_FAIL, "%s has no tag: latest is pulled (%s)", image, pl_card_at(k, in));
    else if (!strcasecmp(tag, "latest"))
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_FAIL, "%s: latest moves (%s)", image, pl_card_at(k, in));
    else
        pl_card_put(k, PL_CARD_IMAGE, PL_STATUS_PASS, "tag %s (%s)", tag, pl_card_at(k, in));
}

/* ---- health check ----------------------------------------------------------------------- */

/* Whether the image the service runs has `prog`; its name for messages. */
static pl_has runs(card_ctx *k, const char *prog, const char **image, const char **how)
{
    if (k->built > 0) {
        *image = pl_arena_printf(k->a, "the image built from %s", k->img.b.dockerfile);
        return pl_health_image_has(k->a, k->img.m, prog, how);
    }
    const char *ref = pl_svc_get(k->s->node, "image", NULL);
    *image = ref ? ref : "its image";
    if (k->built < 0 || !ref || pl_svc_dynamic(ref)) {
        *how = k->built < 0 ? k->img.why : "its image is not known statically";
        return PL_HAS_UNKNOWN;
    }
    return pl_health_ref_has(k->a, ref, prog, how);
}

static void compose_health(card_ctx *k, const pl_svc_health *h)
{
    const char *where = pl_card_at(k, h->at ? h->at : h->test);
    if (!h->prog || pl_svc_dynamic(h->prog)) {
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_PASS, "healthcheck: (%s); what it runs is not named here",
            where);
        return;
    }
    const char *image, *how;
    if (h->shell && runs(k, h->shell, &image, &how) == PL_HAS_NO) {
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_FAIL, "healthcheck: runs through %s (%s), and %s has none: %s",
            h->shell, pl_card_at(k, h->shell_at), image, how);
        return;
    }
    const char *prog = pl_rt_basename(h->prog);
    pl_has has = runs(k, h->prog, &image, &how);
    if (has == PL_HAS_NO)
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_FAIL, "healthcheck: runs %s (%s), which %s does not have: %s",
            prog, where, image, how);
    else
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_PASS, "healthcheck: runs %s (%s); %s%s%s", prog, where,
                    k->built > 0 ? k->img.b.dockerfile : "", k->built > 0 ? ": " : "", how);
}

static void image_health(card_ctx *k)
{
    if (k->built < 0) {
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP, "no healthcheck: here, and %s", k->img.why);
        return;
    }
    if (k->built > 0) {
        const pl_stage **chain;
        int n = pl_rt_chain(k->a, k->img.m->final, &chain);
        for (int i = n - 1; i >= 0; i--) {
            const pl_df_instr *h = pl_stage_last(chain[i], PL_DF_HEALTHCHECK);
            if (!h)
                continue;
            if (h->nargs < 1 || !strcasecmp(h->args[0].text, "NONE")) {
                pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP, "disabled by HEALTHCHECK NONE (%s)", df_at(k, h));
                return;
            }
            const char *prog, *how;
            pl_has has = pl_health_instr_has(k->a, k->img.m, h, &prog, &how);
            if (has == PL_HAS_NO)
                pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_FAIL, "HEALTHCHECK (%s) runs %s: %s", df_at(k, h), prog,
                    how);
            else if (prog)
                pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_PASS, "HEALTHCHECK (%s) runs %s; %s", df_at(k, h), prog,
                    how);
            else
                pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_PASS, "HEALTHCHECK (%s)", df_at(k, h));
            return;
        }
        const pl_stage *root = chain[0];
        if (root->is_scratch || (!root->base_unknown && pl_svc_image_pulled_official(k->ws, root->base)))
            pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_FAIL,
                "no healthcheck: here, no HEALTHCHECK in %s, and its base image %s defines none (%s)",
                k->img.b.dockerfile, root->is_scratch ? "scratch" : root->base, df_at(k, root->from));
        else
            pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP,
                "no healthcheck: here and no HEALTHCHECK in %s; whether its base image %s defines "
                "one is not known",
                k->img.b.dockerfile, root->base ? root->base : "?");
        return;
    }
    const char *image = pl_svc_get(k->s->node, "image", NULL);
    if (image && pl_svc_image_pulled_official(k->ws, image))
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_FAIL,
            "no healthcheck:, and the official image %s defines no HEALTHCHECK (%s)", image,
            key_at(k, "image"));
    else
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP,
            "no healthcheck: here; whether the image %s defines a HEALTHCHECK is not known",
            image ? image : "?");
}

static void health_line(card_ctx *k)
{
    pl_svc_health h;
    pl_svc_health_of(k->a, k->s, &h);
    if (h.state > 0)
        compose_health(k, &h);
    else if (h.state < 0)
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP, "disabled by healthcheck: (%s)",
            key_at(k, "healthcheck"));
    else if (pl_svc_one_shot(k->a, k->awaited, k->all, k->s))
        pl_card_put(k, PL_CARD_HEALTH, PL_STATUS_SKIP, "a one-shot service (%s): nothing to keep healthy",
                    pl_svc_one_shot(k->a, k->awaited, k->all, k->s));
    else
        image_health(k);
}

/* ---- user and restart ----------------------------------------------------------------------- */

static int is_root_user(const char *u)
{
    size_t n = strcspn(u, ":");
    return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

static void user_line(card_ctx *k)
{
    const pl_ynode *un;
    const char *user = pl_svc_get(k->s->node, "user", &un);
    if (user) {
        if (pl_svc_dynamic(user))
            pl_card_put(k, PL_CARD_USER, PL_STATUS_SKIP, "user: %s is interpolated (%s)", user, pl_card_at(k, un));
        else
            pl_card_put(k, PL_CARD_USER, is_root_user(user) ? PL_STATUS_FAIL : PL_STATUS_PASS,
                "user: %s (%s)", user, pl_card_at(k, un));
        return;
    }
    if (k->built < 0) {
        pl_card_put(k, PL_CARD_USER, PL_STATUS_SKIP, "no user: here, and %s", k->img.why);
        return;
    }
    if (k->built == 0) {
        const char *image = pl_svc_get(k->s->node, "image", NULL);
        pl_card_put(k, PL_CARD_USER, PL_STATUS_SKIP, "no user: here; the image %s decides, not known from "
                                             "the files",
            image ? image : "?");
        return;
    }
    const pl_df_model *m = k->img.m;
    const pl_stage *last = m->final;
    for (const pl_stage *s = m->final; s; s = s->parent) {
        const pl_df_instr *u = pl_stage_last(s, PL_DF_USER);
        last = s;
        if (!u || u->nargs < 1)
            continue;
        const char *val;
        if (pl_model_expand(k->a, m, u, u->args[0].text, &val) != PL_EXPAND_OK)
            pl_card_put(k, PL_CARD_USER, PL_STATUS_SKIP, "USER %s is known only at build time (%s)",
                u->args[0].text, df_at(k, u));
        else
            pl_card_put(k, PL_CARD_USER, is_root_user(val) ? PL_STATUS_FAIL : PL_STATUS_PASS,
                "no user: here; USER %s (%s)", val, df_at(k, u));
        return;
    }
    if (last->image.tag && strstr(last->image.tag, "nonroot"))
        pl_card_put(k, PL_CARD_USER, PL_STATUS_PASS, "no user: here; %s runs as nonroot", last->base);
    else
        pl_card_put(k, PL_CARD_USER, PL_STATUS_FAIL,
            "no user: here and no USER in %s: runs as root unless %s sets a user (%s)",
            k->img.b.dockerfile, last->is_scratch ? "scratch" : last->base ? last->base : "its base",
            df_at(k, last->from));
}

static void restart_line(card_ctx *k)
{
    const pl_ynode *rn;
    const char *restart = pl_svc_get(k->s->node, "restart", &rn);
    if (restart) {
        if (pl_svc_dynamic(restart))
            pl_card_put(k, PL_CARD_RESTART, PL_STATUS_SKIP, "restart: %s is interpolated (%s)", restart,
                pl_card_at(k, rn));
        else if (!strcmp(restart, "no"))
            pl_card_put(k, PL_CARD_RESTART, PL_STATUS_SKIP, "restart: \"no\": never restarted (%s)", pl_card_at(k, rn));
        else
            pl_card_put(k, PL_CARD_RESTART, PL_STATUS_PASS, "restart: %s (%s)", restart, pl_card_at(k, rn));
        return;
    }
    const pl_ynode *rp = pl_yaml_get(pl_yaml_get(k->s->node, "deploy"), "restart_policy");
    if (rp) {
        const char *cond = pl_svc_get(rp, "condition", NULL);
        pl_card_put(k, PL_CARD_RESTART, cond && !strcmp(cond, "none") ? PL_STATUS_SKIP : PL_STATUS_PASS,
            "deploy.restart_policy%s%s (%s)", cond ? " condition " : "", cond ? cond : "", pl_card_at(k, rp));
        return;
    }
    const char *why = pl_svc_one_shot(k->a, k->awaited, k->all, k->s);
    if (why)
        pl_card_put(k, PL_CARD_RESTART, PL_STATUS_SKIP, "no restart: a one-shot service (%s)", why);
    else
        pl_card_put(k, PL_CARD_RESTART, PL_STATUS_FAIL,
            "no restart policy: it stays down after a crash or a reboot (%s)", pl_card_at(k, k->s->key));
}

/* ---- ports ------------------------------------------------------------------------------------- */

static void ports_line(card_ctx *k)
{
    pl_svc_port *p;
    int np = pl_svc_ports(k->a, k->s, &p);
    if (!np) {
        pl_card_put(k, PL_CARD_PORTS, PL_STATUS_SKIP, "publishes no port");
        return;
    }
    const char *list = "";
    for (int i = 0; i < np && i < 4; i++)
        list = pl_arena_printf(k->a, "%s%s%s%s (%s)", list, i ? ", " : "",
                               p[i].published ? "" : "expose ", p[i].text, pl_card_at(k, p[i].at));
    if (np > 4)
        list = pl_arena_printf(k->a, "%s and %d more", list, np - 4);
    if (k->built <= 0) {
        pl_card_put(k, PL_CARD_PORTS, PL_STATUS_SKIP, "%s; %s", list,
            k->built < 0 ? k->img.why : "the image is not built here: its EXPOSE is not read");
        return;
    }
    pl_port_range *r;
    int nr;
    const char *why;
    if (pl_svc_exposed(k->a, &k->img, &r, &nr, &why) != 0) {
        pl_card_put(k, PL_CARD_PORTS, PL_STATUS_SKIP, "%s; %s", list, why);
        return;
    }
    if (!nr) {
        pl_card_put(k, PL_CARD_PORTS, PL_STATUS_SKIP, "%s; the image EXPOSEs no port to compare with", list);
        return;
    }
    const char *first = NULL;
    for (int i = 0; i < np; i++) {
        if (p[i].lo < 0) {
            pl_card_put(k, PL_CARD_PORTS, PL_STATUS_SKIP, "%s; %s is not known statically", list, p[i].text);
            return;
        }
        if (p[i].lo == p[i].hi && pl_svc_debugger_port(k->s, p[i].lo))
            continue;
        const char *where = pl_port_covered(&p[i], r, nr);
        if (!where) {
            pl_card_put(k, PL_CARD_PORTS, PL_STATUS_FAIL, "%s; container port %s is not EXPOSEd (the image "
                                                  "EXPOSEs %s)",
                list, pl_port_text(k->a, p[i].lo, p[i].hi, p[i].proto), pl_port_ranges_text(k->a, r, nr));
            return;
        }
        if (!first)
            first = where;
    }
    pl_card_put(k, PL_CARD_PORTS, PL_STATUS_PASS, "%s; EXPOSEd at %s", list, first);
}

/* ---- the cards ---------------------------------------------------------------------------------- */

void pl_compose_cards(pl_file *f)
{
    pl_svc *s;
    int n = pl_compose_services(f, &s);
    if (n <= 0)
        return;
    pl_arena *a = f->arena;
    pl_service_card *cards = PL_NEW_N(a, pl_service_card, n);
    pl_svc_image_cache cache = {0};
    card_ctx k;
    memset(&k, 0, sizeof k);
    k.a = a;
    k.all = s;
    k.n = n;
    k.awaited = pl_svc_awaited_to_complete(a, s, n);
    k.ws = f->ws;
    for (int i = 0; i < n; i++) {
        k.s = &s[i];
        k.card = &cards[i];
        cards[i].name = s[i].name;
        cards[i].file = s[i].file;
        cards[i].line = s[i].key->span.line;
        k.built = pl_svc_built_image(a, &s[i], &cache, &k.img);
        build_line(&k);
        image_line(&k);
        health_line(&k);
        user_line(&k);
        restart_line(&k);
        ports_line(&k);
        pl_card_variables(&k);
    }
    f->cards = cards;
    f->ncards = n;
}
