/* compose.h — a compose project read as `docker compose` (compose-go) reads it.
 *
 * Owns: pl_compose_load, which picks the compose files (an explicit ordered
 * list as `docker compose -f a -f b`, or compose-go's default pick in the
 * project directory), reads each with the YAML layer (yaml.h), applies
 * `!reset` / `!override`, interpolates every string value (not keys) with
 * the process environment and the env files (process wins), casts the values
 * compose-go casts after interpolation (`tty: "true"` is a boolean), follows
 * `include:` and `extends:`, and merges the files with the compose-spec merge
 * rules. The result is ONE project tree in which every key and value still
 * carries the file and span it was written at, so a finding points at the
 * line that supplied a value, not at the merged result.
 *
 * Problems are diagnostics kept per file (pl_compose_file.diags), each
 * tagged in pl_diag.rule with the rule that reports it:
 *   compose-yaml-syntax        YAML syntax, limits, duplicate keys, merge keys
 *   compose-interpolation      a malformed `${`
 *   compose-variable-required  `${X:?msg}` / `${X?msg}` with X unset (error)
 *   compose-variable-unset     `$X` unset, no default: compose substitutes ""
 *                              (warning)
 *   compose-reference          a bad `extends` or `include`, cycles
 *   compose-schema             what compose-go refuses while loading before
 *                              schema validation: a top level that is not a
 *                              mapping, a value compose-go cannot cast, a
 *                              merge of a mapping with a non-mapping
 * Profiles are kept as written: services of inactive profiles are loaded.
 * Nothing is executed and nothing outside the named files is read. Everything
 * lives in the caller's arena.
 */
#ifndef PLIMSOLL_COMPOSE_H
#define PLIMSOLL_COMPOSE_H

#include <stddef.h>

#include "plimsoll/arena.h"
#include "plimsoll/diag.h"
#include "plimsoll/yaml.h"

#define PL_COMPOSE_RULE_SYNTAX "compose-yaml-syntax"
#define PL_COMPOSE_RULE_INTERPOLATION "compose-interpolation"
#define PL_COMPOSE_RULE_REQUIRED "compose-variable-required"
#define PL_COMPOSE_RULE_UNSET "compose-variable-unset"
#define PL_COMPOSE_RULE_REFERENCE "compose-reference"
#define PL_COMPOSE_RULE_SCHEMA "compose-schema"

typedef struct {
    const char *project_dir; /* NULL: "." */
    /* explicit files in merge order (paths as given, relative to the current
     * directory); 0 files: compose-go's pick in project_dir (compose.yaml,
     * compose.yml, docker-compose.yml, docker-compose.yaml, then the first
     * of compose.override.yml, compose.override.yaml,
     * docker-compose.override.yml, docker-compose.override.yaml) */
    const char *const *files;
    int nfiles;
    /* --env-file, in order (later files win); 0: project_dir/.env if it
     * exists */
    const char *const *env_files;
    int nenv_files;
    /* the process environment as "NAME=value" strings (envp), NULL-terminated;
     * NULL: empty. It wins over the env files. */
    const char *const *environ;
    const pl_yaml_limits *limits; /* per document; NULL: yaml.h's defaults */
    /* Supplies a compose file already read and parsed (the checked files of
     * a workspace, read once): returns its YAML and sets *data / *len to
     * its text, or returns NULL to have the file read from disk. `path` is
     * cleaned (no "./", no "//"); the YAML's nodes must name the file by a
     * string equal to it. NULL: every file is read from disk. */
    const pl_yaml *(*source)(void *ctx, const char *path, const char **data, size_t *len);
    void *source_ctx;
} pl_compose_options;

typedef enum {
    PL_COMPOSE_FILE_MAIN,     /* named by -f or picked by default */
    PL_COMPOSE_FILE_INCLUDE,  /* reached through `include:` */
    PL_COMPOSE_FILE_EXTENDS,  /* reached through `extends: {file: ...}` */
    PL_COMPOSE_FILE_ENV,      /* an env file */
} pl_compose_file_role;

typedef struct pl_compose_file {
    const char *path;     /* display path, as nodes' `file` spell it */
    /* the directory relative paths written in this file resolve against
     * (compose-go: the project directory for -f files, the include's
     * project directory, an extended file's own directory) */
    const char *base_dir;
    pl_compose_file_role role;
    int missing;          /* could not be read (a diagnostic says why) */
    pl_diag_list diags;   /* problems found in this file, each with ->rule */
    /* the text as read, kept for the pragmas written in it (findings of
     * the project may come from this file); NULL when missing */
    const char *text;
    size_t text_len;
} pl_compose_file;

typedef struct {
    const char *name;
    pl_ynode *node;       /* the merged service mapping */
    const pl_ypair *pair; /* its `services:` entry (the key's position) */
} pl_compose_service;

typedef struct pl_compose {
    pl_ynode *root;        /* the merged project mapping; never NULL */
    pl_compose_file **files; /* every file read, compose files first in merge order */
    int nfiles;
    pl_compose_service *services; /* in merged order */
    int nservices;
    int errors;            /* error diagnostics over all files */
    /* `include:` and `extends:` of remote files (git, OCI) that were not
     * followed: what they define is not known */
    int remote;
    int warnings;
    /* where diagnostics go that have no file of their own (no compose file
     * found): role MAIN, path the project directory */
    pl_compose_file *project;
} pl_compose;

/* Never NULL. */
pl_compose *pl_compose_load(pl_arena *a, const pl_compose_options *opts);

/* The merged project mapping. */
pl_ynode *pl_compose_root(const pl_compose *c);
/* A service by name, NULL when there is none. */
const pl_compose_service *pl_compose_service_get(const pl_compose *c, const char *name);
/* The file record a node was read from (by its `file`), NULL if unknown. */
const pl_compose_file *pl_compose_file_of(const pl_compose *c, const pl_ynode *n);

/* A scalar at a dotted path under `from` ("build.context",
 * "deploy.resources.limits.cpus"): its text (NULL when absent or not a
 * scalar); *node (optional) receives the node, whose span and file say where
 * it was written. */
const char *pl_compose_scalar(const pl_ynode *from, const char *dotted_path,
                              const pl_ynode **node);
/* The node at a dotted path, NULL when absent. */
pl_ynode *pl_compose_at(const pl_ynode *from, const char *dotted_path);

/* JSON of the loaded project: every value with its file:line:col, the
 * files read and the diagnostics. Deterministic (document order). */
void pl_compose_dump_json(const pl_compose *c, pl_strbuf *out);

#endif
