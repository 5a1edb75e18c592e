/* fuzz_ignore.c — .dockerignore reading and matching on arbitrary bytes.
 *
 * The input is split at the first NUL byte: before it, the ignore file;
 * after it, NUL-separated paths to match (a few defaults when there are
 * none). Every pattern is also tried on its own, and each path through the
 * walker's incremental form, so the automaton, the RE2 route and Go's
 * Clean/Match all see the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/arena.h"
#include "plimsoll/ignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void match_path(const pl_ignorefile *f, const char *path, unsigned char *scratch)
{
    int deciding;
    int excluded = pl_ignore_match(f, path, &deciding);
    if (deciding < -1 || deciding >= f->npatterns || (excluded && deciding < 0))
        abort();
    for (int i = 0; i < f->npatterns; i++)
        (void)pl_ignore_pattern_matches(f, i, path);
    (void)pl_ignore_match_parent_results(f, path, NULL, scratch, &deciding);
    (void)pl_ignore_match_parent_results(f, path, scratch, NULL, &deciding);
    if (f->npatterns > 0)
        (void)pl_ignore_fnmatch(f->patterns[0].pattern, path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t file_len = nul ? (size_t)(nul - text) : size;

    pl_arena *a = pl_arena_new();
    pl_ignorefile *f = pl_ignore_parse(a, ".dockerignore", text, size);
    unsigned char *scratch = calloc((size_t)f->npatterns + 1, 1);
    pl_ignorefile *g = pl_ignore_parse(a, ".dockerignore", text, file_len);

    char *paths = malloc(size + 1);
    memcpy(paths, text, size);
    paths[size] = '\0';
    int any = 0;
    if (nul) {
        for (size_t i = file_len + 1; i < size;) {
            const char *p = paths + i;
            size_t n = strlen(p);
            match_path(g, p, scratch);
            any = 1;
            i += n + 1;
        }
    }
    if (!any) {
        static const char *const defaults[] = {"a", "a/b/c", "docs/README.md", ".", "/x", "x/",
                                               "node_modules/p/i.js", "\xCE\xB1/\xFF"};
        for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
            match_path(g, defaults[i], scratch);
    }
    /* each line as a pattern list of its own, and the file's text as a path */
    for (int i = 0; i < f->npatterns && i < 64; i++) {
        const char *one = f->patterns[i].raw;
        pl_ignorefile *h = pl_ignore_from_patterns(a, &one, 1);
        (void)pl_ignore_match(h, paths, NULL);
    }
    (void)pl_ignore_clean(a, paths);

    free(paths);
    free(scratch);
    pl_arena_free(a);
    return 0;
}
