/* references.c — files a compose service names that must exist on disk,
 * checked from the compose file's directory: PL2500 build.context, PL2501
 * build.dockerfile, PL2502 env_file. Remote contexts, interpolated paths,
 * `~` paths, absolute env_file paths and dockerfile_inline are not judged;
 * a path in a git submodule is unknown (the checkout may not have it). */
#include <dirent.h>
#include <string.h>

#include "plimsoll/envfile.h"
#include "plimsoll/git.h"
#include "plimsoll/submodule.h"
#include "plimsoll/workspace.h"
#include "services.h"
#include "rules_decl.h"

void pl_check_compose_build_context_missing(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int checked = 0;
    const char *unknown = NULL, *elsewhere = NULL;
    for (int i = 0; i < n; i++) {
        pl_svc_build b;
        pl_svc_build_of(a, &s[i], &b);
        if (!b.builds)
            continue;
        if (!b.known) {
            unknown = pl_arena_printf(a, "service %s: %s", s[i].name, b.why_unknown);
            continue;
        }
        checked++;
        if (pl_svc_is_dir(b.context))
            continue;
        const pl_workspace *ws = pl_check_workspace(c);
        const char *why;
        const char *rel = ws && ws->git ? pl_git_relpath_of(a, ws->git, b.context) : NULL;
        const char *sub = rel ? pl_git_submodule_of(a, ws->git, rel) : NULL;
        if (sub)
            elsewhere = pl_arena_printf(a, "service %s builds from %s, in the git submodule %s, "
                                           "which this checkout leaves empty and a checkout "
                                           "with --recurse-submodules fills",
                                        s[i].name, b.context, sub);
        /* monica's ./vendor/laravel/sail/runtimes/8.4 under a git-ignored
         * vendor/ that `composer install` fills: made before the build */
        else if (rel && pl_git_is_ignored(ws->git, rel, 1))
            elsewhere = pl_arena_printf(a, "service %s builds from %s, which git ignores: a step "
                                           "before the build makes it (a package manager's "
                                           "vendor/ folder, a build output)",
                                        s[i].name, b.context);
        else if ((why = pl_svc_paths_unknown(a, &s[i])) != NULL ||
                 (why = pl_svc_found_from_base(a, ws, &s[i], b.context_as_written, NULL)))
            elsewhere = pl_arena_printf(a, "service %s builds from %s, missing here; %s",
                                        s[i].name, b.context, why);
        else
            pl_svc_fail(c, f, b.context_at, NULL,
                            "service %s builds from %s, which is not a directory", s[i].name,
                            b.context);
    }
    if (!n)
        return;
    if (elsewhere)
        pl_skip(c, "%s", elsewhere);
    else if (checked)
        pl_svc_pass(c, s, n,
                        pl_arena_printf(a, "%d local build context%s checked, each a directory",
                                        checked, checked == 1 ? "" : "s"));
    else if (unknown)
        pl_skip(c, "%s", unknown);
    else
        pl_skip(c, "no service builds an image");
}

void pl_check_compose_dockerfile_missing(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    pl_arena *a = pl_check_arena(c);
    int checked = 0;
    const char *elsewhere = NULL;
    for (int i = 0; i < n; i++) {
        pl_svc_build b;
        pl_svc_build_of(a, &s[i], &b);
        /* a missing context is PL2500's finding */
        if (!b.known || !b.dockerfile || !pl_svc_is_dir(b.context))
            continue;
        checked++;
        if (pl_svc_is_file(b.dockerfile))
            continue;
        const char *base = pl_svc_found_from_base(a, pl_check_workspace(c), &s[i],
                                                  b.context_as_written, b.dockerfile_as_written);
        if (base)
            elsewhere = pl_arena_printf(a, "service %s builds %s, missing here; %s", s[i].name,
                                        b.dockerfile, base);
        else
            pl_svc_fail(c, f, b.dockerfile_at ? b.dockerfile_at : b.context_at, NULL,
                            "service %s builds %s, which does not exist", s[i].name, b.dockerfile);
    }
    if (!n)
        return;
    if (elsewhere)
        pl_skip(c, "%s", elsewhere);
    else if (checked)
        pl_svc_pass(c, s, n,
                        pl_arena_printf(a, "%d Dockerfile%s checked, each exists", checked,
                                        checked == 1 ? "" : "s"));
    else
        pl_skip(c, "no service builds a local Dockerfile");
}

/* Why a missing env file is one each user creates, not one the repository
 * forgot: an example of it beside it (`.env` and `.env.example`, searxng's
 * README step) or git ignoring it (healthchecks). NULL when neither. */
