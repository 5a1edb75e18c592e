/* osv.c — OSV records: reading them (cJSON), keeping their PyPI entries,
 * the per-run index by PEP 503 name, and the affected-version test of the
 * OSV schema's evaluation (events sorted by version, `introduced` opens an
 * affected span, `fixed` and `limit` close it at their version,
 * `last_affected` just after it). */
#include "plimsoll/osv.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/requirements.h"

typedef enum { EV_INTRODUCED, EV_FIXED, EV_LAST_AFFECTED, EV_LIMIT } ev_kind;

typedef struct {
    ev_kind kind;
    int zero; /* introduced "0": before every version */
    pl_pep440 v;
} osv_event;

typedef struct {
    osv_event *events; /* sorted */
    int nevents;
} osv_range;

typedef struct {
    const char *id;
    const char **aliases;
    int naliases;
    const char *summary;
} osv_advisory;

typedef struct osv_entry {
    const osv_advisory *adv;
    osv_range *ranges;
    int nranges;
    const char **versions; /* as written: parsed only when the package is looked up */
    int nversions;
    struct osv_entry *next;
} osv_entry;

typedef struct {
    const char *name; /* PEP 503; NULL: empty slot */
    osv_entry *first, *last;
} osv_bucket;

struct pl_osv_db {
    pl_arena *a;
    osv_bucket *buckets;
    size_t cap; /* a power of two */
    pl_osv_stats stats;
};

pl_osv_db *pl_osv_new(pl_arena *a)
{
    pl_osv_db *db = PL_NEW(a, pl_osv_db);
    db->a = a;
    db->cap = 64;
    db->buckets = PL_NEW_N(a, osv_bucket, db->cap);
    return db;
}

const pl_osv_stats *pl_osv_stats_of(const pl_osv_db *db) { return &db->stats; }

/* ---- the index --------------------------------------------------------------- */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static osv_bucket *slot(osv_bucket *b, size_t cap, const char *name)
{
    for (size_t i = hash_name(name) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!b[i].name || !strcmp(b[i].name, name))
            return &b[i];
}

static const osv_bucket *lookup(const pl_osv_db *db, const char *canonical)
{
    const osv_bucket *b = slot(db->buckets, db->cap, canonical);
    return b->name ? b : NULL;
}

static void index_entry(pl_osv_db *db, const char *canonical, osv_entry *e)
{
    if ((db->stats.packages + 1) * 2 > db->cap) {
        size_t cap = db->cap * 2;
        osv_bucket *nb = PL_NEW_N(db->a, osv_bucket, cap);
        for (size_t i = 0; i < db->cap; i++)
            if (db->buckets[i].name)
                *slot(nb, cap, db->buckets[i].name) = db->buckets[i];
        db->buckets = nb;
        db->cap = cap;
    }
    osv_bucket *b = slot(db->buckets, db->cap, canonical);
    if (!b->name) {
        b->name = canonical;
        db->stats.packages++;
    }
    if (b->last)
        b->last->next = e;
    else
        b->first = e;
    b->last = e;
}

/* ---- reading a record -------------------------------------------------------- */

static const char *str_of(pl_arena *a, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring ? pl_arena_strdup(a, v->valuestring) : NULL;
}

/* Events in evaluation order: by version, "0" first; at one version an
 * `introduced` before what closes the span. */
static int cmp_events(const void *x, const void *y)
{
    const osv_event *a = x, *b = y;
    if (a->zero != b->zero)
        return a->zero ? -1 : 1;
    int c = a->zero ? 0 : pl_pep440_cmp(&a->v, &b->v);
    if (c)
        return c;
    return (int)a->kind - (int)b->kind;
}

/* An ECOSYSTEM range; -1 when a version in it is not PEP 440 (the range
 * then says nothing plimsoll can trust). */
