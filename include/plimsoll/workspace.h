/* workspace.h — one run of plimsoll: the options, the files it checks, and
 * what the rules found in each.
 *
 * Owns: pl_options (what the command line asked for), pl_file (one checked
 * file: its bytes, its parsed form, its findings and checklist results, all
 * in the file's own arena) and pl_workspace (the set of files and the
 * repository they sit in). Files are parsed and checked on several threads;
 * each file is touched by one thread at a time.
 */
#ifndef PLIMSOLL_WORKSPACE_H
#define PLIMSOLL_WORKSPACE_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/config.h"
#include "plimsoll/diag.h"
#include "plimsoll/rule.h"

#define PL_THRESHOLD_NONE (-1)

typedef struct pl_options {
    const char **paths;
    int npaths;
    const char *format;      /* "text" when NULL */
    const char *output;      /* NULL: stdout */
    const char *config_path; /* -c */
    int threshold_set;
    int threshold;           /* pl_severity or PL_THRESHOLD_NONE */
    pl_strlist ignore;       /* --ignore */
    pl_strlist select;       /* --select */
    int preset_set;
    pl_preset preset;        /* --preset */
    pl_strlist rule_packs;   /* --rules */
    pl_strlist build_args;   /* --build-arg NAME=VALUE */
    const char *target;      /* --target STAGE, for the Dockerfiles given */
    pl_strlist compose_files; /* --compose-file, in merge order */
    pl_strlist env_files;    /* --env-file */
    const char *advisories;  /* --advisories PATH (OSV records) */
    int staged;
    const char *changed_since;
    int jobs;                /* 0: number of CPUs */
    int color;               /* -1 auto, 0 never, 1 always */
    int quiet;
    const char *stdin_filename;
    int kind_forced;
    pl_file_kind kind;
    int no_cache;            /* --no-cache: ShellCheck's results are neither read nor kept */
    int shard_index, shard_count; /* --shard I/N; 0/0 without it */
    int shard_paths_done;    /* the paths given were sharded (else the discovered files are) */
} pl_options;

/* Evidence elsewhere that a finding rests on: the workflow step, bake
 * target or compose service that builds the image it is about. */
typedef struct pl_related {
    const char *file; /* display path */
    pl_span span;
    const char *message; /* "built by .github/workflows/ci.yml:42 (job images) with --target production" */
} pl_related;

typedef struct pl_finding {
    const pl_rule *rule;
    pl_severity severity; /* after overrides */
    const char *file;     /* display path */
    pl_span span;
    const char *message;
    const char *fix;
    const char *suppressed_by; /* NULL while the finding stands */
    /* A finer id than the rule's, carried by findings of rules that relay
     * another tool ("SC2086" from the shellcheck rule); pragmas, --ignore
     * and --select match it as well as the rule's names. NULL for most. */
    const char *code;
    const pl_related *related; /* nrelated entries; NULL when none */
    int nrelated;
} pl_finding;

/* One rule's verdict on one file (a checklist line when rule->checklist). */
/* Its file is the one whose results hold it. */
typedef struct pl_result {
    const pl_rule *rule;
    const char *evidence;
    pl_status status;
} pl_result; /* small: a report keeps one per checklist line of every file */

struct pl_workspace;
struct pl_df_model;
struct pl_ignorefile;

