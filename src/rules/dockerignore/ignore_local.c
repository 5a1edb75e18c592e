/* ignore_local.c — which .dockerignore patterns name what only a
 * developer's work tree has (ignore-pattern-unused, PL3001, does not call
 * them dead when a clean checkout lacks them).
 *
 * Owns: the two reasons a pattern is defensive. The paths it names are
 * ones git ignores: a .gitignore'd path is exactly what a clean checkout
 * lacks and a work tree has (`frontend/test-results`, `/sea-prep.blob`).
 * Or it names a well-known local artefact: version-control and editor
 * files, virtualenvs, dependency folders, caches, test and coverage
 * reports, build outputs, logs, secrets, the build's own files — by a
 * name or a suffix of any part of its path (`app.egg-info`,
 * `travis_wait_*.log`, `!.vscode/settings.json`). */
#include <string.h>

#include "ignore_local.h"

static const char *const local_names[] = {
    /* version control, CI and repository files */
    ".git", ".gitignore", ".gitattributes", ".gitmodules", ".github", ".gitlab-ci.yml", ".gitlab",
    ".hg", ".svn", ".circleci", ".travis.yml", ".buildkite", ".azure-pipelines", "Jenkinsfile",
    ".dockerignore", "Dockerfile", "docker-compose.yml", "docker-compose.yaml", "compose.yml",
    "compose.yaml", "docker-compose", "compose", ".editorconfig", ".pre-commit-config.yaml",
    "README.md", "LICENSE", "CHANGELOG.md", ".envrc", ".direnv", ".python-version",
    ".eslintrc", ".eslint", ".eslintignore", ".prettierrc", ".prettierignore",
    /* dependencies, virtualenvs, caches */
    "node_modules", "bower_components", "jspm_packages", "web_modules", "vendor", ".venv", "venv",
    "env", "ENV", ".env", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".cache",
    ".tox", ".nox", ".hypothesis", ".eggs", ".gradle", ".npm", ".yarn", ".pnpm-store", ".m2",
    ".mvn", ".bundle", ".cargo", ".stack-work", ".dart_tool", ".pub-cache", "Pods", "deps",
    ".elixir_ls", ".terraform", ".terraform.lock.hcl", ".vagrant", ".expo", ".angular",
    ".parcel-cache", ".svelte-kit", ".turbo", ".vercel", ".serverless", ".dynamodb", ".fusebox",
    ".sass-cache", ".webassets-cache", ".scrapy", ".pybuilder", ".pyre", ".pytype", ".dmypy.json",
    "dmypy.json", "__pypackages__", "cython_debug", ".ipynb_checkpoints", "profile_default",
    ".eslintcache", ".stylelintcache", ".yarn-integrity", ".grunt", ".tern-port",
    /* test and coverage reports */
    "test", "tests", "__tests__", "coverage", ".coverage", "htmlcov", ".nyc_output", "lib-cov",
    "coverage.xml", "coverage.out", "nosetests.xml", ".cover", "cover", "test-results",
    "playwright-report", "blob-report", "report", "reports", "junit.xml",
    /* build outputs and runtime data */
    "dist", "build", ".build", "_build", "target", "out", "bin", "obj", ".next", ".nuxt", ".output",
    ".astro", ".docusaurus", ".vuepress", "storybook-static", "sdist", "wheels", "develop-eggs",
    "eggs", "parts", "lib", "lib64", ".Python", ".installed.cfg", "MANIFEST", "site",
    "DerivedData", "logs", "log", "tmp", "temp", ".tmp", ".temp", "data", "instance", "downloads",
    "celerybeat-schedule", "celerybeat.pid", "db.sqlite3", "db.sqlite3-journal", "erl_crash.dump",
    "hs_err_pid", "python-wheels", "pip-log.txt", "pip-delete-this-directory.txt",
    "local_settings.py", "ipython_config.py", "pyvenv.cfg", ".pdm.toml", ".pdm-python",
    "npm-debug.log", "yarn-error.log", "yarn-debug.log", "lerna-debug.log", "pnpm-debug.log",
    ".node_repl_history",
    /* editors and operating systems */
    ".idea", ".vscode", ".vs", ".fleet", ".history", ".c9", ".settings", ".project", ".classpath",
    "nbproject", ".spyderproject", ".spyproject", ".spyderworkspace", ".ropeproject",
    ".apt_generated", ".factorypath", ".sts4-cache", ".DS_Store", ".AppleDouble", ".LSOverride",
    "Thumbs.db", "Desktop.ini",
    /* secrets and credentials */
    "secrets", ".ssh", ".aws", ".npmrc", ".pypirc", ".netrc", "id_rsa", "id_ed25519",
    "credentials.json", ".git-credentials", ".env.local", ".env.development.local",
    ".env.test.local", ".env.production.local", NULL};