static int read_range(pl_arena *a, const cJSON *r, osv_range *out)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(r, "type");
    if (!cJSON_IsString(type) || strcmp(type->valuestring, "ECOSYSTEM"))
        return -1;
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(r, "events");
    int n = cJSON_IsArray(events) ? cJSON_GetArraySize(events) : 0;
    if (n <= 0)
        return -1;
    out->events = PL_NEW_N(a, osv_event, n);
    out->nevents = 0;
    static const char *const keys[] = {"introduced", "fixed", "last_affected", "limit"};
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events)
    {
        int found = 0;
        for (int k = 0; k < 4 && !found; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, keys[k]);
            if (!cJSON_IsString(v))
                continue;
            found = 1;
            osv_event *e = &out->events[out->nevents];
            e->kind = (ev_kind)k;
            e->zero = k == EV_INTRODUCED && !strcmp(v->valuestring, "0");
            if (!e->zero && pl_pep440_parse(a, v->valuestring, strlen(v->valuestring), &e->v) != 0)
                return -1;
            out->nevents++;
        }
    }
    qsort(out->events, (size_t)out->nevents, sizeof *out->events, cmp_events);
    return 0;
}

static void read_affected(pl_osv_db *db, const osv_advisory *adv, const cJSON *aff, int *kept)
{
    pl_arena *a = db->a;
    const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(aff, "package");
    const char *eco = str_of(a, pkg, "ecosystem"), *name = str_of(a, pkg, "name");
    if (!eco || !name || strcmp(eco, "PyPI"))
        return;
    osv_entry *e = PL_NEW(a, osv_entry);
    e->adv = adv;
    const cJSON *ranges = cJSON_GetObjectItemCaseSensitive(aff, "ranges");
    int nr = cJSON_IsArray(ranges) ? cJSON_GetArraySize(ranges) : 0;
    e->ranges = PL_NEW_N(a, osv_range, nr > 0 ? nr : 1);
    const cJSON *r;
    cJSON_ArrayForEach(r, ranges)
    {
        if (read_range(a, r, &e->ranges[e->nranges]) == 0)
            e->nranges++;
    }
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(aff, "versions");
    int nv = cJSON_IsArray(versions) ? cJSON_GetArraySize(versions) : 0;
    e->versions = PL_NEW_N(a, const char *, nv > 0 ? nv : 1);
    const cJSON *v;
    cJSON_ArrayForEach(v, versions)
    {
        if (cJSON_IsString(v) && e->nversions < nv)
            e->versions[e->nversions++] = pl_arena_strdup(a, v->valuestring);
    }
    if (!e->nranges && !e->nversions)
        return;
    index_entry(db, pl_req_canonical_name(a, name), e);
    (*kept)++;
}

/* Where cJSON stopped (`at`), as a line number of `json`. */
static int error_line(const char *json, size_t len, const char *at)
{
    if (!at || at < json || at > json + len)
        return 0;
    int line = 1;
    for (const char *p = json; p < at; p++)
        line += *p == '\n';
    return line;
}

static void problem(pl_osv_db *db, const char *name, const char *why, int line)
{
    db->stats.unreadable++;
    if (!db->stats.first_problem)
        db->stats.first_problem = line ? pl_arena_printf(db->a, "%s:%d: %s", name, line, why)
                                       : pl_arena_printf(db->a, "%s: %s", name, why);
}

void pl_osv_add_unreadable(pl_osv_db *db, const char *name, const char *why)
{
    problem(db, name, why, 0);
}

int pl_osv_add_json(pl_osv_db *db, const char *name, const char *json, size_t len)
{
    pl_arena *a = db->a;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        problem(db, name, "not valid JSON", error_line(json, len, end));
        return -1;
    }
    const char *id = str_of(a, root, "id");
    if (!cJSON_IsObject(root) || !id || !*id) {
        problem(db, name, "not an OSV record (no \"id\")", 0);
        cJSON_Delete(root);
        return -1;
    }
    db->stats.records++;
    if (cJSON_GetObjectItemCaseSensitive(root, "withdrawn")) {
        db->stats.withdrawn++;
        cJSON_Delete(root);
        return 0;
    }
    osv_advisory *adv = PL_NEW(a, osv_advisory);
    adv->id = id;
    adv->summary = str_of(a, root, "summary");
    const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(root, "aliases");
    int na = cJSON_IsArray(aliases) ? cJSON_GetArraySize(aliases) : 0;
    adv->aliases = PL_NEW_N(a, const char *, na + 1);
    const cJSON *al;
    cJSON_ArrayForEach(al, aliases)
    {
        if (cJSON_IsString(al) && adv->naliases < na)
            adv->aliases[adv->naliases++] = pl_arena_strdup(a, al->valuestring);
    }
    int kept = 0;
    const cJSON *aff;
    cJSON_ArrayForEach(aff, cJSON_GetObjectItemCaseSensitive(root, "affected"))
    {
        read_affected(db, adv, aff, &kept);
    }
    if (kept)
        db->stats.advisories++;
    cJSON_Delete(root);
    return 0;
}

