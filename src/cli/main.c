/* main.c — dispatch to a subcommand; `check` when none is named. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "plimsoll/report.h"
#include "version.h"

/* The release and the commit it was built from; the JSON report's
 * tool.version stays the bare release. */
void pl_print_version(void)
{
    printf("plimsoll %s (commit %s)\n", PLIMSOLL_VERSION, PLIMSOLL_COMMIT);
}

void pl_usage(FILE *out)
{
    fputs("usage: plimsoll [check] [OPTIONS] [PATH ...]\n"
          "       plimsoll rules [--format text|json]\n"
          "       plimsoll explain RULE\n"
          "       plimsoll parse FILE [--kind dockerfile|envfile|requirements] --dump json|buildkit\n"
          "       plimsoll context [DIR] [-f DOCKERFILE] [--format text|json]\n"
          "       plimsoll init\n"
          "       plimsoll hook install|uninstall [--force]\n"
          "       plimsoll completion bash|zsh|fish\n"
          "\n"
          "Checks Dockerfiles, .dockerignore files and the build context of a repository,\n"
          "statically, and prints a checklist with evidence.\n"
          "\n"
          "options:\n"
          "  -f, --format FMT          text (default), checklist, json, sarif, junit, github,\n"
          "                            gitlab, checkstyle\n"
          "  -o, --output FILE         write the report to FILE\n"
          "  -c, --config FILE         config file (default: nearest .plimsoll.yaml)\n"
          "      --failure-threshold L error, warning (default), info, style, none\n"
          "      --ignore RULE         skip a rule (id, name or alias); repeatable\n"
          "      --select RULE         run only these rules; repeatable\n"
          "      --preset NAME         recommended (default), strict (every rule), hadolint\n"
          "      --rules PATH          extra rule pack; repeatable\n"
          "      --build-arg NAME=VAL  value for an ARG, as docker build --build-arg\n"
          "      --target STAGE        the stage docker build --target builds (Dockerfiles given)\n"
          "      --compose-file FILE   compose files merged in this order; repeatable\n"
          "      --env-file FILE       variables for compose interpolation; repeatable\n"
          "      --advisories PATH     OSV records (directory or .zip) for known-vulnerable\n"
          "                            pinned requirements; never the network\n"
          "      --staged              check what is staged in the git index\n"
          "      --changed-since REV   report only files changed since REV\n"
          "      --kind KIND           dockerfile, compose, dockerignore, requirements, envfile\n"
          "      --stdin-filename NAME name for input read from '-'\n"
          "  -j, --jobs N              worker threads (default: number of CPUs)\n"
          "      --color WHEN          auto, always, never (NO_COLOR is honoured)\n"
          "  -q, --quiet               print only findings\n"
          "      --shard I/N           check only part I of N of the files (or of the\n"
          "                            paths given); `plimsoll merge` joins the JSON reports\n"
          "      --no-cache            do not read or keep ShellCheck results in\n"
          "                            $XDG_CACHE_HOME/plimsoll (default ~/.cache/plimsoll)\n"
          "      --version             print the version\n"
          "  -h, --help                this help\n"
          "\n"
          "exit status: 0 no finding at or above the threshold, 1 findings, 2 usage or input error\n",
          out);
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* One malloc arena for every thread: the workers allocate arena blocks
     * (a few per file, 4-64 kB) and rarely contend, while an arena per
     * thread keeps a free-block high-water mark of its own, which for a
     * large run costs more than the retained report itself grows by. */
    mallopt(M_ARENA_MAX, 1);
    /* What a checked file frees is kept for the next one rather than
     * handed back and faulted in again (a fresh page costs more than most
     * of a small file's checks): glibc trims the heap above 128 kB unless
     * a big mapped block was freed first, which plimsoll no longer does.
     * The peak is unchanged; 1567 real Dockerfiles: 3 480 -> 3 050 faults. */
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
    if (argc > 1) {
        const char *cmd = argv[1];
        if (!strcmp(cmd, "check"))
            return pl_cmd_check(argc - 1, argv + 1);
        if (!strcmp(cmd, "rules"))
            return pl_cmd_rules(argc - 1, argv + 1);
        if (!strcmp(cmd, "explain"))
            return pl_cmd_explain(argc - 1, argv + 1);
        if (!strcmp(cmd, "parse"))
            return pl_cmd_parse(argc - 1, argv + 1);
        if (!strcmp(cmd, "context"))
            return pl_cmd_context(argc - 1, argv + 1);
        if (!strcmp(cmd, "init"))
            return pl_cmd_init(argc - 1, argv + 1);
        if (!strcmp(cmd, "hook"))
            return pl_cmd_hook(argc - 1, argv + 1);
        if (!strcmp(cmd, "completion"))
            return pl_cmd_completion(argc - 1, argv + 1);
        /* build-time generators, not in --help: `make` writes the man page
         * and `make docs` the rule pages with them */
        if (!strcmp(cmd, "man"))
            return pl_cmd_man(argc - 1, argv + 1);
        if (!strcmp(cmd, "docs"))
            return pl_cmd_docs(argc - 1, argv + 1);
        if (!strcmp(cmd, "merge"))
            return pl_cmd_merge(argc - 1, argv + 1);
        if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
            pl_print_version();
            return 0;
        }
        if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
            pl_usage(stdout);
            return 0;
        }
    }
    return pl_cmd_check(argc, argv);
}
