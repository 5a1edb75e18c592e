/* sources.c — the build units the repository's own files describe: CI
 * workflows, bake files, Makefiles and scripts that discovery found, read
 * statically (src/parse/buildsrc/) into specs for the model. What a reader
 * could not understand becomes a note of the report, with its position. */
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

#include "plimsoll/buildsrc.h"
#include "plimsoll/git.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

enum { MAX_SOURCE_BYTES = 4 << 20 };

static char *read_all(pl_arena *a, const char *path, size_t *len)
{
    return pl_arena_read_file(a, path, MAX_SOURCE_BYTES, len);
}

/* What paths in a source are relative to: a workflow's, a GitLab
 * pipeline's and a CircleCI job's checkout (the directory holding
 * .github/, .gitlab-ci.yml or .circleci/); for the others the repository
 * root. */
static const char *root_of(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *repo)
{
    if (kind == PL_BSRC_WORKFLOW) {
        const char *wf = strstr(path, ".github/workflows/");
        return wf && wf > path ? pl_arena_strndup(a, path, (size_t)(wf - path - 1)) : ".";
    }
    if (kind == PL_BSRC_CIRCLECI) {
        const char *ci = strstr(path, ".circleci/");
        return ci && ci > path ? pl_arena_strndup(a, path, (size_t)(ci - path - 1)) : ".";
    }
    if (kind == PL_BSRC_GITLAB) {
        const char *slash = strrchr(path, '/');
        return slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    }
    return repo;
}

/* A spec read in scratch, copied where the units live: the parsed source
 * (a workflow's YAML tree) it pointed into is dropped. */
static pl_unit_spec *keep_spec(pl_arena *a, const pl_unit_spec *from)
{
    pl_unit_spec *s = PL_NEW(a, pl_unit_spec);
    *s = *from;
#define KEEP(field) s->field = from->field ? pl_arena_strdup(a, from->field) : NULL
    KEEP(dockerfile);
    KEEP(context);
    KEEP(target);
    KEEP(platforms);
    KEEP(service);
    KEEP(run_user);
    KEEP(run_user_file);
    KEEP(run_healthcheck_file);
    KEEP(origin_file);
    KEEP(origin_label);
    KEEP(step_file);
#undef KEEP
    if (from->nargs > 0) {
        s->args = PL_NEW_N(a, pl_unit_arg, from->nargs);
        for (int i = 0; i < from->nargs; i++) {
            s->args[i].name = from->args[i].name ? pl_arena_strdup(a, from->args[i].name) : NULL;
            s->args[i].value = from->args[i].value ? pl_arena_strdup(a, from->args[i].value) : NULL;
        }
    }
    if (from->nimages > 0) {
        s->images = PL_NEW_N(a, const char *, from->nimages);
        for (int i = 0; i < from->nimages; i++)
            s->images[i] = from->images[i] ? pl_arena_strdup(a, from->images[i]) : NULL;
    }
    if (from->nnamed_contexts > 0) {
        s->named_contexts = PL_NEW_N(a, const char *, from->nnamed_contexts);
        for (int i = 0; i < from->nnamed_contexts; i++)
            s->named_contexts[i] = pl_arena_strdup(a, from->named_contexts[i]);
    }
    return s;
}

void pl_model_sources(pl_workspace *ws)
{
    if (!ws->build_sources.len)
        return;
    const char *repo = ws->git ? pl_git_display_path(ws->arena, ws->git, "") : ".";
    for (size_t i = 0; i < ws->build_sources.len; i++) {
        const char *path = ws->build_sources.items[i];
        pl_bsrc_kind kind;
        size_t len;
        if (pl_buildsrc_kind_of(path, &kind) != 0)
            continue;
        /* each source is read and parsed in scratch; only its specs are
         * kept, in the workspace arena, where the units point into them */
        pl_arena *scratch = pl_arena_new();
        char *data = read_all(scratch, path, &len);
        if (!data) {
            pl_arena_free(scratch);
            continue;
        }
        pl_vec specs = {0};
        pl_diag_list diags = {0};
        pl_buildsrc_read(scratch, kind, path, data, len, root_of(scratch, kind, path, repo), &specs,
                         &diags);
        for (size_t k = 0; k < specs.len; k++) {
            pl_unit_spec *spec = keep_spec(ws->arena, specs.items[k]);
            /* a Dockerfile the build makes first, or one in another
             * repository's checkout, is not the repository's: what the
             * build reads there is not known statically */
            struct stat st;
            if (spec->dockerfile && stat(spec->dockerfile, &st) != 0)
                spec->dockerfile = NULL;
            pl_model_add_spec(ws, spec);
        }
        for (const pl_diag *d = diags.head; d; d = d->next)
            pl_vec_push(ws->arena, &ws->notes,
                        pl_arena_printf(ws->arena, "%s:%d:%d: %s", path, d->span.line,
                                        d->span.col, d->message));
        pl_arena_free(scratch);
    }
}
