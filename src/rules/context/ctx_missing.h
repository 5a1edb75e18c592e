/* ctx_missing.h — what says a COPY source missing from the build context
 * is made or supplied before the build rather than forgotten (for
 * copy-source-missing, ctx_copy.c): a README beside the Dockerfile that
 * names it (a file to download first), a folder whose content git ignores
 * (a host-supplied `secrets/`), a Makefile, script or workflow of the
 * Dockerfile's directory or one above it that names it (a step writes it)
 * or, for a wildcard source (`*.proto`), copies files of the same
 * pattern into its folder (a `cp` of the .proto files of another folder). */
#ifndef PLIMSOLL_CTX_MISSING_H
#define PLIMSOLL_CTX_MISSING_H

#include "ctx_util.h"

/* The build sources above a Dockerfile, read once per check (in the
 * check's arena) however many of its sources are missing. Zeroed by the
 * caller. */
typedef struct {
    int loaded;
    const char **paths;
    const char **texts;
    size_t *lens;
    int n;
    /* the wildcards their cp/mv/install/rsync lines copy: the folder each
     * lands in (a display path), its name pattern, "path:line"; read once */
    int globs_loaded;
    const char **glob_dests, **glob_patterns, **glob_origins;
    int nglobs;
} pl_ctx_build_texts;

/* Why the missing source `s` is unknown rather than missing ("README.md
 * beside the Dockerfile names german.data: a file fetched before the
 * build"), or NULL when nothing says so. */
const char *pl_ctx_missing_supplied(pl_check *c, const pl_file *f, const pl_ctx_info *ci,
                                    const pl_ctx_source *s, pl_ctx_build_texts *bt);

#endif
