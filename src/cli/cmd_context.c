/* cmd_context.c — `plimsoll context [DIR] [-f DOCKERFILE] [--format
 * text|json]`: the build context `docker build -f DOCKERFILE DIR` would
 * send, after the ignore file BuildKit would pick: the files sent, what was
 * excluded and by which line, sizes, and the ignore file's bad patterns. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "plimsoll/context.h"
#include "plimsoll/discover.h"
#include "plimsoll/ignore.h"
#include "plimsoll/report.h"

#define TEXT_MAX_EXCLUDED 50
#define TEXT_LARGEST 10

static void usage(FILE *out)
{
    fputs("usage: plimsoll context [DIR] [-f DOCKERFILE] [--format text|json]\n"
          "Shows the build context `docker build -f DOCKERFILE DIR` would send: the files,\n"
          "their total size, and what the .dockerignore excluded, by which line.\n"
          "DIR defaults to the current directory, DOCKERFILE to DIR/Dockerfile.\n"
          "Then lists the build units under DIR: each Dockerfile with the context, target\n"
          "and args it is built with, and the workflow, bake file, Makefile, compose file\n"
          "or config that says so.\n",
          out);
}

/* As the report shows paths: relative to the current directory, clean. */
static const char *shown(pl_arena *a, const char *path)
{
    const char *p = pl_display_path(a, path);
    if (p[0] == '/') {
        char cwd[PATH_MAX], real[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) && realpath(path, real) && !strcmp(cwd, real))
            return ".";
    }
    return pl_ignore_clean(a, p);
}

static int is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *join(pl_arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    return pl_arena_printf(a, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* A pattern line as written, without surrounding blanks. */
static const char *pattern_text(pl_arena *a, const pl_ignorefile *ign, int i)
{
    if (!ign || i < 0 || i >= ign->npatterns)
        return NULL;
    const pl_ignore_pattern *p = &ign->patterns[i];
    const char *s = p->raw && p->col >= 1 && (size_t)p->col <= strlen(p->raw) ? p->raw + p->col - 1
                                                                               : p->pattern;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return pl_arena_strndup(a, s, n);
}

static int is_dir_below(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !strncmp(path, dir, n) && path[n] == '/';
}

/* The excluded list with what lies below a listed excluded directory left
 * out: a directory is listed once, not every file under it. */
static const pl_ctx_excluded **top_excluded(pl_arena *a, const pl_context *ctx, size_t *n)
{
    const pl_ctx_excluded **v = PL_NEW_N(a, const pl_ctx_excluded *, ctx->nexcluded + 1);
    const char *open_dir = NULL;
    *n = 0;
    for (size_t i = 0; i < ctx->nexcluded; i++) {
        const pl_ctx_excluded *x = &ctx->excluded[i];
        if (open_dir && is_dir_below(x->path, open_dir))
            continue;
        open_dir = x->kind == PL_CTX_DIR ? x->path : NULL;
        v[(*n)++] = x;
    }
    return v;
}

static int sent_file(const pl_ctx_entry *e)
{
    return e->kind == PL_CTX_FILE || e->kind == PL_CTX_SYMLINK;
}

typedef struct {
    const char *context, *dockerfile, *ignorefile;
    const pl_ignorefile *ignore;
    const pl_context *ctx;
    size_t file_count;
    unsigned long long total_size;
    const pl_report *units; /* how the Dockerfiles under the directory are built */
} view;

static void print_json(pl_arena *a, const view *v)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "context", v->context);
    if (v->dockerfile)
        cJSON_AddStringToObject(root, "dockerfile", v->dockerfile);
    else
        cJSON_AddNullToObject(root, "dockerfile");
    if (v->ignorefile)
        cJSON_AddStringToObject(root, "ignorefile", v->ignorefile);
    else
        cJSON_AddNullToObject(root, "ignorefile");
    cJSON *files = cJSON_AddArrayToObject(root, "files");
    for (size_t i = 0; i < v->ctx->nfiles; i++) {
        const pl_ctx_entry *e = &v->ctx->files[i];
        if (!sent_file(e))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", e->path);
        cJSON_AddNumberToObject(o, "size", (double)e->size);
        cJSON_AddItemToArray(files, o);
    }
    cJSON *excluded = cJSON_AddArrayToObject(root, "excluded");
    size_t nx;
    const pl_ctx_excluded **xs = top_excluded(a, v->ctx, &nx);
    for (size_t i = 0; i < nx; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", xs[i]->path);
        const char *pat = pattern_text(a, v->ignore, xs[i]->pattern);
        if (pat) {
            cJSON_AddStringToObject(o, "pattern", pat);
            cJSON_AddNumberToObject(o, "line", v->ignore->patterns[xs[i]->pattern].line);
        } else {
            cJSON_AddNullToObject(o, "pattern");
            cJSON_AddNullToObject(o, "line");
        }
        cJSON_AddItemToArray(excluded, o);
    }
    cJSON_AddNumberToObject(root, "file_count", (double)v->file_count);
    cJSON_AddNumberToObject(root, "total_size", (double)v->total_size);
    cJSON *diags = cJSON_AddArrayToObject(root, "diagnostics");
    const pl_diag_list *lists[2] = {v->ignore ? &v->ignore->diags : NULL, &v->ctx->diags};
    for (int l = 0; l < 2; l++)
        for (const pl_diag *d = lists[l] ? lists[l]->head : NULL; d; d = d->next) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "line", d->span.line);
            cJSON_AddNumberToObject(o, "column", d->span.col);
            cJSON_AddStringToObject(o, "message", d->message);
            cJSON_AddItemToArray(diags, o);
        }
    cJSON_AddItemToObject(root, "build_units", pl_report_units_json(v->units));
    char *s = cJSON_PrintUnformatted(root);
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    cJSON_Delete(root);
}

