/* merge_read.c — see merge_read.h. */
#include "merge_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "plimsoll/json_stream.h"
#include "plimsoll/report.h"
#include "plimsoll/unit.h"

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
static void read_unit(merger *m, const cJSON *it)
{
    if (!str(it, "dockerfile"))
        return;
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

static void read_units(merger *m, const cJSON *units)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, units)
        read_unit(m, it);
}

static pl_file *read_file_item(merger *m, const cJSON *it, pl_file *first)
{
    pl_file_kind kind = PL_KIND_DOCKERFILE;
    if (str(it, "kind"))
        pl_kind_parse(str(it, "kind"), &kind);
    pl_file *f = file_named(m, str(it, "path") ? str(it, "path") : "", kind, 1);
    if (str(it, "headline"))
        f->headline = keep(m, str(it, "headline"));
    return !first || f->kind == PL_KIND_REPOSITORY ? f : first;
}

static int read_finding(merger *m, const char *path, const cJSON *it, pl_file *first)
{
    const pl_rule *r = rule_of(m, it);
    int sev = severity_of(str(it, "severity"));
    const char *file = str(it, "file");
    if (!r || sev < 0 || !file) {
        fprintf(stderr, "plimsoll: %s: a finding without rule, severity or file\n", path);
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
    return 0;
}

/* The lines read for m->pending_file go to the spool, merged and ordered
 * as the report lists them; a file whose lines come in two runs (named by
 * two reports) keeps them in memory, merged when the report is built. */
static int flush_checks(merger *m)
{
    pl_file *f = m->pending_file;
    pl_check_spool *sp = m->ws->checklist_spool;
    if (!f)
        return 0;
    if (f->checklist_spooled) {
        pl_result *back = PL_NEW_N(m->a, pl_result, f->checklist_lines + 1);
        if (pl_check_spool_read(sp, f->checklist_at, f->checklist_lines, m->a, back) != 0)
            return -1;
        for (int i = 0; i < f->checklist_lines; i++)
            pl_vec_push(m->a, &f->results, &back[i]);
        f->checklist_spooled = f->checklist_counted = 0;
        memset(f->checklist_counts, 0, sizeof f->checklist_counts);
    }
    size_t n = m->pending.len;
    if (f->results.len) {
        for (size_t i = 0; i < n; i++) {
            pl_result *res = PL_NEW(m->a, pl_result);
            *res = *PL_VEC_AT(m->pending, const pl_result *, i);
            res->evidence = keep(m, res->evidence);
            pl_vec_push(m->a, &f->results, res);
        }
    } else {
        const pl_result **lines = PL_NEW_N(m->scratch, const pl_result *, n + 1);
        size_t k = pl_report_checklist_lines(&m->pending, lines);
        f->checklist_at = pl_check_spool_put(sp, lines, k);
        f->checklist_lines = (int)k;
        f->checklist_spooled = f->checklist_counted = 1;
        for (size_t i = 0; i < k; i++)
            f->checklist_counts[lines[i]->status == PL_STATUS_PASS   ? 0
                                : lines[i]->status == PL_STATUS_FAIL ? 1
                                                                     : 2]++;
    }
    pl_arena_free(m->scratch);
    m->scratch = pl_arena_new();
    m->pending = (pl_vec){0};
    m->pending_file = NULL;
    return 0;
}

static int read_check(merger *m, const char *path, const cJSON *it)
{
    const pl_rule *r = rule_of(m, it);
    pl_status st;
    const char *file = str(it, "file");
    if (!r || !file || status_of(str(it, "status"), &st) != 0) {
        fprintf(stderr, "plimsoll: %s: a checklist line without rule, file or status\n", path);
        return -1;
    }
    pl_file *f = file_named(m, file, PL_KIND_DOCKERFILE, 1);
    int spooled = m->ws->checklist_spool != NULL;
    if (spooled && f != m->pending_file) {
        if (flush_checks(m) != 0)
            return -1;
        m->pending_file = f;
    }
    pl_arena *a = spooled ? m->scratch : m->a;
    pl_result *res = PL_NEW(a, pl_result);
    res->rule = r;
    res->status = st;
    res->evidence = str(it, "evidence") ? pl_arena_strdup(a, str(it, "evidence")) : NULL;
    pl_vec_push(a, spooled ? &m->pending : &f->results, res);
    return 0;
}

static void read_repository(merger *m, const cJSON *repo)
{
    if (!m->repo_name && str(repo, "name"))
        m->repo_name = keep(m, str(repo, "name"));
    if (!m->commit && str(repo, "commit"))
        m->commit = keep(m, str(repo, "commit"));
}

static void read_note(merger *m, const cJSON *it)
{
    if (cJSON_IsString(it))
        pl_vec_push(m->a, &m->ws->notes, (void *)keep(m, it->valuestring));
}

static int not_a_report(const char *path)
{
    fprintf(stderr, "plimsoll: %s is not a plimsoll JSON report\n", path);
    return -1;
}

/* A report read whole: one whose `files` do not come before its
 * `findings` and `checklist` (the order plimsoll writes them in), which
 * the findings need to find their files. */
static int read_report_whole(merger *m, const char *path, FILE *fp)
{
    pl_strbuf sb;
    pl_arena *scratch = pl_arena_new();
    pl_sb_init(&sb, scratch);
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, fp)) > 0;)
        pl_sb_append(&sb, buf, n);
    cJSON *root = cJSON_ParseWithLength(pl_sb_str(&sb), sb.len);
    pl_arena_free(scratch);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(root, "findings");
    const cJSON *checklist = cJSON_GetObjectItemCaseSensitive(root, "checklist");
    if (!cJSON_IsArray(files) || !cJSON_IsArray(findings) || !cJSON_IsArray(checklist)) {
        cJSON_Delete(root);
        return not_a_report(path);
    }
    const cJSON *it;
    pl_file *first = NULL;
    int rc = 0;
    cJSON_ArrayForEach(it, files)
        first = read_file_item(m, it, first);
    cJSON_ArrayForEach(it, findings)
        if (rc == 0)
            rc = read_finding(m, path, it, first);
    cJSON_ArrayForEach(it, checklist)
        if (rc == 0)
            rc = read_check(m, path, it);
    if (rc == 0)
        rc = flush_checks(m);
    read_repository(m, cJSON_GetObjectItemCaseSensitive(root, "repository"));
    read_units(m, cJSON_GetObjectItemCaseSensitive(root, "build_units"));
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "notes"))
        read_note(m, it);
    m->suppressed += num(cJSON_GetObjectItemCaseSensitive(root, "summary"), "suppressed");
    cJSON_Delete(root);
    return rc;
}

