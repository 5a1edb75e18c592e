/* osv.h — known vulnerabilities of Python packages, read offline from OSV
 * records (https://ossf.github.io/osv-schema/).
 *
 * Owns: reading OSV JSON records from a directory (recursively), one .json
 * file, or a .zip of them (the per-ecosystem export osv.dev publishes, e.g.
 * PyPI/all.zip: the central directory is read here and members are
 * inflated with zlib), keeping the PyPI entries of records that are not
 * withdrawn, indexed once per run by PEP 503 name; and deciding whether a
 * version is affected: ECOSYSTEM ranges (introduced / fixed / last_affected
 * / limit events, PEP 440 order) and explicit `versions` lists. Nothing is
 * fetched: a record is only what the files say. Records that cannot be read
 * are counted and the first few named with why; the rest still load.
 * Everything lives in the caller's arena; the database is read-only once
 * loaded, so threads may query it together.
 */
#ifndef PLIMSOLL_OSV_H
#define PLIMSOLL_OSV_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/pep440.h"

typedef struct pl_osv_db pl_osv_db;

typedef struct {
    size_t records;    /* JSON records read */
    size_t advisories; /* of those, with a PyPI package and not withdrawn */
    size_t withdrawn;
    size_t unreadable; /* files or members that are not an OSV record */
    size_t packages;   /* distinct PyPI names */
    const char *first_problem; /* "PyPI/x.json: not JSON at line 3", or NULL */
} pl_osv_stats;

/* Loads `path` (a directory, a .json file or a .zip). NULL with *error set
 * when `path` cannot be read at all (missing, not a zip, a zip whose
 * directory is corrupt); a record that cannot be read is only counted. */
pl_osv_db *pl_osv_load(pl_arena *a, const char *path, const char **error);

/* Adds one JSON record (`name` says where it came from, for messages).
 * 0, or -1 when it is not an OSV record. */
pl_osv_db *pl_osv_new(pl_arena *a);
int pl_osv_add_json(pl_osv_db *db, const char *name, const char *json, size_t len);

/* Counts a file or member that could not be read, with why. */
void pl_osv_add_unreadable(pl_osv_db *db, const char *name, const char *why);

const pl_osv_stats *pl_osv_stats_of(const pl_osv_db *db);

/* One advisory that affects a version. */
typedef struct {
    const char *id;        /* "GHSA-j8r2-6x86-q33q", "PYSEC-2023-74" */
    const char **aliases;  /* "CVE-2023-32681", ... */
    int naliases;
    const char *summary;   /* may be NULL */
    const char *fixed;     /* the first fixed version above the affected one; NULL: none known */
    int by_versions_list;  /* affected because `versions` lists it (not by a range) */
} pl_osv_hit;

/* The advisories of `name` (any spelling: PEP 503 normalised here) that
 * affect `v`, in the order they were loaded, at most `max`; returns how
 * many were written to `out`. */
int pl_osv_affected(pl_arena *a, const pl_osv_db *db, const char *name, const pl_pep440 *v,
                    pl_osv_hit *out, int max);
/* Whether the database knows any advisory for `name`. */
int pl_osv_knows(const pl_osv_db *db, const char *name);

/* ---- zip archives (the reader pl_osv_load uses; exposed for tests and fuzzing) ---- */

/* Calls `member` for each regular file in the zip `data[0..len)` (stored
 * or deflated, CRC checked, at most `max_member` bytes inflated each) with
 * its name and contents; a member that cannot be read is reported with
 * data NULL and `why`. Returns the number of entries in the central
 * directory, or -1 with *error when the archive itself cannot be read. */
typedef void (*pl_zip_member_fn)(void *ud, const char *name, const char *data, size_t len,
                                 const char *why);
long pl_zip_each(const unsigned char *data, size_t len, size_t max_member, pl_zip_member_fn member,
                 void *ud, const char **error);

#endif
