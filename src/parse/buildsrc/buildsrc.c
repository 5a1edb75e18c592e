/* buildsrc.c — which files say how images are built, and the reader for
 * each. */
#include <string.h>

#include "buildsrc_internal.h"


static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* A Dev Container's definition: .devcontainer.json, or devcontainer.json
 * in a .devcontainer/ folder or one folder below it (one of several
 * configurations). */
static int devcontainer_path(const char *path, const char *base)
{
    if (!strcmp(base, ".devcontainer.json"))
        return 1;
    if (strcmp(base, "devcontainer.json"))
        return 0;
    const char *dir = NULL;
    for (const char *p = strstr(path, ".devcontainer/"); p; p = strstr(p + 1, ".devcontainer/"))
        if (p == path || p[-1] == '/')
            dir = p + 14;
    if (!dir)
        return 0;
    const char *slash = strchr(dir, '/');
    return dir == base || (slash && slash + 1 == base);
}

int pl_buildsrc_kind_of(const char *path, pl_bsrc_kind *kind)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *wf = strstr(path, ".github/workflows/");
    if (wf && (wf == path || wf[-1] == '/') && !strchr(wf + 18, '/') &&
        (ends_with(base, ".yml") || ends_with(base, ".yaml"))) {
        *kind = PL_BSRC_WORKFLOW;
        return 0;
    }
    /* .circleci/config.yml: the folder is exactly .circleci */
    if ((!strcmp(base, "config.yml") || !strcmp(base, "config.yaml")) && base - path >= 10 &&
        !strncmp(base - 10, ".circleci/", 10) && (base - path == 10 || base[-11] == '/')) {
        *kind = PL_BSRC_CIRCLECI;
        return 0;
    }
    if (!strcmp(base, ".gitlab-ci.yml") || !strcmp(base, ".gitlab-ci.yaml")) {
        *kind = PL_BSRC_GITLAB;
        return 0;
    }
    if (!strcmp(base, "docker-bake.json") || !strcmp(base, "docker-bake.override.json")) {
        *kind = PL_BSRC_BAKE_JSON;
        return 0;
    }
    if (!strcmp(base, "docker-bake.hcl") || !strcmp(base, "docker-bake.override.hcl")) {
        *kind = PL_BSRC_BAKE_HCL;
        return 0;
    }
    if (!strcmp(base, "Makefile") || !strcmp(base, "makefile") || !strcmp(base, "GNUmakefile") ||
        ends_with(base, ".mk")) {
        *kind = PL_BSRC_MAKEFILE;
        return 0;
    }
    if (devcontainer_path(path, base)) {
        *kind = PL_BSRC_DEVCONTAINER;
        return 0;
    }
    if (ends_with(base, ".sh")) {
        *kind = PL_BSRC_SCRIPT;
        return 0;
    }
    /* Buildkite's agent hooks (.buildkite/hooks/pre-command ...): shell
     * scripts without an extension, run in the checkout before each step */
    const char *hooks = strstr(path, ".buildkite/hooks/");
    if (hooks && (hooks == path || hooks[-1] == '/') && base == hooks + 17 && *base &&
        !strchr(base, '.')) {
        *kind = PL_BSRC_SCRIPT;
        return 0;
    }
    return -1;
}

void pl_buildsrc_read(pl_arena *a, pl_bsrc_kind kind, const char *path, const char *data,
                      size_t len, const char *root, pl_vec *out, pl_diag_list *diags)
{
    switch (kind) {
    case PL_BSRC_WORKFLOW:
    case PL_BSRC_GITLAB:
        pl_buildsrc_read_ci(a, kind, path, data, len, root, out, diags);
        break;
    case PL_BSRC_BAKE_JSON:
    case PL_BSRC_BAKE_HCL:
        pl_buildsrc_read_bake(a, kind, path, data, len, out, diags);
        break;
    case PL_BSRC_MAKEFILE:
        pl_buildsrc_read_makefile(a, path, data, len, out);
        break;
    case PL_BSRC_CIRCLECI:
        pl_buildsrc_read_circleci(a, path, data, len, root, out, diags);
        break;
    case PL_BSRC_DEVCONTAINER:
        pl_buildsrc_read_devcontainer(a, path, data, len, out, diags);
        break;
    case PL_BSRC_SCRIPT:
        pl_buildcmd_scan(a, data, len, root ? root : ".", PL_ORIGIN_SCRIPT, path, 1, 1, NULL, out);
        break;
    }
}
