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
#include "plimsoll/report.h"
#include "plimsoll/unit.h"

#define MERGE_MAX_SOURCE ((size_t)16 << 20)

typedef struct {
    pl_arena *a;
    pl_workspace *ws;
    const char *repo_name, *commit; /* the first report's */
    pl_vec files;   /* pl_file * */
    pl_file **table; /* open addressing by path, a power of two long */
    size_t cap;
    pl_vec unknown; /* pl_rule *: rules only a report knew */
    int suppressed;
} merger;

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

static const char *keep(merger *m, const char *s) { return s ? pl_arena_strdup(m->a, s) : NULL; }

/* A finding's `related` evidence (where the image it is about is built). */
static void related_of(merger *m, const cJSON *it, pl_finding *fd)
{
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive(it, "related");
    int n = cJSON_IsArray(rel) ? cJSON_GetArraySize(rel) : 0;
    if (n <= 0)
        return;
    pl_related *out = PL_NEW_N(m->a, pl_related, n);
    int k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, rel)
    {
        if (!str(e, "file"))
            continue;
        out[k++] = (pl_related){keep(m, str(e, "file")), pl_span_make(num(e, "line"), num(e, "column"), 0, 0),
                                keep(m, str(e, "message") ? str(e, "message") : "")};
    }
    fd->related = out;
    fd->nrelated = k;
}

static const pl_rule *rule_of(merger *m, const cJSON *o)
{
    const char *id = str(o, "rule");
    if (!id)
        return NULL;
    const pl_rule *r = pl_rule_find(id);
    if (r && !strcmp(r->id, id))
        return r;
    for (size_t i = 0; i < m->unknown.len; i++)
        if (!strcmp(PL_VEC_AT(m->unknown, const pl_rule *, i)->id, id))
            return m->unknown.items[i];
    pl_rule *nr = PL_NEW(m->a, pl_rule);
    nr->id = keep(m, id);
    nr->name = keep(m, str(o, "name") ? str(o, "name") : id);
    nr->title = keep(m, str(o, "title") ? str(o, "title") : nr->name);
    nr->category = keep(m, str(o, "category"));
    nr->severity = PL_SEV_WARNING;
    nr->kind = PL_KIND_DOCKERFILE;
    nr->checklist = 1;
    pl_vec_push(m->a, &m->unknown, nr);
    return nr;
}