/* Whether `files` comes before `findings` and `checklist` (a pass over
 * the document's top level, nothing kept). */
static int files_first(FILE *fp)
{
    pl_jstream *s = pl_jstream_open(fp);
    int files = -1, findings = -1, checklist = -1, i = 0;
    for (const char *key; s && (key = pl_jstream_key(s)); i++) {
        if (!strcmp(key, "files") && files < 0)
            files = i;
        else if (!strcmp(key, "findings") && findings < 0)
            findings = i;
        else if (!strcmp(key, "checklist") && checklist < 0)
            checklist = i;
        pl_jstream_skip(s);
    }
    int ok = s && !pl_jstream_failed(s) && files >= 0 && files < findings && files < checklist;
    pl_jstream_close(s);
    return ok;
}

/* A report read a member at a time, and its arrays an element at a time:
 * the memory holds one element, not the report's tree. */
static int read_report_stream(merger *m, const char *path, FILE *fp)
{
    pl_jstream *s = pl_jstream_open(fp);
    if (!s)
        return not_a_report(path);
    pl_file *first = NULL;
    int rc = 0, arrays = 0;
    for (const char *key; rc == 0 && (key = pl_jstream_key(s));) {
        int which = !strcmp(key, "files")          ? 1
                    : !strcmp(key, "findings")     ? 2
                    : !strcmp(key, "checklist")    ? 3
                    : !strcmp(key, "build_units")  ? 4
                    : !strcmp(key, "notes")        ? 5
                    : !strcmp(key, "repository")   ? 6
                    : !strcmp(key, "summary")      ? 7
                                                   : 0;
        if (which >= 1 && which <= 5 && pl_jstream_at_array(s)) {
            arrays |= 1 << which;
            for (cJSON *it; rc == 0 && (it = pl_jstream_element(s)); cJSON_Delete(it)) {
                if (which == 1)
                    first = read_file_item(m, it, first);
                else if (which == 2)
                    rc = read_finding(m, path, it, first);
                else if (which == 3)
                    rc = read_check(m, path, it);
                else if (which == 4)
                    read_unit(m, it);
                else
                    read_note(m, it);
            }
            if (rc == 0 && which == 3)
                rc = flush_checks(m);
        } else if (which) {
            cJSON *v = pl_jstream_value(s);
            const cJSON *it;
            if (which == 4)
                read_units(m, v);
            else if (which == 5)
                cJSON_ArrayForEach(it, v)
                    read_note(m, it);
            else if (which == 6)
                read_repository(m, v);
            else if (which == 7)
                m->suppressed += num(v, "suppressed");
            cJSON_Delete(v);
        } else {
            pl_jstream_skip(s);
        }
    }
    int failed = pl_jstream_failed(s);
    pl_jstream_close(s);
    if (rc == 0 && (failed || (arrays & 0xe) != 0xe))
        return not_a_report(path);
    return rc;
}

int pl_merge_read(merger *m, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    int stream = m->ws->checklist_spool && files_first(fp);
    rewind(fp);
    int rc = stream ? read_report_stream(m, path, fp) : read_report_whole(m, path, fp);
    fclose(fp);
    return rc;
}