#define MAX_DIR_ENTRIES 4096
static const char *created_by_user(pl_check *c, const char *path)
{
    pl_arena *a = pl_check_arena(c);
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? pl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    const char *example = NULL;
    DIR *d = opendir(*dir ? dir : "/");
    if (d) {
        struct dirent *e;
        int seen = 0;
        while (!example && (e = readdir(d)) && seen++ < MAX_DIR_ENTRIES)
            if (!strncmp(e->d_name, base, blen) &&
                (e->d_name[blen] == '.' || e->d_name[blen] == '-' || e->d_name[blen] == '_') &&
                pl_env_example_name(e->d_name))
                example = pl_arena_strdup(a, e->d_name);
        closedir(d);
    }
    if (example)
        return pl_arena_printf(a, "%s is made from %s beside it", base, example);
    const pl_workspace *ws = pl_check_workspace(c);
    const char *rel = ws && ws->git ? pl_git_relpath_of(a, ws->git, path) : NULL;
    if (rel && pl_git_is_ignored(ws->git, rel, 0))
        return pl_arena_printf(a, "%s is ignored by git: each user creates it", base);
    return NULL;
}

/* What the env_file entries of a file came to. */
typedef struct {
    int checked;
    const char *created; /* why a missing one is each user's own */
    const char *host;    /* an absolute path on the host */
    const char *unknown; /* why relative paths cannot be resolved here */
} env_judged;

/* One `env_file:` entry: a path, or `{path, required}`. */
static void check_env_file(pl_check *c, const pl_file *f, const pl_svc *s,
                           const pl_ynode *e, env_judged *j)
{
    const pl_ynode *pn = e;
    if (e->kind == PL_YAML_MAP) {
        pn = pl_yaml_get(e, "path");
        const pl_ynode *req = pl_yaml_get(e, "required");
        const char *r = pl_svc_scalar(req);
        if (r && (!strcmp(r, "false") || !strcmp(r, "False") || !strcmp(r, "FALSE")))
            return;
        if (pl_svc_dynamic(r))
            return;
    }
    const char *p = pl_svc_scalar(pn);
    if (!p || pl_svc_dynamic(p))
        return;
    if (p[0] == '/') {
        /* a file on the host compose runs on (coolify's installer writes
         * /data/coolify/source/.env there), not one of the repository */
        j->host = p;
        return;
    }
    const char *path = pl_svc_path_at(pl_check_arena(c), s, pn, p);
    if (!path)
        return;
    j->checked++;
    const char *why = NULL;
    if (pl_svc_is_file(path))
        return;
    if ((why = pl_svc_paths_unknown(pl_check_arena(c), s)) != NULL ||
        (why = pl_svc_found_from_base(pl_check_arena(c), pl_check_workspace(c), s, ".", p)))
        j->unknown = why;
    else if ((why = created_by_user(c, path)) != NULL)
        j->created = why;
    else
        pl_svc_fail(c, f, pn, NULL,
                        "service %s reads variables from %s, which does not exist: compose "
                        "stops before starting anything",
                        s->name, path);
}

void pl_check_compose_env_file_missing(pl_check *c, const pl_file *f)
{
    pl_svc *s;
    int n = pl_svc_list_or_skip(c, f, &s);
    int any = 0;
    env_judged j = {0};
    for (int i = 0; i < n; i++) {
        const pl_ynode *ef = pl_yaml_get(s[i].node, "env_file");
        if (!ef)
            continue;
        any++;
        if (ef->kind == PL_YAML_SEQ) {
            for (int k = 0; k < ef->nitems; k++)
                check_env_file(c, f, &s[i], ef->items[k], &j);
        } else {
            check_env_file(c, f, &s[i], ef, &j);
        }
    }
    if (!n)
        return;
    int checked = j.checked;
    if (j.unknown)
        pl_skip(c, "%d required env_file%s read; %s", checked, checked == 1 ? "" : "s",
                j.unknown);
    else if (j.created)
        pl_skip(c, "%d required env_file%s checked; %s", checked, checked == 1 ? "" : "s",
                j.created);
    else if (j.host)
        pl_skip(c, "%d required env_file%s checked; %s is an absolute path on the host compose "
                   "runs on, not a file of the repository",
                checked, checked == 1 ? "" : "s", j.host);
    else if (checked)
        pl_svc_pass(c, s, n,
                        pl_arena_printf(pl_check_arena(c), "%d required env_file%s checked, each exists",
                                        checked, checked == 1 ? "" : "s"));
    else
        pl_skip(c, any ? "every env_file is optional or interpolated" : "no service reads an env_file");
}
