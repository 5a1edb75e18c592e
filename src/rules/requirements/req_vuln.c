/* req_vuln.c — PL4010: a pinned or lower-bounded requirement that a known
 * advisory (OSV records given with --advisories) covers. */
#include <stdio.h>
#include <string.h>

#include "plimsoll/osv.h"
#include "req_rules.h"

#define MAX_HITS 64
#define MAX_LISTED 5

typedef enum { NOT_JUDGED, PINNED, LOWER_BOUND } version_kind;

/* The version a requirement installs (`==V`, `===V` in normal form) or the
 * lowest it allows (`>=V`, `~=V`, `==V.*`; the highest of several). `>V`
 * names no version that is allowed, so it is not judged. */
static version_kind version_of(const pl_req *r, pl_pep440 *v)
{
    version_kind kind = NOT_JUDGED;
    for (int i = 0; i < r->specs.n; i++) {
        const pl_pep440_spec *s = &r->specs.items[i];
        if ((s->op == PL_PEP440_EQ && !s->wildcard) ||
            (s->op == PL_PEP440_ARBITRARY && s->arbitrary_normal)) {
            *v = s->v;
            return PINNED;
        }
        int lower = s->op == PL_PEP440_GE || s->op == PL_PEP440_COMPAT ||
                    (s->op == PL_PEP440_EQ && s->wildcard);
        if (lower && (kind == NOT_JUDGED || pl_pep440_cmp(&s->v, v) > 0)) {
            *v = s->v;
            kind = LOWER_BOUND;
        }
    }
    return kind;
}

static const char *describe_hit(pl_arena *a, const pl_osv_hit *h)
{
    const char *aliases = "";
    for (int i = 0; i < h->naliases; i++)
        aliases = pl_arena_printf(a, "%s%s%s", aliases, i ? ", " : " (", h->aliases[i]);
    if (h->naliases)
        aliases = pl_arena_printf(a, "%s)", aliases);
    return pl_arena_printf(a, "%s%s, %s%s", h->id, aliases, h->fixed ? "fixed in " : "no fixed version known",
                           h->fixed ? h->fixed : "");
}

static void report(pl_check *c, const pl_req *r, const char *name, version_kind kind,
                   const pl_pep440 *v, const pl_osv_hit *hits, int n)
{
    pl_arena *a = pl_check_arena(c);
    const char *ver = pl_pep440_str(a, v);
    const char *what = kind == PINNED ? pl_arena_printf(a, "%s %s", name, ver)
                                      : pl_arena_printf(a, "%s%s allows %s, which", name, r->specifier, ver);
    const char *list = "";
    for (int i = 0; i < n && i < MAX_LISTED; i++)
        list = pl_arena_printf(a, "%s%s%s", list, i ? "; " : "", describe_hit(a, &hits[i]));
    if (n > MAX_LISTED)
        list = pl_arena_printf(a, "%s; and %d more", list, n - MAX_LISTED);
    /* the highest first fix among them: below it, one of them still applies */
    const char *upgrade = NULL;
    pl_pep440 best;
    int unfixed = 0;
    for (int i = 0; i < n; i++) {
        pl_pep440 f;
        if (!hits[i].fixed || pl_pep440_parse(a, hits[i].fixed, strlen(hits[i].fixed), &f) != 0) {
            unfixed++;
            continue;
        }
        if (!upgrade || pl_pep440_cmp(&f, &best) > 0) {
            best = f;
            upgrade = hits[i].fixed;
        }
    }
    const char *fix =
        !upgrade ? pl_arena_printf(a, "No fixed version is known: replace %s, or record the accepted risk with "
                                      "`# plimsoll ignore=requirements-vulnerable` above the line.",
                                   name)
        : n == 1 ? pl_arena_printf(a, "Upgrade to %s or later, the first version the advisory gives as fixed.",
                                   upgrade)
        : unfixed ? pl_arena_printf(a, "Move to %s or later (fixes all but %d of them, which have no fix), "
                                       "and re-check.",
                                    upgrade, unfixed)
                  : pl_arena_printf(a, "Pin %s or later (the highest first fixed version among them), and "
                                       "re-check against the advisories.",
                                    upgrade);
    if (n == 1)
        pl_fail(c, r->span, fix, "%s is affected by %s", what, list);
    else
        pl_fail(c, r->span, fix, "%s is affected by %d advisories: %s", what, n, list);
}

void pl_check_requirements_vulnerable(pl_check *c, const pl_file *f)
{
    const pl_osv_db *db = f->ws ? f->ws->advisories : NULL;
    if (!db) {
        pl_skip(c, "no advisories given (--advisories PATH, or advisories: in .plimsoll.yaml)");
        return;
    }
    const pl_reqfile *rf = f->requirements;
    if (!rf) {
        pl_skip(c, "the file could not be read");
        return;
    }
    pl_arena *a = pl_check_arena(c);
    pl_osv_hit *hits = PL_NEW_N(a, pl_osv_hit, MAX_HITS);
    int judged = 0, unversioned = 0, affected = 0;
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (!r->name || r->url || r->has_variable)
            continue; /* not from the index: no version to look up */
        pl_pep440 v;
        version_kind kind = version_of(r, &v);
        if (kind == NOT_JUDGED) {
            unversioned++;
            continue;
        }
        judged++;
        const char *name = pl_req_canonical_name(a, r->name);
        int n = pl_osv_affected(a, db, name, &v, hits, MAX_HITS);
        if (n) {
            affected++;
            report(c, r, name, kind, &v, hits, n);
        }
    }
    const pl_osv_stats *st = pl_osv_stats_of(db);
    const char *rest = unversioned ? pl_arena_printf(a, "; %d without a pinned or lowest version, not judged",
                                                     unversioned)
                                   : "";
    if (!judged) {
        pl_skip(c, "no pinned or lower-bounded requirement to look up%s", rest);
        return;
    }
    if (!affected)
        pl_pass(c, (pl_span){0}, "%d requirement%s looked up in %zu PyPI advisories%s", judged,
                judged == 1 ? "" : "s", st->advisories, rest);
}
