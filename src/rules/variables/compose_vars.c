/* compose_vars.c — PL2802: the variables a compose file needs without a
 * default are listed in an example env file beside it. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../compose/compose_util.h"
#include "plimsoll/interp.h"
#include "vars_doc.h"

typedef struct {
    const char *name;
    int line, col;
    int required; /* ${X:?} / ${X?}: compose refuses to run without it */
} var_use;

typedef struct {
    pl_arena *a;
    const pl_file *f;
    size_t *starts; /* offset of each line of the file */
    int nlines;
    pl_vec uses;    /* var_use* */
    int with_default;
} scan;

static void line_starts(scan *s)
{
    const pl_file *f = s->f;
    int n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->data[i] == '\n';
    s->starts = PL_NEW_N(s->a, size_t, n);
    s->nlines = 0;
    s->starts[s->nlines++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->data[i] == '\n')
            s->starts[s->nlines++] = i + 1;
}

static size_t offset_of(const scan *s, int line, int col)
{
    if (line < 1 || line > s->nlines || col < 1)
        return s->f->len;
    size_t o = s->starts[line - 1] + (size_t)(col - 1);
    return o < s->f->len ? o : s->f->len;
}

static void position_of(const scan *s, size_t off, int *line, int *col)
{
    int lo = 0, hi = s->nlines - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->starts[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    *line = lo + 1;
    *col = (int)(off - s->starts[lo]) + 1;
}

/* The references of one scalar, each placed where the file spells it: the
 * scalar's text is the file's (quotes and folding aside), so a reference is
 * found by its text between the scalar's start and end. */
static void scan_scalar(scan *s, const pl_ynode *n)
{
    if (!n->str || !memchr(n->str, '$', n->len))
        return;
    pl_interp_ref *refs = NULL;
    if (pl_interp_refs(s->a, n->str, n->len, &refs) <= 0)
        return;
    size_t from = offset_of(s, n->span.line, n->span.col);
    size_t to = n->span.end_line ? offset_of(s, n->span.end_line, n->span.end_col) + 1 : s->f->len;
    if (to > s->f->len || to < from)
        to = s->f->len;
    for (const pl_interp_ref *r = refs; r; r = r->next) {
        if (pl_interp_ref_has_default(r) && r->depth == 0)
            s->with_default++;
        if (!pl_interp_ref_needs_value(r) || vars_always_set(r->name))
            continue;
        var_use *u = PL_NEW(s->a, var_use);
        u->name = r->name;
        u->required = r->op == PL_INTERP_OP_REQUIRED || r->op == PL_INTERP_OP_REQUIRED_EMPTY;
        const char *at = from < to ? memmem(s->f->data + from, to - from, n->str + r->offset,
                                            r->length)
                                   : NULL;
        if (at) {
            position_of(s, (size_t)(at - s->f->data), &u->line, &u->col);
            from = (size_t)(at - s->f->data) + r->length;
        } else {
            u->line = n->span.line + r->line - 1;
            u->col = r->line == 1 ? n->span.col + r->col - 1 : r->col;
        }
        pl_vec_push(s->a, &s->uses, u);
    }
}

/* Values only: compose interpolates no key. The YAML layer bounds the
 * depth and the node count (aliases expanded). */
static void scan_node(scan *s, const pl_ynode *n)
{
    if (!n)
        return;
    switch (n->kind) {
    case PL_YAML_SCALAR:
        scan_scalar(s, n);
        break;
    case PL_YAML_SEQ:
        for (int i = 0; i < n->nitems; i++)
            scan_node(s, n->items[i]);
        break;
    case PL_YAML_MAP:
        for (int i = 0; i < n->npairs; i++)
            scan_node(s, n->pairs[i].value);
        break;
    }
}

static int by_name_then_place(const void *x, const void *y)
{
    const var_use *a = *(const var_use *const *)x, *b = *(const var_use *const *)y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->line != b->line ? a->line - b->line : a->col - b->col;
}

static int by_place(const void *x, const void *y)
{
    const var_use *a = *(const var_use *const *)x, *b = *(const var_use *const *)y;
    return a->line != b->line ? a->line - b->line : a->col - b->col;
}

static const char *file_list(pl_arena *a, const vars_doc *d)
{
    return vars_list(a, (const char *const *)d->files.items, (int)d->files.len, 3);
}

/* With no example env file beside the compose file, the example files of
 * the directories above it, up to the repository's root. */
#define MAX_LEVELS_UP 6
static void read_examples_above(pl_arena *a, const pl_workspace *ws, const char *fs,
                                const char *display, vars_doc *d)
{
    char top[PATH_MAX], here[PATH_MAX];
    if (d->files.len || !ws || !ws->repo_root || !realpath(ws->repo_root, top))
        return;
    const char *dir = vars_dirname(a, fs), *ddir = vars_dirname(a, display);
    size_t tl = strlen(top);
    for (int level = 0; level < MAX_LEVELS_UP && !d->files.len; level++) {
        if (!realpath(dir, here) || strncmp(here, top, tl) || !strcmp(here, top))
            return;
        dir = pl_arena_printf(a, "%s/..", dir);
        /* the display path's parent: "a/b" -> "a", "a" -> ".", "." -> ".." */
        const char *slash = strrchr(ddir, '/');
        if (!strcmp(ddir, ".") || (slash && !strcmp(slash, "/..")) || !strcmp(ddir, ".."))
            ddir = pl_arena_printf(a, "%s/..", ddir);
        else
            ddir = slash ? pl_arena_strndup(a, ddir, (size_t)(slash - ddir)) : ".";
        vars_doc_read_dir(a, ws, dir, ddir, d);
    }
}

void pl_check_compose_variables_documented(pl_check *c, const pl_file *f)
{
    const pl_yaml *y = cu_compose_or_skip(c, f);
    if (!y)
        return;
    pl_arena *a = pl_check_arena(c);
    scan s = {.a = a, .f = f};
    line_starts(&s);
    for (int i = 0; i < y->ndocs; i++)
        scan_node(&s, y->docs[i]);
    if (!s.uses.len) {
        pl_pass(c, (pl_span){0}, "no variable needed without a default (%d with one)",
                s.with_default);
        return;
    }
    /* one use per variable: its first */
    qsort(s.uses.items, s.uses.len, sizeof *s.uses.items, by_name_then_place);
    pl_vec first = {0};
    for (size_t i = 0; i < s.uses.len; i++) {
        var_use *u = s.uses.items[i];
        if (!i || strcmp(u->name, ((var_use *)s.uses.items[i - 1])->name))
            pl_vec_push(a, &first, u);
        else if (u->required)
            ((var_use *)first.items[first.len - 1])->required = 1;
    }
    qsort(first.items, first.len, sizeof *first.items, by_place);

    const char *fs = f->fs_path ? f->fs_path : f->path;
    if (!fs || !strcmp(fs, "-")) {
        pl_skip(c, "read from standard input: no directory to find an example env file in");
        return;
    }
    vars_doc d = {0};
    const pl_workspace *ws = pl_check_workspace(c);
    vars_doc_read_dir(a, ws, vars_dirname(a, fs), vars_dirname(a, f->path), &d);
    /* an override in a subfolder (frappe_docker's overrides/) is used with
     * the compose file of a directory above, whose example documents it */
    read_examples_above(a, ws, fs, f->path, &d);
    vars_doc_read_env_files(a, ws, &d);
    vars_set_seal(&d.names);

    if (!d.files.len) {
        const char **names = PL_NEW_N(a, const char *, first.len);
        for (size_t i = 0; i < first.len; i++)
            names[i] = ((var_use *)first.items[i])->name;
        const var_use *u = first.items[0];
        const char *list = vars_list(a, names, (int)first.len, 12);
        const char *dir = vars_dirname(a, f->path);
        pl_fail(c, pl_span_make(u->line, u->col, u->line, u->col),
                pl_arena_printf(a, "Add %s listing %s, with empty or placeholder values.",
                                vars_join(a, dir, ".env.example"), list),
                "no example env file (.env.example) beside this file lists the %zu variable%s "
                "it needs without a default: %s",
                first.len, first.len == 1 ? "" : "s", list);
        return;
    }
    int listed = 0;
    for (size_t i = 0; i < first.len; i++) {
        const var_use *u = first.items[i];
        if (vars_set_has(&d.names, u->name)) {
            listed++;
            continue;
        }
        pl_fail(c, pl_span_make(u->line, u->col, u->line, u->col),
                pl_arena_printf(a, "Add %s= (empty or a placeholder) to %s.", u->name,
                                (const char *)d.files.items[0]),
                "%s is needed without a default (%s) but %s does not list it", u->name,
                u->required ? "compose refuses to start without it"
                            : "unset, compose makes it an empty string",
                file_list(a, &d));
    }
    pl_pass(c, (pl_span){0}, "%d variable%s needed without a default, all listed in %s", listed,
            listed == 1 ? "" : "s", file_list(a, &d));
}
