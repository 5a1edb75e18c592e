/* fuzz_context_rules.c — the build-context rules on arbitrary Dockerfiles
 * and ignore files, against a small fixed tree.
 *
 * The input is split at the first NUL byte: before it, the Dockerfile;
 * after it, the .dockerignore (written into the tree for this run). The
 * tree is made once per process under /tmp: plain files, a nested
 * directory, a symlink, a virtualenv, a secret-looking file. Every context
 * and .dockerignore rule runs, so COPY source resolution (wildcards,
 * --parents, --exclude, bind mounts, expansion) and the ignore-file lint
 * see the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/engine.h"
#include "plimsoll/rule.h"
#include "plimsoll/workspace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void put(const char *rel, const char *content)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *fp = fopen(p, "wb");
    if (!fp)
        abort();
    fwrite(content, 1, strlen(content), fp);
    fclose(fp);
}

static void make_tree(void)
{
    snprintf(root, sizeof root, "/tmp/plimsoll-fuzz-ctx-%d", (int)getpid());
    char p[256];
    static const char *const dirs[] = {"", "/src", "/src/lib", "/docs", "/.venv", "/node_modules",
                                       "/tests"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s%s", root, dirs[i]);
        mkdir(p, 0755);
    }
    put("Dockerfile", "FROM alpine\n");
    put("app.py", "print(1)\n");
    put("README.md", "r\n");
    put("src/main.c", "int main;\n");
    put("src/lib/a.c", "int a;\n");
    put("docs/guide.md", "g\n");
    put(".venv/pyvenv.cfg", "home = /usr/bin\n");
    put("node_modules/x.js", "x\n");
    put("tests/t.py", "t\n");
    put(".env", "A=1\n");
    put("key.pem", "-----BEGIN PRIVATE KEY-----\n");
    snprintf(p, sizeof p, "%s/link", root);
    symlink("src", p);
}

static const char *const rules[] = {
    "copy-source-missing",      "copy-source-ignored",        "copy-source-untracked",
    "dockerignore-missing",     "context-over-budget",        "context-sends-secrets",
    "context-sends-git",        "context-sends-dependencies", "context-sends-caches",
    "context-sends-large-files", "context-sends-tests",       "ignore-syntax-error",
    "ignore-pattern-unused",    "ignore-reinclude-ineffective", "ignore-indented-comment",
    "ignore-excludes-dockerfile", "ignore-excludes-everything"};

static void check(pl_workspace *ws, pl_file_kind kind, const char *name, const char *text,
                  size_t len)
{
    pl_file f = {0};
    f.arena = pl_arena_new();
    f.path = name;
    f.fs_path = pl_arena_printf(f.arena, "%s/%s", root, name);
    f.kind = kind;
    f.report = 1;
    f.ws = ws;
    f.data = text;
    f.len = len;
    pl_engine_check_file(&f);
    pl_arena_free(f.arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root[0])
        make_tree();
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t df_len = nul ? (size_t)(nul - text) : size;
    const char *ign = nul ? nul + 1 : "";
    size_t ign_len = nul ? size - df_len - 1 : 0;

    char path[256];
    snprintf(path, sizeof path, "%s/.dockerignore", root);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    fwrite(ign, 1, ign_len, fp);
    fclose(fp);

    pl_options o = {0};
    o.select.items = (const char **)rules;
    o.select.n = (int)(sizeof rules / sizeof rules[0]);
    o.build_args.items = (const char *[]){"V=src"};
    o.build_args.n = 1;
    pl_config cfg;
    pl_config_init(&cfg);
    cfg.context_max_size = 100;
    cfg.context_max_files = 5;
    pl_workspace ws = {0};
    ws.arena = pl_arena_new();
    ws.opts = &o;
    ws.config = &cfg;
    const char *err = NULL;
    if (pl_engine_prepare(&ws, &err) != 0)
        abort();
    /* bytes without a NUL of their own */
    char *df = pl_arena_strndup(ws.arena, text, df_len);
    char *ig = pl_arena_strndup(ws.arena, ign, ign_len);
    check(&ws, PL_KIND_DOCKERFILE, "Dockerfile", df, df_len);
    check(&ws, PL_KIND_DOCKERIGNORE, ".dockerignore", ig, ign_len);
    pl_arena_free(ws.arena);
    return 0;
}
