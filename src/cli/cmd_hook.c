/* cmd_hook.c — `plimsoll hook install|uninstall`: the git pre-commit hook.
 * A hook plimsoll wrote carries a marker line; any other hook is someone
 * else's: install replaces it only with --force, uninstall never removes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "plimsoll/libgit2.h"
#include "plimsoll/arena.h"

#define HOOK_MARKER "# installed by plimsoll hook install"

static const char hook_script[] =
    "#!/bin/sh\n" HOOK_MARKER "\n"
    "# Checks what is staged for this commit; remove with `plimsoll hook uninstall`.\n"
    "if ! command -v plimsoll >/dev/null 2>&1; then\n"
    "    echo 'plimsoll is not on PATH; skipping the container checks' >&2\n"
    "    exit 0\n"
    "fi\n"
    "exec plimsoll check --staged --quiet\n";

static int is_ours(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return strstr(buf, HOOK_MARKER) != NULL;
}

/* The directory git runs hooks from: core.hooksPath when set (relative to
 * the working directory, as git takes it), else the hooks folder of the
 * repository's common directory. */
static const char *hooks_dir(pl_arena *a, git_repository *repo)
{
    git_config *cfg = NULL;
    git_buf custom = {0};
    const char *dir = NULL;
    if (git_repository_config_snapshot(&cfg, repo) == 0 &&
        git_config_get_path(&custom, cfg, "core.hooksPath") == 0 && custom.size) {
        const char *wd = git_repository_workdir(repo);
        dir = custom.ptr[0] == '/' || !wd ? pl_arena_strdup(a, custom.ptr)
                                          : pl_arena_printf(a, "%s%s", wd, custom.ptr);
    }
    git_buf_dispose(&custom);
    git_config_free(cfg);
    if (dir)
        return dir;
    git_buf hooks = {0};
    if (git_repository_item_path(&hooks, repo, GIT_REPOSITORY_ITEM_HOOKS) == 0)
        dir = pl_arena_strdup(a, hooks.ptr);
    git_buf_dispose(&hooks);
    return dir;
}

/* Writes the hook beside its final name, then renames it into place, so a
 * failed write never leaves half a hook. */
static int write_hook(pl_arena *a, const char *path)
{
    const char *tmp = pl_arena_printf(a, "%s.plimsoll-tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    if (fd < 0) {
        fprintf(stderr, "plimsoll hook: %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    size_t len = sizeof hook_script - 1;
    int ok = write(fd, hook_script, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok || chmod(tmp, 0755) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "plimsoll hook: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int install(pl_arena *a, const char *path, int force)
{
    struct stat st;
    int exists = lstat(path, &st) == 0;
    if (exists && !is_ours(path) && !force) {
        fprintf(stderr,
                "plimsoll hook: %s already exists and was not installed by plimsoll; "
                "use --force to replace it\n",
                path);
        return 2;
    }
    if (write_hook(a, path) != 0)
        return 2;
    printf("%s %s\n", exists ? "replaced" : "installed", path);
    return 0;
}

static int uninstall(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        printf("no pre-commit hook installed\n");
        return 0;
    }
    if (!is_ours(path)) {
        fprintf(stderr, "plimsoll hook: %s was not installed by plimsoll; left in place\n", path);
        return 2;
    }
    if (unlink(path) != 0) {
        fprintf(stderr, "plimsoll hook: %s: %s\n", path, strerror(errno));
        return 2;
    }
    printf("removed %s\n", path);
    return 0;
}

int pl_cmd_hook(int argc, char **argv)
{
    const char *action = argc > 1 ? argv[1] : NULL;
    int force = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--force"))
            force = 1;
        else {
            fprintf(stderr, "plimsoll hook: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!action || (strcmp(action, "install") && strcmp(action, "uninstall"))) {
        fputs("usage: plimsoll hook install [--force] | plimsoll hook uninstall\n", stderr);
        return 2;
    }
    if (!pl_libgit2_available()) {
        fputs("plimsoll hook: libgit2 could not be loaded\n", stderr);
        return 2;
    }
    pl_arena *a = pl_arena_new();
    git_repository *repo = NULL;
    int rc = 2;
    const char *dir;
    if (git_repository_open_ext(&repo, ".", 0, NULL) != 0 || git_repository_is_bare(repo)) {
        fputs("plimsoll hook: not inside a git working tree\n", stderr);
    } else if (!(dir = hooks_dir(a, repo))) {
        fputs("plimsoll hook: cannot find the hooks directory\n", stderr);
    } else {
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            fprintf(stderr, "plimsoll hook: %s: %s\n", dir, strerror(errno));
        size_t n = strlen(dir);
        const char *path = pl_arena_printf(a, "%s%spre-commit", dir, n && dir[n - 1] == '/' ? "" : "/");
        rc = !strcmp(action, "install") ? install(a, path, force) : uninstall(path);
    }
    git_repository_free(repo);
    pl_arena_free(a);
    return rc;
}
