/* cmd_parse.c — `plimsoll parse FILE [--kind KIND] --dump json|buildkit`;
 * `--kind compose` takes a file or a directory and prints the loaded compose
 * project (merged, interpolated, each value with its file:line:col). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "plimsoll/compose.h"
#include "plimsoll/discover.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/envfile.h"
#include "plimsoll/workspace.h"

extern char **environ;

/* A file is loaded as `docker compose -f FILE` would; a directory as
 * `docker compose` run in it (compose.yaml and its override). */
static int parse_compose(const char *path, const char *const *env_files, int nenv)
{
    struct stat st;
    int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    pl_compose_options o = {0};
    o.project_dir = is_dir ? path : NULL;
    o.files = is_dir ? NULL : &path;
    o.nfiles = is_dir ? 0 : 1;
    o.env_files = env_files;
    o.nenv_files = nenv;
    o.environ = (const char *const *)environ;
    pl_arena *a = pl_arena_new();
    pl_compose *c = pl_compose_load(a, &o);
    pl_strbuf out;
    pl_sb_init(&out, a);
    pl_compose_dump_json(c, &out);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    int rc = c->errors ? 1 : 0;
    pl_arena_free(a);
    return rc;
}

int pl_cmd_parse(int argc, char **argv)
{
    const char *file = NULL, *dump = "json", *kind = "dockerfile";
    const char *env_files[64];
    int nenv = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!strncmp(argv[i], "--dump=", 7))
            dump = argv[i] + 7;
        else if (!strcmp(argv[i], "--kind") && i + 1 < argc)
            kind = argv[++i];
        else if (!strncmp(argv[i], "--kind=", 7))
            kind = argv[i] + 7;
        else if (!strcmp(argv[i], "--env-file") && i + 1 < argc && nenv < 64)
            env_files[nenv++] = argv[++i];
        else if (!file)
            file = argv[i];
        else {
            fprintf(stderr, "plimsoll parse: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (file && !strcmp(kind, "compose") && !strcmp(dump, "json"))
        return parse_compose(file, env_files, nenv);
    int envfile = !strcmp(kind, "envfile");
    if (!file || (strcmp(dump, "json") && strcmp(dump, "buildkit")) ||
        (strcmp(kind, "dockerfile") && !envfile) || (envfile && strcmp(dump, "json"))) {
        fputs("usage: plimsoll parse FILE [--kind dockerfile|envfile] --dump json|buildkit\n"
              "       plimsoll parse FILE|DIR --kind compose [--env-file F]... --dump json\n",
              stderr);
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
    pl_strbuf out;
    pl_sb_init(&out, f.arena);
    if (envfile) {
        pl_envfile_dump_json(pl_envfile_parse(f.arena, file, f.data, f.len, NULL), &out);
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        pl_arena_free(f.arena);
        return 0;
    }
    pl_dockerfile *df = pl_dockerfile_parse(f.arena, file, f.data, f.len);
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