/* ---- the affected-version test ----------------------------------------------- */

/* Whether `v` is in the range; *fixed gets the first `fixed` above it. */
static int range_affects(const osv_range *r, const pl_pep440 *v, const pl_pep440 **fixed)
{
    int affected = 0;
    for (int i = 0; i < r->nevents; i++) {
        const osv_event *e = &r->events[i];
        switch (e->kind) {
        case EV_INTRODUCED:
            if (e->zero || pl_pep440_cmp(v, &e->v) >= 0)
                affected = 1;
            break;
        case EV_FIXED:
        case EV_LIMIT:
            if (pl_pep440_cmp(v, &e->v) >= 0)
                affected = 0;
            break;
        case EV_LAST_AFFECTED:
            if (pl_pep440_cmp(v, &e->v) > 0)
                affected = 0;
            break;
        }
    }
    *fixed = NULL;
    if (affected)
        for (int i = 0; i < r->nevents && !*fixed; i++)
            if (r->events[i].kind == EV_FIXED && pl_pep440_cmp(&r->events[i].v, v) > 0)
                *fixed = &r->events[i].v;
    return affected;
}

int pl_osv_knows(const pl_osv_db *db, const char *name)
{
    pl_arena *tmp = pl_arena_new();
    int known = db && name && lookup(db, pl_req_canonical_name(tmp, name)) != NULL;
    pl_arena_free(tmp);
    return known;
}

int pl_osv_affected(pl_arena *a, const pl_osv_db *db, const char *name, const pl_pep440 *v,
                    pl_osv_hit *out, int max)
{
    if (!db || !name)
        return 0;
    const osv_bucket *b = lookup(db, pl_req_canonical_name(a, name));
    int n = 0;
    for (const osv_entry *e = b ? b->first : NULL; e && n < max; e = e->next) {
        const pl_pep440 *fixed = NULL;
        int hit = 0, by_list = 0;
        for (int i = 0; i < e->nranges && !hit; i++)
            hit = range_affects(&e->ranges[i], v, &fixed);
        for (int i = 0; i < e->nversions && !hit; i++) {
            pl_pep440 listed;
            if (pl_pep440_parse(a, e->versions[i], strlen(e->versions[i]), &listed) == 0 &&
                pl_pep440_cmp(&listed, v) == 0)
                hit = by_list = 1;
        }
        if (!hit)
            continue;
        /* listed as affected: the fix is still the first `fixed` above it */
        for (int i = 0; by_list && i < e->nranges; i++)
            for (int j = 0; j < e->ranges[i].nevents; j++) {
                const osv_event *ev = &e->ranges[i].events[j];
                if (ev->kind == EV_FIXED && pl_pep440_cmp(&ev->v, v) > 0 &&
                    (!fixed || pl_pep440_cmp(&ev->v, fixed) < 0))
                    fixed = &ev->v;
            }
        /* an advisory listed twice for the package (two affected entries) counts once */
        int dup = 0;
        for (int i = 0; i < n && !dup; i++)
            dup = out[i].id == e->adv->id;
        if (dup)
            continue;
        out[n] = (pl_osv_hit){e->adv->id, e->adv->aliases, e->adv->naliases, e->adv->summary,
                              fixed ? pl_pep440_str(a, fixed) : NULL, by_list};
        n++;
    }
    return n;
}
