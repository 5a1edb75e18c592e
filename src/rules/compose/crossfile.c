/* crossfile.c — compose services judged against the image they run:
 * PL5004 ports a service publishes that its image does not EXPOSE, PL5005
 * a `healthcheck:` whose program the image does not have. The image is the
 * Dockerfile the service builds (its target stage as the final one), or,
 * for `image:`, what the base-image table knows; anything else is a skip
 * with the reason. */
#include <string.h>

#include "../dockerfile/df_health.h"
#include "built.h"
#include "rules_decl.h"

/* ---- PL5004 ----------------------------------------------------------------------------- */


void pl_check_compose_port_not_exposed(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int judged = 0, services = 0;
    const char *why_not = NULL, *no_expose = NULL, *first_ok = NULL;
    pl_svc_image_cache cache = {0};
    for (int i = 0; i < n; i++) {
        pl_svc_port *p;
        int np = pl_svc_ports(a, &s[i], &p);
        if (!np)
            continue;
        pl_svc_image img;
        int built = pl_svc_built_image(a, &s[i], &cache, &img);
        if (built == 0) {
            why_not = pl_arena_printf(a, "service %s runs an image not built here", s[i].name);
            continue;
        }
        if (built < 0) {
            why_not = pl_arena_printf(a, "service %s: %s", s[i].name, img.why);
            continue;
        }
        pl_port_range *r;
        int nr;
        const char *why;
        if (pl_svc_exposed(a, &img, &r, &nr, &why) != 0) {
            why_not = pl_arena_printf(a, "service %s: %s", s[i].name, why);
            continue;
        }
        if (!nr) {
            /* nothing to compare: EXPOSE is documentation, and there is none */
            no_expose = pl_arena_printf(a, "service %s: the image built from %s EXPOSEs no port",
                                        s[i].name, img.b.dockerfile);
            continue;
        }
        int before = judged;
        for (int k = 0; k < np; k++) {
            if (p[k].lo < 0) {
                why_not = pl_arena_printf(a, "service %s: port %s is not known statically",
                                          s[i].name, p[k].text);
                continue;
            }
            if (p[k].lo == p[k].hi && pl_svc_debugger_port(&s[i], p[k].lo))
                continue;
            judged++;
            const char *where = pl_port_covered(&p[k], r, nr);
            if (where) {
                if (!first_ok)
                    first_ok = pl_arena_printf(a, "service %s, port %s EXPOSEd at %s (%s:%d)",
                                               s[i].name, pl_port_text(a, p[k].lo, p[k].hi, p[k].proto),
                                               where, s[i].file, p[k].at->span.line);
                continue;
            }
            pl_svc_fail(c, f, p[k].at, NULL,
                        "service %s %s container port %s, which the image built from %s does "
                        "not EXPOSE: it EXPOSEs %s",
                        s[i].name, p[k].published ? "publishes" : "exposes",
                        pl_port_text(a, p[k].lo, p[k].hi, p[k].proto), img.b.dockerfile,
                        pl_port_ranges_text(a, r, nr));
        }
        services += judged > before;
    }
    if (!n)
        return;
    if (judged == 1 && first_ok)
        pl_pass(c, (pl_span){0}, "%s", first_ok);
    else if (judged)
        pl_pass(c, (pl_span){0}, "%d container port%s of %d built service%s checked against "
                                 "EXPOSE%s%s",
                judged, judged == 1 ? "" : "s", services, services == 1 ? "" : "s",
                first_ok ? "; first: " : "", first_ok ? first_ok : "");
    else if (why_not)
        pl_skip(c, "%s", why_not);
    else if (no_expose)
        pl_skip(c, "%s", no_expose);
    else
        pl_skip(c, "no service publishes or exposes a port");
}

/* ---- PL5005 ----------------------------------------------------------------------------- */

typedef struct {
    const char *image;   /* "the image built from X" or "postgres:16" */
    const pl_df_model *m; /* NULL for an image: service */
    const char *ref;     /* the image: reference */
} run_image;

static pl_has image_has(pl_arena *a, const run_image *ri, const char *prog, const char **how)
{
    return ri->m ? pl_health_image_has(a, ri->m, prog, how)
                 : pl_health_ref_has(a, ri->ref, prog, how);
}

