/* cmd_merge.c — `plimsoll merge REPORT.json...`: the JSON reports of the
 * shards of a run (--shard I/N) made into one report, in any format, with
 * the summary one run over everything prints.
 *
 * Each report is read into a workspace of finished files (findings and
 * checklist results, as pl_engine_run leaves them) and the one report is
 * built from that workspace by pl_report_build, so the order, the sections,
 * the counts and the exit status are a single run's. A rule this binary
 * does not know (from a rule pack) is rebuilt from what the JSON says of it.
 * The text format quotes source lines when the files are readable from the
 * current directory, as after a checkout of the same commit.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "merge_read.h"
#include "plimsoll/report.h"
#include "plimsoll/unit.h"

#define MERGE_MAX_SOURCE ((size_t)16 << 20)

static int cmp_walk(const void *x, const void *y)
{
    const pl_file *a = *(const pl_file *const *)x, *b = *(const pl_file *const *)y;
    if ((a->kind == PL_KIND_REPOSITORY) != (b->kind == PL_KIND_REPOSITORY))
        return a->kind == PL_KIND_REPOSITORY ? 1 : -1;
    const unsigned char *p = (const unsigned char *)a->path, *q = (const unsigned char *)b->path;
    while (*p && *p == *q)
        p++, q++;
    /* the end of a name sorts before any character that continues it */
    int cp = !*p ? 0 : *p == '/' ? 1 : *p + 1, cq = !*q ? 0 : *q == '/' ? 1 : *q + 1;
    return (cp > cq) - (cp < cq);
}

/* The lines of a file the findings of its section start on, for source
 * excerpts, when the file is here to read: the other lines are emptied
 * (their newlines kept, so that line numbers still count), so that the
 * memory holds what the report quotes and not every file whole. */
static void read_source(pl_arena *a, const pl_report *r, int i)
{
    pl_report_file *rf = &r->files[i];
    const pl_report_section *s = &r->sections[i];
    struct stat st;
    if (!s->nfindings || stat(rf->path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > MERGE_MAX_SOURCE)
        return;
    FILE *fp = fopen(rf->path, "rb");
    if (!fp)
        return;
    char *data = malloc((size_t)st.st_size + 1);
    size_t n = data ? fread(data, 1, (size_t)st.st_size, fp) : 0;
    fclose(fp);
    if (!data)
        return;
    size_t nlines = 1;
    for (size_t k = 0; k < n; k++)
        nlines += data[k] == '\n';
    unsigned char *wanted = calloc(nlines, 1);
    for (int k = s->first_finding; wanted && k < s->first_finding + s->nfindings; k++) {
        int line = r->findings[k]->span.line;
        if (line >= 1 && (size_t)line <= nlines)
            wanted[line - 1] = 1;
    }
    if (wanted) {
        size_t size = 0, line = 0;
        for (size_t k = 0; k < n; k++) {
            size += data[k] == '\n' || wanted[line];
            line += data[k] == '\n';
        }
        char *kept = pl_arena_alloc(a, size + 1);
        size_t o = 0;
        line = 0;
        for (size_t k = 0; k < n; k++) {
            if (data[k] == '\n') {
                kept[o++] = '\n';
                line++;
            } else if (wanted[line]) {
                kept[o++] = data[k];
            }
        }
        rf->data = kept;
        rf->len = o;
    }
    free(wanted);
    free(data);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void merge_usage(FILE *out)
{
    fputs("usage: plimsoll merge [-f FMT] [-o FILE] [--failure-threshold LEVEL] REPORT.json...\n"
          "combines the JSON reports of the shards of a run (--shard I/N) into one report\n",
          out);
}

int pl_cmd_merge(int argc, char **argv)
{
    double t0 = now_ms();
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"failure-threshold", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "text", *output = NULL;
    int threshold = PL_SEV_WARNING, quiet = 0;
    optind = 1;
    opterr = 0;
    for (int c; (c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1;) {
        switch (c) {
        case 'f':
            if (!pl_report_format_known(optarg)) {
                fprintf(stderr, "plimsoll: unknown format '%s'\n", optarg);
                return 2;
            }
            format = optarg;
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 't': {
            pl_severity sev;
            if (!strcmp(optarg, "none")) {
                threshold = PL_THRESHOLD_NONE;
            } else if (pl_severity_parse(optarg, &sev) == 0 && sev != PL_SEV_NONE) {
                threshold = (int)sev;
            } else {
                fprintf(stderr, "plimsoll: bad --failure-threshold '%s'\n", optarg);
                return 2;
            }
            break;
        }
        case 'h': merge_usage(stdout); return 0;
        default: merge_usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        merge_usage(stderr);
        return 2;
    }
    pl_arena *a = pl_arena_new();
    pl_options o = {0};
    o.format = format;
    o.threshold_set = 1;
    o.threshold = threshold;
    o.quiet = quiet;
    pl_workspace ws = {0};
    ws.arena = a;
    ws.opts = &o;
    /* the checklist lines wait on disk, as in a run (report.h) */
    ws.checklist_spool = pl_check_spool_new();
    merger m = {.a = a, .ws = &ws, .scratch = pl_arena_new()};
    for (int i = optind; i < argc; i++)
        if (pl_merge_read(&m, argv[i]) != 0) {
            pl_arena_free(m.scratch);
            pl_check_spool_free(ws.checklist_spool);
            pl_arena_free(a);
            return 2;
        }
    pl_arena_free(m.scratch);
    if (ws.checklist_spool && !pl_check_spool_ok(ws.checklist_spool)) {
        fputs("plimsoll: cannot write the checklist's temporary file\n", stderr);
        pl_check_spool_free(ws.checklist_spool);
        pl_arena_free(a);
        return 2;
    }
    ws.files = (pl_file **)m.files.items;
    ws.nfiles = (int)m.files.len;
    if (ws.nfiles > 1)
        qsort(ws.files, (size_t)ws.nfiles, sizeof *ws.files, cmp_walk);
    pl_report r;
    pl_report_build(a, &ws, &r);
    r.summary.suppressed = m.suppressed;
    r.repo_name = m.repo_name;
    r.commit = m.commit;
    if (!strcmp(format, "text"))
        for (int i = 0; i < r.nfiles; i++)
            read_source(a, &r, i);
    FILE *out = stdout;
    int rc;
    if (output && !(out = fopen(output, "w"))) {
        perror(output);
        rc = 2;
    } else {
        r.elapsed_ms = now_ms() - t0;
        pl_report_render(&r, format, out);
        if (out != stdout)
            fclose(out);
        rc = r.failing ? 1 : 0;
    }
    pl_report_release(&r);
    pl_check_spool_free(ws.checklist_spool);
    pl_arena_free(a);
    return rc;
}
