/* req_pins.c — PL4001 exact pins, PL4002 duplicates, PL4003 conflicting
 * specifiers, PL4004 hash-checking mode all-or-nothing. */
#include <string.h>
#include <strings.h>

#include "req_rules.h"

static const pl_reqfile *file_or_skip(pl_check *c, const pl_file *f)
{
    if (!f->requirements)
        pl_skip(c, "the file could not be read");
    return f->requirements;
}

/* A name pip resolves from an index (not a URL, path or VCS link). */
static int from_index(const pl_req *r)
{
    return r->name && !r->url && !r->has_variable;
}

/* The version an exact `==V` pin names, parsed into *v. */
static int exact_version(const pl_req *r, pl_pep440 *v)
{
    for (int i = 0; i < r->specs.n; i++)
        if (r->specs.items[i].op == PL_PEP440_EQ && !r->specs.items[i].wildcard) {
            *v = r->specs.items[i].v;
            return 1;
        }
    return 0;
}

static int same_package(pl_arena *a, const pl_req *x, const pl_req *y)
{
    if (!x->name || !y->name || x == y)
        return 0;
    if ((x->marker == NULL) != (y->marker == NULL) || (x->marker && strcmp(x->marker, y->marker)))
        return 0; /* different environments may want different versions */
    return !strcmp(pl_req_canonical_name(a, x->name), pl_req_canonical_name(a, y->name));
}

/* An exact pin of the same package by a constraint anywhere in the set. */
static int pinned_by_constraint(pl_arena *a, const pl_req_set *set, const pl_req *r)
{
    pl_pep440 v;
    for (int i = 0; i < set->nreqs; i++)
        if (set->reqs[i]->constraint && same_package(a, set->reqs[i], r) &&
            exact_version(set->reqs[i], &v))
            return 1;
    return 0;
}

void pl_check_requirements_unpinned(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    const char *why;
    if (pl_req_ranges_allowed(c, f, &why)) {
        pl_skip(c, "%s", why);
        return;
    }
    const char *installed_by;
    if ((why = pl_req_set_aside(c, f, &installed_by))) {
        pl_skip(c, "%s", why);
        return;
    }
    pl_arena *a = pl_check_arena(c);
    pl_req_set *set = NULL;
    int judged = 0;
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (!from_index(r))
            continue;
        judged++;
        pl_pep440 v;
        if (exact_version(r, &v) || pl_pep440_specset_exact(&r->specs))
            continue;
        if (!set)
            set = pl_req_rules_set(c, f);
        if (pinned_by_constraint(a, set, r))
            continue;
        int wildcard = 0, ranged = r->specs.n > 0;
        for (int k = 0; k < r->specs.n; k++)
            wildcard |= r->specs.items[k].op == PL_PEP440_EQ && r->specs.items[k].wildcard;
        if (wildcard)
            pl_fail(c, r->span, NULL, "%s is pinned with a wildcard (%s): any matching release installs",
                    r->name, r->specifier);
        else if (ranged)
            pl_fail(c, r->span, NULL, "%s allows a range (%s): the newest matching release installs",
                    r->name, r->specifier);
        else
            pl_fail(c, r->span, NULL, "%s has no version: the newest release installs", r->name);
    }
    if (!judged)
        pl_skip(c, "no requirement from an index");
    else
        pl_pass(c, (pl_span){0}, "%d requirement%s pinned with ==%s%s", judged, judged == 1 ? "" : "s",
                installed_by ? "; installed by " : "", installed_by ? installed_by : "");
}

/* Calls fn for each pair (earlier, later) of the same package where the
 * later one is in the checked file (or the earlier one is, when the later
 * one comes from an include). */
typedef void (*pair_fn)(pl_check *c, const pl_file *f, const pl_req *first, const pl_req *second,
                        int *count);

static void each_pair(pl_check *c, const pl_file *f, pair_fn fn, int *count)
{
    pl_arena *a = pl_check_arena(c);
    pl_req_set *set = pl_req_rules_set(c, f);
    const char **canon = PL_NEW_N(a, const char *, set->nreqs + 1);
    for (int i = 0; i < set->nreqs; i++)
        canon[i] = set->reqs[i]->name ? pl_req_canonical_name(a, set->reqs[i]->name) : NULL;
    /* sorted buckets would avoid the pairs; files hold hundreds of lines at
     * most, and the loop stops at 4096 requirements */
    int n = set->nreqs < 4096 ? set->nreqs : 4096;
    for (int j = 0; j < n; j++) {
        if (!canon[j])
            continue;
        for (int i = 0; i < j; i++) {
            if (!canon[i] || strcmp(canon[i], canon[j]) || !same_package(a, set->reqs[i], set->reqs[j]))
                continue;
            fn(c, f, set->reqs[i], set->reqs[j], count);
            break;
        }
    }
}

static int in_file(const pl_file *f, const pl_req *r)
{
    return r->file && !strcmp(r->file, f->path);
}

static int conflicting(const pl_req *x, const pl_req *y)
{
    pl_pep440 v;
    if (exact_version(x, &v) && !pl_pep440_specset_contains(&y->specs, &v))
        return 1;
    return exact_version(y, &v) && !pl_pep440_specset_contains(&x->specs, &v);
}