typedef struct pl_file {
    const char *path;    /* display path: relative to the current directory, '/'-separated */
    const char *fs_path; /* where to read it; NULL for stdin or a staged blob */
    pl_file_kind kind;
    pl_arena *arena;
    const char *data;
    size_t len;
    int read_error;      /* could not be read (a finding says so) */
    /* A Dockerfile holding a NUL byte (what git and grep call binary): not
     * parsed; one finding says so at `binary_at` instead of one per line. */
    int binary;
    pl_span binary_at;
    /* named like its kind but something else (a template, not text), so not
     * parsed: what it is, and where that shows; NULL when parsed */
    const char *not_checked;
    pl_span not_checked_at;
    int report;          /* 0 when --changed-since excludes it from the report */
    /* read only for what it says about the files asked for (the compose
     * files above a Dockerfile named by itself, for its build units): no
     * rule runs on it, as nothing of its own is reported */
    int source_only;

    /* the parsed form for `kind` (others NULL) */
    struct pl_df_model *dockerfile;
    struct pl_ignorefile *ignore;
    void *compose;
    void *requirements;
    void *envfile;
    const pl_diag_list *diags; /* the parser's diagnostics */
    /* The build context of a Dockerfile (or of a .dockerignore's directory),
     * built by the first rule that needs it and shared by the others; owned
     * by the context rules (src/rules/ctx_util.h). The file's thread alone
     * touches it, so it needs no lock. NULL until then. */
    void *context;

    /* Compose files: the compose project the file belongs to
     * (compose_project.h), in the workspace arena; NULL until the model
     * built it, or when it has none */
    const struct pl_compose_project *compose_project;

    /* Dockerfiles: how the repository builds it (unit.h), in the
     * workspace arena; the first is the primary one */
    struct pl_build_unit **units;
    int nunits;

    pl_vec findings; /* pl_finding* */
    pl_vec results;  /* pl_result*, one per rule run on the file */
    const char *headline; /* "3 stages, final: runtime" for the report; may be NULL */
    /* compose files: a card per service for the checklist (card.h) */
    const struct pl_service_card *cards;
    int ncards;
    /* Set once the engine kept only what the report prints
     * (pl_workspace.report_only): the parsed forms, the context and the
     * results of rules that are not checklist lines are gone, and `data`
     * holds only the lines findings start on (NULL unless the format is text). */
    int retained;
    /* Set with `retained` when the report prints no checklist line (text
     * with --quiet, github, gitlab, checkstyle, sarif): `results` is then
     * empty and the file's checklist lines are only counted, by status
     * (pl_report_count_checklist), for the summary. */
    int checklist_counted;
    int checklist_counts[3]; /* passed, failed, skipped */
    /* Set with `retained` and `checklist_counted` when the workspace has a
     * checklist spool (report.h): the file's checklist lines are the
     * `checklist_lines` records there at `checklist_at`. */
    int checklist_spooled;
    int checklist_lines;
    long long checklist_at;

    struct pl_workspace *ws;
} pl_file;

typedef struct pl_git pl_git;

typedef struct pl_workspace {
    pl_arena *arena; /* for workspace-wide data; used only from the main thread */
    const pl_options *opts;
    const pl_config *config;
    const char *config_dir; /* directory of the config file, or NULL */
    pl_file **files;
    int nfiles;
    pl_git *git; /* NULL outside a git repository */
    const char *repo_root;
    /* The repository the config search opened at `git_opened_at`:
     * discovery takes it for that same path instead of opening it again
     * (NULL: none); whoever holds it last closes it. */
    pl_git *git_opened;
    const char *git_opened_at;
    pl_vec notes; /* const char*: things the report should say once */
    /* ShellCheck's executable, looked up once per run when the shellcheck
     * rule is enabled; "" when it is not installed; NULL when nobody looked
     * (the rule then looks for itself). */
    const char *shellcheck_path;
    struct pl_rule_state *rule_states; /* per pl_rules index (engine.h) */
    pl_vec pack_rules; /* const pl_rule *: rules loaded from rule packs (pack.h) */
    /* OSV records from --advisories or the config's `advisories:`, indexed
     * once before any file is checked (osv.h); NULL when none was given */
    const struct pl_osv_db *advisories;
    const char *advisories_path; /* as given, for the report */
    /* The build model (src/model/): every build unit found, and the build
     * contexts walked so far, shared by the files that use them. */
    pl_vec build_sources; /* const char*: display paths of files that say how images are
                           * built (workflows, bake files, Makefiles, scripts) */
    pl_vec unit_specs; /* pl_unit_spec*, as the sources read them */
    pl_vec units;      /* pl_build_unit* */
    struct pl_context_cache *contexts;
    /* the PATH arguments as the model compares paths (model-internal:
     * src/model/path_args.h), resolved once, when the model is built, for the run */
    const struct pl_path_args *path_args;
    /* notes rules add while they run on several threads (pl_check_note),
     * under its own lock; pl_engine_run moves them to `notes` */
    struct pl_note_queue *note_queue;
    /* The compose projects (compose_project.h), read once on the main
     * thread before any rule; and the process environment compose
     * interpolation reads ("NAME=value", NULL-terminated; NULL: the real
     * one, `environ`; tests set it). */
    pl_vec compose_projects;
    const char *const *environ;
    /* Set by callers that only want the report: pl_engine_run then keeps of
     * each file only its findings, its checklist results, its headline and
     * the source lines findings quote (pl_file.retained), so that a run's
     * memory does not grow with its files' parsed forms. */
    int report_only;
    /* With report_only, for a format that prints checklist lines: where
     * each file's lines go once its rules ran (report.h); NULL: memory. */
    struct pl_check_spool *checklist_spool;
    /* Which requirements files the repository's images install
     * (purpose.h): started on the main thread, filled on first use. */
    struct pl_req_installs *req_installs;
} pl_workspace;

/* The file of the workspace with display path `path`, or NULL. */
pl_file *pl_workspace_find(const pl_workspace *ws, const char *path);

#endif
