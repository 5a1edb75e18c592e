/* fuzz_osv.c — libFuzzer target for the OSV reader: the input is read as a
 * zip archive (each .json member added as a record) and as one JSON record,
 * then looked up. Besides not crashing or reading out of bounds: a member
 * is either data or a reason, never both; stats stay consistent; a query
 * returns at most what it was given room for. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    pl_osv_db *db;
    size_t max;
} ctx;

static void member(void *ud, const char *name, const char *d, size_t len, const char *why)
{
    ctx *c = ud;
    if ((d == NULL) == (why == NULL) || len > c->max || !name)
        __builtin_trap();
    if (d)
        pl_osv_add_json(c->db, name, d, len);
    else
        pl_osv_add_unreadable(c->db, name, why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_arena *a = pl_arena_new();
    pl_osv_db *db = pl_osv_new(a);
    ctx c = {db, 1u << 16};
    const char *err = NULL;
    long n = pl_zip_each(data, size, c.max, member, &c, &err);
    if (n < 0 && !err)
        __builtin_trap();
    pl_osv_add_json(db, "input.json", (const char *)data, size);
    const pl_osv_stats *st = pl_osv_stats_of(db);
    if (st->advisories + st->withdrawn > st->records || (st->unreadable && !st->first_problem))
        __builtin_trap();
    static const char *const versions[] = {"0", "1.0", "2.25.0", "1!2.0rc1.post3.dev4+local"};
    static const char *const names[] = {"requests", "a", "Django_Foo", ""};
    pl_osv_hit hits[4];
    for (int i = 0; i < 4; i++) {
        pl_pep440 v;
        if (pl_pep440_parse(a, versions[i], strlen(versions[i]), &v) != 0)
            __builtin_trap();
        int k = pl_osv_affected(a, db, names[i], &v, hits, 4);
        if (k < 0 || k > 4)
            __builtin_trap();
        for (int j = 0; j < k; j++)
            if (!hits[j].id)
                __builtin_trap();
    }
    pl_arena_free(a);
    return 0;
}
