/* fuzz_rules.h — what the rule-family fuzz targets share: run a chosen set
 * of rules on an arbitrary Dockerfile (or compose file) through the whole engine and stop on
 * any finding without a real position or a message. */
#ifndef PLIMSOLL_FUZZ_RULES_H
#define PLIMSOLL_FUZZ_RULES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/config.h"
#include "plimsoll/engine.h"
#include "plimsoll/workspace.h"

typedef struct {
    const char *const *ids; /* the rules to run */
    int nids;
    const char *const *build_args;
    int nbuild_args;
    const char *config_yaml; /* NULL: every default */
    const char *fs_path;     /* where the file "is" (its build context); may be NULL */
    pl_file_kind kind;       /* 0: a Dockerfile */
} fuzz_rules_setup;

/* A build argument taken from the input's first line ("NAME=VALUE"), so
 * ARG overrides are exercised too; NULL when the line is not one. */
static inline const char *fuzz_first_line_build_arg(const uint8_t *data, size_t size, char buf[64])
{
    const uint8_t *nl = memchr(data, '\n', size < 63 ? size : 63);
    if (!nl || !memchr(data, '=', (size_t)(nl - data)))
        return NULL;
    memcpy(buf, data, (size_t)(nl - data));
    buf[nl - data] = '\0';
    return strlen(buf) == (size_t)(nl - data) ? buf : NULL;
}

static inline int fuzz_rules_run(const uint8_t *data, size_t size, const fuzz_rules_setup *s)
{
    pl_options o = {0};
    o.select.items = (const char **)s->ids;
    o.select.n = s->nids;
    o.build_args.items = (const char **)s->build_args;
    o.build_args.n = s->nbuild_args;
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    pl_config cfg;
    pl_config_init(&cfg);
    pl_diag_list diags = {0};
    if (s->config_yaml &&
        pl_config_parse(ws.arena, "fuzz.yaml", s->config_yaml, strlen(s->config_yaml), &cfg, &diags) != 0)
        abort();
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0)
        abort();

    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = s->kind == PL_KIND_COMPOSE ? "compose.yaml" : "Dockerfile";
    f.fs_path = s->fs_path;
    f.kind = s->kind;
    f.report = 1;
    f.ws = &ws;
    f.data = (const char *)data;
    f.len = size;
    pl_engine_check_file(&f);

    int lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    for (size_t i = 0; i < f.findings.len; i++) {
        const pl_finding *fd = f.findings.items[i];
        if (!fd->message || !fd->message[0] || fd->span.line < 1 || fd->span.line > lines ||
            fd->span.col < 1 || fd->span.end_line < fd->span.line)
            abort();
    }
    pl_arena_free(f.arena);
    pl_arena_free(ws.arena);
    return 0;
}

#endif
