/* json.c — the `json` format: the stable schema of the CLI contract
 * ("JSON report"), plus "suppressed" in the summary and a "notes" array.
 *
 * Also owns the JSON layout shared by every JSON-based format: two-space
 * indentation, arrays of scalars on one line, a final newline. cJSON builds
 * and escapes the values; only the layout is written here, because cJSON's
 * own formatted output indents with tabs and packs arrays of objects.
 */
#include "render.h"

/* The report is written by one thread: stdio's per-call locking is only
 * cost here (a run writes megabytes of JSON a few bytes at a time). */
#define fputc(c, f) putc_unlocked((c), (f))
#define fputs(s, f) fputs_unlocked((s), (f))
#define fwrite(p, n, m, f) fwrite_unlocked((p), (n), (m), (f))

static void indent(FILE *out, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", out);
}

/* A string as cJSON prints it (the text is valid UTF-8 already), without
 * building and freeing a copy per value. */
static void write_string(FILE *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    fputc('"', out);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 32 && c != '"' && c != '\\')
            continue;
        fwrite(run, 1, (size_t)(s - run), out);
        run = s + 1;
        fputc('\\', out);
        switch (c) {
        case '"': fputc('"', out); break;
        case '\\': fputc('\\', out); break;
        case '\b': fputc('b', out); break;
        case '\f': fputc('f', out); break;
        case '\n': fputc('n', out); break;
        case '\r': fputc('r', out); break;
        case '\t': fputc('t', out); break;
        default:
            fputs("u00", out);
            fputc(hex[c >> 4], out);
            fputc(hex[c & 15], out);
        }
    }
    fwrite(run, 1, (size_t)(s - run), out);
    fputc('"', out);
}

static void write_scalar(FILE *out, const cJSON *item)
{
    if (cJSON_IsString(item) && item->valuestring) {
        write_string(out, item->valuestring);
        return;
    }
    if (cJSON_IsNumber(item) && item->valuedouble == (double)item->valueint) {
        fprintf(out, "%d", item->valueint);
        return;
    }
    char *s = cJSON_PrintUnformatted(item);
    if (s) {
        fputs(s, out);
        cJSON_free(s);
    } else {
        fputs("null", out);
    }
}

static void write_key(FILE *out, const char *key)
{
    write_string(out, key ? key : "");
    fputs(": ", out);
}

static int is_container(const cJSON *item) { return cJSON_IsArray(item) || cJSON_IsObject(item); }

static int only_scalars(const cJSON *item)
{
    for (const cJSON *c = item->child; c; c = c->next)
        if (is_container(c))
            return 0;
    return 1;
}

/* An array of `n` objects built one at a time (pl_report_json_write_stream). */
typedef struct {
    const cJSON *hole;
    int n;
    pl_json_item_fn item;
    void *ctx;
} json_stream;

static void write_value_in(FILE *out, const cJSON *item, int depth, const json_stream *st);

static void write_streamed(FILE *out, int depth, const json_stream *st)
{
    if (st->n <= 0) {
        fputs("[]", out);
        return;
    }
    fputs("[\n", out);
    for (int i = 0; i < st->n; i++) {
        cJSON *o = st->item(st->ctx, i);
        indent(out, depth + 1);
        write_value_in(out, o, depth + 1, NULL);
        fputs(i + 1 < st->n ? ",\n" : "\n", out);
        cJSON_Delete(o);
    }
    indent(out, depth);
    fputc(']', out);
}

static void write_value(FILE *out, const cJSON *item, int depth)
{
    write_value_in(out, item, depth, NULL);
}

static void write_value_in(FILE *out, const cJSON *item, int depth, const json_stream *st)
{
    if (st && item == st->hole) {
        write_streamed(out, depth, st);
        return;
    }
    if (!is_container(item)) {
        write_scalar(out, item);
        return;
    }
    int object = cJSON_IsObject(item);
    if (!item->child) {
        fputs(object ? "{}" : "[]", out);
        return;
    }
    if (!object && only_scalars(item)) {
        fputc('[', out);
        for (const cJSON *c = item->child; c; c = c->next) {
            write_scalar(out, c);
            if (c->next)
                fputs(", ", out);
        }
        fputc(']', out);
        return;
    }
    fputs(object ? "{\n" : "[\n", out);
    for (const cJSON *c = item->child; c; c = c->next) {
        indent(out, depth + 1);
        if (object)
            write_key(out, c->string);
        write_value_in(out, c, depth + 1, st);
        fputs(c->next ? ",\n" : "\n", out);
    }
    indent(out, depth);
    fputc(object ? '}' : ']', out);
}

void pl_report_json_write(FILE *out, const cJSON *item)
{
    write_value(out, item, 0);
    fputc('\n', out);
}

void pl_report_json_write_stream(FILE *out, const cJSON *root, const cJSON *hole, int n,
                                 pl_json_item_fn item, void *ctx)
{
    json_stream st = {hole, n, item, ctx};
    write_value_in(out, root, 0, &st);
    fputc('\n', out);
}

