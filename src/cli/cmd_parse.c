/* cmd_parse.c — `plimsoll parse FILE [--kind KIND] --dump json|buildkit`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plimsoll/discover.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/requirements.h"
#include "plimsoll/workspace.h"

int pl_cmd_parse(int argc, char **argv)
{
    const char *file = NULL, *dump = "json", *kind = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--kind") && i + 1 < argc)
            kind = argv[++i];
        else if (!strncmp(argv[i], "--kind=", 7))
            kind = argv[i] + 7;
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!strncmp(argv[i], "--dump=", 7))
            dump = argv[i] + 7;
        else if (!file)
            file = argv[i];
        else {
            fprintf(stderr, "plimsoll parse: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!file || (strcmp(dump, "json") && strcmp(dump, "buildkit"))) {
        fputs("usage: plimsoll parse FILE [--kind dockerfile|requirements] --dump json|buildkit\n", stderr);
        return 2;
    }
    pl_file_kind k = PL_KIND_DOCKERFILE;
    if (kind ? pl_kind_parse(kind, &k) != 0 || (k != PL_KIND_DOCKERFILE && k != PL_KIND_REQUIREMENTS)
             : 0) {
        fprintf(stderr, "plimsoll parse: cannot dump kind '%s' (dockerfile, requirements)\n", kind);
        return 2;
    }
    if (k == PL_KIND_REQUIREMENTS && strcmp(dump, "json")) {
        fputs("plimsoll parse: requirements files dump as json only\n", stderr);
        return 2;
    }
    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = file;
    f.fs_path = strcmp(file, "-") ? file : NULL;
    if (!f.fs_path) {
        pl_strbuf sb;
        pl_sb_init(&sb, f.arena);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            pl_sb_append(&sb, buf, n);
        f.data = pl_sb_str(&sb);
        f.len = sb.len;
    }
    pl_discover_read(&f);
    if (f.read_error) {
        perror(file);
        pl_arena_free(f.arena);
        return 2;
    }
    if (k == PL_KIND_REQUIREMENTS) {
        pl_strbuf out;
        pl_sb_init(&out, f.arena);
        pl_reqfile *rf = pl_req_parse(f.arena, file, f.data, f.len);
        pl_req_dump_json(rf, &out);
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        for (const pl_diag *d = rf->diags.head; d; d = d->next)
            fprintf(stderr, "%s:%d:%d: %s: %s\n", file, d->span.line, d->span.col,
                    d->level == PL_DIAG_ERROR ? "error" : "warning", d->message);
        int rc = rf->diags.errors ? 1 : 0;
        pl_arena_free(f.arena);
        return rc;
    }
    pl_dockerfile *df = pl_dockerfile_parse(f.arena, file, f.data, f.len);
    pl_strbuf out;
    pl_sb_init(&out, f.arena);
    int rc = 0;
    if (!strcmp(dump, "buildkit")) {
        if (df->rejected) {
            for (const pl_diag *d = df->diags.head; d; d = d->next)
                if (d->level == PL_DIAG_ERROR)
                    fprintf(stderr, "%s:%d:%d: %s\n", file, d->span.line, d->span.col, d->message);
            rc = 1;
        } else {
            pl_dockerfile_dump_buildkit(df, &out);
        }
    } else {
        pl_dockerfile_dump_json(df, &out);
    }
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    pl_arena_free(f.arena);
    return rc;
}
