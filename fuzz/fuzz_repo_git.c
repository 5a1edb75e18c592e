/* fuzz_repo_git.c — libFuzzer target for the tracked-secret rules
 * (PL6001-PL6003). The input, minus its first byte, is staged in a scratch
 * repository under one of the names those rules read (the first byte picks
 * it), then discovery and the three rules run as `plimsoll` would. Every
 * finding must name the staged file and carry a position inside it and a
 * message. */
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plimsoll/discover.h"
#include "plimsoll/engine.h"
#include "plimsoll/git.h"
#include "plimsoll/workspace.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static git_repository *repo;
static char dir[PATH_MAX];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_repo(void)
{
    git_repository_free(repo);
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    git_libgit2_init();
    snprintf(dir, sizeof dir, "%s/plimsoll-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir) || git_repository_init(&repo, dir, 0) != 0)
        abort();
    atexit(remove_repo);
    return 0;
}

static const char *const names[] = {
    ".npmrc", ".netrc", ".pypirc", "sa.json", ".docker/config.json", ".aws/credentials",
    "k.pem", "s.key", "id_rsa", ".env", "app/prod.env", "credentials.json",
    "b.p12", "me.ppk", "sign.jwk",
};

static int count_lines(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *name = names[data[0] % (sizeof names / sizeof names[0])];
    git_index *idx;
    if (git_repository_index(&idx, repo) != 0)
        abort();
    git_index_clear(idx);
    git_index_entry e = {0};
    e.mode = GIT_FILEMODE_BLOB;
    e.path = name;
    if (git_index_add_from_buffer(idx, &e, data + 1, size - 1) != 0 || git_index_write(idx) != 0)
        abort();
    git_index_free(idx);

    const char *select[] = {"tracked-env-file", "tracked-private-key", "tracked-credentials-file"};
    const char *paths[] = {dir};
    pl_options o = {0};
    o.paths = paths;
    o.npaths = 1;
    o.select.items = select;
    o.select.n = 3;
    o.jobs = 1;
    pl_config cfg;
    pl_config_init(&cfg);
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0 || pl_discover(&ws, &err) != 0)
        __builtin_trap();
    pl_engine_run(&ws);

    int lines = count_lines(data + 1, size - 1);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s/%s", dir, name); /* the repository is elsewhere: absolute */
    for (int i = 0; i < ws.nfiles; i++) {
        const pl_file *f = ws.files[i];
        for (size_t k = 0; k < f->findings.len; k++) {
            const pl_finding *fd = f->findings.items[k];
            if (strcmp(fd->file, want) || !fd->message || !*fd->message || fd->span.line < 1 ||
                fd->span.col < 1 || fd->span.line > lines || fd->span.end_col < fd->span.col)
                __builtin_trap();
        }
        pl_arena_free(f->arena);
    }
    pl_git_close(ws.git);
    pl_arena_free(ws.arena);
    return 0;
}
