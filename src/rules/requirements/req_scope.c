/* req_scope.c — which requirements files the pinning rule judges in
 * plimsoll's own reading. A file an image of the repository installs is
 * judged, and so is every file whose name says nothing else. Set aside,
 * when no image installs them: the files of developers' tools, tests, CI
 * and docs (requirements-dev.txt, requirements/tests.txt,
 * docs/requirements.txt: on public repositories they hold the ranges of
 * tools that never ship), and a library's dependency list, the file
 * pyproject.toml or setup.py hands to the package metadata (jupyterhub's
 * requirements.txt: a library declares ranges; pinning them would break
 * whoever installs it beside other packages). */
#include <string.h>

#include "plimsoll/purpose.h"
#include "req_rules.h"

#define MAX_PROJECT_BYTES (1 << 20)

/* A line of `text` holding both `a` and the quoted `name`. */
static int line_with(const char *text, const char *a, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; (p = strstr(p, name)) != NULL; p += n) {
        char before = p > text ? p[-1] : 0, after = p[n];
        if ((before != '"' && before != '\'') || after != before)
            continue;
        const char *start = p, *end = p;
        while (start > text && start[-1] != '\n')
            start--;
        while (*end && *end != '\n')
            end++;
        for (const char *q = start; q + strlen(a) <= end; q++)
            if (!strncmp(q, a, strlen(a)))
                return 1;
    }
    return 0;
}

/* "pyproject.toml declares it the package's dependencies" when the
 * project file beside `f` reads it into the package metadata. */
static const char *package_dependencies(pl_arena *a, const pl_file *f)
{
    if (!f->fs_path)
        return NULL;
    const char *slash = strrchr(f->fs_path, '/');
    const char *dir = slash ? pl_arena_strndup(a, f->fs_path, (size_t)(slash - f->fs_path + 1)) : "";
    const char *base = slash ? slash + 1 : f->fs_path;
    size_t len;
    /* [tool.setuptools.dynamic] dependencies = { file = ["requirements.txt"] } */
    const char *toml = pl_arena_read_file(a, pl_arena_printf(a, "%spyproject.toml", dir),
                                          MAX_PROJECT_BYTES, &len);
    if (toml && line_with(toml, "dependencies", base))
        return "pyproject.toml reads it as the package's dependencies";
    /* install_requires=open("requirements.txt").read().splitlines() */
    const char *setup = pl_arena_read_file(a, pl_arena_printf(a, "%ssetup.py", dir),
                                           MAX_PROJECT_BYTES, &len);
    if (setup && strstr(setup, "install_requires") && line_with(setup, "open", base))
        return "setup.py reads it into install_requires";
    return NULL;
}

/* The files of development, test or docs tools no image that ships
 * installs; `*installed`: pl_req_installed's answer. */
static const char *tooling_only(pl_check *c, const pl_file *f, const char **installed_by,
                                int *installed)
{
    *installed_by = NULL;
    *installed = -1;
    if (pl_check_reading(c) != PL_READING_DEFAULT)
        return NULL;
    const pl_workspace *ws = pl_check_workspace(c);
    const char *by, *by_purpose;
    *installed = pl_req_installed(ws, f, &by, &by_purpose);
    if (*installed == 2)
        *installed_by = by;
    if (*installed < 0 || *installed == 2)
        return NULL;
    pl_arena *a = pl_check_arena(c);
    const char *purpose = pl_path_purpose(a, ws, f->path, PL_PURPOSE_REQUIREMENTS);
    if (purpose && *installed == 1)
        return pl_arena_printf(a,
                               "%s, and only %s installs it (%s): the requirements of development, "
                               "test or docs tools, which no image that ships installs",
                               purpose, by, by_purpose);
    if (purpose)
        return pl_arena_printf(a,
                               "%s, and no Dockerfile of the repository installs it: the "
                               "requirements of development, test or docs tools, which no image "
                               "ships",
                               purpose);
    return NULL;
}

const char *pl_req_tooling_only(pl_check *c, const pl_file *f)
{
    const char *by;
    int installed;
    return tooling_only(c, f, &by, &installed);
}

const char *pl_req_set_aside(pl_check *c, const pl_file *f, const char **installed_by)
{
    int installed;
    const char *why = tooling_only(c, f, installed_by, &installed);
    if (why || installed != 0)
        return why;
    pl_arena *a = pl_check_arena(c);
    const char *deps = package_dependencies(a, f);
    if (deps)
        return pl_arena_printf(a,
                               "%s, and no Dockerfile of the repository installs it: a library "
                               "declares ranges, the applications that install it pin them",
                               deps);
    return NULL;
}
