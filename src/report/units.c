/* units.c — the build units of a workspace as the report lists them (the
 * json format's `build_units`): paths as the repository names them. */
#include <string.h>

#include "plimsoll/git.h"
#include "plimsoll/report.h"
#include "plimsoll/unit.h"

/* A display path as the repository names it ("." for its root). */
static const char *repo_path(pl_arena *a, const pl_workspace *ws, const char *display)
{
    if (!display)
        return NULL;
    const char *rel = ws->git ? pl_git_relpath_of(a, ws->git, display) : NULL;
    if (!rel)
        return display;
    return *rel ? rel : ".";
}

static const char *dir_of_path(pl_arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

void pl_report_units(pl_arena *a, const pl_workspace *ws, pl_report *r)
{
    r->units = PL_NEW_N(a, pl_report_unit, ws->units.len + 1);
    for (size_t i = 0; i < ws->units.len; i++) {
        const pl_build_unit *u = ws->units.items[i];
        const pl_unit_spec *s = &u->spec;
        if (!s->dockerfile)
            continue;
        pl_report_unit *ru = &r->units[r->nunits++];
        ru->dockerfile = repo_path(a, ws, s->dockerfile);
        ru->context = repo_path(a, ws, s->context ? s->context : dir_of_path(a, s->dockerfile));
        ru->target = s->target;
        ru->target_unknown = s->target_unknown;
        ru->output = s->output;
        ru->nargs = s->nargs;
        ru->arg_names = PL_NEW_N(a, const char *, s->nargs + 1);
        ru->arg_values = PL_NEW_N(a, const char *, s->nargs + 1);
        for (int k = 0; k < s->nargs; k++) {
            ru->arg_names[k] = s->args[k].name;
            ru->arg_values[k] = s->args[k].value;
        }
        if (s->origin_file) {
            ru->origin_file = repo_path(a, ws, s->origin_file);
            ru->origin_line = s->origin_span.line;
        }
        ru->origin_kind = pl_origin_kind_name(s->origin);
        ru->evidence = u->evidence;
    }
}
