/* purpose.c — what a file's place in the repository says it is for
 * (purpose.h). The words were chosen on public repositories: compose
 * files such as docker-compose.dev.yml, compose.test.yaml,
 * docker-compose.ci-test.yml, compose.ci.yaml, compose.local.yaml,
 * tests/e2e/docker/, debug/, tools/dev/, tools/kafka/ (loki's local test
 * setups), hack/composefiles/ (buildkit), .devcontainer/, docs/ and
 * examples/ (traefik's and loki's guides), playwright/ and cypress/ (an
 * end-to-end test framework's setup: vaultwarden's playwright/), dummy/ and
 * mocks/ (services that stand in for others in tests); requirements files such as
 * requirements-dev.txt, requirements/tests.txt, docs/requirements.txt,
 * requirements/lint.txt, test-requirements.txt, mkdocs-requirements.txt. */
#include "plimsoll/purpose.h"

#include <string.h>
#include <strings.h>

#include "path_args.h"

/* Words of a base name (split at every character that is not a letter or
 * a digit) that say development, tests, CI or a demo. */
static const char *const name_words[] = {
    "dev", "devel", "develop", "development", "devcontainer", "local", "test", "tests",
    "testing", "e2e", "ci", "debug", "demo", "example", "examples", "sample", "samples",
    "cypress", "playwright", NULL};
/* What only requirements files are named for: the tools of docs, linters
 * and type checkers, which no image of the project installs. */
static const char *const req_name_words[] = {"doc", "docs", "documentation", "lint", "linting",
                                             "linters", "typing", "mypy", "mkdocs", "sphinx",
                                             "testinfra", NULL};
/* Words of a folder name. `tools` and `hack` are where repositories keep
 * their developers' helpers (loki's tools/kafka, buildkit's hack/). */
static const char *const folder_words[] = {
    "dev", "devel", "development", "devcontainer", "test", "tests", "testing", "testdata",
    "integration", "fixtures", "e2e", "ci", "debug", "demo", "demos", "example", "examples",
    "sample", "samples", "doc", "docs", "documentation", "hack", "tools", "playwright", "cypress",
    "dummy", "mocks", "benchmark", "benchmarks", NULL};

static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int in_list(const char *const *list, const char *w, size_t n)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncasecmp(list[i], w, n))
            return 1;
    return 0;
}

/* The first word of s[0..len) that is in `list` (or `extra`), as *word. */
static int find_word(const char *s, size_t len, const char *const *list, const char *const *extra,
                     const char **word, size_t *wlen)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && !is_word_char(s[i]))
            i++;
        size_t start = i;
        while (i < len && is_word_char(s[i]))
            i++;
        if (i == start)
            break;
        if (in_list(list, s + start, i - start) || (extra && in_list(extra, s + start, i - start))) {
            *word = s + start;
            *wlen = i - start;
            return 1;
        }
    }
    return 0;
}

const char *pl_relpath_purpose(pl_arena *a, const char *relpath, pl_purpose_kind kind)
{
    if (!relpath || !*relpath)
        return NULL;
    const char *slash = strrchr(relpath, '/');
    const char *base = slash ? slash + 1 : relpath;
    const char *w;
    size_t n;
    const char *const *extra = kind == PL_PURPOSE_REQUIREMENTS ? req_name_words : NULL;
    if (find_word(base, strlen(base), name_words, extra, &w, &n))
        return pl_arena_printf(a, "its name says %.*s (%s)", (int)n, w, base);
    for (const char *p = relpath; slash && p < slash;) {
        const char *end = memchr(p, '/', (size_t)(slash - p) + 1);
        if (find_word(p, (size_t)(end - p), folder_words, NULL, &w, &n))
            return pl_arena_printf(a, "it lies under %.*s/", (int)(end - relpath), relpath);
        p = end + 1;
    }
    return NULL;
}

const char *pl_path_purpose(pl_arena *a, const pl_workspace *ws, const char *path,
                            pl_purpose_kind kind)
{
    if (!path)
        return NULL;
    return pl_relpath_purpose(a, pl_path_below_args(a, ws, path), kind);
}

const char *pl_path_below_args(pl_arena *a, const pl_workspace *ws, const char *path)
{
    /* the path below the PATH argument that holds it: a repository checked
     * from its root reads from there, a folder checked by itself from that
     * folder (plimsoll's own tests/ fixtures, checked by path, are not test
     * files) */
    const pl_path_args *pa = pl_model_checked_args(ws);
    const char *rel = NULL;
    const char *slash = strrchr(path, '/');
    if (pa && !pa->none) {
        if (pl_path_args_names(pa, path))
            rel = slash ? slash + 1 : path;
        for (const char *s = slash; !rel && s && s > path; s--)
            if (*s == '/' && pl_path_args_names(pa, pl_arena_strndup(a, path, (size_t)(s - path))))
                rel = s + 1;
    }
    if (!rel) {
        /* what lies below the current directory is read from there;
         * elsewhere the base name alone */
        rel = path[0] == '/' || !strncmp(path, "../", 3) ? (slash ? slash + 1 : path) : path;
        while (!strncmp(rel, "./", 2))
            rel += 2;
    }
    return rel;
}