void pl_check_compose_healthcheck_tool_missing(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int judged = 0, tests = 0;
    const char *why_not = NULL, *evidence = NULL;
    pl_svc_image_cache cache = {0};
    for (int i = 0; i < n; i++) {
        pl_svc_health h;
        pl_svc_health_of(a, &s[i], &h);
        if (h.state != 1)
            continue;
        tests++;
        if (!h.prog) {
            why_not = pl_arena_printf(a, "service %s: its healthcheck: test runs no program this "
                                         "rule can name",
                                      s[i].name);
            continue;
        }
        if (pl_svc_dynamic(h.prog)) {
            why_not = pl_arena_printf(a, "service %s: its healthcheck: runs %s, known only when "
                                         "compose interpolates it",
                                      s[i].name, h.prog);
            continue;
        }
        run_image ri = {0};
        pl_svc_image img;
        int built = pl_svc_built_image(a, &s[i], &cache, &img);
        if (built < 0) {
            why_not = pl_arena_printf(a, "service %s: %s", s[i].name, img.why);
            continue;
        }
        if (built > 0) {
            ri.m = img.m;
            ri.image = img.b.target ? pl_arena_printf(a, "the image built from %s (target %s)",
                                                      img.b.dockerfile, img.b.target)
                                    : pl_arena_printf(a, "the image built from %s", img.b.dockerfile);
        } else {
            ri.ref = pl_svc_get(s[i].node, "image", NULL);
            if (!ri.ref || pl_svc_dynamic(ri.ref)) {
                why_not = pl_arena_printf(a, "service %s: its image is not known statically",
                                          s[i].name);
                continue;
            }
            ri.image = ri.ref;
        }
        const char *how;
        /* the shell a CMD-SHELL test runs through comes first */
        if (h.shell && image_has(a, &ri, h.shell, &how) == PL_HAS_NO) {
            judged++;
            pl_svc_fail(c, f, h.shell_at, "write the test in exec form (`[\"CMD\", \"/healthcheck\"]`) "
                                      "with a program the image has",
                        "service %s's healthcheck: runs through %s, and %s has none: %s", s[i].name,
                        h.shell, ri.image, how);
            continue;
        }
        pl_has has = image_has(a, &ri, h.prog, &how);
        const char *prog = strrchr(h.prog, '/') ? strrchr(h.prog, '/') + 1 : h.prog;
        if (has == PL_HAS_UNKNOWN) {
            why_not = pl_arena_printf(a, "service %s: its healthcheck: runs %s; %s", s[i].name,
                                      prog, how);
            continue;
        }
        judged++;
        if (has == PL_HAS_YES) {
            evidence = pl_arena_printf(a, "service %s's healthcheck: runs %s (%s:%d); %s%s%s",
                                       s[i].name, prog, s[i].file, h.span.line,
                                       ri.m ? img.b.dockerfile : "", ri.m ? ": " : "", how);
            continue;
        }
        const char *hint = pl_health_install_hint(a, ri.m, ri.ref, prog);
        const char *fix =
            ri.m && hint ? pl_arena_printf(a, "install %s in the image %s builds (%s %s), or use a "
                                              "check the image can run",
                                           prog, img.b.dockerfile, hint, prog)
                         : NULL;
        const char *msg = pl_arena_printf(a, "service %s's healthcheck: runs %s, which %s does "
                                             "not have: %s",
                                          s[i].name, prog, ri.image, how);
        if (h.at && h.at->file && f->path && strcmp(h.at->file, f->path))
            pl_fail_in(c, h.at->file, h.span, fix, "%s", msg);
        else
            pl_fail(c, h.span, fix, "%s", msg);
    }
    if (!n)
        return;
    if (!tests)
        pl_skip(c, "no service has a healthcheck: test");
    else if (!judged)
        pl_skip(c, "%s", why_not);
    else if (evidence && judged == 1)
        pl_pass(c, (pl_span){0}, "%s", evidence);
    else
        pl_svc_pass(c, s, n,
                    pl_arena_printf(a, "%d of %d healthcheck: test%s judged, each program in its "
                                       "image",
                                    judged, tests, tests == 1 ? "" : "s"));
}
