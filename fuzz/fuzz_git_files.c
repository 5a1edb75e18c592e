/* fuzz_git_files.c — what plimsoll reads of a repository without libgit2
 * (src/discover/git_files.c) on arbitrary bytes: the first byte picks the
 * index reader or the config reader. Every entry of an index that is read
 * must be a non-empty path inside the bytes or the rebuilt names, with a
 * stage of 0 to 3. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/discover/git_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1) {
        char *text = malloc(size);
        if (!text)
            return 0;
        memcpy(text, data + 1, size - 1);
        text[size - 1] = '\0';
        char *url = NULL;
        if (pl_gitf_parse_config(text, &url) != 0 && url)
            abort(); /* nothing is answered when libgit2 must be asked */
        free(url);
        free(text);
        return 0;
    }
    /* a copy of exactly the bytes: reading past them is caught */
    unsigned char *copy = malloc(size - 1 ? size - 1 : 1);
    if (!copy)
        return 0;
    memcpy(copy, data + 1, size - 1);
    pl_gitf_index ix;
    if (pl_gitf_parse_index(copy, size - 1, &ix) == 0) {
        for (size_t i = 0; i < ix.n; i++) {
            const pl_gitf_entry *e = &ix.entries[i];
            if (!e->path[0] || e->stage < 0 || e->stage > 3)
                abort();
            if ((const unsigned char *)e->oid < copy || (const unsigned char *)e->oid + 20 > copy + size - 1)
                abort();
        }
        pl_gitf_index_free(&ix);
    }
    free(copy);
    return 0;
}