static size_t hash_path(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static pl_file **slot(merger *m, const char *path)
{
    size_t i = hash_path(path) & (m->cap - 1);
    while (m->table[i] && strcmp(m->table[i]->path, path))
        i = (i + 1) & (m->cap - 1);
    return &m->table[i];
}

static pl_file *file_named(merger *m, const char *path, pl_file_kind kind, int create)
{
    if (m->cap && *slot(m, path))
        return *slot(m, path);
    if (!create)
        return NULL;
    if (2 * (m->files.len + 1) > m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->table = PL_NEW_N(m->a, pl_file *, m->cap);
        for (size_t i = 0; i < m->files.len; i++) {
            pl_file *f = m->files.items[i];
            *slot(m, f->path) = f;
        }
    }
    pl_file *f = PL_NEW(m->a, pl_file);
    f->path = keep(m, path);
    f->kind = kind;
    f->report = 1;
    f->ws = m->ws;
    f->arena = m->a;
    pl_vec_push(m->a, &m->files, f);
    *slot(m, f->path) = f;
    return f;
}

/* The order a directory walk discovers files in: by path, one component
 * at a time ("a/x" before "a-b"); the repository's own line last. */
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

static int severity_of(const char *s)
{
    pl_severity sev;
    return s && pl_severity_parse(s, &sev) == 0 && sev != PL_SEV_NONE ? (int)sev : -1;
}

static int status_of(const char *s, pl_status *out)
{
    for (int st = PL_STATUS_PASS; st <= PL_STATUS_SKIP; st++)
        if (s && !strcmp(s, pl_status_name((pl_status)st))) {
            *out = (pl_status)st;
            return 0;
        }
    return -1;
}

static pl_origin_kind origin_of(const char *kind)
{
    for (int k = PL_ORIGIN_NONE; k <= PL_ORIGIN_DEVCONTAINER; k++)
        if (kind && !strcmp(kind, pl_origin_kind_name((pl_origin_kind)k)))
            return (pl_origin_kind)k;
    return PL_ORIGIN_NONE;
}

static int same_unit(const pl_unit_spec *a, const pl_unit_spec *b)
{
    return !strcmp(a->dockerfile, b->dockerfile) &&
           (a->origin_file ? b->origin_file && !strcmp(a->origin_file, b->origin_file)
                           : !b->origin_file) &&
           a->origin_span.line == b->origin_span.line &&
           (a->target ? b->target && !strcmp(a->target, b->target) : !b->target) &&
           a->target_unknown == b->target_unknown;
}

/* The builds a part lists (`build_units`), once each however many parts
 * list them. */
static void read_units(merger *m, const cJSON *units)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, units)
    {
        if (!str(it, "dockerfile"))
            continue;
        pl_build_unit *u = PL_NEW(m->a, pl_build_unit);
        pl_unit_spec *s = &u->spec;
        s->dockerfile = keep(m, str(it, "dockerfile"));
        s->context = keep(m, str(it, "context"));
        s->target = keep(m, str(it, "target"));
        s->target_unknown = cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(it, "target_known"));
        const char *output = str(it, "output");
        s->output = !output                   ? PL_OUTPUT_IMAGE
                    : !strcmp(output, "files") ? PL_OUTPUT_FILES
                    : !strcmp(output, "cache") ? PL_OUTPUT_CACHE
                                               : PL_OUTPUT_IMAGE;
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(it, "args");
        s->args = PL_NEW_N(m->a, pl_unit_arg, cJSON_GetArraySize(args) + 1);
        const cJSON *a;
        cJSON_ArrayForEach(a, args)
            if (a->string)
                s->args[s->nargs++] =
                    (pl_unit_arg){keep(m, a->string), cJSON_IsString(a) ? keep(m, a->valuestring) : NULL};
        const cJSON *origin = cJSON_GetObjectItemCaseSensitive(it, "origin");
        if (cJSON_IsObject(origin)) {
            s->origin_file = keep(m, str(origin, "file"));
            s->origin_span.line = num(origin, "line");
            s->origin = origin_of(str(origin, "kind"));
        }
        int dup = 0;
        for (size_t k = 0; k < m->ws->units.len && !dup; k++)
            dup = same_unit(&((pl_build_unit *)m->ws->units.items[k])->spec, s);
        if (!dup)
            pl_vec_push(m->a, &m->ws->units, u);
    }
}

