/* load.c — pl_compose_load: which files, in which order, and what happens
 * to each document (compose-go loader.loadYamlFile): `!reset`/`!override`
 * taken out, interpolation and casts, `include:`, the resets applied to
 * what earlier files built, `extends:`, then the merge and EnforceUnicity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compose_internal.h"
#include "compose_load.h"

#define MAX_FILE_BYTES (64u << 20)
#define MAX_FILES_READ 512

/* ---- paths ------------------------------------------------------------------------------ */

const char *pl_cpath_clean(pl_arena *a, const char *p)
{
    int abs = p[0] == '/';
    const char *parts[256];
    size_t lens[256];
    int n = 0;
    for (const char *s = p; *s;) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - s);
        if (len == 0 || (len == 1 && s[0] == '.')) {
            /* skip */
        } else if (len == 2 && s[0] == '.' && s[1] == '.' && n > 0 &&
                   !(lens[n - 1] == 2 && !memcmp(parts[n - 1], "..", 2))) {
            n--;
        } else if (len == 2 && s[0] == '.' && s[1] == '.' && abs) {
            /* "/.." is "/" */
        } else if (n < 256) {
            parts[n] = s;
            lens[n] = len;
            n++;
        }
        s = e;
    }
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    if (abs)
        pl_sb_putc(&sb, '/');
    for (int i = 0; i < n; i++) {
        if (i)
            pl_sb_putc(&sb, '/');
        pl_sb_append(&sb, parts[i], lens[i]);
    }
    if (sb.len == 0)
        pl_sb_putc(&sb, '.');
    return pl_sb_str(&sb);
}

const char *pl_cpath_join(pl_arena *a, const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !*dir || !strcmp(dir, "."))
        return pl_cpath_clean(a, rel);
    return pl_cpath_clean(a, pl_arena_printf(a, "%s/%s", dir, rel));
}

const char *pl_cpath_dir(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pl_arena_strndup(a, path, (size_t)(slash - path));
}

int pl_cload_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- files and diagnostics ---------------------------------------------------------------- */

pl_cfile *pl_cload_file_of(pl_cload *l, const pl_ynode *n)
{
    if (!n || !n->file)
        return NULL;
    for (size_t i = 0; i < l->files.len; i++) {
        pl_cfile *f = PL_VEC_AT(l->files, pl_cfile *, i);
        if (f->pub.path == n->file)
            return f;
    }
    for (size_t i = 0; i < l->files.len; i++) {
        pl_cfile *f = PL_VEC_AT(l->files, pl_cfile *, i);
        if (!strcmp(f->pub.path, n->file))
            return f;
    }
    return NULL;
}

static void vdiag(pl_cload *l, pl_cfile *f, pl_diag_level level, pl_span span, const char *rule,
                  const char *fmt, va_list ap)
{
    pl_compose_file *pf = f ? &f->pub : l->c->project;
    const char *msg = pl_arena_vprintf(l->a, fmt, ap);
    /* the same problem met twice (a file read by two includes) is one */
    for (const pl_diag *d = pf->diags.head; d; d = d->next)
        if (d->level == level && !memcmp(&d->span, &span, sizeof span) && d->rule == rule &&
            !strcmp(d->message, msg))
            return;
    pl_diag_add(l->a, &pf->diags, level, span, rule, "%s", msg);
    if (level == PL_DIAG_ERROR)
        l->c->errors++;
    else
        l->c->warnings++;
}

void pl_cload_diag(pl_cload *l, pl_cfile *f, pl_diag_level level, pl_span span, const char *rule,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(l, f, level, span, rule, fmt, ap);
    va_end(ap);
}

void pl_cload_diag_at(pl_cload *l, const pl_ynode *n, pl_diag_level level, const char *rule,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(l, pl_cload_file_of(l, n), level, n ? n->span : pl_span_make(0, 0, 0, 0), rule, fmt, ap);
    va_end(ap);
}

static char *read_all(const char *path, size_t *len, int *too_big)
{
    *too_big = 0;
    /* a FIFO or a device named by a compose file would block or never end */
    if (!pl_cload_is_file(path))
        return NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n > MAX_FILE_BYTES) {
            *too_big = 1;
            break;
        }
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(fp);
    if (!buf)
        abort();
    *len = n;
    return buf;
}