/* Kinds of files named by their ending. */
static const char *const local_suffixes[] = {
    ".log", ".egg-info", ".pyc", ".pyo", ".swp", ".swo", ".bak", ".orig", ".rej", ".tmp",
    ".test", ".prof", ".pid", ".sqlite", ".sqlite3", ".coverage", NULL};

/* Kinds of files named by their start: editor autosaves (`#x#`, `.#x`),
 * macOS resource forks (`._x`), variants of the build's own files. */
static const char *const local_prefixes[] = {
    "#", ".#", "._", "docker-compose", "compose.", "Dockerfile", ".env.", ".eslint", NULL};

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n > k && !strncmp(s + n - k, suffix, k);
}

/* One path component of a pattern, wildcards removed from its ends:
 * `*.pyc` is any .pyc, `.eslint*` any .eslint file. */
static int local_component(const char *part, size_t n)
{
    if (n == 0)
        return 0;
    if (part[0] == '*')
        return 1; /* `*.pyc`, `**`: a kind of file, wherever it appears */
    for (int i = 0; local_prefixes[i]; i++) {
        size_t k = strlen(local_prefixes[i]);
        if (n >= k && !strncmp(part, local_prefixes[i], k))
            return 1;
    }
    while (n > 0 && (part[n - 1] == '*' || part[n - 1] == '.'))
        n--;
    /* a backup of one (`venv.bak`, `env.bak`) is as local as the thing */
    for (int i = 0; local_suffixes[i]; i++)
        if (ends_with(part, n, local_suffixes[i]))
            return 1;
    for (int i = 0; local_names[i]; i++)
        if (strlen(local_names[i]) == n && !strncmp(part, local_names[i], n))
            return 1;
    return 0;
}

/* Names too generic to make everything below them local: `tests/x` and
 * `lib/x` name sources. Judged as the last component only. */
static const char *const generic_dirs[] = {
    "test", "tests", "__tests__", "lib", "lib64", "bin", "obj", "out", "site", "parts", "eggs",
    "report", "reports", "instance", "downloads", "compose", "docker-compose", "cover", "data",
    "Dockerfile", NULL};

static int generic_dir(const char *part, size_t n)
{
    for (int i = 0; generic_dirs[i]; i++)
        if (strlen(generic_dirs[i]) == n && !strncmp(part, generic_dirs[i], n))
            return 1;
    return 0;
}

int pl_ignore_names_local_artefact(const char *pattern)
{
    /* the last component, or a directory above it that holds only local
     * things: `.vscode/settings.json` lies in an editor folder,
     * `dist/x/y` in a build output */
    for (const char *p = pattern; *p;) {
        size_t n = strcspn(p, "/");
        const char *next = p + n;
        while (*next == '/')
            next++;
        int last = !*next || !strcmp(next, "**") || !strcmp(next, "*");
        if (local_component(p, n) && (last || (p[0] != '*' && !generic_dir(p, n))))
            return 1;
        if (last)
            break;
        p = next;
    }
    return 0;
}

/* The path a pattern names, its wildcards filled in: `**` parts dropped,
 * `*`, `?` and `[...]` each one letter, escapes resolved. NULL when
 * nothing literal is left. */
static const char *named_path(pl_arena *a, const char *pattern)
{
    size_t len = strlen(pattern);
    char *out = PL_NEW_N(a, char, len + 2);
    size_t n = 0;
    const char *p = pattern;
    while (*p == '/' || (p[0] == '.' && p[1] == '/'))
        p += *p == '/' ? 1 : 2;
    while (*p) {
        if (p[0] == '*' && p[1] == '*' && (p[2] == '/' || !p[2]) && (p == pattern || p[-1] == '/')) {
            p += p[2] ? 3 : 2;
            continue;
        }
        if (*p == '*' || *p == '?') {
            out[n++] = 'x';
            while (*p == '*')
                p++;
            if (*p == '?')
                p++;
            continue;
        }
        if (*p == '[') {
            const char *close = strchr(p + 1, ']');
            if (close) {
                out[n++] = 'x';
                p = close + 1;
                continue;
            }
        }
        if (*p == '\\' && p[1])
            p++;
        out[n++] = *p++;
    }
    while (n > 0 && out[n - 1] == '/')
        n--;
    out[n] = '\0';
    return n ? out : NULL;
}

int pl_ignore_names_git_ignored(pl_arena *a, pl_git *g, const char *repo_dir, const char *pattern)
{
    if (!g || !repo_dir)
        return 0;
    const char *path = named_path(a, pattern);
    if (!path)
        return 0;
    const char *rel = *repo_dir && strcmp(repo_dir, ".") ? pl_arena_printf(a, "%s/%s", repo_dir, path)
                                                          : path;
    return pl_git_is_ignored(g, rel, 1) || pl_git_is_ignored(g, rel, 0);
}
