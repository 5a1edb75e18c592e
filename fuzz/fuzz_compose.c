/* fuzz_compose.c — the compose loader on arbitrary project files.
 *
 * The input is split at NUL bytes into compose.yaml, compose.override.yaml,
 * .env and lib.yaml (a target for include and extends), written to a
 * private directory, and loaded as `docker compose` in it would. Checks:
 * every node of the merged tree names a file and a position, the walk is
 * bounded, and the counts of diagnostics agree with the lists. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plimsoll/arena.h"
#include "plimsoll/compose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void write_part(const char *name, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    fwrite(p, 1, n, fp);
    fclose(fp);
}

static size_t walk(const pl_ynode *n, int depth, size_t budget)
{
    if (!n || depth > 600 || budget == 0)
        abort();
    if (!n->file || n->span.line < 1)
        abort();
    size_t used = 1;
    if (n->kind == PL_YAML_SEQ)
        for (int i = 0; i < n->nitems && used < budget; i++)
            used += walk(n->items[i], depth + 1, budget - used);
    if (n->kind == PL_YAML_MAP)
        for (int i = 0; i < n->npairs && used < budget; i++) {
            used += walk(n->pairs[i].key, depth + 1, budget - used);
            if (used < budget)
                used += walk(n->pairs[i].value, depth + 1, budget - used);
        }
    return used;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        strcpy(dir, "/tmp/fuzz-compose-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    static const char *const names[] = {"compose.yaml", "compose.override.yaml", ".env", "lib.yaml"};
    size_t start = 0;
    for (int i = 0; i < 4; i++) {
        const uint8_t *nul = start < size ? memchr(data + start, 0, size - start) : NULL;
        size_t end = nul ? (size_t)(nul - data) : size;
        write_part(names[i], data + start, start < size ? end - start : 0);
        start = end < size ? end + 1 : size;
    }
    static const char *const environ_fuzz[] = {"TAG=1", "EMPTY=", NULL};
    pl_compose_options o = {0};
    o.project_dir = dir;
    o.environ = environ_fuzz;
    pl_yaml_limits lim = {20000, 64};
    o.limits = &lim;
    pl_arena *a = pl_arena_new();
    pl_compose *c = pl_compose_load(a, &o);
    if (!c->root || c->root->kind != PL_YAML_MAP)
        abort();
    /* the merged tree is a DAG: visit at most a bounded number of nodes */
    if (c->root->npairs > 0)
        (void)walk(c->root, 0, 200000);
    int errors = 0, warnings = 0;
    for (int i = -1; i < c->nfiles; i++) {
        const pl_compose_file *f = i < 0 ? c->project : c->files[i];
        for (const pl_diag *d = f->diags.head; d; d = d->next) {
            if (!d->rule || !d->message)
                abort();
            errors += d->level == PL_DIAG_ERROR;
            warnings += d->level == PL_DIAG_WARNING;
        }
    }
    if (errors != c->errors || warnings != c->warnings)
        abort();
    for (int i = 0; i < c->nservices; i++)
        if (!pl_compose_service_get(c, c->services[i].name))
            abort();
    pl_strbuf sb;
    pl_sb_init(&sb, a);
    pl_compose_dump_json(c, &sb);
    pl_arena_free(a);
    return 0;
}