/* Decimal units, as docker prints the context size. */
static const char *human(pl_arena *a, unsigned long long bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    if (bytes < 1000)
        return pl_arena_printf(a, "%llu B", bytes);
    double x = (double)bytes;
    int u = 0;
    while (x >= 999.95 && u < 5) {
        x /= 1000.0;
        u++;
    }
    return pl_arena_printf(a, x < 9.95 ? "%.1f %s" : "%.0f %s", x, units[u]);
}

static const pl_ctx_entry *const *largest(pl_arena *a, const pl_context *ctx, size_t *n)
{
    const pl_ctx_entry **top = PL_NEW_N(a, const pl_ctx_entry *, TEXT_LARGEST);
    *n = 0;
    for (size_t i = 0; i < ctx->nfiles; i++) {
        const pl_ctx_entry *e = &ctx->files[i];
        if (e->kind != PL_CTX_FILE)
            continue;
        /* insertion into a short list kept biggest first (walk order on ties) */
        size_t k = *n;
        if (k == TEXT_LARGEST) {
            if (e->size <= top[k - 1]->size)
                continue;
            k--;
        } else {
            (*n)++;
        }
        while (k > 0 && top[k - 1]->size < e->size) {
            top[k] = top[k - 1];
            k--;
        }
        top[k] = e;
    }
    return top;
}

/* Each build unit: the Dockerfile, its context, target and args, and what
 * says it is built so. */
static void print_units(const pl_report *r)
{
    printf("build units %d\n", r->nunits);
    for (int i = 0; i < r->nunits; i++) {
        const pl_report_unit *u = &r->units[i];
        printf("  %s  context %s", u->dockerfile, u->context);
        if (u->target)
            printf("  target %s", u->target);
        else if (u->target_unknown)
            printf("  target (not known statically)");
        for (int k = 0; k < u->nargs; k++)
            printf("%s%s=%s", k ? " " : "  args ", u->arg_names[k],
                   u->arg_values[k] ? u->arg_values[k] : "(not known statically)");
        printf("\n    %s\n", u->evidence);
    }
}

