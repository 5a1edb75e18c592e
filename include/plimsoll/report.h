/* report.h — the one report structure every output format renders.
 *
 * Owns: collecting a finished workspace into sorted findings, checklist lines
 * and a summary (pl_report_build), and the renderers, one file per format
 * under src/report/. Renderers never decide anything: what fails, what is
 * suppressed and what counts is settled before they run.
 */
#ifndef PLIMSOLL_REPORT_H
#define PLIMSOLL_REPORT_H

#include <stdio.h>

#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

#define PLIMSOLL_VERSION "0.1.0"

/* Where the project is published; each built-in rule has a page under
 * docs/rules/ there. A fork builds with `make REPOSITORY_URL=...`. */
#ifndef PLIMSOLL_REPOSITORY_URL
#define PLIMSOLL_REPOSITORY_URL "https://github.com/acme/plimsoll"
#endif

typedef struct {
    const char *path;
    pl_file_kind kind;
    const char *headline; /* e.g. "3 stages, final: runtime"; may be NULL */
    const char *data;     /* the file's bytes, for source excerpts; may be NULL */
    size_t len;
    const struct pl_service_card *cards; /* compose files: one per service (card.h) */
    int ncards;
} pl_report_file;

/* How one image is built (a build unit), paths relative to the repository
 * root (outside a repository: to the current directory). */
typedef struct {
    const char *dockerfile;
    const char *context;   /* the context the rules used */
    const char *target;    /* NULL: the last stage */
    int target_unknown;    /* a --target whose value is not known statically */
    pl_unit_output output; /* what the build leaves: an image, files, the cache */
    const char **arg_names;
    const char **arg_values; /* an entry NULL when not known statically */
    int nargs;
    const char *origin_file; /* NULL when nothing says how it is built */
    int origin_line;
    const char *origin_kind;  /* "compose", "workflow", ... */
    const char *evidence;
} pl_report_unit;

typedef struct {
    int files;
    int by_severity[PL_SEV_NONE]; /* counts of standing findings per severity */
    int passed, failed, skipped;  /* checklist lines */
    int suppressed;
} pl_report_summary;

/* What one file (or one path named only by cross-file findings) contributes
 * to the report, so renderers that group by file need not search. */
typedef struct {
    const char *path;
    const pl_report_file *file;   /* NULL: no checked file has this path */
    int first_finding, nfindings; /* a run of pl_report.findings */
    int first_check, nchecks;     /* a run of the checklist (pl_report_check) */
    long long check_at;           /* where its lines are in the spool (spooled reports) */
} pl_report_section;

/* A run's checklist lines on disk (spool.c): each checked file's lines go
 * there as soon as its rules ran, so that the memory of a run does not
 * grow with its number of files; the report reads them back one section at
 * a time (pl_report_check). */
typedef struct pl_check_spool pl_check_spool;
typedef struct pl_check_pager pl_check_pager;
/* NULL when no temporary file can be made (the lines then stay in memory). */
pl_check_spool *pl_check_spool_new(void);
void pl_check_spool_free(pl_check_spool *sp);
/* Appends lines (copies of them); returns where they start. Safe on any
 * thread. */
long long pl_check_spool_put(pl_check_spool *sp, const pl_result *const *lines, size_t n);
/* Reads n lines put at `at` back into out[] (their evidence copied into
 * `a`); -1 when they do not read back. */
int pl_check_spool_read(pl_check_spool *sp, long long at, int n, pl_arena *a, pl_result *out);
/* Whether every line put was written. */
int pl_check_spool_ok(const pl_check_spool *sp);
pl_check_pager *pl_check_pager_new(pl_check_spool *sp);
void pl_check_pager_free(pl_check_pager *pg);