/* A file record; the text is read and parsed by the caller. */
pl_cfile *pl_cload_open(pl_cload *l, const char *path, pl_compose_file_role role, const char *base_dir,
                        pl_yaml **yaml)
{
    pl_cfile *f = PL_NEW(l->a, pl_cfile);
    f->pub.path = pl_arena_strdup(l->a, path);
    f->pub.base_dir = base_dir;
    f->pub.role = role;
    pl_vec_push(l->a, &l->files, f);
    *yaml = NULL;
    if (l->budget-- <= 0) {
        f->pub.missing = 1;
        pl_cload_diag(l, f, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), PL_COMPOSE_RULE_REFERENCE,
                      "not read: more than %d files reached through include and extends",
                      MAX_FILES_READ);
        return f;
    }
    if (l->opts->source) {
        const char *text = NULL;
        size_t tlen = 0;
        const pl_yaml *given = l->opts->source(l->opts->source_ctx, f->pub.path, &text, &tlen);
        if (given) {
            /* the checked file may give up its text before the project's
             * findings are judged against the pragmas written in it */
            f->data = text ? pl_arena_strndup(l->a, text, tlen) : NULL;
            f->len = tlen;
            f->pub.text = f->data;
            f->pub.text_len = tlen;
            for (const pl_diag *d = given->diags.head; d; d = d->next)
                pl_cload_diag(l, f, d->level, d->span, PL_COMPOSE_RULE_SYNTAX, "%s", d->message);
            *yaml = (pl_yaml *)given;
            return f;
        }
    }
    size_t len = 0;
    int too_big;
    char *data = read_all(path, &len, &too_big);
    if (!data || too_big) {
        f->pub.missing = 1;
        /* a file reached through include or extends is reported where it is named */
        if (role == PL_COMPOSE_FILE_MAIN || too_big)
            pl_cload_diag(l, f, PL_DIAG_ERROR, pl_span_make(0, 0, 0, 0), PL_COMPOSE_RULE_REFERENCE,
                      too_big ? "%s: larger than 64 MiB, not read" : "%s: no such file or directory",
                      path);
        free(data);
        return f;
    }
    f->data = pl_arena_strndup(l->a, data, len);
    f->len = len;
    f->pub.text = f->data;
    f->pub.text_len = len;
    free(data);
    /* the tree's nodes name the file by this very pointer */
    pl_yaml *y = pl_yaml_parse(l->a, f->pub.path, f->data, f->len, l->opts->limits);
    for (const pl_diag *d = y->diags.head; d; d = d->next)
        pl_cload_diag(l, f, d->level, d->span, PL_COMPOSE_RULE_SYNTAX, "%s", d->message);
    *yaml = y;
    return f;
}

/* ---- !reset and !override ------------------------------------------------------------------ */

static void add_reset(pl_cload *l, pl_creset **list, const pl_cpath *path)
{
    pl_creset *r = PL_NEW(l->a, pl_creset);
    r->parts = PL_NEW_N(l->a, const char *, path->n + 1);
    memcpy(r->parts, path->parts, sizeof *r->parts * (size_t)path->n);
    r->n = path->n;
    r->next = *list;
    *list = r;
}

/* The document without its `!reset` values; each `!reset` and `!override`
 * path is recorded to be taken out of what earlier files built. */