/* One build unit as the `build_units` array holds it. */
static cJSON *unit_json(const pl_report *r, int i)
{
    pl_arena *a = r->arena;
    const pl_report_unit *u = &r->units[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "dockerfile", pl_report_json_string(a, u->dockerfile));
    cJSON_AddItemToObject(o, "context", pl_report_json_string(a, u->context));
    cJSON_AddItemToObject(o, "target",
                          u->target ? pl_report_json_string(a, u->target) : cJSON_CreateNull());
    /* null target says "no --target" unless this says the --target's
     * value was not known statically */
    if (u->target_unknown)
        cJSON_AddBoolToObject(o, "target_known", 0);
    /* absent: an image (pushed, loaded or not known) */
    if (u->output == PL_OUTPUT_FILES)
        cJSON_AddStringToObject(o, "output", "files");
    else if (u->output == PL_OUTPUT_CACHE)
        cJSON_AddStringToObject(o, "output", "cache");
    cJSON *args = cJSON_AddObjectToObject(o, "args");
    for (int k = 0; k < u->nargs; k++)
        cJSON_AddItemToObject(args, u->arg_names[k],
                              u->arg_values[k] ? pl_report_json_string(a, u->arg_values[k])
                                               : cJSON_CreateNull());
    if (u->origin_file) {
        cJSON *origin = cJSON_AddObjectToObject(o, "origin");
        cJSON_AddItemToObject(origin, "file", pl_report_json_string(a, u->origin_file));
        cJSON_AddNumberToObject(origin, "line", u->origin_line);
        cJSON_AddStringToObject(origin, "kind", u->origin_kind);
    } else {
        cJSON_AddNullToObject(o, "origin");
    }
    return o;
}

void *pl_report_units_json(const pl_report *r)
{
    cJSON *units = cJSON_CreateArray();
    for (int i = 0; i < r->nunits; i++)
        cJSON_AddItemToArray(units, unit_json(r, i));
    return units;
}

static cJSON *finding_json(const pl_report *r, const pl_finding *f)
{
    pl_arena *a = r->arena;
    const pl_rule *rule = f->rule;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "rule", pl_report_json_string(a, rule->id));
    cJSON_AddItemToObject(o, "name", pl_report_json_string(a, rule->name));
    cJSON_AddStringToObject(o, "severity", pl_severity_name(f->severity));
    cJSON_AddItemToObject(o, "category", pl_report_json_string(a, rule->category));
    cJSON *aliases = cJSON_AddArrayToObject(o, "aliases");
    for (const char *const *al = rule->aliases; al && *al; al++)
        cJSON_AddItemToArray(aliases, pl_report_json_string(a, *al));
    /* a finding with its own code (ShellCheck's SC2086) is known by it too */
    if (f->code)
        cJSON_AddItemToArray(aliases, pl_report_json_string(a, f->code));
    cJSON_AddItemToObject(o, "file", pl_report_json_string(a, f->file));
    cJSON_AddNumberToObject(o, "line", f->span.line);
    cJSON_AddNumberToObject(o, "column", f->span.col);
    cJSON_AddNumberToObject(o, "end_line", f->span.end_line);
    cJSON_AddNumberToObject(o, "end_column", f->span.end_col);
    cJSON_AddItemToObject(o, "message", pl_report_json_string(a, f->message));
    cJSON_AddItemToObject(o, "fix", pl_report_json_string(a, pl_report_finding_fix(f)));
    if (f->code)
        cJSON_AddItemToObject(o, "code", pl_report_json_string(a, f->code));
    /* where the image the finding is about is built */
    if (f->nrelated) {
        cJSON *rel = cJSON_AddArrayToObject(o, "related");
        for (int i = 0; i < f->nrelated; i++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToObject(e, "file", pl_report_json_string(a, f->related[i].file));
            cJSON_AddNumberToObject(e, "line", f->related[i].span.line);
            cJSON_AddNumberToObject(e, "column", f->related[i].span.col);
            cJSON_AddItemToObject(e, "message", pl_report_json_string(a, f->related[i].message));
            cJSON_AddItemToArray(rel, e);
        }
    }
    return o;
}

/* The path of checklist line `i`: the file whose section holds it (file
 * sections come first, each starting where the previous one's lines end). */
static const char *check_path(const pl_report *r, int i)
{
    int lo = 0, hi = r->nfiles;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (r->sections[mid].first_check <= i)
            lo = mid;
        else
            hi = mid;
    }
    return r->nfiles ? r->sections[lo].path : "";
}

/* A top-level member written on its own and freed at once, so that the
 * report's size, not its findings, bounds the memory; the layout is the
 * one pl_report_json_write gives the whole tree. */
static void write_member(FILE *out, const char *key, cJSON *value, int last)
{
    indent(out, 1);
    write_key(out, key);
    write_value(out, value, 1);
    fputs(last ? "\n" : ",\n", out);
    cJSON_Delete(value);
}

typedef cJSON *(*item_fn)(const pl_report *r, int i);

