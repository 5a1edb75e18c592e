/* fuzz_gitignore.c — git ignore files (plimsoll/gitignore.h) on arbitrary
 * bytes: the list parser, the matcher and the [core] config reader.
 *
 * The input is split at the first NUL byte: before it, the ignore file
 * (also read as a git config file); after it, NUL-separated paths to match
 * (a few defaults when there are none). Each line is also compiled as a
 * glob of its own, with and without case folding, and matched against the
 * paths and against itself: a line without glob characters must match
 * itself, which checks the literal shortcut against the state machine.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/gitignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void match_all(const pl_gi_list *l, const char *path)
{
    int r = pl_gi_list_match(l, path, 0);
    int d = pl_gi_list_match(l, path, 1);
    if (r < -1 || r > 1 || d < -1 || d > 1)
        abort();
    /* a pattern only for directories never decides for a file where it
     * would not for a directory */
    if (r == 1 && d == -1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t file_len = nul ? (size_t)(nul - text) : size;

    pl_arena *a = pl_arena_new();
    pl_gi_list *plain = pl_gi_list_parse(a, text, file_len, 0);
    pl_gi_list *folded = pl_gi_list_parse(a, text, file_len, 1);
    pl_gitignore_core core;
    memset(&core, 0, sizeof core);
    pl_gitignore_read_core(text, file_len, &core);
    if (core.has_excludes_file && !memchr(core.excludes_file, '\0', sizeof core.excludes_file))
        abort();

    char *paths = malloc(size + 1);
    memcpy(paths, text, size);
    paths[size] = '\0';
    const char *list[64];
    size_t n = 0;
    if (nul)
        for (size_t i = file_len + 1; i < size && n < 64; i += strlen(paths + i) + 1)
            list[n++] = paths + i;
    if (!n) {
        static const char *const defaults[] = {"a", "a/b/c", "build", "x.log", "node_modules/p/i.js",
                                               "doc/a.md", "#x", "!y", "A/B", "\xCE\xB1/\xFF"};
        for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
            list[n++] = defaults[i];
    }
    for (size_t i = 0; i < n; i++) {
        match_all(plain, list[i]);
        match_all(folded, list[i]);
    }

    /* each line as a glob of its own */
    size_t lines = 0;
    for (size_t pos = 0; pos < file_len && lines < 32; lines++) {
        const char *s = paths + pos;
        const char *eol = memchr(s, '\n', file_len - pos);
        size_t len = eol ? (size_t)(eol - s) : file_len - pos;
        pos += len + 1;
        for (int fold = 0; fold < 2; fold++) {
            pl_wm_pattern *w = pl_wm_compile(a, s, len, 0, fold);
            pl_wm_pattern *b = pl_wm_compile(a, s, len, len / 2, fold);
            for (size_t i = 0; i < n; i++) {
                (void)pl_wm_match(w, list[i], strlen(list[i]));
                (void)pl_wm_match(b, list[i], strlen(list[i]));
            }
            int special = 0;
            for (size_t i = 0; i < len && !special; i++)
                special = s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '\\';
            if (!special && !pl_wm_match(w, s, len))
                abort();
        }
    }

    free(paths);
    pl_arena_free(a);
    return 0;
}