static int read_report(merger *m, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    pl_strbuf sb;
    pl_arena *scratch = pl_arena_new();
    pl_sb_init(&sb, scratch);
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, fp)) > 0;)
        pl_sb_append(&sb, buf, n);
    fclose(fp);
    cJSON *root = cJSON_ParseWithLength(pl_sb_str(&sb), sb.len);
    pl_arena_free(scratch);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(root, "findings");
    const cJSON *checklist = cJSON_GetObjectItemCaseSensitive(root, "checklist");
    if (!cJSON_IsArray(files) || !cJSON_IsArray(findings) || !cJSON_IsArray(checklist)) {
        fprintf(stderr, "plimsoll: %s is not a plimsoll JSON report\n", path);
        cJSON_Delete(root);
        return -1;
    }
    const cJSON *it;
    pl_file *first = NULL;
    cJSON_ArrayForEach(it, files)
    {
        pl_file_kind kind = PL_KIND_DOCKERFILE;
        if (str(it, "kind"))
            pl_kind_parse(str(it, "kind"), &kind);
        pl_file *f = file_named(m, str(it, "path") ? str(it, "path") : "", kind, 1);
        if (str(it, "headline"))
            f->headline = keep(m, str(it, "headline"));
        if (!first || f->kind == PL_KIND_REPOSITORY)
            first = f;
    }
    cJSON_ArrayForEach(it, findings)
    {
        const pl_rule *r = rule_of(m, it);
        int sev = severity_of(str(it, "severity"));
        const char *file = str(it, "file");
        if (!r || sev < 0 || !file) {
            fprintf(stderr, "plimsoll: %s: a finding without rule, severity or file\n", path);
            cJSON_Delete(root);
            return -1;
        }
        pl_finding *fd = PL_NEW(m->a, pl_finding);
        fd->rule = r;
        fd->severity = (pl_severity)sev;
        fd->file = keep(m, file);
        fd->span = pl_span_make(num(it, "line"), num(it, "column"), num(it, "end_line"),
                                num(it, "end_column"));
        fd->message = keep(m, str(it, "message") ? str(it, "message") : "");
        fd->fix = keep(m, str(it, "fix"));
        fd->code = keep(m, str(it, "code"));
        related_of(m, it, fd);
        /* a finding about a file no report checked stays with its report */
        pl_file *host = file_named(m, file, PL_KIND_DOCKERFILE, 0);
        if (!host)
            host = first ? first : file_named(m, file, PL_KIND_DOCKERFILE, 1);
        pl_vec_push(m->a, &host->findings, fd);
    }
    cJSON_ArrayForEach(it, checklist)
    {
        const pl_rule *r = rule_of(m, it);
        pl_status st;
        const char *file = str(it, "file");
        if (!r || !file || status_of(str(it, "status"), &st) != 0) {
            fprintf(stderr, "plimsoll: %s: a checklist line without rule, file or status\n", path);
            cJSON_Delete(root);
            return -1;
        }
        pl_file *f = file_named(m, file, PL_KIND_DOCKERFILE, 1);
        pl_result *res = PL_NEW(m->a, pl_result);
        res->rule = r;
        res->status = st;
        res->evidence = keep(m, str(it, "evidence"));
        pl_vec_push(m->a, &f->results, res);
    }
    const cJSON *repo = cJSON_GetObjectItemCaseSensitive(root, "repository");
    if (!m->repo_name && str(repo, "name"))
        m->repo_name = keep(m, str(repo, "name"));
    if (!m->commit && str(repo, "commit"))
        m->commit = keep(m, str(repo, "commit"));
    read_units(m, cJSON_GetObjectItemCaseSensitive(root, "build_units"));
    const cJSON *notes = cJSON_GetObjectItemCaseSensitive(root, "notes");
    cJSON_ArrayForEach(it, notes)
        if (cJSON_IsString(it))
            pl_vec_push(m->a, &m->ws->notes, (void *)keep(m, it->valuestring));
    m->suppressed += num(cJSON_GetObjectItemCaseSensitive(root, "summary"), "suppressed");
    cJSON_Delete(root);
    return 0;
}

/* The file's bytes for source excerpts, when it is here to read. */
static void read_source(pl_arena *a, pl_report_file *rf)
{
    struct stat st;
    if (stat(rf->path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MERGE_MAX_SOURCE)
        return;
    FILE *fp = fopen(rf->path, "rb");
    if (!fp)
        return;
    char *data = pl_arena_alloc(a, (size_t)st.st_size + 1);
    size_t n = fread(data, 1, (size_t)st.st_size, fp);
    fclose(fp);
    rf->data = data;
    rf->len = n;
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
    merger m = {.a = a, .ws = &ws};
    for (int i = optind; i < argc; i++)
        if (read_report(&m, argv[i]) != 0) {
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
            read_source(a, &r.files[i]);
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
    pl_arena_free(a);
    return rc;
}