pl_ynode *pl_cload_strip_resets(pl_cload *l, pl_ynode *n, pl_cpath *path, pl_creset **list)
{
    if (n->tag && !strcmp(n->tag, "!reset")) {
        add_reset(l, list, path);
        return NULL;
    }
    if (n->tag && !strcmp(n->tag, "!override")) {
        add_reset(l, list, path);
        return n;
    }
    if (n->kind == PL_YAML_SCALAR)
        return n;
    pl_ynode *out = NULL;
    int count = n->kind == PL_YAML_MAP ? n->npairs : n->nitems;
    for (int i = 0; i < count; i++) {
        pl_ynode *v = n->kind == PL_YAML_MAP ? n->pairs[i].value : n->items[i];
        const pl_ynode *k = n->kind == PL_YAML_MAP ? n->pairs[i].key : NULL;
        if (!pl_cpath_push(path, k ? (k->kind == PL_YAML_SCALAR ? k->str : "?") : "[]"))
            return n;
        pl_ynode *nv = pl_cload_strip_resets(l, v, path, list);
        path->n--;
        if (nv != v && !out) {
            out = n->kind == PL_YAML_MAP ? pl_cn_map(l->a, n, n->npairs) : pl_cn_seq(l->a, n, n->nitems);
            for (int j = 0; j < i; j++) {
                if (k)
                    pl_cn_add_pair(out, n->pairs[j].key, n->pairs[j].value);
                else
                    pl_cn_add_item(out, n->items[j]);
            }
        }
        if (out && nv) {
            if (k)
                pl_cn_add_pair(out, n->pairs[i].key, nv);
            else
                pl_cn_add_item(out, nv);
        }
    }
    return out ? out : n;
}

static pl_ynode *remove_path(pl_cload *l, pl_ynode *n, const pl_creset *r, int depth)
{
    if (!n || n->kind != PL_YAML_MAP || depth >= r->n)
        return n;
    int at = pl_cn_index(n, r->parts[depth]);
    if (at < 0)
        return n;
    pl_ynode *out = pl_cn_map(l->a, n, n->npairs);
    for (int i = 0; i < n->npairs; i++) {
        if (i != at) {
            pl_cn_add_pair(out, n->pairs[i].key, n->pairs[i].value);
        } else if (depth + 1 < r->n) {
            pl_cn_add_pair(out, n->pairs[i].key, remove_path(l, n->pairs[i].value, r, depth + 1));
        }
    }
    return out;
}

pl_ynode *pl_cload_apply_resets(pl_cload *l, pl_ynode *dict, const pl_creset *list)
{
    for (const pl_creset *r = list; r; r = r->next)
        dict = remove_path(l, dict, r, 0);
    return dict;
}

/* ---- one document, one file, a list of files ------------------------------------------------ */

static pl_ynode *process_doc(pl_cload *l, pl_cfile *f, pl_ynode *doc, pl_ynode *dict,
                             const pl_cload_ctx *cx, pl_creset **all_resets)
{
    if (doc->kind != PL_YAML_MAP) {
        pl_cload_diag_at(l, doc, PL_DIAG_ERROR, PL_COMPOSE_RULE_SCHEMA,
                         "top-level object must be a mapping");
        return dict;
    }
    pl_cpath path = {.n = 0};
    pl_creset *resets = NULL;
    pl_ynode *cfg = pl_cload_strip_resets(l, doc, &path, &resets);
    cfg = pl_compose_interpolate(l, cfg, cx->env, &path);
    if (!cx->skip_include)
        cfg = pl_cload_include(l, f, cfg, cx);
    dict = pl_cload_apply_resets(l, dict, resets);
    if (!cx->skip_extends)
        cfg = pl_cload_extends(l, f, cfg, cx, resets);
    dict = pl_compose_merge(l, dict, cfg, &path);
    if (all_resets) {
        pl_creset **tail = all_resets;
        while (*tail)
            tail = &(*tail)->next;
        *tail = resets;
    }
    return pl_compose_unicity(l, dict, &path);
}

pl_ynode *pl_cload_file(pl_cload *l, const char *path, pl_compose_file_role role, const char *base_dir,
                        pl_ynode *dict, const pl_cload_ctx *cx, pl_cfile **out, pl_creset **resets)
{
    pl_yaml *y;
    pl_cfile *f = pl_cload_open(l, path, role, base_dir, &y);
    if (out)
        *out = f;
    if (!y)
        return dict;
    for (int i = 0; i < y->ndocs; i++)
        dict = process_doc(l, f, y->docs[i], dict, cx, resets);
    return dict;
}

pl_ynode *pl_cload_model(pl_cload *l, const char *const *paths, int n, pl_compose_file_role role,
                         const char *base_dir, const pl_cload_ctx *cx)
{
    pl_ynode *dict = NULL;
    for (int i = 0; i < n; i++)
        dict = pl_cload_file(l, paths[i], role, base_dir, dict, cx, NULL, NULL);
    return dict;
}