typedef struct pl_report {
    pl_arena *arena;
    const char *tool_name, *tool_version;
    const char *repo_name;   /* e.g. "acme/gpu-worker" or the directory name; may be NULL */
    const char *commit;      /* short hash; may be NULL */
    const char *date;        /* YYYY-MM-DD of the run */
    pl_report_file *files;
    int nfiles;
    const pl_finding **findings; /* standing findings, sorted by file, line, column, rule id */
    int nfindings;
    /* checklist lines, by file, then category order, then rule id: read
     * them with pl_report_check; NULL when they are in the spool */
    const pl_result **checklist;
    int nchecklist;
    pl_check_pager *pager; /* reads spooled lines back; NULL when `checklist` is set */
    pl_report_summary summary;
    int threshold;        /* pl_severity or PL_THRESHOLD_NONE */
    int failing;          /* 1 when a finding is at or above the threshold */
    const char **notes;   /* things to say once (e.g. "shellcheck is not installed") */
    int nnotes;
    double elapsed_ms;
    int color;            /* renderers that support colour use it */
    int quiet;            /* only findings, no passing lines */
    /* one per reported file in workspace order, then one per other path that
     * standing findings name (sorted by path) */
    pl_report_section *sections;
    int nsections;
    pl_report_unit *units; /* only for the json format (pl_report_build) */
    int nunits;
} pl_report;

/* Fills only r->units from the workspace's build units (pl_report_build
 * does it too). */
void pl_report_units(pl_arena *a, const pl_workspace *ws, pl_report *r);
/* r->units as the JSON report's `build_units` array (a cJSON *). */
void *pl_report_units_json(const pl_report *r);

/* Whether `format` (NULL: text) prints checklist lines; the others only
 * count them in the summary, or not at all. */
int pl_report_prints_checklist(const char *format, int quiet);
/* Counts the checklist lines one file's results (pl_result *) make, as
 * pl_report_build would list them: counts[0] passed, [1] failed, [2]
 * skipped. Safe on any thread. */
void pl_report_count_checklist(const pl_vec *results, int counts[3]);
/* The checklist lines one file's results make, merged by question and in
 * report order, into `lines` (room for results->len); returns how many.
 * Listing them again gives the same lines. Safe on any thread. */
size_t pl_report_checklist_lines(const pl_vec *results, const pl_result **lines);

/* Checklist line k (0 <= k < r->nchecklist). From a spooled report the
 * line lives until a line of another section is asked for. */
const pl_result *pl_report_check(const pl_report *r, int k);

/* Gathers the workspace into `r` (allocated in `a`); when ws->checklist_spool
 * is set, the checklist lines stay in it (r->pager reads them: release it
 * with pl_report_release). */
void pl_report_build(pl_arena *a, const pl_workspace *ws, pl_report *r);

/* Frees what pl_report_build allocated outside its arena. */
void pl_report_release(pl_report *r);

/* Sets the threshold (a pl_severity or PL_THRESHOLD_NONE) and recomputes
 * `failing`. pl_report_build uses the command line's threshold, else the
 * config's, else warning. */
void pl_report_set_threshold(pl_report *r, int threshold);

/* The fix text of a finding: its own, else its rule's default; never NULL. */
const char *pl_report_finding_fix(const pl_finding *f);

/* Index of the category in the display order (security first); unknown last. */
int pl_category_rank(const char *category);

/* Renders `format` ("text", "json", "checklist", "sarif", "junit", "github",
 * "gitlab", "checkstyle"). Returns 0, or -1 for an unknown format. */
int pl_report_render(const pl_report *r, const char *format, FILE *out);
int pl_report_format_known(const char *format);

/* The renderers. */
void pl_render_text(const pl_report *r, FILE *out);
void pl_render_json(const pl_report *r, FILE *out);
void pl_render_checklist(const pl_report *r, FILE *out);
void pl_render_sarif(const pl_report *r, FILE *out);
void pl_render_junit(const pl_report *r, FILE *out);
void pl_render_github(const pl_report *r, FILE *out);
void pl_render_gitlab(const pl_report *r, FILE *out);
void pl_render_checkstyle(const pl_report *r, FILE *out);

/* The documentation page of a built-in rule (docs/rules/<name>.md under
 * PLIMSOLL_REPOSITORY_URL); NULL for a rule from a pack, which has none. */
const char *pl_report_rule_doc_url(pl_arena *a, const pl_rule *rule);

/* Line `line` (1-based) of a file's bytes, without its newline; NULL when out
 * of range. *len gets its length. */
const char *pl_report_source_line(const pl_report_file *f, int line, size_t *len);

#endif
