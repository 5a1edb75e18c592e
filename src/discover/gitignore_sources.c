/* gitignore_sources.c — where a repository's ignore rules come from
 * besides its .gitignore files (see gitignore.h): info/exclude in the
 * common git directory, and core.excludesFile and core.ignoreCase as the
 * config files say them, read in git's order (system, then global, then
 * the repository's; the last value wins), with git_config.c. Only the
 * [core] section is read; a file git would reject yields what was read
 * before the fault.
 * Includes are not followed ([include] and [includeIf] sections are
 * skipped like any other section; see gitignore.h). */
#include "plimsoll/gitignore.h"

#include "git_config.h"

#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CONFIG_FILE_MAX = 1 << 20 };

typedef pl_gitignore_core core_keys;

static int core_key(void *ctx, const char *section, const char *sub, const char *key,
                    const char *value)
{
    core_keys *k = ctx;
    if (strcmp(section, "core") || *sub)
        return 0;
    if (!strcmp(key, "excludesfile") && value && strlen(value) < sizeof k->excludes_file) {
        memcpy(k->excludes_file, value, strlen(value) + 1);
        k->has_excludes_file = 1;
    } else if (!strcmp(key, "ignorecase")) {
        int b = pl_gitcfg_bool(value);
        if (b >= 0)
            k->ignore_case = b;
    }
    return 0;
}

void pl_gitignore_read_core(const char *text, size_t len, core_keys *k)
{
    pl_gitcfg_walk(text, len, core_key, k);
}

static void read_config_file(const char *path, core_keys *k)
{
    if (!path || !*path)
        return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < CONFIG_FILE_MAX &&
        (text = malloc((size_t)st.st_size + 1))) {
        ssize_t got = read(fd, text, (size_t)st.st_size);
        if (got >= 0) /* a bigger config is not read */
            pl_gitignore_read_core(text, (size_t)got, k);
    }
    free(text);
    close(fd);
}

/* git's path expansion of a config value: "~/" and "~user/"; a relative
 * path is taken from the top of the work tree, where git runs. */
static const char *expand_path(pl_arena *a, const char *v, const char *workdir)
{
    if (!*v || !strncmp(v, "%(prefix)/", 10))
        return NULL;
    if (v[0] == '~') {
        const char *rest = strchr(v, '/');
        size_t ulen = rest ? (size_t)(rest - v - 1) : strlen(v + 1);
        const char *home = NULL;
        if (ulen == 0) {
            home = getenv("HOME");
        } else {
            char user[256];
            if (ulen >= sizeof user)
                return NULL;
            memcpy(user, v + 1, ulen);
            user[ulen] = '\0';
            struct passwd *pw = getpwnam(user);
            home = pw ? pw->pw_dir : NULL;
        }
        if (!home)
            return NULL;
        return pl_arena_printf(a, "%s%s", home, rest ? rest : "");
    }
    if (v[0] == '/')
        return pl_arena_strdup(a, v);
    return pl_arena_printf(a, "%s/%s", workdir, v);
}

static int env_true(const char *name)
{
    const char *v = getenv(name);
    return v && pl_gitcfg_bool(v) == 1;
}

const char *pl_gitignore_default_excludes(pl_arena *a)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        return pl_arena_printf(a, "%s/git/ignore", xdg);
    return home ? pl_arena_printf(a, "%s/.config/git/ignore", home) : NULL;
}

void pl_gitignore_sources_read(pl_arena *a, const char *workdir, const char *commondir,
                               pl_gitignore_sources *out)
{
    memset(out, 0, sizeof *out);
    out->workdir = workdir;
    core_keys *k = calloc(1, sizeof *k);
    if (!k)
        return;
    const char *home = getenv("HOME");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    char path[PATH_MAX];
    if (!env_true("GIT_CONFIG_NOSYSTEM")) {
        const char *sys = getenv("GIT_CONFIG_SYSTEM");
        read_config_file(sys ? sys : "/etc/gitconfig", k);
    }
    const char *global = getenv("GIT_CONFIG_GLOBAL");
    if (global) {
        read_config_file(global, k);
    } else {
        if (xdg && *xdg ? snprintf(path, sizeof path, "%s/git/config", xdg) < (int)sizeof path
                        : home && snprintf(path, sizeof path, "%s/.config/git/config", home) <
                                      (int)sizeof path)
            read_config_file(path, k);
        if (home && snprintf(path, sizeof path, "%s/.gitconfig", home) < (int)sizeof path)
            read_config_file(path, k);
    }
    if (commondir && snprintf(path, sizeof path, "%s/config", commondir) < (int)sizeof path)
        read_config_file(path, k);

    out->ignore_case = k->ignore_case;
    out->excludes_file = k->has_excludes_file ? expand_path(a, k->excludes_file, workdir)
                                              : pl_gitignore_default_excludes(a);
    if (commondir)
        out->info_exclude = pl_arena_printf(a, "%s/info/exclude", commondir);
    free(k);
}
