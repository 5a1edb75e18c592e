/* cmd_hook.c — `plimsoll hook install|uninstall`: the git pre-commit hook. */
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
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
        fputs("usage: plimsoll hook install|uninstall [--force]\n", stderr);
        return 2;
    }
    git_libgit2_init();
    git_repository *repo = NULL;
    git_buf hooks = {0};
    int rc = 2;
    if (git_repository_open_ext(&repo, ".", 0, NULL) != 0) {
        fputs("plimsoll hook: not inside a git repository\n", stderr);
        goto out;
    }
    if (git_repository_item_path(&hooks, repo, GIT_REPOSITORY_ITEM_HOOKS) != 0) {
        fputs("plimsoll hook: cannot find the hooks directory\n", stderr);
        goto out;
    }
    mkdir(hooks.ptr, 0755);
    char path[4096];
    snprintf(path, sizeof path, "%s%spre-commit", hooks.ptr,
             hooks.size && hooks.ptr[hooks.size - 1] == '/' ? "" : "/");
    int exists = access(path, F_OK) == 0;
    if (!strcmp(action, "uninstall")) {
        if (!exists) {
            printf("no pre-commit hook installed\n");
            rc = 0;
        } else if (!is_ours(path) && !force) {
            fprintf(stderr, "plimsoll hook: %s was not installed by plimsoll; use --force to remove it\n",
                    path);
        } else if (unlink(path) != 0) {
            perror(path);
        } else {
            printf("removed %s\n", path);
            rc = 0;
        }
        goto out;
    }
    if (exists && !is_ours(path) && !force) {
        fprintf(stderr, "plimsoll hook: %s already exists and was not installed by plimsoll; "
                        "use --force to replace it\n", path);
        goto out;
    }
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(hook_script, fp) == EOF) {
        perror(path);
        if (fp)
            fclose(fp);
        goto out;
    }
    fclose(fp);
    chmod(path, 0755);
    printf("installed %s\n", path);
    rc = 0;
out:
    git_buf_dispose(&hooks);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return rc;
}