static void print_text(pl_arena *a, const view *v)
{
    printf("context     %s\n", v->context);
    printf("dockerfile  %s\n", v->dockerfile ? v->dockerfile : "(none)");
    if (v->ignore)
        printf("ignorefile  %s (%d pattern%s)\n", v->ignorefile, v->ignore->npatterns,
               v->ignore->npatterns == 1 ? "" : "s");
    else
        printf("ignorefile  (none)\n");
    printf("sent        %zu file%s, %s\n", v->file_count, v->file_count == 1 ? "" : "s",
           human(a, v->total_size));
    size_t nx;
    const pl_ctx_excluded **xs = top_excluded(a, v->ctx, &nx);
    printf("excluded    %zu path%s\n", nx, nx == 1 ? "" : "s");
    for (size_t i = 0; i < nx && i < TEXT_MAX_EXCLUDED; i++) {
        const char *pat = pattern_text(a, v->ignore, xs[i]->pattern);
        const char *path = xs[i]->kind == PL_CTX_DIR ? pl_arena_printf(a, "%s/", xs[i]->path)
                                                     : xs[i]->path;
        if (pat)
            printf("  %-40s line %d: %s\n", path, v->ignore->patterns[xs[i]->pattern].line, pat);
        else
            printf("  %s\n", path);
    }
    if (nx > TEXT_MAX_EXCLUDED)
        printf("  ... and %zu more (--format json lists them all)\n", nx - TEXT_MAX_EXCLUDED);
    size_t nl;
    const pl_ctx_entry *const *top = largest(a, v->ctx, &nl);
    if (nl) {
        printf("largest files\n");
        for (size_t i = 0; i < nl; i++)
            printf("  %8s  %s\n", human(a, (unsigned long long)top[i]->size), top[i]->path);
    }
    int header = 0;
    const pl_diag_list *lists[2] = {v->ignore ? &v->ignore->diags : NULL, &v->ctx->diags};
    for (int l = 0; l < 2; l++)
        for (const pl_diag *d = lists[l] ? lists[l]->head : NULL; d; d = d->next) {
            if (!header++)
                printf("diagnostics\n");
            if (l == 0)
                printf("  %s:%d:%d: %s\n", v->ignorefile, d->span.line, d->span.col, d->message);
            else
                printf("  %s\n", d->message);
        }
    print_units(v->units);
}

int pl_cmd_context(int argc, char **argv)
{
    const char *dir = NULL, *dockerfile = NULL, *format = "text";
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(arg, "-f") || !strcmp(arg, "--file")) && i + 1 < argc) {
            dockerfile = argv[++i];
        } else if (!strncmp(arg, "--file=", 7)) {
            dockerfile = arg + 7;
        } else if (!strcmp(arg, "--format") && i + 1 < argc) {
            format = argv[++i];
        } else if (!strncmp(arg, "--format=", 9)) {
            format = arg + 9;
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "plimsoll context: unknown or incomplete option '%s'\n", arg);
            usage(stderr);
            return 2;
        } else if (!dir) {
            dir = arg;
        } else {
            fprintf(stderr, "plimsoll context: unexpected argument '%s'\n", arg);
            return 2;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        fprintf(stderr, "plimsoll context: unknown format '%s' (text or json)\n", format);
        return 2;
    }
    if (!dir)
        dir = ".";
    struct stat st;
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "plimsoll: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "plimsoll: %s: not a directory\n", dir);
        return 2;
    }
    pl_arena *a = pl_arena_new();
    if (dockerfile) {
        if (!is_regular(dockerfile)) {
            fprintf(stderr, "plimsoll: %s: %s\n", dockerfile,
                    access(dockerfile, F_OK) == 0 ? "not a regular file" : strerror(errno));
            pl_arena_free(a);
            return 2;
        }
    } else if (is_regular(join(a, dir, "Dockerfile"))) {
        dockerfile = join(a, dir, "Dockerfile");
    } else if (is_regular(join(a, dir, "dockerfile"))) {
        dockerfile = join(a, dir, "dockerfile");
    }

    view v = {0};
    v.context = shown(a, dir);
    v.dockerfile = dockerfile ? shown(a, dockerfile) : NULL;
    const char *ignore_path = NULL;
    if (pl_context_ignore_path(a, dir, dockerfile, &ignore_path))
        v.ignorefile = shown(a, ignore_path);
    pl_ignorefile *ign = NULL;
    if (pl_context_load_ignore(a, dir, dockerfile, &ign) != 0) {
        fprintf(stderr, "plimsoll: %s: cannot read\n", v.ignorefile ? v.ignorefile : ".dockerignore");
        pl_arena_free(a);
        return 2;
    }
    if (ign)
        ign->path = v.ignorefile;
    v.ignore = ign;
    pl_context *ctx;
    if (pl_context_walk(a, dir, ign, &ctx) != 0) {
        const pl_diag *d = ctx->diags.head;
        fprintf(stderr, "plimsoll: %s\n", d ? d->message : "cannot read the build context");
        pl_arena_free(a);
        return 2;
    }
    v.ctx = ctx;
    pl_report units;
    if (pl_cli_context_units(a, dir, &units) != 0) {
        pl_arena_free(a);
        return 2;
    }
    v.units = &units;
    for (size_t i = 0; i < ctx->nfiles; i++)
        if (sent_file(&ctx->files[i])) {
            v.file_count++;
            v.total_size += (unsigned long long)ctx->files[i].size;
        }
    if (!strcmp(format, "json"))
        print_json(a, &v);
    else
        print_text(a, &v);
    pl_arena_free(a);
    return 0;
}
