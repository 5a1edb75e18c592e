/* fuzz_buildsrc.c — the build-source readers (workflows, GitLab CI, bake
 * HCL/JSON, Makefiles, scripts, CircleCI, devcontainer.json) on arbitrary bytes. The first byte picks
 * the reader; every spec must have sane positions. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "plimsoll/buildsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const paths[] = {".github/workflows/ci.yml", ".gitlab-ci.yml",
                                        "docker-bake.json", "docker-bake.hcl", "Makefile",
                                        "build.sh", ".circleci/config.yml",
                                        ".devcontainer/devcontainer.json"};
    int k = data[0] % 8;
    pl_arena *a = pl_arena_new();
    pl_vec out = {0};
    pl_diag_list diags = {0};
    pl_buildsrc_read(a, (pl_bsrc_kind)k, paths[k], (const char *)data + 1, size - 1, ".", &out,
                     &diags);
    for (size_t i = 0; i < out.len; i++) {
        const pl_unit_spec *s = out.items[i];
        if (s->origin_span.line < 0 || s->origin_span.col < 0 || s->nargs < 0)
            abort();
    }
    pl_arena_free(a);
    return 0;
}
