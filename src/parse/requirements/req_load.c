/* req_load.c — following -r/-c from a requirements file, the JSON dump of
 * one file, and names in PEP 503 form. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <string.h>

#include "plimsoll/requirements.h"

const char *pl_req_canonical_name(pl_arena *a, const char *name)
{
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    for (const char *p = name; *p; p++) {
        if (*p == '-' || *p == '_' || *p == '.') {
            if (sb.len && sb.data[sb.len - 1] != '-')
                pl_sb_putc(&sb, '-');
            while (p[1] == '-' || p[1] == '_' || p[1] == '.')
                p++;
        } else {
            pl_sb_putc(&sb, (char)tolower((unsigned char)*p));
        }
    }
    return pl_sb_str(&sb);
}

const char *pl_req_join(pl_arena *a, const char *including, const char *path)
{
    const char *text = path;
    if (path[0] != '/') {
        const char *slash = strrchr(including, '/');
        text = slash ? pl_arena_printf(a, "%.*s/%s", (int)(slash - including), including, path)
                     : path;
    }
    /* clean: drop "." and empty parts, fold "x/.." */
    size_t n = strlen(text);
    const char **parts = PL_NEW_N(a, const char *, n + 1);
    size_t *lens = PL_NEW_N(a, size_t, n + 1);
    int np = 0, ups = 0;
    for (const char *p = text; *p;) {
        size_t k = strcspn(p, "/");
        if (k == 2 && !strncmp(p, "..", 2)) {
            if (np > ups)
                np--;
            else {
                parts[np] = p;
                lens[np++] = k;
                ups++;
            }
        } else if (k && !(k == 1 && *p == '.')) {
            parts[np] = p;
            lens[np++] = k;
        }
        p += k + (p[k] == '/');
    }
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (text[0] == '/')
        pl_sb_putc(&sb, '/');
    for (int i = 0; i < np; i++) {
        if (i)
            pl_sb_putc(&sb, '/');
        pl_sb_append(&sb, parts[i], lens[i]);
    }
    if (!sb.len)
        pl_sb_putc(&sb, '.');
    return pl_sb_str(&sb);
}

static int is_remote(const char *p)
{
    return !strncmp(p, "http://", 7) || !strncmp(p, "https://", 8) || !strncmp(p, "file:", 5);
}

typedef struct {
    pl_arena *a;
    pl_req_read_fn read;
    void *ud;
    int max_files;
    pl_vec files, reqs;
    pl_vec stack; /* paths being read (for cycles) */
    int cycles;
} loader;

static void load(loader *L, const char *path, const char *data, size_t len, const char *from,
                 int line, int constraint, int depth)
{
    pl_req_loaded *lf = PL_NEW(L->a, pl_req_loaded);
    lf->path = path;
    lf->included_from = from;
    lf->include_line = line;
    lf->constraint = constraint;
    pl_vec_push(L->a, &L->files, lf);
    if (!data) {
        if (is_remote(path))
            lf->why_not = "a URL (plimsoll does not fetch)";
        else if (!(data = L->read(L->ud, path, &len)))
            lf->why_not = "cannot be read";
        if (!data)
            return;
    }
    lf->rf = pl_req_parse(L->a, path, data, len);
    pl_vec_push(L->a, &L->stack, (void *)path);
    /* requirements before, between and after includes, in pip's order:
     * each line in turn, an include's requirements where it stands */
    int next = 0;
    const pl_reqfile *rf = lf->rf;
    for (int i = 0; i <= rf->nincludes; i++) {
        int until = i < rf->nincludes ? rf->includes[i].line : 1 << 30;
        for (; next < rf->nreqs && rf->reqs[next]->line < until; next++) {
            rf->reqs[next]->constraint = constraint;
            pl_vec_push(L->a, &L->reqs, rf->reqs[next]);
        }
        if (i == rf->nincludes)
            break;
        const pl_req_include *inc = &rf->includes[i];
        const char *child = is_remote(inc->path) ? inc->path : pl_req_join(L->a, path, inc->path);
        int cycle = 0;
        for (size_t k = 0; k < L->stack.len; k++)
            if (!strcmp(L->stack.items[k], child))
                cycle = 1;
        if (cycle) {
            L->cycles++;
            continue;
        }
        if ((int)L->files.len >= L->max_files || depth > 64)
            continue;
        load(L, child, NULL, 0, path, inc->line, constraint || !strcmp(inc->option, "-c"),
             depth + 1);
    }
    L->stack.len--;
}

pl_req_set *pl_req_load(pl_arena *a, const char *root_path, const char *data, size_t len,
                        pl_req_read_fn read, void *ud, int max_files)
{
    loader L = {a, read, ud, max_files > 0 ? max_files : 1, {0}, {0}, {0}, 0};
    load(&L, root_path, data ? data : "", len, NULL, 0, 0, 0);
    pl_req_set *set = PL_NEW(a, pl_req_set);
    set->nfiles = (int)L.files.len;
    set->files = PL_NEW_N(a, pl_req_loaded, set->nfiles);
    for (int i = 0; i < set->nfiles; i++)
        set->files[i] = *(pl_req_loaded *)L.files.items[i];
    set->reqs = (pl_req **)L.reqs.items;
    set->nreqs = (int)L.reqs.len;
    set->cycles = L.cycles;
    return set;
}

/* ---- the dump --------------------------------------------------------------------- */

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

void pl_req_dump_json(const pl_reqfile *rf, pl_strbuf *out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "kind", "requirements");
    cJSON *reqs = cJSON_AddArrayToObject(root, "requirements");
    for (int i = 0; i < rf->nreqs; i++) {
        const pl_req *r = rf->reqs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "line", r->line);
        cJSON_AddItemToObject(o, "name", str_or_null(r->name));
        cJSON *ex = cJSON_AddArrayToObject(o, "extras");
        for (int k = 0; k < r->nextras; k++)
            cJSON_AddItemToArray(ex, cJSON_CreateString(r->extras[k]));
        cJSON_AddStringToObject(o, "specifier", r->specifier ? r->specifier : "");
        cJSON_AddItemToObject(o, "marker", str_or_null(r->marker));
        cJSON_AddItemToObject(o, "url", str_or_null(r->url));
        cJSON_AddBoolToObject(o, "editable", r->editable);
        cJSON *h = cJSON_AddArrayToObject(o, "hashes");
        for (int k = 0; k < r->nhashes; k++)
            cJSON_AddItemToArray(h, cJSON_CreateString(r->hashes[k]));
        cJSON_AddItemToArray(reqs, o);
    }
    cJSON *incs = cJSON_AddArrayToObject(root, "includes");
    for (int i = 0; i < rf->nincludes; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "line", rf->includes[i].line);
        cJSON_AddStringToObject(o, "option", rf->includes[i].option);
        cJSON_AddStringToObject(o, "path", rf->includes[i].path);
        cJSON_AddItemToArray(incs, o);
    }
    cJSON *opts = cJSON_AddArrayToObject(root, "options");
    for (int i = 0; i < rf->noptions; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "line", rf->options[i].line);
        cJSON_AddStringToObject(o, "name", rf->options[i].name);
        cJSON_AddItemToObject(o, "value", str_or_null(rf->options[i].value));
        cJSON_AddItemToArray(opts, o);
    }
    char *text = cJSON_PrintUnformatted(root);
    if (text) {
        pl_sb_puts(out, text);
        pl_sb_putc(out, '\n');
        cJSON_free(text);
    }
    cJSON_Delete(root);
}