static void report_pair(pl_check *c, const pl_file *f, const pl_req *first, const pl_req *second,
                        const char *what)
{
    const pl_req *at = in_file(f, second) ? second : in_file(f, first) ? first : NULL;
    if (!at)
        return;
    const pl_req *other = at == second ? first : second;
    pl_fail(c, at->span, NULL, "%s %s: %s here, %s%s at %s:%d", what, at->name,
            *at->specifier ? at->specifier : "any version",
            *other->specifier ? other->specifier : "any version",
            other->constraint ? " (constraint)" : "", other->file, other->line);
}

/* Whether `y` names an extra `x` does not: `granian==2.8.1` then
 * `granian[pname]==2.8.1` asks for more of the package, and pip merges the
 * two lines. */
static int adds_extras(const pl_req *x, const pl_req *y)
{
    for (int j = 0; j < y->nextras; j++) {
        int found = 0;
        for (int i = 0; i < x->nextras && !found; i++)
            found = !strcasecmp(x->extras[i], y->extras[j]);
        if (!found)
            return 1;
    }
    return 0;
}

static void duplicate_pair(pl_check *c, const pl_file *f, const pl_req *first, const pl_req *second,
                           int *count)
{
    if (first->constraint || second->constraint || conflicting(first, second))
        return;
    if (adds_extras(first, second) || adds_extras(second, first))
        return;
    (*count)++;
    report_pair(c, f, first, second, "duplicate requirement");
}

void pl_check_requirements_duplicate(pl_check *c, const pl_file *f)
{
    if (!file_or_skip(c, f))
        return;
    const char *tooling = pl_req_tooling_only(c, f);
    if (tooling) {
        pl_skip(c, "%s", tooling);
        return;
    }
    int n = 0;
    each_pair(c, f, duplicate_pair, &n);
    pl_pass(c, (pl_span){0}, "each package required once");
}

static void conflict_pair(pl_check *c, const pl_file *f, const pl_req *first, const pl_req *second,
                          int *count)
{
    if (!conflicting(first, second))
        return;
    (*count)++;
    report_pair(c, f, first, second, "conflicting specifiers for");
}

void pl_check_requirements_conflict(pl_check *c, const pl_file *f)
{
    if (!file_or_skip(c, f))
        return;
    int n = 0;
    each_pair(c, f, conflict_pair, &n);
    pl_pass(c, (pl_span){0}, "no exact pin contradicts another specifier");
}

/* pip's is_pinned: one specifier, == or ===. */
static int pip_pinned(const pl_req *r)
{
    return r->specs.n == 1 &&
           (r->specs.items[0].op == PL_PEP440_EQ || r->specs.items[0].op == PL_PEP440_ARBITRARY);
}

static int url_hashed(const pl_req *r)
{
    return r->url && (strstr(r->url, "#sha256=") || strstr(r->url, "&sha256=") ||
                      strstr(r->url, "#sha384=") || strstr(r->url, "#sha512="));
}

void pl_check_requirements_hashes(pl_check *c, const pl_file *f)
{
    const pl_reqfile *rf = file_or_skip(c, f);
    if (!rf)
        return;
    pl_req_set *set = pl_req_rules_set(c, f);
    const pl_req *hashed = NULL;
    const char *required = NULL;
    for (int i = 0; i < set->nreqs && !hashed; i++)
        if (set->reqs[i]->nhashes && !set->reqs[i]->constraint)
            hashed = set->reqs[i];
    for (int i = 0; i < set->nfiles && !required; i++)
        for (int k = 0; set->files[i].rf && k < set->files[i].rf->noptions; k++)
            if (!strcmp(set->files[i].rf->options[k].name, "--require-hashes"))
                required = pl_arena_printf(pl_check_arena(c), "--require-hashes at %s:%d",
                                           set->files[i].path, set->files[i].rf->options[k].line);
    if (!hashed && !required) {
        pl_skip(c, "not in hash-checking mode (no --hash, no --require-hashes)");
        return;
    }
    const char *why = required ? required
                               : pl_arena_printf(pl_check_arena(c), "--hash at %s:%d", hashed->file,
                                                 hashed->line);
    int n = 0;
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        if (r->has_variable)
            continue;
        n++;
        if (r->editable)
            pl_fail(c, r->span, NULL,
                    "editable %s cannot be installed in hash-checking mode (%s): there is no single "
                    "file to hash",
                    r->name ? r->name : r->text, why);
        else if (!r->nhashes && !url_hashed(r))
            pl_fail(c, r->span, NULL, "%s has no --hash, which hash-checking mode (%s) requires",
                    r->name ? r->name : r->text, why);
        else if (!r->url && !pip_pinned(r))
            pl_fail(c, r->span, NULL, "%s is not pinned with ==, which hash-checking mode requires",
                    r->name);
    }
    pl_pass(c, (pl_span){0}, "%d requirement%s hashed and pinned (%s)", n, n == 1 ? "" : "s", why);
}