/* An array of objects, one item built at a time. */
static void write_array_member(FILE *out, const pl_report *r, const char *key, int n, item_fn item)
{
    indent(out, 1);
    write_key(out, key);
    if (!n) {
        fputs("[],\n", out);
        return;
    }
    fputs("[\n", out);
    for (int i = 0; i < n; i++) {
        cJSON *o = item(r, i);
        indent(out, 2);
        write_value(out, o, 2);
        fputs(i + 1 < n ? ",\n" : "\n", out);
        cJSON_Delete(o);
    }
    indent(out, 1);
    fputs("],\n", out);
}

static void write_field(FILE *out, int depth, const char *key, const char *value, int last)
{
    indent(out, depth);
    write_key(out, key);
    write_string(out, value);
    fputs(last ? "\n" : ",\n", out);
}

/* Checklist line `i` as an object at depth 2 in the JSON layout, written
 * without building a cJSON tree: a run has tens of thousands of them. */
static void write_check(FILE *out, const pl_report *r, int i)
{
    pl_arena *a = r->arena;
    const pl_result *res = pl_report_check(r, i);
    fputs("{\n", out);
    write_field(out, 3, "rule", pl_report_utf8(a, res->rule->id), 0);
    write_field(out, 3, "title", pl_report_utf8(a, res->rule->title), 0);
    write_field(out, 3, "category", pl_report_utf8(a, res->rule->category), 0);
    write_field(out, 3, "file", pl_report_utf8(a, check_path(r, i)), 0);
    write_field(out, 3, "status", pl_status_name(res->status), 0);
    write_field(out, 3, "evidence", pl_report_utf8(a, res->evidence), 1);
    indent(out, 2);
    fputc('}', out);
}

static void write_checklist_member(FILE *out, const pl_report *r)
{
    int n = r->nchecklist;
    indent(out, 1);
    write_key(out, "checklist");
    if (!n) {
        fputs("[],\n", out);
        return;
    }
    fputs("[\n", out);
    for (int i = 0; i < n; i++) {
        indent(out, 2);
        write_check(out, r, i);
        fputs(i + 1 < n ? ",\n" : "\n", out);
    }
    indent(out, 1);
    fputs("],\n", out);
}

static cJSON *file_item(const pl_report *r, int i)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "path", pl_report_json_string(r->arena, r->files[i].path));
    cJSON_AddStringToObject(o, "kind", pl_kind_name(r->files[i].kind));
    /* what the text formats print under the name ("2 stages, final: app"),
     * so that `plimsoll merge` can print it too */
    if (r->files[i].headline)
        cJSON_AddItemToObject(o, "headline", pl_report_json_string(r->arena, r->files[i].headline));
    return o;
}

static cJSON *finding_item(const pl_report *r, int i) { return finding_json(r, r->findings[i]); }

void pl_render_json(const pl_report *r, FILE *out)
{
    pl_arena *a = r->arena;
    fputs("{\n", out);
    cJSON *tool = cJSON_CreateObject();
    cJSON_AddItemToObject(tool, "name", pl_report_json_string(a, r->tool_name));
    cJSON_AddItemToObject(tool, "version", pl_report_json_string(a, r->tool_version));
    write_member(out, "tool", tool, 0);
    if (r->repo_name || r->commit) {
        /* the repository the run covered, for `plimsoll merge` to name */
        cJSON *repo = cJSON_CreateObject();
        if (r->repo_name)
            cJSON_AddItemToObject(repo, "name", pl_report_json_string(a, r->repo_name));
        if (r->commit)
            cJSON_AddItemToObject(repo, "commit", pl_report_json_string(a, r->commit));
        write_member(out, "repository", repo, 0);
    }

    write_array_member(out, r, "files", r->nfiles, file_item);
    write_array_member(out, r, "findings", r->nfindings, finding_item);
    write_checklist_member(out, r);

    const pl_report_summary *s = &r->summary;
    cJSON *summary = cJSON_CreateObject();
    cJSON_AddNumberToObject(summary, "files", s->files);
    for (int sev = PL_SEV_ERROR; sev < PL_SEV_NONE; sev++)
        cJSON_AddNumberToObject(summary, pl_severity_name((pl_severity)sev), s->by_severity[sev]);
    cJSON_AddNumberToObject(summary, "passed", s->passed);
    cJSON_AddNumberToObject(summary, "failed", s->failed);
    cJSON_AddNumberToObject(summary, "skipped", s->skipped);
    cJSON_AddNumberToObject(summary, "suppressed", s->suppressed);
    write_member(out, "summary", summary, 0);

    /* one unit at a time, as the findings: a run can have thousands */
    write_array_member(out, r, "build_units", r->nunits, unit_json);

    cJSON *notes = cJSON_CreateArray();
    for (int i = 0; i < r->nnotes; i++)
        cJSON_AddItemToArray(notes, pl_report_json_string(a, r->notes[i]));
    write_member(out, "notes", notes, 1);
    fputs("}\n", out);
}
