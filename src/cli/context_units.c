/* context_units.c — the build units `plimsoll context` lists: how
 * `plimsoll check DIR` understands the builds of the Dockerfiles under DIR
 * (compose services, CI workflows, bake files, Makefiles, scripts, the
 * config's `dockerfiles:`), found the same way, without running a rule. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plimsoll/config.h"
#include "plimsoll/discover.h"
#include "plimsoll/git.h"
#include "plimsoll/report.h"
#include "plimsoll/unit.h"
#include "plimsoll/workspace.h"

int pl_cli_context_units(pl_arena *a, const char *dir, pl_report *r)
{
    memset(r, 0, sizeof *r);
    r->arena = a;
    pl_options *o = PL_NEW(a, pl_options);
    o->paths = PL_NEW_N(a, const char *, 1);
    o->paths[0] = dir;
    o->npaths = 1;
    pl_workspace *ws = PL_NEW(a, pl_workspace);
    ws->arena = a;
    ws->opts = o;
    pl_config *cfg = PL_NEW(a, pl_config);
    pl_config_init(cfg);
    pl_git *g = pl_git_open(a, dir);
    const char *path = pl_config_discover(a, dir, g ? pl_git_workdir(g) : NULL);
    pl_git_close(g);
    if (path) {
        pl_diag_list diags = {0};
        if (pl_config_load(a, path, cfg, &diags) != 0) {
            for (const pl_diag *d = diags.head; d; d = d->next)
                fprintf(stderr, "%s:%d:%d: %s\n", path, d->span.line, d->span.col, d->message);
            if (!diags.head)
                fprintf(stderr, "plimsoll: cannot read config %s\n", path);
            return -1;
        }
        char *cdir = pl_arena_strdup(a, path);
        char *slash = strrchr(cdir, '/');
        if (slash)
            *slash = '\0';
        ws->config_dir = slash ? cdir : ".";
    }
    ws->config = cfg;
    const char *err = NULL;
    if (pl_discover(ws, &err) != 0) {
        fprintf(stderr, "plimsoll: %s\n", err);
        pl_git_close(ws->git);
        return -1;
    }
    pl_model_units(ws);
    pl_report_units(a, ws, r);
    for (int i = 0; i < ws->nfiles; i++)
        pl_arena_free(ws->files[i]->arena);
    pl_git_close(ws->git);
    return 0;
}
